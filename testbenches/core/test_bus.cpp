// Memory and router: decode, translation, errors, DMI grants and invalidation, debug access, transaction log.
#include "test_initiator.h"

#include <catch2/catch.hpp>
#include <core/memory.h>
#include <core/router.h>
#include <sstream>
#include <tlm_utils/simple_target_socket.h>

using namespace vplab;
using testing::test_initiator;

namespace {

const sc_core::sc_time ns10(10, sc_core::SC_NS);

// A target that records the offsets it sees and can revoke DMI.
struct probe_target : sc_core::sc_module {
    tlm_utils::simple_target_socket<probe_target> in{"in"};
    std::vector<std::uint64_t> offsets;
    explicit probe_target(sc_core::sc_module_name n) : sc_module(n) {
        in.register_b_transport(this, &probe_target::b_transport);
    }
    void b_transport(tlm::tlm_generic_payload& t, sc_core::sc_time&) {
        offsets.push_back(t.get_address());
        t.set_response_status(tlm::TLM_OK_RESPONSE);
    }
    void revoke(std::uint64_t start, std::uint64_t end) { in->invalidate_direct_mem_ptr(start, end); }
};

struct bench {
    test_initiator cpu{"cpu"};
    core::router bus{"bus"};
    core::memory ram{"ram", 4096, ns10, 2 * ns10};
    probe_target dev{"dev"};
    bench() {
        cpu.out.bind(bus.in);
        bus.map(ram.in, 0x8000, 4096, "ram");
        bus.map(dev.in, 0x1000, 0x100, "dev");
        sc_core::sc_start(sc_core::SC_ZERO_TIME);  // multi-sockets finish binding at the end of elaboration
    }
};

} // namespace

TEST_CASE("router forwards to the window's target with the address made relative") {
    bench b;
    b.cpu.write32(0x1010, 5);
    b.cpu.write32(0x10fc, 5);
    CHECK(b.dev.offsets == std::vector<std::uint64_t>{0x10, 0xfc});
    CHECK(b.cpu.write32(0x8004, 0xcafe) == tlm::TLM_OK_RESPONSE);
    std::uint32_t v = 0;
    b.ram.dump(4, &v, 4);
    CHECK(v == 0xcafe);
}

TEST_CASE("router answers a decode miss and an access running past a window with an address error") {
    bench b;
    std::uint32_t v = 0;
    CHECK(b.cpu.read32(0x0, v) == tlm::TLM_ADDRESS_ERROR_RESPONSE);
    CHECK(b.cpu.read32(0x9000, v) == tlm::TLM_ADDRESS_ERROR_RESPONSE);
    std::uint64_t w = 0;
    CHECK(b.cpu.access(tlm::TLM_READ_COMMAND, 0x10fc, &w, 8) == tlm::TLM_ADDRESS_ERROR_RESPONSE);
    CHECK(b.dev.offsets.empty());
    nlohmann::json stats;
    b.bus.report_stats(stats);
    CHECK(stats["decode_errors"] == 3);
}

TEST_CASE("overlapping windows are an elaboration error naming both") {
    core::router bus("bus");
    core::memory a("a", 0x1000, ns10, ns10), c("c", 0x1000, ns10, ns10);
    bus.map(a.in, 0x1000, 0x1000, "a");
    CHECK_THROWS_WITH(bus.map(c.in, 0x1800, 0x1000, "c"),
                      Catch::Contains("'c' [0x1800, 0x2800)") && Catch::Contains("overlaps window 'a' [0x1000, 0x2000)"));
    CHECK_THROWS_WITH(bus.map(c.in, 0x4000, 0, "empty"), Catch::Contains("is empty"));
}

TEST_CASE("memory reads back what was written, adds its latency and hints DMI") {
    bench b;
    b.cpu.delay = sc_core::SC_ZERO_TIME;
    CHECK(b.cpu.write64(0x8100, 0x0123456789abcdefull) == tlm::TLM_OK_RESPONSE);
    CHECK(b.cpu.delay == 2 * ns10);
    CHECK(b.cpu.read64(0x8100) == 0x0123456789abcdefull);
    CHECK(b.cpu.delay == 3 * ns10);
    CHECK(b.cpu.last_dmi_allowed);
}

TEST_CASE("memory refuses out-of-range accesses, and its backdoor throws instead of overrunning") {
    core::memory ram("ram", 64, ns10, ns10);
    test_initiator cpu("cpu");
    cpu.out.bind(ram.in);
    std::uint64_t v = 0;
    CHECK(cpu.access(tlm::TLM_READ_COMMAND, 60, &v, 8) == tlm::TLM_ADDRESS_ERROR_RESPONSE);
    CHECK(cpu.access(tlm::TLM_READ_COMMAND, 56, &v, 8) == tlm::TLM_OK_RESPONSE);
    unsigned char buf[16] = {};
    CHECK_THROWS_WITH(ram.load(56, buf, 16), Catch::Contains("outside the memory's 64 bytes"));
    CHECK_THROWS(ram.dump(65, buf, 0));
    CHECK_NOTHROW(ram.load(48, buf, 16));
}

TEST_CASE("DMI through the router is translated to global addresses and clipped to the window") {
    test_initiator cpu("cpu");
    core::router bus("bus");
    core::memory ram("ram", 4096, ns10, ns10);
    cpu.out.bind(bus.in);
    bus.map(ram.in, 0x10000, 1024, "ram");  // only the first KiB of the memory is visible
    sc_core::sc_start(sc_core::SC_ZERO_TIME);
    tlm::tlm_generic_payload t;
    t.set_address(0x10010);
    t.set_command(tlm::TLM_READ_COMMAND);
    tlm::tlm_dmi dmi;
    REQUIRE(cpu.out->get_direct_mem_ptr(t, dmi));
    CHECK(dmi.get_start_address() == 0x10000);
    CHECK(dmi.get_end_address() == 0x10000 + 1023);
    CHECK(dmi.get_read_latency() == ns10);
    const std::uint32_t magic = 0x5a5a1234;
    std::memcpy(dmi.get_dmi_ptr() + 0x20, &magic, 4);
    CHECK(cpu.read32(0x10020) == magic);
}

TEST_CASE("a target's DMI invalidation reaches every initiator in global addresses") {
    bench b;
    b.dev.revoke(0x10, 0x1f);
    REQUIRE(b.cpu.revoked.size() == 1);
    CHECK(b.cpu.revoked[0] == std::make_pair(std::uint64_t{0x1010}, std::uint64_t{0x101f}));
    b.dev.revoke(0, ~std::uint64_t{0});  // "everything" is clipped to the window
    CHECK(b.cpu.revoked[1] == std::make_pair(std::uint64_t{0x1000}, std::uint64_t{0x10ff}));
}

TEST_CASE("debug transport reaches memory through the router without time or side effects") {
    bench b;
    const char text[] = "vplab";
    CHECK(b.cpu.debug(tlm::TLM_WRITE_COMMAND, 0x8200, const_cast<char*>(text), sizeof text) == sizeof text);
    char back[sizeof text] = {};
    CHECK(b.cpu.debug(tlm::TLM_READ_COMMAND, 0x8200, back, sizeof back) == sizeof text);
    CHECK(std::string(back) == "vplab");
    char tail[8];
    CHECK(b.cpu.debug(tlm::TLM_READ_COMMAND, 0x8000 + 4092, tail, 8) == 4);  // clipped at the window's end
    CHECK(b.cpu.debug(tlm::TLM_READ_COMMAND, 0x4000, tail, 8) == 0);
    CHECK(b.cpu.delay == sc_core::SC_ZERO_TIME);
}

TEST_CASE("the transaction log has one line per transaction, with the window and the response") {
    bench b;
    std::ostringstream log;
    b.bus.log_transactions(&log);
    b.cpu.write32(0x1004, 1);
    std::uint32_t v;
    b.cpu.read32(0x3000, v);
    const std::string text = log.str();
    CHECK(std::count(text.begin(), text.end(), '\n') == 2);
    CHECK_THAT(text, Catch::Contains("W 0x1004 4  dev  TLM_OK_RESPONSE"));
    CHECK_THAT(text, Catch::Contains("R 0x3000 4  <unmapped>  TLM_ADDRESS_ERROR_RESPONSE"));
}
