#pragma once
// The l1agg platform's hardware: a host CPU drives the GPU device's registers through a router; the GPU's
// memory system (L1s, crossbar, L2 slices, DRAM) lives inside the device model.

#include <core/config/values.h>
#include <core/irq.h>
#include <core/router.h>
#include <hal/systemc/host_cpu.h>
#include <l1agg/l1agg_device.h>
#include <systemc>

namespace vplab::platforms {

// The model parameters from the validated `l1agg.*` keys (throws std::invalid_argument for inconsistent ones).
l1agg::gpu_params l1agg_gpu_params(const config::values& v);

class l1agg_top : public sc_core::sc_module {
public:
    static constexpr unsigned gpu_irq_line = 0;

    hal::host_cpu cpu;
    core::router bus;
    l1agg::l1agg_device gpu;
    core::irq_line gpu_irq;

    // `traces` are the kernels behind WORKLOAD = trace (may be empty).
    l1agg_top(sc_core::sc_module_name name, const config::values& params, std::vector<l1agg::kernel_ptr> traces = {});

    std::uint64_t gpu_base() const { return m_gpu_base; }
    void trace(sc_core::sc_trace_file* vcd);

private:
    std::uint64_t m_gpu_base;
};

} // namespace vplab::platforms
