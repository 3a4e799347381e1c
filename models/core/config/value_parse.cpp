#include "text_util.h"
#include "value_text.h"

#include <cctype>
#include <cmath>
#include <cstdlib>

namespace vplab::config::detail {

namespace {

constexpr unit size_units[] = {{"B", 1ULL},         {"KB", 1000ULL},       {"kB", 1000ULL},
                               {"MB", 1000000ULL},  {"GB", 1000000000ULL}, {"TB", 1000000000000ULL},
                               {"KiB", 1ULL << 10}, {"MiB", 1ULL << 20},   {"GiB", 1ULL << 30},
                               {"TiB", 1ULL << 40}};
constexpr const char* time_unit_list = "units s, ms, us, ns, ps";
constexpr const char* size_unit_list = "units B, KB, MB, GB, TB, KiB, MiB, GiB, TiB";

bool is_digit(char c) {
    return c >= '0' && c <= '9';
}

// "[+-]digits[.digits]" read exactly, so 1.5us is 1500000 ps with no rounding on the way.
struct decimal {
    bool negative = false;
    std::string digits;  // integer and fraction digits together
    std::size_t fraction = 0;
};

// Returns how many characters of `text` form the number; 0 when it does not start with one.
std::size_t read_decimal(const std::string& text, decimal& out) {
    std::size_t pos = 0;
    if (pos < text.size() && (text[pos] == '+' || text[pos] == '-'))
        out.negative = text[pos++] == '-';
    const std::size_t int_start = pos;
    while (pos < text.size() && is_digit(text[pos]))
        out.digits += text[pos++];
    if (pos == int_start)
        return 0;
    if (pos + 1 < text.size() && text[pos] == '.' && is_digit(text[pos + 1])) {
        ++pos;
        while (pos < text.size() && is_digit(text[pos])) {
            out.digits += text[pos++];
            ++out.fraction;
        }
    }
    return pos;
}

bool is_zero(const decimal& d) {
    return d.digits.find_first_not_of('0') == std::string::npos;
}

enum class scaled { ok, not_whole, too_large };

// d * multiplier as an exact integer.
scaled scale(decimal d, std::uint64_t multiplier, std::uint64_t& out) {
    while (d.fraction > 0 && d.digits.back() == '0') {
        d.digits.pop_back();
        --d.fraction;
    }
    while (d.fraction > 0 && multiplier % 10 == 0) {
        multiplier /= 10;
        --d.fraction;
    }
    std::uint64_t n = 0;
    for (const char c : d.digits)
        if (__builtin_mul_overflow(n, 10u, &n) || __builtin_add_overflow(n, static_cast<unsigned>(c - '0'), &n))
            return scaled::too_large;
    std::uint64_t product = 0;
    if (__builtin_mul_overflow(n, multiplier, &product))
        return scaled::too_large;
    if (d.fraction > 19)
        return product == 0 ? scaled::ok : scaled::not_whole;
    std::uint64_t divisor = 1;
    for (std::size_t i = 0; i < d.fraction; ++i)
        divisor *= 10;
    if (product % divisor != 0)
        return scaled::not_whole;
    out = product / divisor;
    return scaled::ok;
}

enum class integer_read { ok, syntax, overflow };

// "[+-]digits" or "[+-]0xhex" into sign and magnitude.
integer_read read_integer(const std::string& text, bool& negative, std::uint64_t& magnitude) {
    std::size_t pos = 0;
    negative = false;
    if (pos < text.size() && (text[pos] == '+' || text[pos] == '-'))
        negative = text[pos++] == '-';
    unsigned base = 10;
    if (text.compare(pos, 2, "0x") == 0 || text.compare(pos, 2, "0X") == 0) {
        base = 16;
        pos += 2;
    }
    if (pos == text.size())
        return integer_read::syntax;
    magnitude = 0;
    for (; pos < text.size(); ++pos) {
        const char c = text[pos];
        unsigned digit = 0;
        if (is_digit(c))
            digit = static_cast<unsigned>(c - '0');
        else if (base == 16 && std::isxdigit(static_cast<unsigned char>(c)))
            digit = static_cast<unsigned>(std::tolower(static_cast<unsigned char>(c)) - 'a' + 10);
        else
            return integer_read::syntax;
        if (__builtin_mul_overflow(magnitude, base, &magnitude) || __builtin_add_overflow(magnitude, digit, &magnitude))
            return integer_read::overflow;
    }
    return integer_read::ok;
}

// Decimal or scientific notation only: YAML's .inf/.nan and C's hex floats are not numbers a user means.
bool is_real_syntax(const std::string& t) {
    std::size_t pos = 0;
    if (pos < t.size() && (t[pos] == '+' || t[pos] == '-'))
        ++pos;
    std::size_t mantissa_digits = 0;
    while (pos < t.size() && is_digit(t[pos]))
        ++pos, ++mantissa_digits;
    if (pos < t.size() && t[pos] == '.')
        for (++pos; pos < t.size() && is_digit(t[pos]); ++pos)
            ++mantissa_digits;
    if (mantissa_digits == 0)
        return false;
    if (pos < t.size() && (t[pos] == 'e' || t[pos] == 'E')) {
        ++pos;
        if (pos < t.size() && (t[pos] == '+' || t[pos] == '-'))
            ++pos;
        const std::size_t exponent_start = pos;
        while (pos < t.size() && is_digit(t[pos]))
            ++pos;
        if (pos == exponent_start)
            return false;
    }
    return pos == t.size();
}

// A number followed by an optional space and a unit from `units`; plain numbers scale by `plain_scale`
// (0 means a unit is required except for zero).
std::string parse_with_unit(const std::string& t, const unit* units, std::size_t unit_count, std::uint64_t plain_scale,
                            const std::string& what, const std::string& unit_list, const std::string& example,
                            std::uint64_t& out) {
    const std::string got = ", got " + quote(t);
    decimal number;
    const std::size_t used = read_decimal(t, number);
    if (used == 0)
        return "expected " + what + " such as " + example + " (" + unit_list + ")" + got;
    if (number.negative && !is_zero(number))
        return "must not be negative" + got;
    const std::string unit_text = trim(t.substr(used));
    std::uint64_t multiplier = plain_scale;
    if (unit_text.empty()) {
        if (plain_scale == 0 && !is_zero(number))
            return "missing unit in " + quote(t) + ": write e.g. " + t + units[unit_count - 2].name + " (" + unit_list +
                   ")";
    } else {
        multiplier = 0;
        for (std::size_t i = 0; i < unit_count; ++i)
            if (unit_text == units[i].name)
                multiplier = units[i].scale;
        if (multiplier == 0)
            return "unknown unit " + quote(unit_text) + " in " + quote(t) + " (" + unit_list + ")";
    }
    switch (scale(number, multiplier, out)) {
    case scaled::ok: return {};
    case scaled::too_large: return quote(t) + " is too large to store" + (plain_scale == 0 ? " in picoseconds" : "");
    case scaled::not_whole:
        return quote(t) + " is not a whole number of " + (plain_scale == 0 ? "picoseconds" : "bytes");
    }
    return {};
}

std::string parse_by_kind(const param& p, const std::string& raw, typed_value& out) {
    // Strings are taken verbatim; everything else may carry stray spaces from quoting.
    const std::string t = p.type == kind::string || p.type == kind::choice ? raw : trim(raw);
    const std::string got = ", got " + quote(t);
    bool negative = false;
    std::uint64_t magnitude = 0;
    switch (p.type) {
    case kind::boolean:
        if (t == "true" || t == "True" || t == "TRUE")
            out.b = true;
        else if (t == "false" || t == "False" || t == "FALSE")
            out.b = false;
        else
            return "expected true or false" + got;
        return {};
    case kind::integer:
        switch (read_integer(t, negative, magnitude)) {
        case integer_read::syntax: return "expected a whole number such as 42 or -7" + got;
        case integer_read::overflow: return quote(t) + " does not fit in a signed 64-bit integer";
        case integer_read::ok: break;
        }
        if (magnitude > (negative ? 9223372036854775808ULL : 9223372036854775807ULL))
            return quote(t) + " does not fit in a signed 64-bit integer";
        out.i = negative ? static_cast<std::int64_t>(0 - magnitude) : static_cast<std::int64_t>(magnitude);
        return {};
    case kind::unsigned_:
        switch (read_integer(t, negative, magnitude)) {
        case integer_read::syntax: return "expected a whole number such as 64 (not negative)" + got;
        case integer_read::overflow: return quote(t) + " does not fit in an unsigned 64-bit integer";
        case integer_read::ok: break;
        }
        if (negative && magnitude != 0)
            return "must not be negative" + got;
        out.u = magnitude;
        return {};
    case kind::real: {
        if (!is_real_syntax(t))
            return "expected a number such as 0.5, 3 or 1e-3" + got;
        const double d = std::strtod(t.c_str(), nullptr);
        if (!std::isfinite(d))
            return quote(t) + " is too large for a real number";
        out.d = d;
        return {};
    }
    case kind::string: out.s = t; return {};
    case kind::choice:
        for (const auto& c : p.choices)
            if (c == t) {
                out.s = t;
                return {};
            }
        return "expected one of " + join(p.choices, ", ") + got + did_you_mean(closest(t, p.choices));
    case kind::time:
        return parse_with_unit(t, time_units, std::size(time_units), 0, "a time", time_unit_list, "100ns or 1us",
                               out.u);
    case kind::bytes:
        if (t.rfind("0x", 0) == 0 || t.rfind("0X", 0) == 0) {
            if (read_integer(t, negative, magnitude) != integer_read::ok || negative)
                return "expected a size such as 4096, 0x1000 or 64KiB" + got;
            out.u = magnitude;
            return {};
        }
        return parse_with_unit(t, size_units, std::size(size_units), 1, "a size", size_unit_list, "4096, 64KiB or 2MB",
                               out.u);
    }
    return {};
}

long double numeric(const param& p, const typed_value& v) {
    switch (p.type) {
    case kind::integer: return static_cast<long double>(v.i);
    case kind::real: return static_cast<long double>(v.d);
    default: return static_cast<long double>(v.u);
    }
}

} // namespace

std::string parse_value(const param& p, const std::string& text, typed_value& out) {
    typed_value parsed;
    std::string error = parse_by_kind(p, text, parsed);
    if (!error.empty())
        return error;
    if (p.min || p.max) {
        const long double x = numeric(p, parsed);
        const bool low = p.min && x < static_cast<long double>(*p.min);
        const bool high = p.max && x > static_cast<long double>(*p.max);
        if (low || high) {
            const std::string got = ", got " + quote(trim(text));
            if (p.min && p.max)
                return "must be between " + format_bound(p, *p.min) + " and " + format_bound(p, *p.max) + got;
            if (p.min)
                return "must be at least " + format_bound(p, *p.min) + got;
            return "must be at most " + format_bound(p, *p.max) + got;
        }
    }
    out = std::move(parsed);
    return {};
}

} // namespace vplab::config::detail
