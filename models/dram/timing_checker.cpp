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


// History within this many cycles of the newest command is kept; placements before it are not searched.
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

// first_not_before() from a starting position `hint` (any position gives the same answer), which is left at the
// answer. Queries that move slowly through the history (bursts filling the holes of a stream far behind the newest
// command) then cost a few steps wherever they are.
template <typename D, typename Key>
typename D::const_iterator first_not_before_near(const D& d, cycle_t v, Key key, std::size_t& hint) {
    const auto b = d.begin();
    const std::size_t n = d.size();
    const auto below = [&](const typename D::value_type& e) { return key(e) < v; };
    std::size_t i = std::min(hint, n), lo = 0, hi = n;
    if (i < n && below(b[i])) {
        // The answer lies after i: gallop forward.
        lo = i + 1;
        for (std::size_t step = 1;; step *= 2) {
            const std::size_t probe = lo + step - 1;
            if (probe >= n) break;
            if (!below(b[probe])) {
                hi = probe;
                break;
            }
            lo = probe + 1;
        }
    } else {
        // The answer is i or before: gallop back.
        hi = i;
        for (std::size_t step = 1;; step *= 2) {
            if (hi < step) break;
            const std::size_t probe = hi - step;
            if (below(b[probe])) {
                lo = probe + 1;
                break;
            }
            hi = probe;
        }
    }
    const auto found = std::partition_point(b + lo, b + hi, below);
    hint = std::size_t(found - b);
    return found;
}

// Inserts after every element at or before v.t; `hint` as for first_not_before_near().
template <typename D, typename T>
void insert_sorted(D& d, const T& v, std::size_t& hint) {
    if (d.empty() || d.back().t <= v.t) {
        d.push_back(v);
        return;
    }
    d.insert(first_not_before_near(d, v.t + 1, [](const T& p) { return p.t; }, hint), v);
}

// Position after every slot starting at or before `start`; appending is the common case.
template <typename D>
typename D::const_iterator after_start(const D& d, cycle_t start, std::size_t& hint) {
    if (d.empty() || d.back().start <= start) return d.end();
    return first_not_before_near(d, start + 1, [](const typename D::value_type& x) { return x.start; }, hint);
}

} // namespace

timing_checker::timing_checker(const dram_spec& spec)
    : m_t(spec.timing), m_org(spec.org), m_burst(spec.burst_cycles()),
      // JESD79-4 read-to-write turnaround: RL + BL/2 - WL + 2 tCK
      m_tRTW(at_least(cycle_t(spec.timing.CL) + spec.burst_cycles() + 2, spec.timing.CWL)),
      m_banks(std::size_t(spec.org.ranks) * spec.org.banks()), m_rank_ref(spec.org.ranks, 0),
      m_last_cas(std::size_t(spec.org.ranks) * spec.org.bank_groups * 2, no_cas),
      m_fit_memo(m_last_cas.size()) {
    const auto& t = spec.timing;
    m_cas_reach = std::max<cycle_t>({t.tCCD_L, m_tRTW, t.CWL + m_burst + t.tWTR_L}) + 1;
    m_reach = std::max<cycle_t>({t.tFAW, t.tRRD_L, m_cas_reach, t.CL + m_burst + t.tRTRS,
                                 t.CWL + m_burst + t.tRTRS}) + 1;
    for (int first = 0; first < 2; ++first)
        for (int second = 0; second < 2; ++second)
            for (int same_bg = 0; same_bg < 2; ++same_bg)
                m_cas_gap[first][second][same_bg] = cas_gap(first, second, same_bg);
    for (int w = 0; w < 2; ++w) {
        m_same_direction_gap[w] = std::max(m_cas_gap[w][w][0], m_cas_gap[w][w][1]);
        m_cas_before[w] = m_cas_after[w] = 0;
        for (int other = 0; other < 2; ++other)
            for (int same_bg = 0; same_bg < 2; ++same_bg) {
                m_cas_before[w] = std::max(m_cas_before[w], std::min(m_cas_reach, m_cas_gap[other][w][same_bg]));
                m_cas_after[w] = std::max(m_cas_after[w], std::min(m_cas_reach, m_cas_gap[w][other][same_bg]));
            }
    }
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
    auto it = first_not_before(m_cmd, t + 1, [](const slot& s) { return s.end; });
    for (; it != m_cmd.end(); ++it) {
        if (t + n <= it->start) break;
        t = std::max(t, it->end);
    }
    return t;
}

cycle_t timing_checker::act_fit(const dram_address& a, cycle_t t) const {
    // tRRD both ways, in one forward pass that moves t past each activate too close to it.
    auto first = first_not_before(m_acts, at_least(t, m_reach), [](const past_command& p) { return p.t; });
    for (auto it = first; it != m_acts.end() && it->t < t + m_reach; ++it) {
        if (it->rank != a.rank) continue;
        const cycle_t rrd = it->bank_group == a.bank_group ? m_t.tRRD_L : m_t.tRRD_S;
        if (it->t + rrd > t && t + rrd > it->t) t = it->t + rrd;
    }
    // tFAW: no five activates of the rank inside one tFAW window.
    cycle_t near[33];
    std::size_t n = 0, pos = 0;
    first = first_not_before(m_acts, at_least(t + 1, m_t.tFAW), [](const past_command& p) { return p.t; });
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

cycle_t timing_checker::cas_fit(const dram_address& a, bool write, cycle_t t) const {
    // Data bus first: back-to-back bursts are merged into one slot, so a packed bus is skipped in one step.
    const cycle_t lat = write ? m_t.CWL : m_t.CL;
    cycle_t start = t + lat;
    auto d = first_not_before(m_data, at_least(start, m_t.tRTRS + m_burst) + 1,
                              [](const slot& s) { return s.end; });
    for (; d != m_data.end() && d->start < start + m_burst + m_t.tRTRS; ++d) {
        const cycle_t gap = d->rank != a.rank ? m_t.tRTRS : 0;
        if (start + m_burst + gap <= d->start || d->end + gap <= start) continue;
        start = d->end + gap;
    }
    t = start - lat;
    if (m_cas.empty() || t >= m_cas.back().t) {
        // After every recorded column command (the usual streaming case) only the latest one of each bank group
        // and direction within reach can push t, and t only moves forward: the scan below reduces to this maximum.
        const cycle_t from = t;
        const std::size_t base = std::size_t(a.rank) * m_org.bank_groups * 2;
        for (std::uint32_t bg = 0; bg < m_org.bank_groups; ++bg)
            for (int w = 0; w < 2; ++w) {
                const cycle_t last = m_last_cas[base + bg * 2 + std::size_t(w)];
                if (last != no_cas && last + m_cas_reach >= from)
                    t = std::max(t, last + m_cas_gap[w][write][bg == a.bank_group]);
            }
        return t;
    }
    // Column-to-column constraints of the rank, both ways.
    // A command further than the largest gap that applies to this direction cannot move t.
    auto it = first_not_before(m_cas, at_least(t, m_cas_before[write]), [](const past_command& p) { return p.t; });
    for (; it != m_cas.end() && it->t < t + m_cas_after[write]; ++it) {
        if (it->rank != a.rank) continue;
        const bool same_bg = it->bank_group == a.bank_group;
        const cycle_t after_it = m_cas_gap[it->write][write][same_bg];
        if (it->t <= t) {
            if (t - it->t < after_it) t = it->t + after_it;
        } else if (it->t - t < m_cas_gap[write][it->write][same_bg]) {
            t = it->t + after_it;
        }
    }
    return t;
}

cycle_t timing_checker::fit(dram_command cmd, const dram_address& a, cycle_t t) const {
    t = std::max(t, m_floor);
    // Every step below only skips cycles that some constraint forbids, so the loop ends at the earliest legal cycle
    // whatever the order of the steps. A column command arriving behind the engine is usually pushed to the end of
    // the packed data bus: taking that step first spares a search of the command bus far behind.
    fit_memo* memo = nullptr;
    if (cmd == dram_command::rd || cmd == dram_command::wr) {
        // Issuing commands only adds constraints (pruning drops none that reach past the floor), so the cycles a
        // column command of this rank, bank group and direction could take only shrink: an earlier answer from a
        // lower bound at or below t is a lower bound too. Bursts of one request then skip the holes already tried.
        memo = &m_fit_memo[(std::size_t(a.rank) * m_org.bank_groups + a.bank_group) * 2 +
                           (cmd == dram_command::wr ? 1 : 0)];
        const cycle_t from = t;
        if (memo->valid && t >= memo->from) t = std::max(t, memo->at);
        t = cas_fit(a, cmd == dram_command::wr, t);
        memo->from = from;
        memo->valid = true;
    }
    for (;;) {
        // A slot the bus allows and the other checks leave where it is satisfies all of them.
        const cycle_t on_bus = bus_fit(cmd, t);
        cycle_t next = on_bus;
        if (cmd == dram_command::act)
            next = act_fit(a, on_bus);
        else if (cmd == dram_command::rd || cmd == dram_command::wr)
            next = cas_fit(a, cmd == dram_command::wr, on_bus);
        if (next == on_bus) {
            if (memo) memo->at = next;
            return next;
        }
        t = next;
    }
}

bool timing_checker::column_legal_at(const dram_address& a, bool write, cycle_t t) const {
    const cycle_t start = t + (write ? m_t.CWL : m_t.CL);
    const auto d = first_not_before_near(m_data, start + 1, [](const slot& s) { return s.end; }, m_hint_data);
    if (d != m_data.end() && d->start < start + m_burst) return false;
    const auto c = first_not_before_near(m_cmd, t + 1, [](const slot& s) { return s.end; }, m_hint_cmd);
    if (c != m_cmd.end() && c->start < t + m_t.cmd_cycles) return false;
    // When every command of the other direction lies so far before t that no gap from it reaches t (the latest of
    // each bank group does, and none lies after it), only commands of this direction can conflict, and their gaps
    // (tCCD_S, tCCD_L) are the shorter ones: the scan covers that window only.
    cycle_t before = m_same_direction_gap[write], after = m_same_direction_gap[write];
    for (std::uint32_t bg = 0; bg < m_org.bank_groups; ++bg) {
        const cycle_t last = m_last_cas[bg * 2 + (write ? 0 : 1)];
        if (last != no_cas && last + m_cas_before[write] > t) {
            before = m_cas_before[write];
            after = m_cas_after[write];
            break;
        }
    }
    auto it = first_not_before_near(m_cas, at_least(t, before), [](const past_command& p) { return p.t; }, m_hint_cas);
    for (; it != m_cas.end() && it->t < t + after; ++it) {
        const bool same_bg = it->bank_group == a.bank_group;
        if (it->t <= t ? t - it->t < m_cas_gap[it->write][write][same_bg]
                       : it->t - t < m_cas_gap[write][it->write][same_bg])
            return false;
    }
    return true;
}

cycle_t timing_checker::appended_column_fit(const dram_address& a, bool write, cycle_t t) const {
    // cas_fit()'s data bus step. Slots are sorted and do not overlap, so when the newest one starts at or before
    // the burst's first data cycle every older one ends before it too: only the newest can push the burst, to its
    // end (one rank: no tRTRS gap).
    const cycle_t lat = write ? m_t.CWL : m_t.CL;
    if (!m_data.empty()) {
        if (m_data.back().start > t + lat) return never;
        t = std::max(t + lat, m_data.back().end) - lat;
    }
    // After every recorded column command, cas_fit()'s column step is the maximum over the latest command of
    // each bank group and direction; raising t by it leaves the data bus step satisfied.
    if (!m_cas.empty() && t < m_cas.back().t) return never;
    const cycle_t lower = t;
    for (std::uint32_t bg = 0; bg < m_org.bank_groups; ++bg)
        for (int w = 0; w < 2; ++w) {
            const cycle_t last = m_last_cas[bg * 2 + std::size_t(w)];
            if (last != no_cas && last + m_cas_reach >= lower)
                t = std::max(t, last + m_cas_gap[w][write][bg == a.bank_group]);
        }
    // After everything on the command bus, bus_fit() leaves t alone, and a second pass of cas_fit() finds nothing
    // more: fit()'s loop ends here.
    return t < m_cmd_bus_free ? never : t;
}

cycle_t timing_checker::fit_column_fast(dram_command cmd, const dram_address& a, cycle_t t) const {
    if (m_org.ranks != 1) return never;
    const bool write = cmd == dram_command::wr;
    fit_memo& memo = m_fit_memo[std::size_t(a.bank_group) * 2 + (write ? 1 : 0)];
    // fit()'s first steps: the floor, then the memo of the last fit of this kind, which says that no cycle from
    // the floor-raised lower bound up to t is legal.
    t = std::max(t, m_floor);
    const cycle_t from = t;
    if (memo.valid && t >= memo.from) t = std::max(t, memo.at);
    cycle_t found = appended_column_fit(a, write, t);
    if (found == never && column_legal_at(a, write, t)) found = t;
    if (found != never) {
        memo.from = from;
        memo.at = found;
        memo.valid = true;
    }
    return found;
}

void timing_checker::insert_burst(const slot& s) {
    auto it = m_data.begin() + (after_start(m_data, s.start, m_hint_data_insert) - m_data.begin());
    const bool join_prev = it != m_data.begin() && std::prev(it)->end == s.start && std::prev(it)->rank == s.rank;
    const bool join_next = it != m_data.end() && it->start == s.end && it->rank == s.rank;
    if (join_prev && join_next) {
        std::prev(it)->end = it->end;
        m_data.erase(it);
    } else if (join_prev) {
        std::prev(it)->end = s.end;
    } else if (join_next) {
        it->start = s.start;
    } else {
        m_data.insert(it, s);
    }
}

void timing_checker::prune() {
    if (m_cmd_bus_free <= keep) return;
    const cycle_t horizon_floor = m_cmd_bus_free - keep;
    // Nothing to drop from the command bus leaves the floor, and so everything below, as it was.
    if (m_cmd.empty() || m_cmd.front().end >= horizon_floor) return;
    m_cmd.pop_front_while([&](const slot& s) {
        if (s.end >= horizon_floor) return false;
        m_floor = std::max(m_floor, s.end);
        return true;
    });
    // The other histories are only ever searched from a cycle at or after the floor minus the reach, so what lies
    // before that is dead weight, dropped in batches. (The floor itself is exact: placements depend on it.)
    if (m_floor < m_pruned_floor + keep / 4) return;
    m_pruned_floor = m_floor;
    const cycle_t old = at_least(m_floor, m_reach);
    m_acts.pop_front_while([&](const past_command& p) { return p.t < old; });
    m_cas.pop_front_while([&](const past_command& p) { return p.t < old; });
    m_data.pop_front_while([&](const slot& s) { return s.end + m_reach < m_floor; });
}

void timing_checker::issue_appended_column(const dram_address& a, bool write, cycle_t t) {
    slot& c = m_cmd.append();
    c.start = t;
    c.end = t + m_t.cmd_cycles;
    c.rank = a.rank;
    raise(m_cmd_bus_free, t + m_t.cmd_cycles);
    const cycle_t end = write ? write_data_end(t) : read_data_end(t);
    raise(m_banks[a.flat_bank].next_pre, write ? end + m_t.tWR : t + m_t.tRTP);
    past_command& p = m_cas.append();
    p.t = t;
    p.rank = a.rank;
    p.bank_group = a.bank_group;
    p.write = write;
    const std::size_t kind = (std::size_t(a.rank) * m_org.bank_groups + a.bank_group) * 2 + (write ? 1 : 0);
    cycle_t& last = m_last_cas[kind];
    last = last == no_cas ? t : std::max(last, t);
    fit_memo& memo = m_fit_memo[kind];
    if (memo.valid && memo.at == t) memo.at = t + m_cas_gap[write][write][1];
    const cycle_t start = end - m_burst;
    if (!m_data.empty() && m_data.back().end == start && m_data.back().rank == a.rank)
        m_data.back().end = end;
    else {
        slot& d = m_data.append();
        d.start = start;
        d.end = end;
        d.rank = a.rank;
    }
    prune();
}

void timing_checker::issue(dram_command cmd, const dram_address& a, cycle_t t, bool uses_bus) {
    if (uses_bus && (cmd == dram_command::rd || cmd == dram_command::wr)) {
        // A column command after everything recorded (streaming): each history is appended to, and the steps
        // below reduce to issue_appended_column().
        const cycle_t data_start = t + (cmd == dram_command::wr ? m_t.CWL : m_t.CL);
        if ((m_cmd.empty() || m_cmd.back().start <= t) && (m_cas.empty() || m_cas.back().t <= t) &&
            (m_data.empty() || m_data.back().start <= data_start)) {
            issue_appended_column(a, cmd == dram_command::wr, t);
            return;
        }
    }
    horizon& b = m_banks[a.flat_bank];
    if (uses_bus) {
        const slot s{t, t + cmd_cycles(cmd), a.rank};
        m_cmd.insert(after_start(m_cmd, s.start, m_hint_cmd_insert), s);
        raise(m_cmd_bus_free, s.end);
    }
    switch (cmd) {
    case dram_command::act:
        raise(b.next_act, t + m_t.tRC);
        raise(b.next_rd, t + m_t.tRCD);
        raise(b.next_wr, t + m_t.tRCD);
        raise(b.next_pre, t + m_t.tRAS);
        insert_sorted(m_acts, past_command{t, a.rank, a.bank_group, false}, m_hint_acts_insert);
        break;
    case dram_command::pre:
        raise(b.next_act, t + m_t.tRP);
        break;
    case dram_command::prea:
        for (std::uint32_t i = 0; i < m_org.banks(); ++i)
            raise(m_banks[a.rank * m_org.banks() + i].next_act, t + m_t.tRPab);
        break;
    case dram_command::rd:
    case dram_command::wr: {
        const bool write = cmd == dram_command::wr;
        const cycle_t end = write ? write_data_end(t) : read_data_end(t);
        raise(b.next_pre, write ? end + m_t.tWR : t + m_t.tRTP);
        insert_sorted(m_cas, past_command{t, a.rank, a.bank_group, write}, m_hint_cas_insert);
        const std::size_t kind = (std::size_t(a.rank) * m_org.bank_groups + a.bank_group) * 2 + (write ? 1 : 0);
        cycle_t& last = m_last_cas[kind];
        last = last == no_cas ? t : std::max(last, t);
        // The last fit of this kind found no legal cycle in [from, at); a command of the kind issued at `at` rules
        // out [at, at + tCCD_L) as well, so the next fit from `from` or later may start there.
        fit_memo& memo = m_fit_memo[kind];
        if (memo.valid && memo.at == t) memo.at = t + m_cas_gap[write][write][1];
        insert_burst({end - m_burst, end, a.rank});
        break;
    }
    case dram_command::ref:
        for (std::uint32_t i = 0; i < m_org.banks(); ++i)
            raise(m_banks[a.rank * m_org.banks() + i].next_act, t + m_t.tRFC);
        raise(m_rank_ref[a.rank], t + m_t.tRFC);
        break;
    }
    prune();
}

} // namespace vplab::dram
