#include "fp16.h"

#include <cstring>

namespace vplab::fineq {

namespace {
std::uint32_t bits_of(float f) {
    std::uint32_t u;
    std::memcpy(&u, &f, sizeof u);
    return u;
}
float float_of(std::uint32_t u) {
    float f;
    std::memcpy(&f, &u, sizeof f);
    return f;
}
} // namespace

std::uint16_t float_to_half(float f) {
    const std::uint32_t u = bits_of(f);
    const std::uint16_t sign = static_cast<std::uint16_t>((u >> 16) & 0x8000u);
    const std::uint32_t exp = (u >> 23) & 0xffu;
    std::uint32_t mant = u & 0x7fffffu;
    if (exp == 0xff) return static_cast<std::uint16_t>(sign | 0x7c00u | (mant ? 0x200u : 0u));  // inf / quiet NaN
    const int e = static_cast<int>(exp) - 127 + 15;  // rebiased exponent
    if (e >= 0x1f) return static_cast<std::uint16_t>(sign | 0x7c00u);  // overflow to infinity
    if (e <= 0) {
        // Subnormal half (or zero): shift the mantissa with its implicit bit into place, rounding to even.
        if (e < -10) return sign;  // below half the smallest subnormal: rounds to zero
        mant |= 0x800000u;
        const unsigned shift = static_cast<unsigned>(14 - e);  // 24-bit significand down to the subnormal field
        std::uint32_t half = mant >> shift;
        const std::uint32_t rest = mant & ((1u << shift) - 1u), halfway = 1u << (shift - 1);
        if (rest > halfway || (rest == halfway && (half & 1u))) ++half;  // may carry into the smallest normal
        return static_cast<std::uint16_t>(sign | half);
    }
    std::uint32_t half = (static_cast<std::uint32_t>(e) << 10) | (mant >> 13);
    const std::uint32_t rest = mant & 0x1fffu;
    if (rest > 0x1000u || (rest == 0x1000u && (half & 1u))) ++half;  // a carry may round up to infinity, as it should
    return static_cast<std::uint16_t>(sign | half);
}

float half_to_float(std::uint16_t h) {
    const std::uint32_t sign = static_cast<std::uint32_t>(h & 0x8000u) << 16;
    const std::uint32_t exp = (h >> 10) & 0x1fu;
    std::uint32_t mant = h & 0x3ffu;
    if (exp == 0x1f) return float_of(sign | 0x7f800000u | (mant << 13));
    if (exp == 0) {
        if (mant == 0) return float_of(sign);
        int e = -1;  // normalise the subnormal
        do {
            mant <<= 1;
            ++e;
        } while (!(mant & 0x400u));
        return float_of(sign | (static_cast<std::uint32_t>(127 - 15 - e) << 23) | ((mant & 0x3ffu) << 13));
    }
    return float_of(sign | ((exp + 127 - 15) << 23) | (mant << 13));
}

float bf16_to_float(std::uint16_t b) { return float_of(static_cast<std::uint32_t>(b) << 16); }

} // namespace vplab::fineq
