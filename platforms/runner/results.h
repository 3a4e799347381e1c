#pragma once
// results.json and the summary printed on stdout.

#include "variant_runner.h"

#include <core/config/scenario.h>
#include <nlohmann/json.hpp>
#include <ostream>
#include <string>
#include <vector>

namespace vplab::platforms {

// Adds the platform's cross-variant metrics (platform_def::compare) to each variant, when every variant ran.
void add_compare_metrics(const platform_def& platform, const config::scenario& scenario,
                         std::vector<variant_result>& results);

// The results document of one scenario. Everything but the wall_s fields is a function of scenario and seed.
nlohmann::json results_document(const config::scenario& scenario, const std::vector<variant_result>& results,
                                double wall_s);

// True when every variant ran and verified.
bool all_verified(const std::vector<variant_result>& results);

// Writes OUT/results.json and every extra file (per variant in OUT/<variant>/ when there are several),
// each through a temporary file and a rename, so a reader never sees half a file.
void write_results(const std::string& out_dir, const nlohmann::json& document,
                   const std::vector<variant_result>& results);

void write_file_atomically(const std::string& path, const std::string& contents);

// A status table, then for several variants their numeric metrics side by side.
void print_summary(std::ostream& os, const config::scenario& scenario, const std::vector<variant_result>& results);

std::string format_time_ns(double ns);  // "72.1 us"
std::string format_wall_s(double s);    // "0.25 s"

} // namespace vplab::platforms
