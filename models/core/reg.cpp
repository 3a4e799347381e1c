#include "reg.h"

#include "register_bank.h"

#include <stdexcept>

namespace vplab::core {

const char* access_name(access a) {
    switch (a) {
    case access::ro: return "RO";
    case access::rw: return "RW";
    case access::wo: return "WO";
    case access::w1c: return "W1C";
    }
    return "?";
}

reg::reg(register_bank& bank, std::string name, std::uint64_t offset, unsigned width_bytes, std::uint64_t reset_value,
         access kind, std::uint64_t write_mask)
    : m_name(std::move(name)), m_offset(offset), m_width(width_bytes), m_reset(reset_value), m_access(kind),
      m_mask(write_mask) {
    if (m_width != 4 && m_width != 8)
        throw std::logic_error("register " + m_name + ": width must be 4 or 8 bytes");
    if (m_offset % m_width != 0)
        throw std::logic_error("register " + m_name + ": offset is not aligned to its width");
    m_mask &= width_mask();
    reset();
    bank.add(*this);
}

reg& reg::on_read(read_callback cb) { m_on_read = std::move(cb); return *this; }
reg& reg::on_write(write_callback cb) { m_on_write = std::move(cb); return *this; }
reg& reg::describe(std::string text) { m_description = std::move(text); return *this; }
reg& reg::sync_on_write() { m_sync = true; return *this; }

reg& reg::field(std::string name, unsigned lsb, unsigned width, std::string description) {
    if (width == 0 || lsb + width > 8 * m_width)
        throw std::logic_error("register " + m_name + ": field " + name + " does not fit");
    m_fields.push_back({std::move(name), lsb, width, std::move(description)});
    return *this;
}

tlm::tlm_response_status reg::bus_read(std::uint64_t& out) const {
    if (m_access == access::wo) return tlm::TLM_COMMAND_ERROR_RESPONSE;
    out = peek();
    return tlm::TLM_OK_RESPONSE;
}

tlm::tlm_response_status reg::bus_write(std::uint64_t in) {
    switch (m_access) {
    case access::ro: return tlm::TLM_COMMAND_ERROR_RESPONSE;
    case access::w1c: m_value &= ~(in & m_mask); break;
    case access::rw:
    case access::wo: m_value = (m_value & ~m_mask) | (in & m_mask); break;
    }
    if (m_on_write) m_on_write(m_value);
    return tlm::TLM_OK_RESPONSE;
}

} // namespace vplab::core
