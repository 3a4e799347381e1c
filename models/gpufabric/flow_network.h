#pragma once
// Flow-level network: directed link resources with a capacity, and transfers (flows) that cross a path of them.
// Concurrent flows share each resource max-min fairly (progressive filling), so a shared uplink splits its
// bandwidth among the transfers using it. Time advances only at flow starts and finishes and at capacity changes:
// the owner asks for the next finish time and calls advance() then; nothing happens per packet. No SystemC here, so
// the sharing rules are testable on their own.

#include <cstdint>
#include <functional>
#include <limits>
#include <string>
#include <vector>

namespace vplab::models::gpufabric {

struct link_resource {
    std::string name;
    unsigned tier = 0;         // regs::gpufabric::link_tier
    double capacity_Bps = 0;   // current; 0 while in an outage (flows stall)
    double nominal_Bps = 0;    // as configured
    bool up = true;            // false after a link-down fault: flows through it fail
    double bytes = 0;          // carried so far
    double busy_s = 0;         // time with at least one active flow
    unsigned active = 0;
};

class flow_network {
public:
    using done_fn = std::function<void(bool ok)>;
    static constexpr double never = std::numeric_limits<double>::infinity();

    unsigned add_resource(std::string name, unsigned tier, double capacity_Bps);
    std::vector<link_resource>& resources() { return m_res; }
    const std::vector<link_resource>& resources() const { return m_res; }

    // Starts moving `bytes` along `path` at time `now` (latency is the caller's business); `done` runs from
    // advance() or fail_resource(). A path with a link down fails at once (done(false) before returning).
    void start(double now, const std::vector<unsigned>& path, double bytes, done_fn done);
    // Brings every flow to time `now`, finishing those whose bytes are all delivered.
    void advance(double now);
    // The earliest time a flow finishes at the current rates (never when none can).
    double next_finish() const;
    void set_capacity(double now, unsigned resource, double capacity_Bps);
    // A link goes down for good: its flows fail.
    void fail_resource(double now, unsigned resource);
    size_t active_flows() const { return m_flows.size(); }

private:
    struct flow {
        std::vector<unsigned> path;
        double remaining = 0;
        double rate = 0;
        done_fn done;
    };
    void progress(double now);
    void reallocate();

    std::vector<link_resource> m_res;
    std::vector<flow> m_flows;
    std::vector<unsigned> m_used;  // resources crossed by at least one flow (their `active` is non-zero)
    std::vector<double> m_left;    // reallocate's scratch, valid for m_used only
    std::vector<unsigned> m_users;
    double m_now = 0;
};

} // namespace vplab::models::gpufabric
