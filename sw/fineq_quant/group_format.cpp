#include "group_format.h"

#include "avx2_clone.h"
#include "fp16.h"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <stdexcept>

namespace vplab::fineq {

namespace {

void check(const matrix& w, std::size_t group) {
    if (w.rows == 0 || w.cols == 0) throw std::invalid_argument("group quantizer: empty weight matrix");
    if (group == 0) throw std::invalid_argument("group quantizer: group size 0");
}

// std::min and std::max folded over v[0..len) from v[0]: the first of the smallest and of the largest values.
void range_in_order(const float* v, std::size_t len, float& lo, float& hi) {
    lo = hi = v[0];
    for (std::size_t i = 1; i < len; ++i) {
        lo = v[i] < lo ? v[i] : lo;
        hi = hi < v[i] ? v[i] : hi;
    }
}

// The same result from four interleaved folds (four times the parallelism). Equal values have equal bits except
// for +0 and -0, so only a zero result can depend on which occurrence wins: then fold in order.
void range(const float* v, std::size_t len, float& lo, float& hi) {
    constexpr std::size_t lanes = 4;
    float l[lanes], h[lanes];
    for (std::size_t t = 0; t < lanes; ++t) l[t] = h[t] = v[0];
    std::size_t i = 1;
    for (; i + lanes <= len; i += lanes)
        for (std::size_t t = 0; t < lanes; ++t) {
            l[t] = v[i + t] < l[t] ? v[i + t] : l[t];
            h[t] = h[t] < v[i + t] ? v[i + t] : h[t];
        }
    for (; i < len; ++i) {
        l[0] = v[i] < l[0] ? v[i] : l[0];
        h[0] = h[0] < v[i] ? v[i] : h[0];
    }
    lo = l[0];
    hi = h[0];
    for (std::size_t t = 1; t < lanes; ++t) {
        lo = l[t] < lo ? l[t] : lo;
        hi = hi < h[t] ? h[t] : hi;
    }
    if (lo == 0.0f || hi == 0.0f) range_in_order(v, len, lo, hi);
}

// std::nearbyint in the default rounding mode (to nearest, ties to even), without a library call: at 2^23 and
// above a float is an integer; below, adding and removing 2^23 rounds it at the units place.
float round_to_even(float v) {
    const float a = std::fabs(v);
    const float rounded = std::copysign((a + 8388608.0f) - 8388608.0f, v);
    return a < 8388608.0f ? rounded : v;  // a select, so that loops over it vectorise
}

// Chooses scale and zero of one group at `bits` and returns them as FP16; the codes are computed from the stored
// (rounded) values so that decoding reproduces exactly what was measured.
void group_params(const float* v, std::size_t len, unsigned bits, std::uint16_t& scale, std::uint16_t& zero) {
    float lo, hi;
    range(v, len, lo, hi);
    const float levels = static_cast<float>((1u << bits) - 1);
    scale = float_to_half((hi - lo) / levels);
    if ((scale & 0x7fffu) == 0) scale = 1;  // a constant group: any positive step, the zero point carries it
    const float s = half_to_float(scale);
    const float z = std::clamp(round_to_even(-lo / s), 0.0f, levels);
    zero = float_to_half(z);
}

// Each weight's code, round(v / s) + z limited to the levels, for a whole group in a loop the compiler vectorises.
FINEQ_AVX2_CLONE void quantize_group(const float* v, std::size_t len, float s, float z, unsigned bits,
                                     std::uint8_t* codes) {
    const float levels = static_cast<float>((1u << bits) - 1);
    for (std::size_t i = 0; i < len; ++i)
        codes[i] = static_cast<std::uint8_t>(static_cast<int>(std::clamp(round_to_even(v[i] / s) + z, 0.0f, levels)));
}

group_packed encode(const matrix& w, std::size_t group, unsigned low_bits, const std::vector<bool>& high) {
    group_packed p;
    p.n = w.rows;
    p.k = w.cols;
    p.group = group;
    p.low_bits = low_bits;
    const std::size_t groups = p.groups();
    p.scale.resize(p.n * groups);
    p.zero.resize(p.n * groups);
    p.row_offset.assign(p.n + 1, 0);
    p.data.reserve(p.n * ((p.k * (low_bits + 1) + 7) / 8));
    std::vector<std::uint8_t> codes;
    for (std::size_t r = 0; r < p.n; ++r) {
        const float* row = w.row(r);
        std::uint64_t acc = 0;  // bit accumulator, LSB first
        unsigned filled = 0;
        p.row_offset[r] = p.data.size();
        for (std::size_t g = 0; g < groups; ++g) {
            const std::size_t k0 = g * group, k1 = std::min(p.k, k0 + group);
            const bool h = high[r * groups + g];
            const unsigned bits = low_bits + (h ? 1 : 0);
            std::uint16_t s16, z16;
            group_params(row + k0, k1 - k0, bits, s16, z16);
            p.scale[r * groups + g] = static_cast<std::uint16_t>(s16 | (h ? 0x8000u : 0u));
            p.zero[r * groups + g] = z16;
            p.high_groups += h;
            codes.resize(k1 - k0);
            quantize_group(row + k0, k1 - k0, half_to_float(s16), half_to_float(z16), bits, codes.data());
            for (std::uint8_t code : codes) {
                acc |= static_cast<std::uint64_t>(code) << filled;
                filled += bits;
                while (filled >= 8) {
                    p.data.push_back(static_cast<std::uint8_t>(acc));
                    acc >>= 8;
                    filled -= 8;
                }
            }
        }
        if (filled) p.data.push_back(static_cast<std::uint8_t>(acc));
    }
    p.row_offset[p.n] = p.data.size();
    return p;
}

} // namespace

std::vector<std::uint8_t> group_packed::scale_table() const {
    std::vector<std::uint8_t> t(4 * scale.size());
    for (std::size_t i = 0; i < scale.size(); ++i) {
        t[4 * i + 0] = static_cast<std::uint8_t>(scale[i]);
        t[4 * i + 1] = static_cast<std::uint8_t>(scale[i] >> 8);
        t[4 * i + 2] = static_cast<std::uint8_t>(zero[i]);
        t[4 * i + 3] = static_cast<std::uint8_t>(zero[i] >> 8);
    }
    return t;
}

group_packed rtn_encode(const matrix& w, unsigned bits, std::size_t group) {
    check(w, group);
    if (bits < 2 || bits > 4) throw std::invalid_argument("rtn_encode: bits must be 2, 3 or 4");
    const std::size_t groups = (w.cols + group - 1) / group;
    return encode(w, group, bits, std::vector<bool>(w.rows * groups, false));
}

namespace {
// The mixed format's precision flags: the `high_fraction` most salient groups (row-major group index) get 3 bits.
std::vector<bool> mixed_flags(const matrix& w, double high_fraction, std::size_t group,
                              const std::vector<float>& channel_weight) {
    check(w, group);
    if (!(high_fraction >= 0.0 && high_fraction <= 1.0))
        throw std::invalid_argument("mixed_encode: high fraction outside [0, 1]");
    if (!channel_weight.empty() && channel_weight.size() != w.cols)
        throw std::invalid_argument("mixed_encode: channel weights do not match K");
    const std::size_t groups = (w.cols + group - 1) / group, total = w.rows * groups;
    std::vector<double> salience(total, 0.0);
    for (std::size_t r = 0; r < w.rows; ++r)
        for (std::size_t g = 0; g < groups; ++g) {
            double sum = 0.0;  // in a register: the same additions in the same order
            for (std::size_t k = g * group, end = std::min(w.cols, k + group); k < end; ++k) {
                const double v = w.at(r, k), c = channel_weight.empty() ? 1.0 : channel_weight[k];
                sum += c * v * v;
            }
            salience[r * groups + g] = sum;
        }
    std::vector<std::size_t> order(total);
    std::iota(order.begin(), order.end(), std::size_t{0});
    const auto high_count = static_cast<std::size_t>(std::llround(high_fraction * static_cast<double>(total)));
    // Ties go to the lower index so the choice does not depend on the sort's implementation.
    std::nth_element(order.begin(), order.begin() + static_cast<std::ptrdiff_t>(high_count), order.end(),
                     [&](std::size_t a, std::size_t b) {
                         return salience[a] != salience[b] ? salience[a] > salience[b] : a < b;
                     });
    std::vector<bool> high(total, false);
    for (std::size_t i = 0; i < high_count; ++i) high[order[i]] = true;
    return high;
}
} // namespace

group_packed mixed_encode(const matrix& w, double high_fraction, std::size_t group,
                          const std::vector<float>& channel_weight) {
    return encode(w, group, 2, mixed_flags(w, high_fraction, group, channel_weight));
}

group_size mixed_encoded_size(const matrix& w, double high_fraction, std::size_t group,
                              const std::vector<float>& channel_weight) {
    const std::vector<bool> high = mixed_flags(w, high_fraction, group, channel_weight);
    const std::size_t groups = (w.cols + group - 1) / group;
    group_size size;
    size.n = w.rows;
    size.k = w.cols;
    size.scale_entries = w.rows * groups;
    for (std::size_t r = 0; r < w.rows; ++r) {
        std::uint64_t row_bits = 0;
        for (std::size_t g = 0; g < groups; ++g)
            row_bits += (std::min(w.cols, (g + 1) * group) - g * group) * (high[r * groups + g] ? 3u : 2u);
        size.data_bytes += (row_bits + 7) / 8;  // each row starts on a byte boundary
    }
    return size;
}

int_weights group_decode(const group_packed& p) {
    int_weights w;
    w.n = p.n;
    w.k = p.k;
    w.group = p.group;
    w.codes.resize(p.n * p.k);
    w.scales.resize(p.scale.size());
    const std::size_t groups = p.groups();
    for (std::size_t r = 0; r < p.n; ++r) {
        std::uint64_t bitpos = p.row_offset[r] * 8;
        for (std::size_t g = 0; g < groups; ++g) {
            const std::size_t i = r * groups + g;
            w.scales[i] = half_to_float(static_cast<std::uint16_t>(p.scale[i] & 0x7fffu));
            const int z = static_cast<int>(half_to_float(p.zero[i]));
            const unsigned bits = p.bits(r, g);
            for (std::size_t k = g * p.group; k < std::min(p.k, (g + 1) * p.group); ++k, bitpos += bits) {
                unsigned q = 0;
                for (unsigned b = 0; b < bits; ++b)
                    q |= ((p.data[(bitpos + b) / 8] >> ((bitpos + b) % 8)) & 1u) << b;
                w.codes[r * p.k + k] = static_cast<std::int8_t>(static_cast<int>(q) - z);
            }
        }
    }
    return w;
}

} // namespace vplab::fineq
