#include "dma_copy.h"

namespace vplab::models {

using namespace regs::dma_copy;

dma_copy::dma_copy(sc_core::sc_module_name name, const params& p)
    : peripheral(name), irq("irq"), dma("dma", p.burst_bytes), m_params(p) {
    m_ctrl.field("START", 0, 1, "write 1 to start a job; reads 0")
        .field("IRQ_EN", 1, 1, "drive the interrupt line while IRQ_STATUS is non-zero")
        .sync_on_write()
        .on_write([this](std::uint64_t v) { start(v); });
    m_status.field("BUSY", 0, 1).field("DONE", 1, 1, "last job finished").field("ERROR", 2, 1, "last job failed");
    m_irq_status.field("DONE", 0, 1).field("ERROR", 1, 1).sync_on_write().on_write([this](std::uint64_t) {
        update_irq();
    });
    m_error.describe("error code of the last job: 0 none, 1 zero length, 2 too large, 3 read fault, "
                     "4 write fault, 5 busy, 6 overlap");
    m_len.describe("bytes to copy");
    m_src.describe("source bus address");
    m_dst.describe("destination bus address");
    m_scratch.describe("no side effect");
    m_bytes.describe("bytes copied since reset");
    m_job_ns.describe("duration of the last job in ns");
    SC_HAS_PROCESS(dma_copy);
    SC_THREAD(worker);
}

void dma_copy::reset() {
    peripheral::reset();
    m_buffer.assign(m_params.burst_bytes, 0);
    if (sc_core::sc_is_running()) update_irq();
}

void dma_copy::start(std::uint64_t ctrl) {
    if (ctrl & CTRL_START) {
        m_ctrl.clear_bits(CTRL_START);
        if (m_status.value() & STATUS_BUSY) {
            // The running job goes on; the refused start is reported on its own.
            m_error.set(error_busy);
            m_irq_status.set_bits(IRQ_ERROR);
        } else {
            m_status.set(STATUS_BUSY);
            m_start_event.notify(sc_core::SC_ZERO_TIME);
        }
    }
    update_irq();
}

std::uint32_t dma_copy::check_job() const {
    const std::uint64_t len = m_len.value(), src = m_src.value(), dst = m_dst.value();
    if (len == 0) return error_zero_length;
    if (len > m_params.max_bytes) return error_too_large;
    if (src + len < src) return error_read_fault;
    if (dst + len < dst) return error_write_fault;
    if (src < dst + len && dst < src + len) return error_overlap;
    return error_none;
}

void dma_copy::worker() {
    for (;;) {
        sc_core::wait(m_start_event);
        const sc_core::sc_time begin = sc_core::sc_time_stamp();
        std::uint32_t error = check_job();
        const std::uint64_t len = m_len.value(), src = m_src.value(), dst = m_dst.value();
        for (std::uint64_t done = 0; error == error_none && done < len;) {
            const std::uint64_t n = std::min<std::uint64_t>(m_params.burst_bytes, len - done);
            if (!dma.read(src + done, m_buffer.data(), n).ok()) {
                error = error_read_fault;
                break;
            }
            if (!dma.write(dst + done, m_buffer.data(), n).ok()) {
                error = error_write_fault;
                break;
            }
            done += n;
            m_bytes.set(m_bytes.value() + n);
            dma.advance(m_params.clock * static_cast<double>((n + m_params.bytes_per_cycle - 1) /
                                                             m_params.bytes_per_cycle));
        }
        dma.sync();
        m_job_ns.set(static_cast<std::uint64_t>((sc_core::sc_time_stamp() - begin) / sc_core::sc_time(1, sc_core::SC_NS)));
        finish(error);
    }
}

void dma_copy::finish(std::uint32_t error) {
    ++m_jobs;
    if (error) {
        ++m_failed_jobs;
        m_log.warning("job failed with error code " + std::to_string(error));
    }
    m_error.set(error);
    m_status.set(STATUS_DONE | (error ? STATUS_ERROR : 0));
    m_irq_status.set_bits(error ? IRQ_ERROR : IRQ_DONE);
    update_irq();
}

void dma_copy::update_irq() { irq.write(m_irq_status.value() != 0 && (m_ctrl.value() & CTRL_IRQ_EN)); }

void dma_copy::report_stats(nlohmann::json& out) const {
    peripheral::report_stats(out);
    out["jobs"] = m_jobs;
    out["failed_jobs"] = m_failed_jobs;
    out["bytes_copied"] = m_bytes.value();
}

} // namespace vplab::models
