#pragma once
// The demo accelerator: copies LEN bytes from SRC to DST in bursts through its own bus master and raises an
// interrupt when done. Small on purpose: it is the worked example of a peripheral (docs/core.md).

#include "dma_copy_regs.h"

#include <core/dma_engine.h>
#include <core/peripheral.h>
#include <vector>

namespace vplab::models {

class dma_copy : public core::peripheral {
public:
    struct params {
        unsigned burst_bytes = 64;                         // bytes per bus transaction
        sc_core::sc_time clock = sc_core::sc_time(1, sc_core::SC_NS);
        unsigned bytes_per_cycle = 16;                     // datapath width between read and write
        std::uint32_t max_bytes = 1u << 24;                // largest LEN accepted
    };

    sc_core::sc_out<bool> irq;
    core::dma_engine dma;

    dma_copy(sc_core::sc_module_name name, const params& p);

    void reset() override;
    void report_stats(nlohmann::json& out) const override;

private:
    void start(std::uint64_t ctrl);
    void worker();
    std::uint32_t check_job() const;
    void finish(std::uint32_t error);
    void update_irq();

    params m_params;
    core::reg m_id{m_regs, "ID", regs::dma_copy::ID, 4, regs::dma_copy::id_value, core::access::ro, 0};
    core::reg m_ctrl{m_regs, "CTRL", regs::dma_copy::CTRL, 4, 0, core::access::rw, regs::dma_copy::CTRL_MASK};
    core::reg m_status{m_regs, "STATUS", regs::dma_copy::STATUS, 4, 0, core::access::ro, 0};
    core::reg m_irq_status{m_regs, "IRQ_STATUS", regs::dma_copy::IRQ_STATUS, 4, 0, core::access::w1c,
                           regs::dma_copy::IRQ_MASK};
    core::reg m_error{m_regs, "ERROR", regs::dma_copy::ERROR, 4, 0, core::access::ro, 0};
    core::reg m_len{m_regs, "LEN", regs::dma_copy::LEN, 4, 0, core::access::rw};
    core::reg m_src{m_regs, "SRC", regs::dma_copy::SRC, 8, 0, core::access::rw};
    core::reg m_dst{m_regs, "DST", regs::dma_copy::DST, 8, 0, core::access::rw};
    core::reg m_scratch{m_regs, "SCRATCH", regs::dma_copy::SCRATCH, 4, 0, core::access::rw};
    core::reg m_bytes{m_regs, "BYTES", regs::dma_copy::BYTES, 8, 0, core::access::ro, 0};
    core::reg m_job_ns{m_regs, "JOB_NS", regs::dma_copy::JOB_NS, 8, 0, core::access::ro, 0};

    sc_core::sc_event m_start_event;
    std::vector<unsigned char> m_buffer;  // one burst in flight between read and write
    std::uint64_t m_jobs = 0, m_failed_jobs = 0;
};

} // namespace vplab::models
