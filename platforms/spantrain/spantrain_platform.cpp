#include "spantrain_platform.h"

#include "spantrain_config.h"
#include "spantrain_top.h"

#include <core/hex.h>
#include <runner/session.h>

namespace vplab::platforms {

namespace {

const char* const default_scenario = R"(name: spantrain
platform: spantrain
spantrain:
  topology:
    sites: "cloud:1x2xrtx3090,edge:1x2xrtx3090"
    wan: "cloud-edge:100/20"
workload:
  model: gpt2-small
  seq: 256
  batch: 8
  iterations: 2
)";

sc_core::sc_time ps(const config::values& v, const char* key) {
    return sc_core::sc_time(static_cast<double>(v.time_ps(key)), sc_core::SC_PS);
}

run_outcome run(const run_context& ctx) {
    const config::values& v = ctx.params;
    const auto spec = spantrain_config::fabric(v, ctx.seed);  // may throw input_error (trace file)
    session s(ctx);
    spantrain_top top("spantrain", spec, v.unsigned_("spantrain.fabric.base"), ps(v, "spantrain.cpu.access_cost"));
    s.log_transactions(top.bus);

    apps::train_params p = spantrain_config::training(v);
    p.device_base = top.fabric_base();
    p.irq_line = spantrain_top::fabric_irq_line;
    apps::train_outcome result;
    top.cpu.load([&](hal::mmio& bus) { result = apps::run_train_app(bus, p); });
    run_outcome out = s.run(top.cpu, result.report);
    out.metrics["runtime"] = p.runtime;
    out.metrics["kernel_events"] = top.fabric.kernel_events();
    if (!result.timeline_json.empty()) out.files["timeline.json"] = result.timeline_json;
    if (!result.iterations_csv.empty()) out.files["iterations.csv"] = result.iterations_csv;
    return out;
}

// The fabric block and one device block: every device's block is the same, DEV_STRIDE further on.
void print_regs(std::ostream& os) {
    const config::values v(platform_schema("spantrain"));
    auto spec = spantrain_config::fabric(v, 1);
    const unsigned devices = models::gpufabric::gpu_fabric_device_count(spec);
    spec.sites.resize(1);
    spec.sites[0].servers = spec.sites[0].gpus_per_server = 1;
    spantrain_top top("spantrain", spec, v.unsigned_("spantrain.fabric.base"), ps(v, "spantrain.cpu.access_cost"));
    os << "fabric (" << top.fabric.name() << ") at " << core::hex(top.fabric_base()) << ", interrupt line "
       << spantrain_top::fabric_irq_line << "; device d's block (D_*) at "
       << core::hex(top.fabric_base() + regs::gpufabric::DEV_BLOCK) << " + d x "
       << core::hex(regs::gpufabric::DEV_STRIDE) << ", for d < NUM_DEVICES (" << devices
       << " with the default topology); device 0 shown\n";
    top.fabric.registers().print(os, top.fabric_base());
}

// speedup_vs_<runtime> for every SpanTrain variant over every baseline variant of the run.
std::map<std::string, nlohmann::json> compare(const std::vector<compared_variant>& variants) {
    std::map<std::string, nlohmann::json> out;
    for (const compared_variant& v : variants) {
        if (v.params.string("spantrain.runtime") != "spantrain") continue;
        const double mine = v.outcome.metrics.value("throughput_samples_per_s", 0.0);
        for (const compared_variant& b : variants) {
            const std::string runtime = b.params.string("spantrain.runtime");
            const double theirs = b.outcome.metrics.value("throughput_samples_per_s", 0.0);
            if (runtime == "spantrain" || theirs <= 0 || mine <= 0) continue;
            std::string key = runtime;
            for (char& c : key)
                if (c == '-') c = '_';
            out[v.name]["speedup_vs_" + key] = mine / theirs;
        }
    }
    return out;
}

} // namespace

const platform_def& spantrain_platform() {
    static const platform_def def{"spantrain",
                                  "host CPU + a network-of-GPUs fabric across cloud, edge and end sites; the SpanTrain "
                                  "runtime (profiler, grouping, planner, zero-bubble pipeline, adapter) and baselines",
                                  "available",
                                  spantrain_config::declare,
                                  default_scenario,
                                  spantrain_config::validate,
                                  run,
                                  print_regs,
                                  compare};
    return def;
}

} // namespace vplab::platforms
