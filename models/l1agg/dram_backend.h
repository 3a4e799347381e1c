#pragma once
// The DRAM behind the L2 slices: one models/dram channel controller per channel (banks, rows, FR-FCFS or FCFS,
// page policy, refresh, energy), driven from gpu_sim's event calendar. The engine works in core cycles, the
// controllers in DRAM clock cycles; a time crosses to the other clock on that clock's next edge, computed in
// integer picoseconds, so nothing drifts however long the run. A burst that finds its channel's queue full waits
// in front of it, in order, and enters when a slot frees.

#include <dram/address_mapper.h>
#include <dram/channel_controller.h>

#include <cstdint>
#include <deque>
#include <memory>
#include <vector>

namespace vplab::l1agg {

struct dram_totals {
    std::uint64_t read_bursts = 0, write_bursts = 0;
    std::uint64_t row_hits = 0, row_misses = 0, row_conflicts = 0;
    double energy_pj = 0;  // every channel, background included, up to the last finish()
    double row_hit_rate() const {
        const std::uint64_t n = row_hits + row_misses + row_conflicts;
        return n ? double(row_hits) / double(n) : 0.0;
    }
};

class dram_backend {
public:
    static constexpr std::uint64_t never = ~0ull;
    static constexpr unsigned line_bytes = 128;
    struct read_done {
        std::uint64_t tag;
        std::uint64_t cycle;  // core cycle at which the burst's data has arrived
    };

    // `core_ps`: the core clock period. Throws std::invalid_argument for an inconsistent configuration.
    dram_backend(const dram::dram_config& cfg, std::uint64_t core_ps);

    unsigned channels() const { return static_cast<unsigned>(m_channels.size()); }
    unsigned burst_bytes() const { return m_burst_bytes; }

    // Queues the bursts covering `sectors` (32-byte sectors of line `line`) at core cycle `now`; returns how many.
    // Each read burst comes back from run() with `tag`. The channels it touched are listed in touched().
    unsigned access(std::uint64_t line, std::uint8_t sectors, bool write, std::uint64_t tag, std::uint64_t now);
    const std::vector<unsigned>& touched() const { return m_touched; }
    void clear_touched() { m_touched.clear(); }

    // The core cycle at which channel `ch` issues its next command, or never.
    std::uint64_t wake(unsigned ch) const;
    // Issues the commands of channel `ch` due by core cycle `now`; appends its served read bursts to `done`.
    void run(unsigned ch, std::uint64_t now, std::vector<read_done>& done);
    // Brings refresh and the background energy of every channel up to core cycle `now` (queued bursts stay).
    void finish(std::uint64_t now);

    dram_totals totals() const;
    // Time bursts spent waiting in front of full queues, summed over bursts and channels, in core cycles.
    double overflow_wait_core_cycles() const {
        return double(m_overflow_wait_dram) * double(m_dram_ps) / double(m_core_ps);
    }

    // Clock crossings: the first edge of the other clock at or after the given one.
    std::uint64_t to_dram(std::uint64_t core_cycle) const { return ceil_div(core_cycle * m_core_ps, m_dram_ps); }
    std::uint64_t to_core(std::uint64_t dram_cycle) const { return ceil_div(dram_cycle * m_dram_ps, m_core_ps); }

private:
    struct waiting {
        dram::dram_address addr;
        bool write;
        std::uint64_t tag;
        dram::cycle_t arrival;
    };
    struct channel {
        std::unique_ptr<dram::channel_controller> ctrl;
        std::deque<waiting> overflow;  // bursts waiting for a queue slot, in arrival order
    };
    static std::uint64_t ceil_div(std::uint64_t a, std::uint64_t b) { return (a + b - 1) / b; }
    void enqueue(unsigned ch, const waiting& w);

    dram::address_mapper m_mapper;
    std::vector<channel> m_channels;
    std::vector<dram::dram_completion> m_done;  // scratch
    std::vector<unsigned> m_touched;
    std::uint64_t m_core_ps, m_dram_ps;
    std::uint64_t m_overflow_wait_dram = 0;  // DRAM cycles
    unsigned m_burst_bytes;
};

} // namespace vplab::l1agg
