#include "fabric_driver.h"

namespace vplab::drivers {

using namespace regs::gpufabric;

fabric_driver::fabric_driver(hal::mmio& bus, std::uint64_t base, unsigned irq_line)
    : m_bus(bus), m_base(base), m_irq_line(irq_line) {}

bool fabric_driver::probe() {
    if (m_bus.read32(reg(ID)) != id_value) return false;
    m_bus.write32(reg(CTRL), CTRL_IRQ_EN);
    return true;
}

unsigned fabric_driver::device_count() { return m_bus.read32(reg(NUM_DEVICES)); }

std::uint32_t fabric_driver::define_set(unsigned set, const unsigned* devices, std::size_t n) {
    m_bus.write32(reg(SET_SEL), set);
    m_bus.write32(reg(SET_CLEAR), 1);
    for (std::size_t i = 0; i < n; ++i) {
        m_bus.write32(reg(SET_ADD), devices[i]);
        if (const std::uint32_t refused = m_bus.read32(reg(OP_RESULT))) return refused;
    }
    return error_none;
}

std::uint32_t fabric_driver::ring(std::uint32_t kind, std::uint32_t phase, std::uint32_t target, std::uint32_t peer,
                                  std::uint64_t amount, std::uint32_t tag) {
    m_bus.write32(reg(OP_KIND), kind);
    m_bus.write32(reg(OP_PHASE), phase);
    m_bus.write32(reg(OP_TARGET), target);
    m_bus.write32(reg(OP_PEER), peer);
    m_bus.write32(reg(OP_TAG), tag);
    m_bus.write64(reg(OP_AMOUNT), amount);
    m_bus.write32(reg(DOORBELL), 1);
    // OP_RESULT tells a refusal apart from an accepted operation that has already failed (lost device).
    return m_bus.read32(reg(OP_RESULT));
}

std::uint32_t fabric_driver::compute(unsigned set, std::uint64_t flops_per_device, std::uint32_t phase,
                                     std::uint32_t tag) {
    return ring(op_compute, phase, set, 0, flops_per_device, tag);
}

std::uint32_t fabric_driver::send(unsigned src, unsigned dst, std::uint64_t bytes, std::uint32_t tag) {
    return ring(op_send, 0, src, dst, bytes, tag);
}

std::uint32_t fabric_driver::allreduce(unsigned set, std::uint64_t bytes, std::uint32_t tag) {
    return ring(op_allreduce, 0, set, 0, bytes, tag);
}

std::uint32_t fabric_driver::allreduce_hierarchical(unsigned set, unsigned group_size, std::uint64_t bytes,
                                                    std::uint32_t tag) {
    return ring(op_allreduce_hier, 0, set, group_size, bytes, tag);
}

std::uint32_t fabric_driver::start_probe(unsigned src, unsigned dst, std::uint32_t small_bytes,
                                         std::uint64_t large_bytes, std::uint32_t tag) {
    m_bus.write32(reg(PROBE_SMALL_BYTES), small_bytes);
    return ring(op_probe, 0, src, dst, large_bytes, tag);
}

std::size_t fabric_driver::wait_completions(completion* out, std::size_t max, std::uint64_t timeout_ns) {
    // A fault or a refusal also raises the line: acknowledge it and keep waiting for a completion.
    const std::uint64_t deadline = m_bus.now_ns() + timeout_ns;
    while (m_bus.read32(reg(CPL_COUNT)) == 0) {
        const std::uint64_t now = m_bus.now_ns();
        if (now >= deadline || !m_bus.wait_irq(m_irq_line, deadline - now)) return 0;
        if (m_bus.read32(reg(CPL_COUNT)) == 0) m_bus.write32(reg(IRQ_STATUS), m_bus.read32(reg(IRQ_STATUS)));
    }
    std::size_t n = 0;
    while (n < max && m_bus.read32(reg(CPL_COUNT)) > 0) {
        completion& c = out[n++];
        c.tag = m_bus.read32(reg(CPL_TAG));
        c.status = m_bus.read32(reg(CPL_STATUS));
        c.start_ns = m_bus.read64(reg(CPL_START_NS));
        c.end_ns = m_bus.read64(reg(CPL_END_NS));
        m_bus.write32(reg(CPL_POP), 1);
    }
    const std::uint32_t pending = m_bus.read32(reg(IRQ_STATUS));
    m_bus.write32(reg(IRQ_STATUS), pending);  // DONE stays set by the device while entries remain
    return n;
}

fabric_driver::probe_result fabric_driver::run_probe(unsigned src, unsigned dst, std::uint32_t small_bytes,
                                                     std::uint64_t large_bytes, std::uint64_t timeout_ns) {
    probe_result r;
    if (start_probe(src, dst, small_bytes, large_bytes, 0) != error_none) return r;
    completion c;
    if (wait_completions(&c, 1, timeout_ns) != 1) return r;
    r.ok = c.status == error_none;
    r.small_ns = m_bus.read64(reg(PROBE_SMALL_NS));
    r.large_ns = m_bus.read64(reg(PROBE_LARGE_NS));
    return r;
}

std::uint32_t fabric_driver::compute_on_device(unsigned d, std::uint64_t flops, std::uint32_t phase,
                                               std::uint32_t tag) {
    m_bus.write32(dev_reg(d, D_CTRL), CTRL_IRQ_EN);
    m_bus.write64(dev_reg(d, D_OP_FLOPS), flops);
    m_bus.write32(dev_reg(d, D_OP_PHASE), phase);
    m_bus.write32(dev_reg(d, D_OP_TAG), tag);
    m_bus.write32(dev_reg(d, D_DOORBELL), 1);
    return m_bus.read32(dev_reg(d, D_OP_RESULT));
}

bool fabric_driver::wait_device_completion(unsigned d, completion& out, std::uint64_t timeout_ns) {
    // The line also rises for the fabric's own events and other devices: acknowledge what is not ours and wait on.
    const std::uint64_t deadline = m_bus.now_ns() + timeout_ns;
    while (m_bus.read32(dev_reg(d, D_CPL_COUNT)) == 0) {
        const std::uint64_t now = m_bus.now_ns();
        if (now >= deadline || !m_bus.wait_irq(m_irq_line, deadline - now)) return false;
        if (m_bus.read32(dev_reg(d, D_CPL_COUNT)) == 0) m_bus.write32(reg(IRQ_STATUS), m_bus.read32(reg(IRQ_STATUS)));
    }
    out.tag = m_bus.read32(dev_reg(d, D_CPL_TAG));
    out.status = m_bus.read32(dev_reg(d, D_CPL_STATUS));
    out.start_ns = m_bus.read64(dev_reg(d, D_CPL_START_NS));
    out.end_ns = m_bus.read64(dev_reg(d, D_CPL_END_NS));
    m_bus.write32(dev_reg(d, D_CPL_POP), 1);
    m_bus.write32(dev_reg(d, D_IRQ_STATUS), m_bus.read32(dev_reg(d, D_IRQ_STATUS)));
    return true;
}

fabric_driver::device_counters fabric_driver::device(unsigned d) {
    device_counters c;
    c.busy_ns = m_bus.read64(dev_reg(d, D_BUSY_NS));
    c.stall_ns = m_bus.read64(dev_reg(d, D_STALL_NS));
    c.flops = m_bus.read64(dev_reg(d, D_FLOPS));
    c.alive = m_bus.read32(dev_reg(d, D_STATE)) != 0;
    c.memory_mib = m_bus.read32(dev_reg(d, D_MEM_MIB));
    const std::uint32_t loc = m_bus.read32(dev_reg(d, D_LOCATION));
    c.site = loc >> 16;
    c.server = loc & 0xffff;
    return c;
}

unsigned fabric_driver::link_count() { return m_bus.read32(reg(LINK_COUNT)); }

fabric_driver::link_counters fabric_driver::link(unsigned l) {
    link_counters c;
    m_bus.write32(reg(LINK_SEL), l);
    c.bytes = m_bus.read64(reg(LINK_BYTES));
    c.busy_ns = m_bus.read64(reg(LINK_BUSY_NS));
    const std::uint32_t info = m_bus.read32(reg(LINK_INFO));
    c.tier = info >> 24;
    c.up = (info & 1) != 0;
    return c;
}

unsigned fabric_driver::route_link(unsigned src, unsigned dst) {
    m_bus.write32(reg(ROUTE_SRC), src);
    m_bus.write32(reg(ROUTE_DST), dst);
    return m_bus.read32(reg(ROUTE_LINK));
}

std::size_t fabric_driver::route_links(unsigned src, unsigned dst, unsigned* out, std::size_t max) {
    m_bus.write32(reg(ROUTE_SRC), src);
    m_bus.write32(reg(ROUTE_DST), dst);
    const std::size_t hops = m_bus.read32(reg(ROUTE_HOPS));
    for (std::size_t i = 0; i < hops && i < max; ++i) {
        m_bus.write32(reg(ROUTE_HOP_SEL), static_cast<std::uint32_t>(i));
        out[i] = m_bus.read32(reg(ROUTE_HOP));
    }
    return hops;
}

double fabric_driver::link_capacity_Bps(unsigned l) {
    m_bus.write32(reg(LINK_SEL), l);
    return m_bus.read32(reg(LINK_MBPS)) * 1e6 / 8;
}

std::uint32_t fabric_driver::faults() { return m_bus.read32(reg(FAULTS)); }

} // namespace vplab::drivers
