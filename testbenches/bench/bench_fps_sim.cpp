// Benchmark fps_sim: the whole fusefps platform (host CPU, router, DRAM model, accelerator, firmware) sampling 4,096
// of a 120,000-point LiDAR-like frame in fusefps mode, against native golden FuseFPS on the same cloud in the same
// process. Prints one JSON line: wall seconds of both and their ratio (target: ratio <= 5). The app's own check is
// off here (workload.check = none): the golden run is not simulation, so the samples the platform wrote
// (samples.csv) are compared with the native run's after the timed region.
// A SystemC kernel runs once per process, so every platform run (with its own native runs) is a forked child; the
// bench runs five and reports the medians, since a single run's ratio varies by +-20% on these machines.
#include "bench_util.h"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <sstream>
#include <fps/bucket_fps.h>
#include <fusefps/fusefps_platform.h>
#include <nlohmann/json.hpp>
#include <pointcloud/generators.h>
#include <runner/platform.h>
#include <string>
#include <systemc>

using namespace vplab;
using bench::seconds_since;

namespace {
// The index column of samples.csv (order,index,x,y,z after a header line).
std::vector<std::uint32_t> sample_indices(const std::string& csv) {
    std::vector<std::uint32_t> idx;
    std::istringstream in(csv);
    std::string line;
    std::getline(in, line);
    while (std::getline(in, line)) {
        const std::size_t comma = line.find(',');
        idx.push_back(static_cast<std::uint32_t>(std::stoul(line.substr(comma + 1))));
    }
    return idx;
}

// One platform run and three native runs, in this process.
nlohmann::json run_once(const std::string& memory, const std::string& face) {
    constexpr std::size_t n = 120000, k = 4096;
    constexpr std::uint64_t seed = 7;
    const auto pts = pointcloud::lidar_sweep(n, seed);
    std::vector<double> native;
    fps::bucket_params p;
    p.height = 7;
    std::vector<std::uint32_t> golden;
    for (int r = 0; r < 3; ++r) {
        const auto t = std::chrono::steady_clock::now();
        golden = fps::fuse_fps(pts, k, 0, p);
        native.push_back(seconds_since(t));
        if (golden.size() != k) return {{"error", "golden FuseFPS returned too few samples"}};
    }
    std::sort(native.begin(), native.end());

    config::values v(platforms::platform_schema("fusefps"));
    const config::location here{"bench_fps_sim"};
    v.assign("platform", "fusefps", here);
    v.assign("seed", std::to_string(seed), here);
    v.assign("fusefps.mode", "fusefps", here);
    v.assign("fusefps.height", "7", here);
    v.assign("workload.generator", "lidar", here);
    v.assign("workload.points", std::to_string(n), here);
    v.assign("workload.samples", std::to_string(k), here);
    v.assign("workload.check", "none", here);
    v.assign("fusefps.memory.model", memory, here);
    v.assign("fusefps.dma_face", face, here);
    platforms::fusefps_platform().validate(v);
    const platforms::run_context ctx{v, "bench_fps_sim", "fusefps", seed, "", ""};
    const auto t = std::chrono::steady_clock::now();
    const platforms::run_outcome out = platforms::fusefps_platform().run(ctx);
    const double sim_wall = seconds_since(t);
    const auto csv = out.files.find("samples.csv");
    const bool verified = out.verified && csv != out.files.end() && sample_indices(csv->second) == golden;

    nlohmann::json j;
    j["bench"] = "fps_sim";
    j["memory_model"] = memory;
    j["dma_face"] = face;
    j["points"] = n;
    j["samples"] = k;
    j["verified"] = verified;
    j["platform_wall_s"] = sim_wall;
    j["native_fusefps_wall_s"] = native[1];
    j["ratio"] = sim_wall / native[1];
    j["target_ratio"] = 5.0;
    j["simulated_kernel_ns"] = out.metrics.value("kernel_ns", 0);
    j["dram_bytes_read"] = out.metrics.value("dram_bytes_read", 0);
    return j;
}

} // namespace

int sc_main(int argc, char* argv[]) {
    // `bench_fps_sim simple` swaps the DRAM model for core::memory, to separate the DRAM model's cost;
    // `bench_fps_sim dram at` runs the DMA on the DRAM model's AT face instead of b_transport.
    const std::string memory = argc > 1 ? argv[1] : "dram";
    const std::string face = argc > 2 ? argv[2] : "lt";
    if ((memory != "dram" && memory != "simple") || (face != "lt" && face != "at")) {
        std::fprintf(stderr, "usage: bench_fps_sim [dram|simple] [lt|at]\n");
        return 2;
    }
    constexpr int runs = 5;
    std::vector<nlohmann::json> results;
    for (int r = 0; r < runs; ++r) {
        results.push_back(bench::in_child([&] { return run_once(memory, face); }));
        if (results.back().contains("error")) {
            std::fprintf(stderr, "bench_fps_sim: run %d: %s\n", r + 1, results.back().dump().c_str());
            return 1;
        }
    }
    // One figure of every run, sorted.
    auto sorted = [&](const char* key) {
        std::vector<double> v;
        for (const nlohmann::json& j : results) v.push_back(j[key].get<double>());
        std::sort(v.begin(), v.end());
        return v;
    };
    nlohmann::json j = results.front();
    bool verified = true;
    for (const nlohmann::json& r : results) verified = verified && r["verified"].get<bool>();
    j["verified"] = verified;
    j["runs"] = runs;
    j["platform_wall_s"] = bench::median(sorted("platform_wall_s"));
    j["native_fusefps_wall_s"] = bench::median(sorted("native_fusefps_wall_s"));
    const std::vector<double> ratios = sorted("ratio");  // each taken within one run
    j["ratio"] = bench::median(ratios);
    j["ratio_min"] = ratios.front();
    j["ratio_max"] = ratios.back();
    std::printf("%s\n", j.dump().c_str());
    return verified ? 0 : 1;
}
