#pragma once
#include <apps/fineq/gemm_app.h>
#include <runner/platform.h>

namespace vplab::platforms {

// Host CPU + router + RAM + the FineQ GEMM accelerator (2/3-bit cluster weights, temporal-coded systolic array).
const platform_def& fineq_platform();

// Wall seconds of a run's phases, for benchmarks; never part of the results (they vary from run to run).
struct fineq_run_timing {
    double generate_s = 0;      // the layer: synthetic weights and activations, or a weight file
    apps::gemm_app_timing app;  // the firmware's phases
    double baseline_s = 0;      // the analytic baseline
};

// The platform's run (what fineq_platform().run does), timing its phases into `timing`.
run_outcome run_fineq(const run_context& ctx, fineq_run_timing& timing);

} // namespace vplab::platforms
