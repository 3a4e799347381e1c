#include "fps_types.h"

#include <cmath>
#include <stdexcept>

namespace vplab::fps {

void check_input(const std::vector<point3>& points, std::size_t k, std::size_t start) {
    if (points.empty()) throw std::invalid_argument("farthest point sampling: the cloud has no points");
    if (k == 0) throw std::invalid_argument("farthest point sampling: zero samples requested");
    if (k > points.size())
        throw std::invalid_argument("farthest point sampling: " + std::to_string(k) + " samples requested from " +
                                    std::to_string(points.size()) + " points");
    if (start >= points.size())
        throw std::invalid_argument("farthest point sampling: start index " + std::to_string(start) +
                                    " outside the cloud of " + std::to_string(points.size()) + " points");
    if (points.size() > 0xffffffffull)
        throw std::invalid_argument("farthest point sampling: more than 2^32-1 points");
    for (std::size_t i = 0; i < points.size(); ++i) {
        const point3& p = points[i];
        if (!std::isfinite(p.x) || !std::isfinite(p.y) || !std::isfinite(p.z))
            throw std::invalid_argument("farthest point sampling: point " + std::to_string(i) +
                                        " has a non-finite coordinate");
    }
}

std::vector<point_record> to_records(const std::vector<point3>& points) {
    std::vector<point_record> r(points.size());
    for (std::size_t i = 0; i < points.size(); ++i)
        r[i] = {points[i].x, points[i].y, points[i].z, static_cast<std::uint32_t>(i)};
    return r;
}

} // namespace vplab::fps
