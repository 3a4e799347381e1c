#include "planner.h"

#include "collectives.h"
#include "traffic.h"

#include <algorithm>
#include <limits>
#include <map>
#include <numeric>
#include <sstream>

namespace vplab::spantrain {

namespace {

constexpr double huge = std::numeric_limits<double>::max();

double slowest(const fabric_profile& prof, const std::vector<unsigned>& devs) {
    double f = huge;
    for (unsigned d : devs) f = std::min(f, prof.flops_per_s[d]);
    return f;
}

double smallest_memory(const fabric_profile& prof, const std::vector<unsigned>& devs) {
    double m = huge;
    for (unsigned d : devs) m = std::min(m, prof.memory_bytes[d]);
    return m;
}

// Each replica's share of a stage: `replicas` runs of equal length, in order.
std::vector<std::vector<unsigned>> replica_groups(const stage_plan& st) {
    const size_t r = std::max(1u, st.replicas), k = st.devices.size() / r;
    std::vector<std::vector<unsigned>> out;
    for (size_t i = 0; i < r; ++i)
        out.emplace_back(st.devices.begin() + static_cast<long>(i * k),
                         st.devices.begin() + static_cast<long>((i + 1) * k));
    return out;
}

// A boundary's message both ways: (latency, seconds per byte) of the slower direction's scattered transfers.
struct boundary_cost {
    double lat_s = 0, s_per_byte = 0;
    double seconds(double bytes) const { return lat_s + bytes * s_per_byte; }
};

boundary_cost boundary_between(const fabric_profile& prof, const std::vector<unsigned>& a,
                               const std::vector<unsigned>& b) {
    const concurrent_cost fwd = concurrent(prof, boundary_flows(a, b)), bwd = concurrent(prof, boundary_flows(b, a));
    return {std::max(fwd.lat_s, bwd.lat_s), std::max(fwd.s_per_byte, bwd.s_per_byte)};
}

std::vector<unsigned> micro_batch_choices(const planner_input& in) {
    if (!in.micro_batch_counts.empty()) return in.micro_batch_counts;
    std::vector<unsigned> out;
    for (unsigned m = 1; m <= in.global_batch; m *= 2)
        if (in.global_batch % m == 0) out.push_back(m);
    return out;
}

// Which schedule's activation memory the partition sizes its ranges for.
enum class held_bound { one_f_one_b, zb_h2 };

// Minimises the pipeline's bottleneck: each chain position either takes a contiguous layer range or none.
std::vector<stage_plan> partition(const std::vector<std::vector<unsigned>>& chain, const planner_input& in,
                                  const fabric_profile& prof, unsigned micro_batches, unsigned replicas,
                                  held_bound bound = held_bound::one_f_one_b, bool respect_memory = true) {
    const double micro_batch = static_cast<double>(in.global_batch) / micro_batches;
    const std::vector<layer_cost> layers = layer_costs(in.model, micro_batch);
    const unsigned n_layers = static_cast<unsigned>(layers.size()), q = static_cast<unsigned>(chain.size());
    std::vector<double> prefix(n_layers + 1, 0);
    for (unsigned l = 0; l < n_layers; ++l)
        prefix[l + 1] = prefix[l] + layers[l].flops_f + layers[l].flops_b + layers[l].flops_w;
    const double msg = boundary_bytes(in.model, micro_batch);
    std::vector<std::vector<double>> hop(q, std::vector<double>(q, huge));  // boundary time between positions
    for (unsigned h = 0; h < q; ++h)
        for (unsigned g = h + 1; g < q; ++g)
            hop[h][g] = std::min(huge / 4, boundary_between(prof, chain[h], chain[g]).seconds(msg));
    // best[g][l]: bottleneck with layers [0, l) placed on chain[0..g], the last used group being g.
    std::vector<std::vector<double>> best(q, std::vector<double>(n_layers + 1, huge));
    std::vector<std::vector<int>> from(q, std::vector<int>(n_layers + 1, -1));
    std::vector<std::vector<int>> prev(q, std::vector<int>(n_layers + 1, -1));
    std::vector<double> param_prefix(n_layers + 1, 0), act_prefix(n_layers + 1, 0);
    for (unsigned l = 0; l < n_layers; ++l) {
        param_prefix[l + 1] = param_prefix[l] + layers[l].params;
        act_prefix[l + 1] = act_prefix[l] + layers[l].act_bytes;
    }
    // A range that cannot fit its devices is ruled out; a stage at chain position g holds at most q - g
    // micro-batches' activations under 1F1B-like schedules, and at most 2q - 1 on every stage under ZB-H2 (upper
    // bounds, since later positions may go unused).
    auto stage_time = [&](unsigned g, unsigned a, unsigned b) {
        const double held = std::min<double>(micro_batches, bound == held_bound::zb_h2 ? 2 * q - 1 : q - g);
        const double mem = (param_prefix[b] - param_prefix[a]) * bytes_per_param_state +
                           (act_prefix[b] - act_prefix[a]) / chain[g].size() * held;
        if (respect_memory && mem > smallest_memory(prof, chain[g])) return huge;
        return (prefix[b] - prefix[a]) / (chain[g].size() * slowest(prof, chain[g]));
    };
    for (unsigned g = 0; g < q; ++g)
        for (unsigned l = 1; l <= n_layers; ++l) {
            const double b0 = stage_time(g, 0, l);
            if (b0 < best[g][l]) {
                best[g][l] = b0;
                from[g][l] = 0;
                prev[g][l] = -1;
            }
            for (unsigned h = 0; h < g; ++h)
                for (unsigned a = 1; a < l; ++a) {
                    if (best[h][a] >= huge) continue;
                    const double c = hop[h][g];
                    const double v = std::max({best[h][a], c, stage_time(g, a, l)});
                    if (v < best[g][l]) {
                        best[g][l] = v;
                        from[g][l] = static_cast<int>(a);
                        prev[g][l] = static_cast<int>(h);
                    }
                }
        }
    unsigned last = 0;
    for (unsigned g = 1; g < q; ++g)
        if (best[g][n_layers] < best[last][n_layers]) last = g;
    // Nothing fits: plan as if memory were unlimited, so that the run goes ahead and reports the violation.
    if (best[last][n_layers] >= huge)
        return respect_memory ? partition(chain, in, prof, micro_batches, replicas, bound, false)
                              : std::vector<stage_plan>{};
    std::vector<stage_plan> stages;
    for (int g = static_cast<int>(last), l = static_cast<int>(n_layers); g >= 0 && l > 0;) {
        const int a = from[static_cast<size_t>(g)][static_cast<size_t>(l)];
        stages.push_back(
            {chain[static_cast<size_t>(g)], static_cast<unsigned>(a), static_cast<unsigned>(l), replicas});
        const int h = prev[static_cast<size_t>(g)][static_cast<size_t>(l)];
        l = a;
        g = h;
    }
    std::reverse(stages.begin(), stages.end());
    return stages;
}

training_plan best_of(std::vector<training_plan> candidates) {
    training_plan best;
    bool have = false;
    for (training_plan& c : candidates) {
        const bool better = !have || (c.memory_ok && !best.memory_ok) ||
                            (c.memory_ok == best.memory_ok && c.predicted_iteration_s < best.predicted_iteration_s);
        if (better) { best = std::move(c); have = true; }
    }
    return best;
}

} // namespace

std::vector<double> sync_seconds(const training_plan& plan, const std::vector<double>& grad_bytes,
                                 const fabric_profile& prof) {
    // Across the replicas, ring j of a stage joins device j of every group (it owns shard j after the reduce-
    // scatter); each of its flows moves a chunk of bytes / (k r) per step, and every stage steps at once.
    std::vector<flow> across_all;
    for (size_t s = 0; s < plan.stages.size(); ++s) {
        const std::vector<std::vector<unsigned>> groups = replica_groups(plan.stages[s]);
        const size_t r = groups.size(), k = groups[0].size();
        if (r < 2) continue;
        for (size_t j = 0; j < k; ++j)
            for (size_t i = 0; i < r; ++i)
                across_all.push_back(
                    {groups[i][j], groups[(i + 1) % r][j], grad_bytes[s] / static_cast<double>(k * r)});
    }
    const concurrent_cost across_step = concurrent(prof, across_all);  // seconds per step, latency apart
    std::vector<double> out;
    for (size_t s = 0; s < plan.stages.size(); ++s) {
        const std::vector<std::vector<unsigned>> groups = replica_groups(plan.stages[s]);
        const unsigned r = static_cast<unsigned>(groups.size()), k = static_cast<unsigned>(groups[0].size());
        const link_ab inside = step_link(prof, ring_flows(groups));
        if (r == 1) {
            out.push_back(ring_allreduce_s(grad_bytes[s], k, inside));
            continue;
        }
        const double chunk = grad_bytes[s] / (static_cast<double>(k) * r);
        const link_ab across{across_step.lat_s, across_step.s_per_byte > 0 ? chunk / across_step.s_per_byte : 1e30};
        out.push_back(hierarchical_allreduce_s(grad_bytes[s], k, r, inside, across));
    }
    return out;
}

pipeline_problem plan_problem(const training_plan& plan, const planner_input& in, const fabric_profile& prof) {
    pipeline_problem pr;
    pr.kind = plan.kind;
    pr.micro_batches = plan.micro_batches;
    const double b = static_cast<double>(in.global_batch) / plan.micro_batches;
    const std::vector<layer_cost> layers = layer_costs(in.model, b);
    std::vector<double> grad_bytes;
    for (size_t s = 0; s < plan.stages.size(); ++s) {
        const stage_plan& st = plan.stages[s];
        const double rate = st.devices.size() * slowest(prof, st.devices);
        stage_cost c;
        double params = 0;
        for (unsigned l = st.layer_begin; l < st.layer_end; ++l) {
            c.f += layers[l].flops_f / rate;
            c.b += layers[l].flops_b / rate;
            c.w += layers[l].flops_w / rate;
            params += layers[l].params;
        }
        pr.stages.push_back(c);
        grad_bytes.push_back(params * bytes_per_grad);
    }
    // A stage sends forward and backward messages from the same devices; when their uplink paces the pipeline both
    // are on it at once, so each boundary is costed sharing its senders' links with the neighbouring boundary.
    const auto& st = plan.stages;
    for (size_t s = 0; s + 1 < st.size(); ++s) {
        const std::vector<flow> fwd = boundary_flows(st[s].devices, st[s + 1].devices),
                                bwd = boundary_flows(st[s + 1].devices, st[s].devices);
        const std::vector<flow> fwd_bg = s > 0 ? boundary_flows(st[s].devices, st[s - 1].devices) : std::vector<flow>{};
        const std::vector<flow> bwd_bg =
            s + 2 < st.size() ? boundary_flows(st[s + 1].devices, st[s + 2].devices) : std::vector<flow>{};
        const concurrent_cost f = concurrent(prof, fwd, fwd_bg), g = concurrent(prof, bwd, bwd_bg);
        pr.transfer_s.push_back(std::min(huge / 4, boundary_bytes(in.model, b) * std::max(f.s_per_byte, g.s_per_byte)));
        pr.latency_s.push_back(std::max(f.lat_s, g.lat_s));
    }
    pr.sync_s = sync_seconds(plan, grad_bytes, prof);
    return pr;
}

schedule_result evaluate_plan(training_plan& plan, const planner_input& in, const fabric_profile& prof) {
    const schedule_result r = simulate_schedule(plan_problem(plan, in, prof));
    plan.predicted_iteration_s = r.iteration_s;
    const double b = static_cast<double>(in.global_batch) / plan.micro_batches;
    const std::vector<layer_cost> layers = layer_costs(in.model, b);
    plan.memory_ok = true;
    plan.peak_memory_bytes.clear();
    for (size_t s = 0; s < plan.stages.size(); ++s) {
        const stage_plan& st = plan.stages[s];
        double params = 0, act = 0;
        for (unsigned l = st.layer_begin; l < st.layer_end; ++l) {
            params += layers[l].params;
            act += layers[l].act_bytes / st.devices.size();
        }
        const double peak = params * bytes_per_param_state + act * r.peak_inflight[s];
        plan.peak_memory_bytes.push_back(peak);
        if (peak > smallest_memory(prof, st.devices)) plan.memory_ok = false;
    }
    return r;
}

training_plan retune_plan(const training_plan& current, const planner_input& in, const fabric_profile& prof) {
    std::vector<training_plan> candidates;
    for (unsigned m : micro_batch_choices(in))
        for (schedule_kind k : in.schedules) {
            training_plan p = current;
            p.micro_batches = m;
            p.kind = k;
            evaluate_plan(p, in, prof);
            candidates.push_back(std::move(p));
        }
    return best_of(std::move(candidates));
}

namespace {

// Chain: the group with the most compute first, then repeatedly the group best connected to the chain's end. More
// groups than a pipeline may have stages: neighbours in the chain (the best connected) merge.
std::vector<std::vector<unsigned>> chain_groups(const fabric_profile& prof,
                                                const std::vector<std::vector<unsigned>>& groups) {
    std::vector<std::vector<unsigned>> chain;
    if (groups.empty()) return chain;
    std::vector<bool> used(groups.size(), false);
    auto power = [&](const std::vector<unsigned>& g) { return g.size() * slowest(prof, g); };
    size_t first = 0;
    for (size_t g = 1; g < groups.size(); ++g)
        if (power(groups[g]) > power(groups[first])) first = g;
    chain.push_back(groups[first]);
    used[first] = true;
    auto link_to = [&](unsigned tail, size_t g) {
        return std::min(prof.bw(tail, groups[g][0]), prof.bw(groups[g][0], tail));
    };
    for (size_t k = 1; k < groups.size(); ++k) {
        const unsigned tail = chain.back()[0];
        size_t pick = groups.size();
        for (size_t g = 0; g < groups.size(); ++g)
            if (!used[g] && (pick == groups.size() || link_to(tail, g) > link_to(tail, pick))) pick = g;
        used[pick] = true;
        chain.push_back(groups[pick]);
    }
    while (chain.size() > max_pipeline_stages) {
        std::vector<std::vector<unsigned>> merged;
        for (size_t i = 0; i < chain.size(); i += 2) {
            merged.push_back(chain[i]);
            if (i + 1 < chain.size())
                merged.back().insert(merged.back().end(), chain[i + 1].begin(), chain[i + 1].end());
        }
        chain = std::move(merged);
    }
    return chain;
}

// Pipelines over one chain per replica (all of the same shape). Compact pipelines: a chain position may also be
// cut into consecutive stages of at most w devices each, so that a large site pipelines inside itself instead of
// paying one all-reduce over all its devices. Position i of every replica is cut alike and the pieces are merged
// replica by replica into one stage whose gradient sync is hierarchical.
void add_pipelines(const std::vector<std::vector<std::vector<unsigned>>>& replica_chains, const planner_input& in,
                   const fabric_profile& prof, std::vector<training_plan>& candidates) {
    size_t widest = 1;
    for (const auto& g : replica_chains[0]) widest = std::max(widest, g.size());
    const unsigned replicas = static_cast<unsigned>(replica_chains.size());
    for (size_t w = 1;; w *= 2) {
        std::vector<std::vector<unsigned>> cut;
        for (const auto& chain : replica_chains) {
            size_t position = 0;
            for (const auto& g : chain)
                for (size_t i = 0; i < g.size(); i += w, ++position) {
                    if (position == cut.size()) cut.emplace_back();
                    cut[position].insert(cut[position].end(), g.begin() + static_cast<long>(i),
                                         g.begin() + static_cast<long>(std::min(g.size(), i + w)));
                }
        }
        if (cut.size() <= max_pipeline_stages)
            for (unsigned m : micro_batch_choices(in)) {
                training_plan p;
                p.stages = partition(cut, in, prof, m, replicas);
                candidates.push_back(retune_plan(p, in, prof));
                // ZB-H2 holds up to 2p - 1 micro-batches on every stage, more than the ranges were sized for: when it
                // does not fit them, also offer a partition sized for it (evaluate_plan checks every candidate's
                // simulated peak against memory either way).
                if (std::find(in.schedules.begin(), in.schedules.end(), schedule_kind::zb_h2) == in.schedules.end())
                    continue;
                p.micro_batches = m;
                p.kind = schedule_kind::zb_h2;
                evaluate_plan(p, in, prof);
                if (p.memory_ok) continue;
                training_plan roomy;
                roomy.stages = partition(cut, in, prof, m, replicas, held_bound::zb_h2);
                candidates.push_back(retune_plan(roomy, in, prof));
            }
        if (w >= widest) break;
    }
}

// Groups of equal size can each carry a replica of the pipeline: for every r dividing their number, r replicas of
// count / r groups each, the groups taken in chain order so that a replica's groups are well connected.
void add_replicated_pipelines(const planner_input& in, const fabric_profile& prof,
                              const std::vector<device_group>& groups, std::vector<training_plan>& candidates) {
    std::map<size_t, std::vector<std::vector<unsigned>>> by_size;
    for (const device_group& g : groups) by_size[g.devices.size()].push_back(g.devices);
    for (const auto& [size, same] : by_size) {
        if (same.size() < 2) continue;
        const std::vector<std::vector<unsigned>> order = chain_groups(prof, same);
        if (order.size() != same.size()) continue;  // merged: too many groups for one chain
        for (size_t r = 2; r <= same.size(); ++r) {
            if (same.size() % r) continue;
            const size_t per = same.size() / r;
            std::vector<std::vector<std::vector<unsigned>>> replica_chains;
            for (size_t i = 0; i < r; ++i)
                replica_chains.push_back(chain_groups(
                    prof, std::vector<std::vector<unsigned>>(order.begin() + static_cast<long>(i * per),
                                                             order.begin() + static_cast<long>((i + 1) * per))));
            add_pipelines(replica_chains, in, prof, candidates);
        }
    }
}

} // namespace

training_plan plan_spantrain(const planner_input& in, const fabric_profile& prof,
                             const std::vector<device_group>& groups) {
    if (groups.empty()) return {};
    std::vector<std::vector<unsigned>> all;
    for (const device_group& g : groups) all.push_back(g.devices);
    std::vector<training_plan> candidates;
    add_pipelines({chain_groups(prof, all)}, in, prof, candidates);
    add_replicated_pipelines(in, prof, groups, candidates);
    return best_of(std::move(candidates));
}

training_plan plan_ddp(const planner_input& in, const fabric_profile& prof, const std::vector<unsigned>& devices) {
    training_plan p;
    p.stages.push_back({devices, 0, in.model.layers});
    p.micro_batches = 1;
    p.kind = schedule_kind::one_f_one_b;
    evaluate_plan(p, in, prof);
    return p;
}

training_plan plan_ddp_hierarchical(const planner_input& in, const fabric_profile& prof,
                                    const std::vector<device_group>& groups) {
    std::map<unsigned, std::vector<unsigned>> network;
    for (const device_group& g : groups)
        network[g.network_group].insert(network[g.network_group].end(), g.devices.begin(), g.devices.end());
    training_plan p;
    p.stages.push_back({{}, 0, in.model.layers, 1});
    size_t k = 0;
    for (auto& [id, devs] : network) {
        std::sort(devs.begin(), devs.end());
        p.stages[0].devices.insert(p.stages[0].devices.end(), devs.begin(), devs.end());
        k = std::gcd(k, devs.size());
    }
    if (k > 0) p.stages[0].replicas = static_cast<unsigned>(p.stages[0].devices.size() / k);
    // Gradient accumulation, as a practitioner would use it: the fewest micro-batches whose activations fit.
    planner_input fixed = in;
    fixed.schedules = {schedule_kind::one_f_one_b};
    return retune_plan(p, fixed, prof);
}

training_plan plan_even(const planner_input& in, const fabric_profile& prof, const std::vector<unsigned>& devices,
                        schedule_kind kind) {
    const unsigned n = static_cast<unsigned>(devices.size()),
                   q = std::min({n, in.model.layers, static_cast<unsigned>(max_pipeline_stages)});
    training_plan p;
    for (unsigned s = 0; s < q; ++s) {
        stage_plan st;
        for (unsigned i = s; i < n; i += q) st.devices.push_back(devices[i]);
        st.layer_begin = s * in.model.layers / q;
        st.layer_end = (s + 1) * in.model.layers / q;
        p.stages.push_back(st);
    }
    planner_input fixed = in;
    fixed.schedules = {kind};
    return retune_plan(p, fixed, prof);
}

training_plan plan_zb_ungrouped(const planner_input& in, const fabric_profile& prof,
                                const std::vector<unsigned>& devices) {
    const unsigned n = static_cast<unsigned>(devices.size()),
                   q = std::min({n, in.model.layers, static_cast<unsigned>(max_pipeline_stages)});
    std::vector<std::vector<unsigned>> chain(q);
    for (unsigned i = 0; i < n; ++i) chain[i % q].push_back(devices[i]);
    planner_input fixed = in;
    fixed.schedules = {schedule_kind::zb_h1};
    std::vector<training_plan> candidates;
    for (unsigned m : micro_batch_choices(in)) {
        training_plan p;
        p.stages = partition(chain, in, prof, m, 1);
        candidates.push_back(retune_plan(p, fixed, prof));
    }
    return best_of(std::move(candidates));
}

std::string describe_plan(const training_plan& plan) {
    std::ostringstream os;
    os << plan.stages.size() << " stages, m=" << plan.micro_batches << ", " << schedule_name(plan.kind) << ":";
    for (const stage_plan& s : plan.stages) {
        os << " [L" << s.layer_begin << "-" << s.layer_end << " x";
        if (s.replicas > 1) os << s.replicas << "x" << s.devices.size() / s.replicas << "]";
        else os << s.devices.size() << "]";
    }
    return os.str();
}

} // namespace vplab::spantrain
