#pragma once
// What one kernel (or a sum of kernels) did: the counters behind every l1agg metric and the conservation checks.

#include "latency_breakdown.h"

#include <cstdint>
#include <string>

namespace vplab::l1agg {

struct kernel_stats {
    std::uint64_t cycles = 0;
    std::uint64_t instructions = 0;      // warp instructions, memory and non-memory
    std::uint64_t mem_instructions = 0;
    std::uint64_t accesses = 0;          // line requests after coalescing (loads + stores)
    std::uint64_t store_accesses = 0;
    std::uint64_t local_hits = 0;        // served by the requesting core's own L1 (sliced: when it is the home)
    std::uint64_t remote_hits = 0;       // served by another L1 of the cluster over the crossbar
    std::uint64_t misses = 0;            // needed L2 (stores: not present in any L1 that was looked at)
    std::uint64_t pending_hits = 0;      // hits on sectors whose fill was still on its way (subset of hits)
    std::uint64_t mshr_merges = 0;       // misses that joined an in-flight miss to the same line
    std::uint64_t mshr_stalls = 0;       // misses that waited for a free MSHR
    // ata: peer L1s whose data arrays a local miss did not access (N-1 per miss, N-2 per remote hit).
    std::uint64_t remote_probes_avoided = 0;
    std::uint64_t remote_l1_reads = 0;   // data-array reads done for another core
    // ata: remote hits the peer could not serve when the read reached it (the line had left, or its sectors were
    // neither there nor on their way from L2); fetched from L2 instead.
    std::uint64_t remote_refetches = 0;
    std::uint64_t ata_invalidations = 0; // peer copies removed by stores
    std::uint64_t l2_accesses = 0;       // reads (sector fetches) + writes arriving at L2 slices
    std::uint64_t l2_hits = 0;
    std::uint64_t dram_reads = 0, dram_writes = 0;
    std::uint64_t replicated_lines = 0;  // sampled at kernel end: valid L1 lines that also live in a peer L1
    std::uint64_t valid_lines = 0;       // sampled at kernel end: valid L1 lines
    double crossbar_stall_cycles = 0;    // summed queueing delay at crossbar ports
    double l1_port_stall_cycles = 0;     // summed queueing delay at L1 data ports
    std::uint64_t crossbar_bytes = 0;
    // Conservation: each pair is counted at both ends of a path.
    std::uint64_t load_bytes_requested = 0, load_bytes_delivered = 0;
    std::uint64_t fetch_bytes_sent = 0, fetch_bytes_returned = 0;
    std::uint64_t store_bytes_sent = 0, store_bytes_at_l2 = 0;
    std::uint64_t unfinished_warps = 0, open_mshrs = 0;
    latency_breakdown latency;

    kernel_stats& operator+=(const kernel_stats& o);
    double ipc() const { return cycles ? double(instructions) / double(cycles) : 0.0; }
    // Every access is exactly one of local hit, remote hit, miss; bytes in = bytes out on every path; all drained.
    bool conserved(std::string* why = nullptr) const;
};

} // namespace vplab::l1agg
