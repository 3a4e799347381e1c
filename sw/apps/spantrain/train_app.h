#pragma once
// SpanTrain firmware: profiles the fabric, groups devices, plans, and trains N iterations on the fabric through its
// driver, the adapter watching the link counters between iterations; or runs one of the baselines (DDP with a flat
// ring or a hierarchical all-reduce, GPipe and 1F1B with an even partition, ZB-H1 without grouping) on the same
// fabric. Verified means every micro-batch of every iteration completed exactly once and every plan that ran
// fitted in its devices' memory.

#include "../app_report.h"
#include "profiler.h"

#include <hal/mmio.h>
#include <spantrain/adapter.h>
#include <string>

namespace vplab::apps {

struct train_params {
    std::uint64_t device_base = 0;
    unsigned irq_line = 0;
    std::string runtime = "spantrain";  // spantrain, ddp, ddp-hier, gpipe, 1f1b, zb-h1
    spantrain::planner_input plan;
    unsigned iterations = 4;
    bool adapt = true;  // the adapter (spantrain runtime only)
    spantrain::grouping_params grouping;
    spantrain::adapter_params adapter;
    profiler_params profiler;
    std::uint64_t timeout_ns = 600000000000ull;  // longest wait for any completion
    unsigned timeline_iterations = 2;            // iterations recorded in the Chrome trace
    unsigned max_recoveries = 4;                 // re-plans after faults within one iteration
};

struct train_outcome {
    app_report report;
    std::string timeline_json;   // Chrome trace-event JSON of the first iterations
    std::string iterations_csv;  // end time, duration and plan changes per iteration
};

train_outcome run_train_app(hal::mmio& bus, const train_params& p);

} // namespace vplab::apps
