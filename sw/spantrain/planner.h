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
// messages leader to leader (max of both directions), ring all-reduce of the stage's fp16 gradients in its group.
pipeline_problem plan_problem(const training_plan& plan, const planner_input& in, const fabric_profile& prof);
// Simulates the plan, fills predicted_iteration_s, memory_ok and peak_memory_bytes; returns the schedule.
schedule_result evaluate_plan(training_plan& plan, const planner_input& in, const fabric_profile& prof);

// SpanTrain: chain the groups (fastest group first, then the best-connected next), partition, choose m and schedule.
training_plan plan_spantrain(const planner_input& in, const fabric_profile& prof,
                             const std::vector<device_group>& groups);
// Re-chooses only m and the schedule for a fixed partition (the adapter's cheap action).
training_plan retune_plan(const training_plan& current, const planner_input& in, const fabric_profile& prof);

// Baselines: DDP (one stage over every device, ring all-reduce), an even layer partition over min(n, L) stages with
// devices dealt round-robin (GPipe, 1F1B), and ZB-H1 over single devices in id order with a balanced partition.
training_plan plan_ddp(const planner_input& in, const fabric_profile& prof, const std::vector<unsigned>& devices);
training_plan plan_even(const planner_input& in, const fabric_profile& prof, const std::vector<unsigned>& devices,
                        schedule_kind kind);
training_plan plan_zb_ungrouped(const planner_input& in, const fabric_profile& prof,
                                const std::vector<unsigned>& devices);

std::string describe_plan(const training_plan& plan);

} // namespace vplab::spantrain
