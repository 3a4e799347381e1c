#include "metrics.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>

namespace vplab::fineq {

weight_error measure_weights(const matrix& w, const int_weights& q) {
    if (w.rows != q.n || w.cols != q.k) throw std::invalid_argument("measure_weights: shapes differ");
    double signal = 0, noise = 0, worst = 0;
    for (std::size_t r = 0; r < q.n; ++r)
        for (std::size_t k = 0; k < q.k; ++k) {
            const double v = w.at(r, k);
            const double d = v - static_cast<double>(q.scale(r, k)) * q.codes[r * q.k + k];
            signal += v * v;
            noise += d * d;
            worst = std::max(worst, std::fabs(d));
        }
    weight_error e;
    e.mse = noise / static_cast<double>(q.n * q.k);
    e.sqnr_db = noise > 0 ? 10.0 * std::log10(signal / noise) : std::numeric_limits<double>::infinity();
    e.max_abs = worst;
    return e;
}

std::vector<double> reference_output(const matrix& x, const matrix& w) {
    if (x.cols != w.cols) throw std::invalid_argument("reference_output: K differs");
    std::vector<double> y(x.rows * w.rows, 0.0);
    for (std::size_t m = 0; m < x.rows; ++m)
        for (std::size_t n = 0; n < w.rows; ++n) {
            // Four independent sums keep the FP pipeline busy; the order is fixed, so results are reproducible.
            double acc[4] = {0, 0, 0, 0};
            const float *a = x.row(m), *b = w.row(n);
            std::size_t k = 0;
            for (; k + 4 <= x.cols; k += 4)
                for (std::size_t j = 0; j < 4; ++j) acc[j] += static_cast<double>(a[k + j]) * b[k + j];
            for (; k < x.cols; ++k) acc[0] += static_cast<double>(a[k]) * b[k];
            y[m * w.rows + n] = (acc[0] + acc[1]) + (acc[2] + acc[3]);
        }
    return y;
}

double rel_frobenius(const std::vector<float>& y, const std::vector<double>& reference) {
    if (y.size() != reference.size()) throw std::invalid_argument("rel_frobenius: sizes differ");
    double num = 0, den = 0;
    for (std::size_t i = 0; i < y.size(); ++i) {
        const double d = y[i] - reference[i];
        num += d * d;
        den += reference[i] * reference[i];
    }
    return den > 0 ? std::sqrt(num / den) : std::sqrt(num);
}

double output_rel_error(const matrix& x, const std::vector<double>& reference, const int_weights& q) {
    const std::vector<double> approx = reference_output(x, dequantize(q));
    if (approx.size() != reference.size()) throw std::invalid_argument("output_rel_error: reference of another shape");
    double num = 0, den = 0;
    for (std::size_t i = 0; i < reference.size(); ++i) {
        const double d = approx[i] - reference[i];
        num += d * d;
        den += reference[i] * reference[i];
    }
    return den > 0 ? std::sqrt(num / den) : std::sqrt(num);
}

double output_rel_error(const matrix& x, const matrix& w, const int_weights& q) {
    return output_rel_error(x, reference_output(x, w), q);
}

} // namespace vplab::fineq
