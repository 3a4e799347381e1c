// cycle_cells keeps one byte per cycle and plane in a ring that slides forward. Checked against a plain map from
// cycle to byte on random marks and patterns (inside the ring, across its end, reaching before the window's start)
// and random moves of the window: every query inside the window answers what the map says, and cycles the window
// has left or not reached read as clear.
#include "dram/cycle_cells.h"

#include <catch2/catch.hpp>

#include <algorithm>
#include <map>
#include <random>
#include <vector>

using namespace vplab::dram;

namespace {

// The reference: cells that were ever set, per plane; what lies outside the window is dropped as it moves.
struct reference {
    std::vector<std::map<cycle_t, std::uint8_t>> planes;
    cycle_t base = 0;

    std::uint8_t cell(std::size_t plane, cycle_t c) const {
        if (c < base || c >= base + cycle_cells::span) return 0;
        const auto it = planes[plane].find(c);
        return it == planes[plane].end() ? 0 : it->second;
    }
    void advance(cycle_t c) {
        base = std::max(base, c);
        for (auto& p : planes) p.erase(p.begin(), p.lower_bound(base));
    }
};

} // namespace

TEST_CASE("cycle_cells: marks, patterns and scans agree with a plain map as the window slides", "[dram][cells]") {
    constexpr std::size_t planes = 2;
    cycle_cells cells(planes);
    reference ref{std::vector<std::map<cycle_t, std::uint8_t>>(planes)};
    std::mt19937_64 rng(11);
    cycle_t front = 40;  // where the activity is, moving forward like a command stream
    for (int step = 0; step < 4000; ++step) {
        const std::size_t plane = rng() % planes;
        const auto bits = std::uint8_t(1u << (rng() % 8));
        switch (rng() % 5) {
        case 0: {  // a short range
            const cycle_t back = rng() % 64;
            const cycle_t lo = std::max(cells.base(), front > back ? front - back : 0), hi = lo + rng() % 6;
            cells.set(plane, bits, lo, hi);
            for (cycle_t c = lo; c < hi; ++c) ref.planes[plane][c] |= bits;
            break;
        }
        case 1: {  // a pattern of whole vectors, sometimes reaching before the window
            std::vector<std::uint8_t> pattern(16 * (1 + rng() % 3));
            for (auto& b : pattern) b = rng() % 4 == 0 ? std::uint8_t(rng()) : 0;
            const std::int64_t first = std::int64_t(front) - std::int64_t(rng() % 80);
            cells.set_pattern(plane, first, pattern.data(), pattern.size());
            for (std::size_t j = 0; j < pattern.size(); ++j) {
                const std::int64_t c = first + std::int64_t(j);
                if (c >= std::int64_t(cells.base()) && pattern[j]) ref.planes[plane][cycle_t(c)] |= pattern[j];
            }
            break;
        }
        case 2: {  // scans
            const cycle_t from = cells.base() + rng() % (front - cells.base() + 40);
            cycle_t expect = from;
            while (ref.cell(plane, expect) & bits) ++expect;
            REQUIRE(cells.first_without(plane, bits, from) == expect);
            const cycle_t lo = cells.base() + rng() % (front - cells.base() + 1), hi = lo + rng() % 200;
            cycle_t last = cycle_cells::none;
            for (cycle_t c = lo; c < hi; ++c)
                if (ref.cell(plane, c) & bits) last = c;
            REQUIRE(cells.last_with(plane, bits, lo, hi) == last);
            break;
        }
        case 3:  // the window follows the activity, now and then jumping more than a whole ring
            if (rng() % 50 == 0) front += cycle_cells::span + rng() % 1000;
            else front += rng() % 300;
            if (front > cycle_cells::span / 2) {
                const cycle_t to = front - cycle_cells::span / 2 + rng() % 100;
                cells.advance(to);
                ref.advance(to);
            }
            break;
        default:  // nothing set beyond the window: every cycle ahead of the activity reads clear
            REQUIRE(cells.first_without(plane, bits, front + 200) == front + 200);
            break;
        }
    }
}
