// Benchmark fineq_sim: the fineq platform (host CPU, router, RAM, accelerator model, firmware) on a 64 x 4096 x 4096
// GEMM, against a native INT8 GEMM of the same shape (INT8 x INT8 -> INT32, inputs ready-made, no check) in the same
// process. Prints one JSON line with two ratios to the native GEMM:
// - platform_job_ratio (the target, <= 3): the platform running the GEMM, as the firmware times it: writing
//   packed weights, scales and activations into simulated memory, programming the registers, the device's job (DMA,
//   decode, tile windows, the array's GEMM, output writes) up to its interrupt, reading the outputs back;
// - whole_run_ratio: everything `vplab run` simulates for this scenario, which adds generating the synthetic layer,
//   quantizing it on the host, the bit-for-bit check against the golden GEMM, the error metrics and the analytic
//   baseline. Not timed: process start, reading the scenario, writing results.json (milliseconds).
// breakdown_s / breakdown_ratio give every phase of the run, as the platform and its firmware measured them.
#include "bench_util.h"

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <fineq/fineq_platform.h>
#include <fineq_quant/avx2_clone.h>
#include <nlohmann/json.hpp>
#include <random>
#include <runner/platform.h>
#include <string>
#include <systemc>
#include <utility>
#include <vector>

using namespace vplab;
using bench::seconds_since;

namespace {
// The reference point: Y[m][n] = sum_k A[m][k] W[n][k], INT8 inputs, INT32 sums, both operands K-contiguous.
// Written with the same technique as the model's own kernel (models/fineq/array_gemm.cpp): operands widened to
// 16 bits once, blocks of four activation rows by four weight rows sharing every load, and an AVX2 version picked
// at load time, so the ratio is not flattered by a weak reference.
constexpr std::size_t block = 4;
FINEQ_AVX2_CLONE void native_blocks(const std::int16_t* a, const std::int16_t* w, std::size_t m, std::size_t k,
                                    std::int32_t* y, std::size_t n) {
    for (std::size_t i = 0; i < m; i += block) {
        const std::int16_t *x[block], *b[block];
        for (std::size_t r = 0; r < block; ++r) {
            x[r] = a + (i + r) * k;
            b[r] = w + r * k;
        }
        std::int32_t s[block][block] = {};
        for (std::size_t l = 0; l < k; ++l)
            for (std::size_t r = 0; r < block; ++r)
                for (std::size_t c = 0; c < block; ++c)
                    s[r][c] += static_cast<std::int32_t>(x[r][l]) * static_cast<std::int32_t>(b[c][l]);
        for (std::size_t r = 0; r < block; ++r)
            for (std::size_t c = 0; c < block; ++c) y[(i + r) * n + c] = s[r][c];
    }
}
// Activations are widened once, weights four rows at a time into a buffer that stays in cache (the model widens
// an N tile at a time the same way).
std::int64_t native_int8_gemm(const std::vector<std::int8_t>& a8, const std::vector<std::int8_t>& w8, std::size_t m,
                              std::size_t n, std::size_t k, std::vector<std::int32_t>& y) {
    const std::vector<std::int16_t> a(a8.begin(), a8.end());
    std::vector<std::int16_t> w(block * k);
    for (std::size_t j = 0; j < n; j += block) {
        const auto rows = w8.begin() + static_cast<std::ptrdiff_t>(j * k);
        std::copy(rows, rows + static_cast<std::ptrdiff_t>(block * k), w.begin());
        native_blocks(a.data(), w.data(), m, k, y.data() + j, n);
    }
    return y[0] + y.back();
}

// Fixed random operands of the native GEMM, INT8 activations and weights in the model's code range.
struct native_operands {
    std::vector<std::int8_t> a, w;
    native_operands(std::size_t M, std::size_t N, std::size_t K) : a(M * K), w(N * K) {
        std::mt19937 rng(1);
        for (auto& v : a) v = static_cast<std::int8_t>(static_cast<int>(rng() % 255) - 127);
        for (auto& v : w) v = static_cast<std::int8_t>(static_cast<int>(rng() % 15) - 7);
    }
};

// Wall seconds of `runs` native GEMMs, appended to `times`.
std::int64_t time_native(const native_operands& in, std::size_t M, std::size_t N, std::size_t K, int runs,
                         std::vector<double>& times) {
    std::vector<std::int32_t> y(M * N);
    std::int64_t sink = 0;
    for (int r = 0; r < runs; ++r) {
        const auto t = std::chrono::steady_clock::now();
        sink += native_int8_gemm(in.a, in.w, M, N, K, y);
        times.push_back(seconds_since(t));
    }
    return sink;
}
} // namespace

int sc_main(int, char*[]) {
    constexpr std::size_t M = 64, N = 4096, K = 4096;  // multiples of the reference's 4 x 4 block
    constexpr std::uint64_t seed = 7;

    config::values v(platforms::platform_schema("fineq"));
    const config::location here{"bench_fineq_sim"};
    v.assign("platform", "fineq", here);
    v.assign("seed", std::to_string(seed), here);
    v.assign("fineq.ram.size", "256MiB", here);
    v.assign("workload.M", std::to_string(M), here);
    v.assign("workload.N", std::to_string(N), here);
    v.assign("workload.K", std::to_string(K), here);
    platforms::fineq_platform().validate(v);
    const platforms::run_context ctx{v, "bench_fineq_sim", "fineq", seed, "", ""};
    sc_core::sc_report_handler::set_actions("/OSCI/SystemC", sc_core::SC_INFO, sc_core::SC_DO_NOTHING);

    // The native GEMM runs before and after the platform, so that both see the same machine load.
    const native_operands operands(M, N, K);
    std::vector<double> native;
    std::int64_t sink = time_native(operands, M, N, K, 5, native);
    platforms::fineq_run_timing phases;
    const auto t = std::chrono::steady_clock::now();
    const platforms::run_outcome out = platforms::run_fineq(ctx, phases);
    const double whole_s = seconds_since(t);
    sink += time_native(operands, M, N, K, 5, native);
    std::sort(native.begin(), native.end());
    const double native_s = native[native.size() / 2];

    const apps::gemm_app_timing& app = phases.app;
    const double job_s = app.load_s + app.job_s + app.read_back_s;
    const std::pair<const char*, double> parts[] = {
        {"generate_layer", phases.generate_s},
        {"prepare_quantize", app.prepare_s},
        {"load_buffers", app.load_s},
        {"device_job", app.job_s},
        {"read_back", app.read_back_s},
        {"golden_check", app.check_s},
        {"error_metrics", app.metrics_s},
        {"baseline", phases.baseline_s},
    };
    double other_s = whole_s;
    nlohmann::json j;
    j["bench"] = "fineq_sim";
    j["shape"] = {M, N, K};
    j["verified"] = out.verified;
    j["native_int8_gemm_wall_s"] = native_s;
    j["platform_job_wall_s"] = job_s;
    j["platform_job_ratio"] = job_s / native_s;
    j["whole_run_wall_s"] = whole_s;
    j["whole_run_ratio"] = whole_s / native_s;
    j["target_ratio"] = 3.0;
    j["simulated_cycles"] = out.metrics.value("cycles", 0);
    for (const auto& [name, s] : parts) {
        j["breakdown_s"][name] = s;
        j["breakdown_ratio"][name] = s / native_s;
        other_s -= s;
    }
    // Elaboration, the simulation kernel's start and end, gathering stats and metrics, freeing the layer and the RAM.
    j["breakdown_s"]["other"] = other_s;
    j["breakdown_ratio"]["other"] = other_s / native_s;
    j["sink"] = sink;
    std::printf("%s\n", j.dump().c_str());
    return out.verified ? 0 : 1;
}
