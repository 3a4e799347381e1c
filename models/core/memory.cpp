#include "memory.h"

#include "hex.h"

#include <algorithm>
#include <cstdlib>
#include <cstring>
#include <new>
#include <stdexcept>

namespace vplab::core {

void memory::free_deleter::operator()(unsigned char* p) const { std::free(p); }

memory::memory(sc_core::sc_module_name name, std::uint64_t size, sc_core::sc_time read_latency,
               sc_core::sc_time write_latency, bool allow_dmi)
    : sc_module(name), in("in"), m_size(size), m_data(static_cast<unsigned char*>(std::calloc(size ? size : 1, 1))),
      m_read_latency(read_latency), m_write_latency(write_latency), m_allow_dmi(allow_dmi) {
    if (!m_data) throw std::bad_alloc();
    in.register_b_transport(this, &memory::b_transport);
    in.register_get_direct_mem_ptr(this, &memory::get_direct_mem_ptr);
    in.register_transport_dbg(this, &memory::transport_dbg);
}

void memory::check_range(std::uint64_t offset, std::uint64_t n) const {
    if (!fits(offset, n))
        throw std::out_of_range(std::string(name()) + ": range [" + hex(offset) + ", +" + std::to_string(n) +
                                ") is outside the memory's " + std::to_string(m_size) + " bytes");
}

void memory::load(std::uint64_t offset, const void* src, std::uint64_t n) {
    check_range(offset, n);
    std::memcpy(m_data.get() + offset, src, n);
}

void memory::dump(std::uint64_t offset, void* dst, std::uint64_t n) const {
    check_range(offset, n);
    std::memcpy(dst, m_data.get() + offset, n);
}

void memory::b_transport(tlm::tlm_generic_payload& trans, sc_core::sc_time& delay) {
    const std::uint64_t addr = trans.get_address();
    const unsigned len = trans.get_data_length();
    if (!fits(addr, len)) {
        ++m_errors;
        trans.set_response_status(tlm::TLM_ADDRESS_ERROR_RESPONSE);
        return;
    }
    if (trans.get_byte_enable_ptr() || trans.get_streaming_width() < len) {
        ++m_errors;
        trans.set_response_status(tlm::TLM_BYTE_ENABLE_ERROR_RESPONSE);
        return;
    }
    if (trans.is_read()) {
        std::memcpy(trans.get_data_ptr(), m_data.get() + addr, len);
        delay += m_read_latency;
        ++m_reads;
        m_bytes_read += len;
    } else if (trans.is_write()) {
        std::memcpy(m_data.get() + addr, trans.get_data_ptr(), len);
        delay += m_write_latency;
        ++m_writes;
        m_bytes_written += len;
    }
    trans.set_dmi_allowed(m_allow_dmi);
    trans.set_response_status(tlm::TLM_OK_RESPONSE);
}

bool memory::get_direct_mem_ptr(tlm::tlm_generic_payload& trans, tlm::tlm_dmi& dmi) {
    (void)trans;
    if (!m_allow_dmi || m_size == 0) return false;
    dmi.set_dmi_ptr(m_data.get());
    dmi.set_start_address(0);
    dmi.set_end_address(m_size - 1);
    dmi.allow_read_write();
    dmi.set_read_latency(m_read_latency);
    dmi.set_write_latency(m_write_latency);
    ++m_dmi_grants;
    return true;
}

unsigned memory::transport_dbg(tlm::tlm_generic_payload& trans) {
    const std::uint64_t addr = trans.get_address();
    if (addr >= m_size) return 0;
    const unsigned n = static_cast<unsigned>(std::min<std::uint64_t>(trans.get_data_length(), m_size - addr));
    if (trans.is_read()) std::memcpy(trans.get_data_ptr(), m_data.get() + addr, n);
    else if (trans.is_write()) std::memcpy(m_data.get() + addr, trans.get_data_ptr(), n);
    else return 0;
    return n;
}

void memory::report_stats(nlohmann::json& out) const {
    out["reads"] = m_reads;
    out["writes"] = m_writes;
    out["bytes_read"] = m_bytes_read;
    out["bytes_written"] = m_bytes_written;
    out["errors"] = m_errors;
    out["dmi_grants"] = m_dmi_grants;
}

} // namespace vplab::core
