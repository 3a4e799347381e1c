#pragma once
// A set-associative tag array with LRU replacement and per-sector valid bits, as GPGPU-Sim's sector caches
// ('S' type, LRU 'L'). Used for every L1 and every L2 slice. Pure bookkeeping: timing lives in the engine.

#include <cstdint>
#include <vector>

namespace vplab::l1agg {

struct cache_geometry {
    unsigned sets = 64;
    unsigned ways = 4;
    // Set index from XOR-folded line-address bits (as GPGPU-Sim's hashed set-index options) rather than the low
    // bits, so power-of-two strides between CTAs do not pile onto a few sets.
    bool hashed = true;
    std::uint64_t lines() const { return std::uint64_t(sets) * ways; }
};

class sector_cache {
public:
    // 16 bytes, so that the model's caches take as little of the host's as possible (a 4-way set is 64 bytes):
    // every request looks up several of them, and their misses in the host's caches were much of its cost.
    struct line {
        std::uint64_t tag = 0;       // the full line address (address / 128)
        std::uint32_t stamp = 0;     // last use, for LRU; 0 for a line never used since it was cleared
        std::uint8_t valid = 0;      // sectors present (or reserved, see pending); 0 = invalid line
        std::uint8_t pending = 0;    // L1: sectors allocated on miss whose fill has not returned yet
        std::uint8_t pending_remote = 0;  // L1: the pending sectors that come from a peer L1 (ata)
        bool dirty = false;          // L2 (write-back)
    };
    struct victim {
        bool valid = false;
        bool dirty = false;
        std::uint64_t tag = 0;
        std::uint8_t sectors = 0;
    };

    explicit sector_cache(const cache_geometry& g);

    // The line holding `line_addr`, or nullptr. Does not change LRU order.
    line* find(std::uint64_t line_addr) { return find_in(set_of(line_addr), line_addr); }
    // The same, with the set already known (set_of): caches of one geometry share it, so an ATA probe of every
    // peer L1 hashes the address once.
    line* find_in(std::size_t set, std::uint64_t line_addr) {
        const unsigned ways = m_geo.ways;
        const std::size_t base = set * ways;
        const std::uint64_t* tags = m_tags.data() + base;
        for (unsigned w = 0; w < ways; ++w)
            if (tags[w] == line_addr && m_lines[base + w].valid) return &m_lines[base + w];
        return nullptr;
    }
    const line* find(std::uint64_t line_addr) const { return const_cast<sector_cache*>(this)->find(line_addr); }
    const line* find_in(std::size_t set, std::uint64_t line_addr) const {
        return const_cast<sector_cache*>(this)->find_in(set, line_addr);
    }
    void touch(line& l) {
        if (m_clock == max_stamp) renumber();
        l.stamp = ++m_clock;
    }
    // Takes an invalid way of the set, else the least recently used one; the new line is most recently used,
    // with no sector valid.
    line& allocate(std::uint64_t line_addr, victim* evicted = nullptr) {
        return allocate_in(set_of(line_addr), line_addr, evicted);
    }
    // The same, with the set already known (set_of).
    line& allocate_in(std::size_t set, std::uint64_t line_addr, victim* evicted = nullptr) {
        const unsigned ways = m_geo.ways;
        const std::size_t base = set * ways;
        line* lines = m_lines.data() + base;
        // The first invalid way, else the least recently used (stamps of valid lines are distinct).
        line* pick = lines;
        for (unsigned w = 0; w < ways; ++w) {
            if (!lines[w].valid) {
                pick = &lines[w];
                break;
            }
            if (lines[w].stamp < pick->stamp) pick = &lines[w];
        }
        if (evicted) *evicted = {pick->valid != 0, pick->dirty, pick->tag, pick->valid};
        *pick = line{};
        pick->tag = line_addr;
        m_tags[base + static_cast<std::size_t>(pick - lines)] = line_addr;
        touch(*pick);
        return *pick;
    }
    bool invalidate(std::uint64_t line_addr);
    void flush();
    // The position of `l` in the cache (0 .. lines() - 1), for data kept beside the tags (the L2's ready times).
    std::size_t index_of(const line& l) const { return static_cast<std::size_t>(&l - m_lines.data()); }
    // For tests: moves the LRU clock forward as `n` touches of other lines would, to reach the renumbering.
    void advance_clock(std::uint32_t n);

    const cache_geometry& geometry() const { return m_geo; }
    template <class F> void for_each_valid(F&& fn) const {
        for (const line& l : m_lines)
            if (l.valid) fn(l);
    }

    // The set holding `line_addr` (for find_in).
    std::size_t set_of(std::uint64_t line_addr) const {
        const std::uint64_t x = m_geo.hashed ? line_addr ^ (line_addr >> 7) ^ (line_addr >> 14) ^ (line_addr >> 21)
                                             : line_addr;
        // A mask when the set count is a power of two (every shipped geometry): a division costs more than the
        // whole tag compare.
        return static_cast<std::size_t>(m_set_mask ? x & m_set_mask : x % m_geo.sets);
    }

private:
    static constexpr std::uint32_t max_stamp = ~0u;
    // Before the clock would wrap: renumbers the used lines' stamps 1, 2, ... in their order, which keeps every
    // LRU decision as it was.
    void renumber();

    cache_geometry m_geo;
    std::uint64_t m_set_mask = 0;  // sets - 1 if sets is a power of two greater than one, else 0
    std::vector<line> m_lines;  // set-major
    // The tags again, contiguous, so a lookup scans one or two cache lines instead of every way's whole record.
    // A way that was never allocated since its last invalidation holds no_tag (no line address reaches it).
    std::vector<std::uint64_t> m_tags;
    static constexpr std::uint64_t no_tag = ~0ull;
    std::uint32_t m_clock = 0;
};

} // namespace vplab::l1agg
