#include "train_app.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <nlohmann/json.hpp>
#include <numeric>
#include <spantrain/traffic.h>
#include <sstream>

namespace vplab::apps {

namespace {

using drivers::fabric_driver;
namespace st = spantrain;

constexpr unsigned max_stage_sets = 63;  // stage s uses set s + 1 (set 0 stays free)

enum class ev_kind : unsigned { compute, send_fwd, send_bwd, allreduce };

struct issued {
    ev_kind kind;
    unsigned stage, mb;
    st::op_kind op;
    bool fused;
    unsigned src = 0, dst = 0;  // a message part's devices
    bool shown = false;         // the part the timeline shows for its message
};

struct iteration_result {
    bool ok = false;
    double start_s = 0, end_s = 0;
    double busy_s = 0, span_s = 0;  // compute busy summed over stages, first compute start to last end
    unsigned stages = 0;
};

// Everything the executor needs about the current plan, computed once per plan.
struct prepared_plan {
    st::training_plan plan;
    std::vector<std::vector<st::scheduled_op>> order;
    std::vector<double> flops_f, flops_b, flops_w, grad_bytes;  // per stage, per device of the stage
    double act_bytes = 0;
    std::vector<std::vector<st::flow>> boundary;  // per boundary s -> s+1: the message's parts (scatter/gather)
};

prepared_plan prepare(const st::training_plan& plan, const st::planner_input& in, const st::fabric_profile& prof) {
    prepared_plan pp;
    pp.plan = plan;
    pp.order = st::simulate_schedule(st::plan_problem(plan, in, prof)).per_stage;
    const double b = static_cast<double>(in.global_batch) / plan.micro_batches;
    const auto layers = st::layer_costs(in.model, b);
    for (const st::stage_plan& s : plan.stages) {
        double f = 0, bb = 0, w = 0, params = 0;
        for (unsigned l = s.layer_begin; l < s.layer_end; ++l) {
            f += layers[l].flops_f;
            bb += layers[l].flops_b;
            w += layers[l].flops_w;
            params += layers[l].params;
        }
        const double k = static_cast<double>(s.devices.size());
        pp.flops_f.push_back(f / k);
        pp.flops_b.push_back(bb / k);
        pp.flops_w.push_back(w / k);
        pp.grad_bytes.push_back(params * st::bytes_per_grad);
    }
    pp.act_bytes = st::boundary_bytes(in.model, b);
    for (size_t s = 0; s + 1 < plan.stages.size(); ++s)
        pp.boundary.push_back(st::boundary_flows(plan.stages[s].devices, plan.stages[s + 1].devices));
    return pp;
}

class trainer {
public:
    trainer(hal::mmio& bus, fabric_driver& fabric, const train_params& p, profile_outcome& profile)
        : m_bus(bus), m_fabric(fabric), m_p(p), m_profile(profile), m_assumed(profile.prof) {}

    train_outcome run();

private:
    st::training_plan make_plan(const st::fabric_profile& prof, const std::vector<bool>& excluded);
    bool install(const st::training_plan& plan, const st::fabric_profile& prof);
    iteration_result run_iteration(unsigned iter, bool record);
    void note_failures();
    std::vector<bool> excluded_devices() const;
    st::fabric_profile measure_links(const std::vector<fabric_driver::link_counters>& before,
                                     const std::vector<fabric_driver::link_counters>& after) const;
    std::vector<fabric_driver::link_counters> read_links();
    double migrate(const st::training_plan& from, const st::training_plan& to);
    void timeline_event(const std::string& name, unsigned tid, const fabric_driver::completion& c);

    hal::mmio& m_bus;
    fabric_driver& m_fabric;
    const train_params& m_p;
    profile_outcome& m_profile;
    st::fabric_profile m_assumed;  // what the current plan was made for
    prepared_plan m_pp;
    bool m_memory_ok = true;
    unsigned m_replans = 0, m_fault_replans = 0;
    std::map<std::pair<unsigned, unsigned>, unsigned> m_committed;  // (iteration, micro-batch) -> times
    std::vector<unsigned> m_expected;                                // micro-batches of each iteration's plan
    nlohmann::json m_trace = nlohmann::json::array();
    std::string m_failure;
};

std::vector<bool> trainer::excluded_devices() const {
    const unsigned n = m_assumed.devices;
    std::vector<bool> out(n, false);
    for (unsigned d = 0; d < n; ++d) out[d] = !m_profile.alive[d];
    // Keep the largest set of devices that still reach each other both ways.
    std::vector<int> comp(n, -1);
    int best = -1;
    size_t best_size = 0;
    for (unsigned s = 0, c = 0; s < n; ++s) {
        if (out[s] || comp[s] >= 0) continue;
        std::vector<unsigned> stack{s}, members;
        comp[s] = static_cast<int>(c);
        while (!stack.empty()) {
            const unsigned a = stack.back();
            stack.pop_back();
            members.push_back(a);
            for (unsigned b = 0; b < n; ++b)
                if (!out[b] && comp[b] < 0 && m_assumed.bw(a, b) > 0 && m_assumed.bw(b, a) > 0) {
                    comp[b] = static_cast<int>(c);
                    stack.push_back(b);
                }
        }
        if (members.size() > best_size) best_size = members.size(), best = static_cast<int>(c);
        ++c;
    }
    for (unsigned d = 0; d < n; ++d) out[d] = out[d] || comp[d] != best;
    return out;
}

st::training_plan trainer::make_plan(const st::fabric_profile& prof, const std::vector<bool>& excluded) {
    std::vector<unsigned> devices;
    for (unsigned d = 0; d < prof.devices; ++d)
        if (!excluded[d]) devices.push_back(d);
    const std::string& r = m_p.runtime;
    if (r == "ddp") return st::plan_ddp(m_p.plan, prof, devices);
    if (r == "ddp-hier")
        return st::plan_ddp_hierarchical(m_p.plan, prof, st::group_devices(prof, m_p.grouping, excluded));
    if (r == "gpipe") return st::plan_even(m_p.plan, prof, devices, st::schedule_kind::gpipe);
    if (r == "1f1b") return st::plan_even(m_p.plan, prof, devices, st::schedule_kind::one_f_one_b);
    if (r == "zb-h1") return st::plan_zb_ungrouped(m_p.plan, prof, devices);
    return st::plan_spantrain(m_p.plan, prof, st::group_devices(prof, m_p.grouping, excluded));
}

bool trainer::install(const st::training_plan& plan, const st::fabric_profile& prof) {
    if (plan.stages.empty() || plan.stages.size() > max_stage_sets) {
        m_failure = "plan has " + std::to_string(plan.stages.size()) + " stages (1 to " +
                    std::to_string(max_stage_sets) + " supported)";
        return false;
    }
    m_pp = prepare(plan, m_p.plan, prof);
    m_memory_ok = m_memory_ok && plan.memory_ok;
    for (unsigned s = 0; s < plan.stages.size(); ++s) {
        const auto& devs = plan.stages[s].devices;
        if (m_fabric.define_set(s + 1, devs.data(), devs.size())) {
            m_failure = "the fabric refused device set " + std::to_string(s + 1);
            return false;
        }
    }
    return true;
}

void trainer::timeline_event(const std::string& name, unsigned tid, const fabric_driver::completion& c) {
    if (m_trace.size() >= 50000) return;
    m_trace.push_back({{"name", name},
                       {"ph", "X"},
                       {"pid", 0},
                       {"tid", tid},
                       {"ts", static_cast<double>(c.start_ns) / 1000.0},
                       {"dur", static_cast<double>(c.end_ns - c.start_ns) / 1000.0}});
}

iteration_result trainer::run_iteration(unsigned iter, bool record) {
    const st::training_plan& plan = m_pp.plan;
    const unsigned q = static_cast<unsigned>(plan.stages.size()), m = plan.micro_batches;
    iteration_result res;
    res.stages = q;
    res.start_s = m_bus.now_ns() * 1e-9;
    std::vector<issued> ops;
    std::vector<size_t> cursor(q, 0), computes_left(q, 0);
    std::vector<std::vector<bool>> act_in(q, std::vector<bool>(m, false)), grad_in(q, std::vector<bool>(m, false));
    // Parts of each message still on their way, per receiving stage and micro-batch.
    std::vector<std::vector<unsigned>> act_parts(q, std::vector<unsigned>(m, 0)),
        grad_parts(q, std::vector<unsigned>(m, 0));
    for (unsigned s = 0; s < q; ++s) computes_left[s] = m_pp.order[s].size();
    unsigned in_flight = 0;
    bool failed = false;
    double first_compute = -1, last_compute = 0;
    auto issue = [&](issued what, std::uint32_t err) {
        if (err) failed = true;
        else ++in_flight;
        ops.push_back(what);
    };
    auto try_stage = [&](unsigned s) {
        while (!failed && cursor[s] < m_pp.order[s].size()) {
            const st::scheduled_op& op = m_pp.order[s][cursor[s]];
            if (op.kind == st::op_kind::f && s > 0 && !act_in[s][op.micro_batch]) return;
            if (op.kind == st::op_kind::b && s + 1 < q && !grad_in[s][op.micro_batch]) return;
            const double flops = op.kind == st::op_kind::f ? m_pp.flops_f[s]
                                 : op.kind == st::op_kind::w ? m_pp.flops_w[s]
                                 : m_pp.flops_b[s] + (op.fused_w ? m_pp.flops_w[s] : 0.0);
            const std::uint32_t phase = op.kind == st::op_kind::f ? regs::gpufabric::phase_f
                                        : op.kind == st::op_kind::w ? regs::gpufabric::phase_w
                                        : op.fused_w ? regs::gpufabric::phase_bw : regs::gpufabric::phase_b;
            const auto tag = static_cast<std::uint32_t>(ops.size());
            issue({ev_kind::compute, s, op.micro_batch, op.kind, op.fused_w},
                  m_fabric.compute(s + 1, static_cast<std::uint64_t>(std::max(1.0, flops)), phase, tag));
            ++cursor[s];
        }
    };
    // Each device sends its slice of the micro-batch to the devices of the next stage that hold it. The fabric
    // keeps one stream per device pair, so the parts between two devices go back to back in issue order.
    auto send = [&](bool forward, unsigned s, unsigned j) {
        const unsigned to = forward ? s + 1 : s - 1;
        auto& parts = forward ? act_parts[to][j] : grad_parts[to][j];
        bool first = true;
        for (const st::flow& f : m_pp.boundary[forward ? s : to]) {
            const unsigned src = forward ? f.src : f.dst, dst = forward ? f.dst : f.src;
            const auto bytes = static_cast<std::uint64_t>(std::max(1.0, std::round(m_pp.act_bytes * f.share)));
            issue({forward ? ev_kind::send_fwd : ev_kind::send_bwd, s, j, st::op_kind::f, false, src, dst, first},
                  m_fabric.send(src, dst, bytes, static_cast<std::uint32_t>(ops.size())));
            first = false;
            ++parts;
        }
    };
    for (unsigned s = 0; s < q; ++s) try_stage(s);
    std::vector<fabric_driver::completion> done(256);
    while (in_flight > 0) {
        const size_t got = m_fabric.wait_completions(done.data(), done.size(), m_p.timeout_ns);
        if (got == 0) {
            m_failure = "no completion within the timeout";
            return res;
        }
        for (size_t i = 0; i < got; ++i) {
            const auto& c = done[i];
            --in_flight;
            if (c.tag >= ops.size()) continue;
            const issued what = ops[c.tag];
            if (c.status) {
                failed = true;
                continue;
            }
            if (failed) continue;
            const unsigned s = what.stage, j = what.mb;
            if (what.kind == ev_kind::compute) {
                const double t0 = c.start_ns * 1e-9, t1 = c.end_ns * 1e-9;
                res.busy_s += t1 - t0;
                first_compute = first_compute < 0 ? t0 : std::min(first_compute, t0);
                last_compute = std::max(last_compute, t1);
                if (record) {
                    const char* k = what.op == st::op_kind::f   ? "F"
                                    : what.op == st::op_kind::w ? "W"
                                    : what.fused                ? "BW"
                                                                : "B";
                    timeline_event(std::string(k) + std::to_string(j) + " it" + std::to_string(iter), s, c);
                }
                if (what.op == st::op_kind::f && s + 1 < q) send(true, s, j);
                if (what.op == st::op_kind::b && s > 0) send(false, s, j);
                if (--computes_left[s] == 0 && plan.stages[s].devices.size() > 1) {
                    const st::stage_plan& stage = plan.stages[s];
                    const auto bytes = static_cast<std::uint64_t>(m_pp.grad_bytes[s]);
                    const auto tag = static_cast<std::uint32_t>(ops.size());
                    const unsigned group = static_cast<unsigned>(stage.devices.size() / stage.replicas);
                    issue({ev_kind::allreduce, s, 0, what.op, false},
                          stage.replicas > 1 ? m_fabric.allreduce_hierarchical(s + 1, group, bytes, tag)
                                             : m_fabric.allreduce(s + 1, bytes, tag));
                }
            } else if (what.kind == ev_kind::send_fwd) {
                if (record && what.shown) timeline_event("act" + std::to_string(j), 1000 + s, c);
                if (--act_parts[s + 1][j] == 0) {
                    act_in[s + 1][j] = true;
                    try_stage(s + 1);
                }
            } else if (what.kind == ev_kind::send_bwd) {
                if (record && what.shown) timeline_event("grad" + std::to_string(j), 2000 + s, c);
                if (--grad_parts[s - 1][j] == 0) {
                    grad_in[s - 1][j] = true;
                    try_stage(s - 1);
                }
            } else if (record) {
                timeline_event("allreduce", 3000 + s, c);
            }
        }
    }
    res.end_s = m_bus.now_ns() * 1e-9;
    res.span_s = first_compute < 0 ? 0 : last_compute - first_compute;
    res.ok = !failed;
    for (unsigned s = 0; s < q && res.ok; ++s) res.ok = cursor[s] == m_pp.order[s].size() && computes_left[s] == 0;
    return res;
}

// A failed iteration: devices the fabric reports lost, and links reported down, leave the profile.
void trainer::note_failures() {
    const unsigned n = m_assumed.devices;
    for (unsigned d = 0; d < n; ++d)
        if (m_profile.alive[d] && !m_fabric.device(d).alive) m_profile.alive[d] = false;
    std::vector<bool> down(m_fabric.link_count(), false);
    for (unsigned l = 0; l < down.size(); ++l) down[l] = !m_fabric.link(l).up;
    // The fabric says which links are down; a pair is cut when any link of its route is (its narrowest, or another
    // one: a WAN link behind slower NICs).
    const st::fabric_profile& prof = m_profile.prof;
    auto is_down = [&](unsigned l) { return l < down.size() && down[l]; };
    for (size_t i = 0; i < size_t{n} * n; ++i) {
        bool cut = is_down(prof.link_id[i]);
        if (!prof.route_of.empty())
            for (unsigned l : prof.routes[prof.route_of[i]]) cut = cut || is_down(l);
        if (cut) {
            m_assumed.bw_Bps[i] = 0;
            m_profile.prof.bw_Bps[i] = 0;
        }
    }
}

std::vector<fabric_driver::link_counters> trainer::read_links() {
    std::vector<fabric_driver::link_counters> out;
    const unsigned n = m_fabric.link_count();
    for (unsigned l = 0; l < n; ++l) out.push_back(m_fabric.link(l));
    return out;
}

// The narrowest link of every device pair carrying a boundary: capacity = bytes moved / time busy over the
// iteration. Every device pair whose traffic takes that link is scaled by the same ratio.
st::fabric_profile trainer::measure_links(const std::vector<fabric_driver::link_counters>& before,
                                          const std::vector<fabric_driver::link_counters>& after) const {
    st::fabric_profile measured = m_assumed;
    const unsigned n = m_assumed.devices;
    std::map<unsigned, double> ratio;
    for (const auto& parts : m_pp.boundary)
        for (const st::flow& f : parts)
            for (auto [a, b] : {std::pair{f.src, f.dst}, std::pair{f.dst, f.src}}) {
                const unsigned l = m_profile.prof.link_id[size_t{a} * n + b];
                // Device ports are never the WAN question, and a link that barely carried anything says little.
                if (l >= after.size() || after[l].tier == regs::gpufabric::tier_port) continue;
                const double bytes = static_cast<double>(after[l].bytes - before[l].bytes);
                const double busy = (after[l].busy_ns - before[l].busy_ns) * 1e-9;
                if (busy < 1e-3 || bytes < 1e5 || m_assumed.bw(a, b) <= 0) continue;
                ratio[l] = (bytes / busy) / m_assumed.bw(a, b);
            }
    for (size_t i = 0; i < size_t{n} * n; ++i) {
        const auto it = ratio.find(m_profile.prof.link_id[i]);
        if (it != ratio.end()) measured.bw_Bps[i] = m_assumed.bw_Bps[i] * it->second;
    }
    return measured;
}

// Moves the optimizer state of every layer whose leader changes, per (old, new) leader pair in one transfer.
double trainer::migrate(const st::training_plan& from, const st::training_plan& to) {
    const auto layers = st::layer_costs(m_p.plan.model, 1);
    auto leader = [](const st::training_plan& p, unsigned l) {
        for (const auto& s : p.stages)
            if (l >= s.layer_begin && l < s.layer_end) return s.devices[0];
        return 0u;
    };
    std::map<std::pair<unsigned, unsigned>, double> moves;
    for (unsigned l = 0; l < layers.size(); ++l) {
        const unsigned a = leader(from, l), b = leader(to, l);
        if (a != b && m_profile.alive[a]) moves[{a, b}] += layers[l].params * st::bytes_per_param_state;
    }
    const double t0 = m_bus.now_ns() * 1e-9;
    unsigned pending = 0;
    for (const auto& [pair, bytes] : moves)
        if (!m_fabric.send(pair.first, pair.second, static_cast<std::uint64_t>(bytes), 0xffffffffu)) ++pending;
    std::vector<fabric_driver::completion> done(64);
    while (pending > 0) {
        const size_t got = m_fabric.wait_completions(done.data(), done.size(), m_p.timeout_ns);
        if (got == 0) break;
        pending -= static_cast<unsigned>(std::min<size_t>(got, pending));
    }
    return m_bus.now_ns() * 1e-9 - t0;
}

train_outcome trainer::run() {
    train_outcome out;
    app_report& rep = out.report;
    std::vector<bool> excluded = excluded_devices();
    st::training_plan plan = make_plan(m_assumed, excluded);
    if (!install(plan, m_assumed)) {
        rep.device_error = true;
        rep.message = m_failure;
        return out;
    }
    const std::string first_plan = st::describe_plan(plan);
    const auto links_start = read_links();
    std::vector<std::uint64_t> busy_start;
    for (unsigned d = 0; d < m_assumed.devices; ++d) busy_start.push_back(m_fabric.device(d).busy_ns);
    const double t_start = m_bus.now_ns() * 1e-9;
    std::vector<double> durations;
    double bubble_sum = 0, migration_s = 0;
    std::ostringstream csv;
    csv << "iteration,end_s,iteration_s,stages,micro_batches,schedule,replans,plan\n";
    for (unsigned it = 0; it < m_p.iterations; ++it) {
        const auto links_before = read_links();
        iteration_result r;
        double start_s = 0;  // of the first attempt: a fault's failed attempt and migration are part of the iteration
        for (unsigned attempt = 0;; ++attempt) {
            r = run_iteration(it, it < m_p.timeline_iterations && attempt == 0);
            if (attempt == 0) start_s = r.start_s;
            if (r.ok || !m_failure.empty() || attempt >= m_p.max_recoveries) break;
            // A fault: re-plan on what remains; the iteration's micro-batches run again from the start.
            note_failures();
            ++m_replans;
            ++m_fault_replans;
            const st::training_plan old = m_pp.plan;
            excluded = excluded_devices();
            plan = make_plan(m_assumed, excluded);
            if (!install(plan, m_assumed)) break;
            migration_s += migrate(old, plan);
        }
        if (!r.ok) {
            rep.device_error = true;
            rep.message = m_failure.empty() ? "iteration " + std::to_string(it) + " failed and could not recover"
                                            : m_failure;
            return out;
        }
        for (unsigned j = 0; j < m_pp.plan.micro_batches; ++j) ++m_committed[{it, j}];
        m_expected.push_back(m_pp.plan.micro_batches);
        durations.push_back(r.end_s - start_s);
        bubble_sum += r.span_s > 0 ? 1.0 - r.busy_s / (r.stages * r.span_s) : 0.0;
        csv << it << "," << r.end_s << "," << r.end_s - start_s << "," << m_pp.plan.stages.size() << ","
            << m_pp.plan.micro_batches << "," << st::schedule_name(m_pp.plan.kind) << "," << m_replans << ",\""
            << st::describe_plan(m_pp.plan) << "\"\n";

        if (m_p.runtime == "spantrain" && m_p.adapt && it + 1 < m_p.iterations) {
            const auto links_after = read_links();
            const st::fabric_profile measured = measure_links(links_before, links_after);
            if (st::bandwidth_moved(m_pp.plan, m_assumed, measured, m_p.adapter)) {
                const st::adapt_decision d = st::adapt(m_pp.plan, m_p.plan, measured,
                                                       st::group_devices(measured, m_p.grouping, excluded),
                                                       m_p.iterations - it - 1);
                m_assumed = measured;
                if (d.action != st::adapt_action::stay) {
                    ++m_replans;
                    const st::training_plan old = m_pp.plan;
                    if (!install(d.plan, m_assumed)) break;
                    if (d.action == st::adapt_action::repartition) migration_s += migrate(old, d.plan);
                } else {
                    m_pp = prepare(m_pp.plan, m_p.plan, m_assumed);
                }
            }
        }
    }
    const double t_end = m_bus.now_ns() * 1e-9, wall = t_end - t_start;
    const auto links_end = read_links();
    double wan = 0;
    for (size_t l = 0; l < links_end.size(); ++l)
        if (links_end[l].tier == regs::gpufabric::tier_wan)
            wan += static_cast<double>(links_end[l].bytes - links_start[l].bytes);
    double busy = 0;
    for (unsigned d = 0; d < m_assumed.devices; ++d) busy += (m_fabric.device(d).busy_ns - busy_start[d]) * 1e-9;

    // Every iteration committed each of its micro-batches once: none lost to a fault, none counted twice.
    bool exactly_once = m_expected.size() == m_p.iterations;
    std::map<unsigned, unsigned> per_iteration;
    for (const auto& [key, times] : m_committed) {
        exactly_once = exactly_once && times == 1;
        ++per_iteration[key.first];
    }
    for (unsigned it = 0; it < m_expected.size() && exactly_once; ++it)
        exactly_once = per_iteration[it] == m_expected[it];
    std::vector<double> sorted = durations;
    std::sort(sorted.begin(), sorted.end());
    const double mean =
        std::accumulate(durations.begin(), durations.end(), 0.0) / std::max<size_t>(1, durations.size());
    const double p95 = sorted.empty() ? 0 : sorted[std::min(sorted.size() - 1,
                                                            static_cast<size_t>(std::ceil(0.95 * sorted.size())) - 1)];
    rep.verified = exactly_once && m_memory_ok;
    rep.metrics["throughput_samples_per_s"] = wall > 0 ? m_p.iterations * double(m_p.plan.global_batch) / wall : 0.0;
    rep.metrics["iteration_time_s"] = mean;
    rep.metrics["iteration_time_p95_s"] = p95;
    rep.metrics["bubble_fraction"] = durations.empty() ? 0.0 : bubble_sum / durations.size();
    rep.metrics["wan_bytes"] = wan;
    rep.metrics["device_utilization"] = wall > 0 ? busy / (m_assumed.devices * wall) : 0.0;
    rep.metrics["replans"] = m_replans;
    rep.metrics["fault_replans"] = m_fault_replans;
    rep.metrics["migration_s"] = migration_s;
    rep.metrics["verified"] = rep.verified;
    rep.metrics["memory_ok"] = m_memory_ok;
    rep.metrics["micro_batches_committed"] = m_committed.size();
    rep.metrics["stages"] = m_pp.plan.stages.size();
    rep.metrics["micro_batches"] = m_pp.plan.micro_batches;
    rep.metrics["schedule"] = st::schedule_name(m_pp.plan.kind);
    rep.metrics["predicted_iteration_s"] = m_pp.plan.predicted_iteration_s;
    rep.metrics["training_s"] = wall;
    rep.metrics["probes"] = m_profile.probes;
    rep.message = m_p.runtime + ": " + first_plan + (rep.verified ? ", verified" : ", NOT verified");
    nlohmann::json trace = {{"traceEvents", m_trace}, {"displayTimeUnit", "ms"}};
    out.timeline_json = trace.dump();
    out.iterations_csv = csv.str();
    return out;
}

} // namespace

train_outcome run_train_app(hal::mmio& bus, const train_params& p) {
    train_outcome out;
    fabric_driver fabric(bus, p.device_base, p.irq_line);
    if (!fabric.probe()) {
        out.report.device_error = true;
        out.report.message = "no GPU fabric at the configured address";
        return out;
    }
    profile_outcome profile = run_profiler(fabric, p.profiler);
    if (!profile.ok) {
        out.report.device_error = true;
        out.report.message = profile.error;
        return out;
    }
    trainer t(bus, fabric, p, profile);
    return t.run();
}

} // namespace vplab::apps
