#pragma once
// Register-level driver of the FuseFPS accelerator, written against the HAL only (it also builds bare-metal).

#include "job_start.h"

#include <fusefps/fusefps_regs.h>
#include <hal/mmio.h>

namespace vplab::drivers {

class fusefps_driver {
public:
    struct job {
        std::uint32_t mode = regs::fusefps::mode_fusefps;
        std::uint32_t n = 0, k = 0, start = 0;
        std::uint32_t height = 7, min_bucket = 32, merge_depth = 0;
        std::uint64_t cloud = 0, out = 0, work = 0, work_size = 0;
        std::uint64_t tree = 0;            // quickfps only
        std::uint32_t tree_buckets = 0;    // quickfps only
    };
    struct counters {
        std::uint64_t cycles = 0, job_ns = 0, stall_cycles = 0;
        std::uint64_t build_read = 0, build_written = 0, sample_read = 0, sample_written = 0;
        std::uint64_t issues = 0, defers = 0, skips = 0, splits = 0;
        std::uint32_t buckets = 0;
    };
    struct outcome : job_result {  // error: regs::fusefps::error_code
        counters perf{};
    };

    fusefps_driver(hal::mmio& bus, std::uint64_t base, unsigned irq_line);

    bool probe();                // true when the ID register matches
    std::uint32_t capacity();    // bucket table entries
    // Programs one job, starts it, waits for the interrupt, acknowledges it and reads the counters.
    outcome run(const job& j, std::uint64_t timeout_ns);

private:
    std::uint64_t reg(std::uint64_t offset) const { return m_base + offset; }

    hal::mmio& m_bus;
    std::uint64_t m_base;
    unsigned m_irq_line;
};

} // namespace vplab::drivers
