// The FineQ accelerator driven register by register: timing against closed forms, the tile windows of each PE
// kind, and every bad descriptor (error code, interrupt, and no byte written outside the given buffers).
#include <catch2/catch.hpp>
#include <drivers/fineq/fineq_driver.h>
#include <fineq/fineq_platform.h>
#include <fineq/fineq_top.h>
#include <fineq_quant/fineq_format.h>
#include <fineq_quant/fp16.h>
#include <fineq_quant/golden_gemm.h>
#include <fineq_quant/group_format.h>
#include <fineq_quant/synthetic.h>

#include <cstring>

using namespace vplab;
using namespace vplab::regs::fineq;

namespace {

config::values fineq_values(std::initializer_list<std::pair<std::string, std::string>> sets = {}) {
    config::values v(platforms::platform_schema("fineq"));
    v.assign("platform", "fineq", {"test", 0, 0});
    v.assign("fineq.ram.size", "1MiB", {"test", 0, 0});
    for (const auto& [key, text] : sets) v.assign(key, text, {"test", 0, 0});
    return v;
}

// A GEMM laid out in RAM by the test itself (backdoor), so the test knows every record the device decodes.
struct layout {
    static constexpr std::uint64_t w = 0x0, s = 0x20000, a = 0x30000, o = 0x40000, end = 0x80000;
};

struct bench {
    config::values params;
    platforms::fineq_top top;
    explicit bench(std::initializer_list<std::pair<std::string, std::string>> sets = {})
        : params(fineq_values(sets)), top("fineq", params) {}

    std::uint64_t ram(std::uint64_t offset) const { return top.ram_base() + offset; }

    void run(std::function<void(hal::mmio&, drivers::fineq_driver&)> firmware) {
        top.cpu.load([this, firmware](hal::mmio& bus) {
            drivers::fineq_driver dev(bus, top.accel_base(), platforms::fineq_top::accel_irq_line);
            firmware(bus, dev);
        });
        sc_core::sc_start(sc_core::sc_time(100, sc_core::SC_MS));
        REQUIRE(top.cpu.finished());
        REQUIRE(top.cpu.failure().empty());
    }

    // Loads weights packed as FineQ records (scale per row), INT8 activations, and returns the job.
    drivers::fineq_driver::job load_fineq(const fineq::fineq_packed& p, const fineq::int8_activations& a) {
        std::vector<std::uint8_t> scales;
        for (std::uint16_t h : p.scales) {
            scales.push_back(static_cast<std::uint8_t>(h));
            scales.push_back(static_cast<std::uint8_t>(h >> 8));
        }
        top.ram->load(layout::w, p.records.data(), p.records.size());
        top.ram->load(layout::s, scales.data(), scales.size());
        top.ram->load(layout::a, a.q.data(), a.q.size());
        drivers::fineq_driver::job j;
        j.format = format_value(kind_fineq, static_cast<unsigned>(p.options.mode), 0);
        j.group = static_cast<std::uint32_t>(p.options.group);
        j.m = static_cast<std::uint32_t>(a.m);
        j.n = static_cast<std::uint32_t>(p.n);
        j.k = static_cast<std::uint32_t>(p.k);
        j.w_addr = ram(layout::w);
        j.w_bytes = static_cast<std::uint32_t>(p.records.size());
        j.s_addr = ram(layout::s);
        j.a_addr = ram(layout::a);
        j.o_addr = ram(layout::o);
        j.a_scale = a.scale;
        return j;
    }

    drivers::fineq_driver::job load_group(const fineq::group_packed& p, const fineq::int8_activations& a,
                                          format_kind kind) {
        const std::vector<std::uint8_t> scales = p.scale_table();
        top.ram->load(layout::w, p.data.data(), p.data.size());
        top.ram->load(layout::s, scales.data(), scales.size());
        top.ram->load(layout::a, a.q.data(), a.q.size());
        drivers::fineq_driver::job j;
        j.format = format_value(kind, 0, p.low_bits);
        j.group = static_cast<std::uint32_t>(p.group);
        j.m = static_cast<std::uint32_t>(a.m);
        j.n = static_cast<std::uint32_t>(p.n);
        j.k = static_cast<std::uint32_t>(p.k);
        j.w_addr = ram(layout::w);
        j.w_bytes = static_cast<std::uint32_t>(p.data.size());
        j.s_addr = ram(layout::s);
        j.a_addr = ram(layout::a);
        j.o_addr = ram(layout::o);
        j.a_scale = a.scale;
        return j;
    }

    std::vector<float> outputs(std::size_t count) const {
        std::vector<float> y(count);
        top.ram->dump(layout::o, y.data(), count * 4);
        return y;
    }
};

fineq::int8_activations activations(std::size_t m, std::size_t k, std::uint64_t seed) {
    return fineq::quantize_activations(fineq::synthetic_activations(m, k, seed));
}

bool same_bits(const std::vector<float>& a, const std::vector<float>& b) {
    return a.size() == b.size() && std::memcmp(a.data(), b.data(), a.size() * sizeof(float)) == 0;
}

// Tile window of FineQ records on a bit-serial array: 3 when the tile holds an outlier field, else 2.
unsigned bitserial_window(const fineq::fineq_packed& p, std::size_t k0, std::size_t k1, std::size_t n0,
                          std::size_t n1) {
    for (std::size_t n = n0; n < n1; ++n)
        for (std::size_t c = k0 / 3; c < (k1 + 2) / 3; ++c)
            if (p.records[n * p.clusters_per_row() + c] >> 6) return 3;
    return 2;
}

} // namespace

TEST_CASE("fineq: one bit-serial tile costs load + R + (M + R + C - 2) x window + store, outputs bit-exact") {
    bench b({{"fineq.array.rows", "48"}, {"fineq.array.cols", "32"}, {"fineq.dma.bytes_per_cycle", "1"}});
    const fineq::matrix w = fineq::synthetic_weights(32, 48, 11);
    const fineq::fineq_packed p = fineq::fineq_encode(w);
    const auto a = activations(8, 48, 12);
    drivers::fineq_driver::outcome r;
    b.run([&](hal::mmio&, drivers::fineq_driver& dev) { r = dev.run(b.load_fineq(p, a), 10000000); });
    REQUIRE(r.completed);
    REQUIRE(r.error == error_none);
    const unsigned W = bitserial_window(p, 0, 48, 0, 32);
    const std::uint64_t load = 8 * 48 + 32 * 16 + 32 * 2;  // activations, 16 records and one FP16 scale per column
    const std::uint64_t compute = 48 + (8 + 48 + 32 - 2) * W, store = 8 * 32 * 4;
    CHECK(r.cycles == load + compute + store);
    CHECK(r.stall_cycles == load + store);
    CHECK(r.macs == 8 * 32 * 48);
    CHECK(r.job_ns == r.cycles);  // 1 ns clock
    CHECK(same_bits(b.outputs(8 * 32), fineq::golden_gemm(a, fineq::fineq_decode(p))));
}

TEST_CASE("fineq: the outputs reach memory only while the last block is stored, at the end of the job") {
    bench b({{"fineq.array.rows", "48"}, {"fineq.array.cols", "32"}, {"fineq.dma.bytes_per_cycle", "1"}});
    const fineq::matrix w = fineq::synthetic_weights(32, 48, 11);
    const fineq::fineq_packed p = fineq::fineq_encode(w);
    const auto a = activations(8, 48, 12);
    // A watcher samples the output buffer and the interrupt line every nanosecond (1 ns clock): when the outputs
    // first change, and when the job's interrupt rises.
    const std::vector<float> before = b.outputs(8 * 32);
    sc_core::sc_time first_change = sc_core::SC_ZERO_TIME, job_end = sc_core::SC_ZERO_TIME;
    sc_core::sc_spawn([&] {
        while (job_end == sc_core::SC_ZERO_TIME) {
            sc_core::wait(1, sc_core::SC_NS);
            if (first_change == sc_core::SC_ZERO_TIME && !same_bits(b.outputs(8 * 32), before))
                first_change = sc_core::sc_time_stamp();
            if (b.top.accel_irq.read()) job_end = sc_core::sc_time_stamp();
        }
    });
    drivers::fineq_driver::outcome r;
    b.run([&](hal::mmio&, drivers::fineq_driver& dev) { r = dev.run(b.load_fineq(p, a), 10000000); });
    REQUIRE(r.completed);
    REQUIRE(r.error == error_none);
    // The last block is the whole 8 x 32 output, 1,024 bytes at 1 byte per cycle: the last 1,024 ns of the job
    // (plus the watcher's 1 ns sampling at either end).
    const sc_core::sc_time last_store(8 * 32 * 4 + 2, sc_core::SC_NS);
    INFO("outputs changed at " << first_change << ", the interrupt rose at " << job_end << ", the job lasted "
                               << r.job_ns << " ns");
    CHECK(first_change > sc_core::SC_ZERO_TIME);
    CHECK(first_change + last_store >= job_end);
    CHECK(first_change <= job_end);
}

TEST_CASE("fineq: a job works on the registers as they were at START, whatever the firmware writes meanwhile") {
    bench b({{"fineq.array.rows", "48"}, {"fineq.array.cols", "32"}});
    const fineq::matrix w = fineq::synthetic_weights(32, 48, 11);
    const fineq::fineq_packed p = fineq::fineq_encode(w);
    const auto a = activations(8, 48, 12);
    const std::uint64_t elsewhere = 0x60000;
    const std::vector<float> elsewhere_before = [&] {
        std::vector<float> y(8 * 32);
        b.top.ram->dump(elsewhere, y.data(), y.size() * 4);
        return y;
    }();
    std::uint32_t error = 99;
    b.run([&](hal::mmio& bus, drivers::fineq_driver& dev) {
        const auto job = b.load_fineq(p, a);
        REQUIRE(dev.run(job, 10000000).error == error_none);  // programs the registers
        bus.write_block(job.o_addr, std::vector<float>(8 * 32, 0.0f).data(), 8 * 32 * 4);
        const auto base = b.top.accel_base();
        bus.write32(base + CTRL, CTRL_START | CTRL_IRQ_EN);
        // Right after START, point the outputs and the activations somewhere else.
        bus.write64(base + O_ADDR, b.ram(elsewhere));
        bus.write64(base + A_ADDR, b.ram(elsewhere));
        CHECK(bus.wait_irq(platforms::fineq_top::accel_irq_line, 10000000));
        error = bus.read32(base + ERROR);
    });
    CHECK(error == error_none);
    CHECK(same_bits(b.outputs(8 * 32), fineq::golden_gemm(a, fineq::fineq_decode(p))));
    std::vector<float> now(8 * 32);
    b.top.ram->dump(elsewhere, now.data(), now.size() * 4);
    CHECK(same_bits(now, elsewhere_before));
}

TEST_CASE("fineq: double-buffered DMA hides a load shorter than the tile before it, and stalls otherwise") {
    // Multiplier PEs (window 1), RTN 4-bit with one group per K tile: every tile's weights are 32 x 16 bytes of
    // codes + 32 x 4 bytes of scale table = 640 bytes; activations (8 x 64) stay resident.
    bench b({{"fineq.array.pe", "multiplier"}, {"fineq.dma.bytes_per_cycle", "8"}});
    const fineq::group_packed p = fineq::rtn_encode(fineq::synthetic_weights(32, 64, 13), 4, 32);
    const auto a = activations(8, 64, 14);
    drivers::fineq_driver::outcome r;
    b.run([&](hal::mmio&, drivers::fineq_driver& dev) { r = dev.run(b.load_group(p, a, kind_rtn), 10000000); });
    REQUIRE(r.error == error_none);
    const std::uint64_t first = (8 * 64 + 640) / 8;      // nothing to hide the first load behind
    const std::uint64_t compute = 32 + (8 + 32 + 32 - 2);  // per tile
    const std::uint64_t second = 640 / 8;                  // hidden: 80 < 102
    const std::uint64_t store = 8 * 32 * 4 / 8;            // the last block is not hidden
    REQUIRE(second < compute);
    CHECK(r.cycles == first + 2 * compute + store);
    CHECK(r.stall_cycles == first + store);
    CHECK(same_bits(b.outputs(8 * 32), fineq::golden_gemm(a, fineq::group_decode(p))));
}

TEST_CASE("fineq: a unary array's tile window is the largest weight magnitude in the tile") {
    bench b({{"fineq.array.pe", "unary"}, {"fineq.array.rows", "24"}, {"fineq.array.cols", "16"},
             {"fineq.dma.bytes_per_cycle", "4096"}});
    const fineq::matrix w = fineq::synthetic_weights(32, 48, 15);
    fineq::fineq_options o;
    o.mode = fineq::outlier_mode::prune;
    const fineq::fineq_packed p = fineq::fineq_encode(w, o);
    const fineq::int_weights q = fineq::fineq_decode(p);
    const auto a = activations(4, 48, 16);
    drivers::fineq_driver::outcome r;
    b.run([&](hal::mmio&, drivers::fineq_driver& dev) { r = dev.run(b.load_fineq(p, a), 10000000); });
    REQUIRE(r.error == error_none);
    std::uint64_t compute = 0;
    for (std::size_t n0 = 0; n0 < 32; n0 += 16)
        for (std::size_t k0 = 0; k0 < 48; k0 += 24) {
            int window = 0;
            for (std::size_t n = n0; n < n0 + 16; ++n)
                for (std::size_t k = k0; k < k0 + 24; ++k) window = std::max(window, std::abs(q.codes[n * 48 + k]));
            compute += 24 + (4 + 24 + 16 - 2) * static_cast<std::uint64_t>(window);
        }
    // Loads of 4096 bytes per cycle: the first load and the last store cost one cycle each, the rest hide.
    CHECK(r.cycles == compute + 2);
    CHECK(same_bits(b.outputs(4 * 32), fineq::golden_gemm(a, q)));
}

TEST_CASE("fineq: per-group scales and the mixed format stay bit-exact across tile and group boundaries") {
    bench b({{"fineq.array.pe", "multiplier"}, {"fineq.array.rows", "20"}, {"fineq.array.cols", "12"}});
    const fineq::matrix w = fineq::synthetic_weights(30, 100, 17);
    const fineq::group_packed p = fineq::mixed_encode(w, 0.5, 32);  // groups straddle the 20-row K tiles
    const auto a = activations(5, 100, 18);
    std::uint32_t error = 1;
    b.run([&](hal::mmio&, drivers::fineq_driver& dev) {
        error = dev.run(b.load_group(p, a, kind_mixed), 10000000).error;
    });
    REQUIRE(error == error_none);
    CHECK(same_bits(b.outputs(5 * 30), fineq::golden_gemm(a, fineq::group_decode(p))));
}

TEST_CASE("fineq: FineQ with scale groups of 96 on a bit-serial array is bit-exact") {
    bench b({{"fineq.array.rows", "33"}, {"fineq.array.cols", "16"}});
    fineq::fineq_options o;
    o.group = 96;
    const fineq::fineq_packed p = fineq::fineq_encode(fineq::synthetic_weights(20, 200, 19), o);
    const auto a = activations(6, 200, 20);
    std::uint32_t error = 1;
    b.run([&](hal::mmio&, drivers::fineq_driver& dev) { error = dev.run(b.load_fineq(p, a), 10000000).error; });
    REQUIRE(error == error_none);
    CHECK(same_bits(b.outputs(6 * 20), fineq::golden_gemm(a, fineq::fineq_decode(p))));
}

TEST_CASE("fineq: bad descriptors set the error code and raise the interrupt without writing memory") {
    bench b;
    const fineq::fineq_packed p = fineq::fineq_encode(fineq::synthetic_weights(16, 30, 21));
    const auto a = activations(4, 30, 22);
    std::vector<std::uint8_t> before(layout::end - layout::o, 0x5a), after;
    b.top.ram->load(layout::o, before.data(), before.size());
    before.assign(layout::end, 0);  // all buffers: inputs below the outputs too
    after = before;
    std::vector<std::uint32_t> errors;
    std::vector<bool> irqs;
    std::uint64_t counted = 0;
    b.run([&](hal::mmio& bus, drivers::fineq_driver& dev) {
        const auto good = b.load_fineq(p, a);
        auto expect = [&](drivers::fineq_driver::job j) {
            const auto r = dev.run(j, 1000000);
            irqs.push_back(r.completed);
            errors.push_back(r.error);
            counted += r.cycles + r.macs + r.sram_bytes + r.dram_bytes;
        };
        REQUIRE(dev.run(good, 1000000).cycles > 0);  // a good job first: its counters must not show through
        b.top.ram->dump(0, before.data(), before.size());  // memory as the bad jobs find it
        auto j = good;
        j.m = 0;
        expect(j);
        j = good;
        j.k = 70000;
        expect(j);
        j = good;
        j.format = 3;  // no such kind
        expect(j);
        j = good;
        j.format = format_value(kind_rtn, 0, 4);  // a bit-serial array runs FineQ only
        expect(j);
        j = good;
        j.group = 100;
        expect(j);
        j = good;
        j.w_bytes += 1;
        expect(j);
        j = good;
        j.w_addr = 0x40000000;  // nothing mapped there
        expect(j);
        j = good;
        j.o_addr = b.ram(layout::a) + 8;  // outputs over the activations
        expect(j);
        j = good;
        j.o_addr = ~std::uint64_t{0} - 16;  // wraps
        expect(j);
        (void)bus;
    });
    CHECK(errors == std::vector<std::uint32_t>{error_zero_dim, error_too_large, error_bad_format, error_bad_format,
                                               error_bad_group, error_weight_size, error_read_fault, error_address,
                                               error_address});
    CHECK(irqs == std::vector<bool>(errors.size(), true));
    CHECK(counted == 0);
    b.top.ram->dump(0, after.data(), after.size());
    CHECK(after == before);
}

TEST_CASE("fineq: a write fault ends the job inside the output buffer, nothing beyond it") {
    bench b;
    const fineq::fineq_packed p = fineq::fineq_encode(fineq::synthetic_weights(64, 30, 23));
    const auto a = activations(8, 30, 24);
    const std::uint64_t ram_size = b.params.bytes("fineq.ram.size");
    std::uint32_t error = 0;
    b.run([&](hal::mmio&, drivers::fineq_driver& dev) {
        auto j = b.load_fineq(p, a);
        j.o_addr = b.ram(ram_size - 1024);  // 2 KiB of outputs, 1 KiB of RAM left
        error = dev.run(j, 1000000).error;
    });
    CHECK(error == error_write_fault);
    nlohmann::json stats;
    b.top.accel.dma.report_stats(stats);
    CHECK(stats["bytes_written"] == 1024);
}

TEST_CASE("fineq: output buffers too small for one tile are refused") {
    bench b({{"fineq.array.pe", "multiplier"}, {"fineq.sram.output", "64"}});
    const fineq::group_packed p = fineq::rtn_encode(fineq::synthetic_weights(8, 32, 25), 3, 32);
    const auto a = activations(2, 32, 26);
    std::uint32_t small = 0;
    b.run([&](hal::mmio&, drivers::fineq_driver& dev) {
        small = dev.run(b.load_group(p, a, kind_rtn), 1000000).error;  // one 32-column row block needs 256 bytes
    });
    CHECK(small == error_buffer_too_small);
}

TEST_CASE("fineq: a zero point that is not an integer code is a bad format") {
    bench b({{"fineq.array.pe", "multiplier"}});
    fineq::group_packed p = fineq::rtn_encode(fineq::synthetic_weights(8, 32, 27), 3, 32);
    p.zero[3] = fineq::float_to_half(2.5f);
    const auto a = activations(2, 32, 28);
    std::uint32_t error = 0;
    b.run(
        [&](hal::mmio&, drivers::fineq_driver& dev) { error = dev.run(b.load_group(p, a, kind_rtn), 1000000).error; });
    CHECK(error == error_bad_format);
}

TEST_CASE("fineq: START while busy is refused and reported; the running job completes") {
    bench b;
    const fineq::fineq_packed p = fineq::fineq_encode(fineq::synthetic_weights(64, 96, 29));
    const auto a = activations(8, 96, 30);
    std::uint32_t busy_error = 0, status = 0;
    b.run([&](hal::mmio& bus, drivers::fineq_driver& dev) {
        const auto j = b.load_fineq(p, a);
        dev.run(j, 1000000);  // programs the registers
        const std::uint64_t base = b.top.accel_base();
        bus.write32(base + CTRL, CTRL_START);
        bus.write32(base + CTRL, CTRL_START);
        busy_error = bus.read32(base + ERROR);
        while (bus.read32(base + STATUS) & STATUS_BUSY) bus.busy(100);
        status = bus.read32(base + STATUS);
    });
    CHECK(busy_error == error_busy);
    CHECK(status == STATUS_DONE);
}

TEST_CASE("fineq: the register map prints every register at the default base") {
    std::ostringstream os;
    platforms::fineq_platform().print_regs(os);
    for (const char* name : {"ID", "CTRL", "STATUS", "IRQ_STATUS", "ERROR", "FORMAT", "GROUP", "W_ADDR", "W_BYTES",
                             "S_ADDR", "A_ADDR", "O_ADDR", "A_SCALE", "CYCLES", "MACS", "STALL_CYCLES", "SRAM_BYTES",
                             "DRAM_BYTES"})
        CHECK_THAT(os.str(), Catch::Contains(name));
    CHECK_THAT(os.str(), Catch::Contains("0x10000004"));
}
