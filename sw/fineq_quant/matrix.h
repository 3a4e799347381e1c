#pragma once
// Dense row-major float matrix. A weight matrix is N x K (output channels x input channels, the PyTorch
// nn.Linear layout); activations are M x K.

#include <cstddef>
#include <vector>

namespace vplab::fineq {

struct matrix {
    std::size_t rows = 0, cols = 0;
    std::vector<float> data;

    matrix() = default;
    matrix(std::size_t r, std::size_t c) : rows(r), cols(c), data(r * c, 0.0f) {}
    float& at(std::size_t r, std::size_t c) { return data[r * cols + c]; }
    float at(std::size_t r, std::size_t c) const { return data[r * cols + c]; }
    const float* row(std::size_t r) const { return data.data() + r * cols; }
};

} // namespace vplab::fineq
