#pragma once
// Scalar types of binary point cloud formats (PLY, PCD) and reading them at a byte offset in either byte order.

#include <cstdint>
#include <cstring>
#include <string>

namespace vplab::pointcloud::detail {

enum class scalar { i8, u8, i16, u16, i32, u32, f32, f64, none };

inline unsigned scalar_size(scalar s) {
    switch (s) {
    case scalar::i8: case scalar::u8: return 1;
    case scalar::i16: case scalar::u16: return 2;
    case scalar::i32: case scalar::u32: case scalar::f32: return 4;
    case scalar::f64: return 8;
    case scalar::none: return 0;
    }
    return 0;
}

// Reads one value of type `s` at `p` (size checked by the caller); `swap` for the other byte order.
inline double read_scalar(const char* p, scalar s, bool swap) {
    unsigned char b[8];
    const unsigned n = scalar_size(s);
    std::memcpy(b, p, n);
    if (swap)
        for (unsigned i = 0; i < n / 2; ++i) {
            const unsigned char t = b[i];
            b[i] = b[n - 1 - i];
            b[n - 1 - i] = t;
        }
    switch (s) {
    case scalar::i8: { std::int8_t v; std::memcpy(&v, b, 1); return v; }
    case scalar::u8: return b[0];
    case scalar::i16: { std::int16_t v; std::memcpy(&v, b, 2); return v; }
    case scalar::u16: { std::uint16_t v; std::memcpy(&v, b, 2); return v; }
    case scalar::i32: { std::int32_t v; std::memcpy(&v, b, 4); return v; }
    case scalar::u32: { std::uint32_t v; std::memcpy(&v, b, 4); return v; }
    case scalar::f32: { float v; std::memcpy(&v, b, 4); return static_cast<double>(v); }
    case scalar::f64: { double v; std::memcpy(&v, b, 8); return v; }
    case scalar::none: break;
    }
    return 0;
}

} // namespace vplab::pointcloud::detail
