#include "l1agg_platform.h"

#include "l1agg_top.h"

#include <apps/l1agg/l1agg_app.h>
#include <core/hex.h>
#include <core/stats.h>
#include <dram/address_mapper.h>
#include <l1agg/trace_kernel.h>
#include <runner/session.h>

#include <algorithm>
#include <filesystem>

namespace vplab::platforms {

namespace {

void declare(config::schema& s) {
    s.unsigned_("l1agg.device.base", 0x20000000ull, "bus address of the GPU's registers")
        .time("l1agg.cpu.access_cost", "1ns", "host CPU time per register access")
        .time("l1agg.clock", "883ps", "GPU core clock period (1132 MHz, Accel-Sim SM7_QV100)", 1)
        .choice("l1agg.organisation", "ata", {"private", "sliced", "ata"},
                "L1 organisation: private L1s, address-sliced shared L1, or aggregated tag array")
        .unsigned_("l1agg.cores", 16, "GPU cores (SMs)", 1, 1024)
        .unsigned_("l1agg.cluster_size", 4, "cores per cluster (share a crossbar and, for sliced/ata, their L1s)", 1,
                   16)
        .unsigned_("l1agg.max_warps_per_core", 32, "resident warps per core (CTAs per core = this / warps per CTA)", 1,
                   256)
        .real("l1agg.issue_per_cycle", 4, "warp instructions issued per core per cycle (4 schedulers)", 0.01, 64)
        .unsigned_("l1agg.l1.sets", 64, "L1 sets (64 x 4 ways x 128 B = 32 KiB)", 1, 65536)
        .unsigned_("l1agg.l1.ways", 4, "L1 ways", 1, 256)
        .choice("l1agg.l1.set_index", "hashed", {"hashed", "linear"},
                "L1 set index: XOR-folded line address bits, or the low bits")
        .real("l1agg.l1.hit_latency", 28, "L1 hit latency in cycles (QV100 -l1_latency 28)", 0, 10000)
        .real("l1agg.l1.tag_lookups_per_cycle", 1, "line lookups per cycle per L1 tag array", 0.01, 64)
        .real("l1agg.l1.port_bytes_per_cycle", 128, "L1 data-array bytes per cycle (hits, remote reads, fills)", 1,
              4096)
        .unsigned_("l1agg.l1.mshrs", 64, "outstanding line misses per L1", 1, 4096)
        .choice("l1agg.l1.write_policy", "allocate", {"allocate", "no_allocate"},
                "write-through with allocate (Volta and later) or without")
        .real("l1agg.ata.probe_latency", 2, "cycles the ATA probe adds on the local-miss path", 0, 1000)
        .real("l1agg.ata.probes_per_cycle", 4, "ATA lookups per cycle per cluster", 0.01, 1024)
        .boolean("l1agg.ata.fill_local", true,
                 "copy a line hit in a peer L1 into the local L1 as well (false: serve it without a local copy)")
        .real("l1agg.xbar.hop_latency", 6, "cycles per crossbar traversal", 0, 1000)
        .real("l1agg.xbar.bytes_per_cycle", 32, "bytes per cycle per crossbar port", 0.01, 4096)
        .unsigned_("l1agg.xbar.header_bytes", 8, "size of a request message on the crossbar", 1, 256)
        .unsigned_("l1agg.l2.slices", 8, "L2 slices", 1, 256)
        .unsigned_("l1agg.l2.sets", 256, "sets per L2 slice (256 x 16 ways x 128 B = 512 KiB)", 1, 1u << 20)
        .unsigned_("l1agg.l2.ways", 16, "L2 ways", 1, 256)
        .real("l1agg.l2.latency", 120, "L2 hit latency in cycles after the slice port", 0, 100000)
        .real("l1agg.l2.bytes_per_cycle", 64, "bytes per cycle per L2 slice", 0.01, 4096)
        .real("l1agg.l2.noc_latency", 20, "cycles one way between a core and an L2 slice", 0, 10000)
        .choice("l1agg.dram.preset", "hbm2", {"hbm2", "ddr4-3200", "ddr4-2400", "lpddr4-3200"},
                "DRAM standard behind the L2 (models/dram presets; a V100 has HBM2)")
        .unsigned_("l1agg.dram.channels", 4, "DRAM channels behind the L2 (a power of two)", 1, 256)
        .string("l1agg.dram.mapping", "row_column_bankgroup",
                "DRAM address bit order: row_column_bankgroup, row_bank_column, bank_interleaved, or tokens such as "
                "ro_ra_ba_co_bg_ch (docs/dram.md)")
        .choice("l1agg.dram.scheduler", "frfcfs", {"fcfs", "frfcfs"}, "request scheduler of each DRAM channel")
        .choice("l1agg.dram.page_policy", "open", {"open", "closed", "open_adaptive"},
                "when a DRAM bank closes its row")
        .unsigned_("l1agg.dram.queue_depth", 32, "bursts each DRAM channel controller queues", 1, 4096)
        .choice("workload.class", "broadcast", {"broadcast", "gemm", "stencil", "zipf", "streaming", "trace"},
                "kernel generator (or a trace file)")
        .unsigned_("workload.kernels", 1, "kernels launched in a row (seed + i each)", 1, 1000)
        .unsigned_("workload.grid", 64, "CTAs per kernel", 1, 1u << 20)
        .unsigned_("workload.warps_per_cta", 4, "warps per CTA", 1, 64)
        .bytes("workload.footprint", "16KiB", "size of the shared structure (vector, panel, grid, gathered vector)",
               128, 4ull << 30)
        .unsigned_("workload.sharing", 0,
                   "sharing degree: broadcast CTAs per copy, gemm CTAs per row, stencil halo "
                   "lines; 0 = class default",
                   0, 1u << 20)
        .unsigned_("workload.reuse", 1, "passes over the shared data", 1, 1024)
        .real("workload.write_fraction", 0, "fraction of memory instructions that are stores", 0, 1)
        .choice("workload.mapping", "round_robin", {"round_robin", "clustered"},
                "CTA-to-core mapping: consecutive CTAs in different clusters, or in the same cluster")
        .unsigned_("workload.mem_per_warp", 64, "memory instructions per warp (zipf, streaming)", 1, 1u << 20)
        .unsigned_("workload.alu_per_mem", 4, "non-memory instructions before each memory instruction", 0, 4096)
        .real("workload.zipf_alpha", 1.0, "Zipf exponent of the gathers (zipf)", 0, 4)
        .string("workload.trace_file", "",
                "trace for class trace: l1agg text format, Accel-Sim *.traceg, either optionally .xz, or an "
                "Accel-Sim kernelslist.g (its kernels in order); relative to the scenario file")
        .time("workload.timeout", "10s", "how long the firmware waits for each kernel's interrupt", 1);
}

const char* const default_scenario = R"(name: l1agg
platform: l1agg
seed: 1
l1agg:
  cores: 8
  cluster_size: 4
workload:
  class: broadcast
  grid: 32
  footprint: 8KiB
  reuse: 2
  mapping: clustered
compare:
  - name: private
    l1agg: {organisation: private}
  - name: sliced
    l1agg: {organisation: sliced}
  - name: ata
    l1agg: {organisation: ata}
)";

std::string trace_path(const config::values& v) {
    std::string file = v.string("workload.trace_file");
    const config::location& where = v.where("workload.trace_file");
    std::filesystem::path path(file);
    if (!file.empty() && path.is_relative() && where.line > 0 && !where.source.empty() && where.source != "--set")
        file = (std::filesystem::path(where.source).parent_path() / path).lexically_normal().string();
    return file;
}

void validate(const config::values& v) {
    std::vector<config::input_problem> problems;
    if (v.unsigned_("l1agg.cores") % v.unsigned_("l1agg.cluster_size") != 0)
        problems.push_back({v.where("l1agg.cluster_size"), "l1agg.cluster_size",
                            "l1agg.cores (" + std::to_string(v.unsigned_("l1agg.cores")) +
                                ") must be a multiple of the cluster size"});
    const std::uint64_t channels = v.unsigned_("l1agg.dram.channels");
    if (channels & (channels - 1))
        problems.push_back({v.where("l1agg.dram.channels"), "l1agg.dram.channels",
                            "the DRAM channel count must be a power of two (" + std::to_string(channels) + ")"});
    try {
        dram::address_mapper check(dram::preset(v.string("l1agg.dram.preset")).org, v.string("l1agg.dram.mapping"));
    } catch (const std::invalid_argument& e) {
        problems.push_back({v.where("l1agg.dram.mapping"), "l1agg.dram.mapping", e.what()});
    }
    if (v.string("workload.class") == "trace" && v.string("workload.trace_file").empty())
        problems.push_back({v.where("workload.trace_file"), "workload.trace_file",
                            "workload.class is trace but no trace file is given"});
    if (!problems.empty()) throw config::input_error(problems);
    if (v.string("workload.class") == "trace") l1agg::trace_kernel::read_kernels(trace_path(v));  // malformed lines
}

std::vector<l1agg::kernel_ptr> load_traces(const config::values& v) {
    if (v.string("workload.class") != "trace") return {};
    return l1agg::trace_kernel::read_kernels(trace_path(v));
}

// Generated workloads: `workload.kernels` launches, seed + i each. Traces: every kernel of the list in order,
// `workload.kernels` times over.
std::vector<drivers::l1agg_driver::launch> launches(const config::values& v, std::uint64_t seed,
                                                    std::size_t trace_kernels) {
    drivers::l1agg_driver::launch l;
    const std::string cls = v.string("workload.class");
    l.workload = cls == "trace" ? regs::l1agg::workload_trace
                                : static_cast<std::uint32_t>(l1agg::parse_workload_class(cls));
    l.grid = static_cast<std::uint32_t>(v.unsigned_("workload.grid"));
    l.warps_per_cta = static_cast<std::uint32_t>(v.unsigned_("workload.warps_per_cta"));
    l.footprint_kib = static_cast<std::uint32_t>(std::max<std::uint64_t>(1, v.bytes("workload.footprint") / 1024));
    l.sharing = static_cast<std::uint32_t>(v.unsigned_("workload.sharing"));
    l.reuse = static_cast<std::uint32_t>(v.unsigned_("workload.reuse"));
    l.write_permille = static_cast<std::uint32_t>(std::lround(v.real("workload.write_fraction") * 1000));
    l.mapping = v.string("workload.mapping") == "clustered" ? 1 : 0;
    l.mem_per_warp = static_cast<std::uint32_t>(v.unsigned_("workload.mem_per_warp"));
    l.alu_per_mem = static_cast<std::uint32_t>(v.unsigned_("workload.alu_per_mem"));
    l.zipf_milli = static_cast<std::uint32_t>(std::lround(v.real("workload.zipf_alpha") * 1000));
    std::vector<drivers::l1agg_driver::launch> out;
    for (std::uint64_t i = 0; i < v.unsigned_("workload.kernels"); ++i) {
        l.seed = seed + i;
        if (cls != "trace") out.push_back(l);
        for (std::size_t k = 0; cls == "trace" && k < trace_kernels; ++k) {
            l.trace_kernel = static_cast<std::uint32_t>(k);
            out.push_back(l);
        }
    }
    return out;
}

// Where the loads' time went (an object, so the runner's table leaves it out): per path count, mean and largest
// issue-to-completion latency in core cycles, DRAM line read latency, summed queueing delay per resource.
nlohmann::json latency_json(const l1agg::latency_breakdown& l) {
    auto sum = [](const l1agg::latency_sum& s) {
        return nlohmann::json{{"count", s.count}, {"mean", s.mean()}, {"max", s.max}};
    };
    nlohmann::json j;
    for (unsigned p = 0; p < l1agg::load_path_count; ++p)
        j["load"][l1agg::to_string(static_cast<l1agg::load_path>(p))] = sum(l.load[p]);
    j["dram_line"] = sum(l.dram_line);
    j["queue_wait_cycles"] = {{"issue", l.wait_issue},
                              {"l1_tag", l.wait_tag},
                              {"ata", l.wait_ata},
                              {"l1_data_port", l.wait_l1_port},
                              {"crossbar", l.wait_xbar},
                              {"l2_port", l.wait_l2_port},
                              {"dram_queue_full", l.wait_dram_overflow}};
    return j;
}

run_outcome run(const run_context& ctx) {
    const config::values& v = ctx.params;
    std::vector<l1agg::kernel_ptr> traces = load_traces(v);  // bad trace lines are input errors, before simulation
    const std::size_t trace_kernels = traces.size();
    session s(ctx);
    l1agg_top top("l1agg", v, std::move(traces));
    top.trace(s.vcd());
    s.log_transactions(top.bus);

    apps::l1agg_app_params app;
    app.device_base = top.gpu_base();
    app.irq_line = l1agg_top::gpu_irq_line;
    app.kernels = launches(v, ctx.seed, trace_kernels);
    app.timeout_ns = v.time_ps("workload.timeout") / 1000;
    apps::app_report report;
    top.cpu.load([&](hal::mmio& bus) { report = apps::run_l1agg_app(bus, app); });
    run_outcome out = s.run(top.cpu, report);

    // Figures only the model sees (replication, filtered probes) and its own drain checks join the app's.
    const l1agg::kernel_stats& t = top.gpu.total();
    std::string why;
    const bool conserved = t.conserved(&why);
    nlohmann::json& m = out.metrics;
    m["organisation"] = v.string("l1agg.organisation");
    m["remote_probes_avoided"] = t.remote_probes_avoided;
    m["replication_ratio"] = t.valid_lines ? double(t.replicated_lines) / double(t.valid_lines) : 0.0;
    m["l2_accesses_per_kilo_instruction"] =
        t.instructions ? 1000.0 * double(t.l2_accesses) / double(t.instructions) : 0.0;
    m["remote_l1_reads"] = t.remote_l1_reads;
    m["remote_refetches"] = t.remote_refetches;
    m["mshr_merges"] = t.mshr_merges;
    m["crossbar_stall_cycles"] = t.crossbar_stall_cycles;
    m["latency"] = latency_json(t.latency);
    const l1agg::dram_totals d = top.gpu.sim().dram();
    m["dram_row_hit_rate"] = d.row_hit_rate();
    m["dram_energy_uj"] = d.energy_pj * 1e-6;
    m["dram_bursts"] = d.read_bursts + d.write_bursts;
    out.verified = out.verified && conserved;
    m["verified"] = out.verified;
    if (!conserved) out.message += "; model invariant broken: " + why;
    return out;
}

void print_regs(std::ostream& os) {
    config::values v(platform_schema("l1agg"));
    l1agg_top top("l1agg", v);
    os << "gpu (" << top.gpu.name() << ") at " << core::hex(top.gpu_base()) << ", interrupt line "
       << l1agg_top::gpu_irq_line << "\n";
    top.gpu.registers().print(os, top.gpu_base());
}

// IPC gains of every variant over the private-L1 and the sliced variant of the same compare run, as fractions
// (0.12 = +12%).
std::map<std::string, nlohmann::json> compare(const std::vector<compared_variant>& variants) {
    std::map<std::string, nlohmann::json> out;
    auto ipc_of = [&](const char* org) -> double {
        for (const compared_variant& c : variants)
            if (c.outcome.metrics.value("organisation", "") == org) return c.outcome.metrics.value("ipc", 0.0);
        return 0.0;
    };
    const double priv = ipc_of("private"), sliced = ipc_of("sliced");
    for (const compared_variant& c : variants) {
        const double ipc = c.outcome.metrics.value("ipc", 0.0);
        if (priv > 0) out[c.name]["ipc_gain_vs_private"] = ipc / priv - 1.0;
        if (sliced > 0) out[c.name]["ipc_gain_vs_sliced"] = ipc / sliced - 1.0;
    }
    return out;
}

} // namespace

const platform_def& l1agg_platform() {
    static const platform_def def{"l1agg",
                                  "host CPU + router + GPU cores with private, address-sliced or aggregated-tag (ATA) "
                                  "shared L1s, cluster crossbar, L2 slices and DRAM",
                                  "available",
                                  declare,
                                  default_scenario,
                                  validate,
                                  run,
                                  print_regs,
                                  compare};
    return def;
}

} // namespace vplab::platforms
