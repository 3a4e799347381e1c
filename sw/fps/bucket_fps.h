#pragma once
// The two bucket-based FPS variants as plain functions. Both return exactly vanilla_fps's sequence.
//  - quick_fps: QuickFPS. A KD-tree of height H is built first (kd_build.h); its leaves are the buckets.
//  - fuse_fps:  FuseFPS as reconstructed in reference/fusefps.md 3.2. Sampling starts from one bucket; a bucket
//               streamed for an ISSUE is split at the mean of its widest extent while it streams, until height H,
//               unless it holds min_bucket points or fewer.

#include "bucket_engine.h"
#include "fps_types.h"

namespace vplab::fps {

struct bucket_params {
    unsigned height = 7;
    unsigned min_bucket = 32;        // fuse_fps only
    unsigned merge_depth = 0;        // 0 = unbounded merge lists
    std::size_t capacity = 1u << 20; // bucket table entries (fuse_fps stops splitting when full)
};

std::vector<std::uint32_t> quick_fps(const std::vector<point3>& points, std::size_t k, std::size_t start = 0,
                                     const bucket_params& p = {}, fps_counters* counters = nullptr);
std::vector<std::uint32_t> fuse_fps(const std::vector<point3>& points, std::size_t k, std::size_t start = 0,
                                    const bucket_params& p = {}, fps_counters* counters = nullptr);

} // namespace vplab::fps
