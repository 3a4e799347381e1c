// Benchmark mmio: firmware doing 32-bit register accesses through host CPU -> router -> peripheral, against a
// bare b_transport loop on the same peripheral in the same process. Prints one JSON line:
// rates in accesses per wall second (median of several rounds) and ratio = bare_rate / mmio_rate.
#include "bench_util.h"

#include <chrono>
#include <core/peripheral.h>
#include <core/router.h>
#include <cstdio>
#include <hal/systemc/host_cpu.h>
#include <nlohmann/json.hpp>
#include <vector>

using namespace vplab;
using bench::median;
using bench::seconds_since;

namespace {

constexpr std::uint64_t accesses_per_round = 10'000'000;
constexpr int rounds = 5;

struct scratch_device : core::peripheral {
    core::reg scratch{m_regs, "SCRATCH", 0x0, 4, 0, core::access::rw};
    core::reg id{m_regs, "ID", 0x4, 4, 0x1234, core::access::ro, 0};
    explicit scratch_device(sc_core::sc_module_name n) : peripheral(n, sc_core::sc_time(1, sc_core::SC_NS)) {}
};

// A bare initiator: one payload, no quantum keeper, no router.
struct bare_initiator : sc_core::sc_module {
    tlm_utils::simple_initiator_socket<bare_initiator> out{"out"};
    explicit bare_initiator(sc_core::sc_module_name n) : sc_module(n) {}
    std::uint32_t loop(std::uint64_t n) {
        tlm::tlm_generic_payload t;
        std::uint32_t v = 0, sum = 0;
        t.set_data_ptr(reinterpret_cast<unsigned char*>(&v));
        t.set_data_length(4);
        t.set_streaming_width(4);
        sc_core::sc_time delay;
        for (std::uint64_t i = 0; i < n; ++i) {
            t.set_command((i & 1) ? tlm::TLM_READ_COMMAND : tlm::TLM_WRITE_COMMAND);
            t.set_address(0);
            v = static_cast<std::uint32_t>(i);
            out->b_transport(t, delay);
            sum += v;
        }
        return sum;
    }
};

} // namespace

int sc_main(int, char*[]) {
    bench::quiet_kernel(sc_core::sc_time(1, sc_core::SC_US));
    hal::host_cpu cpu("cpu", 0);
    core::router bus("bus");
    scratch_device dev("dev"), bare_dev("bare_dev");
    bare_initiator bare("bare");
    cpu.out.bind(bus.in);
    bus.map(dev.in, 0x40000000, 0x100, "dev");
    bare.out.bind(bare_dev.in);

    std::vector<double> mmio_rates, bare_rates;
    std::uint32_t sink = 0;
    cpu.load([&](hal::mmio& io) {
        for (int r = 0; r < rounds; ++r) {
            // Alternate the two loops so machine noise hits both alike.
            auto t0 = std::chrono::steady_clock::now();
            for (std::uint64_t i = 0; i < accesses_per_round / 2; ++i) {
                io.write32(0x40000000, static_cast<std::uint32_t>(i));
                sink += io.read32(0x40000000);
            }
            mmio_rates.push_back(accesses_per_round / seconds_since(t0));
            t0 = std::chrono::steady_clock::now();
            sink += bare.loop(accesses_per_round);
            bare_rates.push_back(accesses_per_round / seconds_since(t0));
        }
    });
    sc_core::sc_start();
    const double mmio = median(mmio_rates), bare_rate = median(bare_rates);
    nlohmann::json j{{"bench", "mmio"},
                     {"accesses", accesses_per_round},
                     {"rounds", rounds},
                     {"mmio_rate_per_s", mmio},
                     {"bare_rate_per_s", bare_rate},
                     {"ratio", bare_rate / mmio},
                     {"target_ratio_max", 2.5},
                     {"checksum", sink}};
    std::printf("%s\n", j.dump().c_str());
    return 0;
}
