// The runtime's algorithms on their own: transformer costs, collectives, the schedule simulator against the bubble
// closed forms, grouping, scattered boundaries, the planner (with replicas across groups) and the adapter.
#include <catch2/catch.hpp>
#include <spantrain/adapter.h>
#include <algorithm>
#include <spantrain/collectives.h>
#include <spantrain/traffic.h>
#include <stdexcept>
#include <utility>
#include <vector>

using namespace vplab::spantrain;

namespace {

pipeline_problem uniform(unsigned p, unsigned m, schedule_kind k, stage_cost c = {1, 1, 1}) {
    pipeline_problem pr;
    pr.stages.assign(p, c);
    pr.micro_batches = m;
    pr.kind = k;
    return pr;
}

// A CEE-like fabric: `sizes[i]` devices at site i; fast inside a site, `wan_Bps` between sites.
fabric_profile cee_profile(const std::vector<unsigned>& sizes, double wan_Bps, std::vector<double> flops = {}) {
    fabric_profile p;
    std::vector<unsigned> site;
    for (unsigned s = 0; s < sizes.size(); ++s)
        for (unsigned i = 0; i < sizes[s]; ++i) site.push_back(s);
    const unsigned n = static_cast<unsigned>(site.size());
    p.devices = n;
    p.lat_s.assign(size_t{n} * n, 0);
    p.bw_Bps.assign(size_t{n} * n, 0);
    for (unsigned a = 0; a < n; ++a)
        for (unsigned b = 0; b < n; ++b) {
            if (a == b) continue;
            const bool same = site[a] == site[b];
            p.lat_s[a * n + b] = same ? 2e-4 : 2e-2;
            p.bw_Bps[a * n + b] = same ? 1.25e9 : wan_Bps;
        }
    p.flops_per_s = flops.empty() ? std::vector<double>(n, 28e12) : flops;
    p.memory_bytes.assign(n, 24e9);
    return p;
}

} // namespace

TEST_CASE("spantrain: GPT-2 and BERT presets have the published parameter counts") {
    auto params = [](const std::string& name) {
        double total = 0;
        for (const layer_cost& c : layer_costs(model_preset(name), 1)) total += c.params;
        return total / 1e6;
    };
    CHECK(params("gpt2-small") == Approx(124).epsilon(0.02));
    CHECK(params("gpt2-medium") == Approx(355).epsilon(0.02));
    CHECK(params("gpt2-large") == Approx(774).epsilon(0.02));
    CHECK(params("gpt2-xl") == Approx(1558).epsilon(0.02));
    CHECK_THROWS_WITH(model_preset("gpt5"), Catch::Contains("unknown model 'gpt5'") && Catch::Contains("gpt2-xl"));
}

TEST_CASE("spantrain: iteration FLOPs match Megatron's 72BsLh^2(1 + s/6h + V/12Lh)") {
    const model_spec m = model_preset("gpt2-medium");
    const double B = 8, s = m.seq, L = m.layers, h = m.hidden, V = m.vocab;
    const double expected = 72 * B * s * L * h * h * (1 + s / (6 * h) + V / (12 * L * h));
    CHECK(iteration_flops(m, B) == Approx(expected).epsilon(1e-9));
    const auto layers = layer_costs(m, 2);
    CHECK(layers[0].flops_b == Approx(24 * 2 * s * h * h + 8 * 2 * s * s * h));
    CHECK(layers[0].act_bytes == Approx(s * 2 * h * (34 + 5 * m.heads * s / h)));
    CHECK(boundary_bytes(m, 2) == 2 * 2 * s * h);
}

TEST_CASE("spantrain: GPipe's bubble fraction is (p-1)/(m+p-1) with uniform stages") {
    for (unsigned p : {2u, 4u, 8u})
        for (unsigned m : {4u, 16u, 32u}) {
            const auto r = simulate_schedule(uniform(p, m, schedule_kind::gpipe));
            CHECK(r.bubble_fraction == Approx(gpipe_bubble_fraction(p, m)).epsilon(0.01));
            CHECK(r.peak_inflight[0] == m);
        }
}

TEST_CASE("spantrain: 1F1B and ZB-H1 bubbles match (p-1)/m and (p-1)(F+B-W)/(m(F+B+W))") {
    for (unsigned p : {2u, 4u, 8u})
        for (unsigned m : {8u, 16u, 32u}) {
            const double work = m * 3.0;
            const auto one = simulate_schedule(uniform(p, m, schedule_kind::one_f_one_b));
            CHECK((one.pipeline_s - work) / work == Approx(one_f_one_b_bubble_ratio(p, m)).epsilon(0.01));
            CHECK(one.peak_inflight[0] == p);
            const auto zb = simulate_schedule(uniform(p, m, schedule_kind::zb_h1));
            CHECK((zb.pipeline_s - work) / work == Approx(zb_h1_bubble_ratio(p, m, {1, 1, 1})).epsilon(0.01));
            CHECK(zb.peak_inflight[0] <= p + 1);  // about 1F1B's activation memory
        }
    // Unequal F, B, W: the closed form holds with its (F + B - W) numerator.
    const stage_cost c{1.0, 1.2, 0.7};
    const auto zb = simulate_schedule(uniform(4, 24, schedule_kind::zb_h1, c));
    const double work = 24 * (c.f + c.b + c.w);
    CHECK((zb.pipeline_s - work) / work == Approx(zb_h1_bubble_ratio(4, 24, c)).epsilon(0.01));
}

TEST_CASE("spantrain: ZB-H2 never does worse than ZB-H1 and holds more activations") {
    for (unsigned p : {2u, 4u, 8u}) {
        const auto h1 = simulate_schedule(uniform(p, 32, schedule_kind::zb_h1));
        const auto h2 = simulate_schedule(uniform(p, 32, schedule_kind::zb_h2));
        CHECK(h2.pipeline_s <= h1.pipeline_s + 1e-9);
        CHECK(h2.peak_inflight[0] >= h1.peak_inflight[0]);
    }
}

namespace {

// Golden check of a simulated schedule, from its ops alone: every op of every micro-batch runs exactly once, ops on a
// stage do not overlap, and each op starts after what it depends on (a message's latency included; its transfer
// time only adds to that). Returns the most micro-batches each stage held at once (F done, W not yet).
std::vector<unsigned> check_schedule(const pipeline_problem& pr, const schedule_result& r) {
    const unsigned p = static_cast<unsigned>(pr.stages.size()), m = pr.micro_batches;
    const double eps = 1e-9;
    const bool fused = pr.kind == schedule_kind::gpipe || pr.kind == schedule_kind::one_f_one_b;
    // end[kind][stage][micro-batch], -1 until it ran
    std::vector<std::vector<std::vector<double>>> end(3, std::vector<std::vector<double>>(p, std::vector<double>(m, -1)));
    std::vector<unsigned> peak(p, 0);
    REQUIRE(r.per_stage.size() == p);
    for (unsigned s = 0; s < p; ++s) {
        unsigned held = 0;
        double free = 0;
        for (const scheduled_op& op : r.per_stage[s]) {
            REQUIRE(op.stage == s);
            REQUIRE(op.micro_batch < m);
            CHECK(op.start >= free - eps);
            free = op.end;
            const size_t k = static_cast<size_t>(op.kind);
            CHECK(end[k][s][op.micro_batch] < 0);  // runs once
            end[k][s][op.micro_batch] = op.end;
            if (op.kind == op_kind::b) CHECK(op.fused_w == fused);
            if (op.kind == op_kind::f) peak[s] = std::max(peak[s], ++held);
            if (op.kind == op_kind::w || (op.kind == op_kind::b && fused)) --held;
        }
    }
    const size_t F = 0, B = 1, W = 2;
    for (unsigned s = 0; s < p; ++s)
        for (const scheduled_op& op : r.per_stage[s]) {
            const unsigned j = op.micro_batch;
            if (op.kind == op_kind::f && s > 0) {
                REQUIRE(end[F][s - 1][j] >= 0);
                CHECK(op.start >= end[F][s - 1][j] + pr.latency_s[s - 1] - eps);
            } else if (op.kind == op_kind::b) {
                REQUIRE(end[F][s][j] >= 0);
                CHECK(op.start >= end[F][s][j] - eps);
                if (s + 1 < p) {
                    REQUIRE(end[B][s + 1][j] >= 0);
                    CHECK(op.start >= end[B][s + 1][j] + pr.latency_s[s] - eps);
                }
            } else if (op.kind == op_kind::w) {
                REQUIRE(end[B][s][j] >= 0);
                CHECK(op.start >= end[B][s][j] - eps);
            }
        }
    for (unsigned s = 0; s < p; ++s)
        for (unsigned j = 0; j < m; ++j) {
            CHECK(end[F][s][j] >= 0);
            CHECK(end[B][s][j] >= 0);
            CHECK((end[W][s][j] >= 0) != fused);
        }
    return peak;
}

pipeline_problem without_links(pipeline_problem pr) {
    const size_t boundaries = pr.stages.size() - 1;
    pr.transfer_s.assign(boundaries, 0);
    pr.latency_s.assign(boundaries, 0);
    return pr;
}

// Forwards a stage runs before its first B.
unsigned warm_up(const std::vector<scheduled_op>& ops) {
    unsigned n = 0;
    while (n < ops.size() && ops[n].kind == op_kind::f) ++n;
    return n;
}

} // namespace

TEST_CASE("spantrain: ZB-H2 is a gapless parallelogram with uniform stages") {
    // m >= 2p - 1; m need not be a multiple of p.
    const std::pair<unsigned, unsigned> cases[] = {{1, 4}, {2, 3}, {2, 8}, {3, 7}, {4, 7}, {4, 13}, {4, 32},
                                                   {5, 11}, {8, 15}, {8, 21}, {8, 32}};
    for (const auto& [p, m] : cases) {
        INFO("p=" << p << " m=" << m);
        const pipeline_problem pr = without_links(uniform(p, m, schedule_kind::zb_h2));
        const auto r = simulate_schedule(pr);
        const std::vector<unsigned> held = check_schedule(pr, r);
        for (unsigned s = 0; s < p; ++s) {
            const auto& ops = r.per_stage[s];
            CHECK(ops.front().start == Approx(s));  // its first forward arrives at once
            for (size_t i = 1; i < ops.size(); ++i) CHECK(ops[i].start == Approx(ops[i - 1].end));  // no gap
            CHECK(ops.back().end - ops.front().start == Approx(3.0 * m));
            CHECK(warm_up(ops) == 2 * (p - s) - 1);
            CHECK(held[s] == 2 * p - 1);  // the schedule's memory, on every stage
            CHECK(r.peak_inflight[s] == held[s]);
        }
        CHECK(r.pipeline_s == Approx(3.0 * m + p - 1));
    }
}

TEST_CASE("spantrain: ZB-H2's idle time on stage 0 is (p-1)(F+B-2W) with unequal F, B, W") {
    for (const stage_cost c : {stage_cost{1.0, 1.2, 0.7}, stage_cost{1.2, 1.0, 0.7}, stage_cost{1.0, 1.0, 0.5}})
        for (unsigned p : {2u, 4u, 8u})
            for (unsigned m : {2 * p - 1, 24u, 37u}) {
                INFO("F=" << c.f << " B=" << c.b << " W=" << c.w << " p=" << p << " m=" << m);
                const pipeline_problem pr = without_links(uniform(p, m, schedule_kind::zb_h2, c));
                const auto r = simulate_schedule(pr);
                check_schedule(pr, r);
                const auto& ops = r.per_stage[0];
                double busy = 0;
                for (const scheduled_op& op : ops) busy += op.end - op.start;
                const double idle = ops.back().end - ops.front().start - busy;
                CHECK(idle == Approx(zb_h2_bubble_s(p, c)).epsilon(0.01));
                CHECK(busy == Approx(m * (c.f + c.b + c.w)));
            }
}

TEST_CASE("spantrain: ZB-H2 with fewer micro-batches than 2p - 1 and with links stays valid") {
    // Too few micro-batches for a steady state: the warm-up takes all of them where 2(p - s) - 1 exceeds m, every
    // stage holds all m at once, and the pipeline is no slower than ZB-H1.
    const std::pair<unsigned, unsigned> cases[] = {{2, 1}, {3, 4}, {4, 1}, {4, 3}, {4, 6}, {8, 5}, {8, 12}};
    for (const auto& [p, m] : cases) {
        INFO("p=" << p << " m=" << m);
        const pipeline_problem pr = without_links(uniform(p, m, schedule_kind::zb_h2));
        const auto r = simulate_schedule(pr);
        const std::vector<unsigned> held = check_schedule(pr, r);
        for (unsigned s = 0; s < p; ++s) {
            CHECK(warm_up(r.per_stage[s]) == std::min(m, 2 * (p - s) - 1));
            CHECK(held[s] == m);
            CHECK(r.peak_inflight[s] == m);
        }
        CHECK(r.pipeline_s <= simulate_schedule(uniform(p, m, schedule_kind::zb_h1)).pipeline_s + 1e-9);
    }
    // Uneven stages and slow, uneven links: every order still completes and respects its dependencies.
    for (schedule_kind k : {schedule_kind::gpipe, schedule_kind::one_f_one_b, schedule_kind::zb_h1,
                            schedule_kind::zb_h2, schedule_kind::zb_adaptive})
        for (unsigned m : {3u, 9u, 16u}) {
            INFO(schedule_name(k) << " m=" << m);
            pipeline_problem pr = uniform(5, m, k);
            pr.stages = {{1, 2, 1}, {0.5, 1.5, 0.3}, {2, 2, 2}, {1, 0.7, 0.9}, {0.8, 1.9, 0.4}};
            pr.transfer_s = {0.3, 2.5, 0.1, 1.0};
            pr.latency_s = {0.05, 0.4, 0.0, 0.2};
            const auto r = simulate_schedule(pr);
            const std::vector<unsigned> held = check_schedule(pr, r);
            CHECK(r.peak_inflight == held);
        }
}

TEST_CASE("spantrain: zb-adaptive fills long link round trips that ZB-H2's fixed warm-up leaves idle") {
    // Latency of 3 op times per boundary: ZB-H2's 2(p - i) - 1 warm-up forwards run out long before the first B
    // comes back, while the list schedule keeps forwarding within its window.
    for (unsigned p : {2u, 4u}) {
        INFO("p=" << p);
        pipeline_problem h2 = uniform(p, 32, schedule_kind::zb_h2);
        h2.transfer_s.assign(p - 1, 0.1);
        h2.latency_s.assign(p - 1, 3.0);
        pipeline_problem adaptive = h2;
        adaptive.kind = schedule_kind::zb_adaptive;
        const auto r_h2 = simulate_schedule(h2);
        const auto r_adaptive = simulate_schedule(adaptive);
        CHECK(r_adaptive.pipeline_s < 0.99 * r_h2.pipeline_s);
        CHECK(check_schedule(adaptive, r_adaptive) == r_adaptive.peak_inflight);
    }
    // Without communication both are dense, and the list schedule is no slower than the fixed order.
    const auto dense = simulate_schedule(uniform(4, 32, schedule_kind::zb_adaptive));
    CHECK(dense.pipeline_s <= simulate_schedule(uniform(4, 32, schedule_kind::zb_h2)).pipeline_s + 1e-9);
}

TEST_CASE("spantrain: a slow boundary link paces the pipeline at one message per transfer time") {
    pipeline_problem pr = uniform(2, 16, schedule_kind::one_f_one_b, {0.1, 0.1, 0.1});
    pr.transfer_s = {1.0};
    pr.latency_s = {0.05};
    const auto r = simulate_schedule(pr);
    // 16 forward messages in a row on one link direction: the last F on stage 1 starts after 0.1 + 16 x 1 + 0.05.
    CHECK(r.pipeline_s >= 16.0 + 0.1 + 0.05);
    CHECK_THROWS_AS(simulate_schedule(uniform(0, 4, schedule_kind::gpipe)), std::invalid_argument);
}

TEST_CASE("spantrain: ring and hierarchical all-reduce follow their alpha-beta formulas") {
    const link_ab l{1e-3, 1e9};
    CHECK(ring_allreduce_s(8e9, 8, l) == Approx(2 * 7 * 1e-3 + 2.0 * 7 / 8 * 8.0));
    CHECK(ring_reduce_scatter_s(8e9, 8, l) == Approx(7 * 1e-3 + 7.0 / 8 * 8.0));
    CHECK(ring_allreduce_s(1e9, 1, l) == 0);
    const link_ab intra{1e-5, 1e11}, inter{2e-2, 1.25e7};
    const double flat = ring_allreduce_s(1e9, 16, inter);
    const double hier = hierarchical_allreduce_s(1e9, 4, 4, intra, inter);
    CHECK(hier < flat);
    CHECK(hierarchical_inter_bytes(1e9, 4, 4) == Approx(ring_bytes_per_rank(1e9, 4) / 4));
}

TEST_CASE("spantrain: two-level grouping splits by network first, then by compute") {
    std::vector<double> flops(10, 28e12);
    flops[8] = flops[9] = 3e12;  // two slow devices at the third site
    const fabric_profile prof = cee_profile({4, 2, 4}, 12.5e6, flops);
    const auto groups = group_devices(prof, grouping_params{});
    REQUIRE(groups.size() == 4);
    CHECK(groups[0].devices == std::vector<unsigned>{0, 1, 2, 3});
    CHECK(groups[1].devices == std::vector<unsigned>{4, 5});
    CHECK(groups[2].devices == std::vector<unsigned>{6, 7});
    CHECK(groups[3].devices == std::vector<unsigned>{8, 9});
    CHECK(groups[2].network_group == groups[3].network_group);
    const auto without = group_devices(prof, grouping_params{}, {true, false, false, false, false, false, false,
                                                                 false, false, false});
    CHECK(without[0].devices == std::vector<unsigned>{1, 2, 3});
}

TEST_CASE("spantrain: the planner beats data parallelism over a slow WAN and respects memory") {
    const fabric_profile prof = cee_profile({4, 4}, 12.5e6);
    planner_input in;
    in.model = model_preset("gpt2-medium");
    in.global_batch = 16;
    const training_plan plan = plan_spantrain(in, prof, group_devices(prof, grouping_params{}));
    std::vector<unsigned> all{0, 1, 2, 3, 4, 5, 6, 7};
    const training_plan ddp = plan_ddp(in, prof, all);
    CHECK(plan.memory_ok);
    CHECK(plan.predicted_iteration_s < ddp.predicted_iteration_s);
    unsigned covered = 0;
    for (const stage_plan& s : plan.stages) covered += s.layer_end - s.layer_begin;
    CHECK(covered == in.model.layers);
    CHECK(describe_plan(plan).find("stages") != std::string::npos);
    // A device too small for any stage makes every plan report the violation.
    fabric_profile tiny = prof;
    tiny.memory_bytes.assign(8, 1e6);
    CHECK_FALSE(plan_spantrain(in, tiny, group_devices(tiny, grouping_params{})).memory_ok);
}

TEST_CASE("spantrain: the planner counts ZB-H2's 2p - 1 micro-batches against each device's memory") {
    const fabric_profile roomy = cee_profile({4, 4}, 1.25e9);
    planner_input in;
    in.model = model_preset("gpt2-medium");
    in.global_batch = 32;
    training_plan h2 = plan_spantrain(in, roomy, group_devices(roomy, grouping_params{}));
    INFO(describe_plan(h2));
    REQUIRE(h2.stages.size() >= 2);
    h2.kind = schedule_kind::zb_h2;
    evaluate_plan(h2, in, roomy);
    // Golden: parameters x 16 B + each device's share of the stage's activations x min(m, 2p - 1).
    const std::vector<layer_cost> layers = layer_costs(in.model, double(in.global_batch) / h2.micro_batches);
    const unsigned p = static_cast<unsigned>(h2.stages.size());
    double most = 0;
    for (size_t s = 0; s < h2.stages.size(); ++s) {
        const stage_plan& st = h2.stages[s];
        double params = 0, act = 0;
        for (unsigned l = st.layer_begin; l < st.layer_end; ++l) {
            params += layers[l].params;
            act += layers[l].act_bytes / st.devices.size();
        }
        CHECK(h2.peak_memory_bytes[s] ==
              Approx(params * bytes_per_param_state + act * std::min(h2.micro_batches, 2 * p - 1)));
        most = std::max(most, h2.peak_memory_bytes[s]);
    }
    training_plan h1 = h2;
    h1.kind = schedule_kind::zb_h1;
    evaluate_plan(h1, in, roomy);
    const double h1_most = *std::max_element(h1.peak_memory_bytes.begin(), h1.peak_memory_bytes.end());
    REQUIRE(h1_most < most);
    // Memory between the two peaks: that ZB-H2 plan no longer fits, and whatever the planner picks does.
    fabric_profile tight = roomy;
    tight.memory_bytes.assign(tight.devices, (h1_most + most) / 2);
    evaluate_plan(h2, in, tight);
    CHECK_FALSE(h2.memory_ok);
    const training_plan plan = plan_spantrain(in, tight, group_devices(tight, grouping_params{}));
    INFO(describe_plan(plan));
    CHECK(plan.memory_ok);
    for (double peak : plan.peak_memory_bytes) CHECK(peak <= tight.memory_bytes[0]);
    const training_plan retuned = retune_plan(h2, in, tight);
    CHECK(retuned.memory_ok);
    for (double peak : retuned.peak_memory_bytes) CHECK(peak <= tight.memory_bytes[0]);
}

TEST_CASE("spantrain: a bandwidth drop mid-run triggers a re-plan that beats staying put") {
    // Three sites of 2 devices, fast WAN between them: the planner pipelines across all three.
    const fabric_profile before = cee_profile({2, 2, 2}, 125e6);
    planner_input in;
    in.model = model_preset("gpt2-large");
    in.global_batch = 16;
    in.schedules = {schedule_kind::zb_h1};
    const auto groups = group_devices(before, grouping_params{});
    const training_plan plan = plan_spantrain(in, before, groups);
    REQUIRE(plan.stages.size() >= 2);
    // Every link leaving the first stage's site falls to 2% of its bandwidth.
    fabric_profile after = before;
    const unsigned a = plan.stages[0].devices[0], b = plan.stages[1].devices[0];
    for (unsigned x = 0; x < after.devices; ++x)
        for (unsigned y = 0; y < after.devices; ++y)
            if (before.bw(x, y) == before.bw(a, b) && x != y &&
                (after.lat(x, y) == before.lat(a, b)))
                after.bw_Bps[x * after.devices + y] *= 0.02;
    CHECK(bandwidth_moved(plan, before, after, adapter_params{}));
    CHECK_FALSE(bandwidth_moved(plan, before, before, adapter_params{}));
    const adapt_decision d = adapt(plan, in, after, group_devices(after, grouping_params{}), 50);
    CHECK(d.action != adapt_action::stay);
    CHECK(d.new_s < d.stay_s);
    // With one iteration left, a migration that costs more than it saves is not worth it.
    const adapt_decision last = adapt(plan, in, after, group_devices(after, grouping_params{}), 0);
    CHECK(last.action != adapt_action::repartition);
}

namespace {

// Like cee_profile, but with the links a real profile names: one WAN link per ordered site pair, shared by every
// device pair of those two sites; inside a site every pair has its own link.
fabric_profile shared_wan_profile(const std::vector<unsigned>& sizes, double lan_Bps, double wan_Bps) {
    fabric_profile p = cee_profile(sizes, wan_Bps);
    std::vector<unsigned> site;
    for (unsigned s = 0; s < sizes.size(); ++s)
        for (unsigned i = 0; i < sizes[s]; ++i) site.push_back(s);
    const unsigned n = p.devices;
    p.link_id.assign(size_t{n} * n, 0);
    for (unsigned a = 0; a < n; ++a)
        for (unsigned b = 0; b < n; ++b) {
            const bool same = site[a] == site[b];
            if (same && a != b) p.bw_Bps[a * n + b] = lan_Bps;
            p.link_id[a * n + b] = same ? a * n + b : n * n + site[a] * 64 + site[b];
        }
    return p;
}

unsigned most_replicas(const training_plan& plan) {
    unsigned r = 0;
    for (const stage_plan& s : plan.stages) r = std::max(r, s.replicas);
    return r;
}

} // namespace

TEST_CASE("spantrain: a boundary's message is scattered by the slices each device holds") {
    const auto same = boundary_flows({0, 1, 2}, {5, 6, 7});
    REQUIRE(same.size() == 3);
    for (unsigned i = 0; i < 3; ++i) {
        CHECK(same[i].src == i);
        CHECK(same[i].dst == 5 + i);
        CHECK(same[i].share == Approx(1.0 / 3));
    }
    // 2 -> 3 devices: slices [0, 1/2) and [1/2, 1) against thirds.
    const auto uneven = boundary_flows({0, 1}, {4, 5, 6});
    REQUIRE(uneven.size() == 4);
    const double want[][3] = {{0, 4, 1.0 / 3}, {0, 5, 1.0 / 6}, {1, 5, 1.0 / 6}, {1, 6, 1.0 / 3}};
    for (size_t i = 0; i < 4; ++i) {
        CHECK(uneven[i].src == want[i][0]);
        CHECK(uneven[i].dst == want[i][1]);
        CHECK(uneven[i].share == Approx(want[i][2]));
    }
    // Four transfers over one shared link take four times as long per byte as over links of their own.
    const fabric_profile prof = shared_wan_profile({4, 4}, 1e9, 1e8);
    const auto across = boundary_flows({0, 1, 2, 3}, {4, 5, 6, 7});
    CHECK(concurrent(prof, across).s_per_byte == Approx(4 * 0.25 / 1e8));
    CHECK(concurrent(cee_profile({4, 4}, 1e8), across).s_per_byte == Approx(0.25 / 1e8));
    // Each pair's narrowest link is its own 3 GB/s NIC, but all four cross one 4 GB/s WAN link of their routes.
    fabric_profile behind = cee_profile({4, 4}, 3e9);
    behind.route_of.assign(64, 0);
    behind.routes = {{}, {7}};
    behind.link_capacity_Bps.assign(8, 0);
    behind.link_capacity_Bps[7] = 4e9;
    for (unsigned a = 0; a < 4; ++a)
        for (unsigned b = 4; b < 8; ++b) behind.route_of[a * 8 + b] = 1;
    CHECK(concurrent(behind, across).s_per_byte == Approx(1.0 / 4e9));
    CHECK(concurrent(behind, {across[0]}).s_per_byte == Approx(0.25 / 3e9));  // alone, its NIC is the limit
}

TEST_CASE("spantrain: the planner replicates the pipeline across groups only when the WAN is fast") {
    // Four sites of 4 devices. GPT-2 small's 12 layers and heavy LM head pipeline unevenly over four sites, so with a
    // 10 Gbit/s WAN two replicas of a two-site pipeline win; at 100 Mbit/s the gradients cannot cross it.
    planner_input in;
    in.model = model_preset("gpt2-small");
    in.global_batch = 256;
    grouping_params gp;
    gp.net_bw_Bps = 5e9;  // the sites stay four groups even when the WAN between them is fast
    const fabric_profile fast = shared_wan_profile({4, 4, 4, 4}, 10e9, 1.25e9);
    const training_plan spread = plan_spantrain(in, fast, group_devices(fast, gp));
    INFO(describe_plan(spread));
    CHECK(most_replicas(spread) >= 2);
    CHECK(spread.memory_ok);
    // Each replicated stage holds one run of devices per replica, each run inside one site, from different sites.
    for (const stage_plan& s : spread.stages) {
        const size_t k = s.devices.size() / s.replicas;
        CHECK(s.devices.size() == k * s.replicas);
        for (size_t r = 0; r < s.replicas; ++r) {
            CHECK(s.devices[r * k] / 4 == s.devices[r * k + k - 1] / 4);
            if (r > 0) CHECK(s.devices[r * k] / 4 != s.devices[0] / 4);
        }
    }
    const fabric_profile slow = shared_wan_profile({4, 4, 4, 4}, 10e9, 12.5e6);
    const training_plan local = plan_spantrain(in, slow, group_devices(slow, gp));
    INFO(describe_plan(local));
    CHECK(most_replicas(local) == 1);
    // The replicated plan is not simply better everywhere: on the slow WAN it would lose to the local plan.
    training_plan forced = spread;
    evaluate_plan(forced, in, slow);
    CHECK(forced.predicted_iteration_s > local.predicted_iteration_s);
}

TEST_CASE("spantrain: DDP with hierarchical all-reduce beats the flat ring over a slow WAN") {
    planner_input in;
    in.model = model_preset("gpt2-small");
    in.global_batch = 16;
    const fabric_profile prof = shared_wan_profile({4, 4}, 1.25e9, 12.5e6);
    const training_plan flat = plan_ddp(in, prof, {0, 1, 2, 3, 4, 5, 6, 7});
    const training_plan hier = plan_ddp_hierarchical(in, prof, group_devices(prof, grouping_params{}));
    REQUIRE(hier.stages.size() == 1);
    CHECK(hier.stages[0].replicas == 2);
    CHECK(hier.stages[0].devices.size() == 8);
    CHECK(hier.predicted_iteration_s < flat.predicted_iteration_s);
    // Its sync is the two-level formula: rings of 4 inside each site, 4 rings of 2 across sharing the WAN link.
    const double grads = 124.4e6 * bytes_per_grad;
    const auto sync = sync_seconds(hier, {grads}, prof);
    const double expected = hierarchical_allreduce_s(grads, 4, 2, {2e-4, 1.25e9}, {2e-2, 12.5e6 / 4});
    CHECK(sync[0] == Approx(expected).epsilon(1e-9));
    CHECK(describe_plan(hier).find("x2x4") != std::string::npos);
}
