#pragma once
// GPTQ-style error feedback (Frantar et al., "GPTQ: Accurate Post-Training Quantization for Generative
// Pre-trained Transformers", ICLR 2023) around the FineQ encoder: clusters are quantized left to right along K, and
// the error each quantized column leaves is spread over the columns not yet quantized, weighted by the inverse
// Hessian H^-1 of the layer's calibration inputs (H = X^T X / rows + damping). A cluster's three codes are chosen
// jointly from the already corrected weights; the scales are those the plain encoder picks on the original weights.
// Costs O(K^3) for the Hessian factorisation and O(N K^2) for the updates: meant for K up to a few thousand.

#include "fineq_format.h"
#include "matrix.h"

namespace vplab::fineq {

struct gptq_options {
    double damp = 0.01;  // fraction of the mean diagonal of H added to it (the GPTQ default, --percdamp 0.01)
};

// `calibration` is M x K (K = w.cols). Throws std::invalid_argument for mismatched shapes.
fineq_packed fineq_encode_gptq(const matrix& w, const matrix& calibration, const fineq_options& options = {},
                               const gptq_options& g = {});

} // namespace vplab::fineq
