#pragma once
// Bit layout of the command block that core::job_control implements and drivers program (no SystemC here, so
// register headers and bare-metal drivers can include it). Offsets are each device's own.

#include <cstdint>

namespace vplab::regs::job {

constexpr std::uint32_t CTRL_START = 1u << 0;   // write 1 to start a job; reads 0
constexpr std::uint32_t CTRL_IRQ_EN = 1u << 1;  // drive the interrupt line while IRQ_STATUS != 0
constexpr std::uint32_t CTRL_MASK = CTRL_START | CTRL_IRQ_EN;

constexpr std::uint32_t STATUS_BUSY = 1u << 0;
constexpr std::uint32_t STATUS_DONE = 1u << 1;   // the last job finished
constexpr std::uint32_t STATUS_ERROR = 1u << 2;  // the last job failed; ERROR holds why

constexpr std::uint32_t IRQ_DONE = 1u << 0;
constexpr std::uint32_t IRQ_ERROR = 1u << 1;
constexpr std::uint32_t IRQ_MASK = IRQ_DONE | IRQ_ERROR;

} // namespace vplab::regs::job
