// Register semantics: every access kind, masks, callbacks, sync, debug access and the error responses.
#include "test_initiator.h"

#include <catch2/catch.hpp>
#include <core/peripheral.h>

#include <sstream>
#include <string>
#include <vector>

using namespace vplab;
using testing::test_initiator;

namespace {

struct test_device : core::peripheral {
    core::reg ctrl{m_regs, "CTRL", 0x00, 4, 0x10, core::access::rw, 0x0000ffff};
    core::reg status{m_regs, "STATUS", 0x04, 4, 0x5, core::access::ro, 0};
    core::reg irq{m_regs, "IRQ", 0x08, 4, 0, core::access::w1c, 0x3};
    core::reg key{m_regs, "KEY", 0x0c, 4, 0, core::access::wo};
    core::reg wide{m_regs, "WIDE", 0x10, 8, 0x1122334455667788ull, core::access::rw};
    core::reg counter{m_regs, "COUNTER", 0x20, 4, 0, core::access::ro, 0};
    std::vector<std::uint64_t> ctrl_writes;
    std::uint32_t reads_of_counter = 0;
    sc_core::sc_time start_seen;

    explicit test_device(sc_core::sc_module_name n) : peripheral(n, sc_core::sc_time(2, sc_core::SC_NS)) {
        ctrl.on_write([this](std::uint64_t v) { ctrl_writes.push_back(v); });
        counter.on_read([this] { return std::uint64_t{42} + reads_of_counter; });
        key.sync_on_write().on_write([this](std::uint64_t) { start_seen = sc_core::sc_time_stamp(); });
    }
};

struct bench {
    test_initiator cpu{"cpu"};
    test_device dev{"dev"};
    bench() {
        cpu.out.bind(dev.in);
        sc_core::sc_start(sc_core::SC_ZERO_TIME);  // elaboration done: reset values applied
    }
};

} // namespace

TEST_CASE("rw register keeps bits outside its write mask and calls its write callback") {
    bench b;
    CHECK(b.cpu.read32(0x00) == 0x10);
    CHECK(b.cpu.write32(0x00, 0xabcd1234) == tlm::TLM_OK_RESPONSE);
    CHECK(b.cpu.read32(0x00) == 0x1234);
    REQUIRE(b.dev.ctrl_writes.size() == 1);
    CHECK(b.dev.ctrl_writes[0] == 0x1234);
}

TEST_CASE("ro register refuses writes with a command error and keeps its value") {
    bench b;
    CHECK(b.cpu.write32(0x04, 0xffffffff) == tlm::TLM_COMMAND_ERROR_RESPONSE);
    CHECK(b.cpu.read32(0x04) == 0x5);
}

TEST_CASE("wo register refuses reads with a command error") {
    bench b;
    std::uint32_t v = 0;
    CHECK(b.cpu.read32(0x0c, v) == tlm::TLM_COMMAND_ERROR_RESPONSE);
    CHECK(b.cpu.write32(0x0c, 7) == tlm::TLM_OK_RESPONSE);
    CHECK(b.dev.key.value() == 7);
}

TEST_CASE("w1c register clears exactly the written one bits within its mask") {
    bench b;
    b.dev.irq.set(0x3);
    CHECK(b.cpu.write32(0x08, 0x1) == tlm::TLM_OK_RESPONSE);
    CHECK(b.cpu.read32(0x08) == 0x2);
    CHECK(b.cpu.write32(0x08, 0xfffffffc) == tlm::TLM_OK_RESPONSE);  // outside the mask: no effect
    CHECK(b.cpu.read32(0x08) == 0x2);
    CHECK(b.cpu.write32(0x08, 0x2) == tlm::TLM_OK_RESPONSE);
    CHECK(b.cpu.read32(0x08) == 0x0);
}

TEST_CASE("64-bit register is accessed whole; its halves and other widths are command errors") {
    bench b;
    CHECK(b.cpu.read64(0x10) == 0x1122334455667788ull);
    std::uint32_t v = 0;
    CHECK(b.cpu.read32(0x10, v) == tlm::TLM_COMMAND_ERROR_RESPONSE);
    CHECK(b.cpu.read32(0x14, v) == tlm::TLM_COMMAND_ERROR_RESPONSE);
    std::uint64_t w = 0;
    CHECK(b.cpu.access(tlm::TLM_READ_COMMAND, 0x00, &w, 8) == tlm::TLM_COMMAND_ERROR_RESPONSE);
    std::uint16_t h = 0;
    CHECK(b.cpu.access(tlm::TLM_READ_COMMAND, 0x00, &h, 2) == tlm::TLM_COMMAND_ERROR_RESPONSE);
    CHECK(b.cpu.access(tlm::TLM_READ_COMMAND, 0x02, &h, 2) == tlm::TLM_COMMAND_ERROR_RESPONSE);
}

TEST_CASE("unmapped offsets answer an address error without stopping the simulation") {
    bench b;
    std::uint32_t v = 0;
    CHECK(b.cpu.read32(0x18, v) == tlm::TLM_ADDRESS_ERROR_RESPONSE);  // hole between registers
    CHECK(b.cpu.write32(0x1000, 1) == tlm::TLM_ADDRESS_ERROR_RESPONSE);
    sc_core::sc_start(sc_core::sc_time(1, sc_core::SC_US));
    CHECK(sc_core::sc_get_status() != sc_core::SC_STOPPED);
    nlohmann::json stats;
    b.dev.report_stats(stats);
    CHECK(stats["register_errors"] == 2);
}

TEST_CASE("byte enables are refused with a command error") {
    bench b;
    std::uint32_t v = 1;
    unsigned char be[4] = {0xff, 0, 0xff, 0};
    CHECK(b.cpu.access(tlm::TLM_WRITE_COMMAND, 0x00, &v, 4, be) == tlm::TLM_COMMAND_ERROR_RESPONSE);
    CHECK(b.cpu.read32(0x00) == 0x10);
}

TEST_CASE("read callbacks supply the value; debug reads see it, debug writes are refused") {
    bench b;
    CHECK(b.cpu.read32(0x20) == 42);
    std::uint32_t v = 0;
    CHECK(b.cpu.debug(tlm::TLM_READ_COMMAND, 0x20, &v, 4) == 4);
    CHECK(v == 42);
    v = 99;
    CHECK(b.cpu.debug(tlm::TLM_WRITE_COMMAND, 0x00, &v, 4) == 0);
    CHECK(b.cpu.read32(0x00) == 0x10);
    CHECK(b.dev.ctrl_writes.empty());
}

TEST_CASE("every access adds the device's latency to the annotated delay") {
    bench b;
    b.cpu.delay = sc_core::SC_ZERO_TIME;
    b.cpu.read32(0x00);
    b.cpu.write32(0x00, 1);
    CHECK(b.cpu.delay == sc_core::sc_time(4, sc_core::SC_NS));
}

TEST_CASE("a sync register's callback runs at the initiator's local time") {
    test_initiator cpu("cpu");
    test_device dev("dev");
    cpu.out.bind(dev.in);
    cpu.in_thread([&] {
        cpu.delay = sc_core::sc_time(300, sc_core::SC_NS);
        cpu.write32(0x0c, 1);
    });
    sc_core::sc_start(sc_core::sc_time(1, sc_core::SC_US));
    CHECK(dev.start_seen == sc_core::sc_time(302, sc_core::SC_NS));  // local time + the device's 2 ns
    CHECK(cpu.delay == sc_core::SC_ZERO_TIME);
}

TEST_CASE("reset restores every register's reset value") {
    bench b;
    b.cpu.write32(0x00, 0xffff);
    b.dev.irq.set(3);
    b.dev.reset();
    CHECK(b.dev.ctrl.value() == 0x10);
    CHECK(b.dev.irq.value() == 0);
    CHECK(b.dev.wide.value() == 0x1122334455667788ull);
}

TEST_CASE("overlapping or misaligned registers are programming errors caught at construction") {
    core::register_bank bank;
    core::reg a(bank, "A", 0x0, 8, 0, core::access::rw);
    CHECK_THROWS_WITH(core::reg(bank, "B", 0x4, 4, 0, core::access::rw), Catch::Contains("overlaps register A"));
    CHECK_THROWS_WITH(core::reg(bank, "C", 0x6, 4, 0, core::access::rw), Catch::Contains("not aligned"));
    CHECK_THROWS_WITH(core::reg(bank, "D", 0x8, 2, 0, core::access::rw), Catch::Contains("width"));
}

TEST_CASE("the register map prints like a datasheet") {
    bench b;
    b.dev.ctrl.field("EN", 0, 1, "enable");
    std::ostringstream os;
    b.dev.registers().print(os, 0x1000);
    const std::string text = os.str();
    CHECK_THAT(text, Catch::Contains("0x00001000"));
    CHECK_THAT(text, Catch::Contains("CTRL"));
    CHECK_THAT(text, Catch::Contains("W1C"));
    CHECK_THAT(text, Catch::Contains("[0:0] EN  enable"));
    CHECK(text.find("CTRL") < text.find("STATUS"));
}

TEST_CASE("the register map keeps its columns aligned for long names and large offsets") {
    core::register_bank bank;
    core::reg a(bank, "A", 0x0, 4, 0, core::access::rw);
    core::reg long_name(bank, "A_VERY_LONG_REGISTER_NAME", 0x4, 4, 0, core::access::ro);
    core::reg far(bank, "FAR", 0x12340, 4, 0, core::access::rw);
    std::ostringstream os;
    bank.print(os, 0);
    std::istringstream lines(os.str());
    std::vector<std::size_t> width_column;  // every row's "32-bit" starts in the same column
    for (std::string line; std::getline(lines, line);) {
        const std::size_t at = line.find("32-bit");
        REQUIRE(at != std::string::npos);
        width_column.push_back(at);
    }
    REQUIRE(width_column.size() == 3);
    CHECK(width_column[0] == width_column[1]);
    CHECK(width_column[1] == width_column[2]);
    CHECK_THAT(os.str(), Catch::Contains("+0x12340") && Catch::Contains("+0x00000"));
}
