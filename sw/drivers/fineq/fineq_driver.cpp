#include "fineq_driver.h"

#include <cstring>

namespace vplab::drivers {

using namespace regs::fineq;

fineq_driver::fineq_driver(hal::mmio& bus, std::uint64_t base, unsigned irq_line)
    : m_bus(bus), m_base(base), m_irq_line(irq_line) {}

bool fineq_driver::probe() { return m_bus.read32(reg(ID)) == id_value; }
unsigned fineq_driver::array_rows() { return m_bus.read32(reg(ARRAY)) & 0xffffu; }
unsigned fineq_driver::array_cols() { return m_bus.read32(reg(ARRAY)) >> 16; }
std::uint32_t fineq_driver::pe_kind() { return m_bus.read32(reg(PE_KIND)); }

fineq_driver::outcome fineq_driver::run(const job& j, std::uint64_t timeout_ns) {
    std::uint32_t scale_bits;
    std::memcpy(&scale_bits, &j.a_scale, sizeof scale_bits);
    m_bus.write32(reg(FORMAT), j.format);
    m_bus.write32(reg(GROUP), j.group);
    m_bus.write32(reg(M), j.m);
    m_bus.write32(reg(N), j.n);
    m_bus.write32(reg(K), j.k);
    m_bus.write64(reg(W_ADDR), j.w_addr);
    m_bus.write32(reg(W_BYTES), j.w_bytes);
    m_bus.write32(reg(A_SCALE), scale_bits);
    m_bus.write64(reg(S_ADDR), j.s_addr);
    m_bus.write64(reg(A_ADDR), j.a_addr);
    m_bus.write64(reg(O_ADDR), j.o_addr);
    outcome result{start_job_and_wait(m_bus, {reg(CTRL), reg(IRQ_STATUS), reg(ERROR)}, m_irq_line, timeout_ns)};
    result.cycles = m_bus.read64(reg(CYCLES));
    result.macs = m_bus.read64(reg(MACS));
    result.stall_cycles = m_bus.read64(reg(STALL_CYCLES));
    result.sram_bytes = m_bus.read64(reg(SRAM_BYTES));
    result.dram_bytes = m_bus.read64(reg(DRAM_BYTES));
    result.job_ns = m_bus.read64(reg(JOB_NS));
    return result;
}

} // namespace vplab::drivers
