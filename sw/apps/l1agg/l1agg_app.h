#pragma once
// l1agg firmware: launches a sequence of kernels on the GPU device, reads its counters after each one and checks
// the conservation invariants the hardware must keep (every access is exactly one of local hit, remote hit or
// miss; the bytes leaving each side of a path arrive at the other).

#include "../app_report.h"

#include <drivers/l1agg/l1agg_driver.h>
#include <hal/mmio.h>
#include <vector>

namespace vplab::apps {

struct l1agg_app_params {
    std::uint64_t device_base = 0;
    unsigned irq_line = 0;
    std::vector<drivers::l1agg_driver::launch> kernels;  // launched in order
    std::uint64_t timeout_ns = 1000000000ull;
};

app_report run_l1agg_app(hal::mmio& bus, const l1agg_app_params& p);

} // namespace vplab::apps
