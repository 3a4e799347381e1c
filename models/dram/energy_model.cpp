#include "dram/energy_model.h"

#include <algorithm>

namespace vplab::dram {

energy_breakdown& energy_breakdown::operator+=(const energy_breakdown& o) {
    background += o.background;
    activate += o.activate;
    precharge += o.precharge;
    read += o.read;
    write += o.write;
    refresh += o.refresh;
    return *this;
}

energy_model::energy_model(const dram_spec& spec) : m_spec(spec), m_ranks(spec.org.ranks) {}

void energy_model::advance_with_closes(rank_state& r, cycle_t t) {
    // Apply the auto-precharges that happened before t in time order.
    std::sort(r.pending_closes.begin(), r.pending_closes.end());
    std::size_t n = 0;
    for (; n < r.pending_closes.size() && r.pending_closes[n] <= t; ++n) {
        integrate(r, r.pending_closes[n]);
        if (r.open_banks > 0) --r.open_banks;
    }
    r.pending_closes.erase(r.pending_closes.begin(), r.pending_closes.begin() + std::ptrdiff_t(n));
    integrate(r, t);
}

void energy_model::bank_closes(std::uint32_t rank, cycle_t t) {
    rank_state& r = m_ranks[rank];
    if (t <= r.last) {
        if (r.open_banks > 0) --r.open_banks;
    } else {
        r.pending_closes.push_back(t);
    }
}

std::uint64_t energy_model::active_cycles() const {
    std::uint64_t s = 0;
    for (const rank_state& r : m_ranks) s += r.active;
    return s;
}

std::uint64_t energy_model::precharged_cycles() const {
    std::uint64_t s = 0;
    for (const rank_state& r : m_ranks) s += r.precharged;
    return s;
}

energy_breakdown energy_model::energy() const {
    const double tck_ns = double(m_spec.tck_ps) * 1e-3;
    const auto& t = m_spec.timing;
    const double devices = m_spec.org.devices_per_rank();
    const double burst_ns = m_spec.burst_cycles() * tck_ns;
    energy_breakdown e;
    for (const power_rail& p : m_spec.rails) {
        const double v = p.voltage * devices;
        e.activate += v * std::max(0.0, p.idd0 - p.idd3n) * t.tRAS * tck_ns * double(m_acts);
        e.precharge += v * std::max(0.0, p.idd0 - p.idd2n) * (t.tRC - t.tRAS) * tck_ns * double(m_pres);
        e.read += v * std::max(0.0, p.idd4r - p.idd3n) * burst_ns * double(m_rds);
        e.write += v * std::max(0.0, p.idd4w - p.idd3n) * burst_ns * double(m_wrs);
        e.refresh += v * std::max(0.0, p.idd5 - p.idd3n) * t.tRFC * tck_ns * double(m_refs);
        e.background += v * (p.idd3n * double(active_cycles()) + p.idd2n * double(precharged_cycles())) * tck_ns;
    }
    return e;
}

} // namespace vplab::dram
