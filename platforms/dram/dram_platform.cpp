#include "dram_platform.h"

#include "data_checker.h"
#include "dram/dram_memory.h"
#include "dram_params.h"
#include "runner/session.h"
#include "trace_reader.h"
#include "traffic_generator.h"
#include "traffic_pattern.h"

#include <core/stats.h>
#include <algorithm>
#include <cstdio>
#include <fstream>
#include <memory>
#include <sstream>

namespace vplab::platforms {

namespace {

using namespace dram_traffic;

const char* const default_scenario = R"(name: dram
platform: dram
seed: 1
sim:
  quantum: 1us
  time_limit: 1s
dram:
  preset: ddr4-3200
workload:
  pattern: sequential
  bytes: 128KiB
  outstanding: 32
)";

std::string human_bytes(std::uint64_t b) {
    char text[32];
    if (b >= (1u << 20) && b % (1u << 20) == 0)
        std::snprintf(text, sizeof text, "%llu MiB", static_cast<unsigned long long>(b >> 20));
    else if (b >= 1024 && b % 1024 == 0)
        std::snprintf(text, sizeof text, "%llu KiB", static_cast<unsigned long long>(b >> 10));
    else
        std::snprintf(text, sizeof text, "%llu B", static_cast<unsigned long long>(b));
    return text;
}

run_outcome run(const run_context& ctx) {
    const config::values& v = ctx.params;
    const vplab::dram::dram_config cfg = make_dram_config(v);
    const workload_config w = make_workload(v, ctx.seed);
    const std::uint64_t size = cfg.spec.org.capacity();

    // Check the whole trace before any simulation, so bad input costs nothing; it is then read again as it runs.
    std::ifstream trace_file;
    std::unique_ptr<trace_reader> trace;
    if (w.pattern == pattern_kind::trace) {
        check_trace(w.trace_file, size);
        trace_file.open(w.trace_file);
        trace = std::make_unique<trace_reader>(trace_file, w.trace_file, size);
    }

    session s(ctx);
    vplab::dram::dram_memory mem("dram", cfg);
    data_checker checker(ctx.seed);
    traffic_pattern pattern(w, size);
    std::function<bool(traffic_request&)> source;
    if (trace) {
        source = [&](traffic_request& r) { return trace->next(r); };
    } else {
        source = [&](traffic_request& r) {
            if (pattern.done()) return false;
            r = pattern.next();
            return true;
        };
        if (w.verify) {
            // Preload the region the pattern can read through the debug interface, as a loader would.
            const std::uint64_t begin = pattern.extent_begin(), bytes = pattern.extent_bytes();
            std::vector<unsigned char> chunk(64 * 1024);
            tlm::tlm_generic_payload p;
            p.set_command(tlm::TLM_WRITE_COMMAND);
            p.set_data_ptr(chunk.data());
            for (std::uint64_t a = begin; a < begin + bytes; a += chunk.size()) {
                const std::uint64_t n = std::min<std::uint64_t>(chunk.size(), begin + bytes - a);
                checker.fill(a, chunk.data(), n, 0);
                p.set_address(a);
                p.set_data_length(unsigned(n));
                mem.socket.get_base_export()->transport_dbg(p);
            }
            checker.preloaded(begin, bytes);
        }
    }
    traffic_generator gen("generator", w, source, checker);
    gen.socket.bind(mem.socket);

    // Commands in issue order of each channel; sorted by time when written (auto-precharges are known early).
    struct logged {
        vplab::dram::cycle_t t;
        std::uint32_t channel;
        vplab::dram::dram_command cmd;
        vplab::dram::dram_address a;
    };
    std::vector<logged> command_log;
    const std::uint64_t log_limit = v.unsigned_("dram.command_log");
    if (log_limit > 0) {
        mem.observe_commands([&](std::uint32_t ch, vplab::dram::dram_command c, const vplab::dram::dram_address& a,
                                 vplab::dram::cycle_t t) {
            if (command_log.size() < log_limit) command_log.push_back({t, ch, c, a});
        });
    }

    s.run_until_stop();
    mem.finish();

    run_outcome out;
    out.sim_time_ns = sc_core::sc_time_stamp().to_seconds() * 1e9;
    const vplab::dram::dram_summary d = mem.summary();
    nlohmann::json& m = out.metrics;
    m["bandwidth_gbps"] = d.bandwidth_gbps;
    m["peak_gbps"] = d.peak_gbps;
    m["efficiency"] = d.efficiency;
    m["avg_latency_ns"] = d.avg_latency_ns;
    m["p99_latency_ns"] = d.p99_latency_ns;
    m["row_hit_rate"] = d.row_hit_rate;
    m["energy_pj"] = d.energy.total();
    m["energy_background_pj"] = d.energy.background;
    m["energy_activate_pj"] = d.energy.activate;
    m["energy_precharge_pj"] = d.energy.precharge;
    m["energy_read_pj"] = d.energy.read;
    m["energy_write_pj"] = d.energy.write;
    m["energy_refresh_pj"] = d.energy.refresh;
    m["pj_per_bit"] = d.pj_per_bit;
    m["refresh_fraction"] = d.refresh_fraction;
    m["requests"] = gen.requests();
    m["bytes"] = d.bytes_read + d.bytes_written;
    out.stats = core::collect_stats();

    std::ostringstream msg;
    if (!gen.finished()) {
        out.firmware_error = true;
        msg << "time limit reached after " << gen.requests() << " requests";
    } else if (gen.errors() > 0) {
        out.firmware_error = true;
        msg << gen.errors() << " requests answered with an error";
    } else {
        msg << human_bytes(d.bytes_read + d.bytes_written) << " in " << gen.requests() << " requests: ";
        char text[96];
        std::snprintf(text, sizeof text, "%.2f GB/s (%.1f%% of %.1f), avg latency %.1f ns", d.bandwidth_gbps,
                      100.0 * d.efficiency, d.peak_gbps, d.avg_latency_ns);
        msg << text;
        if (!w.verify) {
            msg << ", data not checked";
        } else if (checker.mismatches() > 0) {
            msg << ", " << checker.mismatches() << " bytes read back wrong (first " << checker.first_mismatch() << ")";
        } else {
            msg << ", " << human_bytes(checker.checked_bytes()) << " read back verified";
        }
    }
    if (log_limit > 0) {
        std::stable_sort(command_log.begin(), command_log.end(),
                         [](const logged& x, const logged& y) { return x.t < y.t; });
        std::ostringstream text;
        text << "# cycle time_ns channel rank bank_group bank row column command (tCK " << cfg.spec.tck_ps
             << " ps; PRE after RD/WR is the auto-precharge of closed / adaptive pages)\n";
        for (const logged& l : command_log) {
            char line[160];
            std::snprintf(line, sizeof line, "%llu %.3f %u %u %u %u %u %u %s\n", static_cast<unsigned long long>(l.t),
                          double(l.t) * double(cfg.spec.tck_ps) * 1e-3, l.channel, l.a.rank, l.a.bank_group, l.a.bank,
                          l.a.row, l.a.column, vplab::dram::to_string(l.cmd));
            text << line;
        }
        out.files["dram_commands.txt"] = text.str();
    }
    out.verified = gen.finished() && gen.errors() == 0 && w.verify && checker.mismatches() == 0;
    out.message = msg.str();
    return out;
}

void print_regs(std::ostream& os) {
    os << "dram: no registers; the memory answers reads and writes at 0 .. size-1 (see docs/dram.md)\n";
}

} // namespace

const platform_def& dram_platform() {
    static const platform_def def{"dram",
                                  "traffic generator + DRAM subsystem (DDR4, LPDDR4, HBM2): bandwidth, latency, energy",
                                  "available",
                                  declare_params,
                                  default_scenario,
                                  validate_params,
                                  run,
                                  print_regs};
    return def;
}

} // namespace vplab::platforms
