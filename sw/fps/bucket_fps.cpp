#include "bucket_fps.h"

#include "kd_build.h"

#include <limits>

namespace vplab::fps {

std::vector<std::uint32_t> quick_fps(const std::vector<point3>& points, std::size_t k, std::size_t start,
                                     const bucket_params& p, fps_counters* counters) {
    check_input(points, k, start);
    fps_counters local;
    fps_counters& c = counters ? *counters : local;
    kd_tree tree = build_kd_tree(to_records(points), p.height, &c);
    std::vector<float> dis(tree.records.size(), std::numeric_limits<float>::infinity());
    engine_params e;
    e.merge_depth = p.merge_depth;
    bucket_engine engine(tree.records, dis, e, c);
    engine.use_buckets(tree.buckets);
    const point3& s = points[start];
    return engine.run(k, {s.x, s.y, s.z, static_cast<std::uint32_t>(start)});
}

std::vector<std::uint32_t> fuse_fps(const std::vector<point3>& points, std::size_t k, std::size_t start,
                                    const bucket_params& p, fps_counters* counters) {
    check_input(points, k, start);
    fps_counters local;
    fps_counters& c = counters ? *counters : local;
    std::vector<point_record> records = to_records(points);
    std::vector<float> dis(records.size(), std::numeric_limits<float>::infinity());
    engine_params e;
    e.height = p.height;
    e.min_bucket = p.min_bucket;
    e.merge_depth = p.merge_depth;
    e.capacity = p.capacity;
    e.split = true;
    bucket_engine engine(records, dis, e, c);
    engine.use_root();
    return engine.run(k, records[start]);
}

} // namespace vplab::fps
