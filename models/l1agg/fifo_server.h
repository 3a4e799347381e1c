#pragma once
// A resource with finite bandwidth serving requests in arrival order: an L1 data port, a tag stage, a crossbar
// port, an L2 slice, a DRAM channel. reserve() is called in simulated-time order by the event engine, so the
// queue is explicit: a request waits while earlier ones occupy the resource, and that wait is counted.

#include <algorithm>
#include <cstdint>

namespace vplab::l1agg {

class fifo_server {
public:
    // `units_per_cycle`: bytes (or lookups) the resource moves per cycle.
    explicit fifo_server(double units_per_cycle = 1) : m_cycles_per_unit(1.0 / units_per_cycle) {}

    // A request of `units` arriving at `t` (cycles): returns when its service ends.
    double reserve(double t, double units) {
        const double start = std::max(t, m_free);
        m_wait += start - t;
        if (start > t) ++m_queued;
        m_free = start + units * m_cycles_per_unit;
        m_busy += units * m_cycles_per_unit;
        ++m_requests;
        return m_free;
    }
    void reset_time() { m_free = 0; }
    double wait_cycles() const { return m_wait; }
    double busy_cycles() const { return m_busy; }
    std::uint64_t requests() const { return m_requests; }
    std::uint64_t queued() const { return m_queued; }
    void clear_counters() { m_wait = m_busy = 0; m_requests = m_queued = 0; }

private:
    double m_cycles_per_unit;
    double m_free = 0;
    double m_wait = 0, m_busy = 0;
    std::uint64_t m_requests = 0, m_queued = 0;
};

} // namespace vplab::l1agg
