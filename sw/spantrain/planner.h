#pragma once
// The parallel-strategy planner: contiguous layer ranges on an ordered chain of device groups (dynamic programming
// over partitions that minimises the bottleneck of stage compute and boundary communication), the micro-batch
// count, data parallelism inside each group, and the schedule under each device's memory cap. Every candidate is
// scored with the schedule simulator. The baselines' plans are built here too, so that all runtimes are costed
// the same way.

#include "grouping.h"
#include "schedule.h"
#include "workload.h"

#include <string>
#include <vector>

namespace vplab::spantrain {

// Most stages a plan may have (the fabric's device sets bound it).
constexpr size_t max_pipeline_stages = 63;

struct stage_plan {
    std::vector<unsigned> devices;  // data-parallel replicas of the stage; devices[0] is its leader
    unsigned layer_begin = 0, layer_end = 0;
    // The devices form this many equal consecutive groups, one per replica of the whole pipeline (each on its own
    // group of the fabric). Gradient sync is then hierarchical: reduce-scatter inside each group, all-reduce across
    // the groups, all-gather inside; with 1, one ring over all devices.
    unsigned replicas = 1;
};

struct training_plan {
    std::vector<stage_plan> stages;
    unsigned micro_batches = 1;
    schedule_kind kind = schedule_kind::one_f_one_b;
    double predicted_iteration_s = 0;
    bool memory_ok = true;
    std::vector<double> peak_memory_bytes;  // per stage, per device
};

struct planner_input {
    model_spec model;
    unsigned global_batch = 32;
    std::vector<schedule_kind> schedules{schedule_kind::one_f_one_b, schedule_kind::zb_h1, schedule_kind::zb_h2};
    std::vector<unsigned> micro_batch_counts;  // empty: powers of two dividing the batch
};

// The pipeline problem a plan poses on the measured fabric: stage compute from the slowest replica, boundary
// messages scattered between the devices of neighbouring stages (traffic.h; max of both directions), and each
// stage's fp16 gradient sync (a ring, or hierarchical across the plan's replicas).
pipeline_problem plan_problem(const training_plan& plan, const planner_input& in, const fabric_profile& prof);
// Simulates the plan, fills predicted_iteration_s, memory_ok and peak_memory_bytes; returns the schedule.
schedule_result evaluate_plan(training_plan& plan, const planner_input& in, const fabric_profile& prof);

// Gradient sync time of every stage of `plan` (`grad_bytes` per stage) with the alpha-beta formulas, each step's link
// taken from the concurrent flows of its rings. The rings across replicas of all stages are costed as running at
// once (their syncs overlap at the end of the iteration), so stages whose rings cross the same WAN link split it.
std::vector<double> sync_seconds(const training_plan& plan, const std::vector<double>& grad_bytes,
                                 const fabric_profile& prof);

// SpanTrain: chain the groups (fastest group first, then the best-connected next), partition, choose m and schedule.
// Also replicates the whole pipeline across groups of equal size (or chains of such groups), gradient sync being
// hierarchical, whenever the schedule simulator scores that faster.
training_plan plan_spantrain(const planner_input& in, const fabric_profile& prof,
                             const std::vector<device_group>& groups);
// Re-chooses only m and the schedule for a fixed partition (the adapter's cheap action).
training_plan retune_plan(const training_plan& current, const planner_input& in, const fabric_profile& prof);

// Baselines: DDP (one stage over every device, ring all-reduce), an even layer partition over min(n, L) stages with
// devices dealt round-robin (GPipe, 1F1B), and ZB-H1 over single devices in id order with a balanced partition.
training_plan plan_ddp(const planner_input& in, const fabric_profile& prof, const std::vector<unsigned>& devices);
// DDP with hierarchical all-reduce: devices ordered by network group (level 1), sync groups of k devices, k the
// largest size that divides every network group (the fabric's hierarchical all-reduce needs equal groups), and
// gradient accumulation over the fewest micro-batches that fit memory.
training_plan plan_ddp_hierarchical(const planner_input& in, const fabric_profile& prof,
                                    const std::vector<device_group>& groups);
training_plan plan_even(const planner_input& in, const fabric_profile& prof, const std::vector<unsigned>& devices,
                        schedule_kind kind);
training_plan plan_zb_ungrouped(const planner_input& in, const fabric_profile& prof,
                                const std::vector<unsigned>& devices);

std::string describe_plan(const training_plan& plan);

} // namespace vplab::spantrain
