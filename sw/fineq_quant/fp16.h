#pragma once
// IEEE 754 binary16 and bfloat16 conversions. Scales are stored as FP16 in every format, so the rounding here
// decides the bits of the stored model: round to nearest, ties to even, with subnormals, infinities and NaN.

#include <cstdint>

namespace vplab::fineq {

std::uint16_t float_to_half(float f);
float half_to_float(std::uint16_t h);
// bfloat16 is the upper half of a binary32, so widening is exact.
float bf16_to_float(std::uint16_t b);

} // namespace vplab::fineq
