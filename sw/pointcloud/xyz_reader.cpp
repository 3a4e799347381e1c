// XYZ / CSV text: one point per line, x y z first (separated by spaces, tabs, commas or semicolons), further
// columns ignored; '#' starts a comment; one header line of names is allowed at the top.
#include "cloud_io.h"
#include "text_cursor.h"

namespace vplab::pointcloud {

std::vector<point3> read_xyz(const std::string& bytes, const std::string& name) {
    detail::text_cursor in(bytes);
    std::vector<point3> out;
    std::string_view line;
    bool first_content = true;
    while (in.next(line)) {
        const auto hash = line.find('#');
        if (hash != std::string_view::npos) line = line.substr(0, hash);
        const auto t = detail::tokens(line);
        if (t.empty()) continue;
        double v[3];
        bool ok = t.size() >= 3;
        for (std::size_t k = 0; ok && k < 3; ++k) ok = detail::parse_number(t[k], v[k]);
        if (!ok) {
            if (first_content && !detail::parse_number(t[0], v[0])) {  // a header such as "x,y,z"
                first_content = false;
                continue;
            }
            throw cloud_error(name + ":" + std::to_string(in.line()) + ": expected three numbers x y z, got '" +
                              std::string(line) + "'");
        }
        first_content = false;
        out.push_back({static_cast<float>(v[0]), static_cast<float>(v[1]), static_cast<float>(v[2])});
    }
    return out;
}

} // namespace vplab::pointcloud
