#pragma once
// Per clock cycle, which kinds of column command (up to 32: rank, bank group, direction) may not issue there because
// of the commands recorded so far: the timing checker's answer for reads and writes, kept over a sliding window of
// `span` cycles in a ring. A column command blocks a fixed pattern of cells around its own cycle, so recording one
// is an OR of a short array (vectorised), and placing one is a scan for the first cell without its kind's bit.
//
// The window only moves forward (advance()); cycles outside it read as clear, and nothing may be blocked beyond it.

#include "dram/dram_command.h"

#include <algorithm>
#include <cassert>
#include <cstdint>
#include <vector>

namespace vplab::dram {

class blocked_cells {
public:
    static constexpr cycle_t span = 16384;  // a power of two

    blocked_cells() : m_cells(span, 0) {}

    cycle_t base() const { return m_base; }

    // ORs pattern[j] into the cell of cycle first + j for j < n; `first` may lie before cycle zero, and cells
    // before the window are left out (nothing asks about them).
    void block(std::int64_t first, const std::uint32_t* pattern, std::size_t n) {
        std::size_t j = 0;
        if (first < std::int64_t(m_base)) j = std::min<std::size_t>(n, std::size_t(std::int64_t(m_base) - first));
        while (j < n) {
            const cycle_t c = cycle_t(first + std::int64_t(j));
            assert(c - m_base < span);
            // Up to the end of the ring in one contiguous run.
            const std::size_t at = std::size_t(c & mask);
            const std::size_t run = std::min(n - j, std::size_t(span) - at);
            or_into(&m_cells[at], pattern + j, run);
            j += run;
        }
    }
    // Sets `kinds` in the cells of cycles [lo, hi) (inside the window).
    void block(cycle_t lo, cycle_t hi, std::uint32_t kinds) {
        for (cycle_t c = std::max(lo, m_base); c < hi; ++c) {
            assert(c - m_base < span);
            m_cells[c & mask] |= kinds;
        }
    }

    // The first cycle at or after c (inside or after the window) whose cell lacks `kind`.
    cycle_t first_clear(std::uint32_t kind, cycle_t c) const {
        while (c - m_base < span && (m_cells[c & mask] & kind)) ++c;
        return c;
    }

    // Moves the window's start forward to `c` (never back), clearing the cells it leaves so that they come back
    // clear as the window's newest.
    void advance(cycle_t c) {
        if (c <= m_base) return;
        const cycle_t stop = std::min(c, m_base + span);
        for (cycle_t from = m_base; from < stop;) {
            const std::size_t at = std::size_t(from & mask);
            const std::size_t run = std::min<std::size_t>(stop - from, std::size_t(span) - at);
            std::fill_n(&m_cells[at], run, 0u);
            from += run;
        }
        m_base = c;
    }

private:
    static constexpr cycle_t mask = span - 1;
    static void or_into(std::uint32_t* __restrict dst, const std::uint32_t* __restrict src, std::size_t n) {
        for (std::size_t i = 0; i < n; ++i) dst[i] |= src[i];
    }

    std::vector<std::uint32_t> m_cells;
    cycle_t m_base = 0;
};

} // namespace vplab::dram
