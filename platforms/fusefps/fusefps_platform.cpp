#include "fusefps_platform.h"

#include "fusefps_top.h"

#include <algorithm>

#include <apps/fusefps/fps_app.h>
#include <core/hex.h>
#include <filesystem>
#include <fps/fps_types.h>
#include <pointcloud/cloud_io.h>
#include <pointcloud/generators.h>
#include <runner/session.h>

namespace vplab::platforms {

namespace {

void declare(config::schema& s) {
    s.choice("fusefps.mode", "fusefps", {"vanilla", "quickfps", "fusefps"},
             "vanilla: stream the cloud every iteration; quickfps: host-built KD-tree, device samples; "
             "fusefps: the device builds the tree while it samples")
        .unsigned_("fusefps.height", 7, "bucket tree height H (quickfps build, fusefps split limit)", 0, 16)
        .unsigned_("fusefps.min_bucket", 32, "fusefps: buckets of at most this many points are not split", 0,
                   0xffffffffull)
        .unsigned_("fusefps.merge_depth", 0, "deferred references per bucket before a forced issue; 0 = merge_buffer",
                   0, 4096)
        .unsigned_("fusefps.merge_buffer", 32, "merge list entries per bucket on chip", 1, 4096)
        .unsigned_("fusefps.lanes", 8, "point lanes: points entering the distance units per cycle", 1, 1024)
        .unsigned_("fusefps.pes", 2, "reference PEs per lane: references applied per pass", 1, 64)
        .unsigned_("fusefps.pipeline_cycles", 8, "pipeline fill and drain per streamed bucket, cycles", 0, 10000)
        .unsigned_("fusefps.bucket_units", 4, "bucket decisions (issue/defer/skip) per cycle", 1, 1024)
        .unsigned_("fusefps.capacity", 512, "bucket table entries on chip", 1, 1u << 20)
        .time("fusefps.clock", "1ns", "accelerator clock period", 1)
        .bytes("fusefps.dma_bytes", "1KiB", "bytes per DMA request", 16, 1 << 20)
        .unsigned_("fusefps.outstanding", 4, "DMA requests in flight", 1, 256)
        .choice("fusefps.dma_face", "lt", {"lt", "at"},
                "lt: b_transport calls with overlapping annotated times (fast); at: 4-phase AT requests with the "
                "memory's END_REQ back-pressure (exact about queueing, several times slower to simulate)")
        .bytes("fusefps.point_buffer", "20KiB",
               "on-chip point buffer (20 bytes per point): a cloud that fits is read from DRAM once; 0 = none", 0,
               1ull << 30)
        .real("fusefps.host_ns_per_op", 2.5,
              "quickfps: host CPU ns per point record read or written by the KD-tree build", 0.0, 1e6)
        .real("fusefps.energy.static_mw", 5.0, "accelerator static (leakage) power while a job runs, mW", 0.0, 1e6)
        .real("fusefps.energy.host_w", 5.0, "quickfps: host CPU power while it builds the KD-tree, W", 0.0, 1e4)
        .unsigned_("fusefps.base", 0x10000000ull, "bus address of the accelerator's registers")
        .time("fusefps.cpu.access_cost", "1ns", "host CPU time per register access, on top of the bus latency")
        .choice("fusefps.memory.model", "dram", {"dram", "simple"},
                "dram: the vplab_dram model (timing, row hits, energy); simple: core::memory, fixed latency")
        .unsigned_("fusefps.memory.base", 0x80000000ull, "bus address of the memory")
        .bytes("fusefps.memory.size", "256MiB", "simple memory: size", 4096, 1ull << 34)
        .time("fusefps.memory.latency", "50ns", "simple memory: latency per access (any length)")
        .choice("fusefps.dram.preset", "ddr4-3200", {"ddr4-3200", "ddr4-2400", "lpddr4-3200", "hbm2"},
                "DRAM standard (ddr4-3200 x64 = 25.6 GB/s, the authors' DRAMsim3 setting)")
        .string("fusefps.dram.mapping", "row_column_bankgroup", "DRAM address bit order (see docs/dram.md)")
        .choice("workload.generator", "uniform", {"uniform", "sphere", "clusters", "lidar"},
                "synthetic cloud when workload.file is empty")
        .string("workload.file", "", "point cloud file (PLY, XYZ/CSV, KITTI .bin, PCD), relative to the scenario")
        .choice("workload.format", "auto", {"auto", "ply", "xyz", "csv", "kitti", "pcd"},
                "format of workload.file; auto: from the extension")
        .unsigned_("workload.points", 1024, "N: points to generate; with a file, the first N (0 = all)", 0,
                   0xffffffffull)
        .unsigned_("workload.samples", 256, "K: samples to take", 1, 0xffffffffull)
        .unsigned_("workload.start", 0, "index of the first sample", 0, 0xffffffffull)
        .time("workload.timeout", "10s", "how long the firmware waits for the interrupt", 1)
        .boolean("workload.save_cloud", false, "also write the cloud to OUT/cloud.xyz (for scripts/plot_fusefps.py)")
        .choice("workload.check", "vanilla", {"vanilla", "fusefps", "none"},
                "golden sequence the app checks: vanilla FPS, golden FuseFPS (equal by test_fusefps, faster), or "
                "none (guard and index range only; the caller compares samples.csv)");
}

const char* const default_scenario = R"(name: fusefps
platform: fusefps
fusefps:
  height: 4
workload:
  generator: clusters
  points: 2048
  samples: 128
)";

std::uint64_t align(std::uint64_t v) { return (v + 4095) & ~std::uint64_t{4095}; }

struct layout {
    std::uint64_t cloud = 0, out = 0, work = 0, work_size = 0, tree = 0, end = 0;
};

layout make_layout(std::uint64_t n, std::uint64_t k, unsigned height) {
    layout l;
    l.out = align(16 * n);
    l.work = align(l.out + 4 * k + 64);  // 64 guard bytes after the output
    l.work_size = 40 * n;
    l.tree = align(l.work + l.work_size);
    l.end = l.tree + 8 * (std::uint64_t{1} << height);
    return l;
}

config::input_error error_at(const config::values& v, const std::string& key, const std::string& msg) {
    return config::input_error({{v.where(key), key, msg}});
}

void check_counts(const config::values& v, std::uint64_t n, bool from_file) {
    const std::uint64_t k = v.unsigned_("workload.samples");
    const std::string what = from_file ? "the cloud read from workload.file" : "workload.points";
    if (n == 0) throw error_at(v, from_file ? "workload.file" : "workload.points", "the cloud has no points");
    if (k > n)
        throw error_at(v, "workload.samples",
                       std::to_string(k) + " samples requested from " + std::to_string(n) + " points (" + what + ")");
    if (v.unsigned_("workload.start") >= n)
        throw error_at(v, "workload.start",
                       "start index " + std::to_string(v.unsigned_("workload.start")) + " outside the " +
                           std::to_string(n) + " points");
    if (v.string("fusefps.memory.model") == "simple") {
        const layout l = make_layout(n, k, static_cast<unsigned>(v.unsigned_("fusefps.height")));
        if (l.end > v.bytes("fusefps.memory.size"))
            throw error_at(v, "fusefps.memory.size",
                           "the buffers need " + std::to_string(l.end) + " bytes (56 per point + samples + tree)");
    }
}

void validate(const config::values& v) {
    if (v.string("workload.file").empty()) check_counts(v, v.unsigned_("workload.points"), false);
    // The host's tree must fit the device's bucket table (up to 2^H leaves).
    const std::uint64_t leaves = std::uint64_t{1} << v.unsigned_("fusefps.height");
    if (v.string("fusefps.mode") == "quickfps" && leaves > v.unsigned_("fusefps.capacity"))
        throw error_at(v, "fusefps.height",
                       "quickfps builds up to " + std::to_string(leaves) + " buckets, more than fusefps.capacity (" +
                           std::to_string(v.unsigned_("fusefps.capacity")) + ")");
    if (v.unsigned_("fusefps.merge_depth") > v.unsigned_("fusefps.merge_buffer"))
        throw error_at(v, "fusefps.merge_depth",
                       "deferred references per bucket (" + std::to_string(v.unsigned_("fusefps.merge_depth")) +
                           ") must fit fusefps.merge_buffer (" + std::to_string(v.unsigned_("fusefps.merge_buffer")) +
                           ")");
    if (v.string("fusefps.memory.model") == "dram") fusefps_dram_config(v);
}

std::string resolve(const config::values& v, const std::string& key) {
    const std::filesystem::path path(v.string(key));
    const config::location& where = v.where(key);
    // Relative to the scenario that named it, so scenarios run from any directory.
    if (path.is_relative() && where.line > 0 && !where.source.empty() && where.source != "--set")
        return (std::filesystem::path(where.source).parent_path() / path).lexically_normal().string();
    return path.string();
}

std::vector<fps::point3> load_cloud(const config::values& v, std::uint64_t seed) {
    const std::uint64_t n = v.unsigned_("workload.points");
    if (v.string("workload.file").empty())
        return pointcloud::generate(v.string("workload.generator"), static_cast<std::size_t>(n), seed);
    std::vector<fps::point3> pts;
    try {
        pts = pointcloud::read_cloud(resolve(v, "workload.file"),
                                     pointcloud::parse_format(v.string("workload.format")));
    } catch (const std::exception& e) {
        throw error_at(v, "workload.file", e.what());
    }
    if (n > pts.size())
        throw error_at(v, "workload.points",
                       std::to_string(n) + " points requested, the file has " + std::to_string(pts.size()));
    if (n) pts.resize(static_cast<std::size_t>(n));
    return pts;
}

std::uint32_t mode_of(const std::string& m) {
    return m == "vanilla" ? regs::fusefps::mode_vanilla
           : m == "quickfps" ? regs::fusefps::mode_quickfps
                             : regs::fusefps::mode_fusefps;
}

run_outcome run(const run_context& ctx) {
    const config::values& v = ctx.params;
    const std::vector<fps::point3> points = load_cloud(v, ctx.seed);
    const bool from_file = !v.string("workload.file").empty();
    check_counts(v, points.size(), from_file);
    try {
        fps::check_input(points, v.unsigned_("workload.samples"), v.unsigned_("workload.start"));
    } catch (const std::invalid_argument& e) {
        throw error_at(v, from_file ? "workload.file" : "workload.generator", e.what());
    }

    session s(ctx);
    fusefps_top top("fusefps", v);
    top.trace(s.vcd());
    s.log_transactions(top.bus);

    const std::uint64_t k = v.unsigned_("workload.samples");
    const unsigned height = static_cast<unsigned>(v.unsigned_("fusefps.height"));
    const layout l = make_layout(points.size(), k, height);
    if (l.end > top.mem_size())
        throw error_at(v, "workload.points", "the buffers need " + std::to_string(l.end) + " bytes, the memory has " +
                                                 std::to_string(top.mem_size()));
    apps::fps_app_params app;
    app.device_base = top.accel_base();
    app.irq_line = fusefps_top::accel_irq_line;
    app.cloud = top.mem_base() + l.cloud;
    app.out = top.mem_base() + l.out;
    app.work = top.mem_base() + l.work;
    app.work_size = l.work_size;
    app.tree = top.mem_base() + l.tree;
    app.mode = mode_of(v.string("fusefps.mode"));
    app.k = static_cast<std::uint32_t>(k);
    app.start = static_cast<std::uint32_t>(v.unsigned_("workload.start"));
    app.height = height;
    app.min_bucket = static_cast<unsigned>(v.unsigned_("fusefps.min_bucket"));
    app.merge_depth = static_cast<unsigned>(v.unsigned_("fusefps.merge_depth"));
    app.host_ns_per_op = v.real("fusefps.host_ns_per_op");
    app.timeout_ns = v.time_ps("workload.timeout") / 1000;
    app.points = &points;
    const std::string check = v.string("workload.check");
    app.check = check == "vanilla"   ? apps::fps_app_params::golden::vanilla
                : check == "fusefps" ? apps::fps_app_params::golden::fusefps
                                     : apps::fps_app_params::golden::none;

    apps::fps_app_result result;
    top.cpu.load([&](hal::mmio& bus) { result = apps::run_fps_app(bus, app); });
    run_outcome out = s.run(top.cpu, result.report);
    nlohmann::json& m = out.metrics;
    m["sim_time_ns"] = out.sim_time_ns;
    m["verified"] = out.verified;
    // Energy of the kernel's hardware: the DRAM (whole run), the accelerator's datapath and, for quickfps, the
    // host CPU while it builds the tree (W x ns = 1000 pJ).
    const models::datapath_energy& accel = top.accel.energy();
    nlohmann::json breakdown = accel.breakdown();
    breakdown.erase("total_pj");
    breakdown["accelerator_pj"] = accel.total_pj();
    breakdown["host_build_pj"] = v.real("fusefps.energy.host_w") * m.value("host_build_ns", 0.0) * 1000.0;
    breakdown["dram_pj"] = 0.0;
    if (top.dram) {
        top.dram->finish();
        const vplab::dram::dram_summary d = top.dram->summary();
        m["row_hit_rate"] = d.row_hit_rate;
        breakdown["dram_pj"] = d.energy.total();
        m["dram_bandwidth_gbps"] = d.bandwidth_gbps;
    }
    m["energy_pj"] = breakdown["dram_pj"].get<double>() + breakdown["accelerator_pj"].get<double>() +
                     breakdown["host_build_pj"].get<double>();
    m["energy_breakdown_pj"] = breakdown;
    if (!result.samples_csv.empty()) out.files["samples.csv"] = result.samples_csv;
    if (v.boolean("workload.save_cloud")) out.files["cloud.xyz"] = pointcloud::write_xyz(points);
    return out;
}

void print_regs(std::ostream& os) {
    config::schema schema = platform_schema("fusefps");
    config::values v(schema);
    v.assign("fusefps.memory.model", "simple", {"print_regs", 0, 0});
    fusefps_top top("fusefps", v);
    os << "accel (" << top.accel.name() << ") at " << core::hex(top.accel_base()) << ", interrupt line "
       << fusefps_top::accel_irq_line << "\n";
    top.accel.registers().print(os, top.accel_base());
}

// The paper's comparison: each variant against the variant running in quickfps mode, on kernel time (the host's
// tree build included for quickfps) and on energy (DRAM + accelerator + the host's build); the device-only ratio
// leaves the host's build energy out.
std::map<std::string, nlohmann::json> compare(const std::vector<compared_variant>& variants) {
    std::map<std::string, nlohmann::json> out;
    auto base = std::find_if(variants.begin(), variants.end(),
                             [](const compared_variant& v) { return v.outcome.metrics.value("mode", "") == "quickfps"; });
    if (base == variants.end()) return out;
    const double base_ns = base->outcome.metrics.value("kernel_ns", 0.0);
    const auto host_pj = [](const nlohmann::json& m) {
        return m.contains("energy_breakdown_pj") ? m["energy_breakdown_pj"].value("host_build_pj", 0.0) : 0.0;
    };
    const double base_pj = base->outcome.metrics.value("energy_pj", 0.0);
    const double base_device_pj = base_pj - host_pj(base->outcome.metrics);
    for (const compared_variant& v : variants) {
        const double ns = v.outcome.metrics.value("kernel_ns", 0.0), pj = v.outcome.metrics.value("energy_pj", 0.0);
        const double device_pj = pj - host_pj(v.outcome.metrics);
        if (ns > 0) out[v.name]["speedup_vs_quickfps"] = base_ns / ns;
        if (pj > 0) out[v.name]["energy_efficiency_vs_quickfps"] = base_pj / pj;
        if (device_pj > 0) out[v.name]["device_energy_efficiency_vs_quickfps"] = base_device_pj / device_pj;
    }
    return out;
}

} // namespace

const platform_def& fusefps_platform() {
    static const platform_def def{"fusefps",
                                  "host CPU + router + DRAM + FuseFPS accelerator: exact bucket-based farthest point "
                                  "sampling (vanilla / quickfps / fusefps)",
                                  "available",
                                  declare,
                                  default_scenario,
                                  validate,
                                  run,
                                  print_regs,
                                  compare};
    return def;
}

} // namespace vplab::platforms
