#pragma once
// Register-level driver of the demo DMA-copy device, written against the HAL only.

#include "job_start.h"

#include <demo/dma_copy_regs.h>
#include <hal/mmio.h>

namespace vplab::drivers {

class dma_copy_driver {
public:
    struct outcome : job_result {  // error: regs::dma_copy::error_code
        std::uint64_t job_ns = 0;  // the device's own measure of the job
    };

    // `irq_line` is the host interrupt input the device is wired to.
    dma_copy_driver(hal::mmio& bus, std::uint64_t base, unsigned irq_line);

    bool probe();  // true when the ID register matches
    // Programs one copy, starts it, waits for the interrupt and acknowledges it.
    outcome copy(std::uint64_t src, std::uint64_t dst, std::uint32_t bytes, std::uint64_t timeout_ns);
    std::uint64_t bytes_copied();

private:
    std::uint64_t reg(std::uint64_t offset) const { return m_base + offset; }

    hal::mmio& m_bus;
    std::uint64_t m_base;
    unsigned m_irq_line;
};

} // namespace vplab::drivers
