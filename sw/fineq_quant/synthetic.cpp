#include "synthetic.h"

#include <cmath>
#include <random>
#include <vector>

namespace vplab::fineq {

namespace {
// The outlier input channels depend only on the seed and K, so weights and activations agree on them.
std::vector<bool> outlier_channels(std::size_t k, std::uint64_t seed, double fraction) {
    std::mt19937_64 rng(seed ^ 0x6f75746c69657273ull);
    std::bernoulli_distribution pick(fraction);
    std::vector<bool> c(k);
    for (std::size_t i = 0; i < k; ++i) c[i] = pick(rng);
    return c;
}
} // namespace

matrix synthetic_weights(std::size_t n, std::size_t k, std::uint64_t seed, const synthetic_params& p) {
    matrix w(n, k);
    std::mt19937_64 rng(seed);
    std::normal_distribution<double> normal(0.0, 1.0);
    std::student_t_distribution<double> student(p.tail_dof);
    std::bernoulli_distribution tail(p.tail_fraction);
    const std::vector<bool> hot = outlier_channels(k, seed, p.outlier_channel_fraction);
    for (std::size_t r = 0; r < n; ++r) {
        const double row_scale = std::exp(p.row_spread * normal(rng));
        for (std::size_t c = 0; c < k; ++c) {
            double v = tail(rng) ? student(rng) : normal(rng);
            if (hot[c]) v *= p.outlier_gain;
            w.at(r, c) = static_cast<float>(p.sigma * row_scale * v);
        }
    }
    return w;
}

matrix synthetic_activations(std::size_t m, std::size_t k, std::uint64_t seed, const synthetic_params& p) {
    matrix x(m, k);
    std::mt19937_64 rng(seed ^ 0x61637469766174ull);
    std::normal_distribution<double> normal(0.0, 1.0);
    const std::vector<bool> hot = outlier_channels(k, seed, p.outlier_channel_fraction);
    for (std::size_t r = 0; r < m; ++r)
        for (std::size_t c = 0; c < k; ++c) x.at(r, c) = static_cast<float>(normal(rng) * (hot[c] ? 10.0 : 1.0));
    return x;
}

} // namespace vplab::fineq
