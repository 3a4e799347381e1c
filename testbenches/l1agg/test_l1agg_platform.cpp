// The l1agg device, driver, app and platform: kernels launched through registers, counters conserved, every
// error code, bad parameters refused before simulation, and the cross-variant IPC gains.
#include <catch2/catch.hpp>
#include <drivers/l1agg/l1agg_driver.h>
#include <l1agg/l1agg_platform.h>
#include <l1agg/l1agg_top.h>

#include <fstream>

using namespace vplab;
using namespace vplab::regs::l1agg;

namespace {

config::values l1agg_values(const std::vector<std::pair<std::string, std::string>>& sets = {}) {
    config::values v(platforms::platform_schema("l1agg"));
    v.assign("platform", "l1agg", {"test", 0, 0});
    v.assign("l1agg.cores", "8", {"test", 0, 0});
    v.assign("workload.grid", "16", {"test", 0, 0});
    v.assign("workload.footprint", "4KiB", {"test", 0, 0});
    for (const auto& [key, text] : sets) v.assign(key, text, {"test", 0, 0});
    return v;
}

platforms::run_outcome run_l1agg(const config::values& v) {
    platforms::run_context ctx{v, "test", "default", 1, "", ""};
    return platforms::l1agg_platform().run(ctx);
}

struct l1agg_bench {
    config::values params = l1agg_values();
    platforms::l1agg_top top{"l1agg", params};
    void run(std::function<void(hal::mmio&, drivers::l1agg_driver&)> firmware) {
        top.cpu.load([this, firmware](hal::mmio& bus) {
            drivers::l1agg_driver gpu(bus, top.gpu_base(), platforms::l1agg_top::gpu_irq_line);
            firmware(bus, gpu);
        });
        sc_core::sc_start(sc_core::sc_time(1, sc_core::SC_SEC));
        REQUIRE(top.cpu.finished());
        REQUIRE(top.cpu.failure().empty());
    }
};

} // namespace

TEST_CASE("l1agg: the platform runs a sequence of kernels and the app verifies conservation") {
    const auto out = run_l1agg(l1agg_values({{"workload.kernels", "3"}, {"workload.write_fraction", "0.1"}}));
    CHECK(out.verified);
    CHECK_FALSE(out.firmware_error);
    CHECK(out.metrics["kernels"] == 3);
    CHECK(out.metrics["verified"] == true);
    CHECK(out.metrics["organisation"] == "ata");
    for (const char* key : {"ipc", "cycles", "instructions", "l1_local_hit_rate", "l1_remote_hit_rate", "l1_miss_rate",
                            "remote_probes_avoided", "replication_ratio", "l2_accesses", "crossbar_stall_cycles"})
        CHECK(out.metrics.contains(key));
    const double sum = out.metrics["l1_local_hit_rate"].get<double>() +
                       out.metrics["l1_remote_hit_rate"].get<double>() + out.metrics["l1_miss_rate"].get<double>();
    CHECK(sum == Approx(1.0));
    CHECK(out.stats["l1agg.gpu"]["kernels"] == 3);
    // Simulated time covers the kernels' cycles at the configured clock (883 ps).
    CHECK(out.sim_time_ns >= out.metrics["cycles"].get<double>() * 0.883);
}

TEST_CASE("l1agg: Zipf gathers find hot lines in peer L1s through the platform") {
    const auto a = run_l1agg(l1agg_values({{"workload.class", "zipf"}, {"workload.mem_per_warp", "8"}}));
    CHECK(a.verified);
    CHECK(a.metrics["cycles"].get<std::uint64_t>() > 0);
    CHECK(a.metrics["l1_remote_hit_rate"].get<double>() > 0);
}

TEST_CASE("l1agg: bad launch descriptors set the error code and raise the interrupt without running a kernel") {
    l1agg_bench b;
    std::vector<std::uint32_t> errors;
    std::uint32_t kernels = 99;
    b.run([&](hal::mmio&, drivers::l1agg_driver& gpu) {
        drivers::l1agg_driver::launch l;
        l.workload = 9;
        errors.push_back(gpu.run(l, 1000000).error);
        l = {};
        l.grid = 0;
        errors.push_back(gpu.run(l, 1000000).error);
        l = {};
        l.footprint_kib = 0;
        errors.push_back(gpu.run(l, 1000000).error);
        l = {};
        l.write_permille = 2000;
        errors.push_back(gpu.run(l, 1000000).error);
        l = {};
        l.mapping = 3;
        errors.push_back(gpu.run(l, 1000000).error);
        l = {};
        l.workload = workload_trace;  // this platform loaded no trace
        errors.push_back(gpu.run(l, 1000000).error);
        kernels = gpu.kernels_completed();
    });
    CHECK(errors == std::vector<std::uint32_t>{error_bad_workload, error_bad_grid, error_bad_footprint,
                                               error_bad_param, error_bad_param, error_no_trace});
    CHECK(kernels == 0);
    CHECK(b.top.gpu.kernels() == 0);
}

TEST_CASE("l1agg: START while busy is refused, W1C acknowledges, read-only and unmapped accesses are bus errors") {
    l1agg_bench b;
    std::uint32_t busy_error = 0, status = 0, irq_after_ack = 1;
    std::vector<bool> faults;
    b.run([&](hal::mmio& bus, drivers::l1agg_driver& gpu) {
        const std::uint64_t base = b.top.gpu_base();
        bus.write32(base + GRID, 8);
        bus.write32(base + CTRL, CTRL_START);
        bus.write32(base + CTRL, CTRL_START);
        busy_error = bus.read32(base + ERROR);
        while (bus.read32(base + STATUS) & STATUS_BUSY) bus.busy(1000);
        status = bus.read32(base + STATUS);
        bus.write32(base + IRQ_STATUS, IRQ_DONE | IRQ_ERROR);
        irq_after_ack = bus.read32(base + IRQ_STATUS);
        for (std::uint64_t off : {CYCLES, std::uint64_t(0x800)}) {
            try {
                bus.write64(base + off, 1);
                faults.push_back(false);
            } catch (const hal::bus_error&) {
                faults.push_back(true);
            }
        }
        CHECK(gpu.read_counters().cycles > 0);
    });
    CHECK(busy_error == error_busy);
    CHECK(status == STATUS_DONE);
    CHECK(irq_after_ack == 0);
    CHECK(faults == std::vector<bool>{true, true});
    CHECK(b.top.gpu.kernels() == 1);
}

TEST_CASE("l1agg: inconsistent parameters and bad trace files are refused before any simulation") {
    const auto& def = platforms::l1agg_platform();
    CHECK_THROWS_WITH(def.validate(l1agg_values({{"l1agg.cluster_size", "3"}})),
                      Catch::Contains("multiple of the cluster size"));
    CHECK_THROWS_WITH(def.validate(l1agg_values({{"workload.class", "trace"}})), Catch::Contains("no trace file"));
    const std::string bad = "l1agg_bad_test.trace";
    std::ofstream(bad) << "0 0 alu 2\n0 0 ld 4 0x100 nonsense\n";
    try {
        def.validate(l1agg_values({{"workload.class", "trace"}, {"workload.trace_file", bad}}));
        FAIL("no error");
    } catch (const config::input_error& e) {
        CHECK_THAT(e.problems().at(0).str(), Catch::StartsWith(bad + ":2") && Catch::Contains("nonsense"));
    }
    std::remove(bad.c_str());
    config::values v(platforms::platform_schema("l1agg"));
    CHECK_THROWS_AS(v.assign("l1agg.organisation", "shared", {"test", 0, 0}), config::input_error);
    CHECK_THROWS_AS(v.assign("l1agg.cores", "0", {"test", 0, 0}), config::input_error);
}

TEST_CASE("l1agg: the compare hook gives IPC gains over the private and the sliced variant") {
    const config::values v = l1agg_values();
    platforms::run_outcome p, s, a;
    p.metrics = {{"organisation", "private"}, {"ipc", 2.0}};
    s.metrics = {{"organisation", "sliced"}, {"ipc", 2.5}};
    a.metrics = {{"organisation", "ata"}, {"ipc", 3.0}};
    const std::string np = "private", ns = "sliced", na = "ata";
    const std::vector<platforms::compared_variant> vars{{np, v, p}, {ns, v, s}, {na, v, a}};
    auto g = platforms::l1agg_platform().compare(vars);
    CHECK(g["ata"]["ipc_gain_vs_private"].get<double>() == Approx(0.5));
    CHECK(g["ata"]["ipc_gain_vs_sliced"].get<double>() == Approx(0.2));
    CHECK(g["private"]["ipc_gain_vs_private"].get<double>() == Approx(0.0));
}

TEST_CASE("l1agg: the trace-driven platform runs the shipped Accel-Sim trace") {
    auto v = l1agg_values({{"workload.class", "trace"}});
    v.assign("workload.trace_file", "scenarios/l1agg/traces/tiny_gemv.traceg", {"test", 0, 0});
    const auto out = run_l1agg(v);
    CHECK(out.verified);
    CHECK(out.metrics["instructions"] == 8 * 2 * 27);
}
