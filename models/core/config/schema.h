#pragma once
// The set of parameters a platform accepts, including the keys every scenario shares.

#include "param.h"

#include <map>
#include <string>
#include <vector>

namespace vplab::config {

class schema {
public:
    // Throws std::logic_error on a duplicate path, or when a path is both a parameter and a parent of one.
    schema& add(param p);

    // Shorthands for add(); return *this so a platform reads as a list.
    schema& boolean(const std::string& path, bool def, const std::string& desc);
    schema& integer(const std::string& path, long long def, const std::string& desc,
                    std::optional<double> min = {}, std::optional<double> max = {});
    schema& unsigned_(const std::string& path, unsigned long long def, const std::string& desc,
                      std::optional<double> min = {}, std::optional<double> max = {});
    schema& real(const std::string& path, double def, const std::string& desc,
                 std::optional<double> min = {}, std::optional<double> max = {});
    schema& string(const std::string& path, const std::string& def, const std::string& desc);
    schema& choice(const std::string& path, const std::string& def, std::vector<std::string> choices,
                   const std::string& desc);
    schema& time(const std::string& path, const std::string& def, const std::string& desc,
                 std::optional<double> min_ps = {}, std::optional<double> max_ps = {});
    schema& bytes(const std::string& path, const std::string& def, const std::string& desc,
                  std::optional<double> min = {}, std::optional<double> max = {});

    const param* find(const std::string& path) const;
    bool is_parent(const std::string& path) const;  // "sim" when "sim.quantum" exists
    const std::vector<param>& params() const { return m_params; }  // in declaration order

    // The closest known path for a near miss ("sim.quantom" -> "sim.quantum"), or "" when none is close.
    std::string suggest(const std::string& path) const;

private:
    std::vector<param> m_params;
    std::map<std::string, size_t> m_index;
};

// The keys every scenario has: name, description, platform, seed, sim.quantum, sim.time_limit, log.level.
void add_common_params(schema& s);

} // namespace vplab::config
