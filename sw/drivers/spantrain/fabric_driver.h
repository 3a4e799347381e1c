#pragma once
// Register-level driver of the GPU fabric, written against the HAL only: device sets, compute / send / all-reduce
// (ring or hierarchical) / probe operations rung through the fabric's doorbell, the completion queue drained on the
// interrupt, link counters behind their select register; and each device's own block: its counters, and compute
// jobs rung on its doorbell that complete in its own queue.

#include <cstddef>
#include <cstdint>
#include <gpufabric/gpufabric_regs.h>
#include <hal/mmio.h>

namespace vplab::drivers {

class fabric_driver {
public:
    struct completion {
        std::uint32_t tag = 0;
        std::uint32_t status = 0;  // regs::gpufabric::error_code
        std::uint64_t start_ns = 0, end_ns = 0;
    };
    struct device_counters {
        std::uint64_t busy_ns = 0, stall_ns = 0, flops = 0;
        bool alive = false;
        std::uint32_t memory_mib = 0;
        std::uint32_t site = 0, server = 0;
    };
    struct link_counters {
        std::uint64_t bytes = 0, busy_ns = 0;
        std::uint32_t tier = 0;
        bool up = false;
    };
    struct probe_result {
        bool ok = false;
        std::uint64_t small_ns = 0, large_ns = 0;
    };

    fabric_driver(hal::mmio& bus, std::uint64_t base, unsigned irq_line);

    bool probe();  // true when the ID register matches; enables the interrupt
    unsigned device_count();
    // Defines device set `set`; returns 0 or the error code of the first refused device.
    std::uint32_t define_set(unsigned set, const unsigned* devices, std::size_t n);

    // Each returns 0 when the fabric accepted the operation, else the refusal's error code.
    std::uint32_t compute(unsigned set, std::uint64_t flops_per_device, std::uint32_t phase, std::uint32_t tag);
    std::uint32_t send(unsigned src, unsigned dst, std::uint64_t bytes, std::uint32_t tag);
    std::uint32_t allreduce(unsigned set, std::uint64_t bytes, std::uint32_t tag);
    // The set is groups of `group_size` devices one after another: reduce-scatter inside each group, all-reduce of
    // each shard across the groups, all-gather inside each group.
    std::uint32_t allreduce_hierarchical(unsigned set, unsigned group_size, std::uint64_t bytes, std::uint32_t tag);
    std::uint32_t start_probe(unsigned src, unsigned dst, std::uint32_t small_bytes, std::uint64_t large_bytes,
                              std::uint32_t tag);
    // A compute job rung on device `d`'s own block; it completes in that device's completion queue.
    std::uint32_t compute_on_device(unsigned d, std::uint64_t flops, std::uint32_t phase, std::uint32_t tag);
    // Waits up to `timeout_ns` for device `d`'s interrupt when its queue is empty, then pops one entry.
    bool wait_device_completion(unsigned d, completion& out, std::uint64_t timeout_ns);

    // Waits up to `timeout_ns` for the interrupt when no completion is queued, then pops up to `max` entries into
    // `out` and acknowledges the interrupt; returns how many it popped (0 on timeout).
    std::size_t wait_completions(completion* out, std::size_t max, std::uint64_t timeout_ns);
    // Runs one probe alone (nothing else may be in flight) and returns its two transfer times.
    probe_result run_probe(unsigned src, unsigned dst, std::uint32_t small_bytes, std::uint64_t large_bytes,
                           std::uint64_t timeout_ns);

    device_counters device(unsigned d);
    unsigned link_count();
    link_counters link(unsigned l);
    unsigned route_link(unsigned src, unsigned dst);  // the narrowest link between two devices
    // The links of the route between two devices, in order, up to `max` of them; returns how many the route has.
    std::size_t route_links(unsigned src, unsigned dst, unsigned* out, std::size_t max);
    double link_capacity_Bps(unsigned l);  // the link's configured speed
    std::uint32_t faults();

private:
    std::uint64_t reg(std::uint64_t offset) const { return m_base + offset; }
    std::uint64_t dev_reg(unsigned d, std::uint64_t offset) const {
        return m_base + regs::gpufabric::DEV_BLOCK + std::uint64_t{d} * regs::gpufabric::DEV_STRIDE + offset;
    }
    std::uint32_t ring(std::uint32_t kind, std::uint32_t phase, std::uint32_t target, std::uint32_t peer,
                       std::uint64_t amount, std::uint32_t tag);

    hal::mmio& m_bus;
    std::uint64_t m_base;
    unsigned m_irq_line;
};

} // namespace vplab::drivers
