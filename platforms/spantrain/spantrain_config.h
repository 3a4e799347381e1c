#pragma once
// The spantrain platform's parameters: declared once, and turned into a fabric description and the firmware's
// training parameters. Every malformed value is reported with where it came from and its key.

#include <apps/spantrain/train_app.h>
#include <core/config/schema.h>
#include <core/config/values.h>
#include <gpufabric/fabric_spec.h>

namespace vplab::platforms::spantrain_config {

void declare(config::schema& s);
// Throws config::input_error naming every bad key (topology, WAN overrides, faults, schedules, model).
void validate(const config::values& v);
// Reads the CSV trace too (relative to the scenario), so it may throw input_error naming file:line.
models::gpufabric::fabric_spec fabric(const config::values& v, std::uint64_t seed);
apps::train_params training(const config::values& v);

} // namespace vplab::platforms::spantrain_config
