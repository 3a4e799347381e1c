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

// The std::mt19937_64 sequence, bit for bit, regenerated and tempered a block at a time in branch-free loops the
// compiler vectorises, so that a draw is an array read. Weight generation makes 1.6 draws per weight.
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

// std::generate_canonical<double, 53> of one draw, as libstdc++ computes it: the draw rounded to double (from its
// two exact halves: one rounding, and no branch on the top bit), times 2^-64, kept below 1.
double canonical(std::uint64_t x) {
    const double d = static_cast<double>(static_cast<std::int64_t>(x >> 32)) * 4294967296.0 +
                     static_cast<double>(static_cast<std::int64_t>(x & 0xffffffffu));
    const double u = d * 0x1p-64;
    return u < 1.0 ? u : std::nextafter(1.0, 0.0);
}

// std::bernoulli_distribution(p) as libstdc++ decides, canonical(x) < p, as one integer comparison: canonical does
// not decrease with x, so the draws it accepts are those below the first one it does not.
class below {
public:
    explicit below(double p) {
        if (!(p > 0.0)) return;  // nothing is below 0 (nor below NaN)
        m_all = canonical(~std::uint64_t{0}) < p;
        std::uint64_t lo = 0, hi = ~std::uint64_t{0};
        while (lo < hi) {
            const std::uint64_t mid = lo + (hi - lo) / 2;
            if (canonical(mid) < p) lo = mid + 1;
            else hi = mid;
        }
        m_limit = lo;
    }
    bool operator()(std::uint64_t x) const { return m_all || x < m_limit; }

private:
    std::uint64_t m_limit = 0;
    bool m_all = false;
};

// std::normal_distribution<double>(0, 1) as libstdc++ draws it: Marsaglia's polar method, which makes values in
// pairs and keeps the second of each pair for the next call. Same engine state, same values.
struct polar_pair {
    double x, y, r2;
};
template <typename Engine> inline polar_pair draw_pair(Engine& rng) {
    polar_pair p;
    do {
        p.x = 2.0 * canonical(rng()) - 1.0;
        p.y = 2.0 * canonical(rng()) - 1.0;
        p.r2 = p.x * p.x + p.y * p.y;
    } while (p.r2 > 1.0 || p.r2 == 0.0);
    return p;
}
double pair_factor(const polar_pair& p) { return std::sqrt(-2 * std::log(p.r2) / p.r2); }
// What the distribution returns for a value v: v x stddev + mean (which turns -0 into +0).
double returned(double v) { return v * 1.0 + 0.0; }

struct polar_normal {
    double saved = 0;
    bool saved_available = false;

    template <typename Engine> double operator()(Engine& rng) {
        if (saved_available) {
            saved_available = false;
            return returned(saved);
        }
        const polar_pair p = draw_pair(rng);
        const double mult = pair_factor(p);
        saved = p.x * mult;
        saved_available = true;
        return returned(p.y * mult);
    }
};
} // namespace

matrix synthetic_weights(std::size_t n, std::size_t k, std::uint64_t seed, const synthetic_params& p) {
    // The values are those of std::mt19937_64(seed) drawn through std::normal_distribution, std::bernoulli_distribution
    // and std::student_t_distribution (libstdc++; the tests compare the two). A row is made in three passes: the
    // engine is read in the original order, recording the normal pairs; then each pair's log, division and square
    // root, independent of each other (so they overlap in the pipeline); then the weights.
    matrix w(n, k);
    mt64_block rng(seed);
    polar_normal normal;
    std::student_t_distribution<double> student(p.tail_dof);
    const below is_tail(p.tail_fraction);
    const std::vector<bool> hot = outlier_channels(k, seed, p.outlier_channel_fraction);
    std::vector<double> gain(k), tail_value(k), values;
    for (std::size_t c = 0; c < k; ++c) gain[c] = hot[c] ? p.outlier_gain : 1.0;
    std::vector<std::uint32_t> slot(k);  // a normal weight's index in `values`; tail weights: `tail`
    constexpr std::uint32_t tail = ~std::uint32_t{0};
    std::vector<polar_pair> pairs;
    for (std::size_t r = 0; r < n; ++r) {
        const double row_scale = std::exp(p.row_spread * normal(rng));
        const double row_factor = p.sigma * row_scale;
        // values[0] is the value saved from the row before, if any; pair i gives values base + 2i and base + 2i + 1.
        const std::size_t base = normal.saved_available ? 1 : 0;
        std::size_t used = 0, available = base;
        pairs.clear();
        for (std::size_t c = 0; c < k; ++c) {
            if (is_tail(rng())) {
                tail_value[c] = student(rng);
                slot[c] = tail;
                continue;
            }
            if (used == available) {
                pairs.push_back(draw_pair(rng));
                available += 2;
            }
            slot[c] = static_cast<std::uint32_t>(used++);
        }
        values.resize(available);
        if (base) values[0] = normal.saved;
        for (std::size_t i = 0; i < pairs.size(); ++i) {
            const double mult = pair_factor(pairs[i]);
            values[base + 2 * i] = pairs[i].y * mult;
            values[base + 2 * i + 1] = pairs[i].x * mult;
        }
        normal.saved_available = used < available;
        if (normal.saved_available) normal.saved = values[available - 1];
        float* out = w.data.data() + r * k;
        for (std::size_t c = 0; c < k; ++c) {
            const double v = slot[c] == tail ? tail_value[c] : returned(values[slot[c]]);
            out[c] = static_cast<float>(row_factor * (v * gain[c]));
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
