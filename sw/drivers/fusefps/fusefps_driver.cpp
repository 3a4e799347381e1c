#include "fusefps_driver.h"

namespace vplab::drivers {

using namespace regs::fusefps;

fusefps_driver::fusefps_driver(hal::mmio& bus, std::uint64_t base, unsigned irq_line)
    : m_bus(bus), m_base(base), m_irq_line(irq_line) {}

bool fusefps_driver::probe() { return m_bus.read32(reg(ID)) == id_value; }

std::uint32_t fusefps_driver::capacity() { return m_bus.read32(reg(CAPACITY)); }

fusefps_driver::outcome fusefps_driver::run(const job& j, std::uint64_t timeout_ns) {
    m_bus.write32(reg(MODE), j.mode);
    m_bus.write32(reg(N), j.n);
    m_bus.write32(reg(K), j.k);
    m_bus.write32(reg(START_INDEX), j.start);
    m_bus.write32(reg(HEIGHT), j.height);
    m_bus.write32(reg(MIN_BUCKET), j.min_bucket);
    m_bus.write32(reg(MERGE_DEPTH), j.merge_depth);
    m_bus.write64(reg(CLOUD_BASE), j.cloud);
    m_bus.write64(reg(OUT_BASE), j.out);
    m_bus.write64(reg(WORK_BASE), j.work);
    m_bus.write64(reg(WORK_SIZE), j.work_size);
    m_bus.write64(reg(TREE_BASE), j.tree);
    m_bus.write32(reg(TREE_BUCKETS), j.tree_buckets);
    outcome result{start_job_and_wait(m_bus, {reg(CTRL), reg(IRQ_STATUS), reg(ERROR)}, m_irq_line, timeout_ns)};
    counters& c = result.perf;
    c.cycles = m_bus.read64(reg(CYCLES));
    c.job_ns = m_bus.read64(reg(JOB_NS));
    c.stall_cycles = m_bus.read64(reg(STALL_CYCLES));
    c.build_read = m_bus.read64(reg(BUILD_RD));
    c.build_written = m_bus.read64(reg(BUILD_WR));
    c.sample_read = m_bus.read64(reg(SAMPLE_RD));
    c.sample_written = m_bus.read64(reg(SAMPLE_WR));
    c.issues = m_bus.read64(reg(ISSUES));
    c.defers = m_bus.read64(reg(DEFERS));
    c.skips = m_bus.read64(reg(SKIPS));
    c.splits = m_bus.read64(reg(SPLITS));
    c.buckets = m_bus.read32(reg(BUCKETS));
    return result;
}

} // namespace vplab::drivers
