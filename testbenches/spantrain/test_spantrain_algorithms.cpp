// The runtime's algorithms on their own: transformer costs, collectives, the schedule simulator against the bubble
// closed forms, grouping, the planner and the adapter.
#include <catch2/catch.hpp>
#include <spantrain/adapter.h>
#include <spantrain/collectives.h>
#include <stdexcept>

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
