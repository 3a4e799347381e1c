#include "value_text.h"
#include "text_util.h"

#include <cctype>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <string>

namespace vplab::config::detail {

namespace {

constexpr unit binary_units[] = {{"TiB", 1ULL << 40}, {"GiB", 1ULL << 30}, {"MiB", 1ULL << 20}, {"KiB", 1ULL << 10}};

bool fits_u64(double d) {
    return d >= 0 && d < 18446744073709551616.0 && d == std::floor(d);
}

bool is_plain_safe(const std::string& s) {
    if (s.empty())
        return false;
    const char first = s.front();
    // Leading digits and signs could read as numbers, '-' as a list item, '.' as .inf/.nan.
    if (!(std::isalpha(static_cast<unsigned char>(first)) || first == '_' || first == '/'))
        return false;
    for (const char c : s) {
        const bool ok =
            std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '-' || c == '.' || c == '/' || c == '+';
        if (!ok)
            return false;
    }
    // Words YAML resolves to booleans or null in either the 1.1 or the 1.2 schema.
    static const char* const reserved[] = {"true", "false", "yes", "no", "on", "off", "y", "n", "null"};
    for (const char* word : reserved)
        if (edit_distance(s, word) == 0)
            return false;
    return true;
}

} // namespace

std::string format_time(std::uint64_t ps) {
    if (ps == 0)
        return "0s";
    for (const auto& u : time_units)
        if (ps % u.scale == 0)
            return std::to_string(ps / u.scale) + u.name;
    return std::to_string(ps) + "ps";
}

std::string format_bytes(std::uint64_t n) {
    if (n != 0)
        for (const auto& u : binary_units)
            if (n % u.scale == 0)
                return std::to_string(n / u.scale) + u.name;
    return std::to_string(n);
}

std::string format_real(double d) {
    // to_chars gives the shortest text that reads back to the same double, fixed or scientific.
    char buffer[64];
    const auto result = std::to_chars(buffer, buffer + sizeof buffer, d);
    std::string text(buffer, result.ptr);
    // Keep it recognisably a real number for readers that type YAML scalars.
    if (text.find_first_of(".eni") == std::string::npos)
        text += ".0";
    return text;
}

std::string canonical_text(const param& p, const typed_value& v) {
    switch (p.type) {
    case kind::boolean: return v.b ? "true" : "false";
    case kind::integer: return std::to_string(v.i);
    case kind::unsigned_: return std::to_string(v.u);
    case kind::real: return format_real(v.d);
    case kind::string:
    case kind::choice: return v.s;
    case kind::time: return format_time(v.u);
    case kind::bytes: return format_bytes(v.u);
    }
    return {};
}

std::string format_bound(const param& p, double bound) {
    switch (p.type) {
    case kind::time:
        return fits_u64(bound) ? format_time(static_cast<std::uint64_t>(bound)) : format_real(bound) + "ps";
    case kind::bytes: return fits_u64(bound) ? format_bytes(static_cast<std::uint64_t>(bound)) : format_real(bound);
    case kind::integer:
    case kind::unsigned_:
        if (bound == std::floor(bound) && std::fabs(bound) < 9.2e18)
            return std::to_string(static_cast<long long>(bound));
        return format_real(bound);
    default: return format_real(bound);
    }
}

std::string kind_hint(const param& p) {
    switch (p.type) {
    case kind::boolean: return "true or false";
    case kind::integer: return "a whole number";
    case kind::unsigned_: return "a whole number (not negative)";
    case kind::real: return "a number";
    case kind::string: return "a string";
    case kind::choice: return "one of " + join(p.choices, ", ");
    case kind::time: return "a time such as 100ns or 1us";
    case kind::bytes: return "a size such as 4096 or 64KiB";
    }
    return {};
}

std::string constraint_text(const param& p) {
    if (p.type == kind::choice)
        return "one of: " + join(p.choices, ", ");
    if (p.min && p.max)
        return format_bound(p, *p.min) + ".." + format_bound(p, *p.max);
    if (p.min)
        return ">= " + format_bound(p, *p.min);
    if (p.max)
        return "<= " + format_bound(p, *p.max);
    return {};
}

std::string yaml_scalar(const std::string& s) {
    if (is_plain_safe(s))
        return s;
    std::string out = "\"";
    for (const char c : s) {
        switch (c) {
        case '"': out += "\\\""; break;
        case '\\': out += "\\\\"; break;
        case '\n': out += "\\n"; break;
        case '\t': out += "\\t"; break;
        case '\r': out += "\\r"; break;
        default:
            if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) {
                char escape[8];
                std::snprintf(escape, sizeof escape, "\\x%02x", static_cast<unsigned>(static_cast<unsigned char>(c)));
                out += escape;
            } else {
                out += c;
            }
        }
    }
    return out + "\"";
}

} // namespace vplab::config::detail
