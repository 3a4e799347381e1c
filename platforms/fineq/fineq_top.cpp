#include "fineq_top.h"

namespace vplab::platforms {

namespace {
sc_core::sc_time ps(const config::values& v, const char* path) {
    return sc_core::sc_time(static_cast<double>(v.time_ps(path)), sc_core::SC_PS);
}
} // namespace

models::fineq::fineq_accel::params fineq_top::accel_params(const config::values& v) {
    using namespace regs::fineq;
    models::fineq::fineq_accel::params p;
    p.array.rows = static_cast<unsigned>(v.unsigned_("fineq.array.rows"));
    p.array.cols = static_cast<unsigned>(v.unsigned_("fineq.array.cols"));
    const std::string& pe = v.string("fineq.array.pe");
    p.array.pe = pe == "unary" ? pe_unary : pe == "bitserial" ? pe_bitserial : pe_multiplier;
    p.array.weight_sram = v.bytes("fineq.sram.weight");
    p.array.act_sram = v.bytes("fineq.sram.activation");
    p.array.out_sram = v.bytes("fineq.sram.output");
    p.array.dma_bytes_per_cycle = static_cast<unsigned>(v.unsigned_("fineq.dma.bytes_per_cycle"));
    p.clock = ps(v, "fineq.clock");
    p.burst_bytes = static_cast<unsigned>(v.unsigned_("fineq.dma.burst_bytes"));
    p.max_dim = static_cast<std::uint32_t>(v.unsigned_("fineq.max_dim"));
    p.baseline_weight_bits = static_cast<unsigned>(v.unsigned_("fineq.baseline.weight_bits"));
    p.energy.tech_scale = v.real("fineq.energy.tech_scale");
    p.energy.dram_64b_pj = v.real("fineq.energy.dram_pj_per_64bit");
    p.energy.dff_clock_pj = v.real("fineq.energy.register_bit_pj");
    return p;
}

fineq_top::fineq_top(sc_core::sc_module_name name, const config::values& v)
    : sc_module(name), cpu("cpu", 1, ps(v, "fineq.cpu.access_cost")), bus("bus"),
      accel("accel", accel_params(v)), accel_irq("accel_irq"), m_ram_base(v.unsigned_("fineq.ram.base")),
      m_accel_base(v.unsigned_("fineq.accel.base")), m_memory_size(0) {
    cpu.out.bind(bus.in);
    accel.dma.out.bind(bus.in);
    if (v.string("fineq.memory.model") == "dram") {
        vplab::dram::dram_config c;
        c.spec = vplab::dram::preset(v.string("fineq.dram.preset"));
        c.mapping = v.string("fineq.dram.mapping");
        c.base_address = 0;  // the router hands targets window-relative addresses
        dram = std::make_unique<vplab::dram::dram_memory>("dram", c);
        m_memory_size = dram->size();
        bus.map(dram->socket, m_ram_base, m_memory_size, "dram");
    } else {
        ram = std::make_unique<core::memory>("ram", v.bytes("fineq.ram.size"), ps(v, "fineq.ram.read_latency"),
                                             ps(v, "fineq.ram.write_latency"));
        m_memory_size = ram->size();
        bus.map(ram->in, m_ram_base, m_memory_size, "ram");
    }
    bus.map(accel.in, m_accel_base, 0x1000, "accel");
    accel.irq.bind(accel_irq);
    cpu.irq[accel_irq_line].bind(accel_irq);
}

void fineq_top::trace(sc_core::sc_trace_file* vcd) {
    if (vcd) sc_core::sc_trace(vcd, accel_irq, accel_irq.name());
}

} // namespace vplab::platforms
