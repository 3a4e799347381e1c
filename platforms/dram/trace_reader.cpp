#include "trace_reader.h"

#include "core/config/input_error.h"

#include <cmath>
#include <fstream>
#include <sstream>

namespace vplab::platforms::dram_traffic {

namespace {

struct token {
    std::string text;
    int column = 0;  // 1-based
};

std::vector<token> split(const std::string& line) {
    std::vector<token> out;
    std::size_t i = 0;
    while (i < line.size()) {
        while (i < line.size() && (line[i] == ' ' || line[i] == '\t' || line[i] == '\r')) ++i;
        if (i >= line.size() || line[i] == '#') break;
        const std::size_t start = i;
        while (i < line.size() && line[i] != ' ' && line[i] != '\t' && line[i] != '\r' && line[i] != '#') ++i;
        out.push_back({line.substr(start, i - start), int(start) + 1});
    }
    return out;
}

bool parse_u64(const std::string& s, std::uint64_t& v) {
    if (s.empty()) return false;
    int base = 10;
    std::size_t pos = 0;
    if (s.size() > 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
        base = 16;
        pos = 2;
    }
    v = 0;
    for (; pos < s.size(); ++pos) {
        const char c = s[pos];
        int d;
        if (c >= '0' && c <= '9')
            d = c - '0';
        else if (base == 16 && c >= 'a' && c <= 'f')
            d = c - 'a' + 10;
        else if (base == 16 && c >= 'A' && c <= 'F')
            d = c - 'A' + 10;
        else
            return false;
        if (v > (~std::uint64_t(0) - std::uint64_t(d)) / std::uint64_t(base)) return false;  // overflow
        v = v * std::uint64_t(base) + std::uint64_t(d);
    }
    return true;
}

bool parse_time_ns(const std::string& s, std::uint64_t& ps) {
    if (s.empty() || s[0] == '-' || s[0] == '+') return false;
    std::size_t used = 0;
    double ns = 0;
    try {
        ns = std::stod(s, &used);
    } catch (const std::exception&) {
        return false;
    }
    if (used != s.size() || !std::isfinite(ns) || ns < 0 || ns > 1e12) return false;
    ps = std::uint64_t(std::llround(ns * 1000.0));
    return true;
}

// Parses one line. Returns true with `r` set for a request, false for a blank or comment line; throws the line's
// problem as an input_error.
bool parse_line(const std::string& line, int line_no, const std::string& name, std::uint64_t memory_bytes,
                std::uint64_t& last_time, traffic_request& r) {
    auto fail = [&](int column, const std::string& msg) {
        throw config::input_error({{{name, line_no, column}, "workload.trace", msg}});
    };
    const std::vector<token> t = split(line);
    if (t.empty()) return false;
    if (t.size() != 4)
        fail(t.front().column, "expected 'time_ns R|W address bytes', got " + std::to_string(t.size()) + " field" +
                                   (t.size() == 1 ? "" : "s"));
    if (!parse_time_ns(t[0].text, r.time_ps))
        fail(t[0].column, "expected a time in nanoseconds, got '" + t[0].text + "'");
    if (t[1].text == "R" || t[1].text == "r")
        r.write = false;
    else if (t[1].text == "W" || t[1].text == "w")
        r.write = true;
    else
        fail(t[1].column, "expected R or W, got '" + t[1].text + "'");
    std::uint64_t bytes = 0;
    if (!parse_u64(t[2].text, r.address))
        fail(t[2].column, "expected an address (decimal or 0x hex), got '" + t[2].text + "'");
    if (!parse_u64(t[3].text, bytes) || bytes == 0 || bytes > (1u << 20))
        fail(t[3].column, "expected a size of 1 to 1048576 bytes, got '" + t[3].text + "'");
    r.bytes = std::uint32_t(bytes);
    if (r.address >= memory_bytes || bytes > memory_bytes - r.address)
        fail(t[2].column, "request [" + t[2].text + ", +" + t[3].text + ") is outside the memory (" +
                              std::to_string(memory_bytes) + " bytes)");
    if (r.time_ps < last_time) fail(t[0].column, "time goes backwards (" + t[0].text + " ns after a later request)");
    last_time = r.time_ps;
    return true;
}

} // namespace

trace_reader::trace_reader(std::istream& in, std::string name, std::uint64_t memory_bytes)
    : m_in(in), m_name(std::move(name)), m_memory_bytes(memory_bytes) {}

bool trace_reader::next(traffic_request& r) {
    std::string line;
    while (std::getline(m_in, line))
        if (parse_line(line, ++m_line, m_name, m_memory_bytes, m_last_time, r)) return true;
    return false;
}

std::vector<traffic_request> parse_trace(std::istream& in, const std::string& name, std::uint64_t memory_bytes) {
    std::vector<traffic_request> out;
    std::vector<config::input_problem> problems;
    std::string line;
    int line_no = 0;
    std::uint64_t last_time = 0;
    while (std::getline(in, line)) {
        traffic_request r;
        try {
            if (parse_line(line, ++line_no, name, memory_bytes, last_time, r)) out.push_back(r);
        } catch (const config::input_error& e) {
            if (problems.size() < 20) problems.push_back(e.problems().front());
        }
    }
    if (!problems.empty()) throw config::input_error(problems);
    if (out.empty()) throw config::input_error({{{name, 0, 0}, "workload.trace", "the trace has no requests"}});
    return out;
}

std::uint64_t check_trace(const std::string& path, std::uint64_t memory_bytes) {
    std::ifstream in(path);
    if (!in) throw config::input_error({{{path, 0, 0}, "workload.trace", "cannot open the trace file"}});
    std::vector<config::input_problem> problems;
    std::string line;
    int line_no = 0;
    std::uint64_t last_time = 0, count = 0;
    while (std::getline(in, line)) {
        traffic_request r;
        try {
            if (parse_line(line, ++line_no, path, memory_bytes, last_time, r)) ++count;
        } catch (const config::input_error& e) {
            if (problems.size() < 20) problems.push_back(e.problems().front());
        }
    }
    if (!problems.empty()) throw config::input_error(problems);
    if (count == 0) throw config::input_error({{{path, 0, 0}, "workload.trace", "the trace has no requests"}});
    return count;
}

} // namespace vplab::platforms::dram_traffic
