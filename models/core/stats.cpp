#include "stats.h"

#include <algorithm>
#include <vector>

namespace vplab::core {

namespace {
std::vector<const stats_source*>& sources() {
    static std::vector<const stats_source*> list;
    return list;
}
} // namespace

stats_source::stats_source() { sources().push_back(this); }

stats_source::~stats_source() {
    auto& list = sources();
    list.erase(std::remove(list.begin(), list.end(), this), list.end());
}

nlohmann::json collect_stats() {
    nlohmann::json all = nlohmann::json::object();
    for (const stats_source* s : sources()) {
        nlohmann::json entry = nlohmann::json::object();
        s->report_stats(entry);
        all[s->stats_name()] = std::move(entry);
    }
    return all;
}

} // namespace vplab::core
