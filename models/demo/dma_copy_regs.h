#pragma once
// Register map of the demo DMA-copy device, shared by its model and its driver (as a vendor ships one header
// with its hardware). All registers are 32-bit unless noted; offsets are from the device's base address.

#include <core/job_control_regs.h>
#include <cstdint>

namespace vplab::regs::dma_copy {

constexpr std::uint32_t id_value = 0x444d4131;  // "DMA1"

constexpr std::uint64_t ID = 0x00;          // RO: id_value
constexpr std::uint64_t CTRL = 0x04;        // RW: START (self-clearing), IRQ_EN
constexpr std::uint64_t STATUS = 0x08;      // RO: BUSY, DONE, ERROR
constexpr std::uint64_t IRQ_STATUS = 0x0c;  // W1C: DONE, ERROR; the interrupt line is IRQ_STATUS && IRQ_EN
constexpr std::uint64_t ERROR = 0x10;       // RO: error code of the last job (see error_code)
constexpr std::uint64_t LEN = 0x14;         // RW: bytes to copy
constexpr std::uint64_t SRC = 0x18;         // RW 64-bit: source bus address
constexpr std::uint64_t DST = 0x20;         // RW 64-bit: destination bus address
constexpr std::uint64_t SCRATCH = 0x28;     // RW: no side effect (bring-up and bus tests)
constexpr std::uint64_t BYTES = 0x30;       // RO 64-bit: bytes copied since reset
constexpr std::uint64_t JOB_NS = 0x38;      // RO 64-bit: duration of the last job in ns

// CTRL, STATUS and IRQ_STATUS bits: the shared command block (CTRL_START, STATUS_DONE, IRQ_ERROR, ...).
using namespace job;

enum error_code : std::uint32_t {
    error_none = 0,
    error_zero_length = 1,   // LEN was 0
    error_too_large = 2,     // LEN above the device's max_bytes
    error_read_fault = 3,    // the bus answered an error while reading SRC
    error_write_fault = 4,   // the bus answered an error while writing DST
    error_busy = 5,          // START while a job was running
    error_overlap = 6,       // source and destination ranges overlap
};

} // namespace vplab::regs::dma_copy
