// The SystemC HAL backend: quantum keeping, interrupts with timeouts, bus errors, DMI block copies.
#include <catch2/catch.hpp>
#include <core/irq.h>
#include <core/memory.h>
#include <core/router.h>
#include <hal/systemc/host_cpu.h>
#include <tlm_utils/simple_target_socket.h>

using namespace vplab;
using sc_core::sc_time;
using sc_core::SC_NS;

namespace {

// Records, for every access, how far the initiator ran ahead of the kernel.
struct lag_meter : sc_core::sc_module {
    tlm_utils::simple_target_socket<lag_meter> in{"in"};
    sc_time latency{5, SC_NS};
    sc_time max_ahead;
    unsigned accesses = 0;
    explicit lag_meter(sc_core::sc_module_name n) : sc_module(n) {
        in.register_b_transport(this, &lag_meter::b_transport);
    }
    void b_transport(tlm::tlm_generic_payload& t, sc_time& delay) {
        max_ahead = std::max(max_ahead, delay);
        delay += latency;
        ++accesses;
        t.set_response_status(tlm::TLM_OK_RESPONSE);
    }
};

// A memory that grants DMI one small page at a time, like a sparse DRAM model.
struct paged_memory : sc_core::sc_module {
    static constexpr std::uint64_t page = 256;
    tlm_utils::simple_target_socket<paged_memory> in{"in"};
    std::vector<unsigned char> data = std::vector<unsigned char>(4096, 0);
    unsigned grants = 0;
    explicit paged_memory(sc_core::sc_module_name n) : sc_module(n) {
        in.register_get_direct_mem_ptr(this, &paged_memory::get_direct_mem_ptr);
        in.register_b_transport(this, &paged_memory::b_transport);
    }
    bool get_direct_mem_ptr(tlm::tlm_generic_payload& t, tlm::tlm_dmi& dmi) {
        const std::uint64_t start = t.get_address() / page * page;
        dmi.set_dmi_ptr(data.data() + start);
        dmi.set_start_address(start);
        dmi.set_end_address(start + page - 1);
        dmi.allow_read_write();
        dmi.set_read_latency(sc_time(1, SC_NS));
        dmi.set_write_latency(sc_time(1, SC_NS));
        ++grants;
        return true;
    }
    void b_transport(tlm::tlm_generic_payload& t, sc_time&) { t.set_response_status(tlm::TLM_GENERIC_ERROR_RESPONSE); }
};

struct bench {
    hal::host_cpu cpu{"cpu", 1, sc_time(1, SC_NS)};
    core::router bus{"bus"};
    lag_meter dev{"dev"};
    core::memory ram{"ram", 1 << 16, sc_time(10, SC_NS), sc_time(10, SC_NS)};
    core::irq_line line{"line"};
    bench() {
        cpu.out.bind(bus.in);
        bus.map(dev.in, 0x1000, 0x1000, "dev");
        bus.map(ram.in, 0x100000, 1 << 16, "ram");
        cpu.irq[0].bind(line);
    }
};

} // namespace

TEST_CASE("register accesses cost latency plus CPU time, and the CPU never runs ahead by more than a quantum") {
    tlm::tlm_global_quantum::instance().set(sc_time(100, SC_NS));
    bench b;
    std::uint64_t end_ns = 0;
    b.cpu.load([&](hal::mmio& bus) {
        for (int i = 0; i < 1000; ++i) bus.read32(0x1000);
        end_ns = bus.now_ns();
    });
    sc_core::sc_start();
    REQUIRE(b.cpu.finished());
    CHECK(b.dev.accesses == 1000);
    CHECK(end_ns == 1000 * 6);  // 1 ns CPU + 5 ns device per access
    CHECK(sc_core::sc_time_stamp() == sc_time(6000, SC_NS));
    CHECK(b.dev.max_ahead <= sc_time(100, SC_NS));
    CHECK(b.dev.max_ahead > sc_time(50, SC_NS));  // it did run ahead: decoupling is on
}

TEST_CASE("wait_irq returns at the interrupt's time, or false at the timeout") {
    bench b;
    sc_core::sc_event raise;
    std::vector<std::pair<bool, std::uint64_t>> seen;
    b.cpu.load([&](hal::mmio& bus) {
        auto wait_and_note = [&](std::uint64_t timeout) {
            const bool raised = bus.wait_irq(0, timeout);
            seen.emplace_back(raised, bus.now_ns());
        };
        wait_and_note(1000);  // raised at 400 ns
        wait_and_note(1000);  // still high: returns at once
        b.line.write(false);
        sc_core::wait(sc_core::SC_ZERO_TIME);  // let the signal update
        wait_and_note(250);   // never raised again
    });
    struct raiser : sc_core::sc_module {
        core::irq_line& line;
        raiser(sc_core::sc_module_name n, core::irq_line& l) : sc_module(n), line(l) {
            SC_HAS_PROCESS(raiser);
            SC_THREAD(run);
        }
        void run() {
            wait(400, SC_NS);
            line.write(true);
        }
    } r("raiser", b.line);
    sc_core::sc_start();
    REQUIRE(seen.size() == 3);
    CHECK(seen[0] == std::make_pair(true, std::uint64_t{400}));
    CHECK(seen[1] == std::make_pair(true, std::uint64_t{400}));
    CHECK(seen[2].first == false);
    CHECK(seen[2].second == 400 + 250);
}

TEST_CASE("waiting for an interrupt line the CPU does not have is an error, not a hang") {
    bench b;
    CHECK_THROWS_WITH(b.cpu.wait_irq(1, 10), Catch::Contains("no interrupt line 1"));
}

TEST_CASE("a bus error stops the firmware with the address in the message, not the simulation kernel") {
    bench b;
    bool after = false;
    b.cpu.load([&](hal::mmio& bus) {
        bus.write32(0x9000, 1);
        after = true;
    });
    sc_core::sc_start();
    CHECK(b.cpu.finished());
    CHECK_FALSE(after);
    CHECK_THAT(b.cpu.failure(), Catch::Contains("write32 at 0x9000") && Catch::Contains("ADDRESS_ERROR"));
}

TEST_CASE("block copies use DMI on memory and cost one latency per 64-byte line") {
    bench b;
    std::vector<unsigned char> in(1000), out(1000);
    for (std::size_t i = 0; i < in.size(); ++i) in[i] = static_cast<unsigned char>(i * 7);
    std::uint64_t t_write = 0;
    b.cpu.load([&](hal::mmio& bus) {
        bus.write_block(0x100000 + 24, in.data(), in.size());
        t_write = bus.now_ns();
        bus.read_block(0x100000 + 24, out.data(), out.size());
    });
    sc_core::sc_start();
    CHECK(in == out);
    CHECK(t_write == 16 * 10);  // ceil(1000 / 64) lines
    nlohmann::json stats;
    b.ram.report_stats(stats);
    CHECK(stats["dmi_grants"] == 1);
    CHECK(stats["reads"] == 0);  // nothing went through b_transport
}

TEST_CASE("block copies to a target without DMI fall back to bus transactions") {
    bench b;
    std::vector<unsigned char> data(200, 1);
    b.cpu.load([&](hal::mmio& bus) { bus.write_block(0x1000, data.data(), data.size()); });
    sc_core::sc_start();
    CHECK(b.cpu.failure().empty());
    CHECK(b.dev.accesses == 4);  // 64 + 64 + 64 + 8 bytes
}

TEST_CASE("block copies across DMI pages use each page's own grant and stay inside the buffer") {
    hal::host_cpu cpu("cpu", 0);
    core::router bus("bus");
    paged_memory mem("mem");
    cpu.out.bind(bus.in);
    bus.map(mem.in, 0x2000, 4096, "mem");
    std::vector<unsigned char> in(1000), back(1000);
    for (std::size_t i = 0; i < in.size(); ++i) in[i] = static_cast<unsigned char>(i * 13 + 1);
    cpu.load([&](hal::mmio& io) {
        io.write_block(0x2000 + 100, in.data(), in.size());  // bytes 100..1099: pages 0 to 4
        io.read_block(0x2000 + 100, back.data(), back.size());
    });
    sc_core::sc_start();
    REQUIRE(cpu.failure().empty());
    CHECK(back == in);
    CHECK(mem.grants == 5);  // asked once per page, reused for the read back
    CHECK(std::all_of(mem.data.begin(), mem.data.begin() + 100, [](unsigned char c) { return c == 0; }));
    CHECK(std::all_of(mem.data.begin() + 1100, mem.data.end(), [](unsigned char c) { return c == 0; }));
}
