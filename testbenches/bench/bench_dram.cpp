// Benchmark dram: simulated bursts per wall-clock second of the DRAM model for streaming and random reads through
// the AT face and through b_transport, the AT / b_transport wall-time ratio on the same traffic, and the cost of
// a bare b_transport call as the kernel's limit. A SystemC kernel runs once per process, so every case runs in a
// forked child; each prints one JSON line, and a summary line with the ratios comes last.
#include "bench_util.h"

#include "dram/dram_memory.h"
#include "dram/traffic_generator.h"
#include "dram/traffic_pattern.h"

#include <chrono>
#include <cstdio>
#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <sys/wait.h>
#include <tlm_utils/simple_initiator_socket.h>
#include <tlm_utils/simple_target_socket.h>
#include <unistd.h>
#include <vector>

using namespace vplab;
using bench::seconds_since;
using namespace vplab::platforms::dram_traffic;

namespace {

struct bench_case {
    std::string name;
    std::string preset;
    pattern_kind pattern;
    bool at;
    std::uint64_t bytes;
    std::uint32_t request_bytes;
    std::uint32_t outstanding;
};

nlohmann::json run_model(const bench_case& c) {
    tlm::tlm_global_quantum::instance().set(sc_core::sc_time(1, sc_core::SC_US));
    vplab::dram::dram_config cfg;
    cfg.spec = vplab::dram::preset(c.preset);
    workload_config w;
    w.pattern = c.pattern;
    w.bytes = c.bytes;
    w.request_bytes = c.request_bytes;
    w.span = 64ull << 20;
    w.outstanding = c.outstanding;
    w.at_face = c.at;
    w.verify = false;  // time the model, not the checker
    vplab::dram::dram_memory mem("dram", cfg);
    traffic_pattern pattern(w, mem.size());
    data_checker checker(1);
    traffic_generator gen("generator", w,
                          [&](traffic_request& r) {
                              if (pattern.done()) return false;
                              r = pattern.next();
                              return true;
                          },
                          checker);
    gen.socket.bind(mem.socket);
    const auto t0 = std::chrono::steady_clock::now();
    sc_core::sc_start();
    const double wall = seconds_since(t0);
    mem.finish();
    const vplab::dram::dram_summary s = mem.summary();
    const std::uint64_t bursts = s.read_bursts + s.write_bursts;
    return {{"bench", "dram"},
            {"case", c.name},
            {"preset", c.preset},
            {"face", c.at ? "at" : "lt"},
            {"outstanding", c.outstanding},
            {"request_bytes", c.request_bytes},
            {"pattern", c.pattern == pattern_kind::sequential ? "sequential" : "random"},
            {"bursts", bursts},
            {"wall_s", wall},
            {"bursts_per_s", double(bursts) / wall},
            {"sim_us", sc_core::sc_time_stamp().to_seconds() * 1e6},
            {"sim_bandwidth_gbps", s.bandwidth_gbps},
            {"sim_efficiency", s.efficiency}};
}

// The kernel's limit: a target that only adds a fixed delay.
struct bare_target : sc_core::sc_module {
    tlm_utils::simple_target_socket<bare_target> socket;
    explicit bare_target(const sc_core::sc_module_name& n) : sc_module(n), socket("socket") {
        socket.register_b_transport(this, &bare_target::b_transport);
    }
    void b_transport(tlm::tlm_generic_payload& p, sc_core::sc_time& d) {
        d += sc_core::sc_time(1, sc_core::SC_NS);
        p.set_response_status(tlm::TLM_OK_RESPONSE);
    }
};

struct bare_initiator : sc_core::sc_module {
    tlm_utils::simple_initiator_socket<bare_initiator> socket;
    std::uint64_t calls = 0;
    double wall = 0;
    SC_HAS_PROCESS(bare_initiator);
    bare_initiator(const sc_core::sc_module_name& n, std::uint64_t count)
        : sc_module(n), socket("socket"), calls(count) {
        SC_THREAD(run);
    }
    void run() {
        tlm::tlm_generic_payload p;
        unsigned char data[64];
        p.set_command(tlm::TLM_READ_COMMAND);
        p.set_data_ptr(data);
        p.set_data_length(64);
        const auto t0 = std::chrono::steady_clock::now();
        sc_core::sc_time local = sc_core::SC_ZERO_TIME;
        for (std::uint64_t i = 0; i < calls; ++i) {
            p.set_address(i * 64);
            socket->b_transport(p, local);
            if (local >= sc_core::sc_time(1, sc_core::SC_US)) {
                wait(local);
                local = sc_core::SC_ZERO_TIME;
            }
        }
        wall = seconds_since(t0);
    }
};

nlohmann::json run_bare() {
    const std::uint64_t calls = 20'000'000;
    bare_target t("target");
    bare_initiator i("initiator", calls);
    i.socket.bind(t.socket);
    sc_core::sc_start();
    return {{"bench", "dram"}, {"case", "bare_b_transport"}, {"calls", calls}, {"wall_s", i.wall},
            {"calls_per_s", double(calls) / i.wall}};
}

// Runs `fn` in a child process and returns the JSON line it produced.
template <typename F>
nlohmann::json in_child(F fn) {
    int fd[2];
    if (pipe(fd) != 0) return {{"error", "pipe failed"}};
    const pid_t pid = fork();
    if (pid == 0) {
        close(fd[0]);
        const std::string line = fn().dump() + "\n";
        if (write(fd[1], line.data(), line.size()) < 0) _exit(1);
        _exit(0);
    }
    close(fd[1]);
    std::string text;
    char buf[4096];
    ssize_t n;
    while ((n = read(fd[0], buf, sizeof buf)) > 0) text.append(buf, std::size_t(n));
    close(fd[0]);
    int status = 0;
    waitpid(pid, &status, 0);
    if (text.empty()) return {{"bench", "dram"}, {"error", "case crashed"}};
    return nlohmann::json::parse(text);
}

} // namespace

int sc_main(int, char*[]) {
    sc_core::sc_report_handler::set_actions("/OSCI/SystemC", sc_core::SC_INFO, sc_core::SC_DO_NOTHING);
    const std::vector<bench_case> cases = {
        {"stream_at", "ddr4-3200", pattern_kind::sequential, true, 16u << 20, 64, 32},
        {"stream_lt", "ddr4-3200", pattern_kind::sequential, false, 16u << 20, 64, 32},
        {"random_at", "ddr4-3200", pattern_kind::random, true, 4u << 20, 64, 32},
        {"random_lt", "ddr4-3200", pattern_kind::random, false, 4u << 20, 64, 32},
        {"hbm2_stream_at", "hbm2", pattern_kind::sequential, true, 32u << 20, 256, 64},
        {"hbm2_stream_lt", "hbm2", pattern_kind::sequential, false, 32u << 20, 256, 64},
    };
    std::map<std::string, nlohmann::json> results;
    for (const bench_case& c : cases) {
        results[c.name] = in_child([&] { return run_model(c); });
        std::printf("%s\n", results[c.name].dump().c_str());
        std::fflush(stdout);
    }
    const nlohmann::json bare = in_child(run_bare);
    std::printf("%s\n", bare.dump().c_str());

    auto ratio = [&](const std::string& a, const std::string& b) {
        const auto& x = results[a];
        const auto& y = results[b];
        return x.contains("wall_s") && y.contains("wall_s") ? x["wall_s"].get<double>() / y["wall_s"].get<double>()
                                                            : 0.0;
    };
    nlohmann::json summary{{"bench", "dram"},
                           {"case", "summary"},
                           {"at_over_lt_wall_stream", ratio("stream_at", "stream_lt")},
                           {"at_over_lt_wall_random", ratio("random_at", "random_lt")},
                           {"at_over_lt_wall_hbm2_stream", ratio("hbm2_stream_at", "hbm2_stream_lt")}};
    if (bare.contains("calls_per_s")) {
        const double limit = bare["calls_per_s"].get<double>();
        for (const char* name : {"stream_at", "stream_lt", "random_at", "random_lt"})
            if (results[name].contains("bursts_per_s"))
                summary[std::string("bare_over_") + name] = limit / results[name]["bursts_per_s"].get<double>();
    }
    std::printf("%s\n", summary.dump().c_str());
    return 0;
}
