#include "flow_network.h"

#include <algorithm>

namespace vplab::models::gpufabric {

namespace {
// Below a byte, a flow is done: rates times rounded times leave crumbs.
constexpr double crumb_bytes = 1e-3;
} // namespace

unsigned flow_network::add_resource(std::string name, unsigned tier, double capacity_Bps) {
    m_res.push_back({std::move(name), tier, capacity_Bps, capacity_Bps, true, 0, 0, 0});
    return static_cast<unsigned>(m_res.size() - 1);
}

void flow_network::progress(double now) {
    const double dt = now - m_now;
    if (dt > 0) {
        for (flow& f : m_flows) {
            const double moved = std::min(f.remaining, f.rate * dt);
            f.remaining -= moved;
            for (unsigned r : f.path) m_res[r].bytes += moved;
        }
        for (link_resource& r : m_res)
            if (r.active) r.busy_s += dt;
    }
    m_now = std::max(m_now, now);
}

// Progressive filling: raise every unfrozen flow's rate together until a resource saturates, freeze its flows,
// repeat. Gives each flow its max-min fair share.
void flow_network::reallocate() {
    for (link_resource& r : m_res) r.active = 0;
    std::vector<double> left(m_res.size());
    std::vector<unsigned> users(m_res.size(), 0);
    for (size_t i = 0; i < m_res.size(); ++i) left[i] = m_res[i].capacity_Bps;
    std::vector<bool> frozen(m_flows.size(), false);
    for (flow& f : m_flows) {
        f.rate = 0;
        for (unsigned r : f.path) ++users[r], ++m_res[r].active;
    }
    for (size_t unfrozen = m_flows.size(); unfrozen > 0;) {
        double inc = never;
        for (size_t r = 0; r < m_res.size(); ++r)
            if (users[r]) inc = std::min(inc, left[r] / users[r]);
        if (inc == never) break;
        for (size_t i = 0; i < m_flows.size(); ++i)
            if (!frozen[i]) {
                m_flows[i].rate += inc;
                for (unsigned r : m_flows[i].path) left[r] -= inc;
            }
        for (size_t i = 0; i < m_flows.size(); ++i) {
            if (frozen[i]) continue;
            bool saturated = false;
            for (unsigned r : m_flows[i].path) saturated = saturated || left[r] <= 1e-9 * (m_res[r].capacity_Bps + 1);
            if (saturated) {
                frozen[i] = true;
                --unfrozen;
                for (unsigned r : m_flows[i].path) --users[r];
            }
        }
    }
}

void flow_network::start(double now, const std::vector<unsigned>& path, double bytes, done_fn done) {
    for (unsigned r : path)
        if (!m_res[r].up) {
            done(false);
            return;
        }
    advance(now);
    m_flows.push_back({path, bytes, 0, std::move(done)});
    reallocate();
}

void flow_network::advance(double now) {
    progress(now);
    std::vector<done_fn> finished;
    for (size_t i = 0; i < m_flows.size();) {
        if (m_flows[i].remaining <= crumb_bytes + m_flows[i].rate * 2e-12) {
            finished.push_back(std::move(m_flows[i].done));
            m_flows[i] = std::move(m_flows.back());
            m_flows.pop_back();
        } else {
            ++i;
        }
    }
    if (!finished.empty()) reallocate();
    for (done_fn& d : finished) d(true);  // callbacks may start new flows
}

double flow_network::next_finish() const {
    double t = never;
    for (const flow& f : m_flows)
        if (f.rate > 0) t = std::min(t, m_now + f.remaining / f.rate);
    return t;
}

void flow_network::set_capacity(double now, unsigned resource, double capacity_Bps) {
    advance(now);
    m_res[resource].capacity_Bps = capacity_Bps;
    reallocate();
}

void flow_network::fail_resource(double now, unsigned resource) {
    advance(now);
    m_res[resource].up = false;
    m_res[resource].capacity_Bps = 0;
    std::vector<done_fn> failed;
    for (size_t i = 0; i < m_flows.size();) {
        const auto& p = m_flows[i].path;
        if (std::find(p.begin(), p.end(), resource) != p.end()) {
            failed.push_back(std::move(m_flows[i].done));
            m_flows[i] = std::move(m_flows.back());
            m_flows.pop_back();
        } else {
            ++i;
        }
    }
    reallocate();
    for (done_fn& d : failed) d(false);
}

} // namespace vplab::models::gpufabric
