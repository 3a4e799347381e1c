#include "planner.h"

#include "collectives.h"

#include <algorithm>
#include <limits>
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

// The ring over the group's devices in id order: its slowest link and largest latency.
link_ab ring_link(const fabric_profile& prof, const std::vector<unsigned>& devs) {
    link_ab l{0, huge};
    for (size_t i = 0; i < devs.size() && devs.size() > 1; ++i) {
        const unsigned a = devs[i], b = devs[(i + 1) % devs.size()];
        l.lat_s = std::max(l.lat_s, prof.lat(a, b));
        l.bw_Bps = std::min(l.bw_Bps, prof.bw(a, b));
    }
    if (l.bw_Bps <= 0) l.bw_Bps = 1e-9;
    return l;
}

double boundary_s(const fabric_profile& prof, unsigned a, unsigned b, double bytes) {
    const double fwd = prof.bw(a, b), bwd = prof.bw(b, a);
    if (fwd <= 0 || bwd <= 0) return huge / 4;
    return std::max(prof.lat(a, b) + bytes / fwd, prof.lat(b, a) + bytes / bwd);
}

std::vector<unsigned> micro_batch_choices(const planner_input& in) {
    if (!in.micro_batch_counts.empty()) return in.micro_batch_counts;
    std::vector<unsigned> out;
    for (unsigned m = 1; m <= in.global_batch; m *= 2)
        if (in.global_batch % m == 0) out.push_back(m);
    return out;
}

// Minimises the pipeline's bottleneck: each chain position either takes a contiguous layer range or none.
std::vector<stage_plan> partition(const std::vector<std::vector<unsigned>>& chain, const planner_input& in,
                                  const fabric_profile& prof, unsigned micro_batches, bool respect_memory = true) {
    const double micro_batch = static_cast<double>(in.global_batch) / micro_batches;
    const std::vector<layer_cost> layers = layer_costs(in.model, micro_batch);
    const unsigned n_layers = static_cast<unsigned>(layers.size()), q = static_cast<unsigned>(chain.size());
    std::vector<double> prefix(n_layers + 1, 0);
    for (unsigned l = 0; l < n_layers; ++l)
        prefix[l + 1] = prefix[l] + layers[l].flops_f + layers[l].flops_b + layers[l].flops_w;
    const double msg = boundary_bytes(in.model, micro_batch);
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
    // micro-batches' activations under 1F1B-like schedules (an upper bound, since later positions may go unused).
    auto stage_time = [&](unsigned g, unsigned a, unsigned b) {
        const double held = std::min<double>(micro_batches, q - g);
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
                    const double c = boundary_s(prof, chain[h][0], chain[g][0], msg);
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
    if (best[last][n_layers] >= huge) return respect_memory ? partition(chain, in, prof, micro_batches, false)
                                                              : std::vector<stage_plan>{};
    std::vector<stage_plan> stages;
    for (int g = static_cast<int>(last), l = static_cast<int>(n_layers); g >= 0 && l > 0;) {
        const int a = from[static_cast<size_t>(g)][static_cast<size_t>(l)];
        stages.push_back({chain[static_cast<size_t>(g)], static_cast<unsigned>(a), static_cast<unsigned>(l)});
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

pipeline_problem plan_problem(const training_plan& plan, const planner_input& in, const fabric_profile& prof) {
    pipeline_problem pr;
    pr.kind = plan.kind;
    pr.micro_batches = plan.micro_batches;
    const double b = static_cast<double>(in.global_batch) / plan.micro_batches;
    const std::vector<layer_cost> layers = layer_costs(in.model, b);
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
        pr.sync_s.push_back(ring_allreduce_s(params * bytes_per_grad, static_cast<unsigned>(st.devices.size()),
                                             ring_link(prof, st.devices)));
        if (s + 1 < plan.stages.size()) {
            const unsigned x = st.devices[0], y = plan.stages[s + 1].devices[0];
            const double bw = std::min(prof.bw(x, y), prof.bw(y, x));
            pr.transfer_s.push_back(bw > 0 ? boundary_bytes(in.model, b) / bw : huge / 4);
            pr.latency_s.push_back(std::max(prof.lat(x, y), prof.lat(y, x)));
        }
    }
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

training_plan plan_spantrain(const planner_input& in, const fabric_profile& prof,
                             const std::vector<device_group>& groups) {
    // Chain: the group with the most compute first, then repeatedly the group best connected to the chain's end.
    std::vector<std::vector<unsigned>> chain;
    if (groups.empty()) return {};
    std::vector<bool> used(groups.size(), false);
    auto power = [&](const device_group& g) { return g.devices.size() * slowest(prof, g.devices); };
    size_t first = 0;
    for (size_t g = 1; g < groups.size(); ++g)
        if (power(groups[g]) > power(groups[first])) first = g;
    chain.push_back(groups[first].devices);
    used[first] = true;
    auto link_to = [&](unsigned tail, size_t g) {
        return std::min(prof.bw(tail, groups[g].devices[0]), prof.bw(groups[g].devices[0], tail));
    };
    for (size_t k = 1; k < groups.size(); ++k) {
        const unsigned tail = chain.back()[0];
        size_t pick = groups.size();
        for (size_t g = 0; g < groups.size(); ++g)
            if (!used[g] && (pick == groups.size() || link_to(tail, g) > link_to(tail, pick))) pick = g;
        used[pick] = true;
        chain.push_back(groups[pick].devices);
    }
    // More groups than a pipeline may have stages: merge neighbours in the chain (they are the best connected).
    while (chain.size() > max_pipeline_stages) {
        std::vector<std::vector<unsigned>> merged;
        for (size_t i = 0; i < chain.size(); i += 2) {
            merged.push_back(chain[i]);
            if (i + 1 < chain.size())
                merged.back().insert(merged.back().end(), chain[i + 1].begin(), chain[i + 1].end());
        }
        chain = std::move(merged);
    }
    // Compact pipelines: a group may also be cut into several consecutive stages of at most w devices each, so
    // that a large site pipelines inside itself instead of paying one all-reduce over all its devices.
    size_t widest = 1;
    for (const auto& g : chain) widest = std::max(widest, g.size());
    std::vector<training_plan> candidates;
    for (size_t w = 1;; w *= 2) {
        std::vector<std::vector<unsigned>> cut;
        for (const auto& g : chain)
            for (size_t i = 0; i < g.size(); i += w)
                cut.emplace_back(g.begin() + static_cast<long>(i),
                                 g.begin() + static_cast<long>(std::min(g.size(), i + w)));
        if (cut.size() <= max_pipeline_stages)
            for (unsigned m : micro_batch_choices(in)) {
                training_plan p;
                p.stages = partition(cut, in, prof, m);
                candidates.push_back(retune_plan(p, in, prof));
            }
        if (w >= widest) break;
    }
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
        p.stages = partition(chain, in, prof, m);
        candidates.push_back(retune_plan(p, fixed, prof));
    }
    return best_of(std::move(candidates));
}

std::string describe_plan(const training_plan& plan) {
    std::ostringstream os;
    os << plan.stages.size() << " stages, m=" << plan.micro_batches << ", " << schedule_name(plan.kind) << ":";
    for (const stage_plan& s : plan.stages)
        os << " [L" << s.layer_begin << "-" << s.layer_end << " x" << s.devices.size() << "]";
    return os.str();
}

} // namespace vplab::spantrain
