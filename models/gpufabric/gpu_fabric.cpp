#include "gpu_fabric.h"

#include <algorithm>
#include <cmath>

namespace vplab::models::gpufabric {

using namespace regs::gpufabric;

namespace {
std::uint64_t to_ns(double s) { return s <= 0 ? 0 : static_cast<std::uint64_t>(std::llround(s * 1e9)); }
} // namespace

gpu_fabric::gpu_fabric(sc_core::sc_module_name name, const fabric_spec& spec)
    : peripheral(name), irq("irq"), m_spec(spec) {
    build(spec);
    m_ctrl.field("IRQ_EN", 0, 1, "drive the interrupt line while IRQ_STATUS is non-zero")
        .sync_on_write()
        .on_write([this](std::uint64_t) { update_irq(); });
    m_status.field("BUSY", 0, 1, "operations in flight").field("ERROR", 1, 1, "the last operation failed")
        .on_read([this] { return std::uint64_t{m_in_flight ? STATUS_BUSY : 0u} | (m_status.value() & STATUS_ERROR); });
    m_irq_status.field("DONE", 0, 1, "completions are queued").field("ERROR", 1, 1).field("FAULT", 2, 1,
                                                                                        "a link or device failed")
        .field("DEVICE", 3, 1, "a device block has an enabled interrupt pending (see DEV_IRQ_NEXT)")
        .sync_on_write()
        .on_write([this](std::uint64_t) {
            // DONE and DEVICE are level-like: they stay while entries or device interrupts remain.
            if (!m_completions.empty()) m_irq_status.set_bits(IRQ_DONE);
            if (!m_device_irqs.empty()) m_irq_status.set_bits(IRQ_DEVICE);
            update_irq();
        });
    m_error.describe("error code of the last failed or refused operation (error_code)");
    m_num_devices.describe("GPUs in the fabric");
    m_op_kind.describe("1 compute, 2 send, 3 all-reduce (ring over a set), 4 probe, 5 hierarchical all-reduce");
    m_op_phase.describe("compute phase for the counters: 0 F, 1 B, 2 W, 3 B+W");
    m_op_target.describe("device set (compute, all-reduce) or source device (send, probe)");
    m_op_peer.describe("destination device (send, probe) or devices per group (hierarchical all-reduce)");
    m_op_amount.describe("FLOPs per device (compute) or bytes (send, all-reduce, probe's large transfer)");
    m_doorbell.sync_on_write().on_write([this](std::uint64_t v) {
        if (v & 1) doorbell();
    });
    m_set_sel.describe("device set for SET_CLEAR, SET_ADD, SET_SIZE");
    m_set_clear.sync_on_write().on_write([this](std::uint64_t v) {
        if ((v & 1) && m_set_sel.value() < m_sets.size()) m_sets[m_set_sel.value()].clear();
    });
    m_set_add.sync_on_write().on_write([this](std::uint64_t v) {
        const std::uint64_t s = m_set_sel.value();
        if (s >= m_sets.size()) return refuse(error_bad_set);
        if (v >= m_devices.size()) return refuse(error_bad_device);
        if (m_sets[s].size() >= m_devices.size()) return refuse(error_set_full);
        m_sets[s].push_back(static_cast<unsigned>(v));
        m_op_result.set(error_none);
    });
    m_set_size.on_read([this] {
        const std::uint64_t s = m_set_sel.value();
        return std::uint64_t{s < m_sets.size() ? m_sets[s].size() : 0u};
    });
    m_cpl_count.on_read([this] { return std::uint64_t{m_completions.size()}; });
    m_cpl_tag.on_read([this] { return std::uint64_t{m_completions.empty() ? 0u : m_completions.front().tag}; });
    m_cpl_status.on_read([this] { return std::uint64_t{m_completions.empty() ? 0u : m_completions.front().status}; });
    m_cpl_start.on_read([this] { return m_completions.empty() ? 0 : m_completions.front().start_ns; });
    m_cpl_end.on_read([this] { return m_completions.empty() ? 0 : m_completions.front().end_ns; });
    m_cpl_pop.sync_on_write().on_write([this](std::uint64_t v) {
        if ((v & 1) && !m_completions.empty()) m_completions.pop_front();
        if (m_completions.empty()) m_irq_status.clear_bits(IRQ_DONE);
        update_irq();
    });
    m_dev_irq_next.describe("lowest device whose block has an interrupt pending, or 0xffffffff").on_read([this] {
        return std::uint64_t{m_device_irqs.empty() ? no_device : *m_device_irqs.begin()};
    });
    for (unsigned d = 0; d < m_devices.size(); ++d) {
        m_blocks.emplace_back(m_regs, d);
        wire_device_block(d);
    }
    m_link_count.on_read([this] { return std::uint64_t{m_net.resources().size()}; });
    auto link = [this]() -> const link_resource& {
        return m_net.resources()[select_counter(m_link_sel.value(), m_net.resources().size())];
    };
    m_link_bytes.on_read([link] { return static_cast<std::uint64_t>(link().bytes); });
    m_link_busy.on_read([link] { return to_ns(link().busy_s); });
    m_link_info.on_read([link] { return std::uint64_t{link().tier} << 24 | (link().up ? 1u : 0u); });
    m_route_link.on_read([this] {
        const std::uint64_t a = m_route_src.value(), b = m_route_dst.value();
        if (a >= m_devices.size() || b >= m_devices.size() || a == b) return std::uint64_t{0};
        std::uint64_t best = 0;
        double cap = -1;
        // Ties go to the higher tier: a WAN link as narrow as a NIC is the one other traffic shares.
        for (unsigned r : route(static_cast<unsigned>(a), static_cast<unsigned>(b))) {
            const link_resource& l = m_net.resources()[r];
            if (cap < 0 || l.nominal_Bps < cap || (l.nominal_Bps == cap && l.tier > m_net.resources()[best].tier)) {
                cap = l.nominal_Bps;
                best = r;
            }
        }
        return best;
    });
    // A route query with a bad device pair shows no hops rather than faulting.
    auto route_query = [this]() -> std::vector<unsigned> {
        const std::uint64_t a = m_route_src.value(), b = m_route_dst.value();
        if (a >= m_devices.size() || b >= m_devices.size() || a == b) return {};
        return route(static_cast<unsigned>(a), static_cast<unsigned>(b));
    };
    m_route_hops.describe("links on the route from ROUTE_SRC to ROUTE_DST").on_read([route_query] {
        return std::uint64_t{route_query().size()};
    });
    m_route_hop_sel.describe("hop ROUTE_HOP shows, 0 being the source's port");
    m_route_hop.describe("link id of the selected hop (0 beyond the last)").on_read([this, route_query] {
        const std::vector<unsigned> hops = route_query();
        const std::uint64_t i = m_route_hop_sel.value();
        return std::uint64_t{i < hops.size() ? hops[i] : 0u};
    });
    m_link_mbps.describe("configured capacity of the selected link in Mbit/s").on_read([link] {
        return static_cast<std::uint64_t>(std::llround(link().nominal_Bps * 8e-6));
    });
    m_fault_count.on_read([this] { return m_faults; });
    m_op_result.describe("0 when the last DOORBELL (or SET_ADD) was accepted, else the refusal's error code");
    SC_HAS_PROCESS(gpu_fabric);
    SC_METHOD(wakeup);
    sensitive << m_wakeup;
    SC_METHOD(drive_irq);
    sensitive << m_irq_update;
    dont_initialize();
}

void gpu_fabric::build(const fabric_spec& spec) {
    unsigned server = 0;
    for (unsigned s = 0; s < spec.sites.size(); ++s)
        for (unsigned v = 0; v < spec.sites[s].servers; ++v, ++server) {
            m_server_site.push_back(s);
            const std::string srv = spec.sites[s].name + std::to_string(v);
            m_nic_up.push_back(m_net.add_resource(srv + ".nic_up", tier_nic, spec.nic_bw_Bps));
            m_nic_down.push_back(m_net.add_resource(srv + ".nic_down", tier_nic, spec.nic_bw_Bps));
            for (unsigned g = 0; g < spec.sites[s].gpus_per_server; ++g) {
                device d;
                d.gpu = spec.sites[s].gpu;
                d.site = s;
                d.server = server;
                const std::string gpu = srv + ".gpu" + std::to_string(g);
                d.port_out = m_net.add_resource(gpu + ".out", tier_port, spec.port_bw_Bps);
                d.port_in = m_net.add_resource(gpu + ".in", tier_port, spec.port_bw_Bps);
                m_devices.push_back(std::move(d));
            }
        }
    const size_t n_sites = spec.sites.size();
    m_wan.assign(n_sites, std::vector<int>(n_sites, -1));
    m_wan_lat.assign(n_sites, std::vector<double>(n_sites, spec.wan_lat_s));
    for (unsigned a = 0; a < n_sites; ++a)
        for (unsigned b = 0; b < n_sites; ++b) {
            if (a == b) continue;
            double bw = spec.wan_bw_Bps;
            for (const wan_spec& w : spec.wan)
                if ((w.site_a == a && w.site_b == b) || (w.site_a == b && w.site_b == a)) {
                    bw = w.bw_Bps;
                    m_wan_lat[a][b] = w.lat_s;
                }
            m_wan[a][b] = static_cast<int>(
                m_net.add_resource(spec.sites[a].name + "->" + spec.sites[b].name, tier_wan, bw));
        }
}

void gpu_fabric::reset() {
    peripheral::reset();
    m_num_devices.set(m_devices.size());
    m_sets.assign(m_spec.max_sets, {});
    m_ops.clear();
    m_streams.clear();
    m_completions.clear();
    for (device_block& b : m_blocks) b.completions.clear();
    m_device_irqs.clear();
    m_device_completions = 0;
    m_in_flight = 0;
    while (!m_timeline.empty()) m_timeline.pop();
    m_wan_states.clear();
    if (m_spec.trace.empty() && m_spec.fluctuation.enabled) {
        for (size_t a = 0; a < m_wan.size(); ++a)
            for (size_t b = 0; b < m_wan.size(); ++b)
                if (m_wan[a][b] >= 0) {
                    wan_state w;
                    w.resource = static_cast<unsigned>(m_wan[a][b]);
                    w.base_Bps = m_net.resources()[w.resource].nominal_Bps;
                    w.rng.seed(m_spec.fluctuation.seed * 1000003u + w.resource);
                    m_wan_states.push_back(std::move(w));
                }
        for (size_t i = 0; i < m_wan_states.size(); ++i) at(m_spec.fluctuation.step_s, [this, i] { fluctuate(i); });
    }
    for (const trace_point& p : m_spec.trace)
        at(p.t_s, [this, p] {
            const int r = m_wan[p.site_a][p.site_b];
            m_wan_lat[p.site_a][p.site_b] = p.lat_s;
            if (r >= 0 && m_net.resources()[static_cast<unsigned>(r)].up) {
                m_net.set_capacity(now(), static_cast<unsigned>(r), p.bw_Bps);
                reschedule_network();
            }
        });
    for (const fault_spec& f : m_spec.faults) at(f.t_s, [this, f] { apply_fault(f); });
    if (sc_core::sc_is_running()) update_irq();
}

double gpu_fabric::now() const { return sc_core::sc_time_stamp().to_seconds(); }

void gpu_fabric::at(double t_s, std::function<void()> fn) {
    const std::uint64_t now_ps = sc_core::sc_time_stamp().value();
    const std::uint64_t at_ps = std::max(now_ps, static_cast<std::uint64_t>(std::ceil(t_s * 1e12)));
    m_timeline.push({at_ps, m_seq++, std::move(fn)});
    if (sc_core::sc_is_running()) m_wakeup.notify(sc_core::sc_time::from_value(at_ps - now_ps));
}

void gpu_fabric::wakeup() {
    ++m_events;
    const std::uint64_t now_ps = sc_core::sc_time_stamp().value();
    while (!m_timeline.empty() && m_timeline.top().at_ps <= now_ps) {
        auto fn = m_timeline.top().fn;
        m_timeline.pop();
        fn();
    }
    if (!m_timeline.empty()) m_wakeup.notify(sc_core::sc_time::from_value(m_timeline.top().at_ps - now_ps));
}

void gpu_fabric::reschedule_network() {
    const std::uint64_t gen = ++m_net_generation;
    const double t = m_net.next_finish();
    if (t == flow_network::never) return;
    at(t, [this, gen] {
        if (gen != m_net_generation) return;
        m_net.advance(now());
        reschedule_network();
    });
}

std::vector<unsigned> gpu_fabric::route(unsigned src, unsigned dst) const {
    const device &a = m_devices[src], &b = m_devices[dst];
    if (a.server == b.server) return {a.port_out, b.port_in};
    if (a.site == b.site) return {a.port_out, m_nic_up[a.server], m_nic_down[b.server], b.port_in};
    return {a.port_out, m_nic_up[a.server], static_cast<unsigned>(m_wan[a.site][b.site]), m_nic_down[b.server],
            b.port_in};
}

double gpu_fabric::route_latency(unsigned src, unsigned dst) const {
    const device &a = m_devices[src], &b = m_devices[dst];
    if (a.server == b.server) return m_spec.port_lat_s;
    if (a.site == b.site) return m_spec.port_lat_s + m_spec.lan_lat_s;
    return m_spec.port_lat_s + m_spec.lan_lat_s + m_wan_lat[a.site][b.site];
}

void gpu_fabric::refuse(std::uint32_t error) {
    m_op_result.set(error);
    m_error.set(error);
    m_status.set_bits(STATUS_ERROR);
    m_irq_status.set_bits(IRQ_ERROR);
    update_irq();
}

unsigned gpu_fabric::new_op(std::uint32_t tag) {
    ++m_in_flight;
    operation op;
    op.tag = tag;
    op.start = now();
    for (unsigned i = 0; i < m_ops.size(); ++i)
        if (m_ops[i].done) {
            m_ops[i] = std::move(op);
            return i;
        }
    m_ops.push_back(std::move(op));
    return static_cast<unsigned>(m_ops.size() - 1);
}

void gpu_fabric::doorbell() {
    const std::uint32_t kind = static_cast<std::uint32_t>(m_op_kind.value());
    const std::uint64_t target = m_op_target.value(), peer = m_op_peer.value();
    const double amount = static_cast<double>(m_op_amount.value());
    const std::uint32_t tag = static_cast<std::uint32_t>(m_op_tag.value());
    if (kind < op_compute || kind > op_allreduce_hier) return refuse(error_bad_kind);
    if (m_in_flight + m_completions.size() + m_device_completions >= m_spec.max_ops) return refuse(error_queue_full);
    if (amount <= 0) return refuse(error_zero_amount);
    if (kind == op_compute || kind == op_allreduce || kind == op_allreduce_hier) {
        if (target >= m_sets.size() || m_sets[target].empty()) return refuse(error_bad_set);
        if (kind == op_allreduce_hier && (peer == 0 || m_sets[target].size() % peer != 0))
            return refuse(error_bad_group);
    } else if (target >= m_devices.size() || peer >= m_devices.size() || target == peer) {
        return refuse(error_bad_device);
    }
    m_status.clear_bits(STATUS_ERROR);
    m_op_result.set(error_none);
    const unsigned op = new_op(tag);
    switch (kind) {
    case op_compute:
        ++m_compute_ops;
        m_ops[op].start = -1;  // set when the first device starts
        start_compute(op, m_sets[target], amount);
        break;
    case op_send:
        ++m_send_ops;
        m_ops[op].pending = 1;
        transfer(static_cast<unsigned>(target), static_cast<unsigned>(peer), amount,
                 [this, op](std::uint32_t error) { op_part_done(op, error); });
        break;
    case op_allreduce:
        ++m_allreduce_ops;
        start_allreduce(op, m_sets[target], static_cast<unsigned>(m_sets[target].size()), amount);
        break;
    case op_allreduce_hier:
        ++m_hier_allreduce_ops;
        start_allreduce(op, m_sets[target], static_cast<unsigned>(peer), amount);
        break;
    case op_probe: {
        ++m_probe_ops;
        operation& o = m_ops[op];
        o.src = static_cast<unsigned>(target);
        o.dst = static_cast<unsigned>(peer);
        o.large = amount;
        o.pending = 1;
        const double t0 = now();
        transfer(o.src, o.dst, static_cast<double>(m_probe_small.value() ? m_probe_small.value() : 1),
                 [this, op, t0](std::uint32_t error) {
                     m_probe_small_ns.set(to_ns(now() - t0));
                     if (error) return op_part_done(op, error);
                     const double t1 = now();
                     transfer(m_ops[op].src, m_ops[op].dst, m_ops[op].large, [this, op, t1](std::uint32_t error2) {
                         m_probe_large_ns.set(to_ns(now() - t1));
                         op_part_done(op, error2);
                     });
                 });
        break;
    }
    default: break;
    }
}

void gpu_fabric::op_part_done(unsigned op, std::uint32_t error) {
    operation& o = m_ops[op];
    if (error && !o.error) o.error = error;
    if (--o.pending == 0) finish_op(op);
}

void gpu_fabric::finish_op(unsigned op) {
    operation& o = m_ops[op];
    o.done = true;
    o.end = now();
    --m_in_flight;
    const completion c{o.tag, o.error, to_ns(o.start < 0 ? o.end : o.start), to_ns(o.end)};
    if (o.device_queue >= 0) {
        const unsigned d = static_cast<unsigned>(o.device_queue);
        m_blocks[d].completions.push_back(c);
        ++m_device_completions;
        if (o.error) ++m_failed_ops;
        m_blocks[d].irq_status.set_bits(IRQ_DONE | (o.error ? IRQ_ERROR : 0u));
        return update_device_irq(d);
    }
    m_completions.push_back(c);
    if (o.error) {
        ++m_failed_ops;
        m_error.set(o.error);
        m_status.set_bits(STATUS_ERROR);
        m_irq_status.set_bits(IRQ_ERROR);
    }
    m_irq_status.set_bits(IRQ_DONE);
    update_irq();
}

void gpu_fabric::start_compute(unsigned op, const std::vector<unsigned>& set, double flops) {
    m_ops[op].pending = static_cast<unsigned>(set.size());
    std::vector<unsigned> dead;
    for (unsigned d : set) {
        if (!m_devices[d].alive) {
            dead.push_back(d);
            continue;
        }
        m_devices[d].queue.push_back({op, flops, now()});
        run_next_job(d);
    }
    for (size_t i = 0; i < dead.size(); ++i) op_part_done(op, error_device_lost);
}

void gpu_fabric::run_next_job(unsigned dev) {
    device& d = m_devices[dev];
    if (d.running || d.queue.empty() || !d.alive) return;
    const device::job job = d.queue.front();
    d.running = true;
    const double t = now(), dur = compute_seconds(d.gpu, job.flops);
    d.stall_s += t - job.queued_at;
    if (m_ops[job.op].start < 0) m_ops[job.op].start = t;
    at(t + dur, [this, dev, dur, job] {
        device& dd = m_devices[dev];
        if (!dd.alive) return;  // the loss already failed this job
        dd.queue.pop_front();
        dd.running = false;
        dd.busy_s += dur;
        dd.flops += job.flops;
        op_part_done(job.op, error_none);
        run_next_job(dev);
    });
}

void gpu_fabric::transfer(unsigned src, unsigned dst, double bytes, std::function<void(std::uint32_t)> done) {
    auto& stream = m_streams[{src, dst}];
    stream.push_back({bytes, std::move(done)});
    if (stream.size() == 1) start_stream(src, dst);
}

void gpu_fabric::start_stream(unsigned src, unsigned dst) {
    auto& stream = m_streams[{src, dst}];
    if (stream.empty()) return;
    const double bytes = stream.front().bytes;
    auto finished = [this, src, dst](bool ok) {
        auto& s = m_streams[{src, dst}];
        auto done = std::move(s.front().done);
        s.pop_front();
        // A lost endpoint is reported as such, not as a broken link: the runtime recovers differently from each.
        const std::uint32_t error = !m_devices[src].alive || !m_devices[dst].alive ? error_device_lost
                                    : ok                                           ? error_none
                                                                                   : error_link_down;
        at(now() + route_latency(src, dst), [done, error] { done(error); });
        start_stream(src, dst);
    };
    if (!m_devices[src].alive || !m_devices[dst].alive) return finished(false);
    m_net.start(now(), route(src, dst), bytes, finished);
    reschedule_network();
}

void gpu_fabric::start_allreduce(unsigned op, const std::vector<unsigned>& set, unsigned group, double bytes) {
    operation& o = m_ops[op];
    o.ring = set;
    o.group = group;
    o.bytes = bytes;
    const unsigned groups = static_cast<unsigned>(set.size()) / group;
    o.steps = 2 * (group - 1) + 2 * (groups - 1);
    if (o.steps == 0) finish_op(op);
    else allreduce_step(op);
}

void gpu_fabric::allreduce_step(unsigned op) {
    operation& o = m_ops[op];
    const unsigned k = o.group, g = static_cast<unsigned>(o.ring.size()) / k;
    // Steps [0, k-1) reduce-scatter inside the groups, the next 2(g-1) run the rings across the groups on their
    // shard, the last k-1 all-gather inside the groups.
    const bool across = o.step >= k - 1 && o.step < k - 1 + 2 * (g - 1);
    std::vector<std::pair<unsigned, unsigned>> pairs;
    for (unsigned r = 0; r < g; ++r)
        for (unsigned j = 0; j < k; ++j)
            pairs.emplace_back(o.ring[r * k + j], across ? o.ring[((r + 1) % g) * k + j] : o.ring[r * k + (j + 1) % k]);
    const double chunk = across ? o.bytes / (static_cast<double>(k) * g) : o.bytes / k;
    o.pending = static_cast<unsigned>(pairs.size());
    for (const auto& [src, dst] : pairs)
        transfer(src, dst, chunk, [this, op](std::uint32_t error) {
            operation& oo = m_ops[op];
            if (error && !oo.error) oo.error = error;
            if (--oo.pending > 0) return;
            if (oo.error || ++oo.step == oo.steps) finish_op(op);
            else allreduce_step(op);
        });
}

void gpu_fabric::fluctuate(size_t index) {
    const fluctuation_spec& f = m_spec.fluctuation;
    wan_state& w = m_wan_states[index];
    std::normal_distribution<double> normal(0.0, 1.0);
    std::uniform_real_distribution<double> uniform(0.0, 1.0);
    const double t = now();
    w.x = f.phi * w.x + f.sigma * std::sqrt(std::max(0.0, 1 - f.phi * f.phi)) * normal(w.rng);
    if (t >= w.dip_until && uniform(w.rng) < 1 - std::exp(-f.dip_rate_per_s * f.step_s)) {
        w.dip_factor = 1 - (f.dip_depth_min + (f.dip_depth_max - f.dip_depth_min) * uniform(w.rng));
        w.dip_until = t + std::exponential_distribution<double>(1 / f.dip_mean_s)(w.rng);
    }
    if (t >= w.outage_until && uniform(w.rng) < 1 - std::exp(-f.outage_rate_per_s * f.step_s))
        w.outage_until = t + std::exponential_distribution<double>(1 / f.outage_mean_s)(w.rng);
    double bw = w.base_Bps * std::clamp(1 + w.x, 0.05, 1.2);
    if (t < w.dip_until) bw *= w.dip_factor;
    if (t < w.outage_until) bw = 0;
    if (m_net.resources()[w.resource].up) {
        m_net.set_capacity(t, w.resource, bw);
        reschedule_network();
    }
    at(t + f.step_s, [this, index] { fluctuate(index); });
}

void gpu_fabric::apply_fault(const fault_spec& f) {
    ++m_faults;
    if (f.what == fault_spec::kind::link_down) {
        for (auto [a, b] : {std::pair{f.a, f.b}, std::pair{f.b, f.a}})
            if (m_wan[a][b] >= 0) m_net.fail_resource(now(), static_cast<unsigned>(m_wan[a][b]));
        reschedule_network();
        m_log.warning("WAN link " + m_spec.sites[f.a].name + " <-> " + m_spec.sites[f.b].name + " down");
    } else {
        device& d = m_devices[f.a];
        d.alive = false;
        std::deque<device::job> jobs;
        jobs.swap(d.queue);
        d.running = false;
        for (const device::job& j : jobs) op_part_done(j.op, error_device_lost);
        m_log.warning("device " + std::to_string(f.a) + " lost");
    }
    m_irq_status.set_bits(IRQ_FAULT);
    update_irq();
}

void gpu_fabric::update_irq() {
    if (sc_core::sc_is_running()) m_irq_update.notify(sc_core::SC_ZERO_TIME);
}

void gpu_fabric::drive_irq() { irq.write(m_irq_status.value() != 0 && (m_ctrl.value() & CTRL_IRQ_EN)); }

void gpu_fabric::report_stats(nlohmann::json& out) const {
    peripheral::report_stats(out);
    double wan = 0, nic = 0, busy = 0;
    for (const link_resource& r : m_net.resources()) {
        if (r.tier == tier_wan) wan += r.bytes;
        if (r.tier == tier_nic) nic += r.bytes / 2;  // every LAN byte crosses an up and a down NIC
    }
    for (const device& d : m_devices) busy += d.busy_s;
    out["devices"] = m_devices.size();
    out["compute_ops"] = m_compute_ops;
    out["send_ops"] = m_send_ops;
    out["allreduce_ops"] = m_allreduce_ops;
    out["hierarchical_allreduce_ops"] = m_hier_allreduce_ops;
    out["probe_ops"] = m_probe_ops;
    out["failed_ops"] = m_failed_ops;
    out["wan_bytes"] = wan;
    out["nic_bytes"] = nic;
    out["device_busy_s"] = busy;
    out["faults"] = m_faults;
    out["kernel_events"] = m_events;
}

} // namespace vplab::models::gpufabric
