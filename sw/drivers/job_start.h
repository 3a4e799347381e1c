#pragma once
// Driver side of the command block that core::job_control implements (CTRL, IRQ_STATUS, ERROR): start the job the
// driver has programmed, wait for its interrupt, acknowledge what was pending and read the job's error code.

#include <core/job_control_regs.h>
#include <cstdint>
#include <hal/mmio.h>

namespace vplab::drivers {

struct job_registers {
    std::uint64_t ctrl, irq_status, error;  // bus addresses
};

struct job_result {
    bool completed = false;  // the interrupt arrived before the timeout
    std::uint32_t error = 0;  // the device's error code of the job
};

inline job_result start_job_and_wait(hal::mmio& bus, const job_registers& r, unsigned irq_line,
                                     std::uint64_t timeout_ns) {
    bus.write32(r.ctrl, regs::job::CTRL_START | regs::job::CTRL_IRQ_EN);
    job_result out;
    out.completed = bus.wait_irq(irq_line, timeout_ns);
    bus.write32(r.irq_status, bus.read32(r.irq_status));  // acknowledge what we saw
    out.error = bus.read32(r.error);
    return out;
}

} // namespace vplab::drivers
