#pragma once
// What the DRAM traffic generator issues: one request per access, either synthetic or from a trace file.

#include <cstdint>
#include <string>
#include <vector>

namespace vplab::platforms::dram_traffic {

enum class pattern_kind { sequential, random, strided, mixed, trace };

struct workload_config {
    pattern_kind pattern = pattern_kind::sequential;
    std::uint64_t bytes = 256 * 1024;    // total bytes to transfer (synthetic patterns)
    std::uint32_t request_bytes = 64;
    std::uint64_t stride = 4096;
    std::uint64_t offset = 0;            // first address used
    std::uint64_t span = 64ull << 20;    // region for random / strided / mixed, from offset
    double read_fraction = 1.0;
    std::uint32_t outstanding = 16;
    bool at_face = true;                 // AT (nb_transport) or b_transport
    bool verify = true;                  // preload, check every read, count mismatches
    std::uint64_t seed = 1;
    std::string trace_file;              // pattern_kind::trace
};

struct traffic_request {
    std::uint64_t time_ps = 0;  // not issued before this time
    std::uint64_t address = 0;
    std::uint32_t bytes = 64;
    bool write = false;
};

} // namespace vplab::platforms::dram_traffic
