#include "router.h"

#include "hex.h"

#include <stdexcept>

namespace vplab::core {

router::router(sc_core::sc_module_name name) : sc_module(name), in("in"), out("out") {
    in.register_b_transport(this, &router::b_transport);
    in.register_get_direct_mem_ptr(this, &router::get_direct_mem_ptr);
    in.register_transport_dbg(this, &router::transport_dbg);
    in.register_nb_transport_fw(this, &router::nb_transport_fw);
    out.register_invalidate_direct_mem_ptr(this, &router::invalidate_direct_mem_ptr);
    out.register_nb_transport_bw(this, &router::nb_transport_bw);
}

static std::string describe(const router::window& w) {
    return "'" + w.name + "' [" + hex(w.base) + ", " + hex(w.end()) + ")";
}

void router::add_window(const std::string& name, std::uint64_t base, std::uint64_t size) {
    window w{name, base, size};
    if (size == 0) throw std::invalid_argument(std::string(this->name()) + ": window " + describe(w) + " is empty");
    if (base + size < base)
        throw std::invalid_argument(std::string(this->name()) + ": window " + describe(w) + " wraps around");
    for (const window& other : m_windows)
        if (base < other.end() && other.base < w.end())
            throw std::invalid_argument(std::string(this->name()) + ": window " + describe(w) + " overlaps window " +
                                        describe(other));
    m_windows.push_back(w);
}

int router::decode(std::uint64_t addr) const {
    if (m_last_hit >= 0) {
        const window& w = m_windows[m_last_hit];
        if (addr >= w.base && addr < w.end()) return m_last_hit;
    }
    for (std::size_t i = 0; i < m_windows.size(); ++i)
        if (addr >= m_windows[i].base && addr < m_windows[i].end()) return m_last_hit = static_cast<int>(i);
    return -1;
}

bool router::accept(tlm::tlm_generic_payload& trans, int& target) {
    ++m_transactions;
    const std::uint64_t addr = trans.get_address();
    target = decode(addr);
    if (target >= 0 && trans.get_data_length() <= m_windows[target].end() - addr) return true;
    ++m_decode_errors;
    trans.set_response_status(tlm::TLM_ADDRESS_ERROR_RESPONSE);
    return false;
}

void router::b_transport(int port, tlm::tlm_generic_payload& trans, sc_core::sc_time& delay) {
    const std::uint64_t addr = trans.get_address();
    int target = -1;
    if (accept(trans, target)) {
        trans.set_address(addr - m_windows[target].base);
        out[target]->b_transport(trans, delay);
        trans.set_address(addr);
    }
    if (m_txn_log) log(port, trans, addr, target, delay);
}

tlm::tlm_sync_enum router::nb_transport_fw(int port, tlm::tlm_generic_payload& trans, tlm::tlm_phase& phase,
                                           sc_core::sc_time& delay) {
    if (phase == tlm::BEGIN_REQ) {
        const std::uint64_t addr = trans.get_address();
        int target = -1;
        if (!accept(trans, target)) {
            if (m_txn_log) log(port, trans, addr, target, delay);
            return tlm::TLM_COMPLETED;
        }
        m_routes[&trans] = {port, target, addr};
        trans.set_address(addr - m_windows[target].base);
        const tlm::tlm_sync_enum s = out[target]->nb_transport_fw(trans, phase, delay);
        if (s == tlm::TLM_COMPLETED) {
            trans.set_address(addr);
            m_routes.erase(&trans);
        }
        return s;
    }
    const auto it = m_routes.find(&trans);
    if (it == m_routes.end()) {
        SC_REPORT_ERROR(name(), "nb_transport_fw: a phase other than BEGIN_REQ for a transaction not in flight");
        return tlm::TLM_COMPLETED;
    }
    const int target = it->second.target;
    if (phase == tlm::END_RESP) m_routes.erase(it);  // the address went back with BEGIN_RESP
    return out[target]->nb_transport_fw(trans, phase, delay);
}

tlm::tlm_sync_enum router::nb_transport_bw(int, tlm::tlm_generic_payload& trans, tlm::tlm_phase& phase,
                                           sc_core::sc_time& delay) {
    const auto it = m_routes.find(&trans);
    if (it == m_routes.end()) {
        SC_REPORT_ERROR(name(), "nb_transport_bw: a transaction the router did not forward");
        return tlm::TLM_COMPLETED;
    }
    const route r = it->second;
    const bool response = phase == tlm::BEGIN_RESP;
    if (response) {
        trans.set_address(r.address);
        if (m_txn_log) log(r.initiator, trans, r.address, r.target, delay);
    }
    const tlm::tlm_sync_enum s = in[r.initiator]->nb_transport_bw(trans, phase, delay);
    if (response && (s == tlm::TLM_COMPLETED || (s == tlm::TLM_UPDATED && phase == tlm::END_RESP)))
        m_routes.erase(&trans);
    return s;
}

bool router::get_direct_mem_ptr(int, tlm::tlm_generic_payload& trans, tlm::tlm_dmi& dmi) {
    const std::uint64_t addr = trans.get_address();
    const int target = decode(addr);
    if (target < 0) return false;
    const window& w = m_windows[target];
    trans.set_address(addr - w.base);
    const bool granted = out[target]->get_direct_mem_ptr(trans, dmi);
    trans.set_address(addr);
    if (!granted) return false;
    // Clip the grant to the window, then move it to global addresses (the pointer moves with the start).
    std::uint64_t start = dmi.get_start_address(), end = dmi.get_end_address();
    if (end >= w.size) end = w.size - 1;
    dmi.set_start_address(w.base + start);
    dmi.set_end_address(w.base + end);
    ++m_dmi_grants;
    return true;
}

unsigned router::transport_dbg(int, tlm::tlm_generic_payload& trans) {
    const std::uint64_t addr = trans.get_address();
    const int target = decode(addr);
    if (target < 0) return 0;
    const window& w = m_windows[target];
    const unsigned len = trans.get_data_length();
    if (len > w.end() - addr) trans.set_data_length(static_cast<unsigned>(w.end() - addr));
    trans.set_address(addr - w.base);
    const unsigned n = out[target]->transport_dbg(trans);
    trans.set_address(addr);
    trans.set_data_length(len);
    return n;
}

void router::invalidate_direct_mem_ptr(int port, sc_dt::uint64 start, sc_dt::uint64 end) {
    const window& w = m_windows.at(static_cast<std::size_t>(port));
    if (start >= w.size) return;
    const std::uint64_t last = end >= w.size ? w.end() - 1 : w.base + end;
    ++m_dmi_invalidations;
    for (unsigned i = 0; i < in.size(); ++i) in[i]->invalidate_direct_mem_ptr(w.base + start, last);
}

void router::log(int port, const tlm::tlm_generic_payload& trans, std::uint64_t addr, int target,
                 const sc_core::sc_time& delay) const {
    *m_txn_log << (sc_core::sc_time_stamp() + delay).to_seconds() * 1e9 << " ns  in[" << port << "] "
               << (trans.is_read() ? "R " : trans.is_write() ? "W " : "- ") << hex(addr) << " " << trans.get_data_length()
               << "  " << (target >= 0 ? m_windows[target].name : "<unmapped>") << "  " << trans.get_response_string()
               << "\n";
}

void router::report_stats(nlohmann::json& out) const {
    out["transactions"] = m_transactions;
    out["decode_errors"] = m_decode_errors;
    out["dmi_grants"] = m_dmi_grants;
    out["dmi_invalidations"] = m_dmi_invalidations;
}

} // namespace vplab::core
