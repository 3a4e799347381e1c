#pragma once
// One byte per clock cycle and plane over a sliding window of `span` cycles, kept in a ring: the timing checker's
// record of which kinds of column command may not issue at a cycle (a bit per kind, eight kinds a plane) and of
// the command bus (busy cycles, slot ends). A command marks a short fixed pattern of cells around its own cycle, so
// recording one is an OR of a small byte array (vectorised) wherever it lands, and placing a read or write is a
// scan for the first cell without its kind's bit.
//
// The window only moves forward (advance()); cycles outside it read as clear, and nothing may be set beyond it.

#include "dram/dram_command.h"

#include <algorithm>
#include <cassert>
#include <cstdint>
#include <cstring>
#include <vector>

namespace vplab::dram {

class cycle_cells {
public:
    static constexpr cycle_t span = 16384;  // a power of two
    static constexpr cycle_t none = ~cycle_t(0);

    explicit cycle_cells(std::size_t planes) : m_planes(planes), m_cells(span * planes, 0) {}

    cycle_t base() const { return m_base; }

    // ORs `bits` into the cells of cycles [lo, hi); cycles before the window are left out (nothing asks about them).
    void set(std::size_t plane, std::uint8_t bits, cycle_t lo, cycle_t hi) {
        std::uint8_t* cells = &m_cells[plane * span];
        for (cycle_t c = std::max(lo, m_base); c < hi; ++c) {
            assert(c - m_base < span);
            cells[c & mask] |= bits;
        }
    }
    // ORs pattern[j] into the cell of cycle first + j, j < n (a whole number of 16-byte vectors); `first` may lie
    // before cycle zero.
    void set_pattern(std::size_t plane, std::int64_t first, const std::uint8_t* pattern, std::size_t n) {
        using block = std::uint8_t __attribute__((vector_size(16)));  // GCC / Clang vector: one SIMD OR
        std::uint8_t* cells = &m_cells[plane * span];
        const std::size_t start = std::size_t(cycle_t(first) & mask);
        if (first >= std::int64_t(m_base) && start + n <= span) {  // the usual case: one run inside the ring
            assert(n % 16 == 0 && cycle_t(first) + n - m_base <= span);
            for (std::size_t i = 0; i < n; i += 16) {
                block d, v;
                std::memcpy(&d, cells + start + i, 16);
                std::memcpy(&v, pattern + i, 16);
                d |= v;
                std::memcpy(cells + start + i, &d, 16);
            }
            return;
        }
        // Across the ring's end or the window's start: cell by cell.
        for (std::size_t j = 0; j < n; ++j) {
            const std::int64_t c = first + std::int64_t(j);
            if (c < std::int64_t(m_base)) continue;
            assert(cycle_t(c) - m_base < span);
            cells[cycle_t(c) & mask] |= pattern[j];
        }
    }

    // The first cycle at or after c (inside or after the window) whose cell lacks `bit`.
    cycle_t first_without(std::size_t plane, std::uint8_t bit, cycle_t c) const {
        const std::uint8_t* cells = &m_cells[plane * span];
        while (c - m_base < span && (cells[c & mask] & bit)) ++c;
        return c;
    }
    // The latest cycle in [lo, hi) whose cell has one of `bits`, or `none`.
    cycle_t last_with(std::size_t plane, std::uint8_t bits, cycle_t lo, cycle_t hi) const {
        const std::uint8_t* cells = &m_cells[plane * span];
        lo = std::max(lo, m_base);
        hi = std::min(hi, m_base + span);
        for (cycle_t c = hi; c > lo; --c)
            if (cells[(c - 1) & mask] & bits) return c - 1;
        return none;
    }

    // Moves the window's start forward to `c` (never back), clearing the cells it leaves so that they come back
    // clear as the window's newest.
    void advance(cycle_t c) {
        if (c <= m_base) return;
        const cycle_t stop = std::min(c, m_base + span);
        for (cycle_t from = m_base; from < stop;) {
            const std::size_t at = std::size_t(from & mask);
            const std::size_t run = std::min<std::size_t>(stop - from, std::size_t(span) - at);
            for (std::size_t p = 0; p < m_planes; ++p) std::fill_n(&m_cells[p * span + at], run, 0);
            from += run;
        }
        m_base = c;
    }

private:
    static constexpr cycle_t mask = span - 1;
    std::size_t m_planes;
    std::vector<std::uint8_t> m_cells;  // plane by plane
    cycle_t m_base = 0;
};

} // namespace vplab::dram
