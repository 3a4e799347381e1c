// The spantrain platform end to end: the default run verified with its timeline, the compare hook, a lost device
// mid-run, the adapter reacting to a bandwidth drop, and bad parameters reported with their key.
#include <catch2/catch.hpp>
#include <core/config/input_error.h>
#include <fstream>
#include <spantrain/spantrain_platform.h>

using namespace vplab;

namespace {

config::values spantrain_values(const std::vector<std::pair<std::string, std::string>>& sets = {}) {
    config::values v(platforms::platform_schema("spantrain"));
    v.assign("platform", "spantrain", {"test", 0, 0});
    v.assign("spantrain.topology.sites", "cloud:1x2xrtx3090,edge:1x2xrtx3090", {"test", 0, 0});
    v.assign("spantrain.topology.wan", "cloud-edge:100/20", {"test", 0, 0});
    v.assign("workload.model", "gpt2-small", {"test", 0, 0});
    v.assign("workload.seq", "256", {"test", 0, 0});
    v.assign("workload.batch", "8", {"test", 0, 0});
    v.assign("workload.iterations", "3", {"test", 0, 0});
    v.assign("sim.time_limit", "10000s", {"test", 0, 0});
    for (const auto& [key, text] : sets) v.assign(key, text, {"test", 0, 0});
    return v;
}

platforms::run_outcome run(const config::values& v) {
    platforms::run_context ctx{v, "test", "default", 1, "", ""};
    return platforms::spantrain_platform().run(ctx);
}

std::string validation_error(const std::vector<std::pair<std::string, std::string>>& sets) {
    try {
        platforms::spantrain_platform().validate(spantrain_values(sets));
    } catch (const config::input_error& e) {
        return e.what();
    }
    return "";
}

} // namespace

TEST_CASE("spantrain: the platform trains, verifies every micro-batch and writes a Chrome trace") {
    const auto out = run(spantrain_values());
    CHECK(out.verified);
    CHECK_FALSE(out.firmware_error);
    CHECK(out.metrics["micro_batches_committed"].get<unsigned>() ==
          3 * out.metrics["micro_batches"].get<unsigned>());
    CHECK(out.metrics["throughput_samples_per_s"].get<double>() > 0);
    CHECK(out.metrics["iteration_time_p95_s"].get<double>() >= out.metrics["iteration_time_s"].get<double>() * 0.99);
    for (const char* key : {"bubble_fraction", "wan_bytes", "device_utilization", "replans", "verified"})
        CHECK(out.metrics.contains(key));
    REQUIRE(out.files.count("timeline.json"));
    const auto trace = nlohmann::json::parse(out.files.at("timeline.json"));
    REQUIRE(trace["traceEvents"].size() > 0);
    CHECK(trace["traceEvents"][0]["ph"] == "X");
    CHECK(out.files.count("iterations.csv"));
    CHECK(out.stats.contains("spantrain.fabric"));
}

TEST_CASE("spantrain: the compare hook gives speedup_vs_<baseline> to SpanTrain variants only") {
    const auto mine_v = spantrain_values(), base_v = spantrain_values({{"spantrain.runtime", "zb-h1"}});
    platforms::run_outcome mine, base;
    mine.metrics["throughput_samples_per_s"] = 30.0;
    base.metrics["throughput_samples_per_s"] = 10.0;
    const std::string st = "st", zb = "zb";
    std::vector<platforms::compared_variant> variants{{st, mine_v, mine}, {zb, base_v, base}};
    const auto extra = platforms::spantrain_platform().compare(variants);
    REQUIRE(extra.count("st"));
    CHECK(extra.at("st")["speedup_vs_zb_h1"].get<double>() == Approx(3.0));
    CHECK_FALSE(extra.count("zb"));
}

TEST_CASE("spantrain: a device lost mid-run is planned around and no micro-batch is lost or repeated") {
    const auto out = run(spantrain_values({{"workload.model", "gpt2-medium"},
                                           {"workload.batch", "16"},
                                           {"spantrain.faults", "device_lost:1@1.4"},
                                           {"workload.iterations", "6"}}));
    CHECK(out.verified);
    CHECK(out.metrics["fault_replans"].get<unsigned>() >= 1);
    CHECK(out.metrics["micro_batches_committed"].get<unsigned>() >= 6);
    // The iteration the fault interrupted counts from its first attempt: with no re-plan but the fault's, the
    // iterations add up to the training time.
    INFO(out.metrics.dump());
    REQUIRE(out.metrics["replans"] == out.metrics["fault_replans"]);
    CHECK(6 * out.metrics["iteration_time_s"].get<double>() ==
          Approx(out.metrics["training_s"].get<double>()).epsilon(1e-6));
}

TEST_CASE("spantrain: a WAN link going down mid-run is planned around on the devices that still connect") {
    const auto out = run(spantrain_values({{"spantrain.topology.sites", "cloud:1x2xrtx3090,edge:1x2xrtx3090"},
                                           {"spantrain.topology.wan", "cloud-edge:10000/5"},
                                           {"workload.model", "gpt2-large"},
                                           {"workload.seq", "1024"},
                                           {"workload.batch", "16"},
                                           {"workload.iterations", "8"},
                                           {"spantrain.faults", "link_down:cloud-edge@6"}}));
    CHECK(out.verified);
    CHECK(out.metrics["fault_replans"].get<unsigned>() >= 1);
    CHECK(out.metrics["wan_bytes"].get<double>() > 0);  // the first plan crossed the link
}

TEST_CASE("spantrain: the adapter re-plans when a boundary's bandwidth drops mid-run") {
    // Two sites with a fast WAN, so the plan pipelines across it; then the WAN falls to 2 Mbit/s. Moving a stage's
    // state over that link is costed at hours, so re-partitioning pays only over a long remaining run (with 12
    // iterations it paid only when an iteration happened to straddle the drop and measured a milder one).
    const std::string trace = "spantrain_test_drop.csv";
    {
        std::ofstream f(trace);
        f << "t_s,src,dst,bandwidth_mbps,latency_ms\n"
          << "8,cloud,edge,2,20\n8,edge,cloud,2,20\n";
    }
    const auto out = run(spantrain_values({{"spantrain.topology.sites", "cloud:1x1xrtx3090,edge:1x1xrtx3090"},
                                           {"spantrain.topology.wan", "cloud-edge:10000/5"},
                                           {"workload.model", "gpt2-large"},
                                           {"workload.seq", "1024"},
                                           {"workload.batch", "16"},
                                           {"workload.iterations", "400"},
                                           {"sim.time_limit", "1000000s"},
                                           {"spantrain.fluctuation.enabled", "true"},
                                           {"spantrain.fluctuation.trace", trace}}));
    std::remove(trace.c_str());
    CHECK(out.verified);
    CHECK(out.metrics["replans"].get<unsigned>() >= 1);
}

TEST_CASE("spantrain: a WAN link faster than the NICs going down cuts the pairs across it, not the NICs") {
    // 40 Gbit/s WAN behind 25 Gbit/s NICs: every cross-site pair's narrowest link is a NIC, which stays up.
    const auto out = run(spantrain_values({{"spantrain.topology.sites", "cloud:2x1xrtx3090,edge:2x1xrtx3090"},
                                           {"spantrain.topology.wan", "cloud-edge:40000/5"},
                                           {"workload.model", "gpt2-large"},
                                           {"workload.seq", "1024"},
                                           {"workload.batch", "16"},
                                           {"workload.iterations", "8"},
                                           {"spantrain.faults", "link_down:cloud-edge@6"}}));
    CHECK(out.verified);
    // One re-plan onto the two GPUs of one site; marking the NICs down instead left one GPU after two re-plans.
    CHECK(out.metrics["fault_replans"] == 1);
    CHECK(out.metrics["stages"] == 2);
}

TEST_CASE("spantrain: bad topology, WAN, fault and workload parameters name their key") {
    CHECK_THAT(validation_error({{"spantrain.topology.sites", "cloud:2x4"}}),
               Catch::Contains("spantrain.topology.sites") && Catch::Contains("expected NAME:SERVERSxGPUSxPRESET"));
    CHECK_THAT(validation_error({{"spantrain.topology.sites", "cloud:1x2xh100"}}),
               Catch::Contains("unknown GPU preset 'h100'"));
    CHECK_THAT(validation_error({{"spantrain.topology.wan", "cloud-moon:100/20"}}),
               Catch::Contains("spantrain.topology.wan") && Catch::Contains("unknown site 'moon'"));
    CHECK_THAT(validation_error({{"spantrain.faults", "device_lost:9@5"}}),
               Catch::Contains("device 9 does not exist"));
    CHECK_THAT(validation_error({{"spantrain.faults", "meteor:cloud@5"}}), Catch::Contains("expected link_down"));
    CHECK_THAT(validation_error({{"spantrain.planner.schedules", "1f1b,zb-v"}}),
               Catch::Contains("unknown schedule 'zb-v'"));
    CHECK_THAT(validation_error({{"workload.micro_batches", "3"}}), Catch::Contains("must divide workload.batch"));
    CHECK(validation_error({}).empty());
}

TEST_CASE("spantrain: a trace file with a bad line stops the run with file:line") {
    const std::string trace = "spantrain_test_bad.csv";
    {
        std::ofstream f(trace);
        f << "t_s,src,dst,bandwidth_mbps,latency_ms\n0,cloud,edge,fast,20\n";
    }
    const auto v =
        spantrain_values({{"spantrain.fluctuation.enabled", "true"}, {"spantrain.fluctuation.trace", trace}});
    CHECK_THROWS_WITH(run(v), Catch::Contains("spantrain_test_bad.csv:2") && Catch::Contains("bandwidth_mbps"));
    std::remove(trace.c_str());
}
