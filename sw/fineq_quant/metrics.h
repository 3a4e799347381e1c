#pragma once
// How far a quantized matrix is from the original: on the weights themselves and on a layer's output Y = X W^T.

#include "int_weights.h"
#include "matrix.h"

namespace vplab::fineq {

struct weight_error {
    double mse = 0;       // mean of (w - w_hat)^2
    double sqnr_db = 0;   // 10 log10(sum w^2 / sum (w - w_hat)^2); +inf when exact
    double max_abs = 0;   // largest |w - w_hat|
};

weight_error measure_weights(const matrix& w, const int_weights& q);
// ||X Wq^T - X W^T||_F / ||X W^T||_F with X as floats (the weight quantization's own effect), in double.
double output_rel_error(const matrix& x, const matrix& w, const int_weights& q);
// The same with X W^T already computed (reference_output(x, w)).
double output_rel_error(const matrix& x, const std::vector<double>& reference, const int_weights& q);
// ||Y - R||_F / ||R||_F for two M x N results (row-major), e.g. the accelerator's output against the float layer.
double rel_frobenius(const std::vector<float>& y, const std::vector<double>& reference);
// X W^T in double: the float layer's output that every format is judged against.
std::vector<double> reference_output(const matrix& x, const matrix& w);

} // namespace vplab::fineq
