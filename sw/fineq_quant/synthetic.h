#pragma once
// Seeded LLM-like matrices: a Gaussian body, Student-t tails, per-output-row scale spread (as seen in real
// attention projections) and a few input channels with much larger weights and activations (outlier features).

#include "matrix.h"

#include <cstdint>

namespace vplab::fineq {

struct synthetic_params {
    double sigma = 0.02;                   // body standard deviation
    double tail_fraction = 0.02;           // share of weights drawn from the Student-t instead
    double tail_dof = 3.0;                 // Student-t degrees of freedom (heavier tails when smaller)
    double row_spread = 0.3;               // per-row scale = exp(row_spread x N(0,1))
    double outlier_channel_fraction = 0.005;  // input channels with `outlier_gain` times larger weights
    double outlier_gain = 4.0;
};

matrix synthetic_weights(std::size_t n, std::size_t k, std::uint64_t seed, const synthetic_params& p = {});
// M x K activations: N(0,1) per entry, the same outlier channels (same seed) scaled by 10. Another `draw` gives other
// rows over the same channels (further inputs to the same layer, e.g. calibration data).
matrix synthetic_activations(std::size_t m, std::size_t k, std::uint64_t seed, const synthetic_params& p = {},
                             std::uint64_t draw = 0);

} // namespace vplab::fineq
