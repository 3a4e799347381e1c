#include "yaml_reader.h"
#include "text_util.h"
#include "value_text.h"

namespace vplab::config::detail {

namespace {

std::string child_path(const std::string& prefix, const std::string& name) {
    return prefix.empty() ? name : prefix + "." + name;
}

} // namespace

std::string describe(const YAML::Node& node) {
    switch (node.Type()) {
    case YAML::NodeType::Map: return "a mapping";
    case YAML::NodeType::Sequence: return "a list";
    case YAML::NodeType::Scalar: return quote(node.Scalar());
    default: return "nothing";
    }
}

location yaml_reader::at(const YAML::Node& node) const {
    const YAML::Mark mark = node.Mark();
    if (mark.is_null() || mark.line < 0)
        return location{m_source};
    return location{m_source, mark.line + 1, mark.column + 1};
}

void yaml_reader::report(const location& where, const std::string& key_path, const std::string& message) {
    m_problems.push_back({where, key_path, message});
}

void yaml_reader::check_duplicates(const YAML::Node& node, const std::string& path) {
    if (node.IsSequence()) {
        for (std::size_t i = 0; i < node.size(); ++i)
            check_duplicates(node[i], path + "[" + std::to_string(i) + "]");
        return;
    }
    if (!node.IsMap())
        return;
    std::map<std::string, location> first;
    for (const auto& entry : node) {
        if (!entry.first.IsScalar())
            continue;
        const std::string name = entry.first.Scalar();
        const location here = at(entry.first);
        const auto [it, inserted] = first.emplace(name, here);
        if (!inserted) {
            report(here, child_path(path, name),
                   "duplicate key " + quote(name) + " (first at line " + std::to_string(it->second.line) + ")");
            continue;
        }
        check_duplicates(entry.second, child_path(path, name));
    }
}

void yaml_reader::read_mapping(const YAML::Node& map, const std::string& prefix, values& into,
                               const std::set<std::string>& skip) {
    const schema& s = into.declared();
    std::set<std::string> seen;
    for (const auto& entry : map) {
        const YAML::Node& key = entry.first;
        if (!key.IsScalar()) {
            report(at(key), prefix, "a key must be a name, got " + describe(key));
            continue;
        }
        const std::string name = key.Scalar();
        if (!seen.insert(name).second || (prefix.empty() && skip.count(name) != 0))
            continue;
        const std::string path = child_path(prefix, name);
        if (s.find(path) != nullptr) {
            read_value(key, entry.second, path, into);
        } else if (s.is_parent(path)) {
            if (entry.second.IsMap())
                read_mapping(entry.second, path, into);
            else
                report(entry.second.IsNull() ? at(key) : at(entry.second), path,
                       "expected the keys of group " + quote(path) + " (" + group_children(s, path) + "), got " +
                           describe(entry.second));
        } else {
            report(at(key), path, "unknown key " + quote(path) + did_you_mean(s.suggest(path)));
        }
    }
}

void yaml_reader::read_value(const YAML::Node& key, const YAML::Node& value, const std::string& path, values& into) {
    const param& p = *into.declared().find(path);
    if (value.IsNull()) {
        const std::string hint = p.type == kind::string ? " (write \"\" for an empty string)" : "";
        report(at(key), path, "no value given; expected " + kind_hint(p) + hint);
        return;
    }
    if (!value.IsScalar()) {
        report(at(value), path, "expected " + kind_hint(p) + ", got " + describe(value));
        return;
    }
    const location where = at(value);
    // The same path twice in one layer: once nested and once dotted ("sim: {quantum: ..}" and "sim.quantum:").
    const auto [it, inserted] = m_layer.emplace(path, where);
    if (!inserted) {
        report(where, path, "set twice (first at line " + std::to_string(it->second.line) + ")");
        return;
    }
    try {
        into.assign(path, value.Scalar(), where);
    } catch (const input_error& e) {
        m_problems.insert(m_problems.end(), e.problems().begin(), e.problems().end());
    }
}

} // namespace vplab::config::detail
