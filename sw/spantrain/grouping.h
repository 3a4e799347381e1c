#pragma once
// Two-level hierarchical grouping of devices (SpanTrain's profiler, reference note 1.1): level 1 joins devices whose
// pair link is fast (single linkage on the measured bandwidth: "network-isolated" groups such as one site each),
// level 2 splits each level-1 group where the compute score jumps by more than a ratio.

#include <vector>

namespace vplab::spantrain {

// What the profiler measured, indexed [src * n + dst] for links.
struct fabric_profile {
    unsigned devices = 0;
    std::vector<double> lat_s;         // per directed pair; 0 on the diagonal
    std::vector<double> bw_Bps;        // per directed pair; 0 when unreachable
    std::vector<double> flops_per_s;   // achieved, from the compute benchmark
    std::vector<double> memory_bytes;  // capacity per device
    double lat(unsigned a, unsigned b) const { return lat_s[a * devices + b]; }
    double bw(unsigned a, unsigned b) const { return bw_Bps[a * devices + b]; }
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
