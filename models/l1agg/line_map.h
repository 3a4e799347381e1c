#pragma once
// Line address -> MSHR id for one L1: open addressing with linear probing in a flat power-of-two table, sized for
// the MSHR count so probes stay short. Lookups happen on every miss and every fill, and a node-based hash map
// (one allocation per insert, a pointer chase per lookup) was a visible share of a request's cost.

#include <cstdint>
#include <vector>

namespace vplab::l1agg {

class line_map {
public:
    static constexpr std::uint32_t none = ~0u;

    // Room for `capacity` entries at a load factor of at most 1/4.
    explicit line_map(std::size_t capacity = 64) {
        std::size_t n = 16;
        while (n < 4 * capacity) n *= 2;
        m_slots.assign(n, slot{});
        m_mask = n - 1;
    }

    std::uint32_t find(std::uint64_t line) const {
        for (std::size_t i = index(line);; i = (i + 1) & m_mask) {
            const slot& s = m_slots[i];
            if (s.value == none) return none;
            if (s.key == line) return s.value;
        }
    }
    // `line` must not be present. Grows when the table would pass its load factor (more entries than MSHRs can
    // only happen if a caller keeps more lines open than it declared).
    void insert(std::uint64_t line, std::uint32_t value) {
        if (4 * (m_size + 1) > m_slots.size()) grow();
        std::size_t i = index(line);
        while (m_slots[i].value != none) i = (i + 1) & m_mask;
        m_slots[i] = {line, value};
        ++m_size;
    }
    void erase(std::uint64_t line) {
        std::size_t i = index(line);
        while (m_slots[i].value != none && m_slots[i].key != line) i = (i + 1) & m_mask;
        if (m_slots[i].value == none) return;
        // Backward-shift deletion: later entries of the probe run move up, so no tombstones accumulate.
        for (std::size_t j = (i + 1) & m_mask; m_slots[j].value != none; j = (j + 1) & m_mask) {
            const std::size_t home = index(m_slots[j].key);
            // Move j into the hole at i unless its home lies cyclically in (i, j].
            if (((j - home) & m_mask) >= ((j - i) & m_mask)) {
                m_slots[i] = m_slots[j];
                i = j;
            }
        }
        m_slots[i] = slot{};
        --m_size;
    }
    void clear() {
        for (slot& s : m_slots) s = slot{};
        m_size = 0;
    }
    std::size_t size() const { return m_size; }

private:
    struct slot {
        std::uint64_t key = 0;
        std::uint32_t value = none;
    };
    std::size_t index(std::uint64_t line) const {
        return static_cast<std::size_t>((line * 0x9e3779b97f4a7c15ull) >> 32) & m_mask;
    }
    void grow() {
        std::vector<slot> old;
        old.swap(m_slots);
        m_slots.assign(old.size() * 2, slot{});
        m_mask = m_slots.size() - 1;
        m_size = 0;
        for (const slot& s : old)
            if (s.value != none) insert(s.key, s.value);
    }

    std::vector<slot> m_slots;
    std::size_t m_mask = 0;
    std::size_t m_size = 0;
};

} // namespace vplab::l1agg
