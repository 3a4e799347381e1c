// The timing checker places a column command at the earliest cycle that every command-bus, data-bus and
// column-to-column constraint allows, whether it lands after every recorded command (the shortcut over the latest
// command per bank group and direction) or among them (the scan of the history), and whether or not it starts from
// the answer to an earlier request of its kind (bursts of one request share a lower bound). Checked against a
// brute-force search over the commands issued so far.
#include "dram/timing_checker.h"

#include <catch2/catch.hpp>

#include <algorithm>
#include <random>
#include <sstream>
#include <vector>

using namespace vplab::dram;

namespace {

struct issued {
    bool write;
    dram_address a;
    cycle_t t;
};

// Whether a column command at t fits next to every command in `log`, from the constraints' definitions.
bool legal(const dram_spec& s, const std::vector<issued>& log, bool write, const dram_address& a, cycle_t t) {
    const auto& tm = s.timing;
    const cycle_t burst = s.burst_cycles();
    const cycle_t rtw = tm.CL + burst + 2 - tm.CWL;
    const auto gap = [&](bool first_write, bool second_write, bool same_bg) -> cycle_t {
        const cycle_t ccd = same_bg ? tm.tCCD_L : tm.tCCD_S;
        if (first_write == second_write) return ccd;
        if (!first_write) return std::max(rtw, ccd);
        return tm.CWL + burst + (same_bg ? tm.tWTR_L : tm.tWTR_S);
    };
    const cycle_t start = t + (write ? tm.CWL : tm.CL);
    for (const issued& x : log) {
        if (x.t < t + tm.cmd_cycles && t < x.t + tm.cmd_cycles) return false;  // command bus
        const cycle_t xs = x.t + (x.write ? tm.CWL : tm.CL);
        const cycle_t switch_gap = x.a.rank != a.rank ? tm.tRTRS : 0;
        if (start < xs + burst + switch_gap && xs < start + burst + switch_gap) return false;  // data bus
        if (x.a.rank != a.rank) continue;
        const bool same_bg = x.a.bank_group == a.bank_group;
        if (x.t <= t ? t - x.t < gap(x.write, write, same_bg) : x.t - t < gap(write, x.write, same_bg)) return false;
    }
    return true;
}

void check_earliest(dram_spec s, std::uint32_t ranks, std::uint64_t seed) {
    s.org.ranks = ranks;
    timing_checker checker(s);
    std::mt19937_64 rng(seed);
    std::vector<issued> log;
    cycle_t latest = 100;
    cycle_t from = latest;
    // Requests start at most 80 cycles before the newest command: well inside the 1024 cycles of history the
    // checker keeps, so the brute force over the whole log sees the same constraints.
    for (int i = 0; i < 150; ++i) {
        dram_address a;
        a.rank = std::uint32_t(rng() % ranks);
        a.bank_group = std::uint32_t(rng() % s.org.bank_groups);
        a.bank = std::uint32_t(rng() % s.org.banks_per_group);
        a.flat_bank = a.rank * s.org.banks() + a.bank_group * s.org.banks_per_group + a.bank;
        const bool write = rng() % 3 == 0;
        // Mostly requests that arrive before the latest command (they may fill a hole), some after it, and runs
        // of several from one lower bound.
        if (rng() % 3 != 0)
            from = latest - std::min<cycle_t>(latest, rng() % 80) + (rng() % 4 == 0 ? rng() % 30 : 0);
        const dram_command cmd = write ? dram_command::wr : dram_command::rd;
        const cycle_t t = checker.fit(cmd, a, from);
        std::ostringstream where;
        where << s.name << " ranks " << ranks << " command " << i << (write ? " WR" : " RD") << " from " << from
              << " placed at " << t;
        INFO(where.str());
        REQUIRE(t >= from);
        REQUIRE(legal(s, log, write, a, t));
        for (cycle_t earlier = from; earlier < t; ++earlier) REQUIRE_FALSE(legal(s, log, write, a, earlier));
        checker.issue(cmd, a, t);
        log.push_back({write, a, t});
        latest = std::max(latest, t);
    }
}

} // namespace

TEST_CASE("dram checker: a column command takes the earliest legal slot, before or after recorded commands",
          "[dram][checker]") {
    for (const char* name : {"ddr4-3200", "lpddr4-3200", "hbm2"})
        for (std::uint32_t ranks : {1u, 2u})
            for (std::uint64_t seed = 1; seed <= 20; ++seed) check_earliest(preset(name), ranks, seed);
}

TEST_CASE("dram checker: after a long idle stretch a command is placed no further back than the window holds",
          "[dram][checker]") {
    const dram_spec s = preset("ddr4-3200");
    timing_checker checker(s);
    dram_address a;
    checker.issue(dram_command::rd, a, 100);
    // A command a whole window of cycles later: what lay before it is forgotten, and the floor rises with it.
    const cycle_t later = 100 + 50 * cycle_cells::span;
    checker.issue(dram_command::rd, a, later);
    const cycle_t from_start = checker.fit(dram_command::rd, a, 0);
    CHECK(from_start >= later - cycle_cells::span);
    CHECK(from_start < later);
    // Inside the window a command still takes its lower bound when nothing is near it, before the newest command.
    CHECK(checker.fit(dram_command::rd, a, later - 500) == later - 500);
    // And it keeps its gap to the newest one.
    CHECK(checker.fit(dram_command::rd, a, later - 2) == later + s.timing.tCCD_L);
}
