// The FuseFPS platform end to end: every mode verified against vanilla FPS on the DRAM model, the device's counters
// against the golden ones, job time against its closed form, and every bad descriptor refused without a write.
#include <catch2/catch.hpp>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <unistd.h>
#include <core/op_energy.h>
#include <drivers/fusefps/fusefps_driver.h>
#include <fps/bucket_fps.h>
#include <fps/kd_build.h>
#include <fps/vanilla_fps.h>
#include <fusefps/fusefps_platform.h>
#include <fusefps/fusefps_top.h>
#include <hal/systemc/bus_error.h>
#include <pointcloud/generators.h>

using namespace vplab;
using namespace vplab::regs::fusefps;

namespace {

using sets = std::vector<std::pair<std::string, std::string>>;

config::values fusefps_values(const sets& s = {}) {
    config::values v(platforms::platform_schema("fusefps"));
    v.assign("platform", "fusefps", {"test", 0, 0});
    for (const auto& [key, text] : s) v.assign(key, text, {"test", 0, 0});
    return v;
}

platforms::run_outcome run_platform(const config::values& v) {
    platforms::fusefps_platform().validate(v);
    platforms::run_context ctx{v, "test", "default", 1, "", ""};
    return platforms::fusefps_platform().run(ctx);
}

void check_mode(const std::string& mode, const std::string& dma_face = "lt") {
    const auto v = fusefps_values({{"fusefps.mode", mode},
                                   {"fusefps.dma_face", dma_face},
                                   {"fusefps.height", "4"},
                                   {"fusefps.min_bucket", "16"},
                                   {"workload.generator", "clusters"},
                                   {"workload.points", "3000"},
                                   {"workload.samples", "200"},
                                   {"workload.start", "17"}});
    const auto out = run_platform(v);
    INFO(out.message);
    CHECK(out.verified);
    CHECK_FALSE(out.firmware_error);
    CHECK(out.metrics["mode"] == mode);
    CHECK(out.metrics["points"] == 3000);
    CHECK(out.metrics["samples"] == 200);
    CHECK(out.metrics["mismatched_samples"] == 0);
    CHECK(out.metrics["guard_intact"] == true);
    CHECK(out.metrics.contains("row_hit_rate"));
    CHECK(out.metrics["energy_pj"].get<double>() > 0);
    CHECK(out.metrics["cycles"].get<std::uint64_t>() > 0);
    REQUIRE(out.files.count("samples.csv"));
    const std::string& csv = out.files.at("samples.csv");
    CHECK(csv.rfind("order,index,x,y,z\n0,17,", 0) == 0);
    CHECK(std::count(csv.begin(), csv.end(), '\n') == 201);

    // The device made exactly the golden algorithm's decisions.
    const auto pts = pointcloud::generate("clusters", 3000, 1);
    fps::fps_counters c;
    fps::bucket_params p;
    p.height = 4;
    p.min_bucket = 16;
    p.merge_depth = 32;
    p.capacity = 512;
    if (mode == "fusefps") fps::fuse_fps(pts, 200, 17, p, &c);
    if (mode == "quickfps") fps::quick_fps(pts, 200, 17, p, &c);
    if (mode == "vanilla") fps::vanilla_fps(pts, 200, 17, &c);
    CHECK(out.metrics["issues"] == c.issues);
    CHECK(out.metrics["defers"] == c.defers);
    CHECK(out.metrics["skips"] == c.skips);
    CHECK(out.metrics["splits"] == c.splits);
    // Sampling traffic: 16-byte records and 4-byte distances in, distances out, the start record, the indices.
    CHECK(out.metrics["sampling_bytes"] ==
          16 * (c.sampling_reads + 1) + 4 * (c.sampling_reads - 3000) + 4 * c.sampling_writes + 4 * 200);
}

} // namespace

TEST_CASE("fusefps: platform in vanilla mode matches vanilla FPS on the DRAM model") { check_mode("vanilla"); }
TEST_CASE("fusefps: platform in quickfps mode matches vanilla FPS on the DRAM model") { check_mode("quickfps"); }
TEST_CASE("fusefps: platform in fusefps mode matches vanilla FPS on the DRAM model") { check_mode("fusefps"); }
TEST_CASE("fusefps: platform in fusefps mode matches vanilla FPS with the DMA on the DRAM model's AT face") {
    check_mode("fusefps", "at");
}
TEST_CASE("fusefps: platform in quickfps mode matches vanilla FPS with the DMA on the DRAM model's AT face") {
    check_mode("quickfps", "at");
}

TEST_CASE("fusefps: workload.check none skips the golden run, samples.csv holds the vanilla sequence as printf writes it") {
    const auto v = fusefps_values({{"fusefps.mode", "fusefps"},
                                   {"workload.generator", "lidar"},
                                   {"workload.points", "2000"},
                                   {"workload.samples", "150"},
                                   {"workload.start", "5"},
                                   {"workload.check", "none"}});
    const auto out = run_platform(v);
    INFO(out.message);
    CHECK(out.verified);  // guard and index range only
    CHECK(out.message.find("not compared") != std::string::npos);
    CHECK_FALSE(out.metrics.contains("mismatched_samples"));
    CHECK(out.metrics["guard_intact"] == true);
    // The caller's comparison: every line rebuilt here with snprintf from vanilla FPS on the same cloud.
    const auto pts = pointcloud::generate("lidar", 2000, 1);
    const std::vector<std::uint32_t> golden = fps::vanilla_fps(pts, 150, 5);
    std::string expected = "order,index,x,y,z\n";
    for (std::size_t i = 0; i < golden.size(); ++i) {
        const fps::point3& q = pts[golden[i]];
        char line[128];
        std::snprintf(line, sizeof line, "%zu,%u,%.9g,%.9g,%.9g\n", i, golden[i], static_cast<double>(q.x),
                      static_cast<double>(q.y), static_cast<double>(q.z));
        expected += line;
    }
    REQUIRE(out.files.count("samples.csv"));
    CHECK(out.files.at("samples.csv") == expected);
}

TEST_CASE("fusefps: quickfps charges the host build per point operation and uploads the tree") {
    const auto v = fusefps_values({{"fusefps.mode", "quickfps"},
                                   {"fusefps.height", "3"},
                                   {"fusefps.host_ns_per_op", "2"},
                                   {"workload.points", "1000"},
                                   {"workload.samples", "10"}});
    const auto out = run_platform(v);
    REQUIRE(out.verified);
    // Reference-code build: (1 + 3H) reads and H writes of every point.
    CHECK(out.metrics["host_build_ns"] == 2 * 1000 * (1 + 3 * 3 + 3));
    CHECK(out.metrics["host_build_bytes"] == 16 * 1000 * (1 + 3 * 3 + 3));
    CHECK(out.metrics["upload_bytes"] == 16 * 1000 + 8 * 8);
    CHECK(out.stats["fusefps.cpu"]["busy_ns"] == 2 * 1000 * 13);
    // The host's build energy: host power x build time (W x ns = 1000 pJ), on top of the device and the DRAM.
    const auto& e = out.metrics["energy_breakdown_pj"];
    CHECK(e["host_build_pj"].get<double>() == Approx(5.0 * 2 * 1000 * 13 * 1000));
    CHECK(out.metrics["energy_pj"].get<double>() ==
          Approx(e["host_build_pj"].get<double>() + e["accelerator_pj"].get<double>() + e["dram_pj"].get<double>()));
    CHECK(e["dram_pj"].get<double>() > 0);
}

TEST_CASE("fusefps: datapath energy of an on-chip vanilla job matches its closed form") {
    const auto v = fusefps_values({{"fusefps.mode", "vanilla"},
                                   {"fusefps.point_buffer", "20KiB"},
                                   {"fusefps.memory.model", "simple"},
                                   {"fusefps.memory.latency", "10ns"},
                                   {"fusefps.lanes", "32"},
                                   {"fusefps.pes", "2"},
                                   {"fusefps.energy.static_mw", "2"},
                                   {"workload.points", "1024"},
                                   {"workload.samples", "16"}});
    const auto out = run_platform(v);
    REQUIRE(out.verified);
    namespace op = core::op_energy;
    // 15 streams of all 1,024 points with one reference each (the initial pass and 14 iterations; the last sample
    // needs none), 14 decision rounds over the single bucket.
    const double streamed = 15 * 1024, decisions = 14;
    const double distance = streamed * (5 * op::fp_add32_pj + 3 * op::fp_mul32_pj) +
                            decisions * (13 * op::fp_add32_pj + 6 * op::fp_mul32_pj) + 1024 * 3 * op::fp_add32_pj;
    // A min per distance, a far-point compare per point, the initial pass's box, 9 per decision.
    const double compare = op::int_add32_pj * (streamed + streamed + 1024 * 6 + decisions * 9);
    // Table: the far point written per stream, box and far point read per decision; 512 entries of 64 bytes with
    // 32 merge entries of 12 bytes.
    const double table = (15 * 20 + decisions * 44) * op::sram_byte_pj(512 * (64 + 32 * 12));
    // Buffer: the DMA writes the records once; the initial pass reads records and writes distances, the other 14
    // read records and distances and write distances.
    const double buffer = (16 * 1024 + 20 * 1024 + 14 * 24 * 1024) * op::sram_byte_pj(20 * 1024);
    // 32 lanes x 2 PEs x 128 register bits for ceil(1024 / 32) cycles per stream.
    const double registers = 15 * 32 * 32 * 2 * 128 * 0.005;
    const double static_pj = 2.0 * out.metrics["device_ns"].get<double>();
    const auto& e = out.metrics["energy_breakdown_pj"];
    CHECK(e["distance_pj"].get<double>() == Approx(distance));
    CHECK(e["compare_pj"].get<double>() == Approx(compare));
    CHECK(e["bucket_table_pj"].get<double>() == Approx(table));
    CHECK(e["point_buffer_pj"].get<double>() == Approx(buffer));
    CHECK(e["register_pj"].get<double>() == Approx(registers));
    CHECK(e["static_pj"].get<double>() == Approx(static_pj));
    CHECK(e["host_build_pj"].get<double>() == 0);
    CHECK(e["dram_pj"].get<double>() == 0);  // the simple memory has no energy model
    CHECK(out.metrics["energy_pj"].get<double>() ==
          Approx(distance + compare + table + buffer + registers + static_pj));
}

namespace {

void check_vanilla_closed_form(unsigned lanes, unsigned outstanding) {
    const auto v = fusefps_values({{"fusefps.mode", "vanilla"},
                                   {"fusefps.point_buffer", "0"},
                                   {"fusefps.memory.model", "simple"},
                                   {"fusefps.memory.latency", "10ns"},
                                   {"fusefps.lanes", std::to_string(lanes)},
                                   {"fusefps.pipeline_cycles", "8"},
                                   {"fusefps.dma_bytes", "1KiB"},
                                   {"fusefps.outstanding", std::to_string(outstanding)},
                                   {"workload.points", "1024"},
                                   {"workload.samples", "16"}});
    const auto out = run_platform(v);
    REQUIRE(out.verified);
    // Per bucket stream: records (16 KiB = 16 requests) then distances (4 KiB = 4 requests) in, distances back;
    // with `outstanding` requests in flight a train of r requests on a 10 ns memory takes ceil(r / outstanding) x 10.
    // The lanes take N / lanes cycles plus the pipeline; the longer of the two counts. Each iteration decides one
    // bucket (2 cycles).
    auto train = [&](std::uint64_t requests) { return (requests + outstanding - 1) / outstanding * 10; };
    const std::uint64_t compute = 1024 / lanes + 8;
    const std::uint64_t init_mem = train(16) + train(4), iter_mem = train(16) + train(4) + train(4);
    const std::uint64_t init = std::max(compute, init_mem);
    const std::uint64_t iteration = 2 + std::max(compute, iter_mem);
    // Buffer probes (3 buffers x 2 reads), the start record, the init pass, K - 2 = 14 streams (the last sample
    // needs none), the index write.
    const std::uint64_t expected = 6 * 10 + 10 + init + 14 * iteration + 10;
    const std::uint64_t stall = (init - compute) + 14 * (iteration - 2 - compute);
    INFO("lanes " << lanes << ", outstanding " << outstanding);
    CHECK(out.metrics["device_ns"] == expected);
    CHECK(out.metrics["cycles"] == expected);
    CHECK(out.metrics["stall_cycles"] == stall);
}

} // namespace

TEST_CASE("fusefps: vanilla job time matches its closed form - memory bound (8 lanes, 1 request in flight)") {
    check_vanilla_closed_form(8, 1);
}

TEST_CASE("fusefps: vanilla job time matches its closed form - compute bound (1 lane, 1 request in flight)") {
    check_vanilla_closed_form(1, 1);
}

TEST_CASE("fusefps: vanilla job time matches its closed form - 4 requests in flight make 8 lanes compute bound") {
    check_vanilla_closed_form(8, 4);
}

TEST_CASE("fusefps: a cloud that fits the point buffer is read once and then streams from chip") {
    const auto v = fusefps_values({{"fusefps.mode", "vanilla"},
                                   {"fusefps.point_buffer", "20KiB"},
                                   {"fusefps.memory.model", "simple"},
                                   {"fusefps.memory.latency", "10ns"},
                                   {"fusefps.lanes", "32"},
                                   {"fusefps.dma_bytes", "1KiB"},
                                   {"fusefps.outstanding", "4"},
                                   {"workload.points", "1024"},
                                   {"workload.samples", "16"}});
    const auto out = run_platform(v);
    REQUIRE(out.verified);
    // Initial pass: 16 record requests, 4 in flight (40 ns) against 1024 / 32 + 8 = 40 cycles; then 14 streams of
    // 40 cycles from the buffer, each after 2 decision cycles; probes, start record and index write as before.
    CHECK(out.metrics["device_ns"] == 6 * 10 + 10 + 40 + 14 * (2 + 40) + 10);
    CHECK(out.metrics["sampling_bytes"] == 16 + 16 * 1024 + 4 * 16);
    CHECK(out.metrics["stall_cycles"] == 0);
}

namespace {

// Runs `firmware` on a platform with a plain memory, so that tests can inspect and preload it.
struct fps_bench {
    config::values params = fusefps_values({{"fusefps.memory.model", "simple"}, {"fusefps.memory.size", "1MiB"}});
    platforms::fusefps_top top{"fusefps", params};
    std::vector<unsigned char> before;

    fps_bench() {
        // A known pattern over the whole memory: a failed job must leave every byte of it.
        before.resize(top.mem_size());
        for (std::size_t i = 0; i < before.size(); ++i) before[i] = static_cast<unsigned char>(i * 131 + 7);
        top.ram->load(0, before.data(), before.size());
    }
    void run(std::function<void(hal::mmio&, drivers::fusefps_driver&)> firmware) {
        top.cpu.load([this, firmware](hal::mmio& bus) {
            drivers::fusefps_driver dev(bus, top.accel_base(), platforms::fusefps_top::accel_irq_line);
            firmware(bus, dev);
        });
        sc_core::sc_start(sc_core::sc_time(1, sc_core::SC_SEC));
        REQUIRE(top.cpu.finished());
        REQUIRE(top.cpu.failure().empty());
    }
    std::uint64_t mem(std::uint64_t offset) const { return top.mem_base() + offset; }
    bool untouched() const {
        std::vector<unsigned char> now(before.size());
        top.ram->dump(0, now.data(), now.size());
        return now == before;
    }
    drivers::fusefps_driver::job good_job() const {
        drivers::fusefps_driver::job j;
        j.n = 1000;
        j.k = 10;
        j.cloud = mem(0);
        j.out = mem(0x10000);
        j.work = mem(0x20000);
        j.work_size = 40 * 1000;
        j.tree = mem(0x40000);
        return j;
    }
};

} // namespace

TEST_CASE("fusefps: bad descriptors set the error code, raise the interrupt and write nothing") {
    fps_bench b;
    using job = drivers::fusefps_driver::job;
    std::vector<std::pair<std::string, std::function<void(job&)>>> cases{
        {"K > N", [](job& j) { j.k = 1001; }},
        {"K = 0", [](job& j) { j.k = 0; }},
        {"N = 0", [](job& j) { j.n = 0; }},
        {"start outside", [](job& j) { j.start = 1000; }},
        {"unknown mode", [](job& j) { j.mode = 3; }},
        {"height", [](job& j) { j.height = 17; }},
        {"merge depth", [](job& j) { j.merge_depth = 33; }},
        {"output overlaps cloud", [&](job& j) { j.out = b.mem(16 * 999); }},
        {"work overlaps output", [&](job& j) { j.work = b.mem(0x10000 - 64); }},
        {"work wraps", [](job& j) { j.work = ~std::uint64_t{0} - 100; }},
        {"work too small", [](job& j) { j.work_size = 40 * 1000 - 1; }},
        {"cloud outside memory", [&](job& j) { j.cloud = b.mem(0) - 0x100000; }},
        {"output past the end", [&](job& j) { j.out = b.mem(b.top.mem_size() - 8); }},
        {"quickfps without buckets", [](job& j) { j.mode = mode_quickfps; }},
        {"quickfps beyond capacity", [](job& j) { j.mode = mode_quickfps; j.tree_buckets = 513; }},
        {"quickfps buckets not tiling", [](job& j) { j.mode = mode_quickfps; j.tree_buckets = 2; }},
    };
    const std::vector<std::uint32_t> expected{error_bad_count, error_bad_count, error_bad_count, error_bad_count,
                                              error_bad_param, error_bad_param, error_bad_param, error_overlap,
                                              error_overlap, error_overlap, error_work_too_small, error_bad_address,
                                              error_bad_address, error_bad_tree, error_bad_tree, error_bad_tree};
    std::vector<std::uint32_t> got;
    std::vector<bool> irq_seen;
    b.run([&](hal::mmio& bus, drivers::fusefps_driver& dev) {
        CHECK(dev.probe());
        CHECK(dev.capacity() == 512);
        for (auto& [name, edit] : cases) {
            job j = b.good_job();
            edit(j);
            const auto out = dev.run(j, 10000000);
            irq_seen.push_back(out.completed);
            got.push_back(out.error);
            CHECK((bus.read32(b.top.accel_base() + STATUS) & STATUS_ERROR) != 0);
        }
    });
    for (std::size_t i = 0; i < cases.size(); ++i) {
        INFO(cases[i].first);
        CHECK(irq_seen[i]);
        CHECK(got[i] == expected[i]);
    }
    CHECK(b.untouched());
}

TEST_CASE("fusefps: on the AT face an unreachable buffer fails the job through the router, writing nothing") {
    config::values params = fusefps_values({{"fusefps.dma_face", "at"}});
    platforms::fusefps_top top{"fusefps", params};
    const auto pts = pointcloud::uniform_cube(500, 3);
    const auto golden = fps::vanilla_fps(pts, 20, 0);
    std::vector<std::uint32_t> got(20, 0xffffffffu), untouched(20, 0);
    std::uint32_t bad_error = 0, good_error = 99;
    const std::uint64_t base = top.mem_base();
    top.cpu.load([&](hal::mmio& bus) {
        drivers::fusefps_driver dev(bus, top.accel_base(), platforms::fusefps_top::accel_irq_line);
        const auto recs = fps::to_records(pts);
        bus.write_block(base, recs.data(), recs.size() * 16);
        bus.write_block(base + 0x10000, untouched.data(), 4 * untouched.size());
        drivers::fusefps_driver::job j;
        j.n = 500;
        j.k = 20;
        j.cloud = base - 0x100000;  // below the memory's window: the router answers an address error
        j.out = base + 0x10000;
        j.work = base + 0x20000;
        j.work_size = 40 * 500;
        bad_error = dev.run(j, 10000000).error;
        bus.read_block(base + 0x10000, untouched.data(), 4 * untouched.size());
        j.cloud = base;
        good_error = dev.run(j, 10000000).error;
        bus.read_block(base + 0x10000, got.data(), 4 * got.size());
    });
    sc_core::sc_start(sc_core::sc_time(1, sc_core::SC_SEC));
    REQUIRE(top.cpu.finished());
    REQUIRE(top.cpu.failure().empty());
    CHECK(bad_error == error_bad_address);
    CHECK(untouched == std::vector<std::uint32_t>(20, 0));
    CHECK(good_error == error_none);
    CHECK(got == golden);
}

TEST_CASE("fusefps: a good job after a failed one runs, and START while busy is refused without stopping it") {
    fps_bench b;
    const auto pts = pointcloud::uniform_cube(1000, 4);
    const auto golden = fps::vanilla_fps(pts, 10, 0);
    std::vector<std::uint32_t> got(10);
    std::uint32_t busy_error = 0, final_error = 99;
    b.run([&](hal::mmio& bus, drivers::fusefps_driver& dev) {
        const auto recs = fps::to_records(pts);
        bus.write_block(b.mem(0), recs.data(), recs.size() * 16);
        auto j = b.good_job();
        j.k = 1001;
        CHECK(dev.run(j, 1000000).error == error_bad_count);
        j.k = 10;
        CHECK(dev.run(j, 100000000).error == error_none);
        // Start the same job again by hand, and once more while it runs.
        const auto base = b.top.accel_base();
        bus.write32(base + CTRL, CTRL_START | CTRL_IRQ_EN);
        bus.write32(base + CTRL, CTRL_START | CTRL_IRQ_EN);
        busy_error = bus.read32(base + ERROR);
        CHECK((bus.read32(base + STATUS) & STATUS_BUSY) != 0);
        bus.write32(base + IRQ_STATUS, IRQ_ERROR);  // acknowledge the refusal; the job goes on
        CHECK(bus.wait_irq(0, 100000000));
        CHECK(bus.read32(base + IRQ_STATUS) == IRQ_DONE);
        final_error = bus.read32(base + ERROR);
        bus.read_block(j.out, got.data(), 40);
    });
    CHECK(final_error == error_none);
    CHECK(busy_error == error_busy);
    CHECK(got == golden);
}

TEST_CASE("fusefps: a job works on the registers as they were at START, whatever the firmware writes meanwhile") {
    fps_bench b;
    const auto pts = pointcloud::uniform_cube(1000, 4);
    const auto golden = fps::vanilla_fps(pts, 10, 0);
    std::vector<std::uint32_t> got(10), elsewhere(10), elsewhere_before(10);
    std::uint32_t error = 99;
    b.run([&](hal::mmio& bus, drivers::fusefps_driver& dev) {
        const auto recs = fps::to_records(pts);
        bus.write_block(b.mem(0), recs.data(), recs.size() * 16);
        const auto j = b.good_job();
        REQUIRE(dev.run(j, 100000000).error == error_none);  // programs the registers
        bus.read_block(b.mem(0x60000), elsewhere_before.data(), 40);
        bus.write_block(j.out, std::vector<std::uint32_t>(10, 0).data(), 40);
        const auto base = b.top.accel_base();
        bus.write32(base + CTRL, CTRL_START | CTRL_IRQ_EN);
        // Right after START, point every buffer somewhere else.
        bus.write64(base + OUT_BASE, b.mem(0x60000));
        bus.write64(base + CLOUD_BASE, b.mem(0x70000));
        bus.write64(base + WORK_BASE, b.mem(0x80000));
        bus.write32(base + K, 3);
        CHECK(bus.wait_irq(0, 100000000));
        error = bus.read32(base + ERROR);
        bus.read_block(j.out, got.data(), 40);
        bus.read_block(b.mem(0x60000), elsewhere.data(), 40);
    });
    CHECK(error == error_none);
    CHECK(got == golden);
    CHECK(elsewhere == elsewhere_before);
}

TEST_CASE("fusefps: register map - unmapped offsets and read-only writes answer bus errors") {
    fps_bench b;
    int address_errors = 0, command_errors = 0;
    b.run([&](hal::mmio& bus, drivers::fusefps_driver&) {
        const auto base = b.top.accel_base();
        try {
            bus.read32(base + 0x200);
        } catch (const hal::bus_error& e) {
            address_errors += std::string(e.what()).find("ADDRESS_ERROR") != std::string::npos;
        }
        try {
            bus.write32(base + ID, 1);
        } catch (const hal::bus_error& e) {
            command_errors += std::string(e.what()).find("COMMAND_ERROR") != std::string::npos;
        }
        try {
            bus.write64(base + CYCLES, 1);
        } catch (const hal::bus_error&) {
            ++command_errors;
        }
        CHECK(bus.read32(base + ID) == id_value);
        CHECK(bus.read32(base + MODE) == mode_fusefps);
        CHECK(bus.read32(base + HEIGHT) == 7);
    });
    CHECK(address_errors == 1);
    CHECK(command_errors == 2);
}

TEST_CASE("fusefps: scenario checks - K > N, start outside, file errors name the key") {
    using Catch::Matchers::Contains;
    const auto& def = platforms::fusefps_platform();
    CHECK_THROWS_WITH(def.validate(fusefps_values({{"workload.points", "10"}, {"workload.samples", "11"}})),
                      Contains("workload.samples") && Contains("11 samples requested from 10 points"));
    CHECK_THROWS_WITH(def.validate(fusefps_values({{"workload.points", "10"}, {"workload.samples", "5"},
                                                   {"workload.start", "10"}})),
                      Contains("workload.start"));
    CHECK_THROWS_WITH(
        run_platform(fusefps_values({{"workload.file", "/nonexistent/cloud.ply"}, {"workload.points", "0"}})),
        Contains("workload.file") && Contains("cannot open"));
    CHECK_THROWS_WITH(def.validate(fusefps_values({{"fusefps.dram.mapping", "nonsense"}})),
                      Contains("fusefps.dram.mapping"));
    CHECK_THROWS_WITH(def.validate(fusefps_values({{"fusefps.mode", "quickfps"}, {"fusefps.height", "10"}})),
                      Contains("fusefps.height") && Contains("1024 buckets"));
    CHECK_THROWS_WITH(def.validate(fusefps_values({{"fusefps.merge_depth", "33"}})),
                      Contains("fusefps.merge_depth") && Contains("fusefps.merge_buffer (32)"));
}

TEST_CASE("fusefps: forced issues and a full bucket table keep the device exact") {
    const auto v = fusefps_values({{"fusefps.mode", "fusefps"},
                                   {"fusefps.memory.model", "simple"},
                                   {"fusefps.merge_depth", "1"},
                                   {"fusefps.capacity", "8"},
                                   {"fusefps.height", "6"},
                                   {"fusefps.min_bucket", "4"},
                                   {"workload.generator", "sphere"},
                                   {"workload.points", "2500"},
                                   {"workload.samples", "400"}});
    const auto out = run_platform(v);
    INFO(out.message);
    CHECK(out.verified);
    CHECK(out.metrics["buckets"] == 8);
    CHECK(out.metrics["splits"] == 7);
    fps::fps_counters c;
    fps::bucket_params p;
    p.height = 6;
    p.min_bucket = 4;
    p.merge_depth = 1;
    p.capacity = 8;
    fps::fuse_fps(pointcloud::generate("sphere", 2500, 1), 400, 0, p, &c);
    CHECK(c.forced_issues > 0);
    CHECK(out.metrics["issues"] == c.issues);
    CHECK(out.metrics["defers"] == c.defers);
}

TEST_CASE("fusefps: a malformed cloud file is an input error naming the file, its line and the key") {
    using Catch::Matchers::Contains;
    const auto path =
        std::filesystem::temp_directory_path() / ("vplab_fusefps_bad_" + std::to_string(::getpid()) + ".xyz");
    std::ofstream(path) << "1 2 3\n4 5 6\n7 8\n";
    CHECK_THROWS_WITH(run_platform(fusefps_values({{"workload.file", path.string()}, {"workload.points", "0"},
                                                   {"workload.samples", "2"}})),
                      Contains("workload.file") && Contains(path.string() + ":3") && Contains("three numbers"));
    std::ofstream(path) << "1 2 3\n4 5 6\n";
    CHECK_THROWS_WITH(run_platform(fusefps_values({{"workload.file", path.string()}, {"workload.points", "0"},
                                                   {"workload.samples", "3"}})),
                      Contains("workload.samples") && Contains("3 samples requested from 2 points"));
    std::ofstream(path) << "1 2 3\nnan 5 6\n";
    CHECK_THROWS_WITH(run_platform(fusefps_values({{"workload.file", path.string()}, {"workload.points", "0"},
                                                   {"workload.samples", "1"}})),
                      Contains("point 1 has a non-finite coordinate"));
    std::filesystem::remove(path);
}

TEST_CASE("fusefps: a compare run reports speed and energy efficiency against its quickfps variant") {
    config::values params(platforms::platform_schema("fusefps"));
    auto outcome = [](const char* mode, double ns, double pj) {
        platforms::run_outcome o;
        o.metrics = {{"mode", mode}, {"kernel_ns", ns}, {"energy_pj", pj}};
        return o;
    };
    auto quick = outcome("quickfps", 600, 90);
    quick.metrics["energy_breakdown_pj"] = {{"host_build_pj", 30.0}};
    const auto fused = outcome("fusefps", 200, 60);
    const std::string qn = "q", fn = "f";
    const auto extra = platforms::fusefps_platform().compare({{qn, params, quick}, {fn, params, fused}});
    CHECK(extra.at("f")["speedup_vs_quickfps"] == 3.0);
    CHECK(extra.at("f")["energy_efficiency_vs_quickfps"] == 1.5);
    CHECK(extra.at("f")["device_energy_efficiency_vs_quickfps"] == 1.0);  // without the host's 30 pJ build
    CHECK(extra.at("q")["speedup_vs_quickfps"] == 1.0);
    const auto none = platforms::fusefps_platform().compare({{fn, params, fused}});
    CHECK(none.empty());  // no quickfps variant: nothing to compare against
}
