#pragma once
// The steps every platform's run() shares: simulation parameters (quantum, log level), the optional VCD and
// transaction log, running until the firmware finishes or the time limit passes, and gathering the outcome.

#include "platform.h"

#include <apps/app_report.h>
#include <core/router.h>
#include <fstream>
#include <hal/systemc/host_cpu.h>
#include <memory>
#include <systemc>

namespace vplab::platforms {

class session {
public:
    // Applies sim.quantum and log.level; call before building the platform's modules.
    explicit session(const run_context& ctx);
    ~session();

    // The VCD file for signals, or nullptr when none was requested.
    sc_core::sc_trace_file* vcd() { return m_vcd; }
    // Sends the router's transactions to the transaction log, when one was requested.
    void log_transactions(core::router& bus);

    // Runs until the host CPU's firmware returns (or sim.time_limit), then fills an outcome from the app's report,
    // the CPU's state and every module's stats.
    run_outcome run(hal::host_cpu& cpu, const apps::app_report& report);
    // For platforms without a host CPU: runs until sc_stop() or the time limit; true when stopped before it.
    bool run_until_stop();

private:
    const run_context& m_ctx;
    sc_core::sc_time m_limit;
    sc_core::sc_trace_file* m_vcd = nullptr;
    std::unique_ptr<std::ofstream> m_txn_log;
};

} // namespace vplab::platforms
