#pragma once
// SpanTrain's heterogeneous device profiler, run through the fabric's registers: a small and a large probe
// transfer per pair of servers (the same answer holds for every device pair of those two servers, since their
// traffic takes the same links) and per server with two or more GPUs, and a compute benchmark per device. The
// probe times give latency and bandwidth per directed pair (alpha-beta: t(n) = lat + n / bw).

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
    std::vector<unsigned> pair_link;  // [src * n + dst]: the narrowest link between them
    std::vector<unsigned> server;     // per device
    std::vector<bool> alive;
    unsigned probes = 0;
};

profile_outcome run_profiler(drivers::fabric_driver& fabric, const profiler_params& p);

} // namespace vplab::apps
