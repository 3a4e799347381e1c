#include "int_weights.h"

namespace vplab::fineq {

matrix dequantize(const int_weights& q) {
    matrix w(q.n, q.k);
    for (std::size_t r = 0; r < q.n; ++r)
        for (std::size_t k = 0; k < q.k; ++k) w.at(r, k) = q.scale(r, k) * static_cast<float>(q.codes[r * q.k + k]);
    return w;
}

} // namespace vplab::fineq
