#pragma once
// DRAMPower-style energy from command counts and background state (Chandrasekar et al., DRAMPower; Micron TN-41-01):
//   activate  = V (IDD0 - IDD3N) tRAS          per ACT
//   precharge = V (IDD0 - IDD2N) (tRC - tRAS)  per PRE (explicit, auto or one bank of a PREA)
//   read      = V (IDD4R - IDD3N) tBurst       per RD;  write likewise with IDD4W
//   refresh   = V (IDD5 - IDD3N) tRFC          per REF
//   background = V (IDD3N t_active + IDD2N t_precharged), a rank being active while any bank is open
// summed over the rails and the devices of a rank. mA x V x ns = pJ. Power-down and I/O energy are not modelled.

#include "dram/dram_command.h"
#include "dram/dram_spec.h"

#include <cstdint>
#include <vector>

namespace vplab::dram {

struct energy_breakdown {
    double background = 0;  // pJ
    double activate = 0;
    double precharge = 0;
    double read = 0;
    double write = 0;
    double refresh = 0;
    double total() const { return background + activate + precharge + read + write + refresh; }
    energy_breakdown& operator+=(const energy_breakdown& o);
};

class energy_model {
public:
    explicit energy_model(const dram_spec& spec);

    // Integrates the background state up to `t`; calls come with non-decreasing `t`. Inline for the usual case,
    // no auto-precharge in the future (called for every command).
    void advance(cycle_t t) {
        for (rank_state& r : m_ranks) {
            if (r.pending_closes.empty())
                integrate(r, t);
            else
                advance_with_closes(r, t);
        }
    }
    void bank_opened(std::uint32_t rank) { ++m_ranks[rank].open_banks; }
    // A bank closes at `t` (>= the last advance): now for PRE, later for an auto-precharge.
    void bank_closes(std::uint32_t rank, cycle_t t);
    void count(dram_command cmd, std::uint64_t n = 1) {
        switch (cmd) {
        case dram_command::act: m_acts += n; break;
        case dram_command::pre:
        case dram_command::prea: m_pres += n; break;
        case dram_command::rd: m_rds += n; break;
        case dram_command::wr: m_wrs += n; break;
        case dram_command::ref: m_refs += n; break;
        }
    }

    energy_breakdown energy() const;
    std::uint64_t active_cycles() const;
    std::uint64_t precharged_cycles() const;

private:
    struct rank_state {
        std::uint32_t open_banks = 0;
        std::vector<cycle_t> pending_closes;  // auto-precharges still in the future
        cycle_t last = 0;
        std::uint64_t active = 0;
        std::uint64_t precharged = 0;
    };
    void integrate(rank_state& r, cycle_t t) {
        if (t <= r.last) return;
        (r.open_banks > 0 ? r.active : r.precharged) += t - r.last;
        r.last = t;
    }
    void advance_with_closes(rank_state& r, cycle_t t);

    dram_spec m_spec;
    std::vector<rank_state> m_ranks;
    std::uint64_t m_acts = 0, m_pres = 0, m_rds = 0, m_wrs = 0, m_refs = 0;
};

} // namespace vplab::dram
