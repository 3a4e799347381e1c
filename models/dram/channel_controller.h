#pragma once
// The memory controller of one channel as a timing engine: a bounded queue of bursts, a scheduler, a page policy,
// all-bank refresh and the timing checker. It works in clock cycles and never waits: the caller asks for the next
// command time and runs the engine up to a time (AT face), or until one burst is served (b_transport face).
// Both faces share one bank and bus state. A command may take a slot before commands issued earlier (a b_transport
// request arriving while the engine has run ahead) when no constraint orders them (see timing_checker).

#include "dram/bank_state.h"
#include "dram/dram_config.h"
#include "dram/dram_request.h"
#include "dram/energy_model.h"
#include "dram/page_policy.h"
#include "dram/refresh_manager.h"
#include "dram/scheduler.h"
#include "dram/timing_checker.h"

#include <functional>
#include <memory>
#include <vector>

namespace vplab::dram {

struct channel_stats {
    std::uint64_t reads = 0;          // bursts
    std::uint64_t writes = 0;
    std::uint64_t row_hits = 0;
    std::uint64_t row_misses = 0;     // bank was precharged
    std::uint64_t row_conflicts = 0;  // another row was open
    std::uint64_t precharges = 0;
    std::vector<std::uint64_t> activates;  // per flat bank (rank * banks + bank)
};

class channel_controller {
public:
    static constexpr cycle_t never = refresh_manager::never;

    explicit channel_controller(const dram_config& cfg);

    bool full() const { return m_queue.size() >= m_depth; }
    std::size_t queued() const { return m_queue.size(); }
    // Queues one burst arriving at `arrival`; returns its id. The queue may exceed its depth for b_transport users.
    std::uint64_t enqueue(const dram_address& a, bool write, cycle_t arrival, std::uint64_t tag);

    // Issues every command due at or before `limit`; served bursts are appended to `done`.
    void run_until(cycle_t limit, std::vector<dram_completion>& done);
    // Issues commands until burst `id` has its column command; returns its completion (also appended to `done`).
    dram_completion run_until_served(std::uint64_t id, std::vector<dram_completion>& done);
    // Serves one burst exactly as enqueue() then run_until_served() would, and returns its completion; bursts of
    // other users served on the way are appended to `done` (this one is not). The b_transport face's common case,
    // a row hit with nothing else queued, no refresh owed before it and a page policy that keeps the row open,
    // takes the column command the scheduler would choose without going through the queue.
    dram_completion serve(const dram_address& a, bool write, cycle_t arrival, std::vector<dram_completion>& done);
    // Serves the `n` bursts of one request (all arriving at `arrival`) in order, exactly as n calls of serve()
    // would, and returns the latest data end (at least `arrival`); bursts of other users served on the way are
    // appended to `done`.
    cycle_t serve_run(const dram_address* bursts, std::size_t n, bool write, cycle_t arrival,
                      std::vector<dram_completion>& done);
    // The time of the next command, or `never` when the queue is empty and no refresh is under way.
    // A refresh falling due in an idle period is caught up lazily when work arrives or at finish().
    cycle_t next_command_time() const;
    // Catches up refresh and the background state to `end` (the end of the simulation); queued bursts stay queued.
    void finish(cycle_t end);

    cycle_t now() const { return m_now; }  // latest command time
    std::uint64_t direct_served() const { return m_direct_served; }  // bursts serve() took without the queue
    const channel_stats& stats() const { return m_stats; }
    const refresh_manager& refresh() const { return m_refresh; }
    const energy_model& energy() const { return m_energy; }

    // Called for every issued command (tests and command logs); auto-precharges are reported as `pre` with their
    // future time when the column command that implies them is issued.
    std::function<void(dram_command, const dram_address&, cycle_t)> on_command;

private:
    struct action {
        dram_command cmd = dram_command::act;
        cycle_t time = never;
        int request = -1;          // queue index for act / pre / rd / wr
        std::uint32_t rank = 0;    // for prea / ref
    };
    action plan() const;  // cached
    action compute_plan() const;
    void execute(const action& a, std::vector<dram_completion>& done);
    // The accounting of a column command issued at `t`; returns when its data leaves the bus.
    cycle_t column_issued(const dram_request& r, dram_command cmd, cycle_t t);
    // serve()'s two ways. serve_direct() takes bursts without the queue, from the first, for as long as that gives
    // exactly what the scheduler would, and returns how many it took (adding their latest data end to `end`); the
    // first burst it cannot take is left for serve_queued(). The per-burst accounting (counters, energy, ids) of
    // the bursts it takes is done once for all of them.
    std::size_t serve_direct(const dram_address* bursts, std::size_t n, bool write, cycle_t arrival, cycle_t& end);
    dram_completion serve_queued(const dram_address& a, bool write, cycle_t arrival,
                                 std::vector<dram_completion>& done);
    std::uint32_t rank_open_banks(std::uint32_t rank) const;
    // After a long idle period, accounts all but the last refreshes before `until` arithmetically.
    void skip_idle_refreshes(cycle_t until);

    dram_organisation m_org;
    std::size_t m_depth;
    timing_checker m_checker;
    bank_state m_banks;
    std::unique_ptr<scheduler> m_scheduler;
    page_policy m_page_policy;
    refresh_manager m_refresh;
    energy_model m_energy;
    channel_stats m_stats;

    std::vector<dram_request> m_queue;  // arrival order
    mutable std::vector<int> m_choice;  // scratch: per-bank scheduler choice
    std::vector<cycle_t> m_slots;       // scratch: the slots of directly served bursts
    mutable action m_plan;              // the last plan, valid until the queue or the state changes
    mutable bool m_plan_valid = false;
    std::uint64_t m_next_id = 1;
    std::uint64_t m_direct_served = 0;
    cycle_t m_now = 0;                  // latest command time issued
};

} // namespace vplab::dram
