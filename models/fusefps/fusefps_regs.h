#pragma once
// Register map of the FuseFPS accelerator, shared by its model and its driver. 32-bit registers unless noted;
// offsets from the device's base address.
//
// Memory the device uses (all bus addresses, given by the firmware, pairwise disjoint):
//   CLOUD_BASE: N point records of 16 bytes {float x, y, z; uint32 index}, read only.
//   OUT_BASE:   K uint32 sample indices, written once at the end of a job.
//   WORK_BASE:  work_bytes_per_point * N bytes of scratch: two record regions (ping-pong for partitioning, 16 N each)
//               and two distance arrays (4 N each). In quickfps mode the host writes the tree-ordered records into
//               record region 0 before starting.
//   TREE_BASE:  quickfps mode only: TREE_BUCKETS entries {uint32 first, uint32 count}, the host-built buckets.

#include <core/job_control_regs.h>
#include <cstdint>

namespace vplab::regs::fusefps {

constexpr std::uint32_t id_value = 0x46465053;  // "FFPS"
constexpr std::uint64_t work_bytes_per_point = 40;
constexpr std::uint64_t buffer_bytes_per_point = 20;  // a record and its distance in the on-chip point buffer
constexpr std::uint64_t record_bytes = 16;
constexpr std::uint64_t tree_entry_bytes = 8;
constexpr std::uint32_t max_height = 16;

constexpr std::uint64_t ID = 0x00;            // RO: id_value
constexpr std::uint64_t CTRL = 0x04;          // RW: START (self-clearing), IRQ_EN
constexpr std::uint64_t STATUS = 0x08;        // RO: BUSY, DONE, ERROR
constexpr std::uint64_t IRQ_STATUS = 0x0c;    // W1C: DONE, ERROR; the line is IRQ_STATUS && CTRL.IRQ_EN
constexpr std::uint64_t ERROR = 0x10;         // RO: error code of the last job
constexpr std::uint64_t MODE = 0x14;          // RW: mode_vanilla, mode_quickfps, mode_fusefps
constexpr std::uint64_t N = 0x18;             // RW: points in the cloud
constexpr std::uint64_t K = 0x1c;             // RW: samples to take
constexpr std::uint64_t START_INDEX = 0x20;   // RW: index of the first sample
constexpr std::uint64_t HEIGHT = 0x24;        // RW: fusefps: deepest bucket level (<= max_height)
constexpr std::uint64_t MIN_BUCKET = 0x28;    // RW: fusefps: buckets of at most this many points are not split
constexpr std::uint64_t MERGE_DEPTH = 0x2c;   // RW: deferred references per bucket, 1..merge buffer; 0 = the buffer
constexpr std::uint64_t CLOUD_BASE = 0x30;    // RW 64-bit
constexpr std::uint64_t OUT_BASE = 0x38;      // RW 64-bit
constexpr std::uint64_t WORK_BASE = 0x40;     // RW 64-bit
constexpr std::uint64_t WORK_SIZE = 0x48;     // RW 64-bit: bytes available at WORK_BASE
constexpr std::uint64_t TREE_BASE = 0x50;     // RW 64-bit
constexpr std::uint64_t TREE_BUCKETS = 0x58;  // RW: entries at TREE_BASE (quickfps)
constexpr std::uint64_t CAPACITY = 0x5c;      // RO: bucket table entries on chip
constexpr std::uint64_t CYCLES = 0x60;        // RO 64-bit: device clock cycles of the last job
constexpr std::uint64_t BUILD_RD = 0x68;      // RO 64-bit: bytes read for tree construction (last job)
constexpr std::uint64_t BUILD_WR = 0x70;      // RO 64-bit: bytes written for tree construction
constexpr std::uint64_t SAMPLE_RD = 0x78;     // RO 64-bit: bytes read while sampling
constexpr std::uint64_t SAMPLE_WR = 0x80;     // RO 64-bit: bytes written while sampling (distances, indices)
constexpr std::uint64_t ISSUES = 0x88;        // RO 64-bit: buckets streamed (forced issues included)
constexpr std::uint64_t DEFERS = 0x90;        // RO 64-bit
constexpr std::uint64_t SKIPS = 0x98;         // RO 64-bit
constexpr std::uint64_t SPLITS = 0xa0;        // RO 64-bit
constexpr std::uint64_t BUCKETS = 0xa8;       // RO: buckets at the end of the last job
constexpr std::uint64_t STALL_CYCLES = 0xb0;  // RO 64-bit: cycles the lanes waited for memory
constexpr std::uint64_t JOB_NS = 0xb8;        // RO 64-bit: duration of the last job in ns
constexpr std::uint64_t BUFFER_POINTS = 0xc0; // RO: points the on-chip point buffer holds (record + distance each)

// CTRL, STATUS and IRQ_STATUS bits: the shared command block (CTRL_START, STATUS_DONE, IRQ_ERROR, ...).
using namespace job;

enum mode : std::uint32_t { mode_vanilla = 0, mode_quickfps = 1, mode_fusefps = 2 };

enum error_code : std::uint32_t {
    error_none = 0,
    error_bad_count = 1,       // N = 0, K = 0, K > N or START_INDEX >= N
    error_bad_param = 2,       // unknown MODE, HEIGHT > max_height, MERGE_DEPTH above the merge buffer
    error_overlap = 3,         // two of the cloud, output, work and tree buffers overlap (or wrap around)
    error_work_too_small = 4,  // WORK_SIZE < work_bytes_per_point * N
    error_bad_address = 5,     // a buffer is not reachable (the bus answered an error before anything was written)
    error_bad_tree = 6,        // quickfps: no buckets, more than CAPACITY, or they do not tile [0, N)
    error_read_fault = 7,      // the bus answered an error while streaming
    error_write_fault = 8,
    error_busy = 9,            // START while a job was running
};

} // namespace vplab::regs::fusefps
