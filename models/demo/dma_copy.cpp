#include "dma_copy.h"

namespace vplab::models {

using namespace regs::dma_copy;

dma_copy::dma_copy(sc_core::sc_module_name name, const params& p)
    : peripheral(name), irq("irq"), dma("dma", p.burst_bytes), m_params(p) {
    m_job.error.describe("error code of the last job: 0 none, 1 zero length, 2 too large, 3 read fault, "
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
    m_job.reset();
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
        sc_core::wait(m_job.started());
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
        const sc_core::sc_time elapsed = sc_core::sc_time_stamp() - begin;
        m_job_ns.set(static_cast<std::uint64_t>(elapsed / sc_core::sc_time(1, sc_core::SC_NS)));
        m_job.finish(error);
    }
}

void dma_copy::report_stats(nlohmann::json& out) const {
    peripheral::report_stats(out);
    m_job.report_stats(out);
    out["bytes_copied"] = m_bytes.value();
}

} // namespace vplab::models
