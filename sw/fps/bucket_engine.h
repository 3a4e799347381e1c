#pragma once
// Bucket-based FPS sampling (reference/fusefps.md 2.3), exact: per iteration the bucket holding the largest far point
// gives the sample, then every bucket decides ISSUE (stream it with its merge list and the sample), DEFER (queue the
// sample in its merge list) or SKIP (the sample cannot lower any of its distances). With splitting enabled a bucket
// streamed for an ISSUE is also partitioned at the mean of its widest extent (FuseFPS, our reconstruction of 3.2).
//
// The engine works on caller-owned arrays (records and distances by position). Hooks let a hardware model move
// each bucket's data through its memory before and after the engine streams it, and charge the time.

#include "fps_types.h"
#include "kd_build.h"

#include <limits>

namespace vplab::fps {

struct engine_params {
    unsigned height = 7;         // FuseFPS: deepest bucket level reached by splits
    unsigned min_bucket = 32;    // FuseFPS: a bucket of this many points or fewer is not split
    unsigned merge_depth = 0;    // deferred references a bucket holds; 0 = unbounded. A DEFER into a full list
                                 // becomes an ISSUE.
    std::size_t capacity = std::numeric_limits<std::size_t>::max();  // bucket table entries (splits stop when full)
    bool split = false;          // FuseFPS: split buckets while they are streamed
};

// What one streamed bucket cost, for a model's timing.
struct stream_event {
    std::uint32_t first = 0, count = 0;  // positions [first, first+count)
    std::size_t refs = 0;                // references applied to each point (merge list + sample; 1 in the init pass)
    bool init = false;                   // the initial pass (distance to the start point)
    bool split = false;                  // the bucket was partitioned into [first, mid) and [mid, first+count)
    std::uint32_t mid = 0;
};

class stream_hooks {
public:
    virtual ~stream_hooks() = default;
    // Before the engine reads positions [first, first+count) of the records and distances.
    virtual void load(std::uint32_t first, std::uint32_t count, bool init) = 0;
    // After it has updated them (and partitioned them when e.split).
    virtual void streamed(const stream_event& e) = 0;
    // Once per iteration, before the decisions: how many buckets are decided.
    virtual void deciding(std::size_t buckets) = 0;
};

class bucket_engine {
public:
    // `records` and `distances` have one entry per point and must outlive the engine.
    bucket_engine(std::vector<point_record>& records, std::vector<float>& distances, const engine_params& p,
                  fps_counters& counters, stream_hooks* hooks = nullptr);

    // Starts from prebuilt buckets (QuickFPS) or one root bucket over all points (FuseFPS, vanilla).
    void use_buckets(const std::vector<bucket_range>& buckets);
    void use_root();

    // Returns K original indices; `start` is the start point's record (the first sample).
    std::vector<std::uint32_t> run(std::size_t k, const point_record& start);

    std::size_t bucket_count() const { return m_buckets.size(); }

private:
    struct bucket {
        std::uint32_t first = 0, count = 0;
        float lo[3] = {0, 0, 0}, hi[3] = {0, 0, 0};
        double sum[3] = {0, 0, 0};
        point_record far;
        float far_dis = -1;
        unsigned depth = 0;
        bool can_split = true;  // false once a partition found one side empty (all points on one side)
        std::vector<point_record> merge;
    };

    void init_pass(bucket& b, const point_record& s);
    // Applies the merge list and `s` to b; partitions it when allowed. Returns the right child, if any.
    bool issue(bucket& b, const point_record& s, bucket& right);
    bool may_split(const bucket& b) const;
    void update(bucket& b, const point_record& s);
    bool partition(bucket& b, bucket& right);
    static float box_dist2(const bucket& b, const point_record& s);
    void rescan(bucket& b) const;  // bbox, sum and far point of b from the arrays

    std::vector<point_record>& m_rec;
    std::vector<float>& m_dis;
    engine_params m_p;
    fps_counters& m_c;
    stream_hooks* m_hooks;
    std::vector<bucket> m_buckets;
    std::vector<point_record> m_tmp_rec;
    std::vector<float> m_tmp_dis;
};

} // namespace vplab::fps
