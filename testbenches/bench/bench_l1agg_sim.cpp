// Benchmark l1agg_sim: simulated L1 line requests per wall-clock second of the l1agg model (16 cores, clusters of
// 4, ata, a GEMM-tile kernel), and the ratio to a native loop doing the same LRU cache lookups (the same requests,
// in the order the model looked them up, no timing, no SystemC). Target: ratio <= 4. Prints one JSON line.
// (sc_main only because the model library links SystemC for its device wrapper.)
#include "bench_util.h"

#include <l1agg/gpu_sim.h>
#include <l1agg/workload_generators.h>

#include <cstdio>
#include <nlohmann/json.hpp>
#include <vector>

using namespace vplab;

namespace {

struct recorded {
    std::uint32_t core;
    std::uint64_t line;
    bool write;
};

struct native_counts {
    std::uint64_t local_hits = 0, remote_hits = 0;
};

// The tag lookups the ata organisation requires, as plain arrays: per core, sets x ways of (tag, last use). A
// load looks up its core's set; on a miss it probes the same set of the other L1s of its cluster (the first that
// holds the line is used: LRU-touched, as the model reads it there), then allocates the line in its own L1 (the
// fill, replacing an invalid way or the least recently used). A store looks up its own L1, allocates on a miss
// (write-allocate) and invalidates the cluster's other copies. Lines only (the GEMM kernel's requests are whole
// lines); the set index is the model's own (sector_cache::set_of, hashed by default).
native_counts native_ata_lookups(const std::vector<recorded>& trace, unsigned cores, unsigned cluster,
                                 const l1agg::cache_geometry& geo) {
    const unsigned sets = geo.sets, ways = geo.ways;
    const l1agg::sector_cache index(geo);
    struct way {
        std::uint64_t tag = ~0ull;
        std::uint64_t stamp = 0;
    };
    std::vector<way> tags(std::size_t(cores) * sets * ways);
    std::uint64_t clock = 0;
    native_counts n;
    for (const recorded& r : trace) {
        const std::size_t set = index.set_of(r.line);
        way* own = &tags[(std::size_t(r.core) * sets + set) * ways];
        way* victim = own;
        bool hit = false;
        for (unsigned w = 0; w < ways; ++w) {
            if (own[w].tag == r.line) {
                own[w].stamp = ++clock;
                hit = true;
                break;
            }
            if (own[w].stamp < victim->stamp) victim = &own[w];
        }
        const unsigned base = r.core - r.core % cluster;
        if (r.write) {
            n.local_hits += hit;
            if (!hit) *victim = {r.line, ++clock};
            for (unsigned k = base; k < base + cluster; ++k) {
                if (k == r.core) continue;
                way* peer = &tags[(std::size_t(k) * sets + set) * ways];
                for (unsigned w = 0; w < ways; ++w)
                    if (peer[w].tag == r.line) peer[w] = way{};
            }
            continue;
        }
        if (hit) {
            ++n.local_hits;
            continue;
        }
        bool remote = false;
        for (unsigned k = base; k < base + cluster && !remote; ++k) {
            if (k == r.core) continue;
            way* peer = &tags[(std::size_t(k) * sets + set) * ways];
            for (unsigned w = 0; w < ways; ++w)
                if (peer[w].tag == r.line) {
                    peer[w].stamp = ++clock;
                    remote = true;
                    break;
                }
        }
        n.remote_hits += remote;
        *victim = {r.line, ++clock};
    }
    return n;
}

nlohmann::json measure(const l1agg::gpu_params& p, const l1agg::kernel_source& kernel, int rounds) {
    // The request order the model produced, for the native loop.
    std::vector<recorded> trace;
    {
        l1agg::gpu_sim sim(p);
        sim.set_observer([&](const l1agg::access_event& e) { trace.push_back({e.core, e.line, e.write}); });
        sim.run(kernel, l1agg::cta_mapping::clustered);
    }
    std::vector<double> sim_s, native_s;
    l1agg::kernel_stats s;
    native_counts n;
    for (int round = 0; round < rounds; ++round) {
        auto t0 = std::chrono::steady_clock::now();
        l1agg::gpu_sim sim(p);
        s = sim.run(kernel, l1agg::cta_mapping::clustered);
        sim_s.push_back(bench::seconds_since(t0));
        t0 = std::chrono::steady_clock::now();
        n = native_ata_lookups(trace, p.cores, p.cluster_size, p.l1);
        native_s.push_back(bench::seconds_since(t0));
    }
    const double sim = bench::median(sim_s), native = bench::median(native_s);
    const double sim_rate = double(s.accesses) / sim, native_rate = double(trace.size()) / native;
    nlohmann::json j;
    j["requests"] = s.accesses;
    j["simulated_cycles"] = s.cycles;
    j["ipc"] = s.ipc();
    j["sim_wall_s"] = sim;
    j["sim_requests_per_s"] = sim_rate;
    j["native_wall_s"] = native;
    j["native_lookups_per_s"] = native_rate;
    j["model_local_remote_hits"] = {s.local_hits, s.remote_hits};
    j["native_local_remote_hits"] = {n.local_hits, n.remote_hits};
    j["ratio_native_over_sim"] = native_rate / sim_rate;
    return j;
}

} // namespace

int sc_main(int, char*[]) {
    l1agg::gpu_params p;
    p.org = l1agg::organisation::ata;
    p.cores = 16;
    p.cluster_size = 4;
    l1agg::workload_params w;
    w.cls = l1agg::workload_class::gemm;
    w.grid = 512;
    w.footprint = 32768;
    w.reuse = 2;
    const l1agg::kernel_ptr kernel = l1agg::make_kernel(w);

    nlohmann::json j;
    j["bench"] = "l1agg_sim";
    j["workload"] = "gemm, 16 cores, clusters of 4, ata, 512 CTAs";
    j.update(measure(p, *kernel, 5));
    j["target_ratio"] = 4;
    std::printf("%s\n", j.dump().c_str());
    return 0;
}
