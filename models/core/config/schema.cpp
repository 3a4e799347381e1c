#include "schema.h"
#include "text_util.h"
#include "value_text.h"

#include <algorithm>
#include <stdexcept>

namespace vplab::config {

namespace {

bool valid_path(const std::string& path) {
    if (path.empty() || path.front() == '.' || path.back() == '.' || path.find("..") != std::string::npos)
        return false;
    for (const char c : path) {
        const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
                        c == '-' || c == '.';
        if (!ok)
            return false;
    }
    return true;
}

std::string parent_of(const std::string& path) {
    const auto dot = path.rfind('.');
    return dot == std::string::npos ? std::string() : path.substr(0, dot);
}

std::string last_of(const std::string& path) {
    const auto dot = path.rfind('.');
    return dot == std::string::npos ? path : path.substr(dot + 1);
}

[[noreturn]] void fail(const std::string& path, const std::string& why) {
    throw std::logic_error("schema: parameter '" + path + "': " + why);
}

} // namespace

schema& schema::add(param p) {
    if (!valid_path(p.path))
        fail(p.path, "a path is dot-separated names of letters, digits, '_' and '-'");
    if (p.path == "compare" || p.path.rfind("compare.", 0) == 0)
        fail(p.path, "'compare' is reserved for scenario variants");
    if (m_index.count(p.path) != 0)
        fail(p.path, "declared twice");
    if (is_parent(p.path))
        fail(p.path, "already declared as a group of parameters");
    for (std::string up = parent_of(p.path); !up.empty(); up = parent_of(up))
        if (m_index.count(up) != 0)
            fail(p.path, "'" + up + "' is a parameter, so it cannot also be a group");
    if ((p.type == kind::choice) == p.choices.empty())
        fail(p.path, p.choices.empty() ? "a choice needs its choices" : "only a choice has choices");
    if (p.min && p.max && *p.min > *p.max)
        fail(p.path, "min is above max");
    if (!p.required) {
        detail::typed_value ignored;
        const std::string error = detail::parse_value(p, p.default_text, ignored);
        if (!error.empty())
            fail(p.path, "bad default: " + error);
    }
    m_index.emplace(p.path, m_params.size());
    m_params.push_back(std::move(p));
    return *this;
}

schema& schema::boolean(const std::string& path, bool def, const std::string& desc) {
    return add({path, kind::boolean, def ? "true" : "false", desc, false, {}, {}, {}});
}

schema& schema::integer(const std::string& path, long long def, const std::string& desc, std::optional<double> min,
                        std::optional<double> max) {
    return add({path, kind::integer, std::to_string(def), desc, false, min, max, {}});
}

schema& schema::unsigned_(const std::string& path, unsigned long long def, const std::string& desc,
                          std::optional<double> min, std::optional<double> max) {
    return add({path, kind::unsigned_, std::to_string(def), desc, false, min, max, {}});
}

schema& schema::real(const std::string& path, double def, const std::string& desc, std::optional<double> min,
                     std::optional<double> max) {
    return add({path, kind::real, detail::format_real(def), desc, false, min, max, {}});
}

schema& schema::string(const std::string& path, const std::string& def, const std::string& desc) {
    return add({path, kind::string, def, desc, false, {}, {}, {}});
}

schema& schema::choice(const std::string& path, const std::string& def, std::vector<std::string> choices,
                       const std::string& desc) {
    return add({path, kind::choice, def, desc, false, {}, {}, std::move(choices)});
}

schema& schema::time(const std::string& path, const std::string& def, const std::string& desc,
                     std::optional<double> min_ps, std::optional<double> max_ps) {
    return add({path, kind::time, def, desc, false, min_ps, max_ps, {}});
}

schema& schema::bytes(const std::string& path, const std::string& def, const std::string& desc,
                      std::optional<double> min, std::optional<double> max) {
    return add({path, kind::bytes, def, desc, false, min, max, {}});
}

const param* schema::find(const std::string& path) const {
    const auto it = m_index.find(path);
    return it == m_index.end() ? nullptr : &m_params[it->second];
}

bool schema::is_parent(const std::string& path) const {
    // Paths below "sim" sort together right after "sim.".
    const std::string prefix = path + ".";
    const auto it = m_index.lower_bound(prefix);
    return !path.empty() && it != m_index.end() && it->first.compare(0, prefix.size(), prefix) == 0;
}

std::string schema::suggest(const std::string& path) const {
    // Every name a user could have meant: parameters and the groups above them, in declaration order.
    std::vector<std::string> known;
    for (const auto& p : m_params) {
        std::vector<std::string> chain;
        for (std::string up = p.path; !up.empty(); up = parent_of(up))
            chain.insert(chain.begin(), up);
        for (const auto& name : chain)
            if (std::find(known.begin(), known.end(), name) == known.end())
                known.push_back(name);
    }
    const std::string parent = parent_of(path);
    const std::string last = last_of(path);

    // A misspelt last name among its siblings.
    std::vector<std::string> siblings, others, same_name;
    for (const auto& name : known) {
        // The path itself and the groups above it are not what the user meant.
        if (name == path || path.compare(0, name.size() + 1, name + ".") == 0)
            continue;
        if (parent_of(name) == parent)
            siblings.push_back(last_of(name));
        else
            others.push_back(name);
        if (detail::edit_distance(last_of(name), last) == 0)
            same_name.push_back(name);
    }
    const std::string sibling = detail::closest(last, siblings);
    if (!sibling.empty())
        return parent.empty() ? sibling : parent + "." + sibling;
    // The right name in the wrong place ("quantum" for "sim.quantum").
    if (same_name.size() == 1)
        return same_name.front();
    // A misspelling elsewhere in the path ("smi.quantum").
    return detail::closest(path, others);
}

void add_common_params(schema& s) {
    s.string("name", "", "scenario name in results; empty means the file's name without its extension");
    s.string("description", "", "free text describing what the scenario is for");
    s.add({"platform", kind::string, "", "the virtual platform to build", true, {}, {}, {}});
    s.unsigned_("seed", 1, "seed of every random stream, so the same seed gives the same results");
    s.time("sim.quantum", "1us", "how far an initiator may run ahead before it synchronises", 1);
    s.time("sim.time_limit", "10s", "simulated time after which an unfinished run stops as failed", 1);
    s.choice("log.level", "warning", {"error", "warning", "info", "debug"}, "lowest severity of messages printed");
    s.string("log.instances", "",
             "per-instance levels overriding log.level, e.g. 'demo.dma=debug, demo.cpu=error'");
}

} // namespace vplab::config
