#pragma once
// Where a kernel's load latency goes: per path (local hit, remote hit, hit on a fill still in flight, miss) how
// many line loads took it and their issue-to-completion latency; per resource the summed queueing delay; and the
// latency of L2 line reads from DRAM. Diagnostics that explain a design's IPC, not part of its behaviour.

#include <algorithm>
#include <cstdint>

namespace vplab::l1agg {

enum class load_path : std::uint8_t {
    local_hit,       // own L1 (sliced: the home is the requester), data valid
    remote_hit,      // another L1 of the cluster (sliced home, ata peer), data valid there
    local_pending,   // own L1 tag hit on sectors still being filled (GPGPU-Sim's HIT_RESERVED)
    remote_pending,  // another L1's tag hit on sectors still being filled there: the read waits for that fill
    miss,            // fetched from L2 (and DRAM behind it)
};
constexpr unsigned load_path_count = 5;
const char* to_string(load_path p);

struct latency_sum {
    std::uint64_t count = 0;
    double cycles = 0;  // summed over `count`
    double max = 0;
    void add(double c) {
        ++count;
        cycles += c;
        max = std::max(max, c);
    }
    double mean() const { return count ? cycles / double(count) : 0.0; }
    latency_sum& operator+=(const latency_sum& o) {
        count += o.count;
        cycles += o.cycles;
        max = std::max(max, o.max);
        return *this;
    }
};

struct latency_breakdown {
    latency_sum load[load_path_count];  // line loads by path, issue to data at the warp
    latency_sum dram_line;              // an L2 line read from DRAM: leaving L2 until its last burst is in
    // Summed queueing delay (cycles) at each kind of resource, over every instance of it.
    double wait_issue = 0, wait_tag = 0, wait_ata = 0, wait_l1_port = 0, wait_xbar = 0, wait_l2_port = 0;
    double wait_dram_overflow = 0;  // bursts waiting in front of a full DRAM queue (core cycles)

    latency_sum& of(load_path p) { return load[static_cast<unsigned>(p)]; }
    const latency_sum& of(load_path p) const { return load[static_cast<unsigned>(p)]; }
    latency_breakdown& operator+=(const latency_breakdown& o);
};

} // namespace vplab::l1agg
