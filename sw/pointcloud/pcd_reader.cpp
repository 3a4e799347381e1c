// PCD (Point Cloud Library) v0.7: FIELDS with x, y, z; DATA ascii or binary (little-endian, packed records).
// binary_compressed is reported as unsupported.
#include "binary_field.h"
#include "cloud_io.h"
#include "text_cursor.h"

#include <cmath>

namespace vplab::pointcloud {

namespace {

using detail::scalar;

scalar pcd_type(char type, double size) {
    const int s = static_cast<int>(size);
    if (type == 'F') return s == 4 ? scalar::f32 : s == 8 ? scalar::f64 : scalar::none;
    if (type == 'I') return s == 1 ? scalar::i8 : s == 2 ? scalar::i16 : s == 4 ? scalar::i32 : scalar::none;
    if (type == 'U') return s == 1 ? scalar::u8 : s == 2 ? scalar::u16 : s == 4 ? scalar::u32 : scalar::none;
    return scalar::none;
}

} // namespace

std::vector<point3> read_pcd(const std::string& bytes, const std::string& name) {
    detail::text_cursor in(bytes);
    std::string_view line;
    auto fail = [&](const std::string& what) -> cloud_error {
        return cloud_error(name + ":" + std::to_string(in.line()) + ": " + what);
    };
    std::vector<std::string> fields;
    std::vector<double> sizes, counts;
    std::vector<char> types;
    double points = -1, width = -1, height = 1;
    std::string data;
    while (data.empty()) {
        if (!in.next(line)) throw fail("the header has no DATA line");
        const auto t = detail::tokens(line);
        if (t.empty() || t[0].front() == '#') continue;
        auto numbers = [&](std::vector<double>& out) {
            for (std::size_t i = 1; i < t.size(); ++i) {
                double v = 0;
                if (!detail::parse_number(t[i], v)) throw fail("'" + std::string(t[i]) + "' is not a number");
                out.push_back(v);
            }
        };
        auto one = [&](double& v) {
            if (t.size() != 2 || !detail::parse_number(t[1], v) || v < 0)
                throw fail("expected '" + std::string(t[0]) + " <count>'");
        };
        if (t[0] == "VERSION" || t[0] == "VIEWPOINT") continue;
        if (t[0] == "FIELDS") {
            for (std::size_t i = 1; i < t.size(); ++i) fields.emplace_back(t[i]);
        } else if (t[0] == "SIZE") {
            numbers(sizes);
        } else if (t[0] == "TYPE") {
            for (std::size_t i = 1; i < t.size(); ++i) {
                if (t[i].size() != 1) throw fail("TYPE entries are F, I or U");
                types.push_back(t[i][0]);
            }
        } else if (t[0] == "COUNT") {
            numbers(counts);
            for (double c : counts)
                if (c < 1 || c != std::floor(c)) throw fail("COUNT entries must be whole numbers of at least 1");
        } else if (t[0] == "WIDTH") {
            one(width);
        } else if (t[0] == "HEIGHT") {
            one(height);
        } else if (t[0] == "POINTS") {
            one(points);
        } else if (t[0] == "DATA") {
            if (t.size() != 2) throw fail("expected 'DATA ascii' or 'DATA binary'");
            data = std::string(t[1]);
            if (data != "ascii" && data != "binary")
                throw fail("DATA " + data + " is not supported (ascii and binary are)");
        } else {
            throw fail("unexpected header line '" + std::string(line) + "'");
        }
    }
    if (counts.empty()) counts.assign(fields.size(), 1);
    if (fields.empty() || sizes.size() != fields.size() || types.size() != fields.size() ||
        counts.size() != fields.size())
        throw fail("FIELDS, SIZE, TYPE and COUNT must list the same number of entries");
    if (points < 0) points = width * height;
    int xyz[3] = {-1, -1, -1};
    for (std::size_t i = 0; i < fields.size(); ++i)
        for (int k = 0; k < 3; ++k)
            if (fields[i] == std::string(1, static_cast<char>('x' + k))) xyz[k] = static_cast<int>(i);
    if (xyz[0] < 0 || xyz[1] < 0 || xyz[2] < 0) throw cloud_error(name + ": FIELDS has no x, y or z");
    std::vector<scalar> st(fields.size());
    std::vector<std::size_t> offset(fields.size());
    std::size_t record = 0;
    for (std::size_t i = 0; i < fields.size(); ++i) {
        st[i] = pcd_type(types[i], sizes[i]);
        if (st[i] == scalar::none) throw cloud_error(name + ": field '" + fields[i] + "' has an unsupported TYPE/SIZE");
        offset[i] = record;
        record += static_cast<std::size_t>(sizes[i] * counts[i]);
    }
    const auto n = static_cast<std::size_t>(points);
    std::vector<point3> out;
    out.reserve(n);
    if (data == "ascii") {
        std::size_t columns = 0, column_of[3] = {0, 0, 0};
        for (std::size_t i = 0; i < fields.size(); ++i) {
            for (int k = 0; k < 3; ++k)
                if (static_cast<int>(i) == xyz[k]) column_of[k] = columns;
            columns += static_cast<std::size_t>(counts[i]);
        }
        while (out.size() < n) {
            if (!in.next(line))
                throw cloud_error(name + ":" + std::to_string(in.line() + 1) + ": the file ends after " +
                                  std::to_string(out.size()) + " of " + std::to_string(n) + " points");
            const auto t = detail::tokens(line);
            if (t.empty()) continue;
            if (t.size() < columns) throw fail("expected " + std::to_string(columns) + " values");
            double v[3];
            for (int k = 0; k < 3; ++k)
                if (!detail::parse_number(t[column_of[k]], v[k]))
                    throw fail("'" + std::string(t[column_of[k]]) + "' is not a number");
            out.push_back({static_cast<float>(v[0]), static_cast<float>(v[1]), static_cast<float>(v[2])});
        }
        return out;
    }
    const std::size_t start = in.offset();
    if (n != 0 && (bytes.size() < start || (bytes.size() - start) / record < n))
        throw cloud_error(name + ": byte " + std::to_string(start + ((bytes.size() - start) / record) * record) +
                          ": the binary data ends after " + std::to_string((bytes.size() - start) / record) + " of " +
                          std::to_string(n) + " points");
    for (std::size_t i = 0; i < n; ++i) {
        const char* p = bytes.data() + start + i * record;
        double v[3];
        for (int k = 0; k < 3; ++k) v[k] = detail::read_scalar(p + offset[xyz[k]], st[xyz[k]], false);
        out.push_back({static_cast<float>(v[0]), static_cast<float>(v[1]), static_cast<float>(v[2])});
    }
    return out;
}

} // namespace vplab::pointcloud
