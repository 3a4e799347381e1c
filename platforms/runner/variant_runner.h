#pragma once
// Runs the variants of a scenario, each in a fresh child process: a SystemC kernel cannot be restarted inside a
// process, and a crash in one variant must not take the others (or the results file) with it.

#include "platform.h"

#include <core/config/scenario.h>
#include <string>
#include <vector>

namespace vplab::platforms {

struct run_options {
    std::string vcd_file;      // per variant "<stem>.<variant>.vcd" when there are several
    std::string txn_log_file;  // likewise
    unsigned jobs = 1;         // variants simulated at once
    bool progress = false;     // a progress line on stderr for runs over ~2 s
};

struct variant_result {
    enum class state { ok, input_error, failed };
    std::string name;
    state status = state::failed;
    run_outcome outcome;  // valid when status == ok
    std::string error;    // input error text, exception text or how the process died
    double wall_s = 0;
};

// Results come back in variant order whatever order they finish in.
std::vector<variant_result> run_variants(const platform_def& platform, const config::scenario& scenario,
                                         const run_options& options);

} // namespace vplab::platforms
