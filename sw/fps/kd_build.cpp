#include "kd_build.h"

#include <utility>

namespace vplab::fps {

namespace {

struct box {
    float lo[3], hi[3];
};

float coord(const point_record& p, unsigned d) { return d == 0 ? p.x : d == 1 ? p.y : p.z; }

box bounds(const std::vector<point_record>& r, std::uint32_t l, std::uint32_t e) {
    box b{{r[l].x, r[l].y, r[l].z}, {r[l].x, r[l].y, r[l].z}};
    for (std::uint32_t i = l + 1; i < e; ++i)
        for (unsigned d = 0; d < 3; ++d) {
            const float v = coord(r[i], d);
            if (v < b.lo[d]) b.lo[d] = v;
            if (v > b.hi[d]) b.hi[d] = v;
        }
    return b;
}

class builder {
public:
    builder(kd_tree& t, unsigned height, fps_counters& c) : m_tree(t), m_height(height), m_c(c) {}

    void divide(std::uint32_t l, std::uint32_t r, const box& b, unsigned depth) {
        if (depth == m_height || r - l == 1) {
            m_tree.buckets.push_back({l, r - l});
            return;
        }
        auto& p = m_tree.records;
        unsigned dim = 0;
        for (unsigned d = 1; d < 3; ++d)
            if (b.hi[d] - b.lo[d] > b.hi[dim] - b.lo[dim]) dim = d;
        double sum = 0;
        for (std::uint32_t i = l; i < r; ++i) sum += coord(p[i], dim);
        const float val = static_cast<float>(sum / (r - l));
        // Two-pointer partition: below the mean to the left, the rest to the right.
        std::uint32_t i = l, j = r;
        while (i < j) {
            if (coord(p[i], dim) < val) ++i;
            else std::swap(p[i], p[--j]);
        }
        std::uint32_t m = i;
        if (m == l) m = l + 1;
        if (m == r) m = r - 1;
        const std::uint64_t n = r - l;
        m_c.build_reads += 3 * n;  // mean, partition, children's boxes
        m_c.build_writes += n;
        divide(l, m, bounds(p, l, m), depth + 1);
        divide(m, r, bounds(p, m, r), depth + 1);
    }

private:
    kd_tree& m_tree;
    unsigned m_height;
    fps_counters& m_c;
};

} // namespace

kd_tree build_kd_tree(std::vector<point_record> records, unsigned height, fps_counters* counters) {
    kd_tree t;
    t.records = std::move(records);
    if (t.records.empty()) return t;
    fps_counters local;
    fps_counters& c = counters ? *counters : local;
    const auto n = static_cast<std::uint32_t>(t.records.size());
    c.build_reads += n;  // the root's bounding box
    builder(t, height, c).divide(0, n, bounds(t.records, 0, n), 0);
    return t;
}

std::uint64_t build_point_ops(const fps_counters& c) { return c.build_reads + c.build_writes; }

} // namespace vplab::fps
