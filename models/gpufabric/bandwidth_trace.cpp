#include "bandwidth_trace.h"

#include <core/config/input_error.h>
#include <cstdlib>
#include <sstream>

namespace vplab::models::gpufabric {

namespace {

bool parse_number(const std::string& text, double& out) {
    if (text.empty()) return false;
    char* end = nullptr;
    out = std::strtod(text.c_str(), &end);
    return end == text.c_str() + text.size();
}

std::string trim(const std::string& s) {
    const auto b = s.find_first_not_of(" \t\r"), e = s.find_last_not_of(" \t\r");
    return b == std::string::npos ? "" : s.substr(b, e - b + 1);
}

} // namespace

std::vector<trace_point> parse_bandwidth_trace(std::istream& in, const std::string& file,
                                               const std::vector<site_spec>& sites) {
    std::vector<trace_point> out;
    std::vector<config::input_problem> problems;
    std::string line;
    double last_t = 0;
    for (int number = 1; std::getline(in, line); ++number) {
        const std::string text = trim(line);
        if (text.empty() || text[0] == '#' || (number == 1 && text.rfind("t_s", 0) == 0)) continue;
        auto bad = [&](const std::string& msg) { problems.push_back({{file, number, 0}, "", msg}); };
        std::vector<std::string> cols;
        std::stringstream ss(text);
        for (std::string c; std::getline(ss, c, ',');) cols.push_back(trim(c));
        if (cols.size() != 5) {
            bad("expected 5 columns t_s,src,dst,bandwidth_mbps,latency_ms, got " + std::to_string(cols.size()));
            continue;
        }
        trace_point p;
        double mbps = 0, ms = 0;
        auto site = [&](const std::string& name, unsigned& idx) {
            for (unsigned i = 0; i < sites.size(); ++i)
                if (sites[i].name == name) return idx = i, true;
            bad("unknown site '" + name + "'");
            return false;
        };
        if (!parse_number(cols[0], p.t_s) || p.t_s < 0)
            bad("t_s: expected a time >= 0 in seconds, got '" + cols[0] + "'");
        else if (p.t_s < last_t) bad("t_s " + cols[0] + " is earlier than the line before");
        const bool sites_ok = site(cols[1], p.site_a) & site(cols[2], p.site_b);
        if (sites_ok && p.site_a == p.site_b) bad("src and dst are the same site '" + cols[1] + "'");
        if (!parse_number(cols[3], mbps) || mbps < 0)
            bad("bandwidth_mbps: expected a number >= 0, got '" + cols[3] + "'");
        if (!parse_number(cols[4], ms) || ms < 0) bad("latency_ms: expected a number >= 0, got '" + cols[4] + "'");
        p.bw_Bps = mbps * 1e6 / 8;
        p.lat_s = ms * 1e-3;
        last_t = std::max(last_t, p.t_s);
        out.push_back(p);
    }
    if (!problems.empty()) throw config::input_error(problems);
    return out;
}

} // namespace vplab::models::gpufabric
