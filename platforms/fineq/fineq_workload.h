#pragma once
// The layer a FineQ run multiplies: weights from the synthetic generator or from a weight file, and seeded
// activations of the same K.

#include <core/config/values.h>
#include <fineq_quant/matrix.h>

namespace vplab::platforms {

struct fineq_layer {
    fineq::matrix weights;      // N x K
    fineq::matrix activations;  // M x K
    fineq::matrix calibration;  // workload.gptq: its calibration rows, other inputs over the same outlier channels
    std::string source;         // "synthetic" or "file:tensor"
};

// The calibration rows only with workload.gptq. Throws config::input_error naming workload.weights_file for an
// unreadable or malformed weight file.
fineq_layer make_fineq_layer(const config::values& v, std::uint64_t seed);

} // namespace vplab::platforms
