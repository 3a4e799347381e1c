#pragma once
// An independent LRU set-associative sector cache, written as plainly as possible (one list per set, most recent
// first) to check the L1 model against: the same accesses in the same order must give the same hits and misses.
// Policy: a read hits when the line is present with every requested sector; a miss brings the line (and the
// missing sectors) in, evicting the least recently used line of a full set. A write hits likewise; it marks its
// sectors valid when the line is present or, with write-allocate, allocates the line.

#include <cstdint>
#include <list>
#include <vector>

namespace vplab::l1agg_ref {

class lru_reference {
public:
    lru_reference(unsigned sets, unsigned ways, bool write_allocate = true)
        : m_sets(sets), m_ways(ways), m_write_allocate(write_allocate), m_lists(sets) {}

    // Returns true on a hit.
    bool access(std::uint64_t line, std::uint8_t sectors, bool write) {
        std::list<entry>& set = m_lists[line % m_sets];
        for (auto it = set.begin(); it != set.end(); ++it) {
            if (it->line != line) continue;
            const bool hit = (it->sectors & sectors) == sectors;
            it->sectors |= sectors;
            set.splice(set.begin(), set, it);  // most recently used first
            return hit;
        }
        if (write && !m_write_allocate) return false;
        if (set.size() == m_ways) set.pop_back();
        set.push_front({line, sectors});
        return false;
    }
    // Plain line-granular lookup for the benchmark's native loop.
    bool read(std::uint64_t line) { return access(line, 0xf, false); }

private:
    struct entry {
        std::uint64_t line;
        std::uint8_t sectors;
    };
    unsigned m_sets, m_ways;
    bool m_write_allocate;
    std::vector<std::list<entry>> m_lists;
};

} // namespace vplab::l1agg_ref
