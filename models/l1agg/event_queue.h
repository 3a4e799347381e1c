#pragma once
// The engine's future events, ordered by (time, insertion order). A calendar of one-cycle buckets over a horizon
// of 1024 cycles, with a heap for events beyond it: pushing is an append, and each bucket is sorted once when the
// engine reaches its cycle. Same order as a binary heap on (time, sequence), several times cheaper per event.

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <functional>
#include <queue>
#include <vector>

namespace vplab::l1agg {

class event_queue {
public:
    struct event {
        double t;
        std::uint64_t seq;
        std::uint32_t kind;
        std::uint32_t id;
        bool operator>(const event& o) const { return t != o.t ? t > o.t : seq > o.seq; }
    };

    event_queue() : m_ring(horizon) {}

    // `t` must not be earlier than the last popped event's time.
    void push(double t, std::uint32_t kind, std::uint32_t id) {
        const event e{t, m_seq++, kind, id};
        const std::uint64_t c = cycle_of(t);
        ++m_size;
        if (m_loaded && c <= m_cycle) {
            // Into the bucket being drained, kept sorted latest-first so the next event is at the back.
            m_current.insert(std::upper_bound(m_current.begin(), m_current.end(), e, std::greater<>{}), e);
        } else if (c < m_cycle + horizon && c >= m_cycle) {
            m_ring[c % horizon].push_back(e);
            ++m_in_ring;
        } else {
            m_far.push(e);
        }
    }

    bool empty() const { return m_size == 0; }

    event pop() {
        while (m_current.empty()) advance();
        const event e = m_current.back();
        m_current.pop_back();
        --m_size;
        return e;
    }

    void clear() {
        for (auto& b : m_ring) b.clear();
        m_current.clear();
        m_far = {};
        m_cycle = 0;
        m_seq = 0;
        m_size = m_in_ring = 0;
        m_loaded = false;
    }

private:
    static constexpr std::uint64_t horizon = 1024;
    static std::uint64_t cycle_of(double t) { return static_cast<std::uint64_t>(std::floor(t)); }

    // Loads the next cycle that has events into m_current.
    void advance() {
        if (m_loaded) ++m_cycle;
        if (m_in_ring == 0 && !m_far.empty()) m_cycle = std::max(m_cycle, cycle_of(m_far.top().t));
        while (m_ring[m_cycle % horizon].empty() && (m_far.empty() || cycle_of(m_far.top().t) > m_cycle)) ++m_cycle;
        std::vector<event>& bucket = m_ring[m_cycle % horizon];
        m_in_ring -= bucket.size();
        m_current.swap(bucket);
        bucket.clear();
        while (!m_far.empty() && cycle_of(m_far.top().t) <= m_cycle) {
            m_current.push_back(m_far.top());
            m_far.pop();
        }
        std::sort(m_current.begin(), m_current.end(), std::greater<>{});
        m_loaded = true;
    }

    std::vector<std::vector<event>> m_ring;
    std::vector<event> m_current;  // the cycle being drained, latest first
    std::priority_queue<event, std::vector<event>, std::greater<>> m_far;
    std::uint64_t m_cycle = 0;
    std::uint64_t m_seq = 0;
    std::size_t m_size = 0, m_in_ring = 0;
    bool m_loaded = false;
};

} // namespace vplab::l1agg
