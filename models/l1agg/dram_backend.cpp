#include "dram_backend.h"

#include <algorithm>
#include <stdexcept>

namespace vplab::l1agg {

dram_backend::dram_backend(const dram::dram_config& cfg, std::uint64_t core_ps)
    : m_mapper(cfg.spec.org, cfg.mapping), m_core_ps(core_ps), m_dram_ps(cfg.spec.tck_ps),
      m_burst_bytes(cfg.spec.org.burst_bytes()) {
    cfg.spec.validate();
    if (core_ps == 0 || m_dram_ps == 0) throw std::invalid_argument("clock periods must be positive");
    m_channels.resize(cfg.spec.org.channels);
    for (channel& c : m_channels) c.ctrl = std::make_unique<dram::channel_controller>(cfg);
}

unsigned dram_backend::access(std::uint64_t line, std::uint8_t sectors, bool write, std::uint64_t tag,
                              std::uint64_t now) {
    constexpr unsigned sector_bytes = line_bytes / 4;
    const std::uint64_t base = line * line_bytes;
    const dram::cycle_t arrival = to_dram(now);
    unsigned bursts = 0;
    // One burst per burst-sized piece of the line that holds a requested sector; a burst wider than the line
    // carries the whole line.
    const unsigned step = std::min(m_burst_bytes, line_bytes);
    for (unsigned off = 0; off < line_bytes; off += step) {
        const unsigned first = off / sector_bytes, last = (off + step - 1) / sector_bytes;
        const auto piece = static_cast<std::uint8_t>(((2u << last) - 1) & ~((1u << first) - 1));
        if (!(sectors & piece)) continue;
        const std::uint64_t addr = (base + off) / m_burst_bytes * m_burst_bytes;
        const dram::dram_address a = m_mapper.decode(addr % m_mapper.capacity());
        enqueue(a.channel, {a, write, tag, arrival});
        if (std::find(m_touched.begin(), m_touched.end(), a.channel) == m_touched.end())
            m_touched.push_back(a.channel);
        ++bursts;
    }
    return bursts;
}

void dram_backend::enqueue(unsigned ch, const waiting& w) {
    channel& c = m_channels[ch];
    if (c.ctrl->full() || !c.overflow.empty()) c.overflow.push_back(w);
    else c.ctrl->enqueue(w.addr, w.write, w.arrival, w.tag);
}

std::uint64_t dram_backend::wake(unsigned ch) const {
    const dram::cycle_t t = m_channels[ch].ctrl->next_command_time();
    return t == dram::channel_controller::never ? never : to_core(t);
}

void dram_backend::run(unsigned ch, std::uint64_t now, std::vector<read_done>& done) {
    channel& c = m_channels[ch];
    // The DRAM edges that have happened by core cycle `now`.
    const dram::cycle_t limit = now * m_core_ps / m_dram_ps;
    m_done.clear();
    c.ctrl->run_until(limit, m_done);
    for (const dram::dram_completion& d : m_done)
        if (!d.write) done.push_back({d.tag, to_core(d.data_end)});
    // Slots freed by the commands just issued: the waiting bursts enter now (at the latest one core cycle after
    // the slot freed, the resolution of this hand-over).
    while (!c.overflow.empty() && !c.ctrl->full()) {
        const waiting& w = c.overflow.front();
        const dram::cycle_t entry = std::max(w.arrival, to_dram(now));
        m_overflow_wait_dram += entry - w.arrival;
        c.ctrl->enqueue(w.addr, w.write, entry, w.tag);
        c.overflow.pop_front();
    }
}

void dram_backend::finish(std::uint64_t now) {
    for (channel& c : m_channels) c.ctrl->finish(std::max(to_dram(now), c.ctrl->now()));
}

dram_totals dram_backend::totals() const {
    dram_totals t;
    for (const channel& c : m_channels) {
        const dram::channel_stats& s = c.ctrl->stats();
        t.read_bursts += s.reads;
        t.write_bursts += s.writes;
        t.row_hits += s.row_hits;
        t.row_misses += s.row_misses;
        t.row_conflicts += s.row_conflicts;
        t.energy_pj += c.ctrl->energy().energy().total();
    }
    return t;
}

} // namespace vplab::l1agg
