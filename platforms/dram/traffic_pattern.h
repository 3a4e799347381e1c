#pragma once
// Synthetic request streams, deterministic for a seed:
//   sequential  consecutive requests from `offset` until `bytes` are moved
//   random      uniformly random request-aligned addresses inside [offset, offset + span)
//   strided     offset, offset + stride, ... wrapping inside the span
//   mixed       alternates between a sequential stream and random accesses (a streaming kernel with side traffic)
// Each request is a read with probability read_fraction, otherwise a write.

#include "workload.h"

#include <random>

namespace vplab::platforms::dram_traffic {

class traffic_pattern {
public:
    traffic_pattern(const workload_config& w, std::uint64_t memory_bytes);

    bool done() const { return m_issued >= m_count; }
    traffic_request next();
    std::uint64_t count() const { return m_count; }
    // The address range the pattern can touch (for preloading).
    std::uint64_t extent_begin() const { return m_w.offset; }
    std::uint64_t extent_bytes() const;

private:
    std::uint64_t random_address();

    workload_config m_w;
    std::uint64_t m_span;
    std::uint64_t m_count;
    std::uint64_t m_issued = 0;
    std::uint64_t m_sequential = 0;  // next sequential offset
    std::mt19937_64 m_rng;
};

} // namespace vplab::platforms::dram_traffic
