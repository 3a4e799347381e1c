// The channel controller as a plain timing engine (no SystemC processes): scheduler order, page policies, queue
// depth and lazy refresh.
#include "dram/channel_controller.h"

#include <catch2/catch.hpp>

#include <vector>

using namespace vplab::dram;

namespace {

dram_config make(scheduler_kind s, page_policy_kind p, bool refresh = false) {
    dram_config c;
    c.spec = preset("ddr4-3200");
    c.controller.scheduler = s;
    c.controller.page_policy = p;
    c.controller.refresh = refresh;
    return c;
}

dram_address at(std::uint32_t bank, std::uint32_t row, std::uint32_t column = 0) {
    dram_address a;
    a.bank = bank;
    a.flat_bank = bank;  // bank group 0, rank 0
    a.row = row;
    a.column = column;
    return a;
}

// Serves one request to open row 1 of bank 0, then queues a conflict (row 2) and, younger, a hit (row 1).
std::vector<std::uint64_t> order_of(scheduler_kind s) {
    channel_controller c(make(s, page_policy_kind::open));
    std::vector<dram_completion> done;
    c.enqueue(at(0, 1), false, 0, 0);
    c.run_until(1000, done);
    done.clear();
    const std::uint64_t conflict = c.enqueue(at(0, 2), false, 2000, 0);
    const std::uint64_t hit = c.enqueue(at(0, 1, 1), false, 2000, 0);
    c.run_until(10000, done);
    REQUIRE(done.size() == 2);
    CHECK(((done[0].id == conflict && done[1].id == hit) || (done[0].id == hit && done[1].id == conflict)));
    return {done[0].id == hit ? 1u : 2u, done[1].id == hit ? 1u : 2u};
}

} // namespace

TEST_CASE("dram controller: FR-FCFS serves a younger row hit before an older conflict, FCFS does not",
          "[dram][controller]") {
    CHECK(order_of(scheduler_kind::frfcfs) == std::vector<std::uint64_t>{1, 2});
    CHECK(order_of(scheduler_kind::fcfs) == std::vector<std::uint64_t>{2, 1});
}

TEST_CASE("dram controller: page policies decide when a row closes", "[dram][controller]") {
    std::vector<dram_completion> done;
    // Closed: the second access to the same row is a miss, not a hit, and never a conflict.
    channel_controller closed(make(scheduler_kind::frfcfs, page_policy_kind::closed));
    closed.enqueue(at(0, 1), false, 0, 0);
    closed.run_until(1000, done);
    closed.enqueue(at(0, 1, 1), false, 2000, 0);
    closed.enqueue(at(0, 3), false, 4000, 0);
    closed.run_until(10000, done);
    CHECK(closed.stats().row_misses == 3);
    CHECK(closed.stats().row_hits == 0);
    CHECK(closed.stats().precharges == 3);

    // Open-adaptive: stays open while a hit waits, closes when only another row waits.
    channel_controller adaptive(make(scheduler_kind::frfcfs, page_policy_kind::open_adaptive));
    adaptive.enqueue(at(0, 1), false, 0, 0);
    adaptive.enqueue(at(0, 1, 1), false, 0, 0);
    adaptive.enqueue(at(0, 2), false, 0, 0);
    adaptive.run_until(10000, done);
    CHECK(adaptive.stats().row_hits == 1);
    CHECK(adaptive.stats().row_misses == 2);  // row 2 found the bank already precharged
    CHECK(adaptive.stats().row_conflicts == 0);

    // Open: the same sequence pays a conflict.
    channel_controller open(make(scheduler_kind::frfcfs, page_policy_kind::open));
    open.enqueue(at(0, 1), false, 0, 0);
    open.enqueue(at(0, 1, 1), false, 0, 0);
    open.enqueue(at(0, 2), false, 0, 0);
    open.run_until(10000, done);
    CHECK(open.stats().row_hits == 1);
    CHECK(open.stats().row_conflicts == 1);
}

TEST_CASE("dram controller: the queue reports full at its depth", "[dram][controller]") {
    dram_config cfg = make(scheduler_kind::frfcfs, page_policy_kind::open);
    cfg.controller.queue_depth = 2;
    channel_controller c(cfg);
    c.enqueue(at(0, 1), false, 0, 0);
    CHECK_FALSE(c.full());
    c.enqueue(at(1, 1), false, 0, 0);
    CHECK(c.full());
    CHECK(c.next_command_time() == 0);
    std::vector<dram_completion> done;
    c.run_until(0, done);  // the first ACT only
    CHECK(c.full());
    c.run_until(1000, done);
    CHECK_FALSE(c.full());
    CHECK(c.next_command_time() == channel_controller::never);
}

TEST_CASE("dram controller: refresh falls due every tREFI and is caught up after idle time", "[dram][controller]") {
    channel_controller c(make(scheduler_kind::frfcfs, page_policy_kind::open, true));
    const auto& t = preset("ddr4-3200").timing;
    CHECK(c.next_command_time() == channel_controller::never);  // idle: no events needed
    c.finish(10ull * t.tREFI + 5);
    CHECK(c.refresh().refreshes() == 10);
    // A request after the idle time waits for nothing but its own timing.
    std::vector<dram_completion> done;
    const cycle_t arrival = 10ull * t.tREFI + t.tRFC + 100;
    c.enqueue(at(2, 7), false, arrival, 0);
    const dram_completion r = c.run_until_served(1, done);
    CHECK(r.data_end - arrival == t.tRCD + t.CL + preset("ddr4-3200").burst_cycles());
    const energy_breakdown e = c.energy().energy();
    CHECK(e.refresh > 0);
    CHECK(e.background > 0);

    // A long idle stretch costs no time to simulate: the refreshes are counted, not issued one by one.
    channel_controller idle(make(scheduler_kind::frfcfs, page_policy_kind::open, true));
    idle.finish(1'000'000ull * t.tREFI + 5);
    CHECK(idle.refresh().refreshes() == 1'000'000);
    CHECK(idle.energy().energy().refresh == Approx(e.refresh / 10 * 1'000'000));
    idle.enqueue(at(2, 7), false, 1'000'000ull * t.tREFI + t.tRFC, 0);
    CHECK(idle.run_until_served(1, done).data_end == 1'000'000ull * t.tREFI + t.tRFC + t.tRCD + t.CL + 4);
}
