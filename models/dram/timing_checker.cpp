#include "dram/timing_checker.h"

#include <algorithm>

namespace vplab::dram {

const char* to_string(dram_command c) {
    switch (c) {
    case dram_command::act: return "ACT";
    case dram_command::pre: return "PRE";
    case dram_command::prea: return "PREA";
    case dram_command::rd: return "RD";
    case dram_command::wr: return "WR";
    case dram_command::ref: return "REF";
    }
    return "?";
}

namespace {

void raise(cycle_t& v, cycle_t t) { v = std::max(v, t); }
cycle_t at_least(cycle_t t, cycle_t minus) { return t > minus ? t - minus : 0; }

// Command-bus slots ending more than this many cycles before the newest are forgotten (see floor()).
constexpr cycle_t keep = 1024;

// First element whose key(e) >= v in a buffer sorted by key. Queries almost always fall among the newest entries,
// so gallop back from the end and bisect only the last step.
template <typename D, typename Key>
typename D::const_iterator first_not_before(const D& d, cycle_t v, Key key) {
    auto hi = d.end();
    auto lo = hi;
    for (std::ptrdiff_t step = 1;; step *= 2) {
        if (lo - d.begin() <= step) {
            lo = d.begin();
            break;
        }
        if (key(*(lo - step)) < v) {
            lo -= step;
            break;
        }
        hi = lo - step;
        lo = hi;
    }
    return std::partition_point(lo, hi, [&](const typename D::value_type& e) { return key(e) < v; });
}

} // namespace

timing_checker::timing_checker(const dram_spec& spec)
    : m_t(spec.timing), m_org(spec.org), m_burst(spec.burst_cycles()),
      // JESD79-4 read-to-write turnaround: RL + BL/2 - WL + 2 tCK
      m_tRTW(at_least(cycle_t(spec.timing.CL) + spec.burst_cycles() + 2, spec.timing.CWL)),
      m_banks(std::size_t(spec.org.ranks) * spec.org.banks()), m_rank_ref(spec.org.ranks, 0),
      m_kinds(std::size_t(spec.org.ranks) * spec.org.bank_groups * 2), m_planes((m_kinds + 2 + 7) / 8),
      m_kind(m_kinds), m_cells(m_planes) {
    for (int first = 0; first < 2; ++first)
        for (int second = 0; second < 2; ++second)
            for (int same_bg = 0; same_bg < 2; ++same_bg)
                m_cas_gap[first][second][same_bg] = cas_gap(first, second, same_bg);
    build_patterns();
    const auto& t = spec.timing;
    // The patterns' clear padding included.
    m_reach = std::max<cycle_t>({t.tFAW, t.tRRD_L, cycle_t(t.cmd_cycles) + 1});
    for (const column_kind& kind : m_kind)
        m_reach = std::max({m_reach, cycle_t(kind.pattern_first + std::int64_t(m_pattern_length)),
                            cycle_t(-kind.pattern_first)});
    ++m_reach;
}

void timing_checker::build_patterns() {
    // Offsets d = t' - t at which a column command at t rules out a column command of another kind (or marks the
    // command bus), from the constraints' definitions, as ranges [lo, hi) per (this kind, mark).
    struct blocked_range {
        std::size_t kind, mark;
        std::int64_t lo, hi;
    };
    std::vector<blocked_range> ranges;
    const auto cmd = std::int64_t(m_t.cmd_cycles), burst = std::int64_t(m_burst);
    for (std::uint32_t rank = 0; rank < m_org.ranks; ++rank)
        for (std::uint32_t bg = 0; bg < m_org.bank_groups; ++bg)
            for (int write = 0; write < 2; ++write) {
                const std::size_t k = kind(rank, bg, write);
                ranges.push_back({k, bus_busy_mark(), 0, cmd});
                ranges.push_back({k, bus_end_mark(), cmd, cmd + 1});
                for (std::uint32_t other_rank = 0; other_rank < m_org.ranks; ++other_rank)
                    for (std::uint32_t other_bg = 0; other_bg < m_org.bank_groups; ++other_bg)
                        for (int other_write = 0; other_write < 2; ++other_write) {
                            const std::size_t o = kind(other_rank, other_bg, other_write);
                            // Both occupy the command bus for cmd_cycles.
                            ranges.push_back({k, o, 1 - cmd, cmd});
                            // Data bursts [t + lat, t + lat + burst) keep `gap` clear of each other.
                            const std::int64_t lat = write ? m_t.CWL : m_t.CL;
                            const std::int64_t other_lat = other_write ? m_t.CWL : m_t.CL;
                            const std::int64_t gap = other_rank == rank ? 0 : m_t.tRTRS;
                            ranges.push_back({k, o, lat - other_lat - burst - gap + 1, lat - other_lat + burst + gap});
                            // Column-to-column gaps within the rank, both ways.
                            if (other_rank != rank) continue;
                            const bool same_bg = other_bg == bg;
                            ranges.push_back({k, o, 1 - std::int64_t(m_cas_gap[other_write][write][same_bg]),
                                              std::int64_t(m_cas_gap[write][other_write][same_bg])});
                        }
            }
    // Each kind's pattern spans its own ranges, padded with clear cells to whole 16-byte vectors (ORing them changes
    // nothing).
    std::vector<std::int64_t> last(m_kinds, 1);
    for (const blocked_range& r : ranges) {
        m_kind[r.kind].pattern_first = std::min(m_kind[r.kind].pattern_first, r.lo);
        last[r.kind] = std::max(last[r.kind], r.hi);
    }
    m_pattern_length = 0;
    for (std::size_t k = 0; k < m_kinds; ++k)
        m_pattern_length = std::max(m_pattern_length, std::size_t(last[k] - m_kind[k].pattern_first + 15) / 16 * 16);
    m_patterns.assign(m_kinds * m_planes * m_pattern_length, 0);
    for (const blocked_range& r : ranges)
        for (std::int64_t d = r.lo; d < r.hi; ++d)
            pattern(r.kind, r.mark / 8)[std::size_t(d - m_kind[r.kind].pattern_first)] |= mark_bit(r.mark);
}

std::uint32_t timing_checker::cmd_cycles(dram_command cmd) const {
    if (cmd == dram_command::pre || cmd == dram_command::prea || cmd == dram_command::ref)
        return std::max<std::uint32_t>(1, m_t.cmd_cycles / 2);
    return m_t.cmd_cycles;
}

cycle_t timing_checker::earliest(dram_command cmd, const dram_address& a) const {
    const horizon& b = m_banks[a.flat_bank];
    switch (cmd) {
    case dram_command::act: return std::max(b.next_act, m_rank_ref[a.rank]);
    case dram_command::pre: return b.next_pre;
    case dram_command::rd: return b.next_rd;
    case dram_command::wr: return b.next_wr;
    case dram_command::prea: {
        cycle_t t = 0;
        for (std::uint32_t i = 0; i < m_org.banks(); ++i) raise(t, m_banks[a.rank * m_org.banks() + i].next_pre);
        return t;
    }
    case dram_command::ref: {
        cycle_t t = m_rank_ref[a.rank];
        for (std::uint32_t i = 0; i < m_org.banks(); ++i) raise(t, m_banks[a.rank * m_org.banks() + i].next_act);
        return t;
    }
    }
    return 0;
}

cycle_t timing_checker::bus_fit(dram_command cmd, cycle_t t) const {
    if (t >= m_cmd_bus_free) return t;  // after everything issued: the common case
    const cycle_t n = cmd_cycles(cmd);
    for (cycle_t busy; (busy = last_marked(bus_busy_mark(), t, t + n)) != cycle_cells::none;)
        t = busy + 1;
    return t;
}

cycle_t timing_checker::act_fit(const dram_address& a, cycle_t t) const {
    // tRRD both ways, in one forward pass that moves t past each activate too close to it.
    auto first = first_not_before(m_acts, at_least(t, m_reach), [](const past_act& p) { return p.t; });
    for (auto it = first; it != m_acts.end() && it->t < t + m_reach; ++it) {
        if (it->rank != a.rank) continue;
        const cycle_t rrd = it->bank_group == a.bank_group ? m_t.tRRD_L : m_t.tRRD_S;
        if (it->t + rrd > t && t + rrd > it->t) t = it->t + rrd;
    }
    // tFAW: no five activates of the rank inside one tFAW window.
    cycle_t near[33];
    std::size_t n = 0, pos = 0;
    first = first_not_before(m_acts, at_least(t + 1, m_t.tFAW), [](const past_act& p) { return p.t; });
    for (auto it = first; it != m_acts.end() && it->t < t + m_t.tFAW && n < 32; ++it) {
        if (it->rank != a.rank) continue;
        if (it->t <= t) pos = n + 1;
        near[n++] = it->t;
    }
    std::copy_backward(near + pos, near + n, near + n + 1);
    near[pos] = t;
    ++n;
    for (std::size_t i = pos >= 4 ? pos - 4 : 0; i <= pos && i + 4 < n; ++i) {
        if (near[i + 4] - near[i] >= m_t.tFAW) continue;
        return pos == i + 4 ? near[i] + m_t.tFAW : near[i + 4] + 1;
    }
    return t;
}

cycle_t timing_checker::cas_gap(bool first_write, bool second_write, bool same_bg) const {
    const cycle_t ccd = same_bg ? m_t.tCCD_L : m_t.tCCD_S;
    if (first_write == second_write) return ccd;
    if (!first_write) return std::max<cycle_t>(m_tRTW, ccd);
    return m_t.CWL + m_burst + (same_bg ? m_t.tWTR_L : m_t.tWTR_S);
}

cycle_t timing_checker::fit(dram_command cmd, const dram_address& a, cycle_t t) const {
    if (cmd == dram_command::rd || cmd == dram_command::wr)
        return column_fit(kind(a.rank, a.bank_group, cmd == dram_command::wr), t);
    t = above_floor(t);
    // Every step below only skips cycles that some constraint forbids, so the loop ends at the earliest legal cycle
    // whatever the order of the steps.
    for (;;) {
        // A slot the bus allows and the other checks leave where it is satisfies all of them.
        const cycle_t on_bus = bus_fit(cmd, t);
        const cycle_t next = cmd == dram_command::act ? act_fit(a, on_bus) : on_bus;
        if (next == on_bus) return next;
        t = next;
    }
}

void timing_checker::mark(std::size_t m, cycle_t lo, cycle_t hi) {
    m_cells.set(m / 8, mark_bit(m), lo, hi);
}

cycle_t timing_checker::last_marked(std::size_t m, cycle_t lo, cycle_t hi) const {
    return m_cells.last_with(m / 8, mark_bit(m), lo, hi);
}

cycle_t timing_checker::column_fit(std::size_t k, cycle_t t) const {
    t = above_floor(t);
    // Cells only ever gain bits (the window moves past none at or after the floor), so cycles found blocked stay
    // blocked: bursts of one request, sharing a lower bound, skip what the previous one searched.
    column_kind& kind = m_kind[k];
    const cycle_t from = t;
    if (t >= kind.memo_from && t < kind.memo_at) t = kind.memo_at;
    t = m_cells.first_without(k / 8, mark_bit(k), t);  // kind k is mark k
    kind.memo_from = from;
    kind.memo_at = t;
    return t;
}

void timing_checker::column_issued(const dram_address& a, std::size_t k, bool write, cycle_t t) {
    reserve(t + m_reach);
    raise(m_cmd_bus_free, t + m_t.cmd_cycles);
    raise(m_banks[a.flat_bank].next_pre, write ? write_data_end(t) + m_t.tWR : t + m_t.tRTP);
    // Block, for every kind, the cycles this command rules out (command bus, data bus, gaps), and mark its slot.
    column_kind& kind = m_kind[k];
    for (std::size_t plane = 0; plane < m_planes; ++plane)
        m_cells.set_pattern(plane, std::int64_t(t) + kind.pattern_first, pattern(k, plane), m_pattern_length);
    // The last fit of this kind found no clear cycle in [from, at); this command at `at` blocks [at, at + tCCD_L)
    // for its kind as well, so the next fit from `from` or later may start there.
    if (kind.memo_at == t) kind.memo_at = t + m_t.tCCD_L;
}

std::size_t timing_checker::place_columns(const dram_address* bursts, std::size_t n, bool write, cycle_t arrival,
                                          cycle_t limit, cycle_t* slots) {
    for (std::size_t i = 0; i < n; ++i) {
        const dram_address& a = bursts[i];
        const std::size_t k = kind(a.rank, a.bank_group, write);
        const cycle_t t = column_fit(k, std::max(earliest_column(write, a), arrival));
        if (t >= limit) return i;
        column_issued(a, k, write, t);
        slots[i] = t;
    }
    return n;
}

cycle_t timing_checker::above_floor(cycle_t t) const {
    // The floor lies more than `keep` cycles before the newest command: a lower bound after that needs no floor.
    if (m_cmd_bus_free > keep && t >= m_cmd_bus_free - keep) return t;
    return std::max(t, floor());
}

cycle_t timing_checker::floor() const {
    // Command-bus slots ending more than `keep` cycles before the newest are forgotten; the latest of them is the
    // floor. Worked out when asked: the newest slot only moves forward, so this is what it was after the last issue.
    if (m_cmd_bus_free > keep) {
        const cycle_t end = last_marked(bus_end_mark(), m_floor + 1, m_cmd_bus_free - keep);
        if (end != cycle_cells::none) m_floor = end;
    }
    return m_floor;
}

void timing_checker::reserve(cycle_t last) {
    if (last < m_cells.base() + cycle_cells::span) return;
    // Nothing is ever looked up before the floor minus the reach: the window may start there.
    cycle_t start = at_least(floor(), m_reach);
    if (last >= start + cycle_cells::span) {
        // A command a whole window ahead of the floor (after a long idle stretch): raise the floor so that the
        // window, which starts `m_reach` before it, ends after `last`.
        m_floor = last - cycle_cells::span + 1 + m_reach;
        start = m_floor - m_reach;
    }
    m_cells.advance(start);
    m_acts.pop_front_while([&](const past_act& p) { return p.t < start; });
}

void timing_checker::issue(dram_command cmd, const dram_address& a, cycle_t t, bool uses_bus) {
    if (cmd == dram_command::rd || cmd == dram_command::wr) {
        column_issued(a, kind(a.rank, a.bank_group, cmd == dram_command::wr), cmd == dram_command::wr, t);
        return;
    }
    horizon& b = m_banks[a.flat_bank];
    if (uses_bus) {
        reserve(t + m_reach);
        const cycle_t end = t + cmd_cycles(cmd);
        raise(m_cmd_bus_free, end);
        mark(bus_busy_mark(), t, end);
        mark(bus_end_mark(), end, end + 1);
        // A column command at t' occupies [t', t' + cmd_cycles): it may not start less than that before.
        for (std::size_t k = 0; k < m_kinds; ++k) mark(k, at_least(t + 1, m_t.cmd_cycles), end);
    }
    switch (cmd) {
    case dram_command::act:
        raise(b.next_act, t + m_t.tRC);
        raise(b.next_rd, t + m_t.tRCD);
        raise(b.next_wr, t + m_t.tRCD);
        raise(b.next_pre, t + m_t.tRAS);
        if (m_acts.empty() || m_acts.back().t <= t)
            m_acts.push_back({t, a.rank, a.bank_group});
        else
            m_acts.insert(first_not_before(m_acts, t + 1, [](const past_act& p) { return p.t; }),
                          {t, a.rank, a.bank_group});
        break;
    case dram_command::pre:
        raise(b.next_act, t + m_t.tRP);
        break;
    case dram_command::prea:
        for (std::uint32_t i = 0; i < m_org.banks(); ++i)
            raise(m_banks[a.rank * m_org.banks() + i].next_act, t + m_t.tRPab);
        break;
    case dram_command::rd:
    case dram_command::wr: break;  // above
    case dram_command::ref:
        for (std::uint32_t i = 0; i < m_org.banks(); ++i)
            raise(m_banks[a.rank * m_org.banks() + i].next_act, t + m_t.tRFC);
        raise(m_rank_ref[a.rank], t + m_t.tRFC);
        break;
    }
}

} // namespace vplab::dram
