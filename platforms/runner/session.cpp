#include "session.h"

#include <core/logger.h>
#include <core/stats.h>
#include <stdexcept>
#include <tlm>

namespace vplab::platforms {

namespace {
sc_core::sc_time from_ps(std::uint64_t ps) { return sc_core::sc_time(static_cast<double>(ps), sc_core::SC_PS); }
} // namespace

session::session(const run_context& ctx) : m_ctx(ctx), m_limit(from_ps(ctx.params.time_ps("sim.time_limit"))) {
    // The firmware ending the run with sc_stop() is the normal case, not news.
    sc_core::sc_report_handler::set_actions("/OSCI/SystemC", sc_core::SC_INFO, sc_core::SC_DO_NOTHING);
    tlm::tlm_global_quantum::instance().set(from_ps(ctx.params.time_ps("sim.quantum")));
    core::logger::set_default_level(core::parse_log_level(ctx.params.string("log.level")));
    try {
        core::logger::set_instance_levels(core::logger::parse_instance_levels(ctx.params.string("log.instances")));
    } catch (const std::invalid_argument& e) {
        throw config::input_error({{ctx.params.where("log.instances"), "log.instances", e.what()}});
    }
    if (!ctx.vcd_file.empty()) {
        std::string base = ctx.vcd_file;
        if (base.size() > 4 && base.compare(base.size() - 4, 4, ".vcd") == 0) base.resize(base.size() - 4);
        m_vcd = sc_core::sc_create_vcd_trace_file(base.c_str());  // SystemC appends ".vcd"
        m_vcd->set_time_unit(1, sc_core::SC_NS);
    }
    if (!ctx.txn_log_file.empty()) {
        m_txn_log = std::make_unique<std::ofstream>(ctx.txn_log_file);
        if (!*m_txn_log) throw std::runtime_error("cannot write the transaction log " + ctx.txn_log_file);
        *m_txn_log << "# time  initiator  command  address  bytes  target  response\n";
    }
}

session::~session() {
    if (m_vcd) sc_core::sc_close_vcd_trace_file(m_vcd);
}

void session::log_transactions(core::router& bus) {
    if (m_txn_log) bus.log_transactions(m_txn_log.get());
}

bool session::run_until_stop() {
    sc_core::sc_start(m_limit);
    return sc_core::sc_get_status() == sc_core::SC_STOPPED || sc_core::sc_time_stamp() < m_limit;
}

run_outcome session::run(hal::host_cpu& cpu, const apps::app_report& report) {
    sc_core::sc_start(m_limit);
    run_outcome out;
    out.sim_time_ns = sc_core::sc_time_stamp().to_seconds() * 1e9;
    out.metrics = report.metrics;
    out.stats = core::collect_stats();
    if (!cpu.finished()) {
        out.firmware_error = true;
        out.message = "firmware did not finish within sim.time_limit (" + m_limit.to_string() + ")";
    } else if (!cpu.failure().empty()) {
        out.firmware_error = true;
        out.message = "firmware stopped: " + cpu.failure();
    } else {
        out.firmware_error = report.device_error;
        out.verified = report.verified && !report.device_error;
        out.message = report.message;
    }
    return out;
}

} // namespace vplab::platforms
