#include "profiler.h"

#include <algorithm>
#include <map>

namespace vplab::apps {

namespace {

// Alpha-beta fit of two transfer times: bandwidth from the difference, latency from what the small one left.
void fit(double small_bytes, double large_bytes, double t_small, double t_large, double& lat, double& bw) {
    bw = t_large > t_small ? (large_bytes - small_bytes) / (t_large - t_small) : large_bytes / std::max(t_large, 1e-12);
    lat = std::max(0.0, t_small - small_bytes / bw);
}

} // namespace

profile_outcome run_profiler(drivers::fabric_driver& fabric, const profiler_params& p) {
    profile_outcome out;
    const unsigned n = fabric.device_count();
    auto& prof = out.prof;
    prof.devices = n;
    prof.lat_s.assign(size_t{n} * n, 0);
    prof.bw_Bps.assign(size_t{n} * n, 0);
    prof.flops_per_s.assign(n, 0);
    prof.memory_bytes.assign(n, 0);
    prof.link_id.assign(size_t{n} * n, 0);
    prof.route_of.assign(size_t{n} * n, 0);
    prof.routes.assign(1, {});  // route 0: nothing but device ports (inside a server)
    prof.link_capacity_Bps.assign(fabric.link_count(), 0);
    out.server.assign(n, 0);
    out.alive.assign(n, false);

    std::map<unsigned, std::vector<unsigned>> servers;
    for (unsigned d = 0; d < n; ++d) {
        const auto c = fabric.device(d);
        out.alive[d] = c.alive;
        out.server[d] = c.server;
        prof.memory_bytes[d] = c.memory_mib * 1024.0 * 1024.0;
        if (c.alive) servers[c.server].push_back(d);
    }
    drivers::fabric_driver::completion cpl;
    for (unsigned d = 0; d < n; ++d) {
        if (!out.alive[d]) continue;
        if (fabric.compute_on_device(d, static_cast<std::uint64_t>(p.bench_flops), 0, d) ||
            !fabric.wait_device_completion(d, cpl, p.timeout_ns) || cpl.status) {
            out.error = "compute benchmark failed on device " + std::to_string(d);
            return out;
        }
        prof.flops_per_s[d] = p.bench_flops / std::max(1e-12, (cpl.end_ns - cpl.start_ns) * 1e-9);
    }
    const double small = p.small_bytes, large = static_cast<double>(p.large_bytes);
    std::map<unsigned, bool> own_port;  // link id -> it is one device's port
    auto is_port = [&](unsigned link) {
        const auto it = own_port.find(link);
        if (it != own_port.end()) return it->second;
        return own_port[link] = fabric.link(link).tier == regs::gpufabric::tier_port;
    };
    // The shared links of a server pair's route (all but the device ports), each with its configured speed.
    std::map<std::vector<unsigned>, unsigned> route_index{{{}, 0u}};
    auto shared_route = [&](unsigned a, unsigned b) {
        unsigned hops[8];
        const size_t count = std::min<size_t>(fabric.route_links(a, b, hops, 8), 8);
        std::vector<unsigned> shared;
        for (size_t i = 0; i < count; ++i)
            if (!is_port(hops[i]) && hops[i] < prof.link_capacity_Bps.size()) {
                shared.push_back(hops[i]);
                if (prof.link_capacity_Bps[hops[i]] == 0)
                    prof.link_capacity_Bps[hops[i]] = fabric.link_capacity_Bps(hops[i]);
            }
        const auto [it, added] = route_index.emplace(shared, static_cast<unsigned>(prof.routes.size()));
        if (added) prof.routes.push_back(shared);
        return it->second;
    };
    // Every device pair behind one probe gets its link: the probe's own when other pairs share it, else its own.
    auto name_links = [&](const std::vector<unsigned>& from, const std::vector<unsigned>& to, unsigned link) {
        const bool per_pair = is_port(link);
        for (unsigned a : from)
            for (unsigned b : to)
                if (a != b) prof.link_id[size_t{a} * n + b] = per_pair ? fabric.route_link(a, b) : link;
    };
    auto measure = [&](unsigned a, unsigned b, double& lat, double& bw, unsigned& link) {
        const auto r = fabric.run_probe(a, b, p.small_bytes, p.large_bytes, p.timeout_ns);
        ++out.probes;
        link = fabric.route_link(a, b);
        if (!r.ok) {
            lat = 0;
            bw = 0;
            return;
        }
        fit(small, large, r.small_ns * 1e-9, r.large_ns * 1e-9, lat, bw);
    };
    for (const auto& [srv, devs] : servers) {
        if (devs.size() < 2) continue;
        double lat = 0, bw = 0;
        unsigned link = 0;
        measure(devs[0], devs[1], lat, bw, link);
        for (unsigned a : devs)
            for (unsigned b : devs)
                if (a != b) {
                    prof.lat_s[size_t{a} * n + b] = lat;
                    prof.bw_Bps[size_t{a} * n + b] = bw;
                }
        name_links(devs, devs, link);
    }
    for (const auto& [sa, da] : servers)
        for (const auto& [sb, db] : servers) {
            if (sa == sb) continue;
            double lat = 0, bw = 0;
            unsigned link = 0;
            measure(da[0], db[0], lat, bw, link);
            for (unsigned a : da)
                for (unsigned b : db) {
                    prof.lat_s[size_t{a} * n + b] = lat;
                    prof.bw_Bps[size_t{a} * n + b] = bw;
                }
            name_links(da, db, link);
            const unsigned r = shared_route(da[0], db[0]);
            for (unsigned a : da)
                for (unsigned b : db) prof.route_of[size_t{a} * n + b] = r;
        }
    out.ok = true;
    return out;
}

} // namespace vplab::apps
