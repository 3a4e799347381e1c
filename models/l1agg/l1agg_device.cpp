#include "l1agg_device.h"

#include <cmath>

namespace vplab::l1agg {

using namespace regs::l1agg;

l1agg_device::l1agg_device(sc_core::sc_module_name name, const params& p)
    : peripheral(name), irq("irq"), m_params(p), m_sim(p.gpu) {
    // Bad descriptors never reach the model: the launch is refused at once.
    m_job.check_on_start([this] { return check_launch(m_pending); });
    m_job.error.describe("0 none, 1 bad workload, 2 bad grid, 3 bad footprint, 4 bad parameter, 5 busy, 6 no trace");
    m_workload.describe("0 broadcast, 1 gemm, 2 stencil, 3 zipf, 4 streaming, 5 trace");
    m_grid.describe("thread blocks (CTAs) of a generated kernel");
    m_footprint.describe("shared-structure size in KiB");
    m_sharing.describe("sharing degree; 0 = the class default");
    m_reuse.describe("passes over the shared data");
    m_write.describe("stores per 1000 memory instructions");
    m_mapping.describe("CTA-to-core mapping: 0 round-robin over clusters, 1 clustered");
    m_mem_per_warp.describe("memory instructions per warp (zipf, streaming)");
    m_alu.describe("non-memory instructions before each memory instruction");
    m_zipf.describe("Zipf alpha x 1000 (zipf)");
    m_seed.describe("generator seed");
    m_trace_kernel.describe("kernel of the loaded trace list (kernelslist.g order) that WORKLOAD = trace runs");
    m_cycles.describe("core cycles of the last kernel");
    m_xbar.describe("crossbar queueing cycles of the last kernel, summed over ports");
    SC_HAS_PROCESS(l1agg_device);
    SC_THREAD(worker);
}

void l1agg_device::reset() {
    peripheral::reset();
    m_last = m_total = kernel_stats{};
    m_kernels = 0;
    m_job.reset();
}

std::uint32_t l1agg_device::check_launch(workload_params& w) const {
    const auto id = m_workload.value();
    if (id > workload_trace) return error_bad_workload;
    if (id == workload_trace) return m_trace_kernel.value() < m_params.traces.size() ? error_none : error_no_trace;
    w.cls = static_cast<workload_class>(id);
    w.grid = static_cast<unsigned>(m_grid.value());
    w.warps_per_cta = static_cast<unsigned>(m_warps.value());
    if (w.grid == 0 || w.grid > (1u << 20) || w.warps_per_cta == 0 || w.warps_per_cta > 64) return error_bad_grid;
    const std::uint64_t kib = m_footprint.value();
    if (kib == 0 || kib > (4ull << 20)) return error_bad_footprint;
    w.footprint = kib * 1024;
    w.sharing = static_cast<unsigned>(m_sharing.value());
    w.reuse = static_cast<unsigned>(m_reuse.value());
    w.write_fraction = double(m_write.value()) / 1000.0;
    w.mem_per_warp = static_cast<unsigned>(m_mem_per_warp.value());
    w.alu_per_mem = static_cast<unsigned>(m_alu.value());
    w.zipf_alpha = double(m_zipf.value()) / 1000.0;
    w.seed = m_seed.value();
    if (m_mapping.value() > 1) return error_bad_param;
    try {
        check(w);
    } catch (const std::invalid_argument&) {
        return error_bad_param;
    }
    return error_none;
}

void l1agg_device::worker() {
    for (;;) {
        sc_core::wait(m_job.started());
        kernel_ptr k = m_workload.value() == workload_trace ? m_params.traces[m_trace_kernel.value()]
                                                            : make_kernel(m_pending);
        const cta_mapping map = m_mapping.value() == 1 ? cta_mapping::clustered : cta_mapping::round_robin;
        m_last = m_sim.run(*k, map);
        m_total += m_last;
        ++m_kernels;
        sc_core::wait(m_params.clock * static_cast<double>(m_last.cycles));
        const kernel_stats& s = m_last;
        m_cycles.set(s.cycles);
        m_instructions.set(s.instructions);
        m_accesses.set(s.accesses);
        m_local.set(s.local_hits);
        m_remote.set(s.remote_hits);
        m_misses.set(s.misses);
        m_l2.set(s.l2_accesses);
        m_xbar.set(static_cast<std::uint64_t>(std::llround(s.crossbar_stall_cycles)));
        m_load_req.set(s.load_bytes_requested);
        m_load_done.set(s.load_bytes_delivered);
        m_fetch_out.set(s.fetch_bytes_sent);
        m_fetch_in.set(s.fetch_bytes_returned);
        m_store_out.set(s.store_bytes_sent);
        m_store_in.set(s.store_bytes_at_l2);
        m_kernel_count.set(m_kernels);
        m_job.finish(error_none);
    }
}

void l1agg_device::report_stats(nlohmann::json& out) const {
    peripheral::report_stats(out);
    const kernel_stats& s = m_total;
    out["kernels"] = m_kernels;
    out["failed_launches"] = m_job.failed_jobs();
    out["cycles"] = s.cycles;
    out["instructions"] = s.instructions;
    out["mem_instructions"] = s.mem_instructions;
    out["accesses"] = s.accesses;
    out["store_accesses"] = s.store_accesses;
    out["local_hits"] = s.local_hits;
    out["remote_hits"] = s.remote_hits;
    out["misses"] = s.misses;
    out["pending_hits"] = s.pending_hits;
    out["mshr_merges"] = s.mshr_merges;
    out["mshr_stalls"] = s.mshr_stalls;
    out["remote_l1_reads"] = s.remote_l1_reads;
    out["remote_refetches"] = s.remote_refetches;
    out["remote_probes_avoided"] = s.remote_probes_avoided;
    out["ata_invalidations"] = s.ata_invalidations;
    out["l2_accesses"] = s.l2_accesses;
    out["l2_hits"] = s.l2_hits;
    out["dram_reads"] = s.dram_reads;
    out["dram_writes"] = s.dram_writes;
    out["crossbar_bytes"] = s.crossbar_bytes;
    out["crossbar_stall_cycles"] = s.crossbar_stall_cycles;
    out["l1_port_stall_cycles"] = s.l1_port_stall_cycles;
    const dram_totals d = m_sim.dram();
    out["dram_read_bursts"] = d.read_bursts;
    out["dram_write_bursts"] = d.write_bursts;
    out["dram_row_hits"] = d.row_hits;
    out["dram_row_misses"] = d.row_misses;
    out["dram_row_conflicts"] = d.row_conflicts;
    out["dram_energy_pj"] = d.energy_pj;
}

} // namespace vplab::l1agg
