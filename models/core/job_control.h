#pragma once
// The command block most accelerators share, so a device only describes its job:
//   CTRL (RW: START, IRQ_EN), STATUS (RO: BUSY, DONE, ERROR), IRQ_STATUS (W1C: DONE, ERROR; the interrupt line is
//   high while IRQ_STATUS != 0 && CTRL.IRQ_EN) and ERROR (RO: the device's code of the last job, 0 for none);
//   the bits are in job_control_regs.h.
// A START while busy is refused with the device's busy code (the running job goes on); an optional check refuses
// a bad job at once. The device's worker waits for started() and ends each job with finish(code).

#include "job_control_regs.h"
#include "logger.h"
#include "reg.h"
#include "register_bank.h"

#include <functional>
#include <nlohmann/json.hpp>
#include <systemc>

namespace vplab::core {

class job_control {
public:
    struct layout {
        std::uint64_t ctrl, status, irq_status, error;  // register offsets
        std::uint32_t busy_error;                       // ERROR code for a START while a job runs
    };
    // Runs when START is accepted, in the writer's thread before any later register write: devices latch their job's
    // registers here. A non-zero code refuses the job at once (STATUS.DONE|ERROR, interrupt).
    using start_check = std::function<std::uint32_t()>;

    // The bits, named as drivers see them (job_control_regs.h).
    static constexpr std::uint32_t ctrl_start = regs::job::CTRL_START, ctrl_irq_en = regs::job::CTRL_IRQ_EN;
    static constexpr std::uint32_t status_busy = regs::job::STATUS_BUSY, status_done = regs::job::STATUS_DONE,
                                   status_error = regs::job::STATUS_ERROR;
    static constexpr std::uint32_t irq_done = regs::job::IRQ_DONE, irq_error = regs::job::IRQ_ERROR;

    // `irq` and `log` belong to the device and must outlive this object.
    job_control(register_bank& bank, const layout& l, sc_core::sc_out<bool>& irq, const logger& log);

    void check_on_start(start_check check) { m_check = std::move(check); }
    const sc_core::sc_event& started() const { return m_started; }
    bool busy() const { return (status.value() & status_busy) != 0; }
    // Ends the running job: STATUS.DONE (and ERROR when `error` != 0), ERROR = `error`, interrupt.
    void finish(std::uint32_t error);
    // Call from the device's reset(): the registers are reset by the bank, the line follows them.
    void reset();
    void report_stats(nlohmann::json& out) const;  // jobs, failed_jobs
    std::uint64_t jobs() const { return m_jobs; }
    std::uint64_t failed_jobs() const { return m_failed_jobs; }

    reg ctrl, status, irq_status, error;

private:
    void start(std::uint64_t value);
    void refuse(std::uint32_t code);
    void update_irq();

    sc_core::sc_out<bool>& m_irq;
    const logger& m_log;
    std::uint32_t m_busy_error;
    start_check m_check;
    sc_core::sc_event m_started;
    std::uint64_t m_jobs = 0, m_failed_jobs = 0;
};

} // namespace vplab::core
