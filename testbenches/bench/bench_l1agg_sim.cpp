// Benchmark l1agg_sim: simulated L1 line requests per wall-clock second of the l1agg model (16 cores, clusters of
// 4, ata, a GEMM-tile kernel), and the ratio to a native loop doing the same LRU lookups (the same requests, in
// the same order, against per-core set-associative tag arrays, no timing, no SystemC). Target: ratio <= 4.
// Prints one JSON line. (sc_main only because the model library links SystemC for its device wrapper.)
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
};

// The plainest fast LRU: per core, sets x ways of (tag, last use); a lookup scans the set. The set index is the
// model's own (sector_cache::set_of, hashed by default), so both sides see the same conflicts.
std::uint64_t native_lookups(const std::vector<recorded>& trace, unsigned cores, const l1agg::cache_geometry& geo) {
    const unsigned sets = geo.sets, ways = geo.ways;
    const l1agg::sector_cache index(geo);
    struct way {
        std::uint64_t tag = ~0ull;
        std::uint64_t stamp = 0;
    };
    std::vector<way> tags(std::size_t(cores) * sets * ways);
    std::uint64_t clock = 0, hits = 0;
    for (const recorded& r : trace) {
        way* set = &tags[(std::size_t(r.core) * sets + index.set_of(r.line)) * ways];
        way* victim = set;
        bool hit = false;
        for (unsigned w = 0; w < ways; ++w) {
            if (set[w].tag == r.line) {
                set[w].stamp = ++clock;
                hit = true;
                break;
            }
            if (set[w].stamp < victim->stamp) victim = &set[w];
        }
        if (!hit) {
            victim->tag = r.line;
            victim->stamp = ++clock;
        }
        hits += hit;
    }
    return hits;
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

    // The request order the model produced, for the native loop.
    std::vector<recorded> trace;
    {
        l1agg::gpu_sim sim(p);
        sim.set_observer([&](const l1agg::access_event& e) { trace.push_back({e.core, e.line}); });
        sim.run(*kernel, l1agg::cta_mapping::clustered);
    }

    std::vector<double> sim_s, native_s;
    std::uint64_t requests = 0, cycles = 0, hits = 0;
    for (int round = 0; round < 5; ++round) {
        auto t0 = std::chrono::steady_clock::now();
        l1agg::gpu_sim sim(p);
        const l1agg::kernel_stats s = sim.run(*kernel, l1agg::cta_mapping::clustered);
        sim_s.push_back(bench::seconds_since(t0));
        requests = s.accesses;
        cycles = s.cycles;
        t0 = std::chrono::steady_clock::now();
        hits = native_lookups(trace, p.cores, p.l1);
        native_s.push_back(bench::seconds_since(t0));
    }
    const double sim = bench::median(sim_s), native = bench::median(native_s);
    nlohmann::json j;
    j["bench"] = "l1agg_sim";
    j["workload"] = "gemm, 16 cores, clusters of 4, ata, 512 CTAs";
    j["requests"] = requests;
    j["simulated_cycles"] = cycles;
    j["sim_wall_s"] = sim;
    j["sim_requests_per_s"] = double(requests) / sim;
    j["native_wall_s"] = native;
    j["native_lookups_per_s"] = double(trace.size()) / native;
    j["native_hits"] = hits;
    j["ratio_native_over_sim"] =
        (double(requests) / sim) > 0 ? (double(trace.size()) / native) / (double(requests) / sim) : 0;
    j["target_ratio"] = 4;
    std::printf("%s\n", j.dump().c_str());
    return 0;
}
