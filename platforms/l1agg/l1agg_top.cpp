#include "l1agg_top.h"

namespace vplab::platforms {

namespace {

unsigned u(const config::values& v, const char* key) { return static_cast<unsigned>(v.unsigned_(key)); }

l1agg::l1agg_device::params device_params(const config::values& v, std::vector<l1agg::kernel_ptr> traces) {
    l1agg::l1agg_device::params p;
    p.gpu = l1agg_gpu_params(v);
    p.clock = sc_core::sc_time(static_cast<double>(v.time_ps("l1agg.clock")), sc_core::SC_PS);
    p.traces = std::move(traces);
    return p;
}

} // namespace

l1agg::gpu_params l1agg_gpu_params(const config::values& v) {
    l1agg::gpu_params p;
    p.org = l1agg::parse_organisation(v.string("l1agg.organisation"));
    p.cores = u(v, "l1agg.cores");
    p.cluster_size = u(v, "l1agg.cluster_size");
    p.max_warps_per_core = u(v, "l1agg.max_warps_per_core");
    p.issue_per_cycle = v.real("l1agg.issue_per_cycle");
    p.l1 = {u(v, "l1agg.l1.sets"), u(v, "l1agg.l1.ways"), v.string("l1agg.l1.set_index") == "hashed"};
    p.l1_hit_latency = v.real("l1agg.l1.hit_latency");
    p.l1_tag_per_cycle = v.real("l1agg.l1.tag_lookups_per_cycle");
    p.l1_port_bytes = v.real("l1agg.l1.port_bytes_per_cycle");
    p.l1_mshrs = u(v, "l1agg.l1.mshrs");
    p.write_allocate = v.string("l1agg.l1.write_policy") == "allocate";
    p.tag_probe_latency = v.real("l1agg.ata.probe_latency");
    p.ata_probes_per_cycle = v.real("l1agg.ata.probes_per_cycle");
    p.ata_fill_local = v.boolean("l1agg.ata.fill_local");
    p.xbar_hop_latency = v.real("l1agg.xbar.hop_latency");
    p.xbar_bytes = v.real("l1agg.xbar.bytes_per_cycle");
    p.xbar_header_bytes = u(v, "l1agg.xbar.header_bytes");
    p.l2_slices = u(v, "l1agg.l2.slices");
    p.l2 = {u(v, "l1agg.l2.sets"), u(v, "l1agg.l2.ways")};
    p.l2_latency = v.real("l1agg.l2.latency");
    p.l2_bytes = v.real("l1agg.l2.bytes_per_cycle");
    p.noc_latency = v.real("l1agg.l2.noc_latency");
    p.dram.spec = dram::preset(v.string("l1agg.dram.preset"));
    p.dram.spec.org.channels = u(v, "l1agg.dram.channels");
    p.dram.mapping = v.string("l1agg.dram.mapping");
    p.dram.controller.scheduler = dram::parse_scheduler(v.string("l1agg.dram.scheduler"));
    p.dram.controller.page_policy = dram::parse_page_policy(v.string("l1agg.dram.page_policy"));
    p.dram.controller.queue_depth = u(v, "l1agg.dram.queue_depth");
    p.clock_ps = v.time_ps("l1agg.clock");
    l1agg::check(p);
    return p;
}

l1agg_top::l1agg_top(sc_core::sc_module_name name, const config::values& v, std::vector<l1agg::kernel_ptr> traces)
    : sc_module(name),
      cpu("cpu", 1, sc_core::sc_time(static_cast<double>(v.time_ps("l1agg.cpu.access_cost")), sc_core::SC_PS)),
      bus("bus"),
      gpu("gpu", device_params(v, std::move(traces))),
      gpu_irq("gpu_irq"),
      m_gpu_base(v.unsigned_("l1agg.device.base")) {
    cpu.out.bind(bus.in);
    bus.map(gpu.in, m_gpu_base, 0x1000, "gpu");
    gpu.irq.bind(gpu_irq);
    cpu.irq[gpu_irq_line].bind(gpu_irq);
}

void l1agg_top::trace(sc_core::sc_trace_file* vcd) {
    if (vcd) sc_core::sc_trace(vcd, gpu_irq, gpu_irq.name());
}

} // namespace vplab::platforms
