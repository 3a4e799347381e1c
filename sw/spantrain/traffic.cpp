#include "traffic.h"

#include <algorithm>
#include <limits>
#include <unordered_map>

namespace vplab::spantrain {

std::vector<flow> boundary_flows(const std::vector<unsigned>& from, const std::vector<unsigned>& to) {
    std::vector<flow> out;
    const size_t a = from.size(), b = to.size();
    if (a == 0 || b == 0) return out;
    // In units of 1 / (a b): slice i of `from` is [i b, (i + 1) b), slice j of `to` is [j a, (j + 1) a).
    for (size_t i = 0, j = 0; i < a && j < b;) {
        const size_t lo = std::max(i * b, j * a), hi = std::min((i + 1) * b, (j + 1) * a);
        if (hi > lo) out.push_back({from[i], to[j], static_cast<double>(hi - lo) / static_cast<double>(a * b)});
        if ((i + 1) * b <= (j + 1) * a) ++i;
        else ++j;
    }
    return out;
}

concurrent_cost concurrent(const fabric_profile& prof, const std::vector<flow>& flows,
                           const std::vector<flow>& background) {
    struct load {
        double share = 0, bw = std::numeric_limits<double>::max();
        bool costed = false;
    };
    std::unordered_map<std::uint64_t, load> links;
    concurrent_cost c;
    // The narrowest link at the bandwidth the pair measured; the route's other links at their capacity.
    auto add = [&](const flow& f, bool costed) {
        if (f.src == f.dst) return;  // stays on the device
        const std::uint64_t narrowest = prof.link(f.src, f.dst);
        auto put = [&](std::uint64_t id, double bw) {
            if (!costed && links.find(id) == links.end()) return;
            load& l = links[id];
            l.share += f.share;
            if (costed) l.bw = std::min(l.bw, bw);
            l.costed = l.costed || costed;
        };
        put(narrowest, prof.bw(f.src, f.dst));
        const size_t pair = size_t{f.src} * prof.devices + f.dst;
        if (pair < prof.route_of.size())
            for (unsigned id : prof.routes[prof.route_of[pair]])
                if (id != narrowest && id < prof.link_capacity_Bps.size()) put(id, prof.link_capacity_Bps[id]);
        if (costed) c.lat_s = std::max(c.lat_s, prof.lat(f.src, f.dst));
    };
    for (const flow& f : flows) add(f, true);
    for (const flow& f : background) add(f, false);
    constexpr double unreachable = std::numeric_limits<double>::max() / 1e30;  // still finite times a message
    for (const auto& [id, l] : links)
        if (l.costed) c.s_per_byte = std::max(c.s_per_byte, l.bw > 0 ? l.share / l.bw : unreachable);
    return c;
}

link_ab step_link(const fabric_profile& prof, const std::vector<flow>& flows) {
    const concurrent_cost c = concurrent(prof, flows);
    return {c.lat_s, c.s_per_byte > 0 ? 1.0 / c.s_per_byte : 1e30};
}

std::vector<flow> ring_flows(const std::vector<std::vector<unsigned>>& groups) {
    std::vector<flow> out;
    for (const auto& g : groups)
        for (size_t i = 0; i < g.size() && g.size() > 1; ++i) out.push_back({g[i], g[(i + 1) % g.size()], 1});
    return out;
}

} // namespace vplab::spantrain
