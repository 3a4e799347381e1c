#include "scenario.h"
#include "text_util.h"
#include "yaml_reader.h"

#include <algorithm>
#include <cerrno>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <system_error>

namespace vplab::config {

namespace {

struct override_arg {
    std::string path;
    std::string text;
    location where;
};

// Checks the shape of each --set argument; the value itself is checked against the schema later.
std::vector<override_arg> parse_overrides(const std::vector<std::string>& args, std::vector<input_problem>& problems) {
    std::vector<override_arg> out;
    for (const auto& arg : args) {
        const location where{"--set", 0, 0, arg};
        const auto eq = arg.find('=');
        const std::string path = eq == std::string::npos ? std::string() : detail::trim(arg.substr(0, eq));
        if (path.empty()) {
            problems.push_back({where, "", "expected key.path=value, such as sim.quantum=10us"});
            continue;
        }
        if (path == "platform") {
            problems.push_back({where, path, "the platform cannot be changed with --set; edit 'platform:' instead"});
            continue;
        }
        if (path == "compare" || path.rfind("compare.", 0) == 0 || path.rfind("compare[", 0) == 0) {
            problems.push_back({where, path, "compare variants cannot be set with --set; edit the scenario"});
            continue;
        }
        // The value reads as a YAML scalar, so quoting works as it does in the file.
        const std::string raw = arg.substr(eq + 1);
        std::string text;
        if (!detail::trim(raw).empty()) {
            try {
                const YAML::Node node = YAML::Load(raw);
                if (!node.IsScalar()) {
                    problems.push_back({where, path, "expected a single value, got " + detail::describe(node)});
                    continue;
                }
                text = node.Scalar();
            } catch (const YAML::Exception& e) {
                problems.push_back({where, path, "invalid value: " + e.msg});
                continue;
            }
        }
        out.push_back({path, text, where});
    }
    return out;
}

// File problems in file order, then those of the whole file, then the command line's in argument order.
std::vector<input_problem> in_order(std::vector<input_problem> problems, const std::string& source,
                                    const std::vector<std::string>& overrides) {
    const auto rank = [&](const input_problem& p) { return p.where.source != source ? 2 : p.where.line > 0 ? 0 : 1; };
    const auto argument_index = [&](const input_problem& p) {
        return std::find(overrides.begin(), overrides.end(), p.where.argument) - overrides.begin();
    };
    std::stable_sort(problems.begin(), problems.end(), [&](const input_problem& a, const input_problem& b) {
        if (rank(a) != rank(b))
            return rank(a) < rank(b);
        if (rank(a) == 2)
            return argument_index(a) < argument_index(b);
        if (a.where.line != b.where.line)
            return a.where.line < b.where.line;
        return a.where.column < b.where.column;
    });
    std::vector<input_problem> unique;
    for (auto& p : problems)
        if (std::none_of(unique.begin(), unique.end(), [&](const input_problem& u) { return u.str() == p.str(); }))
            unique.push_back(std::move(p));
    return unique;
}

// The first occurrence of `name` in a mapping, or an invalid node.
YAML::Node find_key(const YAML::Node& map, const std::string& name, YAML::Node* key = nullptr) {
    for (const auto& entry : map)
        if (entry.first.IsScalar() && entry.first.Scalar() == name) {
            if (key != nullptr)
                *key = entry.first;
            return entry.second;
        }
    return YAML::Node(YAML::NodeType::Undefined);
}

std::string platform_list(const platform_names& names) {
    return names ? detail::join(names(), ", ") : std::string();
}

// Reads and checks `platform:`; returns the platform's schema, or nullptr after reporting why not.
const schema* find_platform(const YAML::Node& root, detail::yaml_reader& reader, const std::string& source,
                            const schema_lookup& lookup, const platform_names& names, std::string& platform) {
    YAML::Node key;
    const YAML::Node value = find_key(root, "platform", &key);
    const std::string known = "known platforms: " + platform_list(names);
    if (!value.IsDefined()) {
        reader.report(location{source}, "platform", "missing required key (" + known + ")");
        return nullptr;
    }
    if (!value.IsScalar()) {
        reader.report(value.IsNull() ? reader.at(key) : reader.at(value), "platform",
                      "expected a platform name, got " + detail::describe(value) + " (" + known + ")");
        return nullptr;
    }
    platform = value.Scalar();
    const schema* s = lookup ? lookup(platform) : nullptr;
    if (s == nullptr) {
        const std::string guess = names ? detail::closest(platform, names()) : std::string();
        reader.report(reader.at(value), "platform",
                      "unknown platform " + detail::quote(platform) + detail::did_you_mean(guess) + "; " + known);
    }
    return s;
}

// The `compare:` list: each entry is a name plus the keys that variant changes over the base file.
std::vector<variant> read_variants(const YAML::Node& key, const YAML::Node& list, const values& base,
                                   detail::yaml_reader& reader) {
    std::vector<variant> variants;
    if (!list.IsSequence() || list.size() == 0) {
        const std::string got = list.IsSequence() ? "an empty list" : detail::describe(list);
        reader.report(list.IsNull() || list.IsSequence() ? reader.at(key) : reader.at(list), "compare",
                      "expected a non-empty list of variants, each with a name, got " + got);
        return variants;
    }
    std::map<std::string, int> first_line;
    for (std::size_t i = 0; i < list.size(); ++i) {
        const YAML::Node entry = list[i];
        const std::string path = "compare[" + std::to_string(i) + "]";
        if (!entry.IsMap()) {
            reader.report(reader.at(entry), path,
                          "expected a mapping with a name and the keys this variant changes, got " +
                              detail::describe(entry));
            continue;
        }
        YAML::Node name_key;
        const YAML::Node name = find_key(entry, "name", &name_key);
        bool named = false;
        if (!name.IsDefined()) {
            reader.report(reader.at(entry), path + ".name", "missing required key (each variant needs a name)");
        } else if (!name.IsScalar() || name.Scalar().empty()) {
            reader.report(name.IsNull() ? reader.at(name_key) : reader.at(name), path + ".name",
                          "expected a non-empty variant name, got " + detail::describe(name));
        } else if (const auto [it, inserted] = first_line.emplace(name.Scalar(), reader.at(name).line); !inserted) {
            reader.report(reader.at(name), path + ".name",
                          "duplicate variant name " + detail::quote(name.Scalar()) + " (first at line " +
                              std::to_string(it->second) + ")");
        } else {
            named = true;
        }
        for (const char* reserved : {"platform", "compare"}) {
            YAML::Node reserved_key;
            if (find_key(entry, reserved, &reserved_key).IsDefined())
                reader.report(reader.at(reserved_key), path + "." + reserved,
                              std::string(reserved) == "platform"
                                  ? "a variant cannot change the platform; write a separate scenario"
                                  : "variants cannot have variants of their own");
        }
        variant v{named ? name.Scalar() : path, base};
        reader.new_layer();
        reader.read_mapping(entry, "", v.params, {"name", "platform", "compare"});
        variants.push_back(std::move(v));
    }
    return variants;
}

// Reports required keys left unset: once when every variant misses one, else per variant.
void check_complete(const std::vector<variant>& variants, const std::string& source,
                    std::vector<input_problem>& problems) {
    std::vector<std::pair<input_problem, std::vector<std::string>>> missing;
    for (const auto& v : variants) {
        try {
            v.params.check_complete();
        } catch (const input_error& e) {
            for (const auto& p : e.problems()) {
                auto it = std::find_if(missing.begin(), missing.end(),
                                       [&](const auto& m) { return m.first.key_path == p.key_path; });
                if (it == missing.end())
                    it = missing.insert(missing.end(), {p, {}});
                it->second.push_back(v.name);
            }
        }
    }
    for (auto& [problem, in_variants] : missing) {
        problem.where = location{source};
        if (in_variants.size() == variants.size()) {
            problems.push_back(problem);
            continue;
        }
        for (const auto& name : in_variants) {
            input_problem one = problem;
            one.message += " in compare variant " + detail::quote(name);
            problems.push_back(one);
        }
    }
}

} // namespace

scenario load_scenario_text(const std::string& text, const std::string& source,
                            const std::vector<std::string>& overrides, const schema_lookup& lookup,
                            const platform_names& names) {
    std::vector<input_problem> problems;
    const auto fail = [&]() { throw input_error(in_order(std::move(problems), source, overrides)); };
    const std::vector<override_arg> sets = parse_overrides(overrides, problems);
    detail::yaml_reader reader(source, problems);

    std::vector<YAML::Node> documents;
    try {
        documents = YAML::LoadAll(text);
    } catch (const YAML::Exception& e) {
        const location where =
            e.mark.is_null() ? location{source} : location{source, e.mark.line + 1, e.mark.column + 1};
        reader.report(where, "", "invalid YAML: " + e.msg);
        fail();
    }
    if (documents.empty() || documents.front().IsNull()) {
        reader.report(location{source}, "", "the scenario is empty; it needs at least 'platform: NAME'");
        fail();
    }
    if (documents.size() > 1)
        reader.report(reader.at(documents[1]), "",
                      "a scenario is one YAML document, found " + std::to_string(documents.size()));
    const YAML::Node root = documents.front();
    if (!root.IsMap()) {
        reader.report(reader.at(root), "",
                      "the top level must be a mapping of keys such as 'platform: demo', got " +
                          detail::describe(root));
        fail();
    }
    reader.check_duplicates(root, "");

    scenario result;
    result.file = source;
    const schema* s = find_platform(root, reader, source, lookup, names, result.platform);
    if (s == nullptr)
        fail();

    values base(*s);
    if (s->find("platform") != nullptr)
        base.assign("platform", result.platform, reader.at(find_key(root, "platform")));
    reader.new_layer();
    reader.read_mapping(root, "", base, {"platform", "compare"});

    YAML::Node compare_key;
    const YAML::Node compare = find_key(root, "compare", &compare_key);
    if (compare.IsDefined())
        result.variants = read_variants(compare_key, compare, base, reader);
    else
        result.variants.push_back({"default", base});

    // The command line wins over the file and over every variant.
    for (const auto& set : sets) {
        try {
            base.assign(set.path, set.text, set.where);
        } catch (const input_error& e) {
            problems.insert(problems.end(), e.problems().begin(), e.problems().end());
            continue;
        }
        for (auto& v : result.variants)
            v.params.assign(set.path, set.text, set.where);
    }
    check_complete(result.variants, source, problems);
    if (!problems.empty())
        fail();

    const param* seed = s->find("seed");
    if (seed != nullptr && seed->type == kind::unsigned_)
        result.seed = base.unsigned_("seed");
    const param* name = s->find("name");
    if (name != nullptr && name->type == kind::string)
        result.name = base.string("name");
    if (result.name.empty())
        result.name = std::filesystem::path(source).stem().string();
    return result;
}

scenario load_scenario_file(const std::string& path, const std::vector<std::string>& overrides,
                            const schema_lookup& lookup, const platform_names& names) {
    const auto cannot_open = [&](const std::string& why) {
        throw input_error({{location{path}, "", "cannot open the scenario file: " + why}});
    };
    std::error_code ec;
    if (std::filesystem::is_directory(path, ec))
        cannot_open("it is a directory");
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        std::string why = std::generic_category().message(errno != 0 ? errno : ENOENT);
        if (!why.empty())
            why[0] = static_cast<char>(std::tolower(static_cast<unsigned char>(why[0])));
        cannot_open(why);
    }
    std::ostringstream text;
    text << in.rdbuf();
    return load_scenario_text(text.str(), path, overrides, lookup, names);
}

} // namespace vplab::config
