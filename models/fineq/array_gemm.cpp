#include "array_gemm.h"

#include "simd_clone.h"

#include <algorithm>

namespace vplab::models::fineq {

namespace {

// Block of the product formed per pass: four activation rows by four weight columns share every operand load.
constexpr std::size_t block = 4;

// INT32 sums of one scale group segment [k0, k1) for every (row, column) of an N tile: acc[m][c], `stride` wide.
// Operands are 16-bit (what SIMD multiply-adds take directly), row and column counts padded to the block with zeros.
FINEQ_MODEL_AVX2_CLONE void group_sums(const std::int16_t* a, std::size_t rows, const std::int16_t* q,
                                       std::size_t cols, std::size_t K, std::size_t k0, std::size_t k1,
                                       std::int32_t* acc) {
    for (std::size_t m = 0; m < rows; m += block) {
        const std::int16_t* x[block];
        for (std::size_t i = 0; i < block; ++i) x[i] = a + (m + i) * K;
        for (std::size_t c = 0; c < cols; c += block) {
            const std::int16_t* b[block];
            for (std::size_t j = 0; j < block; ++j) b[j] = q + (c + j) * K;
            std::int32_t s[block][block] = {};
            for (std::size_t k = k0; k < k1; ++k)
                for (std::size_t i = 0; i < block; ++i)
                    for (std::size_t j = 0; j < block; ++j)
                        s[i][j] += static_cast<std::int32_t>(x[i][k]) * static_cast<std::int32_t>(b[j][k]);
            for (std::size_t i = 0; i < block; ++i)
                for (std::size_t j = 0; j < block; ++j) acc[(m + i) * cols + c + j] = s[i][j];
        }
    }
}

std::size_t padded(std::size_t n) { return (n + block - 1) / block * block; }

} // namespace

void array_gemm(const decoded_weights& w, const std::vector<std::int8_t>& act, std::size_t M, float act_scale,
                std::size_t C, std::vector<float>& out) {
    // The array's dataflow: per N tile, INT32 partial sums accumulate over K; a partial sum is rescaled into the
    // float result when its scale group ends. INT32 sums are exact, so they are formed a whole group segment at a
    // time rather than K tile by K tile.
    const std::size_t N = w.n, K = w.k, groups = w.groups(), rows = padded(M);
    out.assign(M * N, 0.0f);
    std::vector<std::int16_t> a(rows * K, 0), q(padded(std::min(C, N)) * K);
    std::copy(act.begin(), act.begin() + static_cast<std::ptrdiff_t>(M * K), a.begin());
    std::vector<std::int32_t> acc;
    std::vector<float> y;
    for (std::size_t n0 = 0; n0 < N; n0 += C) {
        const std::size_t cols = std::min(C, N - n0), cols_padded = padded(cols);
        w.widen_rows(n0, cols, q.data());  // the decoder feeds the tile's weights
        std::fill(q.begin() + static_cast<std::ptrdiff_t>(cols * K),
                  q.begin() + static_cast<std::ptrdiff_t>(cols_padded * K), std::int16_t{0});
        acc.assign(rows * cols_padded, 0);
        y.assign(M * cols, 0.0f);
        for (std::size_t g = 0; g < groups; ++g) {
            group_sums(a.data(), rows, q.data(), cols_padded, K, g * w.group, std::min(K, (g + 1) * w.group),
                       acc.data());
            // The group is complete: rescale.
            for (std::size_t m = 0; m < M; ++m)
                for (std::size_t c = 0; c < cols; ++c)
                    y[m * cols + c] += static_cast<float>(acc[m * cols_padded + c]) * w.scales[(n0 + c) * groups + g];
        }
        for (std::size_t m = 0; m < M; ++m)
            for (std::size_t c = 0; c < cols; ++c) out[m * N + n0 + c] = y[m * cols + c] * act_scale;
    }
}

} // namespace vplab::models::fineq
