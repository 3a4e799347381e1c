// The FineQ platform end to end: the firmware quantizes, runs the accelerator and verifies its outputs bit for bit
// against the golden GEMM; results carry the metrics; bad scenarios and weight files are refused.
#include <catch2/catch.hpp>
#include <fineq/fineq_platform.h>
#include <fineq_quant/npy.h>
#include <fineq_quant/synthetic.h>

#include <cstdio>
#include <unistd.h>

using namespace vplab;

namespace {

config::values fineq_values(std::initializer_list<std::pair<std::string, std::string>> sets) {
    config::values v(platforms::platform_schema("fineq"));
    v.assign("platform", "fineq", {"test", 0, 0});
    v.assign("fineq.ram.size", "4MiB", {"test", 0, 0});
    v.assign("workload.M", "8", {"test", 0, 0});
    v.assign("workload.N", "64", {"test", 0, 0});
    v.assign("workload.K", "96", {"test", 0, 0});
    for (const auto& [key, text] : sets) v.assign(key, text, {"test", 0, 0});
    return v;
}

platforms::run_outcome run_fineq(const config::values& v) {
    platforms::run_context ctx{v, "test", "default", 1, "", ""};
    return platforms::fineq_platform().run(ctx);
}

void check_metrics(const platforms::run_outcome& out) {
    CHECK(out.verified);
    CHECK_FALSE(out.firmware_error);
    for (const char* key : {"bits_per_weight", "weight_mse", "sqnr_db", "output_rel_error", "cycles", "macs",
                            "pe_utilization", "energy_pj", "energy_dram_pj", "array_area_mm2", "verified",
                            "energy_efficiency_vs_baseline", "array_area_reduction"})
        CHECK(out.metrics.contains(key));
    CHECK(out.metrics["mismatched_outputs"] == 0);
    CHECK(out.metrics["macs"] == 8 * 64 * 96);
}

std::string temp_path(const std::string& name) {
    return std::string(std::getenv("TMPDIR") ? std::getenv("TMPDIR") : "/tmp") + "/fineq_platform_" +
           std::to_string(::getpid()) + "_" + name;
}

} // namespace

TEST_CASE("fineq: platform runs FineQ on the bit-serial array, verified, with every metric") {
    const auto out = run_fineq(fineq_values({}));
    check_metrics(out);
    CHECK(out.metrics["bits_per_weight"].get<double>() == Approx(8.0 * (64 * 32 + 64 * 2) / (64 * 96)));
    CHECK(out.metrics["array_area_reduction"].get<double>() > 0.0);
    CHECK(out.metrics["pe_utilization"].get<double>() > 0.0);
    CHECK(out.metrics["pe_utilization"].get<double>() <= 1.0);
    CHECK(out.stats.contains("fineq.accel"));
    CHECK(out.stats["fineq.accel"]["jobs"] == 1);
}

TEST_CASE("fineq: platform runs the mixed-precision baseline on the multiplier array as its own baseline") {
    const auto out = run_fineq(fineq_values({{"workload.format", "mixed"}, {"fineq.array.pe", "multiplier"}}));
    check_metrics(out);
    // The analytic baseline is this very configuration: the ratios are neutral.
    CHECK(out.metrics["energy_efficiency_vs_baseline"].get<double>() == Approx(1.0).epsilon(0.01));
    CHECK(out.metrics["array_area_reduction"].get<double>() == Approx(0.0).margin(1e-12));
}

TEST_CASE("fineq: platform runs RTN 3-bit g128 on the multiplier array") {
    const auto out = run_fineq(fineq_values({{"workload.format", "rtn3"}, {"fineq.array.pe", "multiplier"},
                                             {"workload.K", "200"}}));
    CHECK(out.verified);
    CHECK(out.metrics["bits_per_weight"].get<double>() == Approx(8.0 * (64 * 75 + 64 * 2 * 4) / (64 * 200)));
}

TEST_CASE("fineq: platform runs on the DRAM model as its memory") {
    const auto out = run_fineq(fineq_values({{"fineq.memory.model", "dram"}, {"workload.K", "300"}}));
    CHECK(out.verified);
    CHECK(out.metrics["dram_model_energy_pj"].get<double>() > 0.0);
    CHECK(out.metrics["dram_model_row_hit_rate"].get<double>() > 0.0);
    CHECK(out.stats.contains("fineq.dram"));
}

TEST_CASE("fineq: platform reads its weights from a .npy file by path") {
    const std::string path = temp_path("w.npy");
    const fineq::matrix w = fineq::synthetic_weights(24, 45, 3);
    fineq::write_npy(path, {24, 45}, w.data);
    const auto out = run_fineq(fineq_values({{"workload.weights", "file"}, {"workload.weights_file", path},
                                             {"workload.format", "fineq"}, {"fineq.array.pe", "unary"}}));
    std::remove(path.c_str());
    CHECK(out.verified);
    CHECK(out.metrics["N"] == 24);
    CHECK(out.metrics["K"] == 45);
    CHECK(out.metrics["weights"] == "file:" + path);
}

TEST_CASE("fineq: a malformed weight file is bad input naming the file, the byte and the scenario key") {
    const std::string path = temp_path("bad.npy");
    std::FILE* f = std::fopen(path.c_str(), "wb");
    std::fputs("not numpy", f);
    std::fclose(f);
    const auto v = fineq_values({{"workload.weights", "file"}, {"workload.weights_file", path}});
    CHECK_THROWS_WITH(run_fineq(v), Catch::Contains("workload.weights_file") &&
                                        Catch::Contains(path + ": byte 0: not a .npy file"));
    std::remove(path.c_str());
}

TEST_CASE("fineq: scenario checks refuse formats the array cannot run and unusable groups") {
    const auto& validate = platforms::fineq_platform().validate;
    CHECK_NOTHROW(validate(fineq_values({})));
    CHECK_THROWS_WITH(validate(fineq_values({{"workload.format", "rtn2"}})),
                      Catch::Contains("fineq.array.pe") && Catch::Contains("runs only the fineq format"));
    CHECK_THROWS_WITH(validate(fineq_values({{"workload.format", "rtn3"}, {"fineq.array.pe", "multiplier"},
                                             {"workload.gptq", "true"}})),
                      Catch::Contains("workload.gptq") && Catch::Contains("fineq format only"));
    CHECK_THROWS_WITH(validate(fineq_values({{"workload.scale_group", "100"}})),
                      Catch::Contains("workload.scale_group") && Catch::Contains("multiple of 3"));
    CHECK_THROWS_WITH(validate(fineq_values({{"workload.weights", "file"}})),
                      Catch::Contains("workload.weights_file") && Catch::Contains("no file is given"));
    CHECK_THROWS_WITH(
        validate(fineq_values({{"workload.weights", "file"}, {"workload.weights_file", "w.safetensors"}})),
        Catch::Contains("workload.tensor"));
    CHECK_THROWS_WITH(validate(fineq_values({{"workload.N", "4096"}, {"workload.K", "4096"}})),
                      Catch::Contains("fineq.ram.size"));
    // A scale per weight takes 4 bytes per weight: 1024 x 1024 weights fit 4 MiB, their scales do not.
    CHECK_NOTHROW(validate(fineq_values({{"workload.N", "1024"}, {"workload.K", "1024"}})));
    CHECK_THROWS_WITH(validate(fineq_values({{"workload.N", "1024"}, {"workload.K", "1024"}, {"workload.format", "rtn2"},
                                             {"fineq.array.pe", "multiplier"}, {"workload.group", "1"}})),
                      Catch::Contains("fineq.ram.size"));
}
