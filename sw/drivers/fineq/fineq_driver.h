#pragma once
// Register-level driver of the FineQ GEMM accelerator, written against the HAL only (it also builds bare-metal).

#include "job_start.h"

#include <fineq/fineq_regs.h>
#include <hal/mmio.h>

namespace vplab::drivers {

class fineq_driver {
public:
    struct job {
        std::uint32_t format = 0;  // regs::fineq::format_value(...)
        std::uint32_t group = 0;   // weights per scale along K; 0 = one per row
        std::uint32_t m = 0, n = 0, k = 0;
        std::uint64_t w_addr = 0;
        std::uint32_t w_bytes = 0;
        std::uint64_t s_addr = 0, a_addr = 0, o_addr = 0;
        float a_scale = 1.0f;
    };
    struct outcome : job_result {  // error: regs::fineq::error_code
        std::uint64_t cycles = 0, macs = 0, stall_cycles = 0, sram_bytes = 0, dram_bytes = 0, job_ns = 0;
    };

    fineq_driver(hal::mmio& bus, std::uint64_t base, unsigned irq_line);

    bool probe();  // true when the ID register matches
    unsigned array_rows();
    unsigned array_cols();
    std::uint32_t pe_kind();
    // Programs one GEMM, starts it, waits for the interrupt, acknowledges it and reads the counters.
    outcome run(const job& j, std::uint64_t timeout_ns);

private:
    std::uint64_t reg(std::uint64_t offset) const { return m_base + offset; }

    hal::mmio& m_bus;
    std::uint64_t m_base;
    unsigned m_irq_line;
};

} // namespace vplab::drivers
