#pragma once
// QuickFPS's separate KD-tree construction, as in the authors' released code (reference/fusefps.md 2.2): split on the
// widest extent at the arithmetic mean, never create an empty child, stop at height H or at one point. The leaves
// are the buckets, each a contiguous range of the reordered records.

#include "fps_types.h"

namespace vplab::fps {

struct bucket_range {
    std::uint32_t first = 0;
    std::uint32_t count = 0;
};

struct kd_tree {
    std::vector<point_record> records;  // reordered: each bucket is a contiguous range
    std::vector<bucket_range> buckets;  // in tree order (left before right)
};

// Counts, in `counters`, the record traffic of the reference code: one bounding-box pass over all points, then per
// internal node one mean pass, one partition pass (read and write) and one pass for the children's boxes.
kd_tree build_kd_tree(std::vector<point_record> records, unsigned height, fps_counters* counters = nullptr);

// Point operations of that build (reads + writes), what the host is charged for when it builds the tree.
std::uint64_t build_point_ops(const fps_counters& c);

} // namespace vplab::fps
