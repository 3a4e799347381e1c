#pragma once
// The integer view of any quantized weight matrix, which is what the accelerator multiplies:
// w[n][k] = scale[n][k / group] * code[n][k]. Every format decodes to it (FineQ codes are odd integers in units
// of half a step; RTN codes are q - zero), so one golden GEMM serves all formats.

#include "matrix.h"

#include <cstdint>
#include <vector>

namespace vplab::fineq {

struct int_weights {
    std::size_t n = 0, k = 0;
    std::size_t group = 0;             // input channels per scale; equal to k for one scale per output channel
    std::vector<std::int8_t> codes;    // n x k, row-major
    std::vector<float> scales;         // n x groups()
    std::size_t groups() const { return group ? (k + group - 1) / group : 0; }
    float scale(std::size_t row, std::size_t col) const { return scales[row * groups() + col / group]; }
};

// w = scale * code, as floats.
matrix dequantize(const int_weights& w);

} // namespace vplab::fineq
