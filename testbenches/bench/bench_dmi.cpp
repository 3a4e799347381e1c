// Benchmark dmi: firmware copying 256 MiB into simulated memory through the host CPU's DMI path, against a native
// memcpy of the same size in the same process. Prints one JSON line with GB/s (median of rounds) and the ratio.
#include "bench_util.h"

#include <chrono>
#include <core/memory.h>
#include <core/router.h>
#include <cstdio>
#include <cstring>
#include <hal/systemc/host_cpu.h>
#include <nlohmann/json.hpp>
#include <vector>

using namespace vplab;
using bench::median;
using bench::seconds_since;

namespace {

constexpr std::size_t total_bytes = 256u << 20;
constexpr std::size_t chunk_bytes = 1u << 20;  // firmware copies in 1 MiB blocks, as a loader would
constexpr int rounds = 5;

} // namespace

int sc_main(int, char*[]) {
    bench::quiet_kernel(sc_core::sc_time(1, sc_core::SC_US));
    hal::host_cpu cpu("cpu", 0);
    core::router bus("bus");
    core::memory ram("ram", total_bytes, sc_core::sc_time(10, sc_core::SC_NS), sc_core::sc_time(10, sc_core::SC_NS));
    cpu.out.bind(bus.in);
    bus.map(ram.in, 0x80000000, total_bytes, "ram");

    std::vector<unsigned char> src(total_bytes), dst(total_bytes);
    for (std::size_t i = 0; i < src.size(); i += 4096) src[i] = static_cast<unsigned char>(i >> 12);
    std::memset(dst.data(), 1, dst.size());  // fault the pages in before timing

    std::vector<double> sim_gbps, native_gbps;
    cpu.load([&](hal::mmio& io) {
        for (int r = 0; r < rounds; ++r) {
            auto t0 = std::chrono::steady_clock::now();
            for (std::size_t off = 0; off < total_bytes; off += chunk_bytes)
                io.write_block(0x80000000 + off, src.data() + off, chunk_bytes);
            sim_gbps.push_back(total_bytes / 1e9 / seconds_since(t0));
            t0 = std::chrono::steady_clock::now();
            std::memcpy(dst.data(), src.data(), total_bytes);
            native_gbps.push_back(total_bytes / 1e9 / seconds_since(t0));
        }
    });
    sc_core::sc_start();
    unsigned char check = 0;
    ram.dump(total_bytes - 4096, &check, 1);
    const double sim = median(sim_gbps), native = median(native_gbps);
    nlohmann::json j{{"bench", "dmi"},
                     {"bytes", total_bytes},
                     {"rounds", rounds},
                     {"dmi_gbps", sim},
                     {"native_memcpy_gbps", native},
                     {"ratio", native / sim},
                     {"data_ok", check == src[total_bytes - 4096] && dst[4096] == src[4096]}};
    std::printf("%s\n", j.dump().c_str());
    return 0;
}
