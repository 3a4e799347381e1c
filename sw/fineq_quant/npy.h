#pragma once
// NumPy .npy files (format versions 1.0, 2.0, 3.0): little-endian float16, float32 or float64 arrays in C order.

#include "tensor.h"

#include <string>
#include <vector>

namespace vplab::fineq {

// Throws tensor_error naming the file and byte offset of the problem.
tensor read_npy(const std::string& path);
tensor parse_npy(const std::vector<std::uint8_t>& bytes, const std::string& file);
// dtype "<f4" or "<f2" (values rounded to FP16); version 1.0 header. Throws std::runtime_error on I/O failure.
void write_npy(const std::string& path, const std::vector<std::size_t>& shape, const std::vector<float>& data,
               const std::string& dtype = "<f4");

} // namespace vplab::fineq
