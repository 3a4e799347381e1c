#include "npy.h"

#include "fp16.h"

#include <cstring>
#include <fstream>
#include <limits>

namespace vplab::fineq {

namespace {

struct header_parser {
    const std::string& text;
    std::uint64_t base;  // file offset of text[0]
    const std::string& file;

    [[noreturn]] void fail(std::size_t at, const std::string& what) const { throw tensor_error(file, base + at, what); }

    // Position just after `'key':` (whitespace skipped), or a failure naming the key.
    std::size_t value_of(const std::string& key) const {
        const std::size_t k = text.find("'" + key + "'");
        if (k == std::string::npos) fail(0, "header has no '" + key + "' entry");
        std::size_t i = k + key.size() + 2;
        while (i < text.size() && text[i] == ' ') ++i;
        if (i >= text.size() || text[i] != ':') fail(i, "expected ':' after '" + key + "'");
        ++i;
        while (i < text.size() && text[i] == ' ') ++i;
        return i;
    }

    std::string descr() const {
        const std::size_t i = value_of("descr");
        if (i >= text.size() || text[i] != '\'') fail(i, "'descr' is not a string");
        const std::size_t end = text.find('\'', i + 1);
        if (end == std::string::npos) fail(i, "unterminated 'descr' string");
        return text.substr(i + 1, end - i - 1);
    }

    bool fortran_order() const {
        const std::size_t i = value_of("fortran_order");
        if (text.compare(i, 5, "False") == 0) return false;
        if (text.compare(i, 4, "True") == 0) return true;
        fail(i, "'fortran_order' is neither True nor False");
    }

    std::vector<std::size_t> shape() const {
        std::size_t i = value_of("shape");
        if (i >= text.size() || text[i] != '(') fail(i, "'shape' is not a tuple");
        std::vector<std::size_t> dims;
        ++i;
        for (;;) {
            while (i < text.size() && (text[i] == ' ' || text[i] == ',')) ++i;
            if (i >= text.size()) fail(i, "unterminated 'shape' tuple");
            if (text[i] == ')') break;
            if (text[i] < '0' || text[i] > '9') fail(i, "'shape' holds something other than a non-negative integer");
            std::size_t v = 0;
            for (; i < text.size() && text[i] >= '0' && text[i] <= '9'; ++i) {
                if (v > (std::numeric_limits<std::size_t>::max() - 9) / 10) fail(i, "dimension too large");
                v = v * 10 + static_cast<std::size_t>(text[i] - '0');
            }
            dims.push_back(v);
        }
        return dims;
    }
};

std::uint32_t le(const std::vector<std::uint8_t>& b, std::size_t at, unsigned n) {
    std::uint32_t v = 0;
    for (unsigned i = 0; i < n; ++i) v |= static_cast<std::uint32_t>(b[at + i]) << (8 * i);
    return v;
}

} // namespace

tensor parse_npy(const std::vector<std::uint8_t>& bytes, const std::string& file) {
    static const unsigned char magic[6] = {0x93, 'N', 'U', 'M', 'P', 'Y'};
    if (bytes.size() < 10 || std::memcmp(bytes.data(), magic, 6) != 0)
        throw tensor_error(file, 0, "not a .npy file (no \\x93NUMPY magic)");
    const unsigned major = bytes[6];
    if (major < 1 || major > 3)
        throw tensor_error(file, 6, "unsupported .npy format version " + std::to_string(major) + "." +
                                        std::to_string(bytes[7]));
    const std::size_t len_bytes = major == 1 ? 2 : 4, header_at = 8 + len_bytes;
    if (bytes.size() < header_at) throw tensor_error(file, 8, "file ends inside the header length");
    const std::uint64_t header_len = le(bytes, 8, static_cast<unsigned>(len_bytes));
    if (header_at + header_len > bytes.size())
        throw tensor_error(file, 8, "header length " + std::to_string(header_len) + " runs past the end of the file (" +
                                        std::to_string(bytes.size()) + " bytes)");
    const std::string text(bytes.begin() + static_cast<std::ptrdiff_t>(header_at),
                           bytes.begin() + static_cast<std::ptrdiff_t>(header_at + header_len));
    const header_parser h{text, header_at, file};
    const std::size_t first = text.find_first_not_of(' ');
    if (first == std::string::npos || text[first] != '{') h.fail(0, "header is not a Python dict literal");

    tensor t;
    t.dtype = h.descr();
    if (h.fortran_order()) h.fail(h.value_of("fortran_order"), "Fortran-order arrays are not supported");
    t.shape = h.shape();
    unsigned item = 0;
    if (t.dtype == "<f4") item = 4;
    else if (t.dtype == "<f2") item = 2;
    else if (t.dtype == "<f8") item = 8;
    else h.fail(h.value_of("descr"), "dtype '" + t.dtype + "' is not supported (expected <f2, <f4 or <f8)");

    std::size_t count = 1;
    for (std::size_t d : t.shape) {
        if (d && count > std::numeric_limits<std::size_t>::max() / d / item)
            h.fail(h.value_of("shape"), "shape too large");
        count *= d;
    }
    const std::uint64_t data_at = header_at + header_len;
    if (bytes.size() - data_at != count * item)
        throw tensor_error(file, data_at,
                           "data holds " + std::to_string(bytes.size() - data_at) + " bytes, the shape needs " +
                               std::to_string(count * item));
    t.data.resize(count);
    const std::uint8_t* p = bytes.data() + data_at;
    for (std::size_t i = 0; i < count; ++i, p += item) {
        if (item == 2) {
            t.data[i] = half_to_float(static_cast<std::uint16_t>(p[0] | (p[1] << 8)));
        } else if (item == 4) {
            std::uint32_t u = static_cast<std::uint32_t>(p[0]) | (static_cast<std::uint32_t>(p[1]) << 8) |
                              (static_cast<std::uint32_t>(p[2]) << 16) | (static_cast<std::uint32_t>(p[3]) << 24);
            std::memcpy(&t.data[i], &u, 4);
        } else {
            std::uint64_t u = 0;
            for (unsigned b = 0; b < 8; ++b) u |= static_cast<std::uint64_t>(p[b]) << (8 * b);
            double d;
            std::memcpy(&d, &u, 8);
            t.data[i] = static_cast<float>(d);
        }
    }
    return t;
}

tensor read_npy(const std::string& path) { return parse_npy(read_file_bytes(path), path); }

void write_npy(const std::string& path, const std::vector<std::size_t>& shape, const std::vector<float>& data,
               const std::string& dtype) {
    if (dtype != "<f4" && dtype != "<f2") throw std::invalid_argument("write_npy: dtype must be <f4 or <f2");
    std::string dims;
    for (std::size_t i = 0; i < shape.size(); ++i) dims += (i ? ", " : "") + std::to_string(shape[i]);
    if (shape.size() == 1) dims += ",";  // "(3,)" is a tuple, "(3)" would not be
    std::string header = "{'descr': '" + dtype + "', 'fortran_order': False, 'shape': (" + dims + "), }";
    while ((10 + header.size() + 1) % 64) header += ' ';  // data aligned to 64 bytes, as NumPy does
    header += '\n';
    std::ofstream out(path, std::ios::binary);
    if (!out) throw std::runtime_error("cannot write " + path);
    const unsigned char pre[10] = {0x93,
                                   'N',
                                   'U',
                                   'M',
                                   'P',
                                   'Y',
                                   1,
                                   0,
                                   static_cast<unsigned char>(header.size() & 0xff),
                                   static_cast<unsigned char>(header.size() >> 8)};
    out.write(reinterpret_cast<const char*>(pre), 10);
    out << header;
    for (float v : data) {
        if (dtype == "<f4") {
            std::uint32_t u;
            std::memcpy(&u, &v, 4);
            const unsigned char b[4] = {static_cast<unsigned char>(u), static_cast<unsigned char>(u >> 8),
                                        static_cast<unsigned char>(u >> 16), static_cast<unsigned char>(u >> 24)};
            out.write(reinterpret_cast<const char*>(b), 4);
        } else {
            const std::uint16_t h = float_to_half(v);
            const unsigned char b[2] = {static_cast<unsigned char>(h), static_cast<unsigned char>(h >> 8)};
            out.write(reinterpret_cast<const char*>(b), 2);
        }
    }
    if (!out) throw std::runtime_error("cannot write " + path);
}

} // namespace vplab::fineq
