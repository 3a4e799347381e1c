// Timing of the b_transport face against closed forms built from the preset values.
#include "dram_test_util.h"
#include "at_initiator.h"
#include "lt_initiator.h"

#include <catch2/catch.hpp>

#include <map>
#include <memory>
#include <random>

using namespace vplab::dram;
using namespace vplab::dram::test;
using sc_core::sc_time;
using sc_core::SC_NS;
using sc_core::SC_US;

namespace {

using bench = dram_bench<lt_initiator>;

std::uint64_t address_of(const dram_memory& m, std::uint32_t bank, std::uint32_t row, std::uint32_t column) {
    dram_address a;
    a.bank = bank % m.spec().org.banks_per_group;
    a.bank_group = bank / m.spec().org.banks_per_group;
    a.row = row;
    a.column = column;
    return m.mapper().encode(a);
}

} // namespace

TEST_CASE("dram: isolated row-miss, row-hit and row-conflict reads take their closed-form latency", "[dram][timing]") {
    std::vector<std::unique_ptr<bench>> benches;
    std::map<std::string, std::vector<sc_time>> measured;
    for (const std::string& p : preset_names()) {
        benches.push_back(std::make_unique<bench>(p, config_for(p, false)));
        bench& b = *benches.back();
        b.cpu->body = [&measured, p, mem = b.mem.get()](lt_initiator& cpu) {
            unsigned char buf[64];
            const unsigned bytes = mem->spec().org.burst_bytes();
            auto& m = measured[p];
            m.push_back(cpu.access(false, address_of(*mem, 1, 5, 0), buf, bytes, sc_time(0, SC_NS)));   // miss
            m.push_back(cpu.access(false, address_of(*mem, 1, 5, 1), buf, bytes, sc_time(1, SC_US)));   // hit
            m.push_back(cpu.access(false, address_of(*mem, 1, 9, 0), buf, bytes, sc_time(2, SC_US)));   // conflict
        };
    }
    sc_core::sc_start();
    for (const auto& b : benches) {
        const dram_spec& s = b->mem->spec();
        const auto& t = s.timing;
        const auto& m = measured[s.name];
        INFO(s.name);
        REQUIRE(m.size() == 3);
        const double tck = double(s.tck_ps) * 1e-3;
        const double burst = s.burst_cycles();
        CHECK(ns(m[0]) == Approx((t.tRCD + t.CL + burst) * tck).margin(tck));
        CHECK(ns(m[1]) == Approx((t.CL + burst) * tck).margin(tck));
        CHECK(ns(m[2]) == Approx((t.tRP + t.tRCD + t.CL + burst) * tck).margin(tck));
        const dram_summary sum = b->mem->summary();
        CHECK(sum.row_misses == 1);
        CHECK(sum.row_hits == 1);
        CHECK(sum.row_conflicts == 1);
    }
}

TEST_CASE("dram: sequential streaming reads reach 90% of peak bandwidth through b_transport", "[dram][timing]") {
    // Enough requests in flight to cover latency x bandwidth (Little's law): HBM2 needs about 5 KiB.
    const std::map<std::string, std::pair<std::uint64_t, unsigned>> runs = {
        {"ddr4-3200", {256 * 1024, 32}}, {"lpddr4-3200", {128 * 1024, 16}}, {"hbm2", {512 * 1024, 256}}};
    std::vector<std::unique_ptr<bench>> benches;
    for (const auto& [p, run] : runs) {
        benches.push_back(std::make_unique<bench>(p, config_for(p)));
        benches.back()->cpu->body = [run = run](lt_initiator& cpu) {
            cpu.stream(sequential(0, run.first, 64), 64, run.second);
        };
    }
    sc_core::sc_start();
    for (const auto& b : benches) {
        b->mem->finish();
        const dram_summary s = b->mem->summary();
        INFO(b->mem->spec().name << ": " << s.bandwidth_gbps << " GB/s of " << s.peak_gbps);
        CHECK(s.efficiency >= 0.90);
        CHECK(s.efficiency <= 1.0);
        CHECK(s.row_hit_rate > 0.9);
    }
}

TEST_CASE("dram: random reads across banks are bounded by tFAW and tRRD", "[dram][timing]") {
    dram_config cfg = config_for("ddr4-3200", false);
    dram_memory mem("mem", cfg);
    at_initiator cpu("cpu");
    cpu.socket.bind(mem.socket);
    cpu.outstanding = 32;
    const dram_spec& s = mem.spec();
    std::vector<std::pair<cycle_t, dram_address>> acts;
    mem.observe_commands([&](std::uint32_t, dram_command c, const dram_address& a, cycle_t t) {
        if (c == dram_command::act) acts.emplace_back(t, a);
    });
    std::mt19937_64 rng(7);
    for (int i = 0; i < 2000; ++i) {
        at_request r;
        r.address = (rng() % (mem.size() / 64)) * 64;
        cpu.requests.push_back(r);
    }
    sc_core::sc_start();
    REQUIRE(cpu.all_done());

    REQUIRE(acts.size() > 1000);
    const auto& t = s.timing;
    for (std::size_t i = 1; i < acts.size(); ++i) {
        REQUIRE(acts[i].first - acts[i - 1].first >= t.tRRD_S);
        if (acts[i].second.bank_group == acts[i - 1].second.bank_group)
            REQUIRE(acts[i].first - acts[i - 1].first >= t.tRRD_L);
        if (i >= 4) REQUIRE(acts[i].first - acts[i - 4].first >= t.tFAW);
    }
    // Nearly every read opens a row, so the activate rate sits at the tFAW bound (4 per tFAW), not far below.
    const double span = double(acts.back().first - acts.front().first);
    const double rate_bound = 4.0 / t.tFAW;
    const double rate = double(acts.size() - 1) / span;
    INFO("activates per cycle " << rate << ", bound " << rate_bound);
    CHECK(rate <= rate_bound * 1.001);
    CHECK(rate >= rate_bound * 0.8);
    const dram_summary sum = mem.summary();
    CHECK(sum.bandwidth_gbps <= 64.0 * rate_bound / (double(s.tck_ps) * 1e-3) * 1.05);
}

TEST_CASE("dram: refresh costs about tRFC / tREFI of the time", "[dram][timing]") {
    bench on("on", config_for("ddr4-3200", true));
    bench off("off", config_for("ddr4-3200", false));
    const std::uint64_t bytes = 1024 * 1024;  // about five tREFI at 25.6 GB/s
    on.cpu->body = [&](lt_initiator& cpu) { cpu.stream(sequential(0, bytes, 64), 64, 64); };
    off.cpu->body = [&](lt_initiator& cpu) { cpu.stream(sequential(0, bytes, 64), 64, 64); };
    sc_core::sc_start();
    on.mem->finish();
    off.mem->finish();
    const dram_summary a = on.mem->summary();
    const dram_summary b = off.mem->summary();
    const auto& t = on.mem->spec().timing;
    const double share = double(t.tRFC) / double(t.tREFI);
    const double window_cycles = a.active_window_ns / (double(on.mem->spec().tck_ps) * 1e-3);
    INFO("refreshes " << a.refreshes << " window " << window_cycles << " cycles, efficiency " << a.efficiency
                      << " vs " << b.efficiency);
    CHECK(double(a.refreshes) == Approx(window_cycles / t.tREFI).margin(1.0));
    CHECK(b.refreshes == 0);
    CHECK(a.refresh_fraction == Approx(share).epsilon(0.2));
    CHECK(a.efficiency / b.efficiency == Approx(1.0 - share).margin(0.015));
    CHECK(a.energy.refresh > 0);
    CHECK(b.energy.refresh == 0);
}
