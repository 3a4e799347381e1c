#pragma once
// The bare-metal backend of the HAL: registers and device memory are reached through volatile pointers at
// their physical addresses; the interrupt handler marks lines pending, and time comes from a free-running
// counter the board provides. No SystemC, no exceptions, no heap.

#include "../mmio.h"

namespace vplab::hal {

class baremetal_mmio final : public mmio {
public:
    // `read_counter` returns a free-running counter ticking at `counter_hz` (e.g. the CPU's cycle counter).
    baremetal_mmio(std::uint64_t (*read_counter)(), std::uint64_t counter_hz)
        : m_read_counter(read_counter), m_counter_hz(counter_hz) {}

    std::uint32_t read32(std::uint64_t addr) override { return *reinterpret_cast<volatile std::uint32_t*>(addr); }
    void write32(std::uint64_t addr, std::uint32_t v) override { *reinterpret_cast<volatile std::uint32_t*>(addr) = v; }
    std::uint64_t read64(std::uint64_t addr) override { return *reinterpret_cast<volatile std::uint64_t*>(addr); }
    void write64(std::uint64_t addr, std::uint64_t v) override { *reinterpret_cast<volatile std::uint64_t*>(addr) = v; }

    void write_block(std::uint64_t addr, const void* src, std::size_t n) override {
        auto* dst = reinterpret_cast<volatile unsigned char*>(addr);
        const auto* s = static_cast<const unsigned char*>(src);
        for (std::size_t i = 0; i < n; ++i) dst[i] = s[i];
    }
    void read_block(std::uint64_t addr, void* dst, std::size_t n) override {
        const auto* src = reinterpret_cast<const volatile unsigned char*>(addr);
        auto* d = static_cast<unsigned char*>(dst);
        for (std::size_t i = 0; i < n; ++i) d[i] = src[i];
    }

    // Called from the interrupt handler of `line`; the driver clears the device's status itself.
    void on_interrupt(unsigned line) { m_pending |= std::uint64_t{1} << line; }

    bool wait_irq(unsigned line, std::uint64_t timeout_ns) override {
        const std::uint64_t bit = std::uint64_t{1} << line;
        const std::uint64_t start = now_ns();
        while (!(m_pending & bit))
            if (now_ns() - start >= timeout_ns) return false;
        m_pending &= ~bit;
        return true;
    }
    void busy(std::uint64_t) override {}  // real hardware spends the time by itself
    std::uint64_t now_ns() override { return m_read_counter() * 1000000000ull / m_counter_hz; }

private:
    std::uint64_t (*m_read_counter)();
    std::uint64_t m_counter_hz;
    volatile std::uint64_t m_pending = 0;
};

} // namespace vplab::hal
