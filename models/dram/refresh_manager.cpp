#include "dram/refresh_manager.h"

namespace vplab::dram {

refresh_manager::refresh_manager(const dram_spec& spec, bool enabled)
    : m_enabled(enabled && spec.timing.tREFI > 0), m_tREFI(spec.timing.tREFI), m_tRFC(spec.timing.tRFC),
      m_due(spec.org.ranks), m_in_progress(spec.org.ranks, false) {
    for (std::uint32_t r = 0; r < spec.org.ranks; ++r) m_due[r] = m_tREFI + r * m_tREFI / spec.org.ranks;
}

void refresh_manager::refreshed(std::uint32_t rank) {
    m_due[rank] += m_tREFI;
    m_in_progress[rank] = false;
    ++m_refreshes;
}

void refresh_manager::skipped(std::uint32_t rank, std::uint64_t n) {
    m_due[rank] += n * m_tREFI;
    m_refreshes += n;
}

} // namespace vplab::dram
