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
        for (unsigned r : m_used) m_res[r].busy_s += dt;
    }
    m_now = std::max(m_now, now);
}

// Progressive filling: raise every unfrozen flow's rate together until a resource saturates, freeze its flows,
// repeat. Gives each flow its max-min fair share. Only the resources some flow crosses are visited, so a large
// fabric with few transfers in flight stays cheap.
void flow_network::reallocate() {
    for (unsigned r : m_used) m_res[r].active = 0;
    m_used.clear();
    m_left.resize(m_res.size());
    m_users.resize(m_res.size());
    for (flow& f : m_flows) {
        f.rate = 0;
        for (unsigned r : f.path)
            if (m_res[r].active++ == 0) {
                m_used.push_back(r);
                m_left[r] = m_res[r].capacity_Bps;
                m_users[r] = 0;
            }
    }
    for (flow& f : m_flows)
        for (unsigned r : f.path) ++m_users[r];
    std::vector<bool> frozen(m_flows.size(), false);
    for (size_t unfrozen = m_flows.size(); unfrozen > 0;) {
        double inc = never;
        for (unsigned r : m_used)
            if (m_users[r]) inc = std::min(inc, m_left[r] / m_users[r]);
        if (inc == never) break;
        for (size_t i = 0; i < m_flows.size(); ++i)
            if (!frozen[i]) {
                m_flows[i].rate += inc;
                for (unsigned r : m_flows[i].path) m_left[r] -= inc;
            }
        for (size_t i = 0; i < m_flows.size(); ++i) {
            if (frozen[i]) continue;
            bool saturated = false;
            for (unsigned r : m_flows[i].path)
                saturated = saturated || m_left[r] <= 1e-9 * (m_res[r].capacity_Bps + 1);
            if (saturated) {
                frozen[i] = true;
                --unfrozen;
                for (unsigned r : m_flows[i].path) --m_users[r];
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
