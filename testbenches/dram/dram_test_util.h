#pragma once
// Shared helpers for the DRAM tests: configs from presets, closed-form latencies and address builders.

#include "dram/dram_memory.h"

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace vplab::dram::test {

inline dram_config config_for(const std::string& preset_name, bool refresh = true) {
    dram_config c;
    c.spec = preset(preset_name);
    c.controller.refresh = refresh;
    return c;
}

inline sc_core::sc_time cycles(const dram_spec& s, std::uint64_t n) {
    return sc_core::sc_time(double(s.tck_ps * n), sc_core::SC_PS);
}

inline double ns(const sc_core::sc_time& t) { return t.to_seconds() * 1e9; }

inline std::vector<std::uint64_t> sequential(std::uint64_t start, std::uint64_t bytes, unsigned step) {
    std::vector<std::uint64_t> v;
    for (std::uint64_t a = start; a < start + bytes; a += step) v.push_back(a);
    return v;
}

// A memory bound to one initiator of the given face (lt_initiator or at_initiator), named after the test.
template <typename initiator> struct dram_bench {
    std::unique_ptr<dram_memory> mem;
    std::unique_ptr<initiator> cpu;
    dram_bench(const std::string& name, const dram_config& cfg)
        : mem(std::make_unique<dram_memory>((name + "_mem").c_str(), cfg)),
          cpu(std::make_unique<initiator>((name + "_cpu").c_str())) {
        cpu->socket.bind(mem->socket);
    }
};

} // namespace vplab::dram::test
