#pragma once
// FuseFPS firmware: loads a point cloud into device memory, (quickfps mode) builds the KD-tree on the host and
// uploads it, runs the accelerator, reads the sample indices back and checks them against golden vanilla FPS.

#include "../app_report.h"

#include <cstdint>
#include <fps/fps_types.h>
#include <hal/mmio.h>
#include <string>
#include <vector>

namespace vplab::apps {

struct fps_app_params {
    std::uint64_t device_base = 0;
    unsigned irq_line = 0;
    // Bus addresses of the buffers (the platform lays them out in its memory).
    std::uint64_t cloud = 0, out = 0, work = 0, work_size = 0, tree = 0;
    std::uint32_t mode = 2;  // regs::fusefps::mode
    std::uint32_t k = 1, start = 0;
    unsigned height = 7, min_bucket = 32, merge_depth = 0;
    double host_ns_per_op = 2.5;  // quickfps: host time per point record read or written by the tree build
    std::uint64_t timeout_ns = 1000000000;
    // The golden sequence: vanilla FPS itself, or golden FuseFPS (equal to it, as test_fusefps shows; ~10x faster
    // to compute for large clouds), or none: the caller compares the samples itself (a benchmark that times the
    // simulation alone, bench_fps_sim); the guard and the index range are still checked.
    enum class golden { vanilla, fusefps, none };
    golden check = golden::vanilla;
    const std::vector<fps::point3>* points = nullptr;
};

struct fps_app_result {
    app_report report;
    std::string samples_csv;  // order,index,x,y,z (empty when the device failed)
};

fps_app_result run_fps_app(hal::mmio& bus, const fps_app_params& p);

// "vanilla", "quickfps", "fusefps" and back.
const char* fps_mode_name(std::uint32_t mode);

} // namespace vplab::apps
