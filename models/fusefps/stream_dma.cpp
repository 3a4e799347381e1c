#include "stream_dma.h"

#include <algorithm>
#include <stdexcept>

namespace vplab::models {

stream_dma::stream_dma(sc_core::sc_module_name name, unsigned request_bytes, unsigned outstanding)
    : sc_module(name), out("out"), m_request_bytes(request_bytes), m_done(outstanding) {
    if (request_bytes == 0 || outstanding == 0)
        throw std::invalid_argument(std::string(this->name()) + ": request size and requests in flight must be positive");
    m_keeper.reset();
}

stream_dma::result stream_dma::read(std::uint64_t addr, void* dst, std::uint64_t n) {
    return transfer(tlm::TLM_READ_COMMAND, addr, static_cast<unsigned char*>(dst), n);
}

stream_dma::result stream_dma::write(std::uint64_t addr, const void* src, std::uint64_t n) {
    // The payload's data pointer is non-const by TLM's definition; a write never modifies it.
    return transfer(tlm::TLM_WRITE_COMMAND, addr, static_cast<unsigned char*>(const_cast<void*>(src)), n);
}

void stream_dma::advance(const sc_core::sc_time& t) {
    m_keeper.inc(t);
    if (m_keeper.need_sync()) m_keeper.sync();
}

stream_dma::result stream_dma::transfer(tlm::tlm_command cmd, std::uint64_t addr, unsigned char* data,
                                        std::uint64_t n) {
    // Offsets are relative to the simulation time, which does not move inside a transfer (no sync until its end).
    const sc_core::sc_time issue = m_keeper.get_local_time();
    std::fill(m_done.begin(), m_done.end(), issue);
    sc_core::sc_time end = issue;
    result r;
    std::size_t slot = 0;
    for (std::uint64_t done = 0; done < n; done += m_request_bytes) {
        const unsigned len = static_cast<unsigned>(std::min<std::uint64_t>(m_request_bytes, n - done));
        m_trans.set_command(cmd);
        m_trans.set_address(addr + done);
        m_trans.set_data_ptr(data + done);
        m_trans.set_data_length(len);
        m_trans.set_streaming_width(len);
        m_trans.set_byte_enable_ptr(nullptr);
        m_trans.set_dmi_allowed(false);
        m_trans.set_response_status(tlm::TLM_INCOMPLETE_RESPONSE);
        sc_core::sc_time delay = m_done[slot];  // starts when the request `outstanding` back has completed
        out->b_transport(m_trans, delay);
        ++m_requests;
        end = std::max(end, delay);
        if (!m_trans.is_response_ok()) {
            ++m_errors;
            r = {m_trans.get_response_status(), addr + done};
            break;
        }
        (cmd == tlm::TLM_READ_COMMAND ? m_bytes_read : m_bytes_written) += len;
        m_done[slot] = delay;
        slot = (slot + 1) % m_done.size();
    }
    m_keeper.set(end);
    if (m_keeper.need_sync()) m_keeper.sync();
    return r;
}

void stream_dma::report_stats(nlohmann::json& out) const {
    out["bytes_read"] = m_bytes_read;
    out["bytes_written"] = m_bytes_written;
    out["requests"] = m_requests;
    out["errors"] = m_errors;
}

} // namespace vplab::models
