#include "safetensors.h"

#include "fp16.h"

#include <cstring>
#include <fstream>
#include <limits>
#include <nlohmann/json.hpp>

namespace vplab::fineq {

tensor parse_safetensors(const std::vector<std::uint8_t>& bytes, const std::string& file, const std::string& name) {
    if (bytes.size() < 8) throw tensor_error(file, 0, "file ends inside the 8-byte header length");
    std::uint64_t header_len = 0;
    for (unsigned i = 0; i < 8; ++i) header_len |= static_cast<std::uint64_t>(bytes[i]) << (8 * i);
    if (header_len > bytes.size() - 8)
        throw tensor_error(file, 0, "header length " + std::to_string(header_len) + " runs past the end of the file (" +
                                        std::to_string(bytes.size()) + " bytes)");
    const nlohmann::json header = nlohmann::json::parse(bytes.begin() + 8,
                                                        bytes.begin() + 8 + static_cast<std::ptrdiff_t>(header_len),
                                                        nullptr, false);
    if (header.is_discarded() || !header.is_object()) throw tensor_error(file, 8, "header is not a JSON object");
    const std::uint64_t data_at = 8 + header_len, data_len = bytes.size() - data_at;

    const auto entry = header.find(name);
    if (name == "__metadata__" || entry == header.end()) {
        std::string names;
        for (const auto& [key, value] : header.items())
            if (key != "__metadata__") names += (names.empty() ? "" : ", ") + key;
        throw tensor_error(file, 8,
                           "no tensor named '" + name + "' (present: " + (names.empty() ? "none" : names) + ")");
    }
    const nlohmann::json& e = *entry;
    const auto bad = [&](const std::string& what) { throw tensor_error(file, 8, "tensor '" + name + "': " + what); };
    if (!e.is_object() || !e.contains("dtype") || !e.contains("shape") || !e.contains("data_offsets"))
        bad("entry lacks dtype, shape or data_offsets");
    if (!e["dtype"].is_string()) bad("dtype is not a string");
    tensor t;
    t.dtype = e["dtype"].get<std::string>();
    unsigned item = 0;
    if (t.dtype == "F32") item = 4;
    else if (t.dtype == "F16" || t.dtype == "BF16") item = 2;
    else bad("dtype " + t.dtype + " is not supported (expected F32, F16 or BF16)");
    if (!e["shape"].is_array()) bad("shape is not a list");
    std::uint64_t count = 1;
    for (const auto& d : e["shape"]) {
        if (!d.is_number_unsigned()) bad("shape holds something other than a non-negative integer");
        const std::uint64_t v = d.get<std::uint64_t>();
        if (v && count > std::numeric_limits<std::uint64_t>::max() / v / item) bad("shape too large");
        count *= v;
        t.shape.push_back(static_cast<std::size_t>(v));
    }
    const auto& off = e["data_offsets"];
    if (!off.is_array() || off.size() != 2 || !off[0].is_number_unsigned() || !off[1].is_number_unsigned())
        bad("data_offsets is not a pair of non-negative integers");
    const std::uint64_t begin = off[0].get<std::uint64_t>(), end = off[1].get<std::uint64_t>();
    if (begin > end || end > data_len)
        throw tensor_error(file, data_at + std::min(begin, data_len),
                           "tensor '" + name + "': data_offsets [" + std::to_string(begin) + ", " +
                               std::to_string(end) + ") lie outside the " + std::to_string(data_len) + " data bytes");
    if (end - begin != count * item)
        throw tensor_error(file, data_at + begin, "tensor '" + name + "': " + std::to_string(end - begin) +
                                                      " data bytes, the shape needs " + std::to_string(count * item));
    t.data.resize(count);
    const std::uint8_t* p = bytes.data() + data_at + begin;
    for (std::uint64_t i = 0; i < count; ++i, p += item) {
        if (item == 4) {
            const std::uint32_t u = static_cast<std::uint32_t>(p[0]) | (static_cast<std::uint32_t>(p[1]) << 8) |
                                    (static_cast<std::uint32_t>(p[2]) << 16) | (static_cast<std::uint32_t>(p[3]) << 24);
            std::memcpy(&t.data[i], &u, 4);
        } else {
            const auto h = static_cast<std::uint16_t>(p[0] | (p[1] << 8));
            t.data[i] = t.dtype == "F16" ? half_to_float(h) : bf16_to_float(h);
        }
    }
    return t;
}

tensor read_safetensors(const std::string& path, const std::string& name) {
    return parse_safetensors(read_file_bytes(path), path, name);
}

void write_safetensors(const std::string& path, const std::vector<named_tensor>& tensors) {
    nlohmann::json header = nlohmann::json::object();
    std::vector<std::uint8_t> data;
    for (const named_tensor& t : tensors) {
        const std::uint64_t begin = data.size();
        for (float v : t.data) {
            std::uint32_t u;
            std::memcpy(&u, &v, 4);
            if (t.dtype == "F32") {
                for (unsigned b = 0; b < 4; ++b) data.push_back(static_cast<std::uint8_t>(u >> (8 * b)));
            } else {
                const std::uint16_t h = t.dtype == "F16" ? float_to_half(v) : static_cast<std::uint16_t>(u >> 16);
                data.push_back(static_cast<std::uint8_t>(h));
                data.push_back(static_cast<std::uint8_t>(h >> 8));
            }
        }
        header[t.name] = {{"dtype", t.dtype}, {"shape", t.shape}, {"data_offsets", {begin, data.size()}}};
    }
    std::string text = header.dump();
    while (text.size() % 8) text += ' ';
    std::ofstream out(path, std::ios::binary);
    if (!out) throw std::runtime_error("cannot write " + path);
    for (unsigned b = 0; b < 8; ++b) out.put(static_cast<char>(static_cast<std::uint64_t>(text.size()) >> (8 * b)));
    out << text;
    out.write(reinterpret_cast<const char*>(data.data()), static_cast<std::streamsize>(data.size()));
    if (!out) throw std::runtime_error("cannot write " + path);
}

} // namespace vplab::fineq
