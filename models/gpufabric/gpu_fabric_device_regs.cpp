// The per-device register blocks of the fabric: each device's counters, its own compute queue and doorbell, and its
// completion queue and interrupt status, summarised into the fabric's IRQ_STATUS.DEVICE.
#include "gpu_fabric.h"

#include <cmath>

namespace vplab::models::gpufabric {

using namespace regs::gpufabric;

namespace {

std::uint64_t to_ns(double s) { return s <= 0 ? 0 : static_cast<std::uint64_t>(std::llround(s * 1e9)); }

// Every block uses the header's D_* names; the address tells the device.
std::string reg_name(unsigned, const char* what) { return std::string("D_") + what; }

} // namespace

gpu_fabric::device_block::device_block(core::register_bank& bank, unsigned d)
    : busy(bank, reg_name(d, "BUSY_NS"), DEV_BLOCK + d * DEV_STRIDE + D_BUSY_NS, 8, 0, core::access::ro, 0),
      stall(bank, reg_name(d, "STALL_NS"), DEV_BLOCK + d * DEV_STRIDE + D_STALL_NS, 8, 0, core::access::ro, 0),
      flops(bank, reg_name(d, "FLOPS"), DEV_BLOCK + d * DEV_STRIDE + D_FLOPS, 8, 0, core::access::ro, 0),
      state(bank, reg_name(d, "STATE"), DEV_BLOCK + d * DEV_STRIDE + D_STATE, 4, 0, core::access::ro, 0),
      memory(bank, reg_name(d, "MEM_MIB"), DEV_BLOCK + d * DEV_STRIDE + D_MEM_MIB, 4, 0, core::access::ro, 0),
      location(bank, reg_name(d, "LOCATION"), DEV_BLOCK + d * DEV_STRIDE + D_LOCATION, 4, 0, core::access::ro, 0),
      queued(bank, reg_name(d, "QUEUED"), DEV_BLOCK + d * DEV_STRIDE + D_QUEUED, 4, 0, core::access::ro, 0),
      op_flops(bank, reg_name(d, "OP_FLOPS"), DEV_BLOCK + d * DEV_STRIDE + D_OP_FLOPS, 8, 0, core::access::rw),
      op_phase(bank, reg_name(d, "OP_PHASE"), DEV_BLOCK + d * DEV_STRIDE + D_OP_PHASE, 4, 0, core::access::rw, 3),
      op_tag(bank, reg_name(d, "OP_TAG"), DEV_BLOCK + d * DEV_STRIDE + D_OP_TAG, 4, 0, core::access::rw),
      doorbell(bank, reg_name(d, "DOORBELL"), DEV_BLOCK + d * DEV_STRIDE + D_DOORBELL, 4, 0, core::access::wo, 1),
      op_result(bank, reg_name(d, "OP_RESULT"), DEV_BLOCK + d * DEV_STRIDE + D_OP_RESULT, 4, 0, core::access::ro, 0),
      ctrl(bank, reg_name(d, "CTRL"), DEV_BLOCK + d * DEV_STRIDE + D_CTRL, 4, 0, core::access::rw, CTRL_IRQ_EN),
      irq_status(bank, reg_name(d, "IRQ_STATUS"), DEV_BLOCK + d * DEV_STRIDE + D_IRQ_STATUS, 4, 0, core::access::w1c,
                 IRQ_DONE | IRQ_ERROR),
      cpl_count(bank, reg_name(d, "CPL_COUNT"), DEV_BLOCK + d * DEV_STRIDE + D_CPL_COUNT, 4, 0, core::access::ro, 0),
      cpl_tag(bank, reg_name(d, "CPL_TAG"), DEV_BLOCK + d * DEV_STRIDE + D_CPL_TAG, 4, 0, core::access::ro, 0),
      cpl_status(bank, reg_name(d, "CPL_STATUS"), DEV_BLOCK + d * DEV_STRIDE + D_CPL_STATUS, 4, 0, core::access::ro,
                 0),
      cpl_start(bank, reg_name(d, "CPL_START_NS"), DEV_BLOCK + d * DEV_STRIDE + D_CPL_START_NS, 8, 0,
                core::access::ro, 0),
      cpl_end(bank, reg_name(d, "CPL_END_NS"), DEV_BLOCK + d * DEV_STRIDE + D_CPL_END_NS, 8, 0, core::access::ro, 0),
      cpl_pop(bank, reg_name(d, "CPL_POP"), DEV_BLOCK + d * DEV_STRIDE + D_CPL_POP, 4, 0, core::access::wo, 1) {}

void gpu_fabric::wire_device_block(unsigned d) {
    device_block& b = m_blocks[d];
    const device& dev = m_devices[d];
    b.busy.describe("compute time of the device").on_read([this, d] { return to_ns(m_devices[d].busy_s); });
    b.stall.describe("time its jobs waited behind earlier jobs").on_read([this, d] {
        return to_ns(m_devices[d].stall_s);
    });
    b.flops.describe("FLOPs it executed").on_read([this, d] {
        return static_cast<std::uint64_t>(m_devices[d].flops);
    });
    b.state.describe("1 alive, 0 lost").on_read([this, d] { return std::uint64_t{m_devices[d].alive ? 1u : 0u}; });
    b.memory.describe("memory capacity in MiB")
        .on_read([cap = static_cast<std::uint64_t>(dev.gpu.memory_bytes / (1024.0 * 1024.0))] { return cap; });
    b.location.describe("site << 16 | server index within the fabric")
        .on_read([loc = std::uint64_t{dev.site} << 16 | dev.server] { return loc; });
    b.queued.describe("jobs queued or running on its compute engine").on_read([this, d] {
        return std::uint64_t{m_devices[d].queue.size()};
    });
    b.op_flops.describe("FLOPs of the job D_DOORBELL queues on this device");
    b.op_phase.describe("its compute phase: 0 F, 1 B, 2 W, 3 B+W");
    b.doorbell.sync_on_write().on_write([this, d](std::uint64_t v) {
        if (v & 1) device_doorbell(d);
    });
    b.op_result.describe("0 when the last D_DOORBELL was accepted, else the refusal's error code");
    b.ctrl.field("IRQ_EN", 0, 1, "the device's interrupt reaches the fabric's IRQ_STATUS.DEVICE")
        .sync_on_write()
        .on_write([this, d](std::uint64_t) { update_device_irq(d); });
    b.irq_status.field("DONE", 0, 1, "completions are queued").field("ERROR", 1, 1, "a job failed")
        .sync_on_write()
        .on_write([this, d](std::uint64_t) {
            if (!m_blocks[d].completions.empty()) m_blocks[d].irq_status.set_bits(IRQ_DONE);  // level-like
            update_device_irq(d);
        });
    b.cpl_count.on_read([this, d] { return std::uint64_t{m_blocks[d].completions.size()}; });
    auto head = [this, d]() -> const completion* {
        return m_blocks[d].completions.empty() ? nullptr : &m_blocks[d].completions.front();
    };
    b.cpl_tag.on_read([head] { return std::uint64_t{head() ? head()->tag : 0u}; });
    b.cpl_status.on_read([head] { return std::uint64_t{head() ? head()->status : 0u}; });
    b.cpl_start.on_read([head] { return head() ? head()->start_ns : 0; });
    b.cpl_end.on_read([head] { return head() ? head()->end_ns : 0; });
    b.cpl_pop.sync_on_write().on_write([this, d](std::uint64_t v) {
        device_block& blk = m_blocks[d];
        if ((v & 1) && !blk.completions.empty()) {
            blk.completions.pop_front();
            --m_device_completions;
        }
        if (blk.completions.empty()) blk.irq_status.clear_bits(IRQ_DONE);
        update_device_irq(d);
    });
}

void gpu_fabric::device_doorbell(unsigned d) {
    device_block& b = m_blocks[d];
    const double flops = static_cast<double>(b.op_flops.value());
    auto refuse_job = [&](std::uint32_t error) {
        b.op_result.set(error);
        b.irq_status.set_bits(IRQ_ERROR);
        update_device_irq(d);
    };
    if (m_in_flight + m_completions.size() + m_device_completions >= m_spec.max_ops)
        return refuse_job(error_queue_full);
    if (flops <= 0) return refuse_job(error_zero_amount);
    b.op_result.set(error_none);
    ++m_compute_ops;
    const unsigned op = new_op(static_cast<std::uint32_t>(b.op_tag.value()));
    m_ops[op].start = -1;  // set when the device starts the job
    m_ops[op].device_queue = static_cast<int>(d);
    start_compute(op, {d}, flops);
}

void gpu_fabric::update_device_irq(unsigned d) {
    const device_block& b = m_blocks[d];
    if (b.irq_status.value() != 0 && (b.ctrl.value() & CTRL_IRQ_EN)) m_device_irqs.insert(d);
    else m_device_irqs.erase(d);
    if (m_device_irqs.empty()) m_irq_status.clear_bits(IRQ_DEVICE);
    else m_irq_status.set_bits(IRQ_DEVICE);
    update_irq();
}

} // namespace vplab::models::gpufabric
