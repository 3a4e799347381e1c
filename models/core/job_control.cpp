#include "job_control.h"

namespace vplab::core {

job_control::job_control(register_bank& bank, const layout& l, sc_core::sc_out<bool>& irq, const logger& log)
    : ctrl(bank, "CTRL", l.ctrl, 4, 0, access::rw, ctrl_start | ctrl_irq_en),
      status(bank, "STATUS", l.status, 4, 0, access::ro, 0),
      irq_status(bank, "IRQ_STATUS", l.irq_status, 4, 0, access::w1c, irq_done | irq_error),
      error(bank, "ERROR", l.error, 4, 0, access::ro, 0), m_irq(irq), m_log(log), m_busy_error(l.busy_error) {
    ctrl.field("START", 0, 1, "write 1 to start a job; reads 0")
        .field("IRQ_EN", 1, 1, "drive the interrupt line while IRQ_STATUS is non-zero")
        .sync_on_write()
        .on_write([this](std::uint64_t v) { start(v); });
    status.field("BUSY", 0, 1).field("DONE", 1, 1, "last job finished").field("ERROR", 2, 1, "last job failed");
    irq_status.field("DONE", 0, 1).field("ERROR", 1, 1).sync_on_write().on_write([this](std::uint64_t) {
        update_irq();
    });
}

void job_control::start(std::uint64_t value) {
    if (value & ctrl_start) {
        ctrl.clear_bits(ctrl_start);
        if (busy()) {
            error.set(m_busy_error);  // the running job goes on
            irq_status.set_bits(irq_error);
        } else if (const std::uint32_t code = m_check ? m_check() : 0) {
            refuse(code);
        } else {
            status.set(status_busy);
            m_started.notify(sc_core::SC_ZERO_TIME);
        }
    }
    update_irq();
}

void job_control::refuse(std::uint32_t code) {
    ++m_jobs;
    ++m_failed_jobs;
    m_log.warning("job refused with error code " + std::to_string(code));
    error.set(code);
    status.set(status_done | status_error);
    irq_status.set_bits(irq_error);
}

void job_control::finish(std::uint32_t code) {
    ++m_jobs;
    if (code) {
        ++m_failed_jobs;
        m_log.warning("job failed with error code " + std::to_string(code));
    }
    error.set(code);
    status.set(status_done | (code ? status_error : 0));
    irq_status.set_bits(code ? irq_error : irq_done);
    update_irq();
}

void job_control::reset() {
    if (sc_core::sc_is_running()) update_irq();
}

void job_control::update_irq() { m_irq.write(irq_status.value() != 0 && (ctrl.value() & ctrl_irq_en)); }

void job_control::report_stats(nlohmann::json& out) const {
    out["jobs"] = m_jobs;
    out["failed_jobs"] = m_failed_jobs;
}

} // namespace vplab::core
