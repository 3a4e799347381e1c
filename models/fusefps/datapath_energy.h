#pragma once
// Energy of the FuseFPS datapath for one job, from what it did: distance computations, comparisons, bucket table
// and point buffer SRAM bytes, clocked pipeline registers, and static power over the job's time. Per-operation
// energies are the 45 nm figures of core/op_energy.h (Horowitz, ISSCC 2014); how many primitive operations each
// step takes, the table entry layout, the register width and the static power are our design choices, listed in
// docs/fusefps.md with the reasoning.

#include <cstdint>
#include <nlohmann/json.hpp>

namespace vplab::models {

struct datapath_energy_params {
    double fp_add_pj;           // FP32 add or subtract
    double fp_mul_pj;           // FP32 multiply
    double compare_pj;          // 32-bit compare of non-negative floats (an integer compare: a 32-bit adder)
    double register_bit_pj;     // one pipeline register bit clocked
    double static_mw;           // leakage of the whole accelerator while a job runs
    double tech_scale;          // multiplies every dynamic energy (1 = 45 nm)
    datapath_energy_params();
};

// What one job did, counted by the device while it streams and decides.
struct datapath_counts {
    std::uint64_t distances = 0;       // point x reference evaluations
    std::uint64_t streamed_points = 0;  // points through the lanes (one far-point compare each)
    std::uint64_t split_points = 0;     // points routed by a split (mean compare, child box and sums)
    std::uint64_t init_points = 0;      // points of the initial pass (root box and sums)
    std::uint64_t decisions = 0;        // bucket decisions (far-point distance, box distance, far-point reduction)
    std::uint64_t table_bytes = 0;      // bucket table SRAM bytes read and written
    std::uint64_t buffer_bytes = 0;     // point buffer SRAM bytes read and written
    std::uint64_t busy_cycles = 0;      // cycles the lanes computed (their registers clocked)
};

struct datapath_energy {
    double distance_pj = 0, compare_pj = 0, bucket_table_pj = 0, point_buffer_pj = 0, register_pj = 0, static_pj = 0;
    double total_pj() const {
        return distance_pj + compare_pj + bucket_table_pj + point_buffer_pj + register_pj + static_pj;
    }
    datapath_energy& operator+=(const datapath_energy& o) {
        distance_pj += o.distance_pj;
        compare_pj += o.compare_pj;
        bucket_table_pj += o.bucket_table_pj;
        point_buffer_pj += o.point_buffer_pj;
        register_pj += o.register_pj;
        static_pj += o.static_pj;
        return *this;
    }
    nlohmann::json breakdown() const;
};

// Operations per step (design choices, docs/fusefps.md):
inline constexpr unsigned distance_fp_adds = 5;      // dx, dy, dz and the two sums of (dx*dx + dy*dy) + dz*dz
inline constexpr unsigned distance_fp_muls = 3;
inline constexpr unsigned distance_compares = 1;     // min with the point's distance so far
inline constexpr unsigned box_update_compares = 6;   // min and max per dimension
inline constexpr unsigned sum_fp_adds = 3;           // coordinate sums for the next split's mean
inline constexpr unsigned box_distance_fp_adds = 8;  // low - s and s - high per dimension, then two sums
inline constexpr unsigned box_distance_fp_muls = 3;
inline constexpr unsigned box_distance_compares = 6; // max(0, low - s, s - high) per dimension
inline constexpr unsigned decision_compares = 3;     // ISSUE test, SKIP test, far-point reduction
// Bucket table layout (bytes): box 24, far point record 16 + distance 4, range 8, coordinate sums 12; each merge
// list entry holds a reference's coordinates.
inline constexpr unsigned table_entry_bytes = 64;
inline constexpr unsigned merge_entry_bytes = 12;
inline constexpr unsigned table_decision_read_bytes = 44;  // box and far point, read for every decision
inline constexpr unsigned table_issue_write_bytes = 20;    // the new far point
inline constexpr unsigned pipeline_register_bits = 128;    // per reference PE: a point's x, y, z and its distance

// `table_capacity` and `buffer_capacity` are SRAM sizes in bytes; `job_ns` the job's duration.
datapath_energy estimate_datapath_energy(const datapath_energy_params& p, const datapath_counts& c, unsigned lanes,
                                         unsigned pes, std::uint64_t table_capacity, std::uint64_t buffer_capacity,
                                         double job_ns);

} // namespace vplab::models
