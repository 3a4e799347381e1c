#include "fusefps_top.h"

#include <dram/address_mapper.h>

namespace vplab::platforms {

namespace {
sc_core::sc_time ps(const config::values& v, const char* path) {
    return sc_core::sc_time(static_cast<double>(v.time_ps(path)), sc_core::SC_PS);
}
} // namespace

models::fusefps_accel::params accel_params(const config::values& v) {
    models::fusefps_accel::params p;
    p.clock = ps(v, "fusefps.clock");
    p.lanes = static_cast<unsigned>(v.unsigned_("fusefps.lanes"));
    p.pes = static_cast<unsigned>(v.unsigned_("fusefps.pes"));
    p.pipeline_cycles = static_cast<unsigned>(v.unsigned_("fusefps.pipeline_cycles"));
    p.bucket_units = static_cast<unsigned>(v.unsigned_("fusefps.bucket_units"));
    p.capacity = static_cast<unsigned>(v.unsigned_("fusefps.capacity"));
    p.merge_buffer = static_cast<unsigned>(v.unsigned_("fusefps.merge_buffer"));
    p.dma_bytes = static_cast<unsigned>(v.bytes("fusefps.dma_bytes"));
    p.outstanding = static_cast<unsigned>(v.unsigned_("fusefps.outstanding"));
    p.point_buffer = v.bytes("fusefps.point_buffer");
    p.energy.static_mw = v.real("fusefps.energy.static_mw");
    p.dma_face = v.string("fusefps.dma_face") == "at" ? models::stream_dma::face::at : models::stream_dma::face::lt;
    return p;
}

vplab::dram::dram_config fusefps_dram_config(const config::values& v) {
    vplab::dram::dram_config c;
    c.spec = vplab::dram::preset(v.string("fusefps.dram.preset"));
    c.mapping = v.string("fusefps.dram.mapping");
    try {
        vplab::dram::address_mapper check(c.spec.org, c.mapping);
    } catch (const std::invalid_argument& e) {
        throw config::input_error({{v.where("fusefps.dram.mapping"), "fusefps.dram.mapping", e.what()}});
    }
    c.base_address = 0;  // the router hands targets window-relative addresses
    return c;
}

fusefps_top::fusefps_top(sc_core::sc_module_name name, const config::values& v)
    : sc_module(name), cpu("cpu", 1, ps(v, "fusefps.cpu.access_cost")), bus("bus"),
      accel("accel", accel_params(v)), accel_irq("accel_irq"), m_mem_base(v.unsigned_("fusefps.memory.base")),
      m_accel_base(v.unsigned_("fusefps.base")) {
    cpu.out.bind(bus.in);
    accel.dma.out.bind(bus.in);
    if (v.string("fusefps.memory.model") == "dram") {
        dram = std::make_unique<vplab::dram::dram_memory>("dram", fusefps_dram_config(v));
        m_mem_size = dram->size();
        bus.map(dram->socket, m_mem_base, m_mem_size, "dram");
    } else {
        m_mem_size = v.bytes("fusefps.memory.size");
        ram = std::make_unique<core::memory>("ram", m_mem_size, ps(v, "fusefps.memory.latency"),
                                             ps(v, "fusefps.memory.latency"));
        bus.map(ram->in, m_mem_base, m_mem_size, "ram");
    }
    bus.map(accel.in, m_accel_base, 0x1000, "fusefps");
    accel.irq.bind(accel_irq);
    cpu.irq[accel_irq_line].bind(accel_irq);
}

void fusefps_top::trace(sc_core::sc_trace_file* vcd) {
    if (vcd) sc_core::sc_trace(vcd, accel_irq, accel_irq.name());
}

} // namespace vplab::platforms
