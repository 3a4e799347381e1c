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

// GPipe: all forwards, then all backwards (B with W fused). 1F1B: p-i warm-up forwards, then one B and one F in
// turn, then the remaining B.
std::vector<op_ref> fixed_order(schedule_kind kind, unsigned stage, unsigned p, unsigned m) {
    std::vector<op_ref> order;
    if (kind == schedule_kind::gpipe) {
        for (unsigned j = 0; j < m; ++j) order.push_back({op_kind::f, j});
        for (unsigned j = 0; j < m; ++j) order.push_back({op_kind::b, j});
        return order;
    }
    const unsigned warm = std::min(m, p - stage);
    unsigned next_f = 0, next_b = 0;
    for (; next_f < warm; ++next_f) order.push_back({op_kind::f, next_f});
    while (next_b < m) {
        order.push_back({op_kind::b, next_b++});
        if (next_f < m) order.push_back({op_kind::f, next_f++});
    }
    if (kind != schedule_kind::zb_h1) return order;
    // ZB-H1: the same F/B order with B split from W; stage s defers up to s of its Ws (the last stage the most),
    // so that Ws fill the drain at the end instead of idling, while stage s still holds at most p micro-batches.
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
        if (m_pr.kind != schedule_kind::zb_h2) run_fixed();
        else run_greedy();
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
    // stage are revisited until every order is done (valid orders never deadlock).
    void run_fixed() {
        std::vector<std::vector<op_ref>> orders(m_p);
        std::vector<size_t> next(m_p, 0);
        const bool fused = m_pr.kind != schedule_kind::zb_h1;
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

    // Greedy zero-bubble: repeatedly commit the decision that can start earliest over all stages, so that every
    // commit sees the state of the pipeline at its own start time.
    void run_greedy() {
        const bool h2 = m_pr.kind == schedule_kind::zb_h2;
        std::vector<unsigned> nf(m_p, 0), nb(m_p, 0), nw(m_p, 0);
        for (size_t done = 0, total = size_t{3} * m_p * m_m; done < total; ++done) {
            unsigned best_stage = 0;
            op_kind best_kind = op_kind::f;
            double best_start = never;
            for (unsigned s = 0; s < m_p; ++s) {
                // Forwards in flight before their B, and Ws this stage may defer: stage s holds at most
                // (p - s) + s = p micro-batches' activations, the peak of 1F1B (ZB-H1); ZB-H2 doubles the forward
                // window so that the warm-up fills the start of the pipeline as well.
                const unsigned f_cap = h2 ? 2 * (m_p - s) - 1 : m_p - s;
                const unsigned w_defer = h2 ? m_p - 1 : s;
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
            if (best_start == never) throw std::logic_error("zero-bubble schedule deadlocked");
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
    }
    return "?";
}

schedule_kind parse_schedule(const std::string& name) {
    for (schedule_kind k : {schedule_kind::gpipe, schedule_kind::one_f_one_b, schedule_kind::zb_h1,
                            schedule_kind::zb_h2})
        if (name == schedule_name(k)) return k;
    throw std::invalid_argument("unknown schedule '" + name + "' (known: gpipe, 1f1b, zb-h1, zb-h2)");
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

} // namespace vplab::spantrain
