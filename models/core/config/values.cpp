#include "values.h"
#include "text_util.h"
#include "value_text.h"

#include <stdexcept>

namespace vplab::config {

namespace {

[[noreturn]] void misuse(const std::string& path, const std::string& why) {
    throw std::logic_error("config: parameter '" + path + "': " + why);
}

// Deduced so the private slot type needs no name here.
template <typename Slot>
void store(Slot& entry, detail::typed_value&& v) {
    entry.set = true;
    entry.b = v.b;
    entry.i = v.i;
    entry.u = v.u;
    entry.d = v.d;
    entry.s = std::move(v.s);
}

} // namespace

values::values(const schema& s) : m_schema(s) {
    for (const auto& p : s.params()) {
        slot& entry = m_slots[p.path];
        entry.where = location{"default", 0, 0};
        if (p.required)
            continue;
        detail::typed_value v;
        const std::string error = detail::parse_value(p, p.default_text, v);
        if (!error.empty())
            misuse(p.path, "bad default: " + error);
        store(entry, std::move(v));
    }
}

void values::assign(const std::string& path, const std::string& text, const location& where) {
    const param* p = m_schema.find(path);
    if (p == nullptr) {
        const std::string message =
            m_schema.is_parent(path)
                ? "'" + path + "' is a group of keys (" + detail::group_children(m_schema, path) +
                      "), not a single value"
                : "unknown key " + detail::quote(path) + detail::did_you_mean(m_schema.suggest(path));
        throw input_error({{where, path, message}});
    }
    detail::typed_value v;
    const std::string error = detail::parse_value(*p, text, v);
    if (!error.empty())
        throw input_error({{where, path, error}});
    slot& entry = m_slots[path];
    store(entry, std::move(v));
    entry.where = where;
}

void values::check_complete() const {
    std::vector<input_problem> problems;
    for (const auto& p : m_schema.params())
        if (!m_slots.at(p.path).set)
            problems.push_back({location{}, p.path, "missing required key (" + p.description + ")"});
    if (!problems.empty())
        throw input_error(std::move(problems));
}

const values::slot& values::get(const std::string& path, kind expected) const {
    const param* p = m_schema.find(path);
    if (p == nullptr)
        misuse(path, "not declared in the platform's schema");
    const bool text_kind = expected == kind::string && p->type == kind::choice;
    if (p->type != expected && !text_kind)
        misuse(path, std::string("is a ") + kind_name(p->type) + ", read as a " + kind_name(expected));
    const slot& entry = m_slots.at(path);
    if (!entry.set)
        misuse(path, "required but not set; check_complete() was not called");
    return entry;
}

bool values::boolean(const std::string& path) const {
    return get(path, kind::boolean).b;
}

std::int64_t values::integer(const std::string& path) const {
    return get(path, kind::integer).i;
}

std::uint64_t values::unsigned_(const std::string& path) const {
    return get(path, kind::unsigned_).u;
}

double values::real(const std::string& path) const {
    return get(path, kind::real).d;
}

const std::string& values::string(const std::string& path) const {
    return get(path, kind::string).s;
}

std::uint64_t values::time_ps(const std::string& path) const {
    return get(path, kind::time).u;
}

std::uint64_t values::bytes(const std::string& path) const {
    return get(path, kind::bytes).u;
}

const location& values::where(const std::string& path) const {
    const auto it = m_slots.find(path);
    if (it == m_slots.end())
        misuse(path, "not declared in the platform's schema");
    return it->second.where;
}

} // namespace vplab::config
