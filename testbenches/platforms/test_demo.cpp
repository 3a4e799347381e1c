// The demo platform end to end: the app's copy verified, the copy time against its closed form, and the device's
// error handling driven register by register.
#include <catch2/catch.hpp>
#include <demo/demo_platform.h>
#include <demo/demo_top.h>
#include <drivers/demo/dma_copy_driver.h>

using namespace vplab;
using namespace vplab::regs::dma_copy;

namespace {

config::values demo_values(const std::vector<std::pair<std::string, std::string>>& sets = {}) {
    config::values v(platforms::platform_schema("demo"));
    v.assign("platform", "demo", {"test", 0, 0});
    for (const auto& [key, text] : sets) v.assign(key, text, {"test", 0, 0});
    return v;
}

platforms::run_outcome run_demo(const config::values& v) {
    platforms::run_context ctx{v, "test", "default", 1, "", ""};
    return platforms::demo_platform().run(ctx);
}

} // namespace

TEST_CASE("demo platform copies a buffer, verifies it, and reports every module's stats") {
    const auto out = run_demo(demo_values({{"workload.bytes", "8KiB"}, {"workload.repeat", "2"}}));
    CHECK(out.verified);
    CHECK_FALSE(out.firmware_error);
    CHECK(out.metrics["bytes"] == 16384);
    CHECK(out.metrics["mismatched_bytes"] == 0);
    CHECK(out.stats.contains("demo.dma"));
    CHECK(out.stats["demo.dma"]["bytes_copied"] == 16384);
    CHECK(out.stats["demo.dma.dma"]["bytes_read"] == 16384);
    CHECK(out.stats["demo.cpu"]["irq_waits"] == 2);
    CHECK(out.sim_time_ns > 0);
}

TEST_CASE("demo copy time matches its closed form: bursts x (read + write latency + datapath cycles)") {
    const auto v = demo_values({{"workload.bytes", "4KiB"},
                                {"demo.dma.burst_bytes", "128"},
                                {"demo.dma.bytes_per_cycle", "8"},
                                {"demo.dma.clock", "2ns"},
                                {"demo.ram.read_latency", "7ns"},
                                {"demo.ram.write_latency", "11ns"}});
    const auto out = run_demo(v);
    REQUIRE(out.verified);
    const double bursts = 4096.0 / 128, per_burst_ns = 7 + 11 + (128 / 8) * 2;
    CHECK(out.metrics["device_ns"].get<double>() == bursts * per_burst_ns);
}

namespace {

// Runs `firmware` on a demo platform built with default parameters.
struct demo_bench {
    config::values params = demo_values();
    platforms::demo_top top{"demo", params};
    void run(std::function<void(hal::mmio&, drivers::dma_copy_driver&)> firmware) {
        top.cpu.load([this, firmware](hal::mmio& bus) {
            drivers::dma_copy_driver dma(bus, top.dma_base(), platforms::demo_top::dma_irq_line);
            firmware(bus, dma);
        });
        sc_core::sc_start(sc_core::sc_time(10, sc_core::SC_MS));
        REQUIRE(top.cpu.finished());
        REQUIRE(top.cpu.failure().empty());
    }
    std::uint64_t ram(std::uint64_t offset) const { return top.ram_base() + offset; }
};

} // namespace

TEST_CASE("bad job descriptors set the error code and raise the interrupt without touching memory") {
    demo_bench b;
    std::vector<std::uint32_t> errors;
    std::vector<unsigned char> before(8192, 0x3c), after(8192);
    b.top.ram.load(0x1000, before.data(), before.size());
    b.run([&](hal::mmio&, drivers::dma_copy_driver& dma) {
        errors.push_back(dma.copy(b.ram(0), b.ram(0x1000), 0, 100000).error);
        errors.push_back(dma.copy(b.ram(0), b.ram(0x1000), (16u << 20) + 1, 100000).error);
        errors.push_back(dma.copy(b.ram(0x800), b.ram(0x1000), 0x1000, 100000).error);
        errors.push_back(dma.copy(0x40000000, b.ram(0x1000), 256, 100000).error);  // unmapped source
    });
    CHECK(errors == std::vector<std::uint32_t>{error_zero_length, error_too_large, error_overlap, error_read_fault});
    b.top.ram.dump(0x1000, after.data(), after.size());
    CHECK(after == before);
}

TEST_CASE("a write fault stops the copy at the end of the mapped memory") {
    demo_bench b;
    const std::uint64_t ram_size = b.params.bytes("demo.ram.size");
    std::uint32_t error = 0;
    b.run([&](hal::mmio&, drivers::dma_copy_driver& dma) {
        error = dma.copy(b.ram(0), b.ram(ram_size - 128), 512, 100000).error;
    });
    CHECK(error == error_write_fault);
    nlohmann::json stats;
    b.top.dma.report_stats(stats);
    CHECK(stats["bytes_copied"] == 128);  // two 64-byte bursts fitted, the third faulted
}

TEST_CASE("interrupt follows IRQ_STATUS and IRQ_EN; W1C acknowledges it") {
    demo_bench b;
    std::vector<bool> line;
    b.run([&](hal::mmio& bus, drivers::dma_copy_driver&) {
        const std::uint64_t base = b.top.dma_base();
        bus.write64(base + SRC, b.ram(0));
        bus.write64(base + DST, b.ram(0x1000));
        bus.write32(base + LEN, 256);
        bus.write32(base + CTRL, CTRL_START);  // interrupt disabled
        line.push_back(bus.wait_irq(0, 10000));
        line.push_back((bus.read32(base + STATUS) & STATUS_DONE) != 0);
        line.push_back(bus.read32(base + IRQ_STATUS) == IRQ_DONE);
        bus.write32(base + CTRL, CTRL_IRQ_EN);  // enabling it raises the line for the pending status
        line.push_back(bus.wait_irq(0, 10));
        bus.write32(base + IRQ_STATUS, IRQ_DONE);
        line.push_back(bus.wait_irq(0, 10));
    });
    CHECK(line == std::vector<bool>{false, true, true, true, false});
}

TEST_CASE("START while busy is refused and reported; the running job completes") {
    demo_bench b;
    std::uint32_t error = 0, status = 0;
    std::uint64_t copied = 0;
    b.run([&](hal::mmio& bus, drivers::dma_copy_driver& dma) {
        const std::uint64_t base = b.top.dma_base();
        bus.write64(base + SRC, b.ram(0));
        bus.write64(base + DST, b.ram(0x10000));
        bus.write32(base + LEN, 0x8000);
        bus.write32(base + CTRL, CTRL_START);
        bus.write32(base + CTRL, CTRL_START);
        error = bus.read32(base + ERROR);
        while (bus.read32(base + STATUS) & STATUS_BUSY) bus.busy(100);
        status = bus.read32(base + STATUS);
        copied = dma.bytes_copied();
    });
    CHECK(error == error_busy);
    CHECK(status == STATUS_DONE);
    CHECK(copied == 0x8000);
}

TEST_CASE("the register map of the demo platform prints every register") {
    std::ostringstream os;
    platforms::demo_platform().print_regs(os);
    for (const char* name : {"ID", "CTRL", "STATUS", "IRQ_STATUS", "ERROR", "LEN", "SRC", "DST", "BYTES", "JOB_NS"})
        CHECK_THAT(os.str(), Catch::Contains(name));
    CHECK_THAT(os.str(), Catch::Contains("0x10000004"));  // CTRL at the default base
}
