#include "metrics.h"

#include "avx2_clone.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <limits>
#include <stdexcept>

namespace vplab::fineq {

weight_error measure_weights(const matrix& w, const int_weights& q) {
    if (w.rows != q.n || w.cols != q.k) throw std::invalid_argument("measure_weights: shapes differ");
    double signal = 0, noise = 0, worst = 0;
    const std::size_t groups = q.groups();
    for (std::size_t r = 0; r < q.n; ++r)
        for (std::size_t g = 0; g < groups; ++g) {
            const double scale = q.scales[r * groups + g];
            for (std::size_t k = g * q.group, end = std::min(q.k, k + q.group); k < end; ++k) {
                const double v = w.at(r, k);
                const double d = v - scale * q.codes[r * q.k + k];
                signal += v * v;
                noise += d * d;
                worst = std::max(worst, std::fabs(d));
            }
        }
    weight_error e;
    e.mse = noise / static_cast<double>(q.n * q.k);
    e.sqnr_db = noise > 0 ? 10.0 * std::log10(signal / noise) : std::numeric_limits<double>::infinity();
    e.max_abs = worst;
    return e;
}

namespace {
// y[m][n0 + r] = x.row(m) . b[r] for r < count (up to 4 rows, each K long), in double. Each dot product keeps four
// sums in a fixed order, lane j summing the products of k = j mod 4 in increasing k (the order is part of the
// results; float x float products are exact in double, so converting the operands first changes nothing). The four
// lanes are one GCC vector, so the sums of a pass over four weight rows stay in registers.
constexpr std::size_t block_rows = 4, lanes = 4;
using lane_vector = double __attribute__((vector_size(lanes * sizeof(double))));

FINEQ_AVX2_CLONE void dot_block(const std::vector<double>& x, std::size_t rows, std::size_t K,
                                 const std::vector<double>& b, std::size_t count, std::size_t n0, std::size_t n_total,
                                 std::vector<double>& y) {
    const std::size_t whole = K / lanes * lanes;
    for (std::size_t m = 0; m < rows; ++m) {
        const double* a = x.data() + m * K;
        lane_vector acc[block_rows] = {};
        for (std::size_t k = 0; k < whole; k += lanes) {
            lane_vector av;
            std::memcpy(&av, a + k, sizeof av);
            for (std::size_t r = 0; r < block_rows; ++r) {
                lane_vector bv;
                std::memcpy(&bv, b.data() + r * K + k, sizeof bv);
                acc[r] += av * bv;
            }
        }
        for (std::size_t k = whole; k < K; ++k)
            for (std::size_t r = 0; r < block_rows; ++r) acc[r][0] += a[k] * b[r * K + k];
        for (std::size_t r = 0; r < count; ++r)
            y[m * n_total + n0 + r] = (acc[r][0] + acc[r][1]) + (acc[r][2] + acc[r][3]);
    }
}

// X W^T for the N weight rows that `row_block(n0, count, b)` provides, `count` (up to 4) at a time, each as K floats.
template <typename Rows> std::vector<double> product(const matrix& x, std::size_t n_total, Rows&& row_block) {
    const std::size_t K = x.cols;
    std::vector<double> y(x.rows * n_total, 0.0);
    const std::vector<double> xd(x.data.begin(), x.data.end());
    std::vector<double> b(block_rows * K, 0.0);
    const float* rows[block_rows];
    for (std::size_t n0 = 0; n0 < n_total; n0 += block_rows) {
        const std::size_t count = std::min(block_rows, n_total - n0);
        row_block(n0, count, rows);
        for (std::size_t r = 0; r < count; ++r)
            std::copy(rows[r], rows[r] + K, b.begin() + static_cast<std::ptrdiff_t>(r * K));
        dot_block(xd, x.rows, K, b, count, n0, n_total, y);  // rows past `count` are computed and dropped
    }
    return y;
}
} // namespace

std::vector<double> reference_output(const matrix& x, const matrix& w) {
    if (x.cols != w.cols) throw std::invalid_argument("reference_output: K differs");
    return product(x, w.rows, [&](std::size_t n0, std::size_t count, const float** b) {
        for (std::size_t r = 0; r < count; ++r) b[r] = w.row(n0 + r);
    });
}

namespace {

// ||y - reference||_F / ||reference||_F (the absolute norm when the reference is zero), summed in double.
template <typename T>
double rel_frobenius_of(const std::vector<T>& y, const std::vector<double>& reference) {
    double num = 0, den = 0;
    for (std::size_t i = 0; i < y.size(); ++i) {
        const double d = y[i] - reference[i];
        num += d * d;
        den += reference[i] * reference[i];
    }
    return den > 0 ? std::sqrt(num / den) : std::sqrt(num);
}

} // namespace

double rel_frobenius(const std::vector<float>& y, const std::vector<double>& reference) {
    if (y.size() != reference.size()) throw std::invalid_argument("rel_frobenius: sizes differ");
    return rel_frobenius_of(y, reference);
}

double output_rel_error(const matrix& x, const std::vector<double>& reference, const int_weights& q) {
    if (x.cols != q.k) throw std::invalid_argument("output_rel_error: K differs");
    // X (scale x code)^T, dequantizing a block of rows at a time (the values dequantize() gives).
    std::vector<float> rows(block_rows * q.k);
    const std::size_t groups = q.groups();
    const std::vector<double> approx = product(x, q.n, [&](std::size_t n0, std::size_t count, const float** b) {
        for (std::size_t r = 0; r < count; ++r) {
            float* row = rows.data() + r * q.k;
            const std::int8_t* codes = q.codes.data() + (n0 + r) * q.k;
            for (std::size_t g = 0; g < groups; ++g) {
                const float scale = q.scales[(n0 + r) * groups + g];
                for (std::size_t k = g * q.group, end = std::min(q.k, k + q.group); k < end; ++k)
                    row[k] = scale * static_cast<float>(codes[k]);
            }
            b[r] = row;
        }
    });
    if (approx.size() != reference.size()) throw std::invalid_argument("output_rel_error: reference of another shape");
    return rel_frobenius_of(approx, reference);
}

double output_rel_error(const matrix& x, const matrix& w, const int_weights& q) {
    return output_rel_error(x, reference_output(x, w), q);
}

} // namespace vplab::fineq
