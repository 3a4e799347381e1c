#include "logger.h"

#include <cstdio>
#include <stdexcept>
#include <systemc>

namespace vplab::core {

namespace {
log_level g_default_level = log_level::warning;
const char* const level_names[] = {"error", "warning", "info", "debug"};
} // namespace

log_level parse_log_level(const std::string& text) {
    for (int i = 0; i < 4; ++i)
        if (text == level_names[i]) return static_cast<log_level>(i);
    throw std::invalid_argument("unknown log level '" + text + "'");
}

logger::logger(std::string name) : m_name(std::move(name)) {}

void logger::set_default_level(log_level level) { g_default_level = level; }
log_level logger::default_level() { return g_default_level; }

void logger::write(log_level l, const std::string& msg) const {
    if (!enabled(l)) return;
    std::fprintf(stderr, "[%s] %s %s: %s\n", sc_core::sc_time_stamp().to_string().c_str(),
                 level_names[static_cast<int>(l)], m_name.c_str(), msg.c_str());
}

} // namespace vplab::core
