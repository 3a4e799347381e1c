#pragma once
// Line-by-line reading of a file's bytes with line numbers and byte offsets, and number parsing, shared by the
// text readers and the text headers of binary formats.

#include <charconv>
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace vplab::pointcloud::detail {

class text_cursor {
public:
    explicit text_cursor(const std::string& bytes) : m_bytes(bytes) {}

    // The next line without its end of line ("\n" or "\r\n"); false at the end of the bytes.
    bool next(std::string_view& line) {
        if (m_pos >= m_bytes.size()) return false;
        const std::size_t end = m_bytes.find('\n', m_pos);
        const std::size_t stop = end == std::string::npos ? m_bytes.size() : end;
        line = std::string_view(m_bytes).substr(m_pos, stop - m_pos);
        if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
        m_pos = end == std::string::npos ? m_bytes.size() : end + 1;
        ++m_line;
        return true;
    }
    int line() const { return m_line; }         // number of the line last returned (1-based)
    std::size_t offset() const { return m_pos; }  // byte offset just after the line last returned

private:
    const std::string& m_bytes;
    std::size_t m_pos = 0;
    int m_line = 0;
};

// Splits on spaces, tabs, commas and semicolons.
inline std::vector<std::string_view> tokens(std::string_view line) {
    std::vector<std::string_view> out;
    std::size_t i = 0;
    auto sep = [](char c) { return c == ' ' || c == '\t' || c == ',' || c == ';'; };
    while (i < line.size()) {
        while (i < line.size() && sep(line[i])) ++i;
        const std::size_t start = i;
        while (i < line.size() && !sep(line[i])) ++i;
        if (i > start) out.push_back(line.substr(start, i - start));
    }
    return out;
}

inline bool parse_number(std::string_view t, double& v) {
    if (!t.empty() && t.front() == '+') t.remove_prefix(1);
    const auto r = std::from_chars(t.data(), t.data() + t.size(), v);
    return r.ec == std::errc() && r.ptr == t.data() + t.size();
}

} // namespace vplab::pointcloud::detail
