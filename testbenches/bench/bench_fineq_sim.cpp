// Benchmark fineq_sim: the whole fineq platform (host CPU, router, RAM, accelerator model, firmware that quantizes,
// loads, runs and checks bit for bit against the golden GEMM) on a 64 x 4096 x 4096 GEMM, against a native INT8 GEMM
// of the same shape (INT8 x INT8 -> INT32, no quantization, no check) in the same process. Prints one JSON line:
// wall seconds of both and their ratio (target <= 3): the platform's time is the whole run, as `vplab run` does it
// (generating the synthetic layer, quantizing, simulating, checking, error metrics, baseline). A breakdown follows,
// measured by replaying the run's phases with the same library calls on the same layer; what the replay does not
// cover (SystemC, the bus and DMA copies, memory pages) is the remainder.
#include <algorithm>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <fineq/array_gemm.h>
#include <fineq/fineq_platform.h>
#include <fineq/weight_decoder.h>
#include <fineq_quant/avx2_clone.h>
#include <fineq_quant/fineq_format.h>
#include <fineq_quant/golden_gemm.h>
#include <fineq_quant/group_format.h>
#include <fineq_quant/metrics.h>
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

// Channel weights as the app computes them (mean square activation per input channel).
std::vector<float> channel_energy(const fineq::matrix& x) {
    std::vector<float> c(x.cols, 0.0f);
    for (std::size_t m = 0; m < x.rows; ++m)
        for (std::size_t k = 0; k < x.cols; ++k) c[k] += x.at(m, k) * x.at(m, k) / static_cast<float>(x.rows);
    return c;
}

// The platform's run replayed phase by phase on the same layer with the same library calls, each timed on its own.
nlohmann::json breakdown(std::size_t M, std::size_t N, std::size_t K, std::uint64_t seed, double platform_s,
                         std::int64_t& sink) {
    nlohmann::json parts = nlohmann::json::object();
    auto t = std::chrono::steady_clock::now();
    auto lap = [&](const char* name) {
        parts[name] = seconds_since(t);
        t = std::chrono::steady_clock::now();
    };
    const fineq::matrix w = fineq::synthetic_weights(N, K, seed);
    const fineq::matrix x = fineq::synthetic_activations(M, K, seed);
    lap("generate");
    fineq::fineq_options o;
    o.channel_weight = channel_energy(x);
    const fineq::fineq_packed p = fineq::fineq_encode(w, o);
    lap("encode");
    const fineq::int_weights q = fineq::fineq_decode(p);
    const fineq::int8_activations a = fineq::quantize_activations(x);
    lap("host_decode");
    std::vector<std::uint8_t> scales;
    for (std::uint16_t h : p.scales) {
        scales.push_back(static_cast<std::uint8_t>(h));
        scales.push_back(static_cast<std::uint8_t>(h >> 8));
    }
    models::fineq::decoded_weights d;
    std::string problem;
    models::fineq::decode_weights({}, N, K, regs::fineq::pe_bitserial, p.records, scales, d, problem);
    lap("model_decode");
    std::vector<float> y;
    models::fineq::array_gemm(d, a.q, M, a.scale, 32, y);
    lap("model_gemm");
    const std::vector<float> golden = fineq::golden_gemm(a, q);
    lap("golden_check_gemm");
    const fineq::weight_error e = fineq::measure_weights(w, q);
    lap("weight_error");
    fineq::matrix xs(16, K);
    std::copy(x.data.begin(), x.data.begin() + static_cast<std::ptrdiff_t>(16 * K), xs.data.begin());
    const std::vector<double> reference = fineq::reference_output(xs, w);
    lap("float_reference");
    const double err = fineq::output_rel_error(xs, reference, q);
    lap("output_error");
    const fineq::group_size base = fineq::mixed_encoded_size(w, 0.4, 128);
    lap("baseline_size");
    double sum = 0;
    for (const auto& [name, value] : parts.items()) sum += value.get<double>();
    parts["rest_simulation_dma_copies"] = platform_s - sum;
    sink += static_cast<std::int64_t>(y[7] + golden[9] + e.mse + err) + static_cast<std::int64_t>(base.bytes());
    return parts;
}
} // namespace

int sc_main(int, char*[]) {
    constexpr std::size_t M = 64, N = 4096, K = 4096;  // multiples of the reference's 4 x 4 block
    constexpr std::uint64_t seed = 7;
    std::vector<std::int8_t> a(M * K), w(N * K);
    std::mt19937 rng(1);
    for (auto& v : a) v = static_cast<std::int8_t>(static_cast<int>(rng() % 255) - 127);
    for (auto& v : w) v = static_cast<std::int8_t>(static_cast<int>(rng() % 15) - 7);
    std::vector<std::int32_t> y(M * N);
    std::vector<double> native;
    std::int64_t sink = 0;
    for (int r = 0; r < 5; ++r) {
        const auto t = std::chrono::steady_clock::now();
        sink += native_int8_gemm(a, w, M, N, K, y);
        native.push_back(seconds_since(t));
    }
    std::sort(native.begin(), native.end());
    const double native_s = native[native.size() / 2];

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
    j["native_int8_gemm_wall_s"] = native_s;
    j["ratio"] = platform_s / native_s;
    j["target_ratio"] = 3.0;
    j["simulated_cycles"] = out.metrics.value("cycles", 0);
    // Where the platform's time goes, each phase as a multiple of the native GEMM.
    const nlohmann::json parts = breakdown(M, N, K, seed, platform_s, sink);
    for (const auto& [name, value] : parts.items()) {
        j["breakdown_s"][name] = value;
        j["breakdown_ratio"][name] = value.get<double>() / native_s;
    }
    j["sink"] = sink;
    std::printf("%s\n", j.dump().c_str());
    return out.verified ? 0 : 1;
}
