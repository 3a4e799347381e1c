#pragma once
// Driver side of the command block that core::job_control implements (CTRL, IRQ_STATUS, ERROR): start the job the
// driver has programmed, wait for its interrupt, acknowledge what was pending and read the job's error code.

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
    constexpr std::uint32_t start_with_irq = 0x3;  // CTRL.START | CTRL.IRQ_EN
    bus.write32(r.ctrl, start_with_irq);
    job_result out;
    out.completed = bus.wait_irq(irq_line, timeout_ns);
    bus.write32(r.irq_status, bus.read32(r.irq_status));  // acknowledge what we saw
    out.error = bus.read32(r.error);
    return out;
}

} // namespace vplab::drivers
