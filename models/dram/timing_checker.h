#pragma once
// Earliest legal issue time of each command from the JEDEC constraints between commands to the same bank, bank
// group, rank and channel. It knows nothing about queues: the controller asks and then issues.
//
// Per-bank constraints are kept as horizons (the earliest next ACT, PRE, RD, WR). Constraints between banks
// (tRRD, tFAW, tCCD, tWTR, read-to-write turnaround), the command bus and the data bus are checked against the
// recent commands in both directions, so a command may take a slot before commands issued earlier (a b_transport
// request arriving while the engine has run ahead, or a younger request of another bank) whenever no constraint
// orders them.
//
// Column commands are the hot path (several per request): per cycle, cycle_cells holds which kinds of column command
// (rank, bank group, direction) may not issue there because of the commands recorded so far (command bus, data bus,
// column-to-column gaps), so placing one is a scan for the first cell without its kind and recording one ORs in a
// fixed pattern. The cells also hold the command bus (busy cycles, slot ends); activates are a list (tRRD, tFAW).
//
// How far back a command may go: command-bus slots are forgotten once they end more than `keep` (1024) cycles
// before the newest, and nothing is placed before the end of the latest slot forgotten (the floor). The cells
// hold 16,384 cycles; a command recorded further than that ahead of the floor (after a long idle stretch)
// raises the floor to keep them in reach.

#include "dram/address_mapper.h"
#include "dram/cycle_cells.h"
#include "dram/dram_command.h"
#include "dram/dram_spec.h"
#include "dram/history_buffer.h"

#include <vector>

namespace vplab::dram {

class timing_checker {
public:
    explicit timing_checker(const dram_spec& spec);

    // Earliest cycle the bank-level horizons allow `cmd` to `a` (its rank for prea / ref).
    cycle_t earliest(dram_command cmd, const dram_address& a) const;
    // earliest() of a read or write, inline for the b_transport face's direct service.
    cycle_t earliest_column(bool write, const dram_address& a) const {
        const horizon& b = m_banks[a.flat_bank];
        return write ? b.next_wr : b.next_rd;
    }
    // Earliest cycle >= t at which act / pre / rd / wr to `a` also fits the command bus, the data bus and the
    // constraints to every recent command of its rank, earlier or later.
    cycle_t fit(dram_command cmd, const dram_address& a, cycle_t t) const;
    // fit() then issue() of the reads or writes `bursts`, in order, each from max(`arrival`, earliest_column()) on,
    // until one's slot would be at or after `limit`; returns how many were placed, their slots in `slots`.
    std::size_t place_columns(const dram_address* bursts, std::size_t n, bool write, cycle_t arrival, cycle_t limit,
                              cycle_t* slots);
    // The command bus is free after every command issued so far from here on (refresh goes there).
    cycle_t bus_free() const { return m_cmd_bus_free; }
    // Earliest cycle an auto-precharge may start after the last column command to the bank.
    cycle_t earliest_auto_precharge(const dram_address& a) const { return m_banks[a.flat_bank].next_pre; }

    // Records that `cmd` was issued at `t`; `uses_bus` is false for auto-precharges.
    void issue(dram_command cmd, const dram_address& a, cycle_t t, bool uses_bus = true);

    // When the data of a column command at `t` ends on the bus.
    cycle_t read_data_end(cycle_t t) const { return t + m_t.CL + m_burst; }
    cycle_t write_data_end(cycle_t t) const { return t + m_t.CWL + m_burst; }

private:
    struct horizon {
        cycle_t next_act = 0;
        cycle_t next_pre = 0;
        cycle_t next_rd = 0;
        cycle_t next_wr = 0;
    };
    struct past_act {
        cycle_t t;
        std::uint32_t rank;
        std::uint32_t bank_group;
    };

    std::uint32_t cmd_cycles(dram_command cmd) const;
    cycle_t act_fit(const dram_address& a, cycle_t t) const;  // one pass of tRRD / tFAW
    cycle_t bus_fit(dram_command cmd, cycle_t t) const;
    cycle_t cas_gap(bool first_write, bool second_write, bool same_bg) const;  // CAS-to-CAS minimum
    // What the cells record per cycle, as marks: mark m is bit m % 8 of plane m / 8. Mark k < m_kinds: a column
    // command of kind k may not issue there; then whether the command bus is busy, and whether a slot ends there.
    std::size_t kind(std::uint32_t rank, std::uint32_t bank_group, bool write) const {
        return (std::size_t(rank) * m_org.bank_groups + bank_group) * 2 + (write ? 1 : 0);
    }
    std::size_t bus_busy_mark() const { return m_kinds; }
    std::size_t bus_end_mark() const { return m_kinds + 1; }
    static std::uint8_t mark_bit(std::size_t m) { return std::uint8_t(1u << (m % 8)); }
    void mark(std::size_t m, cycle_t lo, cycle_t hi);                      // cycles [lo, hi)
    cycle_t last_marked(std::size_t m, cycle_t lo, cycle_t hi) const;     // in [lo, hi), or cycle_cells::none
    void build_patterns();
    std::uint8_t* pattern(std::size_t kind, std::size_t plane) {
        return &m_patterns[(kind * m_planes + plane) * m_pattern_length];
    }
    // The hot path of place_columns() (several per request): inlined there.
    [[gnu::always_inline]] inline cycle_t column_fit(std::size_t kind, cycle_t t) const;
    [[gnu::always_inline]] inline void column_issued(const dram_address& a, std::size_t kind, bool write, cycle_t t);
    // Nothing is placed before the floor (see the note at the top): max(t, floor()), worked out only when needed.
    cycle_t above_floor(cycle_t t) const;
    cycle_t floor() const;
    // Makes room in the cells for cycles up to `last`, forgetting what lies before the floor's reach.
    void reserve(cycle_t last);

    dram_timing m_t;
    dram_organisation m_org;
    cycle_t m_burst;
    cycle_t m_tRTW;
    cycle_t m_cas_gap[2][2][2];  // cas_gap(first is a write, second is a write, same bank group)
    std::vector<horizon> m_banks;     // per flat bank
    std::vector<cycle_t> m_rank_ref;  // no ACT before this (tRFC after REF)
    std::size_t m_kinds;   // of column command: ranks x bank groups x 2
    std::size_t m_planes;  // of the cells: the kinds' marks and the bus's two
    // Per kind of column command: where the marks one sets start (pattern(kind, plane) holds them, m_pattern_length
    // cells per plane for the cycles from its own + pattern_first on); and what the last fit of the kind found: no
    // cycle of [memo_from, memo_at) was clear.
    struct column_kind {
        std::int64_t pattern_first = 0;
        cycle_t memo_from = 1, memo_at = 0;
    };
    mutable std::vector<column_kind> m_kind;  // mutable: the memo is a cache of fit()
    std::size_t m_pattern_length = 0;
    std::vector<std::uint8_t> m_patterns;  // per kind and plane
    cycle_t m_reach;  // no constraint, and no pattern, reaches further from a command than this
    cycle_cells m_cells;
    history_buffer<past_act> m_acts;  // sorted by time
    cycle_t m_cmd_bus_free = 0;
    mutable cycle_t m_floor = 0;  // floor() as last worked out (or raised by reserve())
};

} // namespace vplab::dram
