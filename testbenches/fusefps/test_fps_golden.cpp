// Golden FPS: QuickFPS and FuseFPS return exactly vanilla's sequence on every kind of cloud, and bad input is
// refused with a clear message.
#include <catch2/catch.hpp>
#include <fps/bucket_fps.h>
#include <fps/kd_build.h>
#include <fps/vanilla_fps.h>
#include <pointcloud/generators.h>

#include <limits>

using namespace vplab;
using fps::point3;

namespace {

void check_all_variants(const std::vector<point3>& pts, std::size_t k, std::size_t start, const fps::bucket_params& p) {
    const auto golden = fps::vanilla_fps(pts, k, start);
    REQUIRE(golden.size() == k);
    CHECK(golden[0] == start);
    fps::fps_counters qc, fc;
    CHECK(fps::quick_fps(pts, k, start, p, &qc) == golden);
    CHECK(fps::fuse_fps(pts, k, start, p, &fc) == golden);
    CHECK(qc.issues + 2 >= k);
    CHECK(fc.issues + 2 >= k);
    fps::fps_counters vc;
    fps::vanilla_fps(pts, k, start, &vc);
    CHECK(qc.sampling_reads <= vc.sampling_reads + pts.size());
}

} // namespace

TEST_CASE("fusefps: one sample still reports the buckets the engine held") {
    const auto pts = pointcloud::generate("uniform", 500, 1);
    fps::bucket_params p;
    p.height = 3;
    fps::fps_counters qc, fc, vc;
    CHECK(fps::quick_fps(pts, 1, 0, p, &qc).size() == 1);
    CHECK(fps::fuse_fps(pts, 1, 0, p, &fc).size() == 1);
    fps::vanilla_fps(pts, 1, 0, &vc);
    CHECK(qc.buckets == 8);  // the host's tree of height 3
    CHECK(fc.buckets == 1);  // the root, not split before a second sample
    CHECK(vc.buckets == 1);
}

TEST_CASE("fusefps: bucket variants equal vanilla on seeded clouds of every generator") {
    for (const std::string& kind : pointcloud::generator_names())
        for (std::uint64_t seed = 1; seed <= 4; ++seed) {
            INFO(kind << " seed " << seed);
            const auto pts = pointcloud::generate(kind, 700 + 300 * seed, seed);
            fps::bucket_params p;
            p.height = static_cast<unsigned>(2 + seed);
            p.min_bucket = static_cast<unsigned>(4 * seed);
            check_all_variants(pts, 100, static_cast<std::size_t>(seed * 37 % pts.size()), p);
        }
}

TEST_CASE("fusefps: bucket variants equal vanilla with bounded merge lists and a small bucket table") {
    const auto pts = pointcloud::gaussian_clusters(3000, 9);
    for (unsigned depth : {1u, 2u, 4u, 0u}) {
        fps::bucket_params p;
        p.height = 6;
        p.min_bucket = 8;
        p.merge_depth = depth;
        p.capacity = 20;
        INFO("merge depth " << depth);
        check_all_variants(pts, 300, 0, p);
        fps::fps_counters c;
        fps::fuse_fps(pts, 300, 0, p, &c);
        CHECK(c.buckets <= 20);
    }
    fps::bucket_params p;
    p.merge_depth = 1;
    fps::fps_counters c;
    fps::quick_fps(pointcloud::uniform_cube(2000, 3), 400, 0, p, &c);
    CHECK(c.forced_issues > 0);
}

TEST_CASE("fusefps: degenerate clouds - duplicates, all equal, collinear, planar") {
    std::vector<point3> dup = pointcloud::uniform_cube(300, 5);
    for (std::size_t i = 0; i < 300; ++i) dup.push_back(dup[(i * 7) % 300]);
    std::vector<point3> equal(257, point3{0.5f, -2.0f, 3.0f});
    std::vector<point3> line, plane, grid;
    for (int i = 0; i < 500; ++i) line.push_back({static_cast<float>(i % 97) * 0.25f, 1.0f, 1.0f});
    for (int i = 0; i < 600; ++i) plane.push_back({static_cast<float>(i % 23), static_cast<float>(i / 23), 0.0f});
    for (int i = 0; i < 512; ++i) grid.push_back({float(i & 7), float((i >> 3) & 7), float(i >> 6)});
    fps::bucket_params p;
    p.height = 5;
    p.min_bucket = 2;
    for (const auto* cloud : {&dup, &equal, &line, &plane, &grid}) {
        check_all_variants(*cloud, cloud->size(), 3, p);  // K = N: samples repeat once distances reach zero
        check_all_variants(*cloud, 1, 0, p);
        check_all_variants(*cloud, 64, cloud->size() - 1, p);
    }
    CHECK(fps::vanilla_fps(equal, 3, 5) == std::vector<std::uint32_t>{5, 0, 0});
}

TEST_CASE("fusefps: tiny clouds and heights beyond the point count") {
    for (std::size_t n = 1; n <= 9; ++n) {
        const auto pts = pointcloud::uniform_cube(n, n);
        fps::bucket_params p;
        p.height = 9;
        p.min_bucket = 0;
        check_all_variants(pts, n, n - 1, p);
    }
}

TEST_CASE("fusefps: bad input is refused with a clear message") {
    const auto pts = pointcloud::uniform_cube(10, 1);
    using Catch::Matchers::Contains;
    CHECK_THROWS_WITH(fps::vanilla_fps({}, 1, 0), Contains("no points"));
    CHECK_THROWS_WITH(fps::quick_fps(pts, 11, 0), Contains("11 samples requested from 10 points"));
    CHECK_THROWS_WITH(fps::fuse_fps(pts, 0, 0), Contains("zero samples"));
    CHECK_THROWS_WITH(fps::vanilla_fps(pts, 2, 10), Contains("start index 10"));
    auto bad = pts;
    bad[4].y = std::numeric_limits<float>::quiet_NaN();
    CHECK_THROWS_WITH(fps::fuse_fps(bad, 2, 0), Contains("point 4 has a non-finite coordinate"));
    bad[4].y = std::numeric_limits<float>::infinity();
    CHECK_THROWS_WITH(fps::quick_fps(bad, 2, 0), Contains("point 4"));
}

TEST_CASE("fusefps: KD build - 2^H buckets, no empty child, reference-code traffic") {
    const auto recs = fps::to_records(pointcloud::uniform_cube(5000, 2));
    fps::fps_counters c;
    const auto tree = fps::build_kd_tree(recs, 5, &c);
    CHECK(tree.buckets.size() == 32);
    std::uint32_t next = 0;
    for (const auto& b : tree.buckets) {
        CHECK(b.first == next);
        CHECK(b.count > 0);
        next += b.count;
    }
    CHECK(next == 5000);
    CHECK(c.build_reads == 5000u * (1 + 3 * 5));
    CHECK(c.build_writes == 5000u * 5);
    // Every original index appears once.
    std::vector<int> seen(5000, 0);
    for (const auto& r : tree.records) ++seen[r.id];
    CHECK(std::count(seen.begin(), seen.end(), 1) == 5000);
    // Identical points cannot be separated: still no empty bucket.
    const auto same = fps::build_kd_tree(fps::to_records(std::vector<point3>(5, point3{1, 1, 1})), 4);
    CHECK(same.buckets.size() == 5);
}

TEST_CASE("fusefps: FuseFPS counters - splits, no separate build reads, far less traffic than vanilla") {
    const auto pts = pointcloud::uniform_cube(4000, 11);
    fps::bucket_params p;
    p.height = 5;
    p.min_bucket = 16;
    fps::fps_counters f, q, v;
    fps::fuse_fps(pts, 256, 0, p, &f);
    fps::quick_fps(pts, 256, 0, p, &q);
    fps::vanilla_fps(pts, 256, 0, &v);
    CHECK(f.build_reads == 0);
    CHECK(f.splits == f.buckets - 1);
    CHECK(f.buckets == 32);
    CHECK(f.build_writes > 0);
    CHECK(q.build_reads == 4000u * 16);
    CHECK(f.sampling_reads < v.sampling_reads / 4);
    CHECK(q.issues + q.defers + q.skips == 254u * 32);
    CHECK(f.sampling_reads + f.build_reads < q.sampling_reads + q.build_reads);
}
