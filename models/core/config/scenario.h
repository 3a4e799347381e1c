#pragma once
// Loading a scenario file: YAML syntax, the platform name, every key against the platform's schema,
// the optional `compare:` variants and the command-line --set overrides.

#include "input_error.h"
#include "schema.h"
#include "values.h"

#include <functional>
#include <string>
#include <vector>

namespace vplab::config {

struct variant {
    std::string name;  // from the variant's `name:`; "default" when the scenario has no compare list
    values params;     // base file, then the variant's keys, then --set (the command line always wins)
};

struct scenario {
    std::string file;      // as given; "<built-in>" for embedded text
    std::string name;      // `name:` or the file's stem
    std::string platform;
    std::uint64_t seed = 0;
    std::vector<variant> variants;  // at least one
};

// Returns the schema of a platform (common keys included), or nullptr for an unknown platform.
using schema_lookup = std::function<const schema*(const std::string& platform)>;
// All platform names, for the "did you mean" of an unknown platform.
using platform_names = std::function<std::vector<std::string>()>;

// `overrides` are "key.path=value" strings from --set. Throws input_error with every problem found.
scenario load_scenario_file(const std::string& path, const std::vector<std::string>& overrides,
                            const schema_lookup& lookup, const platform_names& names);
// The same from text; `source` names it in messages.
scenario load_scenario_text(const std::string& text, const std::string& source,
                            const std::vector<std::string>& overrides, const schema_lookup& lookup,
                            const platform_names& names);

} // namespace vplab::config
