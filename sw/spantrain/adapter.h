#pragma once
// The dynamic environment adapter: when a boundary's measured bandwidth moves past a threshold relative to what the
// plan assumed, it first re-tunes the micro-batch count and schedule (cheap), and re-partitions only when the gain
// over the remaining iterations exceeds the migration cost (stage parameters x 16 B moved to their new owners).

#include "planner.h"

namespace vplab::spantrain {

struct adapter_params {
    double threshold = 0.25;  // relative bandwidth change that triggers a re-plan
};

enum class adapt_action { stay, retune, repartition };
const char* adapt_action_name(adapt_action a);

struct adapt_decision {
    adapt_action action = adapt_action::stay;
    training_plan plan;          // the plan to run from now on
    double stay_s = 0;           // current plan's iteration time on the updated fabric
    double new_s = 0;            // the chosen plan's
    double migration_s = 0;      // one-off cost of the chosen plan
};

// True when any device pair that carries a boundary of `plan` changed its bandwidth by more than the threshold
// between `assumed` and `measured`.
bool bandwidth_moved(const training_plan& plan, const fabric_profile& assumed, const fabric_profile& measured,
                     const adapter_params& ap);

// Time to move the optimizer state of every layer whose leader changes, leader to leader, one layer after another.
double migration_seconds(const training_plan& from, const training_plan& to, const planner_input& in,
                         const fabric_profile& prof);

adapt_decision adapt(const training_plan& current, const planner_input& in, const fabric_profile& measured,
                     const std::vector<device_group>& groups, unsigned iterations_left);

} // namespace vplab::spantrain
