// PLY: the "vertex" element's x, y, z (float or double, or integer types); every other property, element (faces)
// and list is skipped, in ascii and in both binary byte orders.
#include "binary_field.h"
#include "cloud_io.h"
#include "text_cursor.h"

namespace vplab::pointcloud {

namespace {

using detail::scalar;

scalar ply_type(std::string_view t) {
    if (t == "char" || t == "int8") return scalar::i8;
    if (t == "uchar" || t == "uint8") return scalar::u8;
    if (t == "short" || t == "int16") return scalar::i16;
    if (t == "ushort" || t == "uint16") return scalar::u16;
    if (t == "int" || t == "int32") return scalar::i32;
    if (t == "uint" || t == "uint32") return scalar::u32;
    if (t == "float" || t == "float32") return scalar::f32;
    if (t == "double" || t == "float64") return scalar::f64;
    return scalar::none;
}

struct property {
    std::string name;
    scalar type = scalar::none;
    scalar count_type = scalar::none;  // a list when not none
};

struct element {
    std::string name;
    std::uint64_t count = 0;
    std::vector<property> props;
};

enum class encoding { ascii, little, big };

bool host_little() {
    const std::uint16_t one = 1;
    unsigned char b;
    std::memcpy(&b, &one, 1);
    return b == 1;
}

} // namespace

std::vector<point3> read_ply(const std::string& bytes, const std::string& name) {
    detail::text_cursor in(bytes);
    std::string_view line;
    auto fail = [&](const std::string& what) -> cloud_error {
        return cloud_error(name + ":" + std::to_string(in.line()) + ": " + what);
    };
    if (!in.next(line) || line != "ply") throw fail("not a PLY file (the first line must be 'ply')");
    encoding enc = encoding::ascii;
    bool have_format = false;
    std::vector<element> elements;
    for (;;) {
        if (!in.next(line)) throw fail("the header has no end_header line");
        const auto t = detail::tokens(line);
        if (t.empty() || t[0] == "comment" || t[0] == "obj_info") continue;
        if (t[0] == "end_header") break;
        if (t[0] == "format") {
            if (t.size() != 3) throw fail("expected 'format <ascii|binary_little_endian|binary_big_endian> 1.0'");
            if (t[1] == "ascii") enc = encoding::ascii;
            else if (t[1] == "binary_little_endian") enc = encoding::little;
            else if (t[1] == "binary_big_endian") enc = encoding::big;
            else throw fail("unknown PLY format '" + std::string(t[1]) + "'");
            have_format = true;
        } else if (t[0] == "element") {
            double n = 0;
            if (t.size() != 3 || !detail::parse_number(t[2], n) || n < 0)
                throw fail("expected 'element <name> <count>'");
            elements.push_back({std::string(t[1]), static_cast<std::uint64_t>(n), {}});
        } else if (t[0] == "property") {
            if (elements.empty()) throw fail("a property before any element");
            property p;
            if (t.size() == 5 && t[1] == "list") {
                p.count_type = ply_type(t[2]);
                p.type = ply_type(t[3]);
                p.name = std::string(t[4]);
                if (p.count_type == scalar::none || p.type == scalar::none) throw fail("unknown list property type");
            } else if (t.size() == 3) {
                p.type = ply_type(t[1]);
                p.name = std::string(t[2]);
                if (p.type == scalar::none) throw fail("unknown property type '" + std::string(t[1]) + "'");
            } else {
                throw fail("expected 'property <type> <name>' or 'property list <type> <type> <name>'");
            }
            elements.back().props.push_back(p);
        } else {
            throw fail("unexpected header line '" + std::string(line) + "'");
        }
    }
    if (!have_format) throw fail("the header has no format line");
    std::size_t vertex = elements.size();
    int xyz[3] = {-1, -1, -1};
    for (std::size_t e = 0; e < elements.size() && vertex == elements.size(); ++e) {
        if (elements[e].name != "vertex") continue;
        vertex = e;
        for (std::size_t i = 0; i < elements[e].props.size(); ++i) {
            const property& p = elements[e].props[i];
            for (int k = 0; k < 3; ++k)
                if (p.name == std::string(1, static_cast<char>('x' + k)) && p.count_type == scalar::none)
                    xyz[k] = static_cast<int>(i);
        }
    }
    if (vertex == elements.size()) throw cloud_error(name + ": the header declares no 'vertex' element");
    if (xyz[0] < 0 || xyz[1] < 0 || xyz[2] < 0)
        throw cloud_error(name + ": the vertex element lacks a scalar x, y or z property");

    std::vector<point3> out;
    out.reserve(static_cast<std::size_t>(elements[vertex].count));
    if (enc == encoding::ascii) {
        for (std::size_t e = 0; e <= vertex; ++e) {
            for (std::uint64_t i = 0; i < elements[e].count; ++i) {
                if (!in.next(line))
                    throw cloud_error(name + ":" + std::to_string(in.line() + 1) + ": the file ends inside element '" +
                                      elements[e].name + "' (item " + std::to_string(i) + " of " +
                                      std::to_string(elements[e].count) + ")");
                if (e != vertex) continue;
                const auto t = detail::tokens(line);
                double v[3] = {0, 0, 0};
                std::size_t tok = 0;
                for (std::size_t pi = 0; pi < elements[e].props.size(); ++pi) {
                    const property& p = elements[e].props[pi];
                    double value = 0;
                    std::size_t values = 1;
                    if (p.count_type != scalar::none) {
                        if (tok >= t.size() || !detail::parse_number(t[tok++], value) || value < 0)
                            throw fail("bad list length in vertex " + std::to_string(i));
                        values = static_cast<std::size_t>(value);
                    }
                    for (std::size_t j = 0; j < values; ++j) {
                        if (tok >= t.size()) throw fail("vertex " + std::to_string(i) + " has too few values");
                        if (!detail::parse_number(t[tok++], value))
                            throw fail("vertex " + std::to_string(i) + ": '" + std::string(t[tok - 1]) +
                                       "' is not a number");
                        for (int k = 0; k < 3; ++k)
                            if (static_cast<int>(pi) == xyz[k]) v[k] = value;
                    }
                }
                out.push_back({static_cast<float>(v[0]), static_cast<float>(v[1]), static_cast<float>(v[2])});
            }
        }
        return out;
    }

    const bool swap = (enc == encoding::little) != host_little();
    std::size_t pos = in.offset();
    auto need = [&](std::size_t n, const element& el, std::uint64_t item) {
        if (n > bytes.size() - pos)
            throw cloud_error(name + ": byte " + std::to_string(pos) + ": the file ends inside element '" + el.name +
                              "' (item " + std::to_string(item) + " of " + std::to_string(el.count) + ")");
    };
    for (std::size_t e = 0; e <= vertex; ++e) {
        const element& el = elements[e];
        for (std::uint64_t i = 0; i < el.count; ++i) {
            double v[3] = {0, 0, 0};
            for (std::size_t pi = 0; pi < el.props.size(); ++pi) {
                const property& p = el.props[pi];
                std::uint64_t values = 1;
                if (p.count_type != scalar::none) {
                    need(detail::scalar_size(p.count_type), el, i);
                    const double c = detail::read_scalar(bytes.data() + pos, p.count_type, swap);
                    if (c < 0)
                        throw cloud_error(name + ": byte " + std::to_string(pos) + ": negative list length");
                    pos += detail::scalar_size(p.count_type);
                    values = static_cast<std::uint64_t>(c);
                }
                const std::size_t size = detail::scalar_size(p.type);
                need(values * size, el, i);
                if (e == vertex && values == 1)
                    for (int k = 0; k < 3; ++k)
                        if (static_cast<int>(pi) == xyz[k])
                            v[k] = detail::read_scalar(bytes.data() + pos, p.type, swap);
                pos += values * size;
            }
            if (e == vertex)
                out.push_back({static_cast<float>(v[0]), static_cast<float>(v[1]), static_cast<float>(v[2])});
        }
    }
    return out;
}

} // namespace vplab::pointcloud
