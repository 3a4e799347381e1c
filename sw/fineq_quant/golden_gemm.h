#pragma once
// The golden integer GEMM the accelerator must match bit for bit: INT8 activations (one symmetric scale per
// tensor), integer weight codes, INT32 accumulation per scale group, then per group in increasing order
// y += float(acc) * scale, and finally y * activation scale, all in binary32.

#include "int_weights.h"
#include "matrix.h"

#include <cstdint>
#include <vector>

namespace vplab::fineq {

struct int8_activations {
    std::size_t m = 0, k = 0;
    std::vector<std::int8_t> q;  // m x k
    float scale = 1.0f;          // x = scale * q
};

// scale = max|x| / 127 (1 for an all-zero X), q = round-to-nearest-even(x / scale).
int8_activations quantize_activations(const matrix& x);
// M x N, row-major. Throws std::invalid_argument when K differs.
std::vector<float> golden_gemm(const int8_activations& x, const int_weights& w);

} // namespace vplab::fineq
