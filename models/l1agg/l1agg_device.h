#pragma once
// The l1agg GPU as a memory-mapped device: firmware selects a workload and its parameters in registers, starts a
// kernel, and gets an interrupt when it is done. The kernel runs on gpu_sim (computed request by request in core
// cycles); the device then waits out the kernel's duration, so simulated time matches the modelled cycles.

#include "gpu_sim.h"
#include "l1agg_regs.h"
#include "workload_generators.h"

#include <core/job_control.h>
#include <core/peripheral.h>
#include <memory>

namespace vplab::l1agg {

class l1agg_device : public core::peripheral {
public:
    struct params {
        gpu_params gpu;
        sc_core::sc_time clock = sc_core::sc_time(1, sc_core::SC_NS);  // core clock period
        std::vector<kernel_ptr> traces;  // the kernels behind WORKLOAD = trace (TRACE_KERNEL picks one), in order
    };

    sc_core::sc_out<bool> irq;

    l1agg_device(sc_core::sc_module_name name, const params& p);

    void reset() override;
    void report_stats(nlohmann::json& out) const override;

    const kernel_stats& last() const { return m_last; }
    const kernel_stats& total() const { return m_total; }  // summed over every kernel since reset
    std::uint64_t kernels() const { return m_kernels; }
    gpu_sim& sim() { return m_sim; }

private:
    std::uint32_t check_launch(workload_params& w) const;
    void worker();

    params m_params;
    gpu_sim m_sim;
    kernel_stats m_last, m_total;
    std::uint64_t m_kernels = 0;
    workload_params m_pending;

    using access = core::access;
    core::reg m_id{m_regs, "ID", regs::l1agg::ID, 4, regs::l1agg::id_value, access::ro, 0};
    core::job_control m_job{m_regs,
                            {regs::l1agg::CTRL, regs::l1agg::STATUS, regs::l1agg::IRQ_STATUS, regs::l1agg::ERROR,
                             regs::l1agg::error_busy},
                            irq, m_log};
    core::reg m_workload{m_regs, "WORKLOAD", regs::l1agg::WORKLOAD, 4, 0, access::rw};
    core::reg m_grid{m_regs, "GRID", regs::l1agg::GRID, 4, 64, access::rw};
    core::reg m_warps{m_regs, "WARPS_PER_CTA", regs::l1agg::WARPS_PER_CTA, 4, 4, access::rw};
    core::reg m_footprint{m_regs, "FOOTPRINT_KIB", regs::l1agg::FOOTPRINT_KIB, 4, 16, access::rw};
    core::reg m_sharing{m_regs, "SHARING", regs::l1agg::SHARING, 4, 0, access::rw};
    core::reg m_reuse{m_regs, "REUSE", regs::l1agg::REUSE, 4, 1, access::rw};
    core::reg m_write{m_regs, "WRITE_PM", regs::l1agg::WRITE_PM, 4, 0, access::rw};
    core::reg m_mapping{m_regs, "MAPPING", regs::l1agg::MAPPING, 4, 0, access::rw};
    core::reg m_mem_per_warp{m_regs, "MEM_PER_WARP", regs::l1agg::MEM_PER_WARP, 4, 64, access::rw};
    core::reg m_alu{m_regs, "ALU_PER_MEM", regs::l1agg::ALU_PER_MEM, 4, 4, access::rw};
    core::reg m_zipf{m_regs, "ZIPF_MILLI", regs::l1agg::ZIPF_MILLI, 4, 1000, access::rw};
    core::reg m_seed{m_regs, "SEED", regs::l1agg::SEED, 8, 1, access::rw};
    core::reg m_cycles{m_regs, "CYCLES", regs::l1agg::CYCLES, 8, 0, access::ro, 0};
    core::reg m_instructions{m_regs, "INSTRUCTIONS", regs::l1agg::INSTRUCTIONS, 8, 0, access::ro, 0};
    core::reg m_accesses{m_regs, "ACCESSES", regs::l1agg::ACCESSES, 8, 0, access::ro, 0};
    core::reg m_local{m_regs, "LOCAL_HITS", regs::l1agg::LOCAL_HITS, 8, 0, access::ro, 0};
    core::reg m_remote{m_regs, "REMOTE_HITS", regs::l1agg::REMOTE_HITS, 8, 0, access::ro, 0};
    core::reg m_misses{m_regs, "MISSES", regs::l1agg::MISSES, 8, 0, access::ro, 0};
    core::reg m_l2{m_regs, "L2_ACCESSES", regs::l1agg::L2_ACCESSES, 8, 0, access::ro, 0};
    core::reg m_xbar{m_regs, "XBAR_STALLS", regs::l1agg::XBAR_STALLS, 8, 0, access::ro, 0};
    core::reg m_load_req{m_regs, "LD_BYTES_REQ", regs::l1agg::LD_BYTES_REQ, 8, 0, access::ro, 0};
    core::reg m_load_done{m_regs, "LD_BYTES_DONE", regs::l1agg::LD_BYTES_DONE, 8, 0, access::ro, 0};
    core::reg m_fetch_out{m_regs, "FETCH_OUT", regs::l1agg::FETCH_OUT, 8, 0, access::ro, 0};
    core::reg m_fetch_in{m_regs, "FETCH_IN", regs::l1agg::FETCH_IN, 8, 0, access::ro, 0};
    core::reg m_store_out{m_regs, "ST_BYTES_OUT", regs::l1agg::ST_BYTES_OUT, 8, 0, access::ro, 0};
    core::reg m_store_in{m_regs, "ST_BYTES_IN", regs::l1agg::ST_BYTES_IN, 8, 0, access::ro, 0};
    core::reg m_kernel_count{m_regs, "KERNELS", regs::l1agg::KERNELS, 4, 0, access::ro, 0};
    core::reg m_trace_kernel{m_regs, "TRACE_KERNEL", regs::l1agg::TRACE_KERNEL, 4, 0, access::rw};
};

} // namespace vplab::l1agg
