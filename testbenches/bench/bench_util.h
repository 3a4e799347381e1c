#pragma once
// What every benchmark shares: wall-clock timing, the median of rounds, a quiet SystemC kernel, and runs in child
// processes.

#include <algorithm>
#include <chrono>
#include <nlohmann/json.hpp>
#include <string>
#include <sys/wait.h>
#include <systemc>
#include <tlm>
#include <unistd.h>
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

// Runs `fn` (returning JSON) in a forked child and reads its result back through a pipe: a SystemC kernel is
// elaborated once per process, so every platform run needs a process of its own. {"error": ...} if it failed.
template <class F> nlohmann::json in_child(F&& fn) {
    int fds[2];
    if (pipe(fds) != 0) return {{"error", "pipe failed"}};
    const pid_t pid = fork();
    if (pid == 0) {
        close(fds[0]);
        const std::string text = fn().dump();
        const ssize_t written = write(fds[1], text.data(), text.size());
        _exit(written == static_cast<ssize_t>(text.size()) ? 0 : 1);
    }
    close(fds[1]);
    std::string text;
    char buf[4096];
    for (ssize_t n; (n = read(fds[0], buf, sizeof buf)) > 0;) text.append(buf, static_cast<size_t>(n));
    close(fds[0]);
    int status = 0;
    waitpid(pid, &status, 0);
    const nlohmann::json j = nlohmann::json::parse(text, nullptr, false);
    return j.is_discarded() ? nlohmann::json{{"error", "the child printed no result"}} : j;
}

} // namespace vplab::bench
