// Benchmark spantrain_sim: simulated training iterations per wall second on the spantrain platform, for the CEE
// testbed (15 RTX 3090s, SpanTrain runtime, 20 iterations) and for 1,024 A100s (GPT-2 XL, 32 micro-batches,
// 10 iterations; target: under 10 s of wall time). Each case runs in a forked child, since a SystemC kernel is
// elaborated once per process; wall time includes elaboration, profiling and planning. Prints one JSON line.
#include "bench_util.h"

#include <cstdio>
#include <nlohmann/json.hpp>
#include <runner/platform.h>
#include <spantrain/spantrain_platform.h>
#include <string>
#include <utility>
#include <vector>

using namespace vplab;

namespace {

using settings = std::vector<std::pair<std::string, std::string>>;

nlohmann::json run_case(const settings& sets) {
    config::values v(platforms::platform_schema("spantrain"));
    v.assign("platform", "spantrain", {"bench", 0, 0});
    v.assign("sim.time_limit", "1000000s", {"bench", 0, 0});
    v.assign("log.level", "error", {"bench", 0, 0});
    for (const auto& [key, text] : sets) v.assign(key, text, {"bench", 0, 0});
    const auto t = std::chrono::steady_clock::now();
    platforms::run_context ctx{v, "bench", "default", 1, "", ""};
    const platforms::run_outcome out = platforms::spantrain_platform().run(ctx);
    const double wall = bench::seconds_since(t);
    const double iterations = static_cast<double>(v.unsigned_("workload.iterations"));
    const double events = out.metrics.value("kernel_events", 0.0);
    return {{"verified", out.verified},
            {"iterations", iterations},
            {"wall_s", wall},
            {"iterations_per_wall_s", iterations / wall},
            {"kernel_events", events},
            {"events_per_wall_s", events / wall},
            {"sim_time_s", out.sim_time_ns * 1e-9},
            {"throughput_samples_per_s", out.metrics.value("throughput_samples_per_s", 0.0)}};
}

} // namespace

int sc_main(int, char*[]) {
    bench::quiet_kernel(sc_core::sc_time(1, sc_core::SC_US));
    const settings cee{{"spantrain.topology.sites", "cloud:2x4xrtx3090,edge:2x2xrtx3090,end:3x1xrtx3090"},
                       {"spantrain.topology.wan", "cloud-edge:100/20,cloud-end:100/30,edge-end:500/10"},
                       {"workload.model", "gpt2-medium"},
                       {"workload.batch", "32"},
                       {"workload.iterations", "20"}};
    std::string sites;
    for (int r = 0; r < 8; ++r) sites += (r ? "," : "") + std::string("r") + std::to_string(r) + ":16x8xa100";
    const settings big{{"spantrain.topology.sites", sites},
                       {"spantrain.topology.wan", ""},
                       {"spantrain.link.nic_gbps", "25"},
                       {"spantrain.link.wan_mbps", "10000"},
                       {"spantrain.link.wan_latency", "30ms"},
                       {"spantrain.grouping.net_mbps", "20000"},
                       {"spantrain.profiler.large_bytes", "16MiB"},
                       {"spantrain.timeline_iterations", "1"},
                       {"workload.model", "gpt2-xl"},
                       {"workload.batch", "8192"},
                       {"workload.micro_batches", "32"},
                       {"workload.iterations", "10"}};
    nlohmann::json out{{"bench", "spantrain_sim"}, {"cee_testbed", bench::in_child([&] { return run_case(cee); })},
                     {"gpus_1024", bench::in_child([&] { return run_case(big); })}};
    out["gpus_1024"]["target_wall_s"] = 10;
    out["gpus_1024"]["meets_target"] = out["gpus_1024"].value("wall_s", 1e9) < 10;
    std::printf("%s\n", out.dump().c_str());
    return 0;
}
