#pragma once
// The validated, effective parameter values of one run, read by platforms through typed getters.

#include "input_error.h"
#include "schema.h"

#include <cstdint>
#include <map>
#include <nlohmann/json.hpp>
#include <string>

namespace vplab::config {

class values {
public:
    values() = default;
    // Every parameter of `s` at its default (required ones stay unset until assigned).
    explicit values(const schema& s);

    // Parses `text` as a value of the parameter at `path` and stores it; throws input_error naming `where`
    // for an unknown path (with a suggestion), a wrong type or an out-of-range value.
    void assign(const std::string& path, const std::string& text, const location& where);

    // Throws input_error listing every required parameter left unset.
    void check_complete() const;

    // Typed getters; throw std::logic_error for an undeclared path or a getter of the wrong kind
    // (a programming error in the platform, not a user error).
    bool boolean(const std::string& path) const;
    std::int64_t integer(const std::string& path) const;
    std::uint64_t unsigned_(const std::string& path) const;
    double real(const std::string& path) const;
    const std::string& string(const std::string& path) const;  // kind::string and kind::choice
    std::uint64_t time_ps(const std::string& path) const;
    std::uint64_t bytes(const std::string& path) const;

    const location& where(const std::string& path) const;  // where the value came from (default: source "default")
    const schema& declared() const { return m_schema; }

    // The effective tree as YAML, each key with its description as a comment; values in canonical text
    // (time in its largest exact unit "250ns", bytes as "64KiB" when a binary unit is exact, else plain).
    // It loads back as a scenario with the same values; an unset required key shows as `~`.
    std::string dump_yaml() const;
    // The effective tree as nested JSON objects with typed leaves (time in ps as integers, bytes as integers).
    nlohmann::json to_json() const;

private:
    struct slot {
        bool set = false;
        bool b = false;
        std::int64_t i = 0;
        std::uint64_t u = 0;
        double d = 0;
        std::string s;
        location where;
    };
    const slot& get(const std::string& path, kind expected) const;

    schema m_schema;
    std::map<std::string, slot> m_slots;
};

} // namespace vplab::config
