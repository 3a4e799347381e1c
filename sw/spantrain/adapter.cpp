#include "adapter.h"

#include "traffic.h"

#include <cmath>

namespace vplab::spantrain {

const char* adapt_action_name(adapt_action a) {
    switch (a) {
    case adapt_action::stay: return "stay";
    case adapt_action::retune: return "retune";
    case adapt_action::repartition: return "repartition";
    }
    return "?";
}

bool bandwidth_moved(const training_plan& plan, const fabric_profile& assumed, const fabric_profile& measured,
                     const adapter_params& ap) {
    for (size_t s = 0; s + 1 < plan.stages.size(); ++s)
        for (const flow& f : boundary_flows(plan.stages[s].devices, plan.stages[s + 1].devices))
            for (auto [x, y] : {std::pair{f.src, f.dst}, std::pair{f.dst, f.src}}) {
                const double before = assumed.bw(x, y), now = measured.bw(x, y);
                if (before <= 0 || std::fabs(now - before) > ap.threshold * before) return true;
            }
    return false;
}

double migration_seconds(const training_plan& from, const training_plan& to, const planner_input& in,
                         const fabric_profile& prof) {
    const std::vector<layer_cost> layers = layer_costs(in.model, 1);
    auto leader_of = [](const training_plan& p, unsigned layer) {
        for (const stage_plan& s : p.stages)
            if (layer >= s.layer_begin && layer < s.layer_end) return s.devices[0];
        return 0u;
    };
    double total = 0;
    for (unsigned l = 0; l < layers.size(); ++l) {
        const unsigned a = leader_of(from, l), b = leader_of(to, l);
        if (a == b) continue;
        const double bw = prof.bw(a, b);
        // An owner that is lost or cut off costs nothing here: its state would come back from a checkpoint, which
        // is not modelled.
        total += bw > 0 ? prof.lat(a, b) + layers[l].params * bytes_per_param_state / bw : 0.0;
    }
    return total;
}

adapt_decision adapt(const training_plan& current, const planner_input& in, const fabric_profile& measured,
                     const std::vector<device_group>& groups, unsigned iterations_left) {
    adapt_decision d;
    training_plan stay = current;
    evaluate_plan(stay, in, measured);
    d.stay_s = stay.predicted_iteration_s;
    d.plan = stay;
    d.new_s = d.stay_s;

    const training_plan tuned = retune_plan(current, in, measured);
    if (tuned.memory_ok && tuned.predicted_iteration_s < d.new_s) {
        d.action = adapt_action::retune;
        d.plan = tuned;
        d.new_s = tuned.predicted_iteration_s;
    }
    const training_plan fresh = plan_spantrain(in, measured, groups);
    const double migration = migration_seconds(current, fresh, in, measured);
    if (fresh.memory_ok && (d.new_s - fresh.predicted_iteration_s) * iterations_left > migration) {
        d.action = adapt_action::repartition;
        d.plan = fresh;
        d.new_s = fresh.predicted_iteration_s;
        d.migration_s = migration;
    }
    return d;
}

} // namespace vplab::spantrain
