#include "gpu_sim.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>
#include <unordered_map>

namespace vplab::l1agg {

gpu_sim::core_state::core_state(const gpu_params& p)
    : tags(p.l1), issue(p.issue_per_cycle), tag_port(p.l1_tag_per_cycle), data_port(p.l1_port_bytes),
      xbar_in(p.xbar_bytes), xbar_out(p.xbar_bytes), mshr_of_line(p.l1_mshrs) {}

namespace {
// An L2 line whose DRAM read is still out: hits on it wait for the read (see dram_read_done).
constexpr double not_ready = std::numeric_limits<double>::infinity();
} // namespace

gpu_sim::gpu_sim(const gpu_params& p) : m_p(p), m_dram((check(p), p.dram), p.clock_ps) {
    m_cores.reserve(p.cores);
    for (unsigned c = 0; c < p.cores; ++c) m_cores.emplace_back(p);
    m_ata.assign(p.cores / p.cluster_size, fifo_server(p.ata_probes_per_cycle));
    m_l2.reserve(p.l2_slices);
    for (unsigned s = 0; s < p.l2_slices; ++s) m_l2.emplace_back(p);
    m_dram_wake.assign(m_dram.channels(), dram_backend::never);
}

unsigned gpu_sim::core_of_cta(unsigned cta, cta_mapping m) const {
    if (m == cta_mapping::clustered) return cta % m_p.cores;
    // GPGPU-Sim's issue_block2core walks clusters round-robin: consecutive CTAs land in different clusters.
    const unsigned clusters = m_p.cores / m_p.cluster_size;
    return (cta % clusters) * m_p.cluster_size + (cta / clusters) % m_p.cluster_size;
}

std::uint32_t gpu_sim::new_request() {
    if (!m_free_requests.empty()) {
        const std::uint32_t id = m_free_requests.back();
        m_free_requests.pop_back();
        m_requests[id] = request{};
        return id;
    }
    m_requests.emplace_back();
    return static_cast<std::uint32_t>(m_requests.size() - 1);
}

std::uint32_t gpu_sim::new_mshr() {
    if (!m_free_mshrs.empty()) {
        const std::uint32_t id = m_free_mshrs.back();
        m_free_mshrs.pop_back();
        m_mshrs[id].waiters.clear();
        return id;
    }
    m_mshrs.emplace_back();
    return static_cast<std::uint32_t>(m_mshrs.size() - 1);
}

kernel_stats gpu_sim::run(const kernel_source& k, cta_mapping mapping) {
    m_stats = kernel_stats{};
    m_kernel = &k;
    m_events.clear();
    m_now = 0;
    const unsigned wpc = std::max(1u, k.warps_per_cta());
    const unsigned slots_per_core = std::max(1u, m_p.max_warps_per_core / wpc);
    m_slots.assign(std::size_t(m_p.cores) * slots_per_core, cta_slot{});
    m_warps.assign(m_slots.size() * wpc, warp_state{});
    for (unsigned c = 0; c < m_p.cores; ++c) {
        core_state& cs = m_cores[c];
        cs.tags.flush();  // L1s are flushed at kernel boundaries (-gpgpu_flush_l1_cache 1)
        for (fifo_server* f : {&cs.issue, &cs.tag_port, &cs.data_port, &cs.xbar_in, &cs.xbar_out}) {
            f->reset_time();
            f->clear_counters();
        }
        cs.slots.clear();
        for (unsigned s = 0; s < slots_per_core; ++s) cs.slots.push_back(c * slots_per_core + s);
        cs.cta_queue.clear();
        cs.mshr_of_line.clear();
        cs.open_mshrs = 0;
        cs.mshr_wait.clear();
    }
    for (fifo_server& f : m_ata) {
        f.reset_time();
        f.clear_counters();
    }
    for (l2_slice& s : m_l2) {
        s.port.reset_time();
        s.port.clear_counters();
    }
    const double overflow_before = m_dram.overflow_wait_core_cycles();
    // L2 keeps its contents, but readiness times from the previous kernel's clock must not leak into this one.
    for (l2_slice& s : m_l2) std::fill(s.ready.begin(), s.ready.end(), 0.0);
    for (unsigned c = 0; c < k.ctas(); ++c) m_cores[core_of_cta(c, mapping)].cta_queue.push_back(c);
    for (unsigned c = 0; c < m_p.cores; ++c)
        for (unsigned s = 0; s < slots_per_core; ++s) start_cta(c, 0);

    double last_event = 0;  // including DRAM wake-ups that only drain write-backs after the kernel's last fill
    while (!m_events.empty()) {
        const event_queue::event e = m_events.pop();
        last_event = e.t;
        if (e.kind != ev_dram) m_now = e.t;
        switch (e.kind) {
        case ev_warp: warp_issue(e.id, e.t); break;
        case ev_route: route(e.id, e.t); break;
        case ev_access: access(e.id, e.t); break;
        case ev_remote_read: remote_read(e.id, e.t); break;
        case ev_reply: reply(e.id, e.t); break;
        case ev_done: done(e.id, e.t); break;
        case ev_l2: l2_read(e.id, e.t); break;
        case ev_l2_write: l2_write(e.id, e.t); break;
        case ev_fill: fill(e.id, e.t); break;
        case ev_dram: dram_run(e.id, e.t); break;
        case ev_refetch: refetch(e.id, e.t); break;
        case ev_hit_data: hit_data(e.id, e.t); break;
        case ev_store_data: store_data(e.id, e.t); break;
        case ev_to_peer: to_peer(e.id, e.t); break;
        case ev_dram_read: dram_read(e.id, e.t); break;
        }
    }
    m_stats.cycles = static_cast<std::uint64_t>(std::ceil(m_now));
    // The next kernel starts on the DRAM's clock once this one's write-backs are out.
    m_base += static_cast<std::uint64_t>(std::ceil(std::max(m_now, last_event)));
    m_dram.finish(m_base);
    for (const warp_state& w : m_warps) m_stats.unfinished_warps += w.active;
    for (const core_state& cs : m_cores) {
        m_stats.open_mshrs += cs.open_mshrs;
        m_stats.crossbar_stall_cycles += cs.xbar_in.wait_cycles() + cs.xbar_out.wait_cycles();
        m_stats.l1_port_stall_cycles += cs.data_port.wait_cycles();
        m_stats.unfinished_warps += cs.cta_queue.size();
        latency_breakdown& l = m_stats.latency;
        l.wait_issue += cs.issue.wait_cycles();
        l.wait_tag += cs.tag_port.wait_cycles();
        l.wait_l1_port += cs.data_port.wait_cycles();
        l.wait_xbar += cs.xbar_in.wait_cycles() + cs.xbar_out.wait_cycles();
    }
    for (const fifo_server& f : m_ata) m_stats.latency.wait_ata += f.wait_cycles();
    for (const l2_slice& s : m_l2) m_stats.latency.wait_l2_port += s.port.wait_cycles();
    m_stats.latency.wait_dram_overflow = m_dram.overflow_wait_core_cycles() - overflow_before;
    sample_replication();
    m_kernel = nullptr;
    m_slots.clear();
    m_warps.clear();
    return m_stats;
}

void gpu_sim::sample_replication() {
    for (unsigned base = 0; base < m_p.cores; base += m_p.cluster_size) {
        std::unordered_map<std::uint64_t, unsigned> copies;
        for (unsigned c = base; c < base + m_p.cluster_size; ++c)
            m_cores[c].tags.for_each_valid([&](const sector_cache::line& l) { ++copies[l.tag]; });
        for (const auto& [line, n] : copies) {
            m_stats.valid_lines += n;
            if (n > 1) m_stats.replicated_lines += n;
        }
    }
}

void gpu_sim::start_cta(unsigned core, double t) {
    core_state& cs = m_cores[core];
    if (cs.cta_queue.empty()) return;
    for (std::uint32_t s : cs.slots) {
        cta_slot& slot = m_slots[s];
        if (slot.busy) continue;
        const unsigned cta = cs.cta_queue.front();
        cs.cta_queue.pop_front();
        slot.busy = true;
        // Not cleared first: the generators reuse the finished CTA's program storage.
        m_kernel->cta(cta, slot.warps);
        const unsigned wpc = std::max(1u, m_kernel->warps_per_cta());
        slot.warps.resize(wpc);
        slot.warps_left = wpc;
        for (unsigned w = 0; w < wpc; ++w) {
            const std::uint32_t id = s * wpc + w;
            m_warps[id] = warp_state{core, s, &slot.warps[w], 0, 0, true};
            schedule(t, ev_warp, id);
        }
        return;
    }
}

void gpu_sim::warp_issue(std::uint32_t w, double t) {
    warp_state& ws = m_warps[w];
    if (ws.pc >= ws.prog->insts.size()) {
        ws.active = false;
        cta_slot& slot = m_slots[ws.cta_slot];
        if (--slot.warps_left == 0) {
            slot.busy = false;
            start_cta(ws.core, t);
        }
        return;
    }
    const warp_inst& in = ws.prog->insts[ws.pc++];
    const std::uint32_t slots = in.alu + (in.op != mem_op::none ? 1 : 0);
    m_stats.instructions += slots;
    const double issued = m_cores[ws.core].issue.reserve(t, slots);
    if (in.op == mem_op::none) {
        schedule(issued, ev_warp, w);
        return;
    }
    ++m_stats.mem_instructions;
    const bool store = in.op == mem_op::store;
    for (std::uint32_t i = 0; i < in.count; ++i) {
        const line_access& a = ws.prog->accesses[in.first + i];
        const std::uint32_t r = new_request();
        request& q = m_requests[r];
        q.core = ws.core;
        q.l1 = ws.core;
        q.warp = w;
        q.line = a.line;
        q.sectors = a.sectors;
        q.write = store;
        q.issued = issued;
        ++m_stats.accesses;
        if (store) {
            ++m_stats.store_accesses;
        } else {
            m_stats.load_bytes_requested += sector_mask_bytes(a.sectors);
        }
        // Only sliced requests may need the crossbar before their tag lookup; the others go straight to it.
        schedule(issued, m_p.org == organisation::sliced ? ev_route : ev_access, r);
    }
    // Loads block the warp until every line returns (the next instruction uses the value); stores do not.
    if (store) schedule(issued, ev_warp, w);
    else ws.outstanding = in.count;
    // Hundreds of warps take turns, so a warp's program is out of the host's caches by the time it issues again
    // (a cache miss on every issue); start fetching its next instruction and line address while the load is out.
    if (ws.pc < ws.prog->insts.size()) __builtin_prefetch(&ws.prog->insts[ws.pc]);
    if (in.first + in.count < ws.prog->accesses.size()) __builtin_prefetch(&ws.prog->accesses[in.first + in.count]);
}

void gpu_sim::route(std::uint32_t r, double t) {
    request& q = m_requests[r];
    if (m_p.org == organisation::sliced) {
        const unsigned home = home_of(q.line, q.core);
        if (home != q.core) {
            q.l1 = home;
            const unsigned bytes = m_p.xbar_header_bytes + (q.write ? sector_mask_bytes(q.sectors) : 0);
            m_stats.crossbar_bytes += bytes;
            schedule(cross(q.core, home, t, bytes), ev_access, r);
            return;
        }
    }
    access(r, t);
}

void gpu_sim::report(request& q, access_outcome o) {
    switch (o) {
    case access_outcome::local_hit: ++m_stats.local_hits; q.path = load_path::local_hit; break;
    case access_outcome::remote_hit: ++m_stats.remote_hits; q.path = load_path::remote_hit; break;
    case access_outcome::miss: ++m_stats.misses; q.path = load_path::miss; break;
    }
    if (m_observer) m_observer({q.core, q.l1, q.line, q.sectors, q.write, o});
}

void gpu_sim::access(std::uint32_t r, double t) {
    request& q = m_requests[r];
    const double ts = m_cores[q.l1].tag_port.reserve(t, 1);
    double decide = ts;
    if (m_p.org == organisation::ata) {
        // Every request is compared against all tag arrays of the cluster in parallel with the local lookup.
        const double ta = m_ata[q.core / m_p.cluster_size].reserve(t, 1);
        decide = std::max(ts, ta) + m_p.tag_probe_latency;
    }
    if (q.write) access_store(r, ts);
    else access_load(r, ts, decide);
}

void gpu_sim::access_load(std::uint32_t r, double ts, double decide) {
    request& q = m_requests[r];
    core_state& home = m_cores[q.l1];
    const std::size_t set = home.tags.set_of(q.line);  // every L1 has the same geometry
    sector_cache::line* ln = home.tags.find_in(set, q.line);
    const bool own = q.l1 == q.core;
    if (ln && (ln->valid & q.sectors) == q.sectors) {
        home.tags.touch(*ln);
        report(q, own ? access_outcome::local_hit : access_outcome::remote_hit);
        if (ln->pending & q.sectors) {
            // Tag hit on sectors still being filled: wait for that fill (GPGPU-Sim's HIT_RESERVED).
            ++m_stats.pending_hits;
            q.path = own ? load_path::local_pending : load_path::remote_pending;
            q.need = 0;
            miss_continue(r, ts);
            return;
        }
        if (!own) ++m_stats.remote_l1_reads;
        schedule(ts, ev_hit_data, r);
        return;
    }
    std::uint32_t peer = no_peer;
    if (m_p.org == organisation::ata) {
        const unsigned base = cluster_base(q.core);
        for (unsigned k = base; k < base + m_p.cluster_size && peer == no_peer; ++k) {
            if (k == q.core) continue;
            const sector_cache::line* pl = m_cores[k].tags.find_in(set, q.line);
            // A line the peer has reserved for a fill counts too (its tag is in the ATA): the fetch waits there.
            // Not a line the peer is itself fetching from another peer (it could not wait there: remote_read
            // lets a fetch wait only for a fill from L2, so remote fetches never wait on each other).
            if (pl && (pl->valid & q.sectors) == q.sectors && !(pl->pending_remote & q.sectors)) peer = k;
        }
        m_stats.remote_probes_avoided += m_p.cluster_size - (peer == no_peer ? 1 : 2);
    }
    report(q, peer == no_peer ? access_outcome::miss : access_outcome::remote_hit);
    q.peer = peer;
    if (peer != no_peer && !m_p.ata_fill_local) {
        // Served from the peer without a local copy; an MSHR still tracks it so that requests from this core to
        // the same line merge instead of crossing the crossbar again.
        q.need = q.sectors;
        miss_continue(r, decide);
        return;
    }
    // Allocate on miss: the tag array changes now, in request order, so its contents match a functional LRU cache.
    if (!ln) ln = &home.tags.allocate_in(set, q.line);
    else home.tags.touch(*ln);
    q.need = static_cast<std::uint8_t>(q.sectors & ~ln->valid);
    ln->valid |= q.need;
    ln->pending |= q.need;
    if (peer != no_peer) ln->pending_remote |= q.need;
    miss_continue(r, m_p.org == organisation::ata ? decide : ts);
}

void gpu_sim::miss_continue(std::uint32_t r, double t) {
    request& q = m_requests[r];
    core_state& home = m_cores[q.l1];
    const std::uint32_t open = home.mshr_of_line.find(q.line);
    // Sectors of the request that earlier misses reserved in the line must be on their way in the line's open entry.
    // Those that are not belong to a miss still waiting for a free MSHR: the request waits behind it (joining an
    // entry now, or completing, would give it sectors that do not exist yet).
    const sector_cache::line* ln = home.tags.find(q.line);
    const auto awaited = static_cast<std::uint8_t>(ln ? q.sectors & ln->pending & ~q.need : 0);
    if (awaited & ~(open != line_map::none ? m_mshrs[open].sectors : 0)) {
        home.mshr_wait.push_back(r);
        return;
    }
    if (open != line_map::none) {
        mshr& m = m_mshrs[open];
        m.waiters.push_back(r);
        const auto extra = static_cast<std::uint8_t>(q.need & ~m.sectors);
        if (q.need && !extra) ++m_stats.mshr_merges;
        if (extra) {
            m.sectors |= extra;
            send_fetch(open, extra, q.peer, t);
        }
        return;
    }
    if (q.need == 0) {
        // The fill this hit was waiting for has already arrived.
        schedule(t + m_p.l1_hit_latency, q.l1 == q.core ? ev_done : ev_reply, r);
        return;
    }
    if (home.open_mshrs >= m_p.l1_mshrs) {
        ++m_stats.mshr_stalls;
        home.mshr_wait.push_back(r);
        return;
    }
    const std::uint32_t id = new_mshr();
    mshr& m = m_mshrs[id];
    m.l1 = q.l1;
    m.line = q.line;
    m.sectors = q.need;
    m.from_peer = 0;
    m.fills = 0;
    m.peer_pending = false;
    m.waiters.push_back(r);
    home.mshr_of_line.insert(q.line, id);
    ++home.open_mshrs;
    send_fetch(id, q.need, q.peer, t);
}

void gpu_sim::send_fetch(std::uint32_t m, std::uint8_t sectors, std::uint32_t peer, double t) {
    ++m_mshrs[m].fills;
    const std::uint32_t f = new_request();
    request& q = m_requests[f];
    q.fetch = true;
    q.l1 = m_mshrs[m].l1;
    q.core = q.l1;
    q.warp = m;
    q.line = m_mshrs[m].line;
    q.sectors = sectors;
    q.peer = peer;
    if (peer != no_peer) {
        m_mshrs[m].from_peer |= sectors;
        // A real remote hit: only this peer's data array is accessed, over the cluster crossbar.
        m_stats.crossbar_bytes += m_p.xbar_header_bytes;
        schedule(t, ev_to_peer, f);
        return;
    }
    m_stats.fetch_bytes_sent += sector_mask_bytes(sectors);
    schedule(t + m_p.noc_latency, ev_l2, f);
}

void gpu_sim::access_store(std::uint32_t r, double ts) {
    request& q = m_requests[r];
    core_state& home = m_cores[q.l1];
    sector_cache::line* ln = home.tags.find(q.line);
    const bool present = ln && (ln->valid & q.sectors) == q.sectors;
    report(q, present ? (q.l1 == q.core ? access_outcome::local_hit : access_outcome::remote_hit)
                      : access_outcome::miss);
    if (!ln && m_p.write_allocate) ln = &home.tags.allocate(q.line);
    const unsigned bytes = sector_mask_bytes(q.sectors);
    if (ln) {
        // Whole sectors are written, so the written sectors become valid without a fetch.
        ln->valid |= q.sectors;
        home.tags.touch(*ln);
        schedule(ts, ev_store_data, r);
    }
    if (m_p.org == organisation::ata) {
        // One ATA lookup finds the peer copies; they are invalidated so no core reads stale data afterwards.
        const unsigned base = cluster_base(q.core);
        for (unsigned k = base; k < base + m_p.cluster_size; ++k)
            if (k != q.l1 && m_cores[k].tags.invalidate(q.line)) ++m_stats.ata_invalidations;
    }
    m_stats.store_bytes_sent += bytes;
    schedule(ts + m_p.noc_latency, ev_l2_write, r);
}

void gpu_sim::remote_read(std::uint32_t f, double t) {
    request& q = m_requests[f];
    core_state& peer = m_cores[q.peer];
    sector_cache::line* ln = peer.tags.find(q.line);
    const bool held = ln && (ln->valid & q.sectors) == q.sectors;
    const auto reserved = static_cast<std::uint8_t>(held ? ln->pending & q.sectors : 0);
    // Sectors still being filled: the fetch waits for the peer's own fill (forwarded in fill()), if that entry
    // fetches every one of them, and from L2.
    const std::uint32_t filling = reserved ? peer.mshr_of_line.find(q.line) : line_map::none;
    const bool can_wait = filling != line_map::none && (reserved & ~m_mshrs[filling].sectors) == 0 &&
                          (reserved & m_mshrs[filling].from_peer) == 0;
    if (!held || (reserved && !can_wait)) {
        // The peer cannot serve the read: the line left it (evicted, or invalidated by a store) while the request
        // crossed the crossbar, or its sectors are not on their way from L2 there (fetched from a third L1, or by a
        // miss still waiting for a free MSHR). The data array is not read; a header-only answer sends the fetch to
        // L2. So a remote fetch only ever waits for a fill from L2, and remote fetches never wait on each other.
        ++m_stats.remote_refetches;
        m_stats.crossbar_bytes += m_p.xbar_header_bytes;
        schedule(cross(q.peer, q.l1, t, m_p.xbar_header_bytes), ev_refetch, f);
        return;
    }
    ++m_stats.remote_l1_reads;
    if (reserved) {
        ++m_stats.pending_hits;
        m_mshrs[q.warp].peer_pending = true;
        m_mshrs[filling].waiters.push_back(f);
        return;
    }
    peer.tags.touch(*ln);
    schedule(peer.data_port.reserve(t, sector_mask_bytes(q.sectors)) + m_p.l1_hit_latency, ev_reply, f);
}

void gpu_sim::reply(std::uint32_t r, double t) {
    request& q = m_requests[r];
    const unsigned bytes = sector_mask_bytes(q.sectors);
    m_stats.crossbar_bytes += bytes;
    // A peer's data goes into the requester's MSHR (fill); a sliced home answers the warp directly.
    schedule(cross(q.fetch ? q.peer : q.l1, q.core, t, bytes), q.fetch ? ev_fill : ev_done, r);
}

double gpu_sim::cross(unsigned from, unsigned to, double t, unsigned bytes) {
    return std::max(m_cores[from].xbar_out.reserve(t, bytes), m_cores[to].xbar_in.reserve(t, bytes)) +
           m_p.xbar_hop_latency;
}

void gpu_sim::hit_data(std::uint32_t r, double t) {
    const request& q = m_requests[r];
    const double t_data = m_cores[q.l1].data_port.reserve(t, sector_mask_bytes(q.sectors)) + m_p.l1_hit_latency;
    schedule(t_data, q.l1 == q.core ? ev_done : ev_reply, r);
}

void gpu_sim::store_data(std::uint32_t r, double t) {
    const request& q = m_requests[r];
    m_cores[q.l1].data_port.reserve(t, sector_mask_bytes(q.sectors));
}

void gpu_sim::to_peer(std::uint32_t f, double t) {
    const request& q = m_requests[f];
    schedule(cross(q.l1, q.peer, t, m_p.xbar_header_bytes), ev_remote_read, f);
}

void gpu_sim::dram_read(std::uint32_t d, double t) {
    const request q = m_requests[d];
    free_request(d);
    dram_access(q.line, q.sectors, false, t);
}

void gpu_sim::refetch(std::uint32_t f, double t) {
    request& q = m_requests[f];
    q.peer = no_peer;
    m_mshrs[q.warp].from_peer &= static_cast<std::uint8_t>(~q.sectors);
    // The sectors now come from L2, so other remote fetches may wait for them again (see access_load).
    if (sector_cache::line* ln = m_cores[q.l1].tags.find(q.line))
        ln->pending_remote &= static_cast<std::uint8_t>(~q.sectors);
    m_stats.fetch_bytes_sent += sector_mask_bytes(q.sectors);
    schedule(t + m_p.noc_latency, ev_l2, f);
}

void gpu_sim::done(std::uint32_t r, double t) {
    request& q = m_requests[r];
    m_stats.load_bytes_delivered += sector_mask_bytes(q.sectors);
    m_stats.latency.of(q.path).add(t - q.issued);
    warp_state& ws = m_warps[q.warp];
    free_request(r);
    if (--ws.outstanding == 0) warp_issue(q.warp, t);
}

void gpu_sim::l2_read(std::uint32_t f, double t) {
    request& q = m_requests[f];
    l2_slice& s = m_l2[slice_of(q.line)];
    const unsigned bytes = sector_mask_bytes(q.sectors);
    const double served = s.port.reserve(t, bytes) + m_p.l2_latency;
    ++m_stats.l2_accesses;
    const std::size_t set = s.tags.set_of(q.line);
    sector_cache::line* ln = s.tags.find_in(set, q.line);
    double ready = served;
    if (ln && (ln->valid & q.sectors) == q.sectors) {
        ++m_stats.l2_hits;
        s.tags.touch(*ln);
        const double line_ready = s.ready[s.tags.index_of(*ln)];
        if (line_ready == not_ready) {
            // The line's DRAM read is still out (the ready time is per line, as the sectors are fetched together).
            m_dram_wait[q.line].fetches.emplace_back(f, served);
            return;
        }
        ready = std::max(served, line_ready);
    } else {
        if (!ln) {
            sector_cache::victim v;
            ln = &s.tags.allocate_in(set, q.line, &v);
            if (v.valid && v.dirty) {
                ++m_stats.dram_writes;
                dram_access(v.tag, v.sectors, true, t);
            }
        } else {
            s.tags.touch(*ln);
        }
        const auto missing = static_cast<std::uint8_t>(q.sectors & ~ln->valid);
        ++m_stats.dram_reads;
        ln->valid |= missing;
        s.ready[s.tags.index_of(*ln)] = not_ready;
        m_dram_wait[q.line].fetches.emplace_back(f, served);
        // The read reaches the controllers when the slice has served it, not before: FR-FCFS must not pick it
        // while it is still on its way.
        const std::uint64_t line = q.line;  // new_request() may move the request records
        const std::uint32_t d = new_request();
        m_requests[d].line = line;
        m_requests[d].sectors = missing;
        schedule(served, ev_dram_read, d);
        return;
    }
    schedule(ready + m_p.noc_latency, ev_fill, f);
}

void gpu_sim::l2_write(std::uint32_t r, double t) {
    request& q = m_requests[r];
    l2_slice& s = m_l2[slice_of(q.line)];
    const unsigned bytes = sector_mask_bytes(q.sectors);
    s.port.reserve(t, bytes);
    ++m_stats.l2_accesses;
    m_stats.store_bytes_at_l2 += bytes;
    sector_cache::line* ln = s.tags.find(q.line);
    if (!ln) {
        sector_cache::victim v;
        ln = &s.tags.allocate(q.line, &v);
        s.ready[s.tags.index_of(*ln)] = 0;  // written data is there at once
        if (v.valid && v.dirty) {
            ++m_stats.dram_writes;
            dram_access(v.tag, v.sectors, true, t);
        }
    } else {
        s.tags.touch(*ln);
    }
    ln->valid |= q.sectors;
    ln->dirty = true;
    free_request(r);
}

void gpu_sim::fill(std::uint32_t f, double t) {
    const request q = m_requests[f];
    free_request(f);
    const unsigned bytes = sector_mask_bytes(q.sectors);
    if (q.peer == no_peer) m_stats.fetch_bytes_returned += bytes;
    core_state& home = m_cores[q.l1];
    sector_cache::line* ln = home.tags.find(q.line);
    if (ln) {
        ln->pending &= static_cast<std::uint8_t>(~q.sectors);
        ln->pending_remote &= static_cast<std::uint8_t>(~q.sectors);
    }
    const double written = home.data_port.reserve(t, bytes);
    mshr& m = m_mshrs[q.warp];
    // The entry tracks the sectors still on their way: if the line is evicted and missed again while the entry is
    // open, the sectors that have already come are fetched again rather than waited for.
    m.sectors &= static_cast<std::uint8_t>(~q.sectors);
    m.from_peer &= static_cast<std::uint8_t>(~q.sectors);
    // A peer's fetch needs only its own sectors: it leaves as soon as they are here, not when the whole entry is.
    std::size_t kept = 0;
    for (std::uint32_t w : m.waiters) {
        const request& wq = m_requests[w];
        if (wq.fetch && !(m.sectors & wq.sectors)) schedule(written, ev_reply, w);
        else m.waiters[kept++] = w;
    }
    m.waiters.resize(kept);
    if (--m.fills > 0) return;
    for (std::uint32_t w : m.waiters) {
        // Waiters are served from the fill as it is written; a sliced home or an ata peer forwards over the crossbar.
        request& wq = m_requests[w];
        if (m.peer_pending && wq.path == load_path::remote_hit) wq.path = load_path::remote_pending;
        schedule(written, wq.fetch || wq.l1 != wq.core ? ev_reply : ev_done, w);
    }
    m.waiters.clear();
    home.mshr_of_line.erase(q.line);
    m_free_mshrs.push_back(q.warp);
    --home.open_mshrs;
    // At most one pass over the queue: a hit whose miss has still no MSHR goes back in and waits for the next fill.
    for (std::size_t n = home.mshr_wait.size(); n > 0 && home.open_mshrs < m_p.l1_mshrs; --n) {
        const std::uint32_t r = home.mshr_wait.front();
        home.mshr_wait.pop_front();
        miss_continue(r, t);
    }
}

// A DRAM access leaves the L2 at `t` and reaches the controllers on the next core clock edge.
void gpu_sim::dram_access(std::uint64_t line, std::uint8_t sectors, bool write, double t) {
    const auto now = m_base + static_cast<std::uint64_t>(std::ceil(t));
    const unsigned bursts = m_dram.access(line, sectors, write, line, now);
    if (!write) {
        dram_wait& w = m_dram_wait[line];
        if (w.bursts == 0) w.start = now;
        w.bursts += bursts;
    }
    for (unsigned ch : m_dram.touched()) dram_wake_check(ch);
    m_dram.clear_touched();
}

// A channel wakes when its next command is due; a wake-up made earlier by new work supersedes the later one.
void gpu_sim::dram_wake_check(unsigned ch) {
    const std::uint64_t w = m_dram.wake(ch);
    if (w >= m_dram_wake[ch]) return;
    m_dram_wake[ch] = w;
    schedule(static_cast<double>(w - m_base), ev_dram, ch);
}

void gpu_sim::dram_run(unsigned ch, double t) {
    const std::uint64_t now = m_base + static_cast<std::uint64_t>(t);  // wake-ups fall on core clock edges
    if (now != m_dram_wake[ch]) return;                                // superseded
    m_dram_wake[ch] = dram_backend::never;
    m_dram_done.clear();
    m_dram.run(ch, now, m_dram_done);
    for (const dram_backend::read_done& d : m_dram_done) dram_read_done(d.tag, d.cycle);
    dram_wake_check(ch);
}

void gpu_sim::dram_read_done(std::uint64_t line, std::uint64_t cycle) {
    const auto it = m_dram_wait.find(line);
    dram_wait& w = it->second;
    w.last = std::max(w.last, cycle);
    if (--w.bursts > 0) return;
    m_stats.latency.dram_line.add(static_cast<double>(w.last - w.start));
    const double ready = static_cast<double>(w.last - m_base);
    l2_slice& s = m_l2[slice_of(line)];
    if (const sector_cache::line* ln = s.tags.find(line)) {
        double& r = s.ready[s.tags.index_of(*ln)];
        if (r == not_ready) r = ready;
    }
    for (const auto& [f, served] : w.fetches) schedule(std::max(ready, served) + m_p.noc_latency, ev_fill, f);
    m_dram_wait.erase(it);
}

} // namespace vplab::l1agg
