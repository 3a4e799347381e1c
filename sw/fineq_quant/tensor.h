#pragma once
// A tensor read from a weight file, widened to float, and the error every reader throws for a bad file:
// its message names the file and the byte offset where the problem is.

#include "matrix.h"

#include <cstdint>
#include <stdexcept>
#include <string>
#include <vector>

namespace vplab::fineq {

struct tensor {
    std::vector<std::size_t> shape;
    std::vector<float> data;  // row-major (C order)
    std::string dtype;        // as the file names it: "<f4", "F16", ...
};

class tensor_error : public std::runtime_error {
public:
    // "weights.npy: byte 10: header is not a Python dict literal"
    tensor_error(const std::string& file, std::uint64_t offset, const std::string& what)
        : std::runtime_error(file + ": byte " + std::to_string(offset) + ": " + what), m_offset(offset) {}
    std::uint64_t offset() const { return m_offset; }

private:
    std::uint64_t m_offset;
};

// A 2-D tensor as a matrix (rows = shape[0]); a tensor of higher rank is folded into rows x last dimension.
// Throws tensor_error (offset 0) for rank 0 or 1.
matrix as_matrix(const tensor& t, const std::string& file);

// Reads by extension: ".npy" (name ignored) or ".safetensors" (name required).
tensor read_tensor(const std::string& path, const std::string& name);

// Whole file into memory; throws tensor_error when it cannot be opened.
std::vector<std::uint8_t> read_file_bytes(const std::string& path);

} // namespace vplab::fineq
