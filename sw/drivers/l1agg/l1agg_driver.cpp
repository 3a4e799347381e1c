#include "l1agg_driver.h"

namespace vplab::drivers {

using namespace regs::l1agg;

l1agg_driver::l1agg_driver(hal::mmio& bus, std::uint64_t base, unsigned irq_line)
    : m_bus(bus), m_base(base), m_irq_line(irq_line) {}

bool l1agg_driver::probe() { return m_bus.read32(reg(ID)) == id_value; }

l1agg_driver::outcome l1agg_driver::run(const launch& l, std::uint64_t timeout_ns) {
    m_bus.write32(reg(WORKLOAD), l.workload);
    m_bus.write32(reg(GRID), l.grid);
    m_bus.write32(reg(WARPS_PER_CTA), l.warps_per_cta);
    m_bus.write32(reg(FOOTPRINT_KIB), l.footprint_kib);
    m_bus.write32(reg(SHARING), l.sharing);
    m_bus.write32(reg(REUSE), l.reuse);
    m_bus.write32(reg(WRITE_PM), l.write_permille);
    m_bus.write32(reg(MAPPING), l.mapping);
    m_bus.write32(reg(MEM_PER_WARP), l.mem_per_warp);
    m_bus.write32(reg(ALU_PER_MEM), l.alu_per_mem);
    m_bus.write32(reg(ZIPF_MILLI), l.zipf_milli);
    m_bus.write64(reg(SEED), l.seed);
    m_bus.write32(reg(TRACE_KERNEL), l.trace_kernel);
    outcome result{start_job_and_wait(m_bus, {reg(CTRL), reg(IRQ_STATUS), reg(ERROR)}, m_irq_line, timeout_ns)};
    if (result.completed && result.error == error_none) result.stats = read_counters();
    return result;
}

l1agg_driver::counters l1agg_driver::read_counters() {
    counters c;
    c.cycles = m_bus.read64(reg(CYCLES));
    c.instructions = m_bus.read64(reg(INSTRUCTIONS));
    c.accesses = m_bus.read64(reg(ACCESSES));
    c.local_hits = m_bus.read64(reg(LOCAL_HITS));
    c.remote_hits = m_bus.read64(reg(REMOTE_HITS));
    c.misses = m_bus.read64(reg(MISSES));
    c.l2_accesses = m_bus.read64(reg(L2_ACCESSES));
    c.xbar_stalls = m_bus.read64(reg(XBAR_STALLS));
    c.load_bytes_req = m_bus.read64(reg(LD_BYTES_REQ));
    c.load_bytes_done = m_bus.read64(reg(LD_BYTES_DONE));
    c.fetch_bytes_out = m_bus.read64(reg(FETCH_OUT));
    c.fetch_bytes_in = m_bus.read64(reg(FETCH_IN));
    c.store_bytes_out = m_bus.read64(reg(ST_BYTES_OUT));
    c.store_bytes_in = m_bus.read64(reg(ST_BYTES_IN));
    return c;
}

std::uint32_t l1agg_driver::kernels_completed() { return m_bus.read32(reg(KERNELS)); }

} // namespace vplab::drivers
