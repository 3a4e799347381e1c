// The golden FineQ library: FP16 rounding, the record layout, the outlier rule, bits per weight with every
// metadata byte, the baselines, the error metrics, the integer GEMM and the weight-file readers.
#include <boost/random/geometric_distribution.hpp>
#include <boost/random/normal_distribution.hpp>
#include <boost/random/student_t_distribution.hpp>
#include <catch2/catch.hpp>
#include <fineq_quant/fineq_format.h>
#include <fineq_quant/fp16.h>
#include <fineq_quant/golden_gemm.h>
#include <fineq_quant/gptq.h>
#include <fineq_quant/group_format.h>
#include <fineq_quant/metrics.h>
#include <fineq_quant/npy.h>
#include <fineq_quant/safetensors.h>
#include <fineq_quant/synthetic.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <random>
#include <unistd.h>

using namespace vplab::fineq;

namespace {

matrix from_rows(std::size_t rows, std::size_t cols, std::vector<float> v) {
    matrix m(rows, cols);
    m.data = std::move(v);
    return m;
}

// A file under the test's temporary directory, removed at the end of the case.
struct temp_file {
    std::string path;
    explicit temp_file(const std::string& name)
        : path((std::getenv("TMPDIR") ? std::getenv("TMPDIR") : "/tmp") + std::string("/fineq_test_") +
               std::to_string(::getpid()) + "_" + name) {}
    ~temp_file() { std::remove(path.c_str()); }
    void write(const std::vector<std::uint8_t>& bytes) const {
        std::ofstream out(path, std::ios::binary);
        out.write(reinterpret_cast<const char*>(bytes.data()), static_cast<std::streamsize>(bytes.size()));
    }
};

std::vector<std::uint8_t> bytes_of(const std::string& path) { return read_file_bytes(path); }

} // namespace

TEST_CASE("fineq: FP16 conversion rounds to nearest even and keeps subnormals, infinities and NaN") {
    CHECK(float_to_half(1.0f) == 0x3c00);
    CHECK(float_to_half(-2.0f) == 0xc000);
    CHECK(float_to_half(65504.0f) == 0x7bff);
    CHECK(float_to_half(65520.0f) == 0x7c00);           // halfway to the next binade rounds to infinity
    CHECK(float_to_half(1.0f + 1.0f / 2048) == 0x3c00);  // tie, even mantissa stays
    CHECK(float_to_half(1.0f + 3.0f / 2048) == 0x3c02);  // tie, odd mantissa rounds up
    CHECK(float_to_half(0.1f) == 0x2e66);
    CHECK(float_to_half(std::ldexp(1.0f, -24)) == 0x0001);  // smallest subnormal
    CHECK(float_to_half(std::ldexp(1.0f, -25)) == 0x0000);  // exactly half of it: tie to even (zero)
    CHECK(float_to_half(std::ldexp(1.5f, -25)) == 0x0001);
    CHECK(float_to_half(std::ldexp(1023.5f, -24)) == 0x0400);  // rounds up into the smallest normal
    CHECK(float_to_half(INFINITY) == 0x7c00);
    CHECK((float_to_half(NAN) & 0x7c00) == 0x7c00);
    CHECK((float_to_half(NAN) & 0x3ff) != 0);
    for (unsigned h = 0; h < 0x10000; ++h) {
        if ((h & 0x7c00) == 0x7c00 && (h & 0x3ff)) continue;  // NaN payloads
        const float f = half_to_float(static_cast<std::uint16_t>(h));
        if (float_to_half(f) != h) FAIL("half " << h << " does not round-trip");
    }
    CHECK(bf16_to_float(0x3f80) == 1.0f);
    CHECK(bf16_to_float(0xc040) == -3.0f);
}

TEST_CASE("fineq: records decode as [idx:2][payload:6] for each outlier position and treatment") {
    fineq_packed p;
    p.n = 1;
    p.k = 9;
    p.scales = {float_to_half(0.5f)};
    // idx 0: codes 01 10 11 -> +3 -1 -3; idx 2 (outlier at 1): o=010 (+5), a=01 (+3 for weight 0), b=1 (-1 for 2);
    // idx 3 (outlier at 2): o=111 (-7), a=10 (-1 for weight 0), b=0 (+1 for weight 1).
    p.records = {0x1b, static_cast<std::uint8_t>((2 << 6) | (2 << 3) | (1 << 1) | 1),
                 static_cast<std::uint8_t>((3 << 6) | (7 << 3) | (2 << 1) | 0)};
    const int_weights w = fineq_decode(p);
    CHECK(w.group == 9);
    CHECK(w.scales == std::vector<float>{0.5f});
    CHECK(std::vector<int>(w.codes.begin(), w.codes.end()) == std::vector<int>{3, -1, -3, 3, 5, -1, -1, 1, -7});

    p.options.mode = outlier_mode::prune;
    // idx 1 (outlier at 0): o=011 (+7), which=1 (the second other weight, index 2) keeps 11 (-3), index 1 is 0.
    p.records = {0x1b, static_cast<std::uint8_t>((1 << 6) | (3 << 3) | (1 << 2) | 3), 0x00};
    const int_weights q = fineq_decode(p);
    CHECK(std::vector<int>(q.codes.begin(), q.codes.end()) == std::vector<int>{3, -1, -3, 7, 0, -3, 1, 1, 1});
}

TEST_CASE("fineq: the outlier rule is max > ratio x min, a zero makes any non-zero weight an outlier") {
    const float a[3] = {1.0f, 0.2f, 0.3f}, b[3] = {1.0f, 0.5f, 0.3f}, z[3] = {0, 0, 0}, one_zero[3] = {0, -0.1f, 0};
    const float exactly[3] = {0.8f, 0.2f, 0.5f};
    CHECK(is_outlier_cluster(a, 4.0));
    CHECK_FALSE(is_outlier_cluster(b, 4.0));
    CHECK(is_outlier_cluster(b, 3.0));
    CHECK_FALSE(is_outlier_cluster(z, 4.0));
    CHECK(is_outlier_cluster(one_zero, 4.0));
    CHECK_FALSE(is_outlier_cluster(exactly, 4.0));  // strictly greater

    // Encoded, the outlier takes the 3-bit slot at its own position.
    const matrix w = from_rows(1, 6, {0.7f, 0.1f, -0.15f, 0.3f, 0.2f, -0.25f});
    const fineq_packed p = fineq_encode(w);
    CHECK(p.records[0] >> 6 == 1);  // outlier at position 0
    CHECK(p.records[1] >> 6 == 0);
    CHECK(p.outlier_clusters == 1);
    const int_weights q = fineq_decode(p);
    CHECK(std::abs(q.codes[0]) > 3);  // only the outlier grid reaches beyond 3
}

TEST_CASE("fineq: bits per weight count records, padding and every FP16 scale") {
    const matrix w = synthetic_weights(8, 4096, 1);
    fineq_options fast;
    fast.scale_candidates = 4;
    const fineq_packed p = fineq_encode(w, fast);
    CHECK(p.clusters_per_row() == 1366);  // 4096 = 3 x 1365 + 1: the tail cluster is padded
    CHECK(p.bytes() == 8 * 1366 + 8 * 2);
    CHECK(p.bits_per_weight() == Approx(8.0 * (1366 + 2) / 4096));

    fineq_options g96;
    g96.group = 96;
    const fineq_packed q = fineq_encode(w, g96);
    CHECK(q.scale_groups() == 43);
    CHECK(q.bytes() == 8 * 1366 + 8 * 43 * 2);

    const matrix tail = synthetic_weights(2, 7, 2);
    const fineq_packed t = fineq_encode(tail);
    CHECK(t.records.size() == 6);
    CHECK(t.bits_per_weight() == Approx(8.0 * (6 + 4) / 14));
    const int_weights d = fineq_decode(t);
    CHECK(d.codes.size() == 14);  // padding positions are dropped

    fineq_options bad;
    bad.group = 100;
    CHECK_THROWS_WITH(fineq_encode(w, bad), Catch::Contains("not a multiple of 3"));
    CHECK_THROWS_WITH(fineq_encode(matrix()), Catch::Contains("empty"));
}

TEST_CASE("fineq: every decoded weight lies on its grid and the error stays below half a normal step") {
    const matrix w = synthetic_weights(16, 96, 3);
    for (outlier_mode mode : {outlier_mode::split, outlier_mode::prune}) {
        fineq_options o;
        o.mode = mode;
        const fineq_packed p = fineq_encode(w, o);
        const int_weights q = fineq_decode(p);
        std::size_t zeros = 0;
        for (std::int8_t c : q.codes) {
            CHECK(std::abs(c) <= 7);
            CHECK((c == 0 || std::abs(c) % 2 == 1));
            zeros += c == 0;
        }
        if (mode == outlier_mode::prune) CHECK(zeros == p.outlier_clusters);  // one pruned weight per outlier cluster
        else CHECK(zeros == 0);
        CHECK(p.outlier_fraction() > 0.3);  // the ratio rule fires often on Gaussian-like weights
        const weight_error e = measure_weights(w, q);
        CHECK(e.sqnr_db > 5.0);
    }
}

TEST_CASE("fineq: RTN g128 uses asymmetric FP16 scale and zero and 2, 3 or 4 bits") {
    const matrix w = synthetic_weights(4, 256, 4);
    double last_sqnr = 0;
    for (unsigned bits : {2u, 3u, 4u}) {
        const group_packed p = rtn_encode(w, bits, 128);
        CHECK(p.bytes() == 4 * (256 * bits / 8) + 4 * 2 * 4);
        CHECK(p.bits_per_weight() == Approx(bits + 0.25));
        const int_weights q = group_decode(p);
        const weight_error e = measure_weights(w, q);
        CHECK(e.sqnr_db > last_sqnr);  // more bits, less error
        last_sqnr = e.sqnr_db;
        for (std::size_t r = 0; r < 4; ++r)
            for (std::size_t k = 0; k < 256; ++k) {
                const float s = q.scale(r, k);
                CHECK(std::fabs(w.at(r, k) - s * q.codes[r * 256 + k]) <= s * 1.0001f);
            }
    }
    CHECK_THROWS_WITH(rtn_encode(w, 5, 128), Catch::Contains("bits"));
    CHECK_THROWS_WITH(rtn_encode(w, 2, 0), Catch::Contains("group size 0"));
}

TEST_CASE("fineq: the mixed baseline gives the most salient groups 3 bits, flagged in the scale's sign bit") {
    const matrix w = synthetic_weights(8, 512, 5);
    const group_packed p = mixed_encode(w, 0.25, 128);
    CHECK(p.high_groups == 8);  // a quarter of 32 groups
    CHECK(p.data.size() == 8 * (512 * 2 / 8) + 8 * 128 / 8);  // each flagged group adds one bit per weight
    CHECK(p.bits_per_weight() == Approx(2.25 + 0.25));
    std::size_t flagged = 0;
    for (std::uint16_t s : p.scale) flagged += (s & 0x8000u) != 0;
    CHECK(flagged == 8);
    const weight_error mixed = measure_weights(w, group_decode(p));
    const weight_error two = measure_weights(w, group_decode(rtn_encode(w, 2, 128)));
    CHECK(mixed.sqnr_db > two.sqnr_db);
    CHECK_THROWS_WITH(mixed_encode(w, 1.5), Catch::Contains("high fraction"));
}

TEST_CASE("fineq: the mixed format's size is known without encoding it") {
    const matrix w = synthetic_weights(9, 300, 6);
    std::vector<float> channel(300);
    for (std::size_t k = 0; k < channel.size(); ++k) channel[k] = 1.0f + static_cast<float>(k % 7);
    for (double fraction : {0.0, 0.3, 0.4, 1.0})
        for (std::size_t group : {128u, 64u, 7u}) {
            const group_packed p = mixed_encode(w, fraction, group, channel);
            const group_size s = mixed_encoded_size(w, fraction, group, channel);
            CHECK(s.data_bytes == p.data.size());
            CHECK(s.bytes() == p.bytes());
            CHECK(s.bits_per_weight() == p.bits_per_weight());
        }
}

TEST_CASE("fineq: error metrics on a hand-computed case") {
    const matrix w = from_rows(1, 2, {1.0f, 2.0f});
    int_weights q;
    q.n = 1;
    q.k = 2;
    q.group = 2;
    q.codes = {1, 1};
    q.scales = {1.0f};
    const weight_error e = measure_weights(w, q);
    CHECK(e.mse == Approx(0.5));
    CHECK(e.sqnr_db == Approx(10 * std::log10(5.0)));
    CHECK(e.max_abs == Approx(1.0));
    const matrix x = from_rows(1, 2, {1.0f, 1.0f});
    CHECK(output_rel_error(x, w, q) == Approx(1.0 / 3.0));  // |2 - 3| / 3
}

TEST_CASE("fineq: golden integer GEMM accumulates per group in INT32 and rescales in group order") {
    int8_activations x;
    x.m = 1;
    x.k = 4;
    x.q = {1, -2, 3, 127};
    x.scale = 0.5f;
    int_weights w;
    w.n = 2;
    w.k = 4;
    w.group = 2;
    w.codes = {1, 1, 1, 1, -7, 3, 5, -1};
    w.scales = {1.0f, 2.0f, 0.25f, 0.5f};
    const std::vector<float> y = golden_gemm(x, w);
    // Row 0: (1 - 2) x 1 + (3 + 127) x 2 = 259; row 1: (-7 - 6) x 0.25 + (15 - 127) x 0.5 = -59.25.
    CHECK(y == std::vector<float>{259.0f * 0.5f, -59.25f * 0.5f});

    const matrix xf = from_rows(1, 3, {0.5f, -1.0f, 0.25f});
    const int8_activations a = quantize_activations(xf);
    CHECK(a.scale == 1.0f / 127.0f);
    CHECK(std::vector<int>(a.q.begin(), a.q.end()) == std::vector<int>{64, -127, 32});  // 63.5 rounds to even
    x.k = 3;
    CHECK_THROWS_WITH(golden_gemm(x, w), Catch::Contains("K = 3"));
}

TEST_CASE("fineq: synthetic matrices depend only on the seed") {
    const matrix a = synthetic_weights(8, 64, 7), b = synthetic_weights(8, 64, 7), c = synthetic_weights(8, 64, 8);
    CHECK(a.data == b.data);
    CHECK(a.data != c.data);
    CHECK(synthetic_activations(4, 64, 7).data == synthetic_activations(4, 64, 7).data);
}

TEST_CASE("fineq: another draw of synthetic activations has other rows over the same outlier channels") {
    synthetic_params p;
    p.outlier_channel_fraction = 0.05;
    const std::size_t rows = 400, k = 256;
    const matrix x = synthetic_activations(rows, k, 7, p), y = synthetic_activations(rows, k, 7, p, 1);
    CHECK(x.data != y.data);
    // Outlier channels are scaled by 10: a mean square near 100 against near 1 for the others.
    auto hot = [&](const matrix& m) {
        std::vector<bool> h(k);
        for (std::size_t c = 0; c < k; ++c) {
            double sum = 0;
            for (std::size_t r = 0; r < rows; ++r) sum += double(m.at(r, c)) * m.at(r, c);
            h[c] = sum / rows > 10;
        }
        return h;
    };
    const std::vector<bool> hx = hot(x);
    CHECK(std::count(hx.begin(), hx.end(), true) > 3);
    CHECK(hot(y) == hx);
    CHECK(hot(synthetic_activations(rows, k, 8, p)) != hx);
}

namespace {
// The construction the synthetic weights are defined by: std::mt19937_64 through Boost.Random's distributions, the
// Student-t positions as a Bernoulli process read through its geometric gaps, written plainly.
matrix synthetic_weights_by_parts(std::size_t n, std::size_t k, std::uint64_t seed, const synthetic_params& p) {
    matrix w(n, k);
    std::mt19937_64 rng(seed);
    boost::random::normal_distribution<double> normal(0.0, 1.0);
    boost::random::student_t_distribution<double> boost_student(p.tail_dof);
    auto student = [&] {  // Z / sqrt(chi-squared / dof), chi-squared as a sum of squared normals for a whole dof
        if (p.tail_dof != std::floor(p.tail_dof) || p.tail_dof < 1 || p.tail_dof > 8) return boost_student(rng);
        const double z = normal(rng);
        double chi2 = 0;
        for (int i = 0; i < static_cast<int>(p.tail_dof); ++i) {
            const double y = normal(rng);
            chi2 += y * y;
        }
        return z / std::sqrt(chi2 / p.tail_dof);
    };
    const bool some_tails = p.tail_fraction > 0, all_tails = p.tail_fraction >= 1;
    boost::random::geometric_distribution<std::uint64_t, double> gap(some_tails && !all_tails ? p.tail_fraction
                                                                                              : 0.5);
    auto next_tail = [&](std::uint64_t at) {
        return !some_tails ? ~std::uint64_t{0} : all_tails ? at : at + gap(rng);
    };
    std::mt19937_64 channel_rng(seed ^ 0x6f75746c69657273ull);
    std::bernoulli_distribution pick(p.outlier_channel_fraction);
    std::vector<bool> hot(k);
    for (std::size_t i = 0; i < k; ++i) hot[i] = pick(channel_rng);
    std::uint64_t tail_at = next_tail(0);
    for (std::size_t r = 0; r < n; ++r) {
        const double row_scale = std::exp(p.row_spread * normal(rng));
        for (std::size_t c = 0; c < k; ++c) {
            const std::uint64_t index = r * k + c;
            double v;
            if (index == tail_at) {
                v = student();
                tail_at = next_tail(index + 1);
            } else {
                v = normal(rng);
            }
            if (hot[c]) v *= p.outlier_gain;
            w.at(r, c) = static_cast<float>(p.sigma * row_scale * v);
        }
    }
    return w;
}
} // namespace

TEST_CASE("fineq: synthetic weights are those of the documented construction, bit for bit") {
    synthetic_params heavy;
    heavy.tail_fraction = 0.5;
    heavy.outlier_channel_fraction = 0.1;
    struct shape {
        std::size_t n, k;
        std::uint64_t seed;
        synthetic_params p;
    };
    synthetic_params all_tail, no_tail, fractional_dof;
    all_tail.tail_fraction = 1.0;
    no_tail.tail_fraction = 0.0;
    fractional_dof.tail_fraction = 0.3;
    fractional_dof.tail_dof = 2.5;
    // Many engine blocks; a high tail share; a single column (tail gaps span rows); only tails; no tails; a Student-t
    // drawn through Boost's distribution.
    for (const shape& c : {shape{64, 4096, 7, {}}, shape{37, 311, 1, heavy}, shape{5, 1, 123456789, heavy},
                           shape{3, 50, 2, all_tail}, shape{3, 51, 2, no_tail}, shape{9, 70, 4, fractional_dof}}) {
        const std::size_t n = c.n, k = c.k;
        const std::uint64_t seed = c.seed;
        const synthetic_params& p = c.p;
        const matrix fast = synthetic_weights(n, k, seed, p), by_parts = synthetic_weights_by_parts(n, k, seed, p);
        REQUIRE(fast.data.size() == by_parts.data.size());
        CHECK(std::memcmp(fast.data.data(), by_parts.data.data(), fast.data.size() * sizeof(float)) == 0);
    }
}

TEST_CASE("fineq: synthetic weights have the documented body, tail share and outlier channels") {
    synthetic_params p;
    p.row_spread = 0;  // every row at sigma
    const std::size_t n = 64, k = 4096;
    const matrix w = synthetic_weights(n, k, 5, p);
    // Student-t(3) has variance 3 and a much heavier tail than the body: count |w| > 5 sigma on normal channels.
    double body = 0;
    std::size_t body_count = 0, beyond = 0, hot_beyond = 0;
    std::vector<double> channel_ms(k, 0.0);
    for (std::size_t r = 0; r < n; ++r)
        for (std::size_t c = 0; c < k; ++c) channel_ms[c] += static_cast<double>(w.at(r, c)) * w.at(r, c) / n;
    for (std::size_t c = 0; c < k; ++c) hot_beyond += channel_ms[c] > 6 * p.sigma * p.sigma;
    for (std::size_t r = 0; r < n; ++r)
        for (std::size_t c = 0; c < k; ++c) {
            if (channel_ms[c] > 6 * p.sigma * p.sigma) continue;
            const double v = w.at(r, c) / p.sigma;
            beyond += std::fabs(v) > 5;
            if (std::fabs(v) < 4) {
                body += v * v;
                ++body_count;
            }
        }
    CHECK(std::sqrt(body / static_cast<double>(body_count)) == Approx(1.0).epsilon(0.05));
    // Normal: 6e-7 of the weights beyond 5 sigma; Student-t(3): about 1.5% of the 2% tail share.
    const double share = static_cast<double>(beyond) / static_cast<double>(n * k);
    CHECK(share > 0.02 * 0.005);
    CHECK(share < 0.02 * 0.05);
    // 0.5% of 4096 channels at 4x (16x the mean square).
    CHECK(hot_beyond >= 8);
    CHECK(hot_beyond <= 45);
}

TEST_CASE("fineq: golden GEMM and float references on shapes that are not multiples of their blocks") {
    const std::size_t M = 3, N = 7, K = 101, group = 24;
    const matrix w = synthetic_weights(N, K, 3), xf = synthetic_activations(M, K, 3);
    const group_packed p = rtn_encode(w, 3, group);
    const int_weights q = group_decode(p);
    const int8_activations a = quantize_activations(xf);
    const std::vector<float> y = golden_gemm(a, q);
    const std::vector<double> ref = reference_output(xf, w);
    const matrix wq = dequantize(q);
    double num = 0, den = 0;
    for (std::size_t m = 0; m < M; ++m)
        for (std::size_t n = 0; n < N; ++n) {
            float acc_f = 0;
            for (std::size_t g = 0; g * group < K; ++g) {
                std::int32_t acc = 0;
                for (std::size_t k = g * group; k < std::min(K, (g + 1) * group); ++k)
                    acc += a.q[m * K + k] * q.codes[n * K + k];
                acc_f += static_cast<float>(acc) * q.scales[n * q.groups() + g];
            }
            CHECK(y[m * N + n] == acc_f * a.scale);
            double r[4] = {0, 0, 0, 0}, e[4] = {0, 0, 0, 0};
            std::size_t k = 0;
            for (; k + 4 <= K; k += 4)
                for (std::size_t j = 0; j < 4; ++j) {
                    r[j] += static_cast<double>(xf.at(m, k + j)) * w.at(n, k + j);
                    e[j] += static_cast<double>(xf.at(m, k + j)) * wq.at(n, k + j);
                }
            for (; k < K; ++k) {
                r[0] += static_cast<double>(xf.at(m, k)) * w.at(n, k);
                e[0] += static_cast<double>(xf.at(m, k)) * wq.at(n, k);
            }
            const double rv = (r[0] + r[1]) + (r[2] + r[3]), ev = (e[0] + e[1]) + (e[2] + e[3]);
            CHECK(ref[m * N + n] == rv);
            num += (ev - rv) * (ev - rv);
            den += rv * rv;
        }
    CHECK(output_rel_error(xf, ref, q) == std::sqrt(num / den));
}

TEST_CASE("fineq: .npy files read back in float32 and float16") {
    temp_file f32("a.npy"), f16("b.npy");
    const std::vector<float> v = {1.0f, -2.5f, 0.125f, 3.0f, 0.1f, -0.0f};
    write_npy(f32.path, {2, 3}, v);
    write_npy(f16.path, {3, 2}, v, "<f2");
    const tensor a = read_npy(f32.path), b = read_tensor(f16.path, "");
    CHECK(a.shape == std::vector<std::size_t>{2, 3});
    CHECK(a.data == v);
    CHECK(b.dtype == "<f2");
    CHECK(b.shape == std::vector<std::size_t>{3, 2});
    CHECK(b.data[4] == half_to_float(float_to_half(0.1f)));
    const matrix m = as_matrix(a, f32.path);
    CHECK(m.rows == 2);
    CHECK(m.cols == 3);
    CHECK((bytes_of(f32.path).size() - 24) % 64 == 0);  // 64-byte aligned data like NumPy's
}

TEST_CASE("fineq: bad .npy files are refused with the file and the byte offset of the problem") {
    temp_file good("good.npy"), bad("bad.npy");
    write_npy(good.path, {2, 2}, {1, 2, 3, 4});
    const std::vector<std::uint8_t> base = bytes_of(good.path);
    auto refuse = [&](std::vector<std::uint8_t> bytes, const std::string& message) {
        bad.write(bytes);
        CHECK_THROWS_WITH(read_npy(bad.path), Catch::StartsWith(bad.path + ": byte ") && Catch::Contains(message));
    };
    std::vector<std::uint8_t> b = base;
    b[1] = 'X';
    refuse(b, "byte 0: not a .npy file");
    b = base;
    b[6] = 9;
    refuse(b, "byte 6: unsupported .npy format version 9");
    b = base;
    b.resize(b.size() - 3);
    refuse(b, "byte 128: data holds 13 bytes, the shape needs 16");
    std::string text(base.begin(), base.end());
    auto with = [&](const std::string& from, const std::string& to) {
        std::string t = text;
        t.replace(t.find(from), from.size(), to);
        return std::vector<std::uint8_t>(t.begin(), t.end());
    };
    refuse(with("<f4", "<i4"), "dtype '<i4' is not supported");
    refuse(with("'fortran_order': False", "'fortran_order': True "), "Fortran-order");
    refuse(with("(2, 2)", "(2, x)"), "non-negative integer");
    refuse(with("'shape'", "'shapf'"), "no 'shape' entry");
    refuse({0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0, 0xff, 0x00, '{'}, "byte 8: header length 255 runs past the end");
    CHECK_THROWS_WITH(read_npy("/nonexistent/w.npy"), Catch::Contains("/nonexistent/w.npy: byte 0: cannot open"));
    CHECK_THROWS_WITH(as_matrix(tensor{{4}, {1, 2, 3, 4}, "<f4"}, "v.npy"), Catch::Contains("rank 1"));
}

TEST_CASE("fineq: .safetensors tensors read by name in F32, F16 and BF16") {
    temp_file f("w.safetensors");
    const std::vector<float> v = {1.0f, -0.5f, 3.25f, 0.1f};
    write_safetensors(f.path, {{"a.weight", {2, 2}, v, "F32"}, {"b.weight", {1, 4}, v, "F16"},
                               {"c.weight", {4, 1}, v, "BF16"}});
    CHECK(read_safetensors(f.path, "a.weight").data == v);
    const tensor b = read_tensor(f.path, "b.weight");
    CHECK(b.dtype == "F16");
    CHECK(b.data[3] == half_to_float(float_to_half(0.1f)));
    const tensor c = read_safetensors(f.path, "c.weight");
    CHECK(c.shape == std::vector<std::size_t>{4, 1});
    CHECK(c.data[2] == 3.25f);
    CHECK(c.data[3] != 0.1f);  // BF16 keeps 8 bits of mantissa
    CHECK(std::fabs(c.data[3] - 0.1f) < 0.001f);
}

TEST_CASE("fineq: bad .safetensors files are refused with the file and the byte offset of the problem") {
    temp_file good("good.safetensors"), bad("bad.safetensors");
    write_safetensors(good.path, {{"w", {2, 2}, {1, 2, 3, 4}, "F32"}});
    CHECK_THROWS_WITH(read_safetensors(good.path, "v"),
                      Catch::Contains(": byte 8: no tensor named 'v' (present: w)"));
    const std::vector<std::uint8_t> base = bytes_of(good.path);
    auto refuse = [&](std::vector<std::uint8_t> bytes, const std::string& message) {
        bad.write(bytes);
        CHECK_THROWS_WITH(read_safetensors(bad.path, "w"), Catch::StartsWith(bad.path + ": byte ") &&
                                                               Catch::Contains(message));
    };
    std::vector<std::uint8_t> b = base;
    b[0] = 0xff;
    b[1] = 0xff;
    refuse(b, "byte 0: header length");
    b = base;
    b.resize(b.size() - 4);
    refuse(b, "lie outside the 12 data bytes");
    std::string text(base.begin(), base.end());
    auto with = [&](const std::string& from, const std::string& to) {
        std::string t = text;
        t.replace(t.find(from), from.size(), to);
        return std::vector<std::uint8_t>(t.begin(), t.end());
    };
    refuse(with("F32", "I32"), "dtype I32 is not supported");
    refuse(with("[2,2]", "[2,3]"), "16 data bytes, the shape needs 24");
    refuse(with("{", "["), "byte 8: header is not a JSON object");
    refuse({1, 2, 3}, "byte 0: file ends inside");
}

TEST_CASE("fineq: GPTQ-style error feedback lowers the output error on its calibration inputs") {
    const matrix w = synthetic_weights(32, 96, 31);
    const matrix x = synthetic_activations(64, 96, 32);
    fineq_options o;
    o.scale_candidates = 4;
    const fineq_packed plain = fineq_encode(w, o), fed = fineq_encode_gptq(w, x, o);
    CHECK(fed.scales == plain.scales);  // same scales, same size: only the records change
    CHECK(fed.bytes() == plain.bytes());
    const double before = output_rel_error(x, w, fineq_decode(plain)),
                 after = output_rel_error(x, w, fineq_decode(fed));
    CHECK(after < 0.9 * before);
    CHECK_THROWS_WITH(fineq_encode_gptq(w, synthetic_activations(4, 95, 1), o), Catch::Contains("K = 96"));
}
