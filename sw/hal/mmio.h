#pragma once
// The firmware's view of the hardware: 32/64-bit register access, bulk copies to and from device memory,
// interrupts and CPU time. Drivers are written against this interface only, so the same driver source runs
// in simulation (systemc/host_cpu) and on a bare-metal target (baremetal/baremetal_mmio).

#include <cstddef>
#include <cstdint>

namespace vplab::hal {

class mmio {
public:
    virtual ~mmio() = default;

    virtual std::uint32_t read32(std::uint64_t addr) = 0;
    virtual void write32(std::uint64_t addr, std::uint32_t value) = 0;
    virtual std::uint64_t read64(std::uint64_t addr) = 0;
    virtual void write64(std::uint64_t addr, std::uint64_t value) = 0;

    // Copies between a host buffer and device-visible memory (loading inputs, reading results back).
    virtual void write_block(std::uint64_t addr, const void* src, std::size_t n) = 0;
    virtual void read_block(std::uint64_t addr, void* dst, std::size_t n) = 0;

    // Waits until interrupt `line` is asserted or `timeout_ns` has passed; true when it is asserted.
    virtual bool wait_irq(unsigned line, std::uint64_t timeout_ns) = 0;
    // Accounts `ns` of CPU work done by host software (e.g. building a data structure for the device).
    virtual void busy(std::uint64_t ns) = 0;
    // The CPU's current time in nanoseconds.
    virtual std::uint64_t now_ns() = 0;
};

} // namespace vplab::hal
