// Instantiates every driver on the bare-metal HAL backend, so a driver that reaches past the HAL fails to build.
#include "demo/dma_copy_driver.h"

#include <hal/baremetal/baremetal_mmio.h>

namespace {
std::uint64_t fake_counter() { return 0; }
} // namespace

extern "C" int vplab_baremetal_demo_copy(std::uint64_t dev_base, std::uint64_t src, std::uint64_t dst,
                                         std::uint32_t bytes) {
    static vplab::hal::baremetal_mmio bus(fake_counter, 1000000000ull);
    vplab::drivers::dma_copy_driver dma(bus, dev_base, 0);
    if (!dma.probe()) return -1;
    return static_cast<int>(dma.copy(src, dst, bytes, 1000000).error);
}
