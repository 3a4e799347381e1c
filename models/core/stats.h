#pragma once
// Statistics: every module that counts something derives from stats_source; the runner gathers all of
// them into results.json. One simulation per process, so one process-wide list is enough.

#include <nlohmann/json.hpp>
#include <string>

namespace vplab::core {

class stats_source {
public:
    stats_source(const stats_source&) = delete;
    stats_source& operator=(const stats_source&) = delete;

    // Key of this source in the stats object, normally the module's hierarchical name.
    virtual std::string stats_name() const = 0;
    // Writes this source's counters into `out` (an object); called once, after the simulation.
    virtual void report_stats(nlohmann::json& out) const = 0;

protected:
    stats_source();
    virtual ~stats_source();
};

// {"platform.ram": {...}, "platform.dma": {...}} for every live source, keys sorted.
nlohmann::json collect_stats();

} // namespace vplab::core
