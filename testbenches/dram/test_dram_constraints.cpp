// Every pair of commands the controllers issue respects the JEDEC constraints, checked by a separate
// brute-force pass over the command log rather than by the timing checker itself.
#include "dram_test_util.h"
#include "lt_initiator.h"

#include <catch2/catch.hpp>

#include <algorithm>
#include <memory>
#include <random>
#include <sstream>

using namespace vplab::dram;
using namespace vplab::dram::test;

namespace {

struct logged {
    dram_command cmd;
    dram_address a;
    cycle_t t;
};

// Returns the first violation found, or "".
std::string validate(const dram_spec& s, const std::vector<logged>& log) {
    const auto& t = s.timing;
    const cycle_t burst = s.burst_cycles();
    auto is_cas = [](dram_command c) { return c == dram_command::rd || c == dram_command::wr; };
    // No constraint reaches further back than this, so older commands need not be compared.
    const cycle_t horizon = std::max<cycle_t>({t.tRC, t.tRFC, t.tFAW, t.CWL + burst + t.tWR, t.CL + burst}) + 8;
    std::ostringstream err;
    for (std::size_t j = 0; j < log.size(); ++j) {
        const logged& y = log[j];
        for (std::size_t i = j; i-- > 0;) {
            const logged& x = log[i];
            const cycle_t d = y.t - x.t;
            if (d > horizon) break;
            if (is_cas(x.cmd) && is_cas(y.cmd)) {
                // Data bursts never overlap on the channel's bus, and ranks switch with tRTRS between bursts.
                const cycle_t xs = x.t + (x.cmd == dram_command::wr ? t.CWL : t.CL);
                const cycle_t ys = y.t + (y.cmd == dram_command::wr ? t.CWL : t.CL);
                const cycle_t gap = x.a.rank != y.a.rank ? t.tRTRS : 0;
                if (!(xs + burst + gap <= ys || ys + burst + gap <= xs) && err.str().empty())
                    err << "data bus: " << to_string(x.cmd) << "@" << x.t << " and " << to_string(y.cmd) << "@" << y.t;
            }
            if (x.a.rank != y.a.rank) continue;
            const bool same_bank = x.a.flat_bank == y.a.flat_bank;
            const bool same_bg = x.a.bank_group == y.a.bank_group;
            auto need = [&](bool cond, cycle_t min, const char* what) {
                if (cond && d < min && err.str().empty())
                    err << what << ": " << to_string(x.cmd) << "@" << x.t << " -> " << to_string(y.cmd) << "@" << y.t
                        << " bank " << y.a.flat_bank << " needs " << min;
            };
            need(same_bank && x.cmd == dram_command::act && y.cmd == dram_command::act, t.tRC, "tRC");
            need(same_bank && x.cmd == dram_command::act && is_cas(y.cmd), t.tRCD, "tRCD");
            need(same_bank && x.cmd == dram_command::act && y.cmd == dram_command::pre, t.tRAS, "tRAS");
            need(same_bank && x.cmd == dram_command::pre && y.cmd == dram_command::act, t.tRP, "tRP");
            need(same_bank && x.cmd == dram_command::rd && y.cmd == dram_command::pre, t.tRTP, "tRTP");
            need(same_bank && x.cmd == dram_command::wr && y.cmd == dram_command::pre, t.CWL + burst + t.tWR, "tWR");
            need(x.cmd == dram_command::act && y.cmd == dram_command::act && !same_bank, same_bg ? t.tRRD_L : t.tRRD_S,
                 "tRRD");
            need(is_cas(x.cmd) && is_cas(y.cmd) && x.cmd == y.cmd, same_bg ? t.tCCD_L : t.tCCD_S, "tCCD");
            need(x.cmd == dram_command::wr && y.cmd == dram_command::rd,
                 t.CWL + burst + (same_bg ? t.tWTR_L : t.tWTR_S), "tWTR");
            need(x.cmd == dram_command::rd && y.cmd == dram_command::wr, t.CL + burst + 2 - t.CWL, "tRTW");
            need(x.cmd == dram_command::ref && y.cmd == dram_command::act, t.tRFC, "tRFC");
            need(x.cmd == dram_command::prea && y.cmd == dram_command::ref, t.tRPab, "tRPab");
        }
        // tFAW: at most four activates in any tFAW window.
        if (y.cmd == dram_command::act) {
            int n = 0;
            for (std::size_t i = j; i-- > 0 && n < 4;) {
                if (log[i].cmd != dram_command::act || log[i].a.rank != y.a.rank) continue;
                if (++n == 4 && y.t - log[i].t < t.tFAW && err.str().empty())
                    err << "tFAW: activate at " << y.t << " is the fifth since " << log[i].t;
            }
        }
    }
    return err.str();
}

struct run {
    std::unique_ptr<dram_memory> mem;
    std::unique_ptr<lt_initiator> cpu;
    std::vector<std::vector<logged>> logs;  // per channel
};

} // namespace

TEST_CASE("dram: all timing constraints hold between issued commands under mixed traffic", "[dram][timing]") {
    std::vector<std::unique_ptr<run>> runs;
    const std::vector<std::tuple<std::string, scheduler_kind, page_policy_kind>> variants = {
        {"ddr4-3200", scheduler_kind::frfcfs, page_policy_kind::open},
        {"ddr4-2400", scheduler_kind::fcfs, page_policy_kind::closed},
        {"lpddr4-3200", scheduler_kind::frfcfs, page_policy_kind::open_adaptive},
        {"hbm2", scheduler_kind::frfcfs, page_policy_kind::open}};
    int n = 0;
    for (const auto& [p, sched, page] : variants) {
        auto r = std::make_unique<run>();
        dram_config cfg = config_for(p);
        cfg.controller.scheduler = sched;
        cfg.controller.page_policy = page;
        cfg.spec.org.ranks = p == "ddr4-2400" ? 2 : 1;  // exercise the rank-to-rank paths too
        const std::string name = "v" + std::to_string(n++);
        r->mem = std::make_unique<dram_memory>((name + "_mem").c_str(), cfg);
        r->cpu = std::make_unique<lt_initiator>((name + "_cpu").c_str());
        r->cpu->socket.bind(r->mem->socket);
        run* self = r.get();
        self->logs.resize(cfg.spec.org.channels);
        r->mem->observe_commands([self](std::uint32_t ch, dram_command c, const dram_address& a, cycle_t t) {
            self->logs[ch].push_back({c, a, t});
        });
        r->cpu->body = [self](lt_initiator& cpu) {
            std::mt19937_64 rng(11);
            std::vector<unsigned char> buf(64);
            sc_core::sc_time t = sc_core::SC_ZERO_TIME;
            // Clusters of nearby and random accesses, reads and writes, with idle gaps that let refresh fall due.
            for (int i = 0; i < 3000; ++i) {
                const std::uint64_t span = (i / 200) % 2 ? self->mem->size() : 64 * 1024;
                const std::uint64_t a = (rng() % (span / 64)) * 64;
                cpu.access(rng() % 3 == 0, a, buf.data(), 64, t);
                t += sc_core::sc_time(double(rng() % 4 == 0 ? 40 : 1), sc_core::SC_NS);
            }
        };
        runs.push_back(std::move(r));
    }
    sc_core::sc_start();
    for (auto& r : runs) {
        r->mem->finish();
        std::size_t commands = 0;
        for (auto& log : r->logs) {
            std::stable_sort(log.begin(), log.end(), [](const logged& x, const logged& y) { return x.t < y.t; });
            INFO(r->mem->spec().name);
            CHECK(validate(r->mem->spec(), log) == "");
            commands += log.size();
        }
        CHECK(commands > 1000);
        CHECK(r->mem->summary().refreshes > 0);
    }
}
