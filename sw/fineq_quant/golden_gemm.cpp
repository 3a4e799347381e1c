#include "golden_gemm.h"

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

std::vector<float> golden_gemm(const int8_activations& x, const int_weights& w) {
    if (x.k != w.k) throw std::invalid_argument("golden_gemm: activations have K = " + std::to_string(x.k) +
                                                ", weights K = " + std::to_string(w.k));
    std::vector<float> y(x.m * w.n);
    const std::size_t groups = w.groups();
    for (std::size_t m = 0; m < x.m; ++m) {
        const std::int8_t* a = x.q.data() + m * x.k;
        for (std::size_t n = 0; n < w.n; ++n) {
            const std::int8_t* b = w.codes.data() + n * w.k;
            float acc_f = 0.0f;
            for (std::size_t g = 0; g < groups; ++g) {
                std::int32_t acc = 0;
                for (std::size_t k = g * w.group, end = std::min(w.k, k + w.group); k < end; ++k)
                    acc += static_cast<std::int32_t>(a[k]) * static_cast<std::int32_t>(b[k]);
                acc_f += static_cast<float>(acc) * w.scales[n * groups + g];
            }
            y[m * w.n + n] = acc_f * x.scale;
        }
    }
    return y;
}

} // namespace vplab::fineq
