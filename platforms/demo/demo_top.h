#pragma once
// The demo platform's hardware: a host CPU and the DMA-copy device share a router to one RAM.

#include <core/irq.h>
#include <core/memory.h>
#include <core/router.h>
#include <core/config/values.h>
#include <demo/dma_copy.h>
#include <hal/systemc/host_cpu.h>
#include <systemc>

namespace vplab::platforms {

class demo_top : public sc_core::sc_module {
public:
    static constexpr unsigned dma_irq_line = 0;

    hal::host_cpu cpu;
    core::router bus;
    core::memory ram;
    models::dma_copy dma;
    core::irq_line dma_irq;

    demo_top(sc_core::sc_module_name name, const config::values& params);

    std::uint64_t ram_base() const { return m_ram_base; }
    std::uint64_t dma_base() const { return m_dma_base; }
    void trace(sc_core::sc_trace_file* vcd);

private:
    std::uint64_t m_ram_base, m_dma_base;
};

} // namespace vplab::platforms
