#pragma once
// Register map of the l1agg GPU device (a GPU whose memory system is the l1agg model), shared by its model and its
// driver. 32-bit registers unless noted; offsets from the device's base address. Counters describe the last
// kernel and are valid once STATUS.DONE is set.

#include <core/job_control_regs.h>
#include <cstdint>

namespace vplab::regs::l1agg {

constexpr std::uint32_t id_value = 0x4c314147;  // "L1AG"

constexpr std::uint64_t ID = 0x00;             // RO: id_value
constexpr std::uint64_t CTRL = 0x04;           // RW: START (self-clearing), IRQ_EN
constexpr std::uint64_t STATUS = 0x08;         // RO: BUSY, DONE, ERROR
constexpr std::uint64_t IRQ_STATUS = 0x0c;     // W1C: DONE, ERROR; interrupt line = IRQ_STATUS && IRQ_EN
constexpr std::uint64_t ERROR = 0x10;          // RO: error code of the last launch (error_code)
constexpr std::uint64_t WORKLOAD = 0x14;       // RW: workload_id
constexpr std::uint64_t GRID = 0x18;           // RW: CTAs (generated workloads)
constexpr std::uint64_t WARPS_PER_CTA = 0x1c;  // RW: 1 .. 64
constexpr std::uint64_t FOOTPRINT_KIB = 0x20;  // RW: shared-structure size in KiB
constexpr std::uint64_t SHARING = 0x24;        // RW: sharing degree (class-specific, 0 = class default)
constexpr std::uint64_t REUSE = 0x28;          // RW: passes over the shared data, 1 .. 1024
constexpr std::uint64_t WRITE_PM = 0x2c;       // RW: stores per 1000 memory instructions, 0 .. 1000
constexpr std::uint64_t MAPPING = 0x30;        // RW: 0 round-robin, 1 clustered CTA-to-core mapping
constexpr std::uint64_t MEM_PER_WARP = 0x34;   // RW: memory instructions per warp (zipf, streaming)
constexpr std::uint64_t ALU_PER_MEM = 0x38;    // RW: non-memory instructions before each memory instruction
constexpr std::uint64_t ZIPF_MILLI = 0x3c;     // RW: Zipf alpha x 1000
constexpr std::uint64_t SEED = 0x40;           // RW 64-bit: generator seed
constexpr std::uint64_t CYCLES = 0x48;         // RO 64-bit: core cycles of the last kernel
constexpr std::uint64_t INSTRUCTIONS = 0x50;   // RO 64-bit: warp instructions
constexpr std::uint64_t ACCESSES = 0x58;       // RO 64-bit: L1 line requests (loads + stores)
constexpr std::uint64_t LOCAL_HITS = 0x60;     // RO 64-bit
constexpr std::uint64_t REMOTE_HITS = 0x68;    // RO 64-bit
constexpr std::uint64_t MISSES = 0x70;         // RO 64-bit
constexpr std::uint64_t L2_ACCESSES = 0x78;    // RO 64-bit
constexpr std::uint64_t XBAR_STALLS = 0x80;    // RO 64-bit: crossbar queueing cycles (summed over ports)
constexpr std::uint64_t LD_BYTES_REQ = 0x88;   // RO 64-bit: load bytes the warps asked for
constexpr std::uint64_t LD_BYTES_DONE = 0x90;  // RO 64-bit: load bytes delivered to the warps
constexpr std::uint64_t FETCH_OUT = 0x98;      // RO 64-bit: bytes L1s requested from L2
constexpr std::uint64_t FETCH_IN = 0xa0;       // RO 64-bit: bytes L2 returned to L1s
constexpr std::uint64_t ST_BYTES_OUT = 0xa8;   // RO 64-bit: store bytes the L1s wrote through
constexpr std::uint64_t ST_BYTES_IN = 0xb0;    // RO 64-bit: store bytes the L2 received
constexpr std::uint64_t KERNELS = 0xb8;        // RO: kernels completed since reset
constexpr std::uint64_t TRACE_KERNEL = 0xbc;   // RW: which kernel of the loaded trace list WORKLOAD = trace runs

// CTRL, STATUS and IRQ_STATUS bits: the shared command block (CTRL_START, STATUS_DONE, IRQ_ERROR, ...).
using namespace job;

enum workload_id : std::uint32_t {
    workload_broadcast = 0,
    workload_gemm = 1,
    workload_stencil = 2,
    workload_zipf = 3,
    workload_streaming = 4,
    workload_trace = 5,  // kernel TRACE_KERNEL of the traces the platform loaded (workload.trace_file)
};

enum error_code : std::uint32_t {
    error_none = 0,
    error_bad_workload = 1,   // WORKLOAD not a workload_id
    error_bad_grid = 2,       // GRID or WARPS_PER_CTA zero or too large
    error_bad_footprint = 3,  // FOOTPRINT_KIB zero or above 4 GiB
    error_bad_param = 4,      // REUSE, WRITE_PM, MAPPING, MEM_PER_WARP, ALU_PER_MEM or ZIPF_MILLI out of range
    error_busy = 5,           // START while a kernel was running
    error_no_trace = 6,       // WORKLOAD = trace but the platform loaded no kernel TRACE_KERNEL
};

}  // namespace vplab::regs::l1agg
