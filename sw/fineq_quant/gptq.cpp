#include "gptq.h"

#include "fp16.h"

#include <cmath>
#include <stdexcept>
#include <vector>

namespace vplab::fineq {

namespace {

// In-place lower Cholesky factor of the symmetric positive definite n x n matrix a (row-major); upper part zeroed.
void cholesky_lower(std::vector<double>& a, std::size_t n) {
    for (std::size_t j = 0; j < n; ++j) {
        double d = a[j * n + j];
        for (std::size_t k = 0; k < j; ++k) d -= a[j * n + k] * a[j * n + k];
        if (!(d > 0)) throw std::invalid_argument("gptq: Hessian is not positive definite (raise the damping)");
        d = std::sqrt(d);
        a[j * n + j] = d;
        for (std::size_t i = j + 1; i < n; ++i) {
            double v = a[i * n + j];
            for (std::size_t k = 0; k < j; ++k) v -= a[i * n + k] * a[j * n + k];
            a[i * n + j] = v / d;
        }
        for (std::size_t k = j + 1; k < n; ++k) a[j * n + k] = 0;
    }
}

// The upper factor U of H^-1 = U^T U, which GPTQ's column-by-column update uses.
std::vector<double> inverse_hessian_factor(std::vector<double> h, std::size_t n) {
    cholesky_lower(h, n);  // H = L L^T
    // L^-1 by forward substitution, column by column.
    std::vector<double> inv(n * n, 0.0);
    for (std::size_t c = 0; c < n; ++c) {
        inv[c * n + c] = 1.0 / h[c * n + c];
        for (std::size_t i = c + 1; i < n; ++i) {
            double v = 0;
            for (std::size_t k = c; k < i; ++k) v -= h[i * n + k] * inv[k * n + c];
            inv[i * n + c] = v / h[i * n + i];
        }
    }
    // H^-1 = L^-T L^-1, then its Cholesky factor; U = that factor transposed.
    std::vector<double> hinv(n * n, 0.0);
    for (std::size_t i = 0; i < n; ++i)
        for (std::size_t j = 0; j <= i; ++j) {
            double v = 0;
            for (std::size_t k = i; k < n; ++k) v += inv[k * n + i] * inv[k * n + j];
            hinv[i * n + j] = hinv[j * n + i] = v;
        }
    cholesky_lower(hinv, n);
    std::vector<double> u(n * n, 0.0);
    for (std::size_t i = 0; i < n; ++i)
        for (std::size_t j = 0; j <= i; ++j) u[j * n + i] = hinv[i * n + j];
    return u;
}

} // namespace

fineq_packed fineq_encode_gptq(const matrix& w, const matrix& calibration, const fineq_options& options,
                               const gptq_options& g) {
    if (calibration.cols != w.cols || calibration.rows == 0)
        throw std::invalid_argument("gptq: calibration inputs must be M x K with K = " + std::to_string(w.cols));
    const std::size_t n = w.rows, k = w.cols;
    fineq_packed p = fineq_encode(w, options);  // the scales, and the packing everything else keeps

    std::vector<double> h(k * k, 0.0);
    for (std::size_t m = 0; m < calibration.rows; ++m) {
        const float* x = calibration.row(m);
        for (std::size_t i = 0; i < k; ++i)
            for (std::size_t j = 0; j <= i; ++j) h[i * k + j] += static_cast<double>(x[i]) * x[j];
    }
    double mean_diag = 0;
    for (std::size_t i = 0; i < k; ++i) mean_diag += h[i * k + i];
    mean_diag /= static_cast<double>(k * calibration.rows);
    for (std::size_t i = 0; i < k; ++i) {
        for (std::size_t j = 0; j <= i; ++j) h[j * k + i] = h[i * k + j] /= static_cast<double>(calibration.rows);
        if (h[i * k + i] == 0) h[i * k + i] = 1;  // a dead input channel: nothing to compensate
        h[i * k + i] += g.damp * (mean_diag > 0 ? mean_diag : 1.0);
    }
    const std::vector<double> u = inverse_hessian_factor(std::move(h), k);

    std::vector<float> work(w.data);  // the weights as corrected so far
    const std::size_t clusters = p.clusters_per_row(), groups = p.scale_groups(), group = p.scale_group();
    p.outlier_clusters = 0;
    std::vector<double> err(n);
    for (std::size_t c = 0; c < clusters; ++c) {
        const std::size_t k0 = c * cluster_size, real = std::min(cluster_size, k - k0);
        std::vector<int> codes(n * cluster_size);
        for (std::size_t r = 0; r < n; ++r) {
            const float s = half_to_float(p.scales[r * groups + k0 / group]);
            const float* cw = options.channel_weight.empty() ? nullptr : options.channel_weight.data() + k0;
            const std::uint8_t rec = fineq_encode_cluster(work.data() + r * k + k0, cw, real, s, options);
            p.records[r * clusters + c] = rec;
            p.outlier_clusters += (rec >> 6) != 0;
            fineq_decode_record(rec, options.mode, codes.data() + r * cluster_size);
        }
        // Spread each column's error over the columns to its right (the cluster's own columns included, so the
        // next column's error accounts for it; their codes are already fixed).
        for (std::size_t i = k0; i < k0 + real; ++i) {
            const double d = u[i * k + i];
            for (std::size_t r = 0; r < n; ++r) {
                const float s = half_to_float(p.scales[r * groups + i / group]);
                err[r] = (work[r * k + i] - s * static_cast<float>(codes[r * cluster_size + (i - k0)])) / d;
            }
            for (std::size_t r = 0; r < n; ++r) {
                float* row = work.data() + r * k;
                const double e = err[r];
                for (std::size_t j = i + 1; j < k; ++j) row[j] -= static_cast<float>(e * u[i * k + j]);
            }
        }
    }
    return p;
}

} // namespace vplab::fineq
