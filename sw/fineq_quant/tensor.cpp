#include "tensor.h"

#include "npy.h"
#include "safetensors.h"

#include <cerrno>
#include <cstring>
#include <fstream>
#include <iterator>

namespace vplab::fineq {

matrix as_matrix(const tensor& t, const std::string& file) {
    if (t.shape.size() < 2)
        throw tensor_error(file, 0, "tensor of rank " + std::to_string(t.shape.size()) +
                                        " is not a weight matrix (expected rank 2: output x input channels)");
    matrix m;
    m.cols = t.shape.back();
    m.rows = m.cols ? t.data.size() / m.cols : 0;
    if (m.rows == 0 || m.cols == 0) throw tensor_error(file, 0, "tensor has no elements");
    m.data = t.data;
    return m;
}

std::vector<std::uint8_t> read_file_bytes(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw tensor_error(path, 0, std::string("cannot open: ") + std::strerror(errno));
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

tensor read_tensor(const std::string& path, const std::string& name) {
    auto ends_with = [&](const char* ext) {
        const std::size_t n = std::strlen(ext);
        return path.size() >= n && path.compare(path.size() - n, n, ext) == 0;
    };
    if (ends_with(".npy")) return read_npy(path);
    if (ends_with(".safetensors")) return read_safetensors(path, name);
    throw tensor_error(path, 0, "unknown weight file type (expected .npy or .safetensors)");
}

} // namespace vplab::fineq
