#pragma once
// Register-level driver of the l1agg GPU device, written against the HAL only.

#include "job_start.h"

#include <hal/mmio.h>
#include <l1agg/l1agg_regs.h>

namespace vplab::drivers {

class l1agg_driver {
public:
    // A kernel launch descriptor, as the registers hold it.
    struct launch {
        std::uint32_t workload = regs::l1agg::workload_broadcast;
        std::uint32_t grid = 64;
        std::uint32_t warps_per_cta = 4;
        std::uint32_t footprint_kib = 16;
        std::uint32_t sharing = 0;
        std::uint32_t reuse = 1;
        std::uint32_t write_permille = 0;
        std::uint32_t mapping = 0;  // 0 round-robin, 1 clustered
        std::uint32_t mem_per_warp = 64;
        std::uint32_t alu_per_mem = 4;
        std::uint32_t zipf_milli = 1000;
        std::uint64_t seed = 1;
        std::uint32_t trace_kernel = 0;  // WORKLOAD = trace: which kernel of the loaded list
    };
    struct counters {
        std::uint64_t cycles = 0, instructions = 0, accesses = 0, local_hits = 0, remote_hits = 0, misses = 0,
                      l2_accesses = 0, xbar_stalls = 0, load_bytes_req = 0, load_bytes_done = 0, fetch_bytes_out = 0,
                      fetch_bytes_in = 0, store_bytes_out = 0, store_bytes_in = 0;
    };
    struct outcome : job_result {  // error: regs::l1agg::error_code
        counters stats{};          // valid when completed and error == 0
    };

    // `irq_line` is the host interrupt input the device is wired to.
    l1agg_driver(hal::mmio& bus, std::uint64_t base, unsigned irq_line);

    bool probe();  // true when the ID register matches
    // Programs the descriptor, starts the kernel, waits for the interrupt, acknowledges it, reads the counters.
    outcome run(const launch& l, std::uint64_t timeout_ns);
    counters read_counters();
    std::uint32_t kernels_completed();

private:
    std::uint64_t reg(std::uint64_t offset) const { return m_base + offset; }

    hal::mmio& m_bus;
    std::uint64_t m_base;
    unsigned m_irq_line;
};

} // namespace vplab::drivers
