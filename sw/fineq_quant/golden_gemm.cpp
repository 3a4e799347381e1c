#include "golden_gemm.h"

#include "avx2_clone.h"

#include <algorithm>
#include <cmath>
#include <stdexcept>

namespace vplab::fineq {

int8_activations quantize_activations(const matrix& x) {
    int8_activations a;
    a.m = x.rows;
    a.k = x.cols;
    float maxabs = 0;
    for (float v : x.data) maxabs = std::max(maxabs, std::fabs(v));
    a.scale = maxabs > 0 ? maxabs / 127.0f : 1.0f;
    a.q.resize(x.data.size());
    for (std::size_t i = 0; i < x.data.size(); ++i)
        a.q[i] = static_cast<std::int8_t>(std::clamp(std::nearbyint(x.data[i] / a.scale), -127.0f, 127.0f));
    return a;
}

namespace {
// y for weight rows [n0, n0 + used) of b (4 rows, K long, zero padded), every activation row.
FINEQ_AVX2_CLONE void four_rows(const std::vector<std::int16_t>& a, const std::vector<std::int16_t>& b,
                                const int8_activations& x, const int_weights& w, std::size_t n0, std::size_t used,
                                std::vector<float>& y) {
    constexpr std::size_t rows = 4;
    const std::size_t K = w.k, groups = w.groups();
    const std::int16_t *b0 = b.data(), *b1 = b0 + K, *b2 = b1 + K, *b3 = b2 + K;
    for (std::size_t m = 0; m < x.m; ++m) {
        const std::int16_t* am = a.data() + m * K;
        float acc_f[rows] = {0.0f, 0.0f, 0.0f, 0.0f};
        for (std::size_t g = 0; g < groups; ++g) {
            std::int32_t s0 = 0, s1 = 0, s2 = 0, s3 = 0;
            for (std::size_t k = g * w.group, end = std::min(K, k + w.group); k < end; ++k) {
                const std::int32_t v = am[k];
                s0 += v * b0[k];
                s1 += v * b1[k];
                s2 += v * b2[k];
                s3 += v * b3[k];
            }
            const std::int32_t sums[rows] = {s0, s1, s2, s3};
            for (std::size_t r = 0; r < used; ++r)
                acc_f[r] += static_cast<float>(sums[r]) * w.scales[(n0 + r) * groups + g];
        }
        for (std::size_t r = 0; r < used; ++r) y[m * w.n + n0 + r] = acc_f[r] * x.scale;
    }
}
} // namespace

std::vector<float> golden_gemm(const int8_activations& x, const int_weights& w) {
    if (x.k != w.k) throw std::invalid_argument("golden_gemm: activations have K = " + std::to_string(x.k) +
                                                ", weights K = " + std::to_string(w.k));
    std::vector<float> y(x.m * w.n);
    // Operands widened to 16 bits once: 16 x 16 -> 32-bit products summed in pairs is what SIMD units do in one
    // instruction, 8-bit ones need unpacking first. Four weight rows at a time share each activation load; the
    // INT32 sums are exact, so only the float steps have an order, and it is the one golden_gemm.h documents.
    constexpr std::size_t rows = 4;
    const std::size_t K = w.k;
    const std::vector<std::int16_t> a(x.q.begin(), x.q.end());
    std::vector<std::int16_t> b(rows * K, 0);
    for (std::size_t n0 = 0; n0 < w.n; n0 += rows) {
        const std::size_t used = std::min(rows, w.n - n0);
        std::fill(b.begin(), b.end(), std::int16_t{0});
        std::copy(w.codes.begin() + static_cast<std::ptrdiff_t>(n0 * K),
                  w.codes.begin() + static_cast<std::ptrdiff_t>((n0 + used) * K), b.begin());
        four_rows(a, b, x, w, n0, used, y);
    }
    return y;
}

} // namespace vplab::fineq
