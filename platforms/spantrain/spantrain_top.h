#pragma once
// The spantrain platform's hardware: a host CPU drives the GPU fabric's registers through a router; the fabric's
// completion interrupt goes to the CPU.

#include <core/irq.h>
#include <core/router.h>
#include <gpufabric/gpu_fabric.h>
#include <hal/systemc/host_cpu.h>
#include <systemc>

namespace vplab::platforms {

class spantrain_top : public sc_core::sc_module {
public:
    static constexpr unsigned fabric_irq_line = 0;

    hal::host_cpu cpu;
    core::router bus;
    models::gpufabric::gpu_fabric fabric;
    core::irq_line fabric_irq;

    spantrain_top(sc_core::sc_module_name name, const models::gpufabric::fabric_spec& spec, std::uint64_t fabric_base,
                  sc_core::sc_time cpu_access_cost);

    std::uint64_t fabric_base() const { return m_fabric_base; }

private:
    std::uint64_t m_fabric_base;
};

} // namespace vplab::platforms
