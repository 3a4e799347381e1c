#include "dma_engine.h"

#include <algorithm>
#include <stdexcept>

namespace vplab::core {

dma_engine::dma_engine(sc_core::sc_module_name name, unsigned burst_bytes)
    : sc_module(name), out("out"), m_burst(burst_bytes) {
    if (m_burst == 0) throw std::invalid_argument(std::string(this->name()) + ": burst size must be positive");
    m_keeper.reset();
}

dma_engine::result dma_engine::read(std::uint64_t addr, void* dst, std::uint64_t n) {
    return transfer(tlm::TLM_READ_COMMAND, addr, static_cast<unsigned char*>(dst), n);
}

dma_engine::result dma_engine::write(std::uint64_t addr, const void* src, std::uint64_t n) {
    // The payload's data pointer is non-const by TLM's definition; a write never modifies it.
    return transfer(tlm::TLM_WRITE_COMMAND, addr, static_cast<unsigned char*>(const_cast<void*>(src)), n);
}

dma_engine::result dma_engine::transfer(tlm::tlm_command cmd, std::uint64_t addr, unsigned char* data,
                                        std::uint64_t n) {
    for (std::uint64_t done = 0; done < n;) {
        const unsigned len = static_cast<unsigned>(std::min<std::uint64_t>(m_burst, n - done));
        m_trans.set_command(cmd);
        m_trans.set_address(addr + done);
        m_trans.set_data_ptr(data + done);
        m_trans.set_data_length(len);
        m_trans.set_streaming_width(len);
        m_trans.set_byte_enable_ptr(nullptr);
        m_trans.set_dmi_allowed(false);
        m_trans.set_response_status(tlm::TLM_INCOMPLETE_RESPONSE);
        sc_core::sc_time delay = m_keeper.get_local_time();
        out->b_transport(m_trans, delay);
        m_keeper.set(delay);
        ++m_bursts;
        if (!m_trans.is_response_ok()) {
            ++m_errors;
            return {m_trans.get_response_status(), addr + done};
        }
        (cmd == tlm::TLM_READ_COMMAND ? m_bytes_read : m_bytes_written) += len;
        done += len;
        if (m_keeper.need_sync()) m_keeper.sync();
    }
    return {};
}

void dma_engine::report_stats(nlohmann::json& out) const {
    out["bytes_read"] = m_bytes_read;
    out["bytes_written"] = m_bytes_written;
    out["bursts"] = m_bursts;
    out["errors"] = m_errors;
}

} // namespace vplab::core
