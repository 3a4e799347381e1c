#include "spantrain_top.h"

namespace vplab::platforms {

spantrain_top::spantrain_top(sc_core::sc_module_name name, const models::gpufabric::fabric_spec& spec,
                             std::uint64_t fabric_base, sc_core::sc_time cpu_access_cost)
    : sc_module(name), cpu("cpu", 1, cpu_access_cost), bus("bus"), fabric("fabric", spec), fabric_irq("fabric_irq"),
      m_fabric_base(fabric_base) {
    cpu.out.bind(bus.in);
    // The fabric block, then one register block per device.
    bus.map(fabric.in, m_fabric_base,
            regs::gpufabric::DEV_BLOCK + std::uint64_t{fabric.devices()} * regs::gpufabric::DEV_STRIDE, "fabric");
    fabric.irq.bind(fabric_irq);
    cpu.irq[fabric_irq_line].bind(fabric_irq);
}

} // namespace vplab::platforms
