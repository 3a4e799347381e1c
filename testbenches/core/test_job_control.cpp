// The shared command block: START, refusal while busy, the start check, finish codes and the interrupt line.
#include "test_initiator.h"

#include <catch2/catch.hpp>
#include <core/irq.h>
#include <core/job_control.h>
#include <core/peripheral.h>

using namespace vplab;
using testing::test_initiator;
using jc = core::job_control;

namespace {

constexpr std::uint64_t CTRL = 0x0, STATUS = 0x4, IRQ_STATUS = 0x8, ERROR = 0xc;
constexpr std::uint32_t busy_code = 9, bad_code = 3;

struct job_device : core::peripheral {
    sc_core::sc_out<bool> irq{"irq"};
    core::job_control job{m_regs, {CTRL, STATUS, IRQ_STATUS, ERROR, busy_code}, irq, m_log};
    std::uint32_t next_check = 0;  // what the start check answers
    std::uint32_t finish_code = 0;
    explicit job_device(sc_core::sc_module_name n) : peripheral(n) {
        job.check_on_start([this] { return next_check; });
        SC_HAS_PROCESS(job_device);
        SC_THREAD(worker);
    }
    void worker() {
        for (;;) {
            wait(job.started());
            wait(100, sc_core::SC_NS);
            job.finish(finish_code);
        }
    }
};

struct bench {
    test_initiator cpu{"cpu"};
    job_device dev{"dev"};
    core::irq_line line{"line"};
    bench() {
        cpu.out.bind(dev.in);
        dev.irq.bind(line);
    }
};

} // namespace

TEST_CASE("a job runs from START to finish, and the interrupt follows IRQ_STATUS and IRQ_EN") {
    bench b;
    std::vector<std::uint32_t> seen;
    b.cpu.in_thread([&] {
        b.cpu.write32(CTRL, jc::ctrl_start | jc::ctrl_irq_en);
        seen.push_back(b.cpu.read32(STATUS));
        sc_core::wait(200, sc_core::SC_NS);
        seen.push_back(b.cpu.read32(STATUS));
        seen.push_back(b.line.read());
        seen.push_back(b.cpu.read32(CTRL));  // START reads back 0
        b.cpu.write32(IRQ_STATUS, jc::irq_done);
        sc_core::wait(sc_core::SC_ZERO_TIME);
        seen.push_back(b.line.read());
    });
    sc_core::sc_start(sc_core::sc_time(1, sc_core::SC_US));
    CHECK(seen == std::vector<std::uint32_t>{jc::status_busy, jc::status_done, 1, jc::ctrl_irq_en, 0});
    CHECK(b.dev.job.jobs() == 1);
}

TEST_CASE("START while busy is refused with the busy code and the running job completes") {
    bench b;
    std::uint32_t error = 0, irq_status = 0, status = 0;
    b.cpu.in_thread([&] {
        b.cpu.write32(CTRL, jc::ctrl_start);
        b.cpu.write32(CTRL, jc::ctrl_start);
        error = b.cpu.read32(ERROR);
        irq_status = b.cpu.read32(IRQ_STATUS);
        sc_core::wait(200, sc_core::SC_NS);
        status = b.cpu.read32(STATUS);
    });
    sc_core::sc_start(sc_core::sc_time(1, sc_core::SC_US));
    CHECK(error == busy_code);
    CHECK(irq_status == jc::irq_error);
    CHECK(status == jc::status_done);
    CHECK(b.dev.job.jobs() == 1);
}

TEST_CASE("a failing start check refuses the job at once, and a failed finish reports its code") {
    bench b;
    b.dev.next_check = bad_code;
    std::vector<std::uint32_t> seen;
    b.cpu.in_thread([&] {
        b.cpu.write32(CTRL, jc::ctrl_start);
        seen.push_back(b.cpu.read32(STATUS));
        seen.push_back(b.cpu.read32(ERROR));
        b.dev.next_check = 0;
        b.dev.finish_code = 7;
        b.cpu.write32(IRQ_STATUS, jc::irq_error);
        b.cpu.write32(CTRL, jc::ctrl_start);
        sc_core::wait(200, sc_core::SC_NS);
        seen.push_back(b.cpu.read32(STATUS));
        seen.push_back(b.cpu.read32(ERROR));
        seen.push_back(b.cpu.read32(IRQ_STATUS));
    });
    sc_core::sc_start(sc_core::sc_time(1, sc_core::SC_US));
    CHECK(seen == std::vector<std::uint32_t>{jc::status_done | jc::status_error, bad_code,
                                             jc::status_done | jc::status_error, 7, jc::irq_error});
    CHECK(b.dev.job.jobs() == 2);
    CHECK(b.dev.job.failed_jobs() == 2);
}
