#pragma once
// Shared vocabulary of the FPS algorithms: the 16-byte point record (also the accelerator's DRAM layout),
// squared distances computed one way everywhere (so every variant sees bit-identical values), per-stage counters
// and input checks.

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace vplab::fps {

struct point3 {
    float x = 0, y = 0, z = 0;
};

// One point as it lies in memory: position and its original index (the index the user asked about, kept with the
// point because bucket variants reorder points).
struct point_record {
    float x = 0, y = 0, z = 0;
    std::uint32_t id = 0;
};
static_assert(sizeof(point_record) == 16, "the accelerator streams 16-byte point records");

// Squared Euclidean distance. The summation order is fixed: bit-exactness between variants depends on it, and
// on the build not contracting it into FMAs (the library is compiled with -ffp-contract=off).
inline float dist2(float ax, float ay, float az, float bx, float by, float bz) {
    const float dx = ax - bx, dy = ay - by, dz = az - bz;
    return (dx * dx + dy * dy) + dz * dz;
}
inline float dist2(const point_record& a, const point_record& b) { return dist2(a.x, a.y, a.z, b.x, b.y, b.z); }

// Per-stage traffic in point records and the bucket decisions; the same meaning in the golden code and the model.
struct fps_counters {
    std::uint64_t build_reads = 0;      // records read by a separate tree construction (QuickFPS)
    std::uint64_t build_writes = 0;     // records written by construction (QuickFPS build, FuseFPS partitions)
    std::uint64_t sampling_reads = 0;   // records streamed through the distance units
    std::uint64_t sampling_writes = 0;  // distance write-backs
    std::uint64_t issues = 0;           // buckets streamed (ISSUE), forced ones included
    std::uint64_t forced_issues = 0;    // DEFERs promoted to ISSUE because the merge list was full
    std::uint64_t defers = 0;
    std::uint64_t skips = 0;
    std::uint64_t splits = 0;           // FuseFPS: buckets split while streamed
    std::uint64_t buckets = 0;          // buckets at the end
    std::uint64_t distance_ops = 0;     // point x reference distance evaluations
};

// Throws std::invalid_argument for N = 0, K = 0, K > N, a start index outside the cloud or a non-finite coordinate.
void check_input(const std::vector<point3>& points, std::size_t k, std::size_t start);

std::vector<point_record> to_records(const std::vector<point3>& points);

} // namespace vplab::fps
