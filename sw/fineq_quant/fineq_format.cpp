#include "fineq_format.h"

#include "avx2_clone.h"
#include "fp16.h"

#include <algorithm>
#include <cmath>
#include <stdexcept>

namespace vplab::fineq {

namespace {

// Nearest level of {+-1, +-3}: [sign][m].
std::uint8_t code2(float x) {
    const float mag = std::fabs(x);
    return static_cast<std::uint8_t>((x < 0 ? 2 : 0) | (mag >= 2.0f ? 1 : 0));
}
// Nearest level of {+-1, +-3, +-5, +-7}: [sign][m:2].
std::uint8_t code3(float x) {
    const float mag = std::fabs(x);
    // 0 below 2, 1 below 4, 2 below 6, else 3 (NaN included), counted rather than branched on.
    const unsigned m = 3u - (mag < 2.0f) - (mag < 4.0f) - (mag < 6.0f);
    return static_cast<std::uint8_t>((x < 0 ? 4 : 0) | m);
}
int value2(unsigned c) { return (c & 2 ? -1 : 1) * static_cast<int>(2 * (c & 1) + 1); }
int value3(unsigned c) { return (c & 4 ? -1 : 1) * static_cast<int>(2 * (c & 3) + 1); }
int value1(unsigned c) { return c & 1 ? -1 : 1; }

// Which of the `real` (1..3) weights is the outlier, or -1 for none.
int outlier_position(const float* v, std::size_t real, double ratio) {
    if (real == 3) {  // the loop below unrolled into selects (the comparisons are unpredictable)
        const float a0 = std::fabs(v[0]), a1 = std::fabs(v[1]), a2 = std::fabs(v[2]);
        float lo = std::min(a0, a1);
        lo = std::min(lo, a2);
        const bool up1 = a1 > a0;
        const float hi1 = up1 ? a1 : a0;
        const bool up2 = a2 > hi1;
        const float hi = up2 ? a2 : hi1;
        const int at = up2 ? 2 : up1 ? 1 : 0;
        return static_cast<double>(hi) > ratio * static_cast<double>(lo) ? at : -1;
    }
    if (real < 2) return -1;
    float lo = std::fabs(v[0]), hi = lo;
    int at = 0;
    for (std::size_t i = 1; i < real; ++i) {
        const float a = std::fabs(v[i]);
        lo = std::min(lo, a);
        if (a > hi) {
            hi = a;
            at = static_cast<int>(i);
        }
    }
    // max > ratio x min; with a zero in the cluster any non-zero weight is an outlier, an all-zero cluster is not.
    return static_cast<double>(hi) > ratio * static_cast<double>(lo) ? at : -1;
}

// The record for one cluster (`real` weights, the rest padding) at step s, with weight p as the outlier (-1: none).
// Both records are formed and one is selected: whether a cluster has an outlier is a coin toss the branch
// predictor cannot learn.
inline std::uint8_t record_for(const float* x, int p, outlier_mode mode) {
    const unsigned none = (code2(x[0]) << 4) | (code2(x[1]) << 2) | code2(x[2]);
    const int o = p < 0 ? 0 : p;
    const int a = o == 0 ? 1 : 0, b = o == 2 ? 1 : 2;  // the other two, in index order
    unsigned rest;
    if (mode == outlier_mode::split) {
        rest = (code2(x[a]) << 1) | (x[b] < 0 ? 1u : 0u);
    } else {
        const bool second = std::fabs(x[b]) > std::fabs(x[a]);
        rest = (second ? 4u : 0u) | code2(x[second ? b : a]);
    }
    const unsigned outlier = (static_cast<unsigned>(o + 1) << 6) | (static_cast<unsigned>(code3(x[o])) << 3) | rest;
    const unsigned use_none = 0u - static_cast<unsigned>(p < 0);  // all ones or zero: a select without a branch
    return static_cast<std::uint8_t>((none & use_none) | (outlier & ~use_none));
}

void decode_record(std::uint8_t r, outlier_mode mode, int out[3]);

float record_error(std::uint8_t rec, const float* v, const float* cw, std::size_t real, float s, outlier_mode mode) {
    int q[3];
    decode_record(rec, mode, q);
    float e = 0;
    for (std::size_t i = 0; i < real; ++i) {
        const float d = v[i] - s * static_cast<float>(q[i]);
        e += (cw ? cw[i] : 1.0f) * d * d;
    }
    return e;
}

// Encodes one cluster and returns the record; `cw` weights the error of each position (nullptr: ones).
std::uint8_t encode_cluster(const float* v, const float* cw, std::size_t real, float s, const fineq_options& o) {
    float x[3] = {0, 0, 0};
    for (std::size_t i = 0; i < real; ++i) x[i] = s > 0 ? v[i] / s : 0.0f;
    if (o.choice == record_choice::rule) return record_for(x, outlier_position(v, real, o.outlier_ratio), o.mode);
    std::uint8_t best = record_for(x, -1, o.mode);
    float best_error = record_error(best, v, cw, real, s, o.mode);
    for (int p = 0; p < static_cast<int>(real); ++p) {
        const std::uint8_t r = record_for(x, p, o.mode);
        const float e = record_error(r, v, cw, real, s, o.mode);
        if (e < best_error) {
            best_error = e;
            best = r;
        }
    }
    return best;
}

// The three integer codes of a record (units of s).
void decode_record(std::uint8_t r, outlier_mode mode, int out[3]) {
    const unsigned idx = r >> 6;
    if (idx == 0) {
        out[0] = value2((r >> 4) & 3);
        out[1] = value2((r >> 2) & 3);
        out[2] = value2(r & 3);
        return;
    }
    const int p = static_cast<int>(idx) - 1;
    const int a = p == 0 ? 1 : 0, b = p == 2 ? 1 : 2;
    out[p] = value3((r >> 3) & 7);
    if (mode == outlier_mode::split) {
        out[a] = value2((r >> 1) & 3);
        out[b] = value1(r & 1);
    } else {
        const bool second = (r >> 2) & 1;
        out[second ? b : a] = value2(r & 3);
        out[second ? a : b] = 0;
    }
}

float cluster_error(const float* v, const float* cw, std::size_t real, float s, const fineq_options& o) {
    return record_error(encode_cluster(v, cw, real, s, o), v, cw, real, s, o.mode);
}

// The outlier position of each of `clusters` full clusters from their magnitudes: outlier_position's three-weight
// case in a loop of selects the compiler vectorises.
FINEQ_AVX2_CLONE void full_cluster_outliers(const float* magnitude, std::size_t clusters, double ratio, int* position) {
    for (std::size_t c = 0; c < clusters; ++c) {
        const float a0 = magnitude[3 * c], a1 = magnitude[3 * c + 1], a2 = magnitude[3 * c + 2];
        const float lo = std::min(std::min(a0, a1), a2);
        const bool up1 = a1 > a0;
        const float hi1 = up1 ? a1 : a0;
        const bool up2 = a2 > hi1;
        const float hi = up2 ? a2 : hi1;
        const int at = up2 ? 2 : up1 ? 1 : 0;
        position[c] = static_cast<double>(hi) > ratio * static_cast<double>(lo) ? at : -1;
    }
}

// What the rule makes of each weight of a scale group, independent of the step: the search below evaluates every
// candidate step from these, with straight-line arithmetic the compiler vectorises (the candidate loop is where the
// encoder spends its time). `cap` is the largest level the weight's field can take: 7 for the 3-bit outlier field,
// 3 for a 2-bit field, 1 for a sign-only field, 0 for a pruned weight.
struct group_roles {
    std::vector<float> magnitude, cap, ones;
    const float* weight = nullptr;  // the caller's channel weights, or `ones`
    std::vector<int> position;      // per cluster: the outlier's position, -1 for none
    void assign(const float* v, const float* cw, std::size_t len, double ratio, outlier_mode mode) {
        magnitude.resize(len);
        for (std::size_t k = 0; k < len; ++k) magnitude[k] = std::fabs(v[k]);
        cap.assign(len, 0.0f);
        if (!cw) ones.assign(len, 1.0f);
        weight = cw ? cw : ones.data();
        position.resize((len + cluster_size - 1) / cluster_size);
        const std::size_t full = len / cluster_size;
        full_cluster_outliers(magnitude.data(), full, ratio, position.data());
        if (mode == outlier_mode::split) {  // by table: no branch on the position
            static constexpr float split_caps[4][3] = {{3, 3, 3}, {7, 3, 1}, {3, 7, 1}, {3, 1, 7}};
            for (std::size_t c = 0; c < full; ++c)
                for (std::size_t i = 0; i < cluster_size; ++i) cap[3 * c + i] = split_caps[position[c] + 1][i];
        } else {
            for (std::size_t c = 0; c < full; ++c) set_caps(v, 3 * c, cluster_size, position[c], mode);
        }
        if (full * cluster_size < len) {  // the padded tail cluster
            const std::size_t k = full * cluster_size, real = len - k;
            position[full] = outlier_position(v + k, real, ratio);
            set_caps(v, k, real, position[full], mode);
        }
    }

private:
    void set_caps(const float* v, std::size_t k, std::size_t real, int p, outlier_mode mode) {
        if (p < 0) {
            for (std::size_t i = 0; i < real; ++i) cap[k + i] = 3.0f;
            return;
        }
        const std::size_t a = k + (p == 0 ? 1 : 0), b = k + (p == 2 ? 1 : 2);
        cap[k + static_cast<std::size_t>(p)] = 7.0f;
        if (mode == outlier_mode::split) {
            if (a < k + real) cap[a] = 3.0f;
            if (b < k + real) cap[b] = 1.0f;
        } else {
            const float va = a < k + real ? std::fabs(v[a]) : 0.0f, vb = b < k + real ? std::fabs(v[b]) : 0.0f;
            const std::size_t kept = vb > va ? b : a;
            if (kept < k + real) cap[kept] = 3.0f;
        }
    }
};

// Weighted squared error of the rule's records over one scale group at step s (a ranking estimate: x = v / s is
// computed with the reciprocal; the records themselves are encoded exactly afterwards). The decoded weight has the
// sign of v, so the error is |v| - s x level, squared: the same value as v - s x (signed level), squared. This loop
// is where the encoder spends its time, hence the AVX2 version.
FINEQ_AVX2_CLONE float group_rule_error(const group_roles& r, std::size_t len, float s) {
    const float inv = 1.0f / s;
    const float *magnitude = r.magnitude.data(), *cap = r.cap.data(), *weight = r.weight;
    constexpr std::size_t lanes = 8;
    float acc[lanes] = {};
    auto term = [&](std::size_t i) {
        const float a = magnitude[i] * inv;
        // The nearest odd level, 1 to 7, then limited by the field: {1, 3} for 2 bits, 1 for a sign, 0 if pruned.
        const float level = 1.0f + (a >= 2.0f ? 2.0f : 0.0f) + (a >= 4.0f ? 2.0f : 0.0f) + (a >= 6.0f ? 2.0f : 0.0f);
        const float d = magnitude[i] - s * (cap[i] < level ? cap[i] : level);
        return weight[i] * d * d;
    };
    std::size_t j = 0;
    for (; j + lanes <= len; j += lanes) {
        float t[lanes];  // the terms first, then the sums: a shape the compiler maps onto whole registers
        for (std::size_t l = 0; l < lanes; ++l) t[l] = term(j + l);
        for (std::size_t l = 0; l < lanes; ++l) acc[l] += t[l];
    }
    for (; j < len; ++j) acc[0] += term(j);
    float e = 0;
    for (float a : acc) e += a;
    return e;
}

// Every weight's 2-bit and 3-bit code (code2, code3) in one loop the compiler vectorises.
FINEQ_AVX2_CLONE void field_codes(const float* x, std::size_t len, std::uint8_t* c2, std::uint8_t* c3) {
    for (std::size_t i = 0; i < len; ++i) c2[i] = code2(x[i]);
    for (std::size_t i = 0; i < len; ++i) c3[i] = code3(x[i]);
}

// record_for from the codes of the cluster's weights: the same record, with the float work done by field_codes.
inline std::uint8_t record_from_codes(const std::uint8_t* c2, const std::uint8_t* c3, const float* x, int p,
                                      outlier_mode mode) {
    const unsigned none = (static_cast<unsigned>(c2[0]) << 4) | (static_cast<unsigned>(c2[1]) << 2) | c2[2];
    const int o = p < 0 ? 0 : p;
    const int a = o == 0 ? 1 : 0, b = o == 2 ? 1 : 2;
    unsigned rest;
    if (mode == outlier_mode::split) {
        rest = (static_cast<unsigned>(c2[a]) << 1) | (c2[b] >> 1);  // the sign bit of b's code is x[b] < 0
    } else {
        const bool second = std::fabs(x[b]) > std::fabs(x[a]);
        rest = (second ? 4u : 0u) | c2[second ? b : a];
    }
    const unsigned outlier = (static_cast<unsigned>(o + 1) << 6) | (static_cast<unsigned>(c3[o]) << 3) | rest;
    const unsigned use_none = 0u - static_cast<unsigned>(p < 0);
    return static_cast<std::uint8_t>((none & use_none) | (outlier & ~use_none));
}

// x[i] = v[i] / s (0 when s is not positive), the division of encode_cluster, in one loop over a group.
FINEQ_AVX2_CLONE void divide(const float* v, std::size_t len, float s, float* x) {
    if (!(s > 0)) return;
    for (std::size_t i = 0; i < len; ++i) x[i] = v[i] / s;
}

} // namespace

std::uint8_t fineq_encode_cluster(const float* v, const float* cw, std::size_t real, float s, const fineq_options& o) {
    return encode_cluster(v, cw, real, s, o);
}

void fineq_decode_record(std::uint8_t record, outlier_mode mode, int codes[3]) { decode_record(record, mode, codes); }

const char* outlier_mode_name(outlier_mode m) { return m == outlier_mode::split ? "split" : "prune"; }

outlier_mode parse_outlier_mode(const std::string& text) {
    if (text == "split") return outlier_mode::split;
    if (text == "prune") return outlier_mode::prune;
    throw std::invalid_argument("unknown outlier mode '" + text + "' (expected split or prune)");
}

record_choice parse_record_choice(const std::string& text) {
    if (text == "rule") return record_choice::rule;
    if (text == "best") return record_choice::best;
    throw std::invalid_argument("unknown record choice '" + text + "' (expected rule or best)");
}

bool is_outlier_cluster(const float* a, double ratio) { return outlier_position(a, 3, ratio) >= 0; }

fineq_packed fineq_encode(const matrix& w, const fineq_options& options) {
    if (w.rows == 0 || w.cols == 0) throw std::invalid_argument("fineq_encode: empty weight matrix");
    if (options.group % cluster_size != 0)
        throw std::invalid_argument("fineq_encode: scale group " + std::to_string(options.group) +
                                    " is not a multiple of 3 (a cluster must not straddle two scales)");
    if (!(options.outlier_ratio >= 1.0)) throw std::invalid_argument("fineq_encode: outlier ratio below 1");
    if (!options.channel_weight.empty() && options.channel_weight.size() != w.cols)
        throw std::invalid_argument("fineq_encode: channel weights do not match K");
    const float* cw_all = options.channel_weight.empty() ? nullptr : options.channel_weight.data();
    fineq_packed p;
    p.n = w.rows;
    p.k = w.cols;
    p.options = options;
    const std::size_t clusters = p.clusters_per_row(), group = p.scale_group(), groups = p.scale_groups();
    const unsigned candidates = std::max(1u, options.scale_candidates);
    p.records.resize(p.n * clusters);
    p.scales.resize(p.n * groups);

    group_roles roles;
    std::vector<float> scaled;        // a group's weights in units of its step
    std::vector<std::uint8_t> codes;  // their 2-bit codes, then their 3-bit codes
    for (std::size_t r = 0; r < p.n; ++r) {
        const float* row = w.row(r);
        for (std::size_t g = 0; g < groups; ++g) {
            const std::size_t k0 = g * group, k1 = std::min(p.k, k0 + group);
            // Largest magnitude, in four interleaved folds (magnitudes have no signed zeros and a NaN never wins,
            // so the result is that of one fold in order).
            float lane_max[4] = {0, 0, 0, 0};
            std::size_t at = k0;
            for (; at + 4 <= k1; at += 4)
                for (std::size_t t = 0; t < 4; ++t) lane_max[t] = std::max(lane_max[t], std::fabs(row[at + t]));
            for (; at < k1; ++at) lane_max[0] = std::max(lane_max[0], std::fabs(row[at]));
            float maxabs = 0;
            for (float m : lane_max) maxabs = std::max(maxabs, m);
            // The largest weight lands on the outlier grid's top level (7 s) at factor 1; smaller steps trade
            // clipping of the largest weights for resolution of the rest. The step is judged as stored (FP16).
            // The rule's decisions do not depend on the step: find them once per group.
            const bool by_rule = options.choice == record_choice::rule;
            if (by_rule)
                roles.assign(row + k0, cw_all ? cw_all + k0 : nullptr, k1 - k0, options.outlier_ratio, options.mode);
            std::uint16_t best = 0;
            float best_error = INFINITY;
            for (unsigned c = 0; c < candidates && maxabs > 0; ++c) {
                const float f = candidates == 1 ? 1.0f : 1.0f - 0.5f * static_cast<float>(c) / (candidates - 1);
                std::uint16_t h = float_to_half(maxabs / 7.0f * f);
                if ((h & 0x7fffu) == 0) h = 1;  // underflow: smallest subnormal rather than a zero step
                const float s = half_to_float(h);
                float e = 0;
                if (by_rule) {
                    e = group_rule_error(roles, k1 - k0, s);
                } else {
                    for (std::size_t k = k0; k < k1; k += cluster_size)
                        e += cluster_error(row + k, cw_all ? cw_all + k : nullptr, std::min(cluster_size, k1 - k), s,
                                           options);
                }
                if (e < best_error) {
                    best_error = e;
                    best = h;
                }
            }
            p.scales[r * groups + g] = best;
            const float s = half_to_float(best);
            std::uint8_t* records = p.records.data() + r * clusters + k0 / cluster_size;
            const std::size_t group_clusters = (k1 - k0 + cluster_size - 1) / cluster_size;
            if (by_rule) {  // encode_cluster's rule path, with the outlier positions found above
                const std::size_t padded = group_clusters * cluster_size;
                scaled.assign(padded, 0.0f);  // padding weights stay 0
                divide(row + k0, k1 - k0, s, scaled.data());
                codes.resize(2 * padded);
                field_codes(scaled.data(), padded, codes.data(), codes.data() + padded);
                for (std::size_t c = 0; c < group_clusters; ++c)
                    records[c] = record_from_codes(codes.data() + c * cluster_size,
                                                   codes.data() + padded + c * cluster_size,
                                                   scaled.data() + c * cluster_size, roles.position[c], options.mode);
            } else {
                for (std::size_t k = k0; k < k1; k += cluster_size)
                    records[(k - k0) / cluster_size] = encode_cluster(row + k, cw_all ? cw_all + k : nullptr,
                                                                      std::min(cluster_size, k1 - k), s, options);
            }
            for (std::size_t c = 0; c < group_clusters; ++c) p.outlier_clusters += (records[c] >> 6) != 0;
        }
    }
    return p;
}

int_weights fineq_decode(const fineq_packed& p) {
    int_weights w;
    w.n = p.n;
    w.k = p.k;
    w.group = p.scale_group();
    w.codes.resize(p.n * p.k);
    w.scales.resize(p.scales.size());
    for (std::size_t i = 0; i < p.scales.size(); ++i) w.scales[i] = half_to_float(p.scales[i]);
    std::int8_t table[256][cluster_size];  // the codes of every record, decoded once
    for (unsigned rec = 0; rec < 256; ++rec) {
        int q[3];
        decode_record(static_cast<std::uint8_t>(rec), p.options.mode, q);
        for (std::size_t i = 0; i < cluster_size; ++i) table[rec][i] = static_cast<std::int8_t>(q[i]);
    }
    const std::size_t clusters = p.clusters_per_row(), full = p.k / cluster_size;
    for (std::size_t r = 0; r < p.n; ++r) {
        const std::uint8_t* rec = p.records.data() + r * clusters;
        std::int8_t* out = w.codes.data() + r * p.k;
        for (std::size_t c = 0; c < full; ++c)
            for (std::size_t i = 0; i < cluster_size; ++i) out[c * cluster_size + i] = table[rec[c]][i];
        for (std::size_t c = full, i = 0; c * cluster_size + i < p.k; ++i) out[c * cluster_size + i] = table[rec[c]][i];
    }
    return w;
}

} // namespace vplab::fineq
