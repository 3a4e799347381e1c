#pragma once
// Earliest legal issue time of each command from the JEDEC constraints between commands to the same bank, bank
// group, rank and channel. It knows nothing about queues: the controller asks and then issues.
//
// Per-bank constraints are kept as horizons (the earliest next ACT, PRE, RD, WR). Constraints between banks
// (tRRD, tFAW, tCCD, tWTR, read-to-write turnaround), the command bus and the data bus are checked against a short
// history of recent commands in both directions, so a command may take a slot before commands issued earlier
// (a b_transport request arriving while the engine has run ahead, or a younger request of another bank) whenever
// no constraint orders them.

#include "dram/address_mapper.h"
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
    // fit() of a column command (one rank) in the two cases that make up streaming, without fit()'s search:
    //  - the lower bound that the last fit of the same kind left is itself legal (a burst filling the next hole
    //    of a bank group that trails another);
    //  - the data bus is busy without a gap from the command's earliest data cycle to its last recorded burst,
    //    and the answer lies after every recorded column and bus command (a burst appended to a stream).
    // Returns `never` when neither holds; otherwise what fit() returns, with the same side effects.
    static constexpr cycle_t never = ~cycle_t(0);
    cycle_t fit_column_fast(dram_command cmd, const dram_address& a, cycle_t t) const;
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
    struct past_command {
        cycle_t t;
        std::uint32_t rank;
        std::uint32_t bank_group;
        bool write;
    };
    struct slot {
        cycle_t start;
        cycle_t end;
        std::uint32_t rank;
    };

    std::uint32_t cmd_cycles(dram_command cmd) const;
    cycle_t act_fit(const dram_address& a, cycle_t t) const;   // one pass of tRRD / tFAW
    cycle_t cas_fit(const dram_address& a, bool write, cycle_t t) const;  // one pass of CAS-to-CAS and data bus
    cycle_t bus_fit(dram_command cmd, cycle_t t) const;
    cycle_t cas_gap(bool first_write, bool second_write, bool same_bg) const;  // CAS-to-CAS minimum
    // One rank, for fit_column_fast(): fit()'s answer from t when the stream is appended to, or never.
    cycle_t appended_column_fit(const dram_address& a, bool write, cycle_t t) const;
    bool column_legal_at(const dram_address& a, bool write, cycle_t t) const;  // one rank: every constraint holds
    // issue() of a column command that goes after every recorded command, column command and burst.
    void issue_appended_column(const dram_address& a, bool write, cycle_t t);
    void insert_burst(const slot& s);  // merges with back-to-back neighbours of the same rank
    void prune();

    dram_timing m_t;
    dram_organisation m_org;
    cycle_t m_burst;
    cycle_t m_tRTW;
    cycle_t m_reach;             // no constraint spans more cycles than this
    cycle_t m_cas_reach;         // nor any column-to-column constraint
    cycle_t m_cas_gap[2][2][2];  // cas_gap(first is a write, second is a write, same bank group)
    cycle_t m_cas_before[2];     // per direction of the new command: largest gap to it from an earlier one
    cycle_t m_cas_after[2];      // and from it to a later one (both capped at m_cas_reach)
    cycle_t m_same_direction_gap[2];  // per direction: largest gap between two column commands of that direction
    std::vector<horizon> m_banks;     // per flat bank
    std::vector<cycle_t> m_rank_ref;  // no ACT before this (tRFC after REF)
    // Latest column command per (rank, bank group, write). Pruning leaves it alone: a command old enough to be
    // pruned can no longer constrain anything.
    static constexpr cycle_t no_cas = ~cycle_t(0);
    std::vector<cycle_t> m_last_cas;
    struct fit_memo {
        bool valid = false;
        cycle_t from = 0;  // the lower bound of the last fit of a column command of this kind
        cycle_t at = 0;    // and the cycle it found
    };
    mutable std::vector<fit_memo> m_fit_memo;  // same index as m_last_cas
    history_buffer<past_command> m_acts;  // sorted by time
    history_buffer<past_command> m_cas;   // sorted by time
    history_buffer<slot> m_data;          // data bus bursts, sorted
    history_buffer<slot> m_cmd;           // command bus slots, sorted
    // Where column_legal_at()'s searches of each history ended last time: the next one starts there.
    mutable std::size_t m_hint_data = 0, m_hint_cmd = 0, m_hint_cas = 0;
    // And where issue() inserted into each last time (commands filling holes behind the newest insert near there).
    std::size_t m_hint_data_insert = 0, m_hint_cmd_insert = 0, m_hint_cas_insert = 0, m_hint_acts_insert = 0;
    cycle_t m_cmd_bus_free = 0;
    cycle_t m_floor = 0;         // nothing is placed before this: older history was dropped
    cycle_t m_pruned_floor = 0;  // the floor when the column, activate and data histories were last pruned
};

} // namespace vplab::dram
