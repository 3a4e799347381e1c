#include "dram/channel_controller.h"

#include <algorithm>
#include <stdexcept>

namespace vplab::dram {

channel_controller::channel_controller(const dram_config& cfg)
    : m_org(cfg.spec.org), m_depth(std::max<std::uint32_t>(1, cfg.controller.queue_depth)),
      m_checker(cfg.spec), m_banks(cfg.spec.org.ranks * cfg.spec.org.banks()),
      m_scheduler(make_scheduler(cfg.controller.scheduler)), m_page_policy(cfg.controller.page_policy),
      m_refresh(cfg.spec, cfg.controller.refresh), m_energy(cfg.spec) {
    m_stats.activates.assign(m_banks.size(), 0);
    m_choice.assign(m_banks.size(), -1);
    m_queue.reserve(m_depth);
}

std::uint64_t channel_controller::enqueue(const dram_address& a, bool write, cycle_t arrival, std::uint64_t tag) {
    dram_request r;
    r.id = m_next_id++;
    r.tag = tag;
    r.addr = a;
    r.write = write;
    r.arrival = arrival;
    m_queue.push_back(r);
    m_plan_valid = false;
    return r.id;
}

std::uint32_t channel_controller::rank_open_banks(std::uint32_t rank) const {
    std::uint32_t n = 0;
    for (std::uint32_t b = 0; b < m_org.banks(); ++b) n += m_banks.is_open(rank * m_org.banks() + b) ? 1 : 0;
    return n;
}

channel_controller::action channel_controller::plan() const {
    if (!m_plan_valid) {
        m_plan = compute_plan();
        m_plan_valid = true;
    }
    return m_plan;
}

channel_controller::action channel_controller::compute_plan() const {
    action best;

    // The result does not depend on the order candidates are looked at: the best is the minimum of (time, not a
    // column command, request index), and a candidate is only skipped when it cannot beat the best so far.
    const auto consider = [&](std::uint32_t bank) {
        const int i = m_choice[bank];
        const dram_request& r = m_queue[std::size_t(i)];
        if (m_refresh.in_progress(r.addr.rank)) return;
        dram_command cmd;
        if (m_banks.is_hit(bank, r.addr.row))
            cmd = r.write ? dram_command::wr : dram_command::rd;
        else
            cmd = m_banks.is_open(bank) ? dram_command::pre : dram_command::act;
        const cycle_t lower = std::max(m_checker.earliest(cmd, r.addr), r.arrival);
        if (lower > best.time) return;  // cannot beat the best candidate so far
        const cycle_t t = m_checker.fit(cmd, r.addr, lower);
        if (t >= m_refresh.due(r.addr.rank)) return;  // the rank owes a refresh before then
        // Earliest first; on a tie a column command (keeps the data bus busy), then the older request.
        const bool cas = cmd == dram_command::rd || cmd == dram_command::wr;
        const bool best_cas = best.cmd == dram_command::rd || best.cmd == dram_command::wr;
        if (t < best.time || (t == best.time && ((cas && !best_cas) || (cas == best_cas && i < best.request)))) {
            best.cmd = cmd;
            best.time = t;
            best.request = i;
        }
    };
    // m_choice is all -1 between calls; a short queue (a b_transport burst on its own) visits only its banks.
    m_scheduler->select(m_queue, m_banks, m_choice);
    if (m_queue.size() < m_choice.size()) {
        for (const dram_request& r : m_queue) {
            const std::uint32_t bank = r.addr.flat_bank;
            if (m_choice[bank] < 0) continue;
            consider(bank);
            m_choice[bank] = -1;
        }
    } else {
        for (std::uint32_t bank = 0; bank < m_choice.size(); ++bank)
            if (m_choice[bank] >= 0) consider(bank);
        std::fill(m_choice.begin(), m_choice.end(), -1);
    }

    for (std::uint32_t rank = 0; rank < m_org.ranks; ++rank) {
        const cycle_t due = m_refresh.due(rank);
        if (due == never || due >= best.time) continue;  // refresh goes at `due` or later: it cannot win
        dram_address a;
        a.rank = rank;
        a.flat_bank = rank * m_org.banks();
        const dram_command cmd = rank_open_banks(rank) > 0 ? dram_command::prea : dram_command::ref;
        // Refresh goes after every command issued so far.
        const cycle_t t = std::max({m_checker.earliest(cmd, a), m_checker.bus_free(), due});
        if (t < best.time) {
            best.cmd = cmd;
            best.time = t;
            best.request = -1;
            best.rank = rank;
        }
    }
    return best;
}

cycle_t channel_controller::next_command_time() const {
    bool busy = !m_queue.empty();
    for (std::uint32_t rank = 0; rank < m_org.ranks && !busy; ++rank) busy = m_refresh.in_progress(rank);
    return busy ? plan().time : never;
}

void channel_controller::execute(const action& act, std::vector<dram_completion>& done) {
    const cycle_t t = act.time;
    m_plan_valid = false;
    m_energy.advance(t);
    m_now = std::max(m_now, t);
    if (act.request < 0) {
        dram_address a;
        a.rank = act.rank;
        a.flat_bank = act.rank * m_org.banks();
        m_checker.issue(act.cmd, a, t);
        if (act.cmd == dram_command::prea) {
            std::uint32_t closed = 0;
            for (std::uint32_t b = 0; b < m_org.banks(); ++b) {
                const std::uint32_t fb = act.rank * m_org.banks() + b;
                if (!m_banks.is_open(fb)) continue;
                m_banks.close(fb);
                m_energy.bank_closes(act.rank, t);
                ++closed;
            }
            m_energy.count(dram_command::prea, closed);
            m_stats.precharges += closed;
            m_refresh.precharged(act.rank);
        } else {
            m_energy.count(dram_command::ref);
            m_refresh.refreshed(act.rank);
        }
        if (on_command) on_command(act.cmd, a, t);
        return;
    }

    const std::size_t index = std::size_t(act.request);
    dram_request& r = m_queue[index];
    const std::uint32_t bank = r.addr.flat_bank;
    m_checker.issue(act.cmd, r.addr, t);
    if (on_command) on_command(act.cmd, r.addr, t);
    switch (act.cmd) {
    case dram_command::act:
        m_banks.open(bank, r.addr.row);
        m_energy.bank_opened(r.addr.rank);
        m_energy.count(dram_command::act);
        ++m_stats.activates[bank];
        r.needed_act = true;
        return;
    case dram_command::pre:
        m_banks.close(bank);
        m_energy.bank_closes(r.addr.rank, t);
        m_energy.count(dram_command::pre);
        ++m_stats.precharges;
        r.needed_pre = true;
        return;
    default: break;
    }

    // Column command: the burst leaves the queue.
    dram_completion c;
    c.id = r.id;
    c.tag = r.tag;
    c.write = r.write;
    c.arrival = r.arrival;
    c.data_end = column_issued(r, act.cmd, t);
    const dram_request served = r;
    m_queue.erase(m_queue.begin() + std::ptrdiff_t(index));
    done.push_back(c);

    if (m_page_policy.close_after(served, m_queue)) {
        const cycle_t p = m_checker.earliest_auto_precharge(served.addr);
        m_checker.issue(dram_command::pre, served.addr, p, false);
        m_banks.close(bank);
        m_energy.bank_closes(served.addr.rank, p);
        m_energy.count(dram_command::pre);
        ++m_stats.precharges;
        if (on_command) on_command(dram_command::pre, served.addr, p);
    }
}

cycle_t channel_controller::column_issued(const dram_request& r, dram_command cmd, cycle_t t) {
    m_energy.count(cmd);
    ++(r.write ? m_stats.writes : m_stats.reads);
    ++(r.needed_pre ? m_stats.row_conflicts : r.needed_act ? m_stats.row_misses : m_stats.row_hits);
    return r.write ? m_checker.write_data_end(t) : m_checker.read_data_end(t);
}

std::size_t channel_controller::serve_direct(const dram_address* bursts, std::size_t n, bool write, cycle_t arrival,
                                             cycle_t& end) {
    if (!m_queue.empty() || m_page_policy.kind() == page_policy_kind::closed) return 0;
    // With a burst alone in the queue, compute_plan() considers only its column command (a hit), at the slot fit()
    // gives, and lets a refresh go first only when some rank owes one before that slot. Serving it leaves the queue
    // empty, so neither page policy closes the row. The steps below are execute()'s, burst by burst, except for
    // what no burst of the stretch reads and direct service cannot change: the counters and ids are summed, and
    // the background energy is integrated once, to the latest command. That is exact: no bank opens or closes
    // during the stretch, an advance to a time already passed changes nothing, and the pending auto-precharge
    // closes all lie after the last advance, so advancing to t1 and then to t2 >= t1 integrates what advancing to
    // t2 alone does (in integer cycles).
    const dram_command cmd = write ? dram_command::wr : dram_command::rd;
    // Direct service takes the row hits at the front of the stretch, on ranks not refreshing. Placing them opens and
    // closes no bank and starts no refresh, so they are known before any is placed.
    std::size_t hits = 0;
    while (hits < n && m_banks.is_hit(bursts[hits].flat_bank, bursts[hits].row) &&
           !m_refresh.in_progress(bursts[hits].rank))
        ++hits;
    if (hits == 0) return 0;
    // skip_idle_refreshes(arrival) changes nothing a second time while only direct bursts are served in between: it
    // either accounted the idle refreshes already, or a reason not to (an issued command after the due time, an
    // open bank) still holds, since direct service issues no refresh and closes no bank. It is called where the
    // burst-by-burst service first called it: before placing the first burst that is a hit.
    skip_idle_refreshes(arrival);
    cycle_t refresh_due = never;  // the earliest refresh any rank owes; direct service does not move it
    for (std::uint32_t rank = 0; rank < m_org.ranks; ++rank) refresh_due = std::min(refresh_due, m_refresh.due(rank));
    m_slots.resize(hits);
    const std::size_t k = m_checker.place_columns(bursts, hits, write, arrival, refresh_due, m_slots.data());
    if (k == 0) return 0;
    cycle_t latest = 0;
    for (std::size_t i = 0; i < k; ++i) {
        const cycle_t t = m_slots[i];
        if (on_command) on_command(cmd, bursts[i], t);
        latest = std::max(latest, t);
        end = std::max(end, write ? m_checker.write_data_end(t) : m_checker.read_data_end(t));
    }
    m_next_id += k;  // the ids enqueue() would have given them
    m_plan_valid = false;
    m_energy.advance(latest);
    m_now = std::max(m_now, latest);
    // column_issued() of row hits
    m_energy.count(cmd, k);
    (write ? m_stats.writes : m_stats.reads) += k;
    m_stats.row_hits += k;
    m_direct_served += k;
    return k;
}

dram_completion channel_controller::serve_queued(const dram_address& a, bool write, cycle_t arrival,
                                                 std::vector<dram_completion>& done) {
    const std::uint64_t id = enqueue(a, write, arrival, 0);
    const dram_completion c = run_until_served(id, done);
    done.pop_back();  // run_until_served() ends with this burst's completion
    return c;
}

dram_completion channel_controller::serve(const dram_address& a, bool write, cycle_t arrival,
                                          std::vector<dram_completion>& done) {
    dram_completion c;
    c.data_end = arrival;  // a burst's data ends after its arrival
    if (serve_direct(&a, 1, write, arrival, c.data_end) == 1) {
        c.id = m_next_id - 1;
        c.write = write;
        c.arrival = arrival;
        return c;
    }
    return serve_queued(a, write, arrival, done);
}

cycle_t channel_controller::serve_run(const dram_address* bursts, std::size_t n, bool write, cycle_t arrival,
                                      std::vector<dram_completion>& done) {
    cycle_t end = arrival;
    for (std::size_t i = 0; i < n;) {
        i += serve_direct(bursts + i, n - i, write, arrival, end);
        if (i == n) break;
        end = std::max(end, serve_queued(bursts[i], write, arrival, done).data_end);
        ++i;
    }
    return end;
}

void channel_controller::skip_idle_refreshes(cycle_t until) {
    const cycle_t interval = m_refresh.interval();
    for (std::uint32_t rank = 0; rank < m_org.ranks; ++rank) {
        const cycle_t due = m_refresh.due(rank);
        // Only when nothing was issued since the refresh fell due and the rank's banks are closed: then the skipped
        // REFs constrain nothing, and the last one, issued normally, leaves the banks busy for tRFC as it should.
        if (due == never || until < due + 2 * interval || m_refresh.in_progress(rank) || due < m_checker.bus_free() ||
            rank_open_banks(rank) > 0)
            continue;
        const std::uint64_t n = (until - due) / interval - 1;
        m_refresh.skipped(rank, n);
        m_energy.count(dram_command::ref, n);
        m_plan_valid = false;
    }
}

void channel_controller::run_until(cycle_t limit, std::vector<dram_completion>& done) {
    skip_idle_refreshes(limit);
    for (;;) {
        const action a = plan();
        if (a.time == never || a.time > limit) break;
        execute(a, done);
    }
}

dram_completion channel_controller::run_until_served(std::uint64_t id, std::vector<dram_completion>& done) {
    for (const dram_request& r : m_queue)
        if (r.id == id) skip_idle_refreshes(r.arrival);
    for (;;) {
        const action a = plan();
        if (a.time == never) throw std::logic_error("dram channel: queued burst cannot be scheduled");
        const std::size_t before = done.size();
        execute(a, done);
        if (done.size() > before && done.back().id == id) return done.back();
    }
}

void channel_controller::finish(cycle_t end) {
    // Only refresh is caught up: bursts still queued when the simulation stops are left unserved.
    std::vector<dram_request> queued;
    queued.swap(m_queue);
    m_plan_valid = false;
    std::vector<dram_completion> none;
    run_until(end, none);
    m_queue.swap(queued);
    m_plan_valid = false;
    m_energy.advance(std::max(end, m_now));
}

} // namespace vplab::dram
