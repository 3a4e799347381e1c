#pragma once
// Demo firmware: fills a source buffer with a seeded pattern, has the DMA-copy device copy it, waits for the
// interrupt and checks the destination byte for byte, including guard bytes around it.

#include "../app_report.h"

#include <cstdint>
#include <hal/mmio.h>

namespace vplab::apps {

struct copy_app_params {
    std::uint64_t device_base = 0;
    unsigned irq_line = 0;
    std::uint64_t src = 0;       // bus address of the source buffer
    std::uint64_t dst = 0;       // bus address of the destination buffer
    std::uint32_t bytes = 4096;
    std::uint32_t repeat = 1;    // copies in a row (the same buffers)
    std::uint64_t seed = 1;
    std::uint64_t timeout_ns = 1000000;
};

app_report run_copy_app(hal::mmio& bus, const copy_app_params& p);

} // namespace vplab::apps
