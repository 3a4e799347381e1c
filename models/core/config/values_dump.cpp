#include "text_util.h"
#include "value_text.h"
#include "values.h"

#include <algorithm>

namespace vplab::config {

namespace {

// Parameters grouped under their parents, each group in the order its first member was declared.
struct tree_node {
    std::string name;
    const param* leaf = nullptr;
    std::vector<tree_node> children;
};

std::vector<std::string> split_path(const std::string& path) {
    std::vector<std::string> parts;
    std::size_t start = 0;
    for (std::size_t dot = path.find('.'); dot != std::string::npos; dot = path.find('.', start)) {
        parts.push_back(path.substr(start, dot - start));
        start = dot + 1;
    }
    parts.push_back(path.substr(start));
    return parts;
}

tree_node build_tree(const schema& s) {
    tree_node root;
    for (const auto& p : s.params()) {
        const auto parts = split_path(p.path);
        tree_node* at = &root;
        for (std::size_t i = 0; i + 1 < parts.size(); ++i) {
            auto it = std::find_if(at->children.begin(), at->children.end(),
                                   [&](const tree_node& n) { return n.name == parts[i] && n.leaf == nullptr; });
            if (it == at->children.end()) {
                at->children.push_back({parts[i], nullptr, {}});
                it = std::prev(at->children.end());
            }
            at = &*it;
        }
        at->children.push_back({parts.back(), &p, {}});
    }
    return root;
}

struct dump_line {
    std::string text;
    std::string comment;  // empty for group lines
};

std::string one_line(std::string text) {
    std::replace(text.begin(), text.end(), '\n', ' ');
    return text;
}

} // namespace

std::string values::dump_yaml() const {
    std::vector<dump_line> lines;
    const auto emit = [&](const auto& self, const tree_node& node, const std::string& indent) -> void {
        for (const auto& child : node.children) {
            if (child.leaf == nullptr) {
                lines.push_back({indent + child.name + ":", {}});
                self(self, child, indent + "  ");
                continue;
            }
            const param& p = *child.leaf;
            const slot& entry = m_slots.at(p.path);
            std::string value = "~";
            if (entry.set) {
                const detail::typed_value v{entry.b, entry.i, entry.u, entry.d, entry.s};
                value = detail::canonical_text(p, v);
                if (p.type == kind::string || p.type == kind::choice)
                    value = detail::yaml_scalar(value);
            }
            std::vector<std::string> notes;
            if (p.required)
                notes.push_back(entry.set ? "required" : "required, not set");
            if (const std::string c = detail::constraint_text(p); !c.empty())
                notes.push_back(c);
            std::string comment = "# " + one_line(p.description);
            if (!notes.empty())
                comment += " [" + detail::join(notes, "; ") + "]";
            lines.push_back({indent + child.name + ": " + value, comment});
        }
    };
    emit(emit, build_tree(m_schema), "");

    // Comments line up, except after an unusually long line.
    constexpr std::size_t widest_aligned = 44;
    std::size_t column = 0;
    for (const auto& line : lines)
        if (!line.comment.empty() && line.text.size() <= widest_aligned)
            column = std::max(column, line.text.size());
    std::string out;
    for (const auto& line : lines) {
        out += line.text;
        if (!line.comment.empty())
            out += std::string(line.text.size() < column ? column - line.text.size() : 0, ' ') + "  " + line.comment;
        out += "\n";
    }
    return out;
}

nlohmann::json values::to_json() const {
    nlohmann::json out = nlohmann::json::object();
    for (const auto& p : m_schema.params()) {
        const auto parts = split_path(p.path);
        nlohmann::json* at = &out;
        for (std::size_t i = 0; i + 1 < parts.size(); ++i)
            at = &(*at)[parts[i]];
        nlohmann::json& leaf = (*at)[parts.back()];
        const slot& entry = m_slots.at(p.path);
        if (!entry.set) {
            leaf = nullptr;
            continue;
        }
        switch (p.type) {
        case kind::boolean: leaf = entry.b; break;
        case kind::integer: leaf = entry.i; break;
        case kind::real: leaf = entry.d; break;
        case kind::string:
        case kind::choice: leaf = entry.s; break;
        case kind::unsigned_:
        case kind::time:
        case kind::bytes: leaf = entry.u; break;
        }
    }
    return out;
}

} // namespace vplab::config
