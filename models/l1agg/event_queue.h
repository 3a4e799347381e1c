#pragma once
// The engine's future events, ordered by (time, insertion order). A calendar of quarter-cycle buckets over a
// horizon of 1024 cycles, with a heap for events beyond it: pushing is an append, and each bucket is sorted once (by
// time; it is already in push order) when the engine reaches it. Same order as a binary heap on (time, push
// order), several times cheaper per event.

#include <algorithm>
#include <cstdint>
#include <functional>
#include <queue>
#include <vector>

namespace vplab::l1agg {

class event_queue {
public:
    // 16 bytes: buckets hold events in push order, so only the heap needs a sequence number (far_event).
    struct event {
        double t;
        std::uint32_t kind;
        std::uint32_t id;
    };

    event_queue() : m_ring(horizon) {}

    // `t` must not be earlier than the last popped event's time.
    void push(double t, std::uint32_t kind, std::uint32_t id) {
        const event e{t, kind, id};
        const std::uint64_t c = bucket_of(t);
        ++m_size;
        if (m_loaded && c <= m_bucket) {
            // Into the bucket being drained, after every event not later than it (all were pushed before it).
            // New events are mostly the latest, so the search from the back is short.
            std::size_t i = m_current.size();
            while (i > m_pos && m_current[i - 1].t > t) --i;
            m_current.insert(m_current.begin() + static_cast<std::ptrdiff_t>(i), e);
        } else if (c < m_bucket + horizon && c >= m_bucket) {
            m_ring[c % horizon].push_back(e);
            ++m_in_ring;
        } else {
            m_far.push({e, m_seq++});
        }
    }

    bool empty() const { return m_size == 0; }

    event pop() {
        while (m_pos == m_current.size()) advance();
        --m_size;
        return m_current[m_pos++];
    }

    void clear() {
        for (auto& b : m_ring) b.clear();
        m_current.clear();
        m_pos = 0;
        m_far = {};
        m_bucket = 0;
        m_seq = 0;
        m_size = m_in_ring = 0;
        m_loaded = false;
    }

private:
    // Quarter-cycle buckets: issue slots are quarter cycles, and smaller buckets leave less to sort.
    static constexpr double buckets_per_cycle = 4;
    static constexpr std::uint64_t horizon = 1024 * 4;
    // Truncation is floor for the non-negative times the engine uses, and much cheaper than std::floor; scaling
    // by a power of two is exact, so the bucket order is the time order.
    // (Through a signed integer: one instruction on x86-64, where a double-to-unsigned conversion takes several.)
    static std::uint64_t bucket_of(double t) {
        return static_cast<std::uint64_t>(static_cast<std::int64_t>(t * buckets_per_cycle));
    }

    // Loads the next bucket that has events into m_current.
    void advance() {
        if (m_loaded) ++m_bucket;
        if (m_in_ring == 0 && !m_far.empty()) m_bucket = std::max(m_bucket, bucket_of(m_far.top().e.t));
        while (m_ring[m_bucket % horizon].empty() && (m_far.empty() || bucket_of(m_far.top().e.t) > m_bucket))
            ++m_bucket;
        std::vector<event>& bucket = m_ring[m_bucket % horizon];
        m_in_ring -= bucket.size();
        m_current.clear();
        m_pos = 0;
        // Events of this bucket from the heap were pushed before any of its ring events (the bucket was beyond the
        // horizon then), so heap events in (time, push) order followed by the bucket are in push order, and a
        // stable sort by time alone yields (time, push) order.
        while (!m_far.empty() && bucket_of(m_far.top().e.t) <= m_bucket) {
            m_current.push_back(m_far.top().e);
            m_far.pop();
        }
        if (m_current.empty()) m_current.swap(bucket);
        else m_current.insert(m_current.end(), bucket.begin(), bucket.end());
        bucket.clear();
        sort_by_time();
        m_loaded = true;
    }

    void sort_by_time() {
        const auto earlier = [](const event& a, const event& b) { return a.t < b.t; };
        if (m_current.size() > 32) {
            std::stable_sort(m_current.begin(), m_current.end(), earlier);
            return;
        }
        // Buckets are short and mostly in order already: insertion sort, stable by construction.
        for (std::size_t i = 1; i < m_current.size(); ++i) {
            const event e = m_current[i];
            std::size_t j = i;
            for (; j > 0 && earlier(e, m_current[j - 1]); --j) m_current[j] = m_current[j - 1];
            m_current[j] = e;
        }
    }

    std::vector<std::vector<event>> m_ring;
    std::vector<event> m_current;  // the bucket being drained, in order; [m_pos, end) not popped yet
    std::size_t m_pos = 0;
    struct far_event {
        event e;
        std::uint64_t seq;
        bool operator>(const far_event& o) const { return e.t != o.e.t ? e.t > o.e.t : seq > o.seq; }
    };
    std::priority_queue<far_event, std::vector<far_event>, std::greater<>> m_far;
    std::uint64_t m_bucket = 0;
    std::uint64_t m_seq = 0;  // heap pushes only
    std::size_t m_size = 0, m_in_ring = 0;
    bool m_loaded = false;
};

} // namespace vplab::l1agg
