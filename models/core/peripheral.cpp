#include "peripheral.h"

#include "hex.h"

namespace vplab::core {

peripheral::peripheral(sc_core::sc_module_name name, sc_core::sc_time access_latency)
    : sc_module(name), in("in"), m_log(this->name()), m_access_latency(access_latency) {
    in.register_b_transport(this, &peripheral::b_transport);
    in.register_transport_dbg(this, &peripheral::transport_dbg);
}

void peripheral::end_of_elaboration() { reset(); }

void peripheral::reset() { m_regs.reset(); }

void peripheral::b_transport(tlm::tlm_generic_payload& trans, sc_core::sc_time& delay) {
    delay += m_access_latency;
    m_regs.transport(trans, delay);
    trans.is_read() ? ++m_reads : ++m_writes;
    if (!trans.is_response_ok()) {
        ++m_errors;
        if (m_log.enabled(log_level::info))
            m_log.info(std::string(trans.is_read() ? "read" : "write") + " at offset " + hex(trans.get_address()) +
                       ": " + trans.get_response_string());
    }
}

unsigned peripheral::transport_dbg(tlm::tlm_generic_payload& trans) { return m_regs.transport_dbg(trans); }

void peripheral::report_stats(nlohmann::json& out) const {
    out["register_reads"] = m_reads;
    out["register_writes"] = m_writes;
    out["register_errors"] = m_errors;
}

} // namespace vplab::core
