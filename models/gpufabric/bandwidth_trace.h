#pragma once
// Bandwidth traces replayed on WAN links: CSV with the header `t_s,src,dst,bandwidth_mbps,latency_ms`, one change
// per line, src and dst naming sites. Every malformed line is reported as file:line.

#include "fabric_spec.h"

#include <istream>
#include <string>
#include <vector>

namespace vplab::models::gpufabric {

// Throws config::input_error listing every bad line (unknown site, bad number, negative or unsorted time).
std::vector<trace_point> parse_bandwidth_trace(std::istream& in, const std::string& file,
                                               const std::vector<site_spec>& sites);

} // namespace vplab::models::gpufabric
