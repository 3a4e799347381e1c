#include "logger.h"

#include <cstdio>
#include <stdexcept>
#include <systemc>

namespace vplab::core {

namespace {
log_level g_default_level = log_level::warning;
std::map<std::string, log_level> g_instance_levels;
const char* const level_names[] = {"error", "warning", "info", "debug"};
} // namespace

log_level parse_log_level(const std::string& text) {
    for (int i = 0; i < 4; ++i)
        if (text == level_names[i]) return static_cast<log_level>(i);
    throw std::invalid_argument("unknown log level '" + text + "'");
}

logger::logger(std::string name) : m_name(std::move(name)) {
    auto it = g_instance_levels.find(m_name);
    if (it != g_instance_levels.end()) set_level(it->second);
}

void logger::set_default_level(log_level level) { g_default_level = level; }

void logger::set_instance_levels(std::map<std::string, log_level> levels) { g_instance_levels = std::move(levels); }

std::map<std::string, log_level> logger::parse_instance_levels(const std::string& text) {
    std::map<std::string, log_level> out;
    std::size_t start = 0;
    while (start < text.size()) {
        std::size_t end = text.find(',', start);
        if (end == std::string::npos) end = text.size();
        std::string entry = text.substr(start, end - start);
        entry.erase(0, entry.find_first_not_of(' '));
        entry.erase(entry.find_last_not_of(' ') + 1);
        start = end + 1;
        if (entry.empty()) continue;
        const std::size_t eq = entry.find('=');
        if (eq == std::string::npos || eq == 0)
            throw std::invalid_argument("'" + entry + "' is not instance=level");
        std::string name = entry.substr(0, eq), level = entry.substr(eq + 1);
        name.erase(name.find_last_not_of(' ') + 1);
        level.erase(0, level.find_first_not_of(' '));
        out[name] = parse_log_level(level);
    }
    return out;
}
log_level logger::default_level() { return g_default_level; }

void logger::write(log_level l, const std::string& msg) const {
    if (!enabled(l)) return;
    std::fprintf(stderr, "[%s] %s %s: %s\n", sc_core::sc_time_stamp().to_string().c_str(),
                 level_names[static_cast<int>(l)], m_name.c_str(), msg.c_str());
}

} // namespace vplab::core
