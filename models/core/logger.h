#pragma once
// A per-instance logger: messages at or above the instance's level go to stderr with the simulated time
// and the instance name. The level defaults to the process-wide one set from the scenario's log.level.

#include <map>
#include <string>

namespace vplab::core {

enum class log_level { error = 0, warning = 1, info = 2, debug = 3 };

log_level parse_log_level(const std::string& text);  // "error", "warning", "info", "debug"; throws otherwise

class logger {
public:
    explicit logger(std::string name);

    static void set_default_level(log_level level);
    static log_level default_level();
    // Levels for named instances; a logger created with one of these names starts at that level.
    static void set_instance_levels(std::map<std::string, log_level> levels);
    // Parses "a.b=debug, c=error"; throws std::invalid_argument naming the bad entry.
    static std::map<std::string, log_level> parse_instance_levels(const std::string& text);

    void set_level(log_level level) { m_level = level; m_own_level = true; }
    log_level level() const { return m_own_level ? m_level : default_level(); }
    bool enabled(log_level l) const { return static_cast<int>(l) <= static_cast<int>(level()); }

    void error(const std::string& msg) const { write(log_level::error, msg); }
    void warning(const std::string& msg) const { write(log_level::warning, msg); }
    void info(const std::string& msg) const { write(log_level::info, msg); }
    void debug(const std::string& msg) const { write(log_level::debug, msg); }

private:
    void write(log_level l, const std::string& msg) const;

    std::string m_name;
    log_level m_level = log_level::warning;
    bool m_own_level = false;
};

} // namespace vplab::core
