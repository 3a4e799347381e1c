#pragma once
// A small platform catalogue for the configuration tests: "demo" with a key of every kind, and "tiny".

#include "core/config/scenario.h"

#include <string>
#include <vector>

namespace vplab::config::test {

const schema& demo_schema();
schema_lookup lookup();
platform_names names();

// Loads `text` as if from file "mem/demo.yaml"; throws input_error like the real loader.
scenario load(const std::string& text, const std::vector<std::string>& overrides = {});

// The message of the input_error that `text` raises, or "" when it loads.
std::string error_of(const std::string& text, const std::vector<std::string>& overrides = {});

// A minimal valid scenario body for demo, to which a test adds its lines.
extern const char* const demo_base;

} // namespace vplab::config::test
