#include "bucket_engine.h"

#include <cstring>
#include <stdexcept>

namespace vplab::fps {

namespace {

// Larger distance first, then the lowest original index: the tie rule of vanilla FPS.
inline bool farther(float d, std::uint32_t id, float best_d, std::uint32_t best_id) {
    return d > best_d || (d == best_d && id < best_id);
}

inline float coord(const point_record& p, unsigned d) { return d == 0 ? p.x : d == 1 ? p.y : p.z; }

struct accumulator {
    float lo[3], hi[3];
    double sum[3] = {0, 0, 0};
    point_record far;
    float far_dis = -1;
    std::uint32_t count = 0;

    void add(const point_record& p, float d) {
        const float c[3] = {p.x, p.y, p.z};
        for (unsigned k = 0; k < 3; ++k) {
            if (count == 0 || c[k] < lo[k]) lo[k] = c[k];
            if (count == 0 || c[k] > hi[k]) hi[k] = c[k];
            sum[k] += c[k];
        }
        if (count == 0 || farther(d, p.id, far_dis, far.id)) {
            far = p;
            far_dis = d;
        }
        ++count;
    }
};

} // namespace

bucket_engine::bucket_engine(std::vector<point_record>& records, std::vector<float>& distances,
                             const engine_params& p, fps_counters& counters, stream_hooks* hooks)
    : m_rec(records), m_dis(distances), m_p(p), m_c(counters), m_hooks(hooks) {
    if (m_dis.size() != m_rec.size()) throw std::invalid_argument("bucket_engine: one distance per record needed");
}

void bucket_engine::use_buckets(const std::vector<bucket_range>& buckets) {
    m_buckets.clear();
    std::uint64_t covered = 0;
    for (const bucket_range& r : buckets) {
        if (r.count == 0 || r.first > m_rec.size() || r.count > m_rec.size() - r.first)
            throw std::invalid_argument("bucket_engine: bucket outside the records");
        bucket b;
        b.first = r.first;
        b.count = r.count;
        b.can_split = false;  // prebuilt trees are final
        m_buckets.push_back(std::move(b));
        covered += r.count;
    }
    if (covered != m_rec.size()) throw std::invalid_argument("bucket_engine: buckets do not cover every point once");
}

void bucket_engine::use_root() {
    m_buckets.clear();
    bucket b;
    b.first = 0;
    b.count = static_cast<std::uint32_t>(m_rec.size());
    m_buckets.push_back(std::move(b));
}

void bucket_engine::rescan(bucket& b) const {
    accumulator a;
    for (std::uint32_t i = b.first; i < b.first + b.count; ++i) a.add(m_rec[i], m_dis[i]);
    for (unsigned k = 0; k < 3; ++k) {
        b.lo[k] = a.lo[k];
        b.hi[k] = a.hi[k];
        b.sum[k] = a.sum[k];
    }
    b.far = a.far;
    b.far_dis = a.far_dis;
}

void bucket_engine::init_pass(bucket& b, const point_record& s) {
    if (m_hooks) m_hooks->load(b.first, b.count, true);
    for (std::uint32_t i = b.first; i < b.first + b.count; ++i) m_dis[i] = dist2(m_rec[i], s);
    rescan(b);  // the same stream also gives the box, the sums and the far point
    m_c.sampling_reads += b.count;
    m_c.sampling_writes += b.count;
    m_c.distance_ops += b.count;
    if (m_hooks) m_hooks->streamed({b.first, b.count, 1, true, false, 0});
}

float bucket_engine::box_dist2(const bucket& b, const point_record& s) {
    // Same operation order as dist2, so that dist2(p, s) >= box_dist2 holds in floating point for p in the box.
    const float c[3] = {s.x, s.y, s.z};
    float g[3];
    for (unsigned k = 0; k < 3; ++k) {
        const float below = b.lo[k] - c[k], above = c[k] - b.hi[k];
        g[k] = below > 0 ? below : above > 0 ? above : 0.0f;
    }
    return (g[0] * g[0] + g[1] * g[1]) + g[2] * g[2];
}

bool bucket_engine::may_split(const bucket& b) const {
    return m_p.split && b.can_split && b.depth < m_p.height && b.count > m_p.min_bucket && b.count >= 2 &&
           m_buckets.size() < m_p.capacity;
}

void bucket_engine::update(bucket& b, const point_record& s) {
    const std::uint32_t end = b.first + b.count;
    point_record* rec = m_rec.data();
    float* dis = m_dis.data();
    // Deferred references first, one streaming loop each (the minimum does not depend on the order), then the
    // sample together with the search for the new far point.
    for (const point_record& r : b.merge)
        for (std::uint32_t i = b.first; i < end; ++i) {
            const float d = dist2(rec[i], r);
            dis[i] = d < dis[i] ? d : dis[i];
        }
    // As in vanilla_fps: non-negative distances order like their bit patterns, so the maximum vectorises with the
    // update; a second scan picks the lowest original index among the points holding it.
    std::int32_t top = -1;
    for (std::uint32_t i = b.first; i < end; ++i) {
        const float d = dist2(rec[i], s);
        const float m = d < dis[i] ? d : dis[i];
        dis[i] = m;
        std::int32_t bits;
        std::memcpy(&bits, &m, sizeof bits);
        top = bits > top ? bits : top;
    }
    std::uint32_t far_i = end;
    for (std::uint32_t i = b.first; i < end; ++i) {
        std::int32_t bits;
        std::memcpy(&bits, &dis[i], sizeof bits);
        if (bits == top && (far_i == end || rec[i].id < rec[far_i].id)) far_i = i;
    }
    float far_dis;
    std::memcpy(&far_dis, &top, sizeof far_dis);
    b.far = rec[far_i];
    b.far_dis = far_dis;
}

bool bucket_engine::partition(bucket& b, bucket& right) {
    unsigned dim = 0;
    for (unsigned k = 1; k < 3; ++k)
        if (b.hi[k] - b.lo[k] > b.hi[dim] - b.lo[dim]) dim = k;
    // The mean comes from the sums gathered by the previous stream over b: no extra pass.
    const float val = static_cast<float>(b.sum[dim] / b.count);
    if (m_tmp_rec.size() < m_rec.size()) {
        m_tmp_rec.resize(m_rec.size());
        m_tmp_dis.resize(m_rec.size());
    }
    // Streaming partition: the left child grows up from `first`, the right child down from the end.
    accumulator la, ra;
    std::uint32_t l = b.first, r = b.first + b.count;
    for (std::uint32_t i = b.first; i < b.first + b.count; ++i) {
        const point_record& p = m_rec[i];
        if (coord(p, dim) < val) {
            m_tmp_rec[l] = p;
            m_tmp_dis[l++] = m_dis[i];
            la.add(p, m_dis[i]);
        } else {
            m_tmp_rec[--r] = p;
            m_tmp_dis[r] = m_dis[i];
            ra.add(p, m_dis[i]);
        }
    }
    if (la.count == 0 || ra.count == 0) return false;  // nothing to gain: keep b whole, stop splitting it
    for (std::uint32_t i = b.first; i < b.first + b.count; ++i) {
        m_rec[i] = m_tmp_rec[i];
        m_dis[i] = m_tmp_dis[i];
    }
    auto fill = [](bucket& c, const accumulator& a, std::uint32_t first, unsigned depth) {
        c.first = first;
        c.count = a.count;
        for (unsigned k = 0; k < 3; ++k) {
            c.lo[k] = a.lo[k];
            c.hi[k] = a.hi[k];
            c.sum[k] = a.sum[k];
        }
        c.far = a.far;
        c.far_dis = a.far_dis;
        c.depth = depth;
        c.can_split = true;
        c.merge.clear();
    };
    const unsigned depth = b.depth + 1;
    const std::uint32_t first = b.first;
    fill(right, ra, l, depth);
    fill(b, la, first, depth);
    return true;
}

bool bucket_engine::issue(bucket& b, const point_record& s, bucket& right) {
    if (m_hooks) m_hooks->load(b.first, b.count, false);
    const std::size_t refs = b.merge.size() + 1;
    const std::uint32_t first = b.first, count = b.count;
    const bool want_split = may_split(b);
    update(b, s);
    b.merge.clear();
    m_c.sampling_reads += count;
    m_c.sampling_writes += count;
    m_c.distance_ops += static_cast<std::uint64_t>(count) * refs;
    ++m_c.issues;
    bool split = false;
    if (want_split) {
        split = partition(b, right);
        if (split) {
            ++m_c.splits;
            m_c.build_writes += count;  // records move to their child's place; the distances move anyway
        } else {
            b.can_split = false;
        }
    }
    if (m_hooks) m_hooks->streamed({first, count, refs, false, split, split ? right.first : 0});
    return split;
}

std::vector<std::uint32_t> bucket_engine::run(std::size_t k, const point_record& start) {
    if (m_buckets.empty()) throw std::logic_error("bucket_engine: no buckets (call use_root or use_buckets)");
    std::vector<std::uint32_t> out;
    out.reserve(k);
    out.push_back(start.id);
    if (k < 2) {
        m_c.buckets = m_buckets.size();
        return out;
    }
    for (bucket& b : m_buckets) init_pass(b, start);
    std::size_t best = 0;
    for (std::size_t i = 1; i < m_buckets.size(); ++i)
        if (farther(m_buckets[i].far_dis, m_buckets[i].far.id, m_buckets[best].far_dis, m_buckets[best].far.id))
            best = i;
    for (std::size_t it = 1; it < k; ++it) {
        const point_record s = m_buckets[best].far;
        out.push_back(s.id);
        if (it + 1 == k) break;  // the last sample's distances would never be used
        if (m_hooks) m_hooks->deciding(m_buckets.size());
        std::size_t count = m_buckets.size();
        for (std::size_t i = 0; i < count; ++i) {
            bucket& b = m_buckets[i];
            const float box = box_dist2(b, s);
            // The far point lies in the box, so a box beyond far_dis also rules out an ISSUE: the common case.
            if (box > b.far_dis) {
                ++m_c.skips;  // no point of b can get closer to s than its distance already is
                continue;
            }
            bool go = dist2(b.far, s) <= b.far_dis;  // the far point itself moves closer: its maximum changes
            if (!go) {
                if (box >= b.far_dis) {
                    ++m_c.skips;
                    continue;
                }
                if (m_p.merge_depth && b.merge.size() >= m_p.merge_depth) {
                    ++m_c.forced_issues;
                    go = true;
                } else {
                    ++m_c.defers;  // some points may get closer, none beyond the far point: b's maximum stays exact
                    b.merge.push_back(s);
                    continue;
                }
            }
            bucket right;
            if (issue(b, s, right)) {
                // The right child goes next to its sibling: the table stays in tree (spatial) order, which keeps
                // the decisions' branches predictable. It has seen s already, so the loop steps over it.
                m_buckets.insert(m_buckets.begin() + static_cast<std::ptrdiff_t>(i) + 1, std::move(right));
                ++i;
                ++count;
            }
        }
        best = 0;
        for (std::size_t i = 1; i < m_buckets.size(); ++i)
            if (farther(m_buckets[i].far_dis, m_buckets[i].far.id, m_buckets[best].far_dis, m_buckets[best].far.id))
                best = i;
    }
    m_c.buckets = m_buckets.size();
    return out;
}

} // namespace vplab::fps
