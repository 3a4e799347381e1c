#include "synthetic.h"

#include <boost/random/geometric_distribution.hpp>
#include <boost/random/normal_distribution.hpp>
#include <boost/random/student_t_distribution.hpp>
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

// The std::mt19937_64 sequence, bit for bit, regenerated and tempered a block at a time in branch-free loops the
// compiler vectorises, so that a draw is an array read. Weight generation makes about one draw per weight.
class mt64_block {
public:
    using result_type = std::uint64_t;
    static constexpr result_type min() { return 0; }
    static constexpr result_type max() { return ~result_type{0}; }

    explicit mt64_block(std::uint64_t seed) {
        m_state[0] = seed;
        for (std::size_t i = 1; i < n; ++i)
            m_state[i] = 6364136223846793005ull * (m_state[i - 1] ^ (m_state[i - 1] >> 62)) + i;
    }
    result_type operator()() {
        if (m_next == n) refill();
        return m_out[m_next++];
    }

private:
    static constexpr std::size_t n = 312, m = 156;
    static constexpr std::uint64_t a = 0xb5026f5aa96619e9ull, upper = ~std::uint64_t{0} << 31, lower = ~upper;

    static std::uint64_t twist(std::uint64_t lo_word, std::uint64_t next, std::uint64_t far) {
        const std::uint64_t y = (lo_word & upper) | (next & lower);
        return far ^ (y >> 1) ^ ((std::uint64_t{0} - (y & 1)) & a);
    }
    void refill() {
        // Entries [0, n - m) read only old state; [n - m, n - 1) read entries the first loop already replaced.
        for (std::size_t i = 0; i < n - m; ++i) m_state[i] = twist(m_state[i], m_state[i + 1], m_state[i + m]);
        for (std::size_t i = n - m; i < n - 1; ++i)
            m_state[i] = twist(m_state[i], m_state[i + 1], m_state[i + m - n]);
        m_state[n - 1] = twist(m_state[n - 1], m_state[0], m_state[m - 1]);
        for (std::size_t i = 0; i < n; ++i) {
            std::uint64_t z = m_state[i];
            z ^= (z >> 29) & 0x5555555555555555ull;
            z ^= (z << 17) & 0x71d67fffeda60000ull;
            z ^= (z << 37) & 0xfff7eee000000000ull;
            z ^= z >> 43;
            m_out[i] = z;
        }
        m_next = 0;
    }

    std::uint64_t m_state[n], m_out[n];
    std::size_t m_next = n;
};

// Where the Student-t weights are: the gaps between them are geometric (the number of Bernoulli(p) failures before
// a success), so one draw per tail weight replaces one per weight. Positions run in row-major order over the matrix.
class tail_positions {
public:
    // A p so small that 1 - p rounds to 1 (below 1e-16) would make every gap infinite: no tails then.
    explicit tail_positions(double p)
        : m_none(!(p > 0.0) || 1.0 - p == 1.0), m_all(p >= 1.0), m_gap(m_none || m_all ? 0.5 : p) {}
    // The next tail weight's distance from `at` (0: `at` itself); `none` when there are no tails.
    template <typename Engine> std::uint64_t next_gap(Engine& rng) {
        if (m_none) return none;
        return m_all ? 0 : m_gap(rng);
    }
    static constexpr std::uint64_t none = ~std::uint64_t{0};

private:
    bool m_none, m_all;
    boost::random::geometric_distribution<std::uint64_t, double> m_gap;
};
// Student-t with `dof` degrees of freedom: Z / sqrt(V / dof) with V chi-squared. For a small whole dof (3 by
// default), V is the sum of dof squared standard normals, exactly that distribution at a few ziggurat draws; otherwise
// Boost's student_t_distribution (a gamma variate, several times slower).
class student_t {
public:
    explicit student_t(double dof)
        : m_dof(dof), m_whole(dof >= 1 && dof <= 8 && dof == std::floor(dof)), m_boost(dof) {}
    template <typename Engine, typename Normal> double operator()(Engine& rng, Normal& normal) {
        if (!m_whole) return m_boost(rng);
        const double z = normal(rng);
        double v = 0;
        for (int i = 0; i < static_cast<int>(m_dof); ++i) {
            const double y = normal(rng);
            v += y * y;
        }
        return z / std::sqrt(v / m_dof);
    }

private:
    double m_dof;
    bool m_whole;
    boost::random::student_t_distribution<double> m_boost;
};
} // namespace

matrix synthetic_weights(std::size_t n, std::size_t k, std::uint64_t seed, const synthetic_params& p) {
    // Drawn from std::mt19937_64(seed) through Boost.Random (the tests rebuild it from those parts): per row a
    // normal for the row scale, then the weights in order, each a ziggurat normal or, at the positions the geometric
    // gaps give (one gap drawn at the start and after each tail weight), a Student-t value (student_t above).
    matrix w(n, k);
    mt64_block rng(seed);
    boost::random::normal_distribution<double> normal(0.0, 1.0);
    student_t student(p.tail_dof);
    tail_positions tails(p.tail_fraction);
    const std::vector<bool> hot = outlier_channels(k, seed, p.outlier_channel_fraction);
    std::vector<double> gain(k);
    for (std::size_t c = 0; c < k; ++c) gain[c] = hot[c] ? p.outlier_gain : 1.0;
    std::uint64_t until_tail = tails.next_gap(rng);  // weights before the next tail weight
    for (std::size_t r = 0; r < n; ++r) {
        const double row_factor = p.sigma * std::exp(p.row_spread * normal(rng));
        float* out = w.data.data() + r * k;
        for (std::size_t c = 0; c < k; ++c) {
            double v;
            if (until_tail == 0) {
                v = student(rng, normal);
                until_tail = tails.next_gap(rng);
            } else {
                v = normal(rng);
                if (until_tail != tail_positions::none) --until_tail;
            }
            out[c] = static_cast<float>(row_factor * (v * gain[c]));
        }
    }
    return w;
}

matrix synthetic_activations(std::size_t m, std::size_t k, std::uint64_t seed, const synthetic_params& p,
                             std::uint64_t draw) {
    matrix x(m, k);
    // Few values (M x K), so the plain standard library: the activations are those the platform always had.
    std::mt19937_64 rng((seed ^ 0x61637469766174ull) + draw);
    std::normal_distribution<double> normal(0.0, 1.0);
    const std::vector<bool> hot = outlier_channels(k, seed, p.outlier_channel_fraction);
    for (std::size_t r = 0; r < m; ++r)
        for (std::size_t c = 0; c < k; ++c) x.at(r, c) = static_cast<float>(normal(rng) * (hot[c] ? 10.0 : 1.0));
    return x;
}

} // namespace vplab::fineq
