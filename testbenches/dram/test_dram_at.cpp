// The AT face: phase sequence with many requests in flight, backpressure, latency and streaming bandwidth.
#include "at_initiator.h"
#include "dram_test_util.h"

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

using at_bench = dram_bench<at_initiator>;

} // namespace

TEST_CASE("dram: AT face keeps many requests in flight with the 4-phase sequence and END_REQ backpressure",
          "[dram][at]") {
    dram_config cfg = config_for("ddr4-3200");
    cfg.controller.queue_depth = 4;
    at_bench b("ddr4", cfg);
    cfg.controller.queue_depth = 64;
    at_bench deep("deep", cfg);
    b.cpu->outstanding = 16;
    deep.cpu->outstanding = 16;
    b.cpu->end_resp_delay = sc_time(3, SC_NS);  // responses queue up behind an open one
    std::mt19937_64 rng(3);
    for (int i = 0; i < 300; ++i) {
        at_request r;
        r.bytes = 64u << (rng() % 3);
        r.address = (rng() % (b.mem->size() / r.bytes)) * r.bytes;
        r.write = rng() % 4 == 0;
        b.cpu->requests.push_back(r);
        deep.cpu->requests.push_back(r);
    }
    sc_core::sc_start();
    REQUIRE(deep.cpu->all_done());
    CHECK(deep.cpu->errors.empty());
    CHECK(deep.cpu->max_in_flight == 16);
    CHECK(b.cpu->errors.empty());
    for (const std::string& e : b.cpu->errors) INFO(e);
    REQUIRE(b.cpu->all_done());
    CHECK(b.cpu->max_in_flight > 4);  // more transactions in flight than bursts fit the queue
    int delayed_end_req = 0;
    for (const at_request& r : b.cpu->requests) {
        REQUIRE(r.phases == "BEGIN_REQ END_REQ BEGIN_RESP END_RESP");
        REQUIRE(r.status == tlm::TLM_OK_RESPONSE);
        REQUIRE(r.end_req >= r.begin_req);
        REQUIRE(r.begin_resp > r.end_req);
        if (r.end_req > r.begin_req) ++delayed_end_req;
    }
    CHECK(delayed_end_req > 50);  // the queue of 4 bursts was full most of the time
    const dram_summary s = b.mem->summary();
    CHECK(s.reads + s.writes == 300);
}

TEST_CASE("dram: AT isolated reads take their closed-form latency, equal to the b_transport face", "[dram][at]") {
    at_bench b("ddr4", config_for("ddr4-3200", false));
    const dram_spec& s = b.mem->spec();
    auto addr = [&](std::uint32_t row, std::uint32_t column) {
        dram_address a;
        a.bank = 2;
        a.row = row;
        a.column = column;
        return b.mem->mapper().encode(a);
    };
    const std::uint64_t addrs[3] = {addr(3, 0), addr(3, 1), addr(4, 0)};
    for (int i = 0; i < 3; ++i) {
        at_request r;
        r.address = addrs[i];
        r.issue_at = sc_time(double(i), SC_US);
        b.cpu->requests.push_back(r);
    }
    sc_core::sc_start();
    REQUIRE(b.cpu->all_done());
    const auto& t = s.timing;
    const double tck = double(s.tck_ps) * 1e-3;
    const double burst = s.burst_cycles();
    const double expected[3] = {(t.tRCD + t.CL + burst) * tck, (t.CL + burst) * tck,
                                (t.tRP + t.tRCD + t.CL + burst) * tck};
    for (int i = 0; i < 3; ++i) {
        const at_request& r = b.cpu->requests[std::size_t(i)];
        CHECK(ns(r.begin_resp - r.begin_req) == Approx(expected[i]).margin(tck));
    }
}

TEST_CASE("dram: AT sequential streaming reads reach 90% of peak bandwidth", "[dram][at]") {
    struct run {
        std::string preset;
        std::uint64_t bytes;
        unsigned request_bytes;
    };
    const std::vector<run> runs = {{"ddr4-3200", 256 * 1024, 64}, {"lpddr4-3200", 128 * 1024, 64},
                                   {"hbm2", 512 * 1024, 256}};
    std::vector<std::unique_ptr<at_bench>> benches;
    for (const run& r : runs) {
        benches.push_back(std::make_unique<at_bench>(r.preset, config_for(r.preset)));
        at_initiator& cpu = *benches.back()->cpu;
        cpu.outstanding = 64;
        for (std::uint64_t a : sequential(0, r.bytes, r.request_bytes)) {
            at_request q;
            q.address = a;
            q.bytes = r.request_bytes;
            cpu.requests.push_back(q);
        }
    }
    sc_core::sc_start();
    for (const auto& b : benches) {
        REQUIRE(b->cpu->all_done());
        b->mem->finish();
        const dram_summary s = b->mem->summary();
        INFO(b->mem->spec().name << ": " << s.bandwidth_gbps << " GB/s of " << s.peak_gbps);
        CHECK(s.efficiency >= 0.90);
        CHECK(s.efficiency <= 1.0);
    }
}
