#pragma once
// safetensors files: an 8-byte little-endian header length, a JSON header naming each tensor's dtype, shape and
// data_offsets (relative to the end of the header), then the data. F32, F16 and BF16 are read.

#include "tensor.h"

#include <string>
#include <vector>

namespace vplab::fineq {

// Throws tensor_error naming the file and the byte offset of the problem (a missing name lists the ones present).
tensor read_safetensors(const std::string& path, const std::string& name);
tensor parse_safetensors(const std::vector<std::uint8_t>& bytes, const std::string& file, const std::string& name);

struct named_tensor {
    std::string name;
    std::vector<std::size_t> shape;
    std::vector<float> data;
    std::string dtype = "F32";  // F32, F16 or BF16 (BF16 truncates)
};
void write_safetensors(const std::string& path, const std::vector<named_tensor>& tensors);

} // namespace vplab::fineq
