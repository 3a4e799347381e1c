#pragma once
// Reads a parsed YAML tree into values: mapping keys become dotted paths, each value keeps its line and
// column, and every problem on the way is collected rather than thrown.

#include "values.h"

#include <map>
#include <set>
#include <string>
#include <vector>
#include <yaml-cpp/yaml.h>

namespace vplab::config::detail {

class yaml_reader {
public:
    yaml_reader(std::string source, std::vector<input_problem>& problems)
        : m_source(std::move(source)), m_problems(problems) {}

    location at(const YAML::Node& node) const;  // 1-based; the bare source when the node has no mark
    void report(const location& where, const std::string& key_path, const std::string& message);

    // Reports each repeated key in every mapping below `node` (yaml-cpp keeps both silently).
    void check_duplicates(const YAML::Node& node, const std::string& path);

    // Assigns every key of `map` below `prefix` into `into`. Top-level keys in `skip` are the caller's; a key
    // repeated in one mapping counts once (check_duplicates reports it).
    void read_mapping(const YAML::Node& map, const std::string& prefix, values& into,
                      const std::set<std::string>& skip = {});

    // Starts a new layer (the base file, or one variant): a path may be set once per layer.
    void new_layer() { m_layer.clear(); }

private:
    void read_value(const YAML::Node& key, const YAML::Node& value, const std::string& path, values& into);

    std::string m_source;
    std::vector<input_problem>& m_problems;
    std::map<std::string, location> m_layer;
};

// "a mapping", "a list", "'5'" or "nothing", to finish "expected X, got ...".
std::string describe(const YAML::Node& node);

} // namespace vplab::config::detail
