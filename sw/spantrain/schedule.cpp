#include "schedule.h"

#include <algorithm>
#include <limits>
#include <stdexcept>

namespace vplab::spantrain {

namespace {

constexpr double never = std::numeric_limits<double>::infinity();

struct op_ref {
    op_kind kind;
    unsigned mb;
};

// 1F1B: p-i warm-up forwards, then one B (with W fused) and one F in turn, then the remaining B.
std::vector<op_ref> one_f_one_b_order(unsigned stage, unsigned p, unsigned m) {
    std::vector<op_ref> order;
    const unsigned warm = std::min(m, p - stage);
    unsigned next_f = 0, next_b = 0;
    for (; next_f < warm; ++next_f) order.push_back({op_kind::f, next_f});
    while (next_b < m) {
        order.push_back({op_kind::b, next_b++});
        if (next_f < m) order.push_back({op_kind::f, next_f++});
    }
    return order;
}

// ZB-H1: 1F1B's F/B order with B split from W; stage s defers up to s of its Ws (the last stage the most), so that
// Ws fill the drain at the end instead of idling, while stage s still holds at most p micro-batches.
std::vector<op_ref> zb_h1_order(unsigned stage, unsigned p, unsigned m) {
    const std::vector<op_ref> order = one_f_one_b_order(stage, p, m);
    std::vector<op_ref> split;
    unsigned next_w = 0, b_done = 0;
    for (size_t i = 0; i < order.size(); ++i) {
        split.push_back(order[i]);
        if (order[i].kind == op_kind::b) ++b_done;
        const bool before_b = i + 1 < order.size() && order[i + 1].kind == op_kind::b;
        if (b_done > 0 && before_b && b_done - next_w > stage) split.push_back({op_kind::w, next_w++});
    }
    while (next_w < m) split.push_back({op_kind::w, next_w++});
    return split;
}

// ZB-H2 (Zero Bubble PP, Qi et al., ICLR 2024, section 2.2), derived for uniform stages (F = B = W = T, no
// communication) on each stage's local clock, slot t of stage i being global time (t + i) T, when its first forward
// can arrive. Then forward j may run on stage i + 1 in the same local slot as on stage i or later, and backward j
// must run on stage i at least two local slots after stage i + 1 (one for the B itself, one for the stage offset).
// A stage never idles only if every stage has the same gaps between consecutive Bs, stage i's lagging the last
// stage's by exactly 2d slots, d = p - 1 - i:
// - The last stage's first B runs at slot 1, so stage i's first B runs at slot 2d + 1, after 2d + 1 = 2(p - i) - 1
//   warm-up forwards (all of them when m is smaller).
// - Stage 0 ends with B(m-1), W(m-1) in its last slots 3m - 2 and 3m - 1, so the last stage's last B is at slot
//   3m - 2p and 2p - 1 Ws follow it (stage i: 2i + 1): these are the Ws moved to the tail. With three slots between
//   Bs throughout, that last B would be at 3m - 2, so the last 2p - 1 Bs are two slots apart instead of three.
// Hence, on every stage: B(k), W, F for k <= m - 2p (the steady state, B W F keeps the activations held constant),
// then B(k) and one more op, the next F while any remains, else the next W; finally the remaining Ws. Every stage
// is busy from its first slot to its last (3m slots, iteration (3m + p - 1) T) when m >= 2p - 1. Activations held:
// 2d + 1 after the warm-up, constant in the steady state, then one more per F of the last phase: min(m, 2p - 1) on
// every stage. With unequal costs the same order leaves stage 0 idle for (p - 1)(T_F + T_B - 2 T_W) of its span (its
// last 2p - 2 Bs are paced by the last stage's B + F while it only has Ws between them), the paper's ZB-H2 bubble.
// With m < 2p - 1 there is no steady state: the warm-up takes min(m, 2d + 1) forwards and each B is followed by an
// F while any remains, then by Ws; the pipeline then has bubbles like any schedule with few micro-batches.
std::vector<op_ref> zb_h2_order(unsigned stage, unsigned p, unsigned m) {
    std::vector<op_ref> order;
    const unsigned warm = std::min(m, 2 * (p - stage) - 1);
    unsigned next_f = 0, next_w = 0;
    for (; next_f < warm; ++next_f) order.push_back({op_kind::f, next_f});
    for (unsigned k = 0; k < m; ++k) {
        order.push_back({op_kind::b, k});
        if (k + 2 * p <= m) {  // steady state: forwards remain, since warm + k < m
            order.push_back({op_kind::w, next_w++});
            order.push_back({op_kind::f, next_f++});
        } else if (next_f < m) {
            order.push_back({op_kind::f, next_f++});
        } else {
            order.push_back({op_kind::w, next_w++});
        }
    }
    while (next_w < m) order.push_back({op_kind::w, next_w++});
    return order;
}

// GPipe: all forwards, then all backwards (B with W fused).
std::vector<op_ref> fixed_order(schedule_kind kind, unsigned stage, unsigned p, unsigned m) {
    switch (kind) {
    case schedule_kind::gpipe: {
        std::vector<op_ref> order;
        for (unsigned j = 0; j < m; ++j) order.push_back({op_kind::f, j});
        for (unsigned j = 0; j < m; ++j) order.push_back({op_kind::b, j});
        return order;
    }
    case schedule_kind::one_f_one_b: return one_f_one_b_order(stage, p, m);
    case schedule_kind::zb_h1: return zb_h1_order(stage, p, m);
    case schedule_kind::zb_h2: return zb_h2_order(stage, p, m);
    case schedule_kind::zb_adaptive: break;
    }
    throw std::logic_error("unknown schedule kind");
}

class simulator {
public:
    explicit simulator(const pipeline_problem& pr)
        : m_pr(pr), m_p(static_cast<unsigned>(pr.stages.size())), m_m(pr.micro_batches),
          m_end_f(m_p, std::vector<double>(m_m, never)), m_end_b(m_p, std::vector<double>(m_m, never)),
          m_arrive_f(m_p, std::vector<double>(m_m, never)), m_arrive_b(m_p, std::vector<double>(m_m, never)),
          m_fwd_free(m_p, 0.0), m_bwd_free(m_p, 0.0), m_free(m_p, 0.0), m_result() {
        m_result.per_stage.resize(m_p);
        m_result.peak_inflight.assign(m_p, 0);
        m_held.assign(m_p, 0);
    }

    schedule_result run() {
        if (m_pr.kind == schedule_kind::zb_adaptive) run_adaptive();
        else run_fixed();
        finish();
        return m_result;
    }

private:
    // When the inputs of an op are available at its stage, or `never` while its predecessor has not run.
    double ready(unsigned s, op_kind k, unsigned j) const {
        if (k == op_kind::f) return s == 0 ? 0.0 : m_arrive_f[s][j];
        if (k == op_kind::b) return s + 1 == m_p ? m_end_f[s][j] : m_arrive_b[s][j];
        return m_end_b[s][j];
    }

    // Sends a message over boundary `b` in one direction once `t` is reached; returns its arrival time.
    double send(unsigned b, std::vector<double>& link_free, double t) const {
        const double xfer = b < m_pr.transfer_s.size() ? m_pr.transfer_s[b] : 0.0;
        const double lat = b < m_pr.latency_s.size() ? m_pr.latency_s[b] : 0.0;
        const double start = std::max(t, link_free[b]);
        link_free[b] = start + xfer;
        return start + xfer + lat;
    }

    void commit(unsigned s, op_kind k, unsigned j, double start, bool fused_w) {
        const stage_cost& c = m_pr.stages[s];
        const double d = k == op_kind::f ? c.f : k == op_kind::b ? c.b + (fused_w ? c.w : 0.0) : c.w;
        scheduled_op op{s, j, k, fused_w, start, start + d};
        m_free[s] = op.end;
        if (k == op_kind::f) {
            m_end_f[s][j] = op.end;
            if (s + 1 < m_p) m_arrive_f[s + 1][j] = send(s, m_fwd_free, op.end);
            m_result.peak_inflight[s] = std::max(m_result.peak_inflight[s], ++m_held[s]);
        } else if (k == op_kind::b) {
            m_end_b[s][j] = op.end;
            if (s > 0) m_arrive_b[s - 1][j] = send(s - 1, m_bwd_free, op.end);
            if (fused_w) --m_held[s];
        } else {
            --m_held[s];
        }
        m_result.per_stage[s].push_back(op);
    }

    // Fixed orders: each stage takes its next op as soon as it is ready; stages whose next op waits on another
    // stage are revisited until every order is done. Every order here has Fs, Bs and Ws each in micro-batch order,
    // each W after its own B, B(k) on the last stage after its own F(k), and the number of Fs before B(k) never
    // growing from one stage to the next (n_i(k) >= n_{i+1}(k): p - i + k for 1F1B and ZB-H1, 2(p - i) - 1 + k for
    // ZB-H2, all capped at m). Such orders never deadlock, whatever the costs: a W never waits on another stage, so
    // a stuck pipeline has a stage waiting on an F (the last stage's Bs wait only on its own earlier Fs). Going
    // upstream from it, some stage a waits on B(k) from stage a + 1, which waits on an F it has reached after
    // doing at least n_a(k) >= n_{a+1}(k) Fs, so it is already past B(k): a contradiction.
    void run_fixed() {
        std::vector<std::vector<op_ref>> orders(m_p);
        std::vector<size_t> next(m_p, 0);
        const bool fused = m_pr.kind == schedule_kind::gpipe || m_pr.kind == schedule_kind::one_f_one_b;
        for (unsigned s = 0; s < m_p; ++s) orders[s] = fixed_order(m_pr.kind, s, m_p, m_m);
        for (bool progress = true; progress;) {
            progress = false;
            for (unsigned s = 0; s < m_p; ++s) {
                while (next[s] < orders[s].size()) {
                    const op_ref op = orders[s][next[s]];
                    const double r = ready(s, op.kind, op.mb);
                    if (r == never) break;
                    commit(s, op.kind, op.mb, std::max(r, m_free[s]), fused);
                    ++next[s];
                    progress = true;
                }
            }
        }
        for (unsigned s = 0; s < m_p; ++s)
            if (next[s] != orders[s].size()) throw std::logic_error("pipeline order deadlocked");
    }

    // ZB-adaptive: repeatedly commit the decision that can start earliest over all stages, so that every commit
    // sees the state of the pipeline at its own start time. A stage runs at most 2(p - s) - 1 forwards ahead of its
    // Bs and prefers a W over an F once more than p - 1 are deferred; Bs still go first, so there is no closed bound
    // on the micro-batches held: the planner checks each candidate's simulated peak against memory.
    void run_adaptive() {
        std::vector<unsigned> nf(m_p, 0), nb(m_p, 0), nw(m_p, 0);
        for (size_t done = 0, total = size_t{3} * m_p * m_m; done < total; ++done) {
            unsigned best_stage = 0;
            op_kind best_kind = op_kind::f;
            double best_start = never;
            for (unsigned s = 0; s < m_p; ++s) {
                const unsigned f_cap = 2 * (m_p - s) - 1;
                const unsigned w_defer = m_p - 1;
                const double rb = nb[s] < m_m ? ready(s, op_kind::b, nb[s]) : never;
                const double rf = nf[s] < m_m && nf[s] - nb[s] < f_cap ? ready(s, op_kind::f, nf[s]) : never;
                const double rw = nw[s] < nb[s] ? ready(s, op_kind::w, nw[s]) : never;
                const double t = std::max(m_free[s], std::min({rb, rf, rw}));
                if (t == never) continue;
                // Priority at time t: B (on the critical path); W when this stage has deferred its share; F; W.
                const bool w_due = nb[s] - nw[s] > w_defer && rw <= t;
                const op_kind k = rb <= t ? op_kind::b : w_due ? op_kind::w : rf <= t ? op_kind::f : op_kind::w;
                if (t < best_start) {
                    best_start = t;
                    best_stage = s;
                    best_kind = k;
                }
            }
            if (best_start == never) throw std::logic_error("zb-adaptive schedule deadlocked");
            unsigned& n = best_kind == op_kind::f ? nf[best_stage] : best_kind == op_kind::b ? nb[best_stage]
                                                                                           : nw[best_stage];
            commit(best_stage, best_kind, n, best_start, false);
            ++n;
        }
    }

    void finish() {
        double busy = 0;
        for (unsigned s = 0; s < m_p; ++s) {
            const double end = m_result.per_stage[s].empty() ? 0.0 : m_result.per_stage[s].back().end;
            m_result.pipeline_s = std::max(m_result.pipeline_s, end);
            const double sync = s < m_pr.sync_s.size() ? m_pr.sync_s[s] : 0.0;
            m_result.iteration_s = std::max(m_result.iteration_s, end + sync);
            for (const scheduled_op& op : m_result.per_stage[s]) busy += op.end - op.start;
        }
        m_result.bubble_fraction = m_result.pipeline_s > 0 ? 1.0 - busy / (m_p * m_result.pipeline_s) : 0.0;
    }

    const pipeline_problem& m_pr;
    unsigned m_p, m_m;
    std::vector<std::vector<double>> m_end_f, m_end_b, m_arrive_f, m_arrive_b;
    std::vector<double> m_fwd_free, m_bwd_free;  // per boundary: when its link is free in each direction
    std::vector<double> m_free;
    std::vector<unsigned> m_held;
    schedule_result m_result;
};

} // namespace

const char* schedule_name(schedule_kind k) {
    switch (k) {
    case schedule_kind::gpipe: return "gpipe";
    case schedule_kind::one_f_one_b: return "1f1b";
    case schedule_kind::zb_h1: return "zb-h1";
    case schedule_kind::zb_h2: return "zb-h2";
    case schedule_kind::zb_adaptive: return "zb-adaptive";
    }
    return "?";
}

schedule_kind parse_schedule(const std::string& name) {
    for (schedule_kind k : {schedule_kind::gpipe, schedule_kind::one_f_one_b, schedule_kind::zb_h1,
                            schedule_kind::zb_h2, schedule_kind::zb_adaptive})
        if (name == schedule_name(k)) return k;
    throw std::invalid_argument("unknown schedule '" + name + "' (known: gpipe, 1f1b, zb-h1, zb-h2, zb-adaptive)");
}

schedule_result simulate_schedule(const pipeline_problem& problem) {
    if (problem.stages.empty() || problem.micro_batches == 0)
        throw std::invalid_argument("a pipeline needs at least one stage and one micro-batch");
    return simulator(problem).run();
}

double gpipe_bubble_fraction(unsigned p, unsigned m) { return static_cast<double>(p - 1) / (m + p - 1); }

double one_f_one_b_bubble_ratio(unsigned p, unsigned m) { return static_cast<double>(p - 1) / m; }

double zb_h1_bubble_ratio(unsigned p, unsigned m, stage_cost c) {
    return (p - 1) * (c.f + c.b - c.w) / (m * (c.f + c.b + c.w));
}

double zb_h2_bubble_s(unsigned p, stage_cost c) { return (p - 1) * (c.f + c.b - 2 * c.w); }

} // namespace vplab::spantrain
