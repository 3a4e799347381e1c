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
    struct line {
        std::uint64_t tag = 0;       // the full line address (address / 128)
        std::uint64_t stamp = 0;     // last use, for LRU
        double ready = 0;            // L2: cycle the data arrives from DRAM
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
        const std::size_t base = set * m_geo.ways;
        const std::uint64_t* tags = &m_tags[base];
        for (unsigned w = 0; w < m_geo.ways; ++w)
            if (tags[w] == line_addr && m_lines[base + w].valid) return &m_lines[base + w];
        return nullptr;
    }
    const line* find(std::uint64_t line_addr) const { return const_cast<sector_cache*>(this)->find(line_addr); }
    const line* find_in(std::size_t set, std::uint64_t line_addr) const {
        return const_cast<sector_cache*>(this)->find_in(set, line_addr);
    }
    void touch(line& l) { l.stamp = ++m_clock; }
    // Takes an invalid way of the set, else the least recently used one; the new line is most recently used,
    // with no sector valid.
    line& allocate(std::uint64_t line_addr, victim* evicted = nullptr) {
        return allocate_in(set_of(line_addr), line_addr, evicted);
    }
    // The same, with the set already known (set_of).
    line& allocate_in(std::size_t set, std::uint64_t line_addr, victim* evicted = nullptr);
    bool invalidate(std::uint64_t line_addr);
    void flush();
    void reset_ready() {
        for (line& l : m_lines) l.ready = 0;
    }

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

    cache_geometry m_geo;
    std::uint64_t m_set_mask = 0;  // sets - 1 if sets is a power of two greater than one, else 0
    std::vector<line> m_lines;  // set-major
    // The tags again, contiguous, so a lookup scans one or two cache lines instead of every way's whole record.
    // A way that was never allocated since its last invalidation holds no_tag (no line address reaches it).
    std::vector<std::uint64_t> m_tags;
    static constexpr std::uint64_t no_tag = ~0ull;
    std::uint64_t m_clock = 0;
};

} // namespace vplab::l1agg
