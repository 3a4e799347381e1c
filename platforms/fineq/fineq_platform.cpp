#include "fineq_platform.h"

#include "fineq_baseline.h"
#include "fineq_top.h"
#include "fineq_workload.h"

#include <chrono>
#include <core/hex.h>
#include <dram/address_mapper.h>
#include <fineq_quant/synthetic.h>
#include <runner/session.h>

namespace vplab::platforms {

namespace {

void declare(config::schema& s) {
    s.choice("fineq.memory.model", "simple", {"simple", "dram"},
             "simple: core::memory with fixed latencies (fineq.ram.*); dram: the vplab_dram model (timing, energy)")
        .choice("fineq.dram.preset", "ddr4-3200", {"ddr4-3200", "ddr4-2400", "lpddr4-3200", "hbm2"},
                "DRAM standard when fineq.memory.model is dram")
        .string("fineq.dram.mapping", "row_column_bankgroup", "DRAM address bit order (see docs/dram.md)")
        .unsigned_("fineq.ram.base", 0x80000000ull, "bus address of the memory (RAM or DRAM)")
        .bytes("fineq.ram.size", "64MiB", "RAM size (pages are allocated when touched)", 4096, 1ull << 34)
        .time("fineq.ram.read_latency", "10ns", "RAM latency per read access (per DMA burst, per 64-byte line)")
        .time("fineq.ram.write_latency", "10ns", "RAM latency per write access")
        .unsigned_("fineq.accel.base", 0x10000000ull, "bus address of the accelerator's registers")
        .unsigned_("fineq.array.rows", 32, "PE array rows (input channels per K tile)", 1, 4096)
        .unsigned_("fineq.array.cols", 32, "PE array columns (output channels per N tile)", 1, 4096)
        .choice("fineq.array.pe", "bitserial", {"unary", "bitserial", "multiplier"},
                "PE kind: temporal unary (m cycles), temporal bit-serial (2/3 cycles), or INT8 x INT4 multipliers")
        .time("fineq.clock", "1ns", "accelerator clock period", 1)
        .bytes("fineq.sram.weight", "64KiB", "weight buffer (packed weights + scales)", 1, 1ull << 32)
        .bytes("fineq.sram.activation", "256KiB", "activation buffer (INT8)", 1, 1ull << 32)
        .bytes("fineq.sram.output", "64KiB", "output buffer (INT32 partial sum + float partial result per entry)", 1,
               1ull << 32)
        .unsigned_("fineq.dma.bytes_per_cycle", 16, "DMA bandwidth in bytes per accelerator clock", 1, 4096)
        .unsigned_("fineq.dma.burst_bytes", 256, "bytes per DMA bus transaction", 4, 65536)
        .unsigned_("fineq.max_dim", 65536, "largest M, N or K the device accepts", 1, 65536)
        .unsigned_("fineq.baseline.weight_bits", 4, "weight width of a multiplier PE (INT8 x INTb)", 2, 8)
        .real("fineq.baseline.high_fraction", 0.4, "share of 3-bit groups of the analytic mixed-precision baseline",
              0, 1)
        .real("fineq.energy.tech_scale", 1.0, "factor on every energy and area of the 45 nm table", 0.001, 1000)
        .real("fineq.energy.dram_pj_per_64bit", 1300, "off-chip energy per 64 bits (Horowitz: 1300-2600 pJ)", 0)
        .real("fineq.energy.register_bit_pj", 0.005, "energy of one register bit clocked (design choice)", 0)
        .time("fineq.cpu.access_cost", "1ns", "host CPU time per register access, on top of the bus latency")
        .unsigned_("workload.M", 16, "activation rows (tokens)", 1, 65536)
        .unsigned_("workload.N", 256, "output channels (synthetic weights)", 1, 65536)
        .unsigned_("workload.K", 768, "input channels (synthetic weights)", 1, 65536)
        .choice("workload.format", "fineq", {"fineq", "rtn2", "rtn3", "rtn4", "mixed"}, "weight format")
        .real("workload.outlier_ratio", 4.0, "fineq: a cluster has an outlier when max|w| > ratio x min|w|", 1,
              1e9)
        .choice("workload.outlier_mode", "split", {"split", "prune"},
                "fineq: the other two weights of an outlier cluster: 2 + 1 bits, or the larger at 2 bits")
        .unsigned_("workload.scale_group", 0, "fineq: weights per FP16 scale along K (0 = per channel; 96, 192)", 0,
                   65536)
        .choice("workload.record_choice", "rule", {"rule", "best"},
                "fineq: record per cluster by the outlier rule, or the least-error of the 4 possible records")
        .boolean("workload.activation_aware", true,
                 "weight quantization errors by each input channel's mean square activation (fineq scales and "
                 "records, mixed salience)")
        .boolean("workload.gptq", false,
                 "fineq: GPTQ-style error feedback on synthetic calibration inputs (O(K^3): K up to a few thousand)")
        .unsigned_("workload.gptq_rows", 128,
                   "calibration rows for workload.gptq (other rows than X, over the same outlier channels)", 1, 65536)
        .unsigned_("workload.scale_candidates", 12, "fineq: scales tried per scale group", 1, 256)
        .unsigned_("workload.group", 128, "rtn / mixed: weights per group", 1, 65536)
        .real("workload.high_fraction", 0.4, "mixed: share of groups at 3 bits", 0, 1)
        .choice("workload.weights", "synthetic", {"synthetic", "file"}, "where the weights come from")
        .string("workload.weights_file", "", "a .npy or .safetensors file (workload.weights: file)")
        .string("workload.tensor", "", "tensor name inside a .safetensors file")
        .real("workload.synthetic.sigma", 0.02, "synthetic weights: body standard deviation", 0)
        .real("workload.synthetic.tail_fraction", 0.02, "synthetic weights: share drawn from Student-t(3)", 0, 1)
        .real("workload.synthetic.outlier_channels", 0.005, "synthetic: share of outlier input channels", 0, 1)
        .real("workload.synthetic.outlier_gain", 4.0, "synthetic: weight gain of an outlier channel", 0)
        .unsigned_("workload.error_rows", 16, "rows of X used for the float output error", 1, 65536)
        .time("workload.timeout", "10s", "how long the firmware waits for the interrupt", 1);
}

const char* const default_scenario = R"(name: fineq
platform: fineq
workload:
  M: 16
  N: 256
  K: 768
  format: fineq
)";

void check(const config::values& v) {
    std::vector<config::input_problem> problems;
    const std::string& format = v.string("workload.format");
    if (format != "fineq" && v.string("fineq.array.pe") != "multiplier")
        problems.push_back({v.where("fineq.array.pe"), "fineq.array.pe",
                            "a temporal-coded array runs only the fineq format; workload.format is " + format +
                                " (use fineq.array.pe: multiplier)"});
    if (v.boolean("workload.gptq") && format != "fineq")
        problems.push_back({v.where("workload.gptq"), "workload.gptq",
                            "error feedback is implemented for the fineq format only; workload.format is " + format});
    if (v.unsigned_("workload.scale_group") % 3)
        problems.push_back({v.where("workload.scale_group"), "workload.scale_group",
                            "must be 0 or a multiple of 3 (a cluster must not straddle two scales)"});
    if (v.string("workload.weights") == "file") {
        const std::string& path = v.string("workload.weights_file");
        if (path.empty())
            problems.push_back({v.where("workload.weights_file"), "workload.weights_file",
                                "workload.weights is file but no file is given"});
        else if (path.size() >= 12 && path.compare(path.size() - 12, 12, ".safetensors") == 0 &&
                 v.string("workload.tensor").empty())
            problems.push_back({v.where("workload.tensor"), "workload.tensor",
                                "a .safetensors file needs the name of the tensor to read"});
    } else if (v.string("fineq.memory.model") == "simple") {
        // Synthetic shapes are known now: the buffers (at most one byte per weight, a scale of 2 bytes (fineq) or 4
        // (rtn, mixed) per group of each row, activations, outputs, each aligned to 4 KiB) must fit in the RAM.
        const std::uint64_t M = v.unsigned_("workload.M"), N = v.unsigned_("workload.N"), K = v.unsigned_("workload.K");
        const bool fineq_format = format == "fineq";
        const std::uint64_t group = v.unsigned_(fineq_format ? "workload.scale_group" : "workload.group");
        const std::uint64_t scales = N * (group ? (K + group - 1) / group : 1) * (fineq_format ? 2 : 4);
        const std::uint64_t need = N * K + scales + M * K + M * N * 4 + 4 * 4096;
        if (need > v.bytes("fineq.ram.size"))
            problems.push_back({v.where("fineq.ram.size"), "fineq.ram.size",
                                "a " + std::to_string(M) + "x" + std::to_string(N) + "x" + std::to_string(K) +
                                    " GEMM needs up to " + std::to_string(need) + " bytes of buffers"});
    }
    if (v.string("fineq.memory.model") == "dram") {
        try {
            vplab::dram::address_mapper check(vplab::dram::preset(v.string("fineq.dram.preset")).org,
                                              v.string("fineq.dram.mapping"));
        } catch (const std::invalid_argument& e) {
            problems.push_back({v.where("fineq.dram.mapping"), "fineq.dram.mapping", e.what()});
        }
    }
    if (!problems.empty()) throw config::input_error(problems);
}

apps::gemm_format app_format(const config::values& v) {
    apps::gemm_format f;
    f.name = v.string("workload.format");
    f.fineq.outlier_ratio = v.real("workload.outlier_ratio");
    f.fineq.mode = fineq::parse_outlier_mode(v.string("workload.outlier_mode"));
    f.fineq.group = v.unsigned_("workload.scale_group");
    f.fineq.scale_candidates = static_cast<unsigned>(v.unsigned_("workload.scale_candidates"));
    f.fineq.choice = fineq::parse_record_choice(v.string("workload.record_choice"));
    f.activation_aware = v.boolean("workload.activation_aware");
    f.group = v.unsigned_("workload.group");
    f.mixed_high_fraction = v.real("workload.high_fraction");
    return f;
}

double seconds_since(std::chrono::steady_clock::time_point t) {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - t).count();
}

run_outcome run_timed(const run_context& ctx, fineq_run_timing* timing) {
    const config::values& v = ctx.params;
    auto start = std::chrono::steady_clock::now();
    const fineq_layer layer = make_fineq_layer(v, ctx.seed);
    if (timing) timing->generate_s = seconds_since(start);
    session s(ctx);
    fineq_top top("fineq", v);
    top.trace(s.vcd());
    s.log_transactions(top.bus);

    apps::gemm_app_params app;
    app.device_base = top.accel_base();
    app.irq_line = fineq_top::accel_irq_line;
    app.ram_base = top.ram_base();
    app.ram_size = top.memory_size();
    app.weights = &layer.weights;
    app.activations = &layer.activations;
    app.format = app_format(v);
    if (v.boolean("workload.gptq")) app.format.gptq_calibration = &layer.calibration;
    app.error_rows = v.unsigned_("workload.error_rows");
    app.timeout_ns = v.time_ps("workload.timeout") / 1000;
    if (timing) app.timing = &timing->app;

    apps::app_report report;
    top.cpu.load([&](hal::mmio& bus) { report = apps::run_gemm_app(bus, app); });
    run_outcome out = s.run(top.cpu, report);

    if (top.dram) {
        top.dram->finish();
        const vplab::dram::dram_summary d = top.dram->summary();
        out.metrics["dram_model_energy_pj"] = d.energy.total();
        out.metrics["dram_model_bandwidth_gbps"] = d.bandwidth_gbps;
        out.metrics["dram_model_row_hit_rate"] = d.row_hit_rate;
    }
    const auto& job = top.accel.last_job();
    if (job.valid) {
        const auto& a = top.accel.parameters().array;
        auto& m = out.metrics;
        m["weights"] = layer.source;
        m["pe"] = v.string("fineq.array.pe");
        m["pe_utilization"] = job.plan.cycles ? static_cast<double>(job.plan.pe_busy) /
                                                    (static_cast<double>(a.rows) * a.cols * job.plan.cycles)
                                              : 0.0;
        m["mean_window"] = static_cast<double>(job.plan.window_sum) / static_cast<double>(job.plan.tiles);
        m["energy_pj"] = job.energy.total_pj();
        const nlohmann::json parts = job.energy.breakdown();
        for (const auto& [key, value] : parts.items()) m["energy_" + key] = value;
        m["array_area_mm2"] = job.energy.array_area_mm2;
        m["decoder_area_mm2"] = job.energy.decoder_area_mm2;
        start = std::chrono::steady_clock::now();
        const fineq_baseline base =
            evaluate_baseline(top.accel.parameters(), layer.weights, layer.activations.rows,
                              v.real("fineq.baseline.high_fraction"), v.unsigned_("workload.group"));
        m["baseline_energy_pj"] = base.energy_pj;
        m["baseline_bits_per_weight"] = base.bits_per_weight;
        m["baseline_cycles"] = base.cycles;
        m["energy_efficiency_vs_baseline"] = base.energy_pj / job.energy.total_pj();
        m["array_area_reduction"] = 1.0 - job.energy.array_area_mm2 / base.array_area_mm2;
        if (timing) timing->baseline_s = seconds_since(start);
    }
    return out;
}

run_outcome run(const run_context& ctx) { return run_timed(ctx, nullptr); }

void print_regs(std::ostream& os) {
    config::schema schema = platform_schema("fineq");
    config::values v(schema);
    fineq_top top("fineq", v);
    os << "accel (" << top.accel.name() << ") at " << core::hex(top.accel_base()) << ", interrupt line "
       << fineq_top::accel_irq_line << "\n";
    top.accel.registers().print(os, top.accel_base());
}

} // namespace

const platform_def& fineq_platform() {
    static const platform_def def{"fineq",
                                  "host CPU + router + RAM + the FineQ accelerator: 2/3-bit cluster weights, decoder, "
                                  "temporal-coded systolic array, energy and area",
                                  "available",
                                  declare,
                                  default_scenario,
                                  check,
                                  run,
                                  print_regs};
    return def;
}

run_outcome run_fineq(const run_context& ctx, fineq_run_timing& timing) { return run_timed(ctx, &timing); }

} // namespace vplab::platforms
