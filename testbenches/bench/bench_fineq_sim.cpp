// Benchmark fineq_sim: the whole fineq platform (host CPU, router, RAM, accelerator model, firmware that quantizes,
// loads, runs and checks bit for bit against the golden GEMM) on a 64 x 4096 x 4096 GEMM, against a native INT8 GEMM
// of the same shape (INT8 x INT8 -> INT32, no quantization, no check) in the same process. Prints one JSON line:
// wall seconds of both and their ratio (target <= 3). Host-side preparation (generating the synthetic layer,
// quantizing it) is timed on its own as well, since it is part of the platform's wall time but not of the simulation.
#include <algorithm>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <fineq/fineq_platform.h>
#include <fineq_quant/fineq_format.h>
#include <fineq_quant/synthetic.h>
#include <nlohmann/json.hpp>
#include <random>
#include <runner/platform.h>
#include <systemc>
#include <vector>

using namespace vplab;

namespace {
double seconds_since(std::chrono::steady_clock::time_point t) {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - t).count();
}

// The reference point: Y[m][n] = sum_k A[m][k] W[n][k], INT8 inputs, INT32 sums, both operands K-contiguous.
// Written the way a careful native implementation would be (and the way the model's own GEMM is): operands
// widened to 16 bits once, four weight rows per pass sharing each activation load, so the ratio is not flattered
// by a weak reference.
std::int64_t native_int8_gemm(const std::vector<std::int8_t>& a8, const std::vector<std::int8_t>& w8, std::size_t m,
                              std::size_t n, std::size_t k, std::vector<std::int32_t>& y) {
    const std::vector<std::int16_t> a(a8.begin(), a8.end()), w(w8.begin(), w8.end());
    for (std::size_t j = 0; j + 4 <= n; j += 4) {
        const std::int16_t *w0 = w.data() + j * k, *w1 = w0 + k, *w2 = w1 + k, *w3 = w2 + k;
        for (std::size_t i = 0; i < m; ++i) {
            const std::int16_t* x = a.data() + i * k;
            std::int32_t s0 = 0, s1 = 0, s2 = 0, s3 = 0;
            for (std::size_t l = 0; l < k; ++l) {
                const std::int32_t v = x[l];
                s0 += v * w0[l];
                s1 += v * w1[l];
                s2 += v * w2[l];
                s3 += v * w3[l];
            }
            std::int32_t* out = y.data() + i * n + j;
            out[0] = s0;
            out[1] = s1;
            out[2] = s2;
            out[3] = s3;
        }
    }
    return y[0] + y.back();
}
} // namespace

int sc_main(int, char*[]) {
    constexpr std::size_t M = 64, N = 4096, K = 4096;  // N is a multiple of the reference's four rows per pass
    constexpr std::uint64_t seed = 7;
    std::vector<std::int8_t> a(M * K), w(N * K);
    std::mt19937 rng(1);
    for (auto& v : a) v = static_cast<std::int8_t>(static_cast<int>(rng() % 255) - 127);
    for (auto& v : w) v = static_cast<std::int8_t>(static_cast<int>(rng() % 15) - 7);
    std::vector<std::int32_t> y(M * N);
    std::vector<double> native;
    std::int64_t sink = 0;
    for (int r = 0; r < 3; ++r) {
        const auto t = std::chrono::steady_clock::now();
        sink += native_int8_gemm(a, w, M, N, K, y);
        native.push_back(seconds_since(t));
    }
    std::sort(native.begin(), native.end());

    // Host-side preparation inside the platform's run, timed on its own: generating the synthetic layer, quantizing.
    const auto tg = std::chrono::steady_clock::now();
    const fineq::matrix weights = fineq::synthetic_weights(N, K, seed);
    const double generate_s = seconds_since(tg);
    const auto tq = std::chrono::steady_clock::now();
    const fineq::fineq_packed packed = fineq::fineq_encode(weights);
    const double quantize_s = seconds_since(tq);
    sink += static_cast<std::int64_t>(packed.outlier_clusters);

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
    const auto t = std::chrono::steady_clock::now();
    const platforms::run_outcome out = platforms::fineq_platform().run(ctx);
    const double platform_s = seconds_since(t);

    nlohmann::json j;
    j["bench"] = "fineq_sim";
    j["shape"] = {M, N, K};
    j["verified"] = out.verified;
    j["platform_wall_s"] = platform_s;
    j["native_int8_gemm_wall_s"] = native[1];
    j["ratio"] = platform_s / native[1];
    j["target_ratio"] = 3.0;
    j["host_generate_wall_s"] = generate_s;
    j["host_quantize_wall_s"] = quantize_s;
    j["ratio_without_host_preparation"] = (platform_s - generate_s - quantize_s) / native[1];
    j["simulated_cycles"] = out.metrics.value("cycles", 0);
    j["sink"] = sink;
    std::printf("%s\n", j.dump().c_str());
    return out.verified ? 0 : 1;
}
