#pragma once
// All-bank refresh: each rank owes one REF every tREFI (ranks staggered by tREFI / ranks). Once a refresh is due
// the controller stops serving that rank, precharges it and issues REF; the banks are then busy for tRFC.

#include "dram/dram_command.h"
#include "dram/dram_spec.h"

#include <cstdint>
#include <limits>
#include <vector>

namespace vplab::dram {

class refresh_manager {
public:
    static constexpr cycle_t never = std::numeric_limits<cycle_t>::max();

    refresh_manager(const dram_spec& spec, bool enabled);

    cycle_t due(std::uint32_t rank) const { return m_enabled ? m_due[rank] : never; }
    bool in_progress(std::uint32_t rank) const { return m_in_progress[rank]; }
    void precharged(std::uint32_t rank) { m_in_progress[rank] = true; }
    void refreshed(std::uint32_t rank);
    // Accounts `n` refreshes of an idle rank without issuing them (nothing else happened meanwhile).
    void skipped(std::uint32_t rank, std::uint64_t n);
    cycle_t interval() const { return m_tREFI; }

    std::uint64_t refreshes() const { return m_refreshes; }
    std::uint64_t busy_cycles() const { return m_refreshes * m_tRFC; }  // rank-cycles spent in tRFC

private:
    bool m_enabled;
    cycle_t m_tREFI;
    cycle_t m_tRFC;
    std::vector<cycle_t> m_due;
    std::vector<bool> m_in_progress;
    std::uint64_t m_refreshes = 0;
};

} // namespace vplab::dram
