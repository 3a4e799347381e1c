#pragma once
// The FineQ platform's hardware: a host CPU and the FineQ accelerator's DMA share a router to one memory, either
// core::memory with fixed latencies (fineq.memory.model = simple) or the DRAM model (vplab_dram, = dram).

#include <core/irq.h>
#include <core/memory.h>
#include <core/router.h>
#include <core/config/values.h>
#include <dram/dram_memory.h>
#include <fineq/fineq_accel.h>
#include <hal/systemc/host_cpu.h>
#include <memory>
#include <systemc>

namespace vplab::platforms {

class fineq_top : public sc_core::sc_module {
public:
    static constexpr unsigned accel_irq_line = 0;

    hal::host_cpu cpu;
    core::router bus;
    std::unique_ptr<core::memory> ram;               // fineq.memory.model = simple
    std::unique_ptr<vplab::dram::dram_memory> dram;  // fineq.memory.model = dram
    models::fineq::fineq_accel accel;
    core::irq_line accel_irq;

    fineq_top(sc_core::sc_module_name name, const config::values& params);

    std::uint64_t ram_base() const { return m_ram_base; }
    std::uint64_t memory_size() const { return m_memory_size; }
    std::uint64_t accel_base() const { return m_accel_base; }
    void trace(sc_core::sc_trace_file* vcd);

    // The accelerator's parameters as the scenario sets them (also used for the analytic baseline).
    static models::fineq::fineq_accel::params accel_params(const config::values& v);

private:
    std::uint64_t m_ram_base, m_accel_base, m_memory_size;
};

} // namespace vplab::platforms
