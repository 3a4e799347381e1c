#pragma once
// Base of every memory-mapped device: a TLM target socket decoded by a register bank, a per-instance
// logger, access counters, and a reset hook that runs once elaboration is complete (ports are bound then).

#include "logger.h"
#include "register_bank.h"
#include "stats.h"

#include <systemc>
#include <tlm>
#include <tlm_utils/simple_target_socket.h>

namespace vplab::core {

class peripheral : public sc_core::sc_module, public stats_source {
public:
    tlm_utils::simple_target_socket<peripheral> in;

    // `access_latency` is added to every register access (the device's bus interface cost).
    peripheral(sc_core::sc_module_name name, sc_core::sc_time access_latency = sc_core::SC_ZERO_TIME);

    register_bank& registers() { return m_regs; }
    const register_bank& registers() const { return m_regs; }
    const logger& log() const { return m_log; }
    logger& log() { return m_log; }

    // Returns the device to its reset state; derived devices extend it and call the base.
    virtual void reset();

    std::string stats_name() const override { return name(); }
    void report_stats(nlohmann::json& out) const override;

protected:
    void end_of_elaboration() override;

    register_bank m_regs;  // declared before derived registers so it outlives them being added
    logger m_log;

private:
    void b_transport(tlm::tlm_generic_payload& trans, sc_core::sc_time& delay);
    unsigned transport_dbg(tlm::tlm_generic_payload& trans);

    sc_core::sc_time m_access_latency;
    std::uint64_t m_reads = 0, m_writes = 0, m_errors = 0;
};

} // namespace vplab::core
