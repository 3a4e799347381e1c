#pragma once
// The FuseFPS platform's hardware: a host CPU and the accelerator share a router to one memory, either the DRAM
// model (vplab_dram, timing + energy) or plain core::memory with a fixed latency (fusefps.memory.model = simple).

#include <core/config/values.h>
#include <core/irq.h>
#include <core/memory.h>
#include <core/router.h>
#include <dram/dram_memory.h>
#include <fusefps/fusefps_accel.h>
#include <hal/systemc/host_cpu.h>
#include <memory>
#include <systemc>

namespace vplab::platforms {

class fusefps_top : public sc_core::sc_module {
public:
    static constexpr unsigned accel_irq_line = 0;

    hal::host_cpu cpu;
    core::router bus;
    models::fusefps_accel accel;
    core::irq_line accel_irq;
    std::unique_ptr<vplab::dram::dram_memory> dram;  // fusefps.memory.model = dram
    std::unique_ptr<core::memory> ram;                // fusefps.memory.model = simple

    fusefps_top(sc_core::sc_module_name name, const config::values& params);

    std::uint64_t mem_base() const { return m_mem_base; }
    std::uint64_t mem_size() const { return m_mem_size; }
    std::uint64_t accel_base() const { return m_accel_base; }
    void trace(sc_core::sc_trace_file* vcd);

private:
    std::uint64_t m_mem_base, m_mem_size = 0, m_accel_base;
};

// Accelerator parameters from the scenario.
models::fusefps_accel::params accel_params(const config::values& v);
// DRAM configuration from fusefps.dram.*; throws config::input_error naming the key.
vplab::dram::dram_config fusefps_dram_config(const config::values& v);

} // namespace vplab::platforms
