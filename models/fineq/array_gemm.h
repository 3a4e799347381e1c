#pragma once
// The arithmetic of the systolic array, separate from its timing: O = A W^T with INT8 activations, integer weight
// codes and INT32 partial sums per scale group, rescaled into binary32 as each group completes (groups in increasing
// K), then times the activation scale. The PEs' windows and the tile order only decide time; the sums are exact, so
// the result is that of the array whatever order the products are formed in.

#include "weight_decoder.h"

#include <cstdint>
#include <vector>

namespace vplab::models::fineq {

// act: M x K INT8, row-major; out: M x w.n binary32 (resized). `cols` is the array's column count (an N tile).
void array_gemm(const decoded_weights& w, const std::vector<std::int8_t>& act, std::size_t m, float act_scale,
                std::size_t cols, std::vector<float>& out);

} // namespace vplab::models::fineq
