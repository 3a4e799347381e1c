#pragma once
// The DRAM platform's scenario keys: declared here, and turned into the model's typed config.

#include "core/config/schema.h"
#include "core/config/values.h"
#include "dram/dram_config.h"
#include "workload.h"

namespace vplab::platforms::dram_traffic {

void declare_params(config::schema& s);
// Both throw config::input_error naming the key and where it was set.
vplab::dram::dram_config make_dram_config(const config::values& v);
workload_config make_workload(const config::values& v, std::uint64_t seed);
// Cross-parameter checks (mapping, overrides, workload inside the memory).
void validate_params(const config::values& v);

} // namespace vplab::platforms::dram_traffic
