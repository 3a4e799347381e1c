#pragma once
// SpanTrain's heterogeneous device profiler, run through the fabric's registers: a small and a large probe
// transfer per pair of servers (the same answer holds for every device pair of those two servers, since their
// traffic takes the same links) and per server with two or more GPUs, and a compute benchmark per device. The
// probe times give latency and bandwidth per directed pair (alpha-beta: t(n) = lat + n / bw). Each pair also gets the
// narrowest link of its route (ROUTE_LINK), so that the planner knows which transfers share a link: one query per
// server pair when that link is shared (a NIC or WAN link), one per device pair when it is a device's own port. The
// other shared links of each server pair's route (ROUTE_HOPS, ROUTE_HOP) and their speeds (LINK_MBPS) are kept too:
// a WAN link behind slower NICs is nobody's narrowest link, yet many transfers at once can saturate it.

#include <drivers/spantrain/fabric_driver.h>
#include <spantrain/grouping.h>
#include <string>
#include <vector>

namespace vplab::apps {

struct profiler_params {
    std::uint32_t small_bytes = 1024;
    std::uint64_t large_bytes = 4u << 20;
    double bench_flops = 2e12;             // one compute benchmark per device
    std::uint64_t timeout_ns = 600000000000ull;
};

struct profile_outcome {
    bool ok = false;
    std::string error;
    spantrain::fabric_profile prof;
    std::vector<unsigned> server;     // per device
    std::vector<bool> alive;
    unsigned probes = 0;
};

profile_outcome run_profiler(drivers::fabric_driver& fabric, const profiler_params& p);

} // namespace vplab::apps
