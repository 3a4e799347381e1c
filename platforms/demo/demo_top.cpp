#include "demo_top.h"

namespace vplab::platforms {

namespace {
sc_core::sc_time ps(const config::values& v, const char* path) {
    return sc_core::sc_time(static_cast<double>(v.time_ps(path)), sc_core::SC_PS);
}

models::dma_copy::params dma_params(const config::values& v) {
    models::dma_copy::params p;
    p.burst_bytes = static_cast<unsigned>(v.unsigned_("demo.dma.burst_bytes"));
    p.clock = ps(v, "demo.dma.clock");
    p.bytes_per_cycle = static_cast<unsigned>(v.unsigned_("demo.dma.bytes_per_cycle"));
    p.max_bytes = static_cast<std::uint32_t>(v.bytes("demo.dma.max_bytes"));
    return p;
}
} // namespace

demo_top::demo_top(sc_core::sc_module_name name, const config::values& v)
    : sc_module(name), cpu("cpu", 1, ps(v, "demo.cpu.access_cost")), bus("bus"),
      ram("ram", v.bytes("demo.ram.size"), ps(v, "demo.ram.read_latency"), ps(v, "demo.ram.write_latency")),
      dma("dma", dma_params(v)), dma_irq("dma_irq"), m_ram_base(v.unsigned_("demo.ram.base")),
      m_dma_base(v.unsigned_("demo.dma.base")) {
    cpu.out.bind(bus.in);
    dma.dma.out.bind(bus.in);
    bus.map(ram.in, m_ram_base, ram.size(), "ram");
    bus.map(dma.in, m_dma_base, 0x1000, "dma");
    dma.irq.bind(dma_irq);
    cpu.irq[dma_irq_line].bind(dma_irq);
}

void demo_top::trace(sc_core::sc_trace_file* vcd) {
    if (vcd) sc_core::sc_trace(vcd, dma_irq, dma_irq.name());
}

} // namespace vplab::platforms
