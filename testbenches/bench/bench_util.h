#pragma once
// What every benchmark shares: wall-clock timing, the median of rounds, and a quiet SystemC kernel.

#include <algorithm>
#include <chrono>
#include <systemc>
#include <tlm>
#include <vector>

namespace vplab::bench {

inline double seconds_since(std::chrono::steady_clock::time_point t) {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - t).count();
}

// These machines are noisy: benchmarks report the median of several rounds.
inline double median(std::vector<double> v) {
    std::sort(v.begin(), v.end());
    return v.empty() ? 0.0 : v[v.size() / 2];
}

// No "simulation stopped" chatter on stdout, which carries the benchmark's JSON; the given global quantum.
inline void quiet_kernel(sc_core::sc_time quantum) {
    sc_core::sc_report_handler::set_actions("/OSCI/SystemC", sc_core::SC_INFO, sc_core::SC_DO_NOTHING);
    tlm::tlm_global_quantum::instance().set(quantum);
}

} // namespace vplab::bench
