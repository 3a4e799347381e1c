#include "dma_copy_driver.h"

namespace vplab::drivers {

using namespace regs::dma_copy;

dma_copy_driver::dma_copy_driver(hal::mmio& bus, std::uint64_t base, unsigned irq_line)
    : m_bus(bus), m_base(base), m_irq_line(irq_line) {}

bool dma_copy_driver::probe() { return m_bus.read32(reg(ID)) == id_value; }

dma_copy_driver::outcome dma_copy_driver::copy(std::uint64_t src, std::uint64_t dst, std::uint32_t bytes,
                                               std::uint64_t timeout_ns) {
    m_bus.write64(reg(SRC), src);
    m_bus.write64(reg(DST), dst);
    m_bus.write32(reg(LEN), bytes);
    outcome result{start_job_and_wait(m_bus, {reg(CTRL), reg(IRQ_STATUS), reg(ERROR)}, m_irq_line, timeout_ns)};
    result.job_ns = m_bus.read64(reg(JOB_NS));
    return result;
}

std::uint64_t dma_copy_driver::bytes_copied() { return m_bus.read64(reg(BYTES)); }

} // namespace vplab::drivers
