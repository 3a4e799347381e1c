#pragma once
// A parameter's value as text: parsing what a user wrote, and the canonical form the dump writes back.

#include "param.h"

#include <cstdint>
#include <string>

namespace vplab::config::detail {

struct unit {
    const char* name;
    std::uint64_t scale;
};

// Largest first, so formatting picks the unit a person would write; parsing accepts every one of them.
inline constexpr unit time_units[] = {
    {"s", 1000000000000ULL}, {"ms", 1000000000ULL}, {"us", 1000000ULL}, {"ns", 1000ULL}, {"ps", 1ULL}};

struct typed_value {
    bool b = false;
    std::int64_t i = 0;
    std::uint64_t u = 0;  // unsigned_, time (ps) and bytes
    double d = 0;
    std::string s;  // string and choice
};

// Parses `text` as a value of `p`, range included. Returns "" on success, else the message for the user.
std::string parse_value(const param& p, const std::string& text, typed_value& out);

// The canonical text of a value: "1us", "64KiB", "0.5", "true"; strings unquoted.
std::string canonical_text(const param& p, const typed_value& v);

std::string format_time(std::uint64_t ps);  // the largest exact unit: "1us", "250ns"; "0s"
std::string format_bytes(std::uint64_t n);  // the largest exact binary unit: "64KiB"; else plain "1000"
std::string format_real(double d);          // the shortest text that reads back to the same double

// A range bound in the parameter's own units: 4096 bytes -> "4KiB", 1e6 ps -> "1us".
std::string format_bound(const param& p, double bound);

// What a value of `p` looks like, for messages: "a time such as 100ns or 1us", "one of fast, exact".
std::string kind_hint(const param& p);

// The constraint shown next to a parameter: "one of: a, b", "4KiB..1GiB", ">= 1ps", "<= 10", or "".
std::string constraint_text(const param& p);

// A string as a YAML scalar: plain when that reads back as the same string, else double-quoted.
std::string yaml_scalar(const std::string& s);

} // namespace vplab::config::detail
