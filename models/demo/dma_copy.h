#pragma once
// The demo accelerator: copies LEN bytes from SRC to DST in bursts through its own bus master and raises an
// interrupt when done. Small on purpose: it is the worked example of a peripheral (docs/core.md).

#include "dma_copy_regs.h"

#include <core/dma_engine.h>
#include <core/job_control.h>
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
    void worker();
    std::uint32_t check_job() const;

    params m_params;
    core::reg m_id{m_regs, "ID", regs::dma_copy::ID, 4, regs::dma_copy::id_value, core::access::ro, 0};
    core::job_control m_job{m_regs,
                            {regs::dma_copy::CTRL, regs::dma_copy::STATUS, regs::dma_copy::IRQ_STATUS,
                             regs::dma_copy::ERROR, regs::dma_copy::error_busy},
                            irq, m_log};
    core::reg m_len{m_regs, "LEN", regs::dma_copy::LEN, 4, 0, core::access::rw};
    core::reg m_src{m_regs, "SRC", regs::dma_copy::SRC, 8, 0, core::access::rw};
    core::reg m_dst{m_regs, "DST", regs::dma_copy::DST, 8, 0, core::access::rw};
    core::reg m_scratch{m_regs, "SCRATCH", regs::dma_copy::SCRATCH, 4, 0, core::access::rw};
    core::reg m_bytes{m_regs, "BYTES", regs::dma_copy::BYTES, 8, 0, core::access::ro, 0};
    core::reg m_job_ns{m_regs, "JOB_NS", regs::dma_copy::JOB_NS, 8, 0, core::access::ro, 0};

    std::vector<unsigned char> m_buffer;  // one burst in flight between read and write
};

} // namespace vplab::models
