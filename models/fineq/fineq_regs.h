#pragma once
// Register map of the FineQ GEMM accelerator, shared by its model and its driver. 32-bit registers unless noted;
// offsets from the device's base address. One job computes O[M x N] = A[M x K] * W[N x K]^T: INT8 activations
// at A_ADDR, packed weights at W_ADDR (W_BYTES long), their scale table at S_ADDR, float32 outputs at O_ADDR.
//
// Memory layouts (all little-endian):
//   FORMAT.KIND = fineq: W = N rows of ceil(K/3) one-byte records [idx:2][payload:6] (docs/fineq.md);
//                        S = one FP16 scale per row and scale group (GROUP = 0: one per row).
//   FORMAT.KIND = rtn / mixed: W = N rows of LSB-first packed codes, each row byte-aligned;
//                        S = per row and group of GROUP weights a 32-bit word [scale:16][zero:16] (FP16); for
//                        mixed, bit 15 of the scale marks a group coded with one bit more than FORMAT.BITS.
//   A = M x K int8, row-major; O = M x N float32, row-major: O = A_SCALE * sum_g scale_g * (INT32 sum of A x code).

#include <core/job_control_regs.h>
#include <cstdint>

namespace vplab::regs::fineq {

constexpr std::uint32_t id_value = 0x464e5131;  // "FNQ1"

constexpr std::uint64_t ID = 0x00;              // RO: id_value
constexpr std::uint64_t CTRL = 0x04;            // RW: START (self-clearing), IRQ_EN
constexpr std::uint64_t STATUS = 0x08;          // RO: BUSY, DONE, ERROR
constexpr std::uint64_t IRQ_STATUS = 0x0c;      // W1C: DONE, ERROR; the interrupt line is IRQ_STATUS && IRQ_EN
constexpr std::uint64_t ERROR = 0x10;           // RO: error code of the last job (error_code)
constexpr std::uint64_t FORMAT = 0x14;          // RW: KIND, OUTLIER_MODE, BITS
constexpr std::uint64_t GROUP = 0x18;           // RW: weights per scale along K; 0 = one scale per row
constexpr std::uint64_t M = 0x1c;               // RW: activation rows (tokens)
constexpr std::uint64_t N = 0x20;               // RW: output channels (weight rows)
constexpr std::uint64_t K = 0x24;               // RW: input channels
constexpr std::uint64_t W_ADDR = 0x28;          // RW 64-bit: packed weights
constexpr std::uint64_t W_BYTES = 0x30;         // RW: length of the packed weights (checked against the format)
constexpr std::uint64_t A_SCALE = 0x34;         // RW: activation scale, binary32 bits
constexpr std::uint64_t S_ADDR = 0x38;          // RW 64-bit: scale table
constexpr std::uint64_t A_ADDR = 0x40;          // RW 64-bit: activations
constexpr std::uint64_t O_ADDR = 0x48;          // RW 64-bit: outputs
constexpr std::uint64_t ARRAY = 0x50;           // RO: ROWS [15:0], COLS [31:16] of the PE array
constexpr std::uint64_t PE_KIND = 0x54;         // RO: pe_kind of the array
constexpr std::uint64_t CYCLES = 0x58;          // RO 64-bit: device cycles of the last job
constexpr std::uint64_t MACS = 0x60;            // RO 64-bit: multiply-accumulates of the last job (M x N x K)
constexpr std::uint64_t STALL_CYCLES = 0x68;    // RO 64-bit: cycles the array waited for DMA in the last job
constexpr std::uint64_t SRAM_BYTES = 0x70;      // RO 64-bit: on-chip buffer bytes read + written, last job
constexpr std::uint64_t DRAM_BYTES = 0x78;      // RO 64-bit: off-chip bytes read + written, last job
constexpr std::uint64_t JOB_NS = 0x80;          // RO 64-bit: duration of the last job in ns
constexpr std::uint64_t SCRATCH = 0x88;         // RW: no side effect

// CTRL, STATUS and IRQ_STATUS bits: the shared command block (CTRL_START, STATUS_DONE, IRQ_ERROR, ...).
using namespace job;

// FORMAT fields
constexpr unsigned FORMAT_KIND_SHIFT = 0;      // [1:0]
constexpr std::uint32_t FORMAT_KIND_MASK = 0x3;
constexpr unsigned FORMAT_OUTLIER_SHIFT = 2;   // [2]: fineq outlier treatment, 0 split, 1 prune
constexpr unsigned FORMAT_BITS_SHIFT = 4;      // [7:4]: rtn bits (2..4); mixed low bits (2)
constexpr std::uint32_t FORMAT_BITS_MASK = 0xf;
constexpr std::uint32_t FORMAT_MASK = 0xf7;

enum format_kind : std::uint32_t { kind_fineq = 0, kind_rtn = 1, kind_mixed = 2 };

constexpr std::uint32_t format_value(format_kind kind, unsigned outlier_mode, unsigned bits) {
    return (static_cast<std::uint32_t>(kind) << FORMAT_KIND_SHIFT) | ((outlier_mode & 1u) << FORMAT_OUTLIER_SHIFT) |
           ((bits & FORMAT_BITS_MASK) << FORMAT_BITS_SHIFT);
}

// What the array's processing elements are (a build parameter of the hardware, read-only to firmware).
enum pe_kind : std::uint32_t {
    pe_unary = 0,       // temporal: a weight of magnitude m is m cycles of additions
    pe_bitserial = 1,   // temporal: 2 cycles per normal (2-bit) weight, 3 per outlier (3-bit) weight
    pe_multiplier = 2,  // baseline: an INT8 x INT4 multiplier per PE, one cycle per MAC
};

enum error_code : std::uint32_t {
    error_none = 0,
    error_zero_dim = 1,        // M, N or K is 0
    error_too_large = 2,       // a dimension above the device's limit
    error_bad_format = 3,      // unknown FORMAT.KIND, bits outside 2..4, a format the PE array cannot run
    error_bad_group = 4,       // GROUP not usable with the format (fineq: multiple of 3; rtn/mixed: non-zero)
    error_weight_size = 5,     // W_BYTES differs from what M/N/K, FORMAT and the scale table imply
    error_read_fault = 6,      // the bus answered an error while reading an input
    error_write_fault = 7,     // the bus answered an error while writing the outputs
    error_busy = 8,            // START while a job was running
    error_address = 9,         // a buffer wraps around the address space, or the outputs overlap an input
    error_buffer_too_small = 10,  // the on-chip buffers cannot hold one tile
};

} // namespace vplab::regs::fineq
