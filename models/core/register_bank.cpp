#include "register_bank.h"

#include <algorithm>
#include <cstring>
#include <iomanip>
#include <stdexcept>

namespace vplab::core {

void register_bank::add(reg& r) {
    const std::size_t first = r.offset() / 4, last = (r.offset() + r.width()) / 4;
    if (m_by_word.size() < last) m_by_word.resize(last, nullptr);
    for (std::size_t w = first; w < last; ++w)
        if (m_by_word[w])
            throw std::logic_error("register " + r.name() + " overlaps register " + m_by_word[w]->name());
    for (std::size_t w = first; w < last; ++w) m_by_word[w] = &r;
    m_regs.push_back(&r);
}

const reg* register_bank::find(std::uint64_t offset) const {
    const std::uint64_t word = offset / 4;
    return word < m_by_word.size() ? m_by_word[word] : nullptr;
}

void register_bank::transport(tlm::tlm_generic_payload& trans, sc_core::sc_time& delay) {
    const std::uint64_t offset = trans.get_address();
    const std::uint64_t word = offset / 4;
    reg* r = word < m_by_word.size() ? m_by_word[word] : nullptr;
    if (!r) {
        trans.set_response_status(tlm::TLM_ADDRESS_ERROR_RESPONSE);
        return;
    }
    const unsigned len = trans.get_data_length();
    if (offset != r->offset() || len != r->width() || trans.get_byte_enable_ptr() ||
        trans.get_streaming_width() < len) {
        trans.set_response_status(tlm::TLM_COMMAND_ERROR_RESPONSE);
        return;
    }
    unsigned char* data = trans.get_data_ptr();
    tlm::tlm_response_status status = tlm::TLM_COMMAND_ERROR_RESPONSE;
    if (trans.is_read()) {
        std::uint64_t v = 0;
        status = r->bus_read(v);
        if (status == tlm::TLM_OK_RESPONSE) std::memcpy(data, &v, len);  // little-endian host
    } else if (trans.is_write()) {
        std::uint64_t v = 0;
        std::memcpy(&v, data, len);
        if (r->needs_sync() && r->kind() != access::ro && sc_core::sc_get_current_process_handle().proc_kind() ==
                                                              sc_core::SC_THREAD_PROC_) {
            sc_core::wait(delay);
            delay = sc_core::SC_ZERO_TIME;
        }
        status = r->bus_write(v);
    }
    trans.set_response_status(status);
}

unsigned register_bank::transport_dbg(tlm::tlm_generic_payload& trans) const {
    const reg* r = find(trans.get_address());
    const unsigned len = trans.get_data_length();
    if (!trans.is_read() || !r || trans.get_address() != r->offset() || len != r->width()) return 0;
    std::uint64_t v = r->peek();
    std::memcpy(trans.get_data_ptr(), &v, len);
    return len;
}

void register_bank::reset() {
    for (reg* r : m_regs) r->reset();
}

std::vector<const reg*> register_bank::sorted() const {
    std::vector<const reg*> out(m_regs.begin(), m_regs.end());
    std::sort(out.begin(), out.end(), [](const reg* a, const reg* b) { return a->offset() < b->offset(); });
    return out;
}

void register_bank::print(std::ostream& os, std::uint64_t base) const {
    const auto flags = os.flags();
    const std::vector<const reg*> regs = sorted();
    // Columns as wide as the bank's longest name and largest offset, so that every row lines up.
    int name_width = 14, offset_digits = 3;
    for (const reg* r : regs) {
        name_width = std::max(name_width, static_cast<int>(r->name().size()) + 1);
        int digits = 1;
        for (std::uint64_t o = r->offset(); o >= 16; o /= 16) ++digits;
        offset_digits = std::max(offset_digits, digits);
    }
    for (const reg* r : regs) {
        os << "  0x" << std::hex << std::setw(8) << std::setfill('0') << base + r->offset() << "  +0x"
           << std::setw(offset_digits) << r->offset() << std::dec << std::setfill(' ') << "  " << std::left
           << std::setw(name_width) << r->name()
           << std::setw(4) << access_name(r->kind()) << " " << r->width() * 8 << "-bit  reset 0x" << std::hex
           << r->reset_value() << "  mask 0x" << r->write_mask() << std::dec << std::right;
        if (!r->description().empty()) os << "  " << r->description();
        os << "\n";
        for (const bit_field& f : r->fields()) {
            os << "        [" << f.lsb + f.width - 1 << ":" << f.lsb << "] " << f.name;
            if (!f.description.empty()) os << "  " << f.description;
            os << "\n";
        }
    }
    os.flags(flags);
}

} // namespace vplab::core
