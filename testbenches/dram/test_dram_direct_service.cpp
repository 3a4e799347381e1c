// channel_controller::serve() takes a lone row hit's column command directly, without the queue and the scheduler.
// It must give exactly what queueing the burst and running the scheduler gives: every command at the same cycle,
// every completion, every counter and the energy. Random streams of b_transport-style requests (a run of
// consecutive bursts sharing one arrival) exercise it with arrivals behind and ahead of the engine, row ends inside
// runs, conflicts, refresh falling inside runs, both directions, every page policy and both schedulers.
// serve_run(), which b_transport uses for a request's bursts in one channel, must give the same again, with several
// channels (bursts alternating between them) as with one. Both take each stretch of direct bursts with its counters,
// ids and background energy accounted once for the stretch; the streams mix reads and writes.
#include "dram/address_mapper.h"
#include "dram/channel_controller.h"

#include <catch2/catch.hpp>

#include <algorithm>
#include <memory>
#include <random>
#include <sstream>
#include <string>
#include <tuple>
#include <vector>

using namespace vplab::dram;

namespace {

struct logged_command {
    dram_command cmd;
    std::uint32_t channel;
    std::uint32_t bank;
    std::uint32_t row;
    cycle_t t;
    bool operator==(const logged_command& o) const {
        return std::tie(cmd, channel, bank, row, t) == std::tie(o.cmd, o.channel, o.bank, o.row, o.t);
    }
};

std::string describe(const logged_command& c) {
    std::ostringstream os;
    os << to_string(c.cmd) << " channel " << c.channel << " bank " << c.bank << " row " << c.row << " @" << c.t;
    return os.str();
}

struct stream_result {
    std::vector<cycle_t> data_end;     // per burst, in service order (not for serve_run())
    std::vector<cycle_t> request_end;  // per request: its latest data end
    std::vector<logged_command> commands;
    channel_stats stats;
    std::uint64_t refreshes = 0;
    energy_breakdown energy;
    std::uint64_t direct = 0;
};

struct burst_request {
    std::uint64_t offset;  // first byte, burst aligned
    unsigned bursts;
    bool write;
    cycle_t arrival;
};

// Requests like a DMA with several in flight: mostly sequential runs, arrivals often behind the engine's latest
// command, sometimes a jump to another row (conflict), to the last columns of a row (the run crosses the row end)
// or a long idle gap (refresh caught up, or due inside the next run).
std::vector<burst_request> random_stream(std::uint64_t seed, const dram_spec& spec, std::uint64_t capacity) {
    std::mt19937_64 rng(seed);
    const std::uint64_t burst = spec.org.burst_bytes();
    const std::uint64_t region = std::min<std::uint64_t>(capacity, 64ull << 20);
    std::vector<burst_request> out;
    std::uint64_t next = 0;
    cycle_t base = 0;
    for (int i = 0; i < 400; ++i) {
        burst_request r;
        const unsigned kind = unsigned(rng() % 100);
        if (kind < 70) {
            r.offset = next;
        } else if (kind < 85) {
            r.offset = (rng() % (region / burst)) * burst;
        } else {
            // Near the end of a row of one bank: the run goes on into the next row or bank.
            const std::uint64_t row_bytes = std::uint64_t(spec.org.columns / spec.org.burst_length) * burst;
            r.offset = ((rng() % (region / row_bytes)) + 1) * row_bytes - burst * (1 + rng() % 4);
        }
        r.bursts = 1 + unsigned(rng() % 24);
        r.write = rng() % 3 == 0;
        const unsigned when = unsigned(rng() % 100);
        if (when < 30) base += 0;                               // issued together with the previous run
        else if (when < 60) base += rng() % 64;                 // behind the engine: overlaps earlier runs
        else if (when < 95) base += 20 + rng() % 400;
        else base += spec.timing.tREFI * (1 + rng() % 3) + rng() % 1000;  // idle: refresh due or caught up
        r.arrival = base;
        next = r.offset + r.bursts * burst;
        out.push_back(r);
    }
    return out;
}

enum class service { queued, per_burst, runs };

// One controller per channel, as dram_memory has. `per_burst`: serve() for each burst; `runs`: serve_run() for each
// stretch of consecutive bursts of a request in one channel (as dram_memory::b_transport does); `queued`: enqueue()
// and run_until_served(), the scheduler's own choice.
stream_result run(const dram_config& cfg, const std::vector<burst_request>& stream, service how) {
    std::vector<std::unique_ptr<channel_controller>> channels;
    const address_mapper mapper(cfg.spec.org, cfg.mapping);
    stream_result res;
    for (std::uint32_t ch = 0; ch < cfg.spec.org.channels; ++ch) {
        channels.push_back(std::make_unique<channel_controller>(cfg));
        channels.back()->on_command = [&res, ch](dram_command cmd, const dram_address& a, cycle_t t) {
            res.commands.push_back({cmd, ch, a.flat_bank, a.row, t});
        };
    }
    std::vector<dram_completion> done;
    std::vector<dram_address> bursts;
    const std::uint64_t burst = cfg.spec.org.burst_bytes();
    for (const burst_request& r : stream) {
        bursts.clear();
        for (unsigned b = 0; b < r.bursts; ++b)
            bursts.push_back(mapper.decode((r.offset + b * burst) % mapper.capacity()));
        cycle_t end = r.arrival;
        for (std::size_t i = 0; i < bursts.size();) {
            channel_controller& c = *channels[bursts[i].channel];
            std::size_t j = i + 1;
            while (j < bursts.size() && bursts[j].channel == bursts[i].channel) ++j;
            if (how == service::runs) {
                end = std::max(end, c.serve_run(&bursts[i], j - i, r.write, r.arrival, done));
            } else {
                for (std::size_t k = i; k < j; ++k) {
                    cycle_t e;
                    if (how == service::per_burst) {
                        e = c.serve(bursts[k], r.write, r.arrival, done).data_end;
                    } else {
                        const std::uint64_t id = c.enqueue(bursts[k], r.write, r.arrival, 0);
                        e = c.run_until_served(id, done).data_end;
                    }
                    res.data_end.push_back(e);
                    end = std::max(end, e);
                }
            }
            done.clear();
            i = j;
        }
        res.request_end.push_back(end);
    }
    for (auto& c : channels) {
        c->finish(c->now() + 10);
        const channel_stats& s = c->stats();
        res.stats.reads += s.reads;
        res.stats.writes += s.writes;
        res.stats.row_hits += s.row_hits;
        res.stats.row_misses += s.row_misses;
        res.stats.row_conflicts += s.row_conflicts;
        res.stats.precharges += s.precharges;
        res.stats.activates.insert(res.stats.activates.end(), s.activates.begin(), s.activates.end());
        res.refreshes += c->refresh().refreshes();
        res.energy += c->energy().energy();
        res.direct += c->direct_served();
    }
    return res;
}

void check_same(const stream_result& fast, const stream_result& queued) {
    if (!fast.data_end.empty()) {
        REQUIRE(fast.data_end.size() == queued.data_end.size());
        for (std::size_t i = 0; i < fast.data_end.size(); ++i) {
            INFO("burst " << i);
            REQUIRE(fast.data_end[i] == queued.data_end[i]);
        }
    }
    REQUIRE(fast.request_end.size() == queued.request_end.size());
    for (std::size_t i = 0; i < fast.request_end.size(); ++i) {
        INFO("request " << i);
        REQUIRE(fast.request_end[i] == queued.request_end[i]);
    }
    REQUIRE(fast.commands.size() == queued.commands.size());
    for (std::size_t i = 0; i < fast.commands.size(); ++i) {
        INFO("command " << i << ": " << describe(fast.commands[i]) << " vs " << describe(queued.commands[i]));
        REQUIRE(fast.commands[i] == queued.commands[i]);
    }
    CHECK(fast.stats.reads == queued.stats.reads);
    CHECK(fast.stats.writes == queued.stats.writes);
    CHECK(fast.stats.row_hits == queued.stats.row_hits);
    CHECK(fast.stats.row_misses == queued.stats.row_misses);
    CHECK(fast.stats.row_conflicts == queued.stats.row_conflicts);
    CHECK(fast.stats.precharges == queued.stats.precharges);
    CHECK(fast.stats.activates == queued.stats.activates);
    CHECK(fast.refreshes == queued.refreshes);
    CHECK(fast.energy.total() == queued.energy.total());
    CHECK(fast.energy.background == queued.energy.background);
    CHECK(queued.direct == 0);
}

} // namespace

TEST_CASE("dram controller: direct service of lone row hits equals queued service on random streams",
          "[dram][controller][direct]") {
    std::uint64_t direct_total = 0, run_direct_total = 0, bursts_total = 0, refreshes_total = 0, conflicts_total = 0;
    std::uint64_t multi_channel_bursts = 0;
    for (const std::string name :
         {"ddr4-3200", "ddr4-3200 2 ranks", "ddr4-3200 2 channels", "ddr4-2400", "lpddr4-3200", "hbm2"})
        for (const page_policy_kind policy :
             {page_policy_kind::open, page_policy_kind::open_adaptive, page_policy_kind::closed})
            for (const scheduler_kind sched : {scheduler_kind::frfcfs, scheduler_kind::fcfs})
                for (std::uint64_t seed = 1; seed <= 6; ++seed) {
                    dram_config cfg;
                    cfg.spec = preset(name.substr(0, name.find(' ')));
                    if (name.find("2 ranks") != std::string::npos) cfg.spec.org.ranks = 2;
                    // Both mappings put the channel in the lowest bits: a request's bursts alternate between
                    // channels (hbm2 has eight).
                    if (name.find("2 channels") != std::string::npos) cfg.spec.org.channels = 2;
                    cfg.controller.page_policy = policy;
                    cfg.controller.scheduler = sched;
                    cfg.controller.refresh = true;
                    if (seed % 3 == 0) cfg.mapping = "row_bank_column";
                    const address_mapper mapper(cfg.spec.org, cfg.mapping);
                    const auto stream = random_stream(seed * 7919 + std::uint64_t(policy), cfg.spec, mapper.capacity());
                    INFO(name << ", page policy " << to_string(policy) << ", " << to_string(sched) << ", seed " << seed
                              << ", mapping " << cfg.mapping);
                    const stream_result queued = run(cfg, stream, service::queued);
                    const stream_result per_burst = run(cfg, stream, service::per_burst);
                    const stream_result runs = run(cfg, stream, service::runs);
                    {
                        INFO("serve() per burst against queued service");
                        check_same(per_burst, queued);
                    }
                    {
                        INFO("serve_run() per request and channel against queued service");
                        check_same(runs, queued);
                    }
                    CHECK(runs.direct == per_burst.direct);
                    direct_total += per_burst.direct;
                    run_direct_total += runs.direct;
                    bursts_total += per_burst.data_end.size();
                    refreshes_total += per_burst.refreshes;
                    conflicts_total += per_burst.stats.row_conflicts;
                    if (cfg.spec.org.channels > 1) multi_channel_bursts += per_burst.data_end.size();
                }
    // The streams reach every case: most bursts direct, the others (misses, conflicts, refresh) queued.
    CHECK(direct_total > bursts_total / 3);
    CHECK(direct_total < bursts_total);
    CHECK(run_direct_total == direct_total);
    CHECK(refreshes_total > 100);
    CHECK(conflicts_total > 100);
    CHECK(multi_channel_bursts > 0);
}
