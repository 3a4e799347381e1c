#pragma once
// What a virtual platform gives the runner: its parameters, a small default run, how to simulate one
// variant, and its register map. Each platform folder defines one platform_def; registry.cpp lists them.

#include "core/config/schema.h"
#include "core/config/values.h"

#include <functional>
#include <map>
#include <nlohmann/json.hpp>
#include <ostream>
#include <string>

namespace vplab::platforms {

// What a run needs besides the parameters.
struct run_context {
    const config::values& params;
    std::string scenario_name;
    std::string variant_name;
    std::uint64_t seed = 0;
    std::string vcd_file;      // empty: no VCD
    std::string txn_log_file;  // empty: no transaction log
};

// What one simulated variant produced. The runner writes it; platforms never write into OUT themselves,
// so that nothing is written when any variant fails on bad input.
struct run_outcome {
    bool verified = false;          // the app checked its result against the golden algorithm
    bool firmware_error = false;    // the firmware or device reported an error
    std::string message;            // one line for the summary ("copied 4096 B, verified")
    double sim_time_ns = 0;
    nlohmann::json metrics = nlohmann::json::object();  // headline figures, flat
    nlohmann::json stats = nlohmann::json::object();    // every module's counters (core::collect_stats())
    std::map<std::string, std::string> files;           // extra outputs: file name in OUT -> contents
};

// One variant of a finished compare run, as cross-variant metrics see it.
struct compared_variant {
    const std::string& name;
    const config::values& params;
    const run_outcome& outcome;
};

struct platform_def {
    std::string name;
    std::string description;
    std::string status;  // "available", "in progress"; shown by `vplab list` and the README table
    // Declares the platform's own keys and its workload.* keys (the common keys are added for it).
    std::function<void(config::schema&)> declare;
    // YAML of a small run: the built-in `vplab run` executes every platform's default scenario.
    std::string default_scenario;
    // Optional checks across parameters (a buffer must fit in its memory); throws config::input_error.
    // Run by `vplab check` and before any simulation starts, so bad input never costs a simulation.
    std::function<void(const config::values&)> validate;
    // Elaborates, simulates and gathers one variant. Called in a fresh process; may throw input_error
    // for input it reads itself (trace files), which the runner reports with exit code 2.
    std::function<run_outcome(const run_context&)> run;
    // Builds the platform with default parameters (no simulation) and prints its register map.
    std::function<void(std::ostream&)> print_regs;
    // Optional: metrics that relate the variants of one compare run (a speedup over the variant whose mode is the
    // baseline). Called in the runner once every variant has run; returns, per variant name, metrics merged into
    // that variant's own. Variants it does not name keep their metrics as they are. Last, with a default, so that
    // definitions may leave it out.
    std::function<std::map<std::string, nlohmann::json>(const std::vector<compared_variant>&)> compare = {};
};

// Every platform, in a fixed order.
const std::vector<platform_def>& all_platforms();
const platform_def* find_platform(const std::string& name);
// The platform's full schema: common keys + its own.
const config::schema& platform_schema(const std::string& name);

} // namespace vplab::platforms
