#include "vanilla_fps.h"

#include <cstring>
#include <limits>

namespace vplab::fps {

std::vector<std::uint32_t> vanilla_fps(const std::vector<point3>& points, std::size_t k, std::size_t start,
                                       fps_counters* counters) {
    check_input(points, k, start);
    const std::size_t n = points.size();
    // Structure of arrays: the inner loop is the whole cost, and it streams best this way.
    std::vector<float> xs(n), ys(n), zs(n), dis(n, std::numeric_limits<float>::infinity());
    for (std::size_t i = 0; i < n; ++i) {
        xs[i] = points[i].x;
        ys[i] = points[i].y;
        zs[i] = points[i].z;
    }
    std::vector<std::uint32_t> out;
    out.reserve(k);
    std::size_t s = start;
    out.push_back(static_cast<std::uint32_t>(s));
    const float* px = xs.data();
    const float* py = ys.data();
    const float* pz = zs.data();
    float* pd = dis.data();
    for (std::size_t it = 1; it < k; ++it) {
        const float sx = px[s], sy = py[s], sz = pz[s];
        // Distances are never negative, so their bit patterns order like the values: an integer maximum, which
        // vectorises together with the update. A second scan finds the lowest index holding it (the tie rule).
        std::int32_t top = -1;
        for (std::size_t i = 0; i < n; ++i) {
            const float d = dist2(px[i], py[i], pz[i], sx, sy, sz);
            const float m = d < pd[i] ? d : pd[i];
            pd[i] = m;
            std::int32_t bits;
            std::memcpy(&bits, &m, sizeof bits);
            top = bits > top ? bits : top;
        }
        std::size_t best_i = 0;
        for (std::size_t i = 0; i < n; ++i) {
            std::int32_t bits;
            std::memcpy(&bits, &pd[i], sizeof bits);
            if (bits == top) {
                best_i = i;
                break;
            }
        }
        s = best_i;
        out.push_back(static_cast<std::uint32_t>(s));
    }
    if (counters) {
        counters->sampling_reads += static_cast<std::uint64_t>(n) * (k - 1);
        counters->sampling_writes += static_cast<std::uint64_t>(n) * (k - 1);
        counters->distance_ops += static_cast<std::uint64_t>(n) * (k - 1);
        counters->issues += k >= 2 ? k - 2 : 0;  // streams after the first one, as the bucket variants count
        counters->buckets = 1;
    }
    return out;
}

} // namespace vplab::fps
