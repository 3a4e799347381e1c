#pragma once
// A set of bitmaps with one bit per clock cycle over a common sliding window of `span` cycles: the timing checker's
// record of which cycles the command bus occupies and where its slots end. Finding the latest busy cycle in a range
// is a few word operations wherever it lies, so recording a command that lands between earlier ones costs what
// appending does. The words of all bitmaps for the same 64 cycles lie side by side.
//
// The window starts at a word boundary and only moves forward (advance()). Cycles outside it read as clear; set()
// must stay inside it.

#include "dram/dram_command.h"

#include <cassert>
#include <cstdint>
#include <vector>

namespace vplab::dram {

class cycle_bitmaps {
public:
    static constexpr std::size_t words = 256;  // per bitmap
    static constexpr cycle_t span = cycle_t(words) * 64;
    static constexpr cycle_t none = ~cycle_t(0);

    explicit cycle_bitmaps(std::size_t count) : m_count(count), m_words(words * count, 0) {}

    // First cycle of the window.
    cycle_t base() const { return m_base_word * 64; }

    // Sets cycles [lo, hi) of bitmap `i`.
    void set(std::size_t i, cycle_t lo, cycle_t hi) {
        if (lo >= hi) return;
        const cycle_t last = (hi - 1) >> 6;
        assert(inside(lo >> 6) && inside(last));
        std::uint64_t bits = ~std::uint64_t(0) << (lo & 63);
        for (cycle_t w = lo >> 6; w < last; ++w) {
            m_words[index(i, w)] |= bits;
            bits = ~std::uint64_t(0);
        }
        m_words[index(i, last)] |= bits & (~std::uint64_t(0) >> (63 - ((hi - 1) & 63)));
    }

    // The latest set cycle of bitmap `i` in [lo, hi), or `none`.
    cycle_t last_in(std::size_t i, cycle_t lo, cycle_t hi) const {
        if (lo >= hi) return none;
        cycle_t w = (hi - 1) >> 6;
        const cycle_t first = lo >> 6;
        std::uint64_t x = word(i, w) & (~std::uint64_t(0) >> (63 - ((hi - 1) & 63)));
        for (;;) {
            if (w == first) x &= ~std::uint64_t(0) << (lo & 63);
            if (x) return w * 64 + 63 - cycle_t(__builtin_clzll(x));
            // Below the window everything reads clear: stop there rather than walk to `lo`.
            if (w == first || w <= m_base_word) return none;
            x = word(i, --w);
        }
    }

    // Moves the window's start forward to the word holding cycle `c` (never back), clearing what it leaves so that
    // the words come back clear as the window's newest.
    void advance(cycle_t c) {
        const cycle_t target = c >> 6;
        if (target <= m_base_word) return;
        const cycle_t stop = target - m_base_word >= words ? m_base_word + words : target;
        for (cycle_t w = m_base_word; w < stop; ++w)
            for (std::size_t i = 0; i < m_count; ++i) m_words[index(i, w)] = 0;
        m_base_word = target;
    }

private:
    static constexpr cycle_t mask = words - 1;
    std::size_t index(std::size_t i, cycle_t w) const { return std::size_t(w & mask) * m_count + i; }
    bool inside(cycle_t w) const { return w - m_base_word < words; }  // unsigned: below the base wraps to large
    std::uint64_t word(std::size_t i, cycle_t w) const { return inside(w) ? m_words[index(i, w)] : 0; }

    std::size_t m_count;
    std::vector<std::uint64_t> m_words;
    cycle_t m_base_word = 0;
};

} // namespace vplab::dram
