#pragma once
// The FineQ GEMM accelerator: a DMA front end, weight / activation / output buffers, the FineQ record decoder
// and an R x C weight-stationary systolic array whose PEs are temporal-coded (unary or bit-serial windows of
// additions) or, as the baseline, INT8 x INT4 multipliers. One job = one GEMM programmed through registers
// (fineq_regs.h). The outputs are computed exactly (INT32 sums, binary32 rescale); the job's length comes
// from the closed-form tile schedule (tile_schedule.h), and its energy from the per-operation table.

#include "energy_table.h"
#include "fineq_regs.h"
#include "tile_schedule.h"
#include "weight_decoder.h"

#include <core/dma_engine.h>
#include <core/job_control.h>
#include <core/peripheral.h>
#include <vector>

namespace vplab::models::fineq {

class fineq_accel : public core::peripheral {
public:
    struct params {
        array_config array;
        sc_core::sc_time clock = sc_core::sc_time(1, sc_core::SC_NS);
        unsigned burst_bytes = 256;         // bytes per DMA bus transaction
        std::uint32_t max_dim = 65536;      // largest M, N or K accepted (INT32 sums cannot overflow below it)
        unsigned baseline_weight_bits = 4;  // weight width of a multiplier PE (area and energy only)
        energy_table energy;
    };

    // What the last successful job measured, beyond the registers (energy needs the model's internals).
    struct job_report {
        bool valid = false;
        schedule plan;
        op_counts ops;
        energy_report energy;
    };

    sc_core::sc_out<bool> irq;
    core::dma_engine dma;

    fineq_accel(sc_core::sc_module_name name, const params& p);

    void reset() override;
    void report_stats(nlohmann::json& out) const override;
    const job_report& last_job() const { return m_last; }
    const params& parameters() const { return m_params; }

private:
    // The job's registers as they were when START was accepted.
    struct descriptor {
        std::uint64_t format = 0, group = 0, m = 0, n = 0, k = 0, w_addr = 0, w_bytes = 0, a_scale = 0, s_addr = 0,
                      a_addr = 0, o_addr = 0;
    };

    void worker();
    std::uint32_t check_job() const;
    // Reads the job's inputs and computes its outputs and report; writes nothing (the worker does, at the job's end).
    std::uint32_t run_job(std::vector<float>& out, job_report& report);
    void publish(const job_report& report);  // the counters of a finished job
    weight_format format() const;
    // The packed bytes tile (kt, nt) needs; with `strip_share`, a FineQ record that straddles two K tiles counts only
    // in the tile of its first weight (tile_inputs::strip_bytes).
    std::uint64_t tile_weight_bytes(const weight_format& f, const std::vector<std::uint8_t>& scales, std::size_t kt,
                                    std::size_t nt, bool strip_share = false) const;

    params m_params;
    descriptor m_desc;
    core::reg m_id{m_regs, "ID", regs::fineq::ID, 4, regs::fineq::id_value, core::access::ro, 0};
    core::job_control m_job{m_regs,
                            {regs::fineq::CTRL, regs::fineq::STATUS, regs::fineq::IRQ_STATUS, regs::fineq::ERROR,
                             regs::fineq::error_busy},
                            irq, m_log};
    core::reg m_format{m_regs, "FORMAT", regs::fineq::FORMAT, 4, 0, core::access::rw, regs::fineq::FORMAT_MASK};
    core::reg m_group{m_regs, "GROUP", regs::fineq::GROUP, 4, 0, core::access::rw};
    core::reg m_m{m_regs, "M", regs::fineq::M, 4, 0, core::access::rw};
    core::reg m_n{m_regs, "N", regs::fineq::N, 4, 0, core::access::rw};
    core::reg m_k{m_regs, "K", regs::fineq::K, 4, 0, core::access::rw};
    core::reg m_w_addr{m_regs, "W_ADDR", regs::fineq::W_ADDR, 8, 0, core::access::rw};
    core::reg m_w_bytes{m_regs, "W_BYTES", regs::fineq::W_BYTES, 4, 0, core::access::rw};
    core::reg m_a_scale{m_regs, "A_SCALE", regs::fineq::A_SCALE, 4, 0x3f800000, core::access::rw};
    core::reg m_s_addr{m_regs, "S_ADDR", regs::fineq::S_ADDR, 8, 0, core::access::rw};
    core::reg m_a_addr{m_regs, "A_ADDR", regs::fineq::A_ADDR, 8, 0, core::access::rw};
    core::reg m_o_addr{m_regs, "O_ADDR", regs::fineq::O_ADDR, 8, 0, core::access::rw};
    core::reg m_array{m_regs, "ARRAY", regs::fineq::ARRAY, 4, 0, core::access::ro, 0};
    core::reg m_pe_kind{m_regs, "PE_KIND", regs::fineq::PE_KIND, 4, 0, core::access::ro, 0};
    core::reg m_cycles{m_regs, "CYCLES", regs::fineq::CYCLES, 8, 0, core::access::ro, 0};
    core::reg m_macs{m_regs, "MACS", regs::fineq::MACS, 8, 0, core::access::ro, 0};
    core::reg m_stalls{m_regs, "STALL_CYCLES", regs::fineq::STALL_CYCLES, 8, 0, core::access::ro, 0};
    core::reg m_sram_bytes{m_regs, "SRAM_BYTES", regs::fineq::SRAM_BYTES, 8, 0, core::access::ro, 0};
    core::reg m_dram_bytes{m_regs, "DRAM_BYTES", regs::fineq::DRAM_BYTES, 8, 0, core::access::ro, 0};
    core::reg m_job_ns{m_regs, "JOB_NS", regs::fineq::JOB_NS, 8, 0, core::access::ro, 0};
    core::reg m_scratch{m_regs, "SCRATCH", regs::fineq::SCRATCH, 4, 0, core::access::rw};

    job_report m_last;
};

} // namespace vplab::models::fineq
