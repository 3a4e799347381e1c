#include "stream_dma.h"

#include <algorithm>
#include <stdexcept>

namespace vplab::models {

stream_dma::stream_dma(sc_core::sc_module_name name, unsigned request_bytes, unsigned outstanding, face f)
    : sc_module(name), out("out"), m_request_bytes(request_bytes), m_face(f), m_done(outstanding) {
    if (request_bytes == 0 || outstanding == 0)
        throw std::invalid_argument(std::string(this->name()) + ": request size and requests in flight must be positive");
    m_keeper.reset();
    out.register_nb_transport_bw(this, &stream_dma::nb_transport_bw);
    for (unsigned i = 0; i < outstanding; ++i) {
        m_payloads.push_back(std::make_unique<tlm::tlm_generic_payload>());
        m_free.push_back(m_payloads.back().get());
    }
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

unsigned stream_dma::request_length(std::uint64_t addr, std::uint64_t left) const {
    return static_cast<unsigned>(std::min<std::uint64_t>(m_request_bytes - addr % m_request_bytes, left));
}

void stream_dma::prepare(tlm::tlm_generic_payload& t, tlm::tlm_command cmd, std::uint64_t addr, unsigned char* data,
                         unsigned len) const {
    t.set_command(cmd);
    t.set_address(addr);
    t.set_data_ptr(data);
    t.set_data_length(len);
    t.set_streaming_width(len);
    t.set_byte_enable_ptr(nullptr);
    t.set_dmi_allowed(false);
    t.set_response_status(tlm::TLM_INCOMPLETE_RESPONSE);
}

stream_dma::result stream_dma::transfer(tlm::tlm_command cmd, std::uint64_t addr, unsigned char* data,
                                        std::uint64_t n) {
    if (m_face == face::at) return transfer_at(cmd, addr, data, n);
    // Offsets are relative to the simulation time, which does not move inside a transfer (no sync until its end).
    const sc_core::sc_time issue = m_keeper.get_local_time();
    std::fill(m_done.begin(), m_done.end(), issue);
    sc_core::sc_time end = issue;
    result r;
    std::size_t slot = 0;
    for (std::uint64_t done = 0; done < n;) {
        const unsigned len = request_length(addr + done, n - done);
        prepare(m_trans, cmd, addr + done, data + done, len);
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
        done += len;
    }
    m_keeper.set(end);
    if (m_keeper.need_sync()) m_keeper.sync();
    return r;
}

stream_dma::result stream_dma::transfer_at(tlm::tlm_command cmd, std::uint64_t addr, unsigned char* data,
                                           std::uint64_t n) {
    // The phases happen at simulated time: catch up with the device's local time first.
    m_keeper.sync();
    m_at_result = {};
    std::uint64_t next = 0;
    while (true) {
        const bool more = next < n && m_at_result.ok();
        if (!more && m_free.size() == m_payloads.size()) break;  // all issued (or stopped by an error) and answered
        if (!more || m_open || m_free.empty()) {
            sc_core::wait(m_progress);
            continue;
        }
        tlm::tlm_generic_payload& t = *m_free.back();
        m_free.pop_back();
        const unsigned len = request_length(addr + next, n - next);
        prepare(t, cmd, addr + next, data + next, len);
        (cmd == tlm::TLM_READ_COMMAND ? m_bytes_read : m_bytes_written) += len;
        ++m_requests;
        next += len;
        m_open = &t;
        tlm::tlm_phase phase = tlm::BEGIN_REQ;
        sc_core::sc_time delay = sc_core::SC_ZERO_TIME;
        const tlm::tlm_sync_enum s = out->nb_transport_fw(t, phase, delay);
        if (s == tlm::TLM_COMPLETED || (s == tlm::TLM_UPDATED && phase == tlm::BEGIN_RESP)) {
            m_open = nullptr;
            responded(t);
        } else if (s == tlm::TLM_UPDATED && phase == tlm::END_REQ) {
            m_open = nullptr;
        }
    }
    m_keeper.reset();
    return m_at_result;
}

tlm::tlm_sync_enum stream_dma::nb_transport_bw(tlm::tlm_generic_payload& trans, tlm::tlm_phase& phase,
                                               sc_core::sc_time& delay) {
    if (phase == tlm::END_REQ) {
        if (&trans == m_open) m_open = nullptr;
        m_progress.notify(delay);
        return tlm::TLM_ACCEPTED;
    }
    if (phase == tlm::BEGIN_RESP) {
        if (&trans == m_open) m_open = nullptr;  // BEGIN_RESP implies END_REQ
        responded(trans);
        m_progress.notify(delay);
        phase = tlm::END_RESP;
        return tlm::TLM_COMPLETED;
    }
    SC_REPORT_ERROR(name(), "nb_transport_bw: only END_REQ and BEGIN_RESP are valid on the backward path");
    return tlm::TLM_COMPLETED;
}

void stream_dma::responded(tlm::tlm_generic_payload& trans) {
    if (!trans.is_response_ok()) {
        ++m_errors;
        const std::uint64_t len = trans.get_data_length();
        (trans.is_read() ? m_bytes_read : m_bytes_written) -= len;
        if (m_at_result.ok() || trans.get_address() < m_at_result.failed_address)
            m_at_result = {trans.get_response_status(), trans.get_address()};
    }
    m_free.push_back(&trans);
}

void stream_dma::report_stats(nlohmann::json& out) const {
    out["bytes_read"] = m_bytes_read;
    out["bytes_written"] = m_bytes_written;
    out["requests"] = m_requests;
    out["errors"] = m_errors;
}

} // namespace vplab::models
