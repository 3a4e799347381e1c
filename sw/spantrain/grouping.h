#pragma once
// Two-level hierarchical grouping of devices (SpanTrain's profiler, reference note 1.1): level 1 joins devices whose
// pair link is fast (single linkage on the measured bandwidth: "network-isolated" groups such as one site each),
// level 2 splits each level-1 group where the compute score jumps by more than a ratio.

#include <cstddef>
#include <cstdint>
#include <vector>

namespace vplab::spantrain {

// What the profiler measured, indexed [src * n + dst] for links.
struct fabric_profile {
    unsigned devices = 0;
    std::vector<double> lat_s;         // per directed pair; 0 on the diagonal
    std::vector<double> bw_Bps;        // per directed pair; 0 when unreachable
    std::vector<double> flops_per_s;   // achieved, from the compute benchmark
    std::vector<double> memory_bytes;  // capacity per device
    // Per directed pair: the narrowest link on its route. Pairs with the same id share that link when they send at
    // once (a NIC uplink, a site pair's WAN link). Empty: every pair has a link of its own.
    std::vector<unsigned> link_id;
    // The links between devices that each pair's traffic crosses besides its narrowest (a NIC behind a slower WAN,
    // a WAN behind slower NICs): route_of[pair] indexes `routes`; with the capacity of every link named there.
    // Empty: not known, only the narrowest link is costed.
    std::vector<unsigned> route_of;
    std::vector<std::vector<unsigned>> routes;
    std::vector<double> link_capacity_Bps;  // by link id
    double lat(unsigned a, unsigned b) const { return lat_s[size_t{a} * devices + b]; }
    double bw(unsigned a, unsigned b) const { return bw_Bps[size_t{a} * devices + b]; }
    std::uint64_t link(unsigned a, unsigned b) const {
        const size_t pair = size_t{a} * devices + b;
        return link_id.empty() ? (std::uint64_t{1} << 32) + pair : link_id[pair];
    }
};

struct grouping_params {
    double net_bw_Bps = 125e6;   // pairs at least this fast (both ways) share a level-1 group (1 Gbit/s)
    double compute_ratio = 1.5;  // a level-1 group splits where sorted compute scores differ by more than this
};

struct device_group {
    std::vector<unsigned> devices;  // ascending
    unsigned network_group = 0;     // its level-1 group
};

// Devices listed in `excluded` (lost) are left out.
std::vector<device_group> group_devices(const fabric_profile& prof, const grouping_params& gp,
                                        const std::vector<bool>& excluded = {});

} // namespace vplab::spantrain
