#pragma once
// Event-driven simulation of one pipeline-parallel iteration: F, B and W operations per stage and micro-batch
// (Zero Bubble PP's split of the backward pass), with a communication delay per stage boundary
// (c_i = lat_i + A / bw_i, the link busy for A / bw_i per message) instead of Zero Bubble's single scalar cost.
// GPipe and 1F1B run fixed per-stage orders with B and W fused. ZB-H1 runs 1F1B's order with W split off, stage i
// deferring up to i of its Ws to fill the drain (at most p + 1 micro-batches held). ZB-H2 is the paper's handcrafted
// parallelogram: 2(p - i) - 1 warm-up forwards, B W F in the steady state, the last 2p - 1 Bs followed by one F each
// while any remain, the Ws moved to the tail (min(m, 2p - 1) micro-batches held on every stage); with uniform stages
// and no communication every stage is busy without a gap for 3m T. The derivation is in schedule.cpp.
// ZB-adaptive is our list schedule with ZB-H2's memory: whenever a stage is free it runs a ready B first, then a
// deferred W once more than p - 1 are waiting, then an F within a window of 2(p - i) - 1, then any W. Unlike the
// fixed orders it fills long link round trips with whatever is ready, at the price of no closed form.

#include <string>
#include <vector>

namespace vplab::spantrain {

enum class schedule_kind { gpipe, one_f_one_b, zb_h1, zb_h2, zb_adaptive };
const char* schedule_name(schedule_kind k);  // "gpipe", "1f1b", "zb-h1", "zb-h2", "zb-adaptive"
schedule_kind parse_schedule(const std::string& name);  // throws std::invalid_argument

enum class op_kind { f, b, w };

struct stage_cost {
    double f = 0, b = 0, w = 0;  // seconds per micro-batch
};

struct pipeline_problem {
    std::vector<stage_cost> stages;
    // Per boundary i -> i+1 (size p-1), the same both ways: a message waits for its link (one at a time per
    // direction, so a slow link paces the pipeline), occupies it for transfer_s, then arrives latency_s later.
    std::vector<double> transfer_s;
    std::vector<double> latency_s;
    std::vector<double> sync_s;    // per stage: data-parallel gradient sync after its last W (may be empty)
    unsigned micro_batches = 1;
    schedule_kind kind = schedule_kind::one_f_one_b;
};

struct scheduled_op {
    unsigned stage = 0, micro_batch = 0;
    op_kind kind = op_kind::f;
    bool fused_w = false;  // B carries W (GPipe, 1F1B)
    double start = 0, end = 0;
};

struct schedule_result {
    std::vector<std::vector<scheduled_op>> per_stage;  // each stage's ops in execution order
    double pipeline_s = 0;          // last compute op's end
    double iteration_s = 0;         // including each stage's gradient sync
    double bubble_fraction = 0;     // 1 - busy / (p x pipeline_s)
    std::vector<unsigned> peak_inflight;  // per stage: most micro-batches whose activations were held at once
};

schedule_result simulate_schedule(const pipeline_problem& problem);

// Closed forms for uniform stages without communication, as bubble time over useful time per stage.
double gpipe_bubble_fraction(unsigned p, unsigned m);  // (p-1)/(m+p-1), as a share of the makespan
double one_f_one_b_bubble_ratio(unsigned p, unsigned m);  // (p-1)/m
double zb_h1_bubble_ratio(unsigned p, unsigned m, stage_cost c);  // (p-1)(F+B-W) / (m(F+B+W))
// ZB-H2's idle time inside a stage's span from its first op to its last, (p-1)(F+B-2W), for m >= 2p - 1 and
// 2W <= F + B (the paper's bubble; zero when F = B = W).
double zb_h2_bubble_s(unsigned p, stage_cost c);

} // namespace vplab::spantrain
