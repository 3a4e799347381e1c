#include "spantrain_config.h"

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <gpufabric/bandwidth_trace.h>
#include <sstream>
#include <stdexcept>

namespace vplab::platforms::spantrain_config {

namespace gf = models::gpufabric;

namespace {

config::input_error error_at(const config::values& v, const std::string& key, const std::string& msg) {
    return config::input_error({{v.where(key), key, msg}});
}

std::vector<std::string> split(const std::string& text, char sep) {
    std::vector<std::string> out;
    std::stringstream ss(text);
    for (std::string item; std::getline(ss, item, sep);) {
        const auto b = item.find_first_not_of(" \t"), e = item.find_last_not_of(" \t");
        if (b != std::string::npos) out.push_back(item.substr(b, e - b + 1));
    }
    return out;
}

bool number(const std::string& text, double& out) {
    if (text.empty()) return false;
    char* end = nullptr;
    out = std::strtod(text.c_str(), &end);
    return end == text.c_str() + text.size() && out >= 0;
}

// "cloud:2x4xrtx3090, edge:2x2xrtx3090": site name, servers x GPUs per server x preset.
std::vector<gf::site_spec> parse_sites(const config::values& v) {
    const std::string key = "spantrain.topology.sites";
    std::vector<gf::site_spec> sites;
    for (const std::string& item : split(v.string(key), ',')) {
        const auto colon = item.find(':');
        // The preset name may itself contain an 'x' (rtx3090): only the first two separate numbers.
        std::vector<std::string> parts;
        if (colon != std::string::npos) {
            const std::string rest = item.substr(colon + 1);
            const auto x1 = rest.find('x'), x2 = x1 == std::string::npos ? x1 : rest.find('x', x1 + 1);
            if (x2 != std::string::npos)
                parts = {rest.substr(0, x1), rest.substr(x1 + 1, x2 - x1 - 1), rest.substr(x2 + 1)};
        }
        double servers = 0, gpus = 0;
        if (parts.size() != 3 || !number(parts[0], servers) || !number(parts[1], gpus) || servers < 1 || gpus < 1 ||
            servers != std::floor(servers) || gpus != std::floor(gpus) || colon == 0)
            throw error_at(v, key, "expected NAME:SERVERSxGPUSxPRESET (e.g. cloud:2x4xrtx3090), got '" + item + "'");
        gf::site_spec s;
        s.name = item.substr(0, colon);
        for (const auto& other : sites)
            if (other.name == s.name) throw error_at(v, key, "site '" + s.name + "' listed twice");
        s.servers = static_cast<unsigned>(servers);
        s.gpus_per_server = static_cast<unsigned>(gpus);
        try {
            s.gpu = gf::find_gpu_preset(parts[2]);
        } catch (const std::invalid_argument& e) {
            throw error_at(v, key, e.what());
        }
        sites.push_back(s);
    }
    if (sites.empty()) throw error_at(v, key, "no sites");
    unsigned total = 0;
    for (const auto& s : sites) total += s.servers * s.gpus_per_server;
    if (total > 4096) throw error_at(v, key, std::to_string(total) + " GPUs; at most 4096 are supported");
    if (total < 2) throw error_at(v, key, "at least 2 GPUs are needed");
    return sites;
}

unsigned site_index(const config::values& v, const std::string& key, const std::vector<gf::site_spec>& sites,
                    const std::string& name) {
    for (unsigned i = 0; i < sites.size(); ++i)
        if (sites[i].name == name) return i;
    throw error_at(v, key, "unknown site '" + name + "'");
}

// "cloud-edge:100/20": WAN between two sites, Mbit/s and one-way ms, both directions.
std::vector<gf::wan_spec> parse_wan(const config::values& v, const std::vector<gf::site_spec>& sites) {
    const std::string key = "spantrain.topology.wan";
    std::vector<gf::wan_spec> out;
    for (const std::string& item : split(v.string(key), ',')) {
        const auto colon = item.find(':'), dash = item.find('-'), slash = item.find('/');
        double mbps = 0, ms = 0;
        if (colon == std::string::npos || dash == std::string::npos || slash == std::string::npos || dash > colon ||
            slash < colon || !number(item.substr(colon + 1, slash - colon - 1), mbps) ||
            !number(item.substr(slash + 1), ms) || mbps <= 0)
            throw error_at(v, key, "expected SITE-SITE:MBPS/MS (e.g. cloud-edge:100/20), got '" + item + "'");
        gf::wan_spec w;
        w.site_a = site_index(v, key, sites, item.substr(0, dash));
        w.site_b = site_index(v, key, sites, item.substr(dash + 1, colon - dash - 1));
        if (w.site_a == w.site_b) throw error_at(v, key, "'" + item + "' joins a site to itself");
        w.bw_Bps = mbps * 1e6 / 8;
        w.lat_s = ms * 1e-3;
        out.push_back(w);
    }
    return out;
}

unsigned total_devices(const std::vector<gf::site_spec>& sites) {
    unsigned n = 0;
    for (const auto& s : sites) n += s.servers * s.gpus_per_server;
    return n;
}

// "link_down:cloud-edge@30, device_lost:5@60": times in seconds of simulated time.
std::vector<gf::fault_spec> parse_faults(const config::values& v, const std::vector<gf::site_spec>& sites) {
    const std::string key = "spantrain.faults";
    std::vector<gf::fault_spec> out;
    for (const std::string& item : split(v.string(key), ',')) {
        const auto colon = item.find(':'), at = item.find('@');
        double t = 0;
        const std::string bad = "expected link_down:SITE-SITE@SECONDS or device_lost:ID@SECONDS, got '" + item + "'";
        if (colon == std::string::npos || at == std::string::npos || at < colon) throw error_at(v, key, bad);
        std::string when = item.substr(at + 1);
        if (!when.empty() && when.back() == 's') when.pop_back();
        if (!number(when, t)) throw error_at(v, key, bad);
        const std::string what = item.substr(0, colon), arg = item.substr(colon + 1, at - colon - 1);
        gf::fault_spec f;
        f.t_s = t;
        if (what == "link_down") {
            const auto dash = arg.find('-');
            if (dash == std::string::npos) throw error_at(v, key, bad);
            f.what = gf::fault_spec::kind::link_down;
            f.a = site_index(v, key, sites, arg.substr(0, dash));
            f.b = site_index(v, key, sites, arg.substr(dash + 1));
            if (f.a == f.b) throw error_at(v, key, "'" + item + "' joins a site to itself");
        } else if (what == "device_lost") {
            double id = 0;
            if (!number(arg, id) || id != std::floor(id)) throw error_at(v, key, bad);
            if (id >= total_devices(sites))
                throw error_at(v, key, "device " + arg + " does not exist (the fabric has " +
                                           std::to_string(total_devices(sites)) + " GPUs)");
            f.what = gf::fault_spec::kind::device_lost;
            f.a = static_cast<unsigned>(id);
        } else {
            throw error_at(v, key, bad);
        }
        out.push_back(f);
    }
    return out;
}

std::vector<spantrain::schedule_kind> parse_schedules(const config::values& v) {
    const std::string key = "spantrain.planner.schedules";
    std::vector<spantrain::schedule_kind> out;
    for (const std::string& item : split(v.string(key), ',')) {
        try {
            out.push_back(spantrain::parse_schedule(item));
        } catch (const std::invalid_argument& e) {
            throw error_at(v, key, e.what());
        }
    }
    if (out.empty()) throw error_at(v, key, "no schedules");
    return out;
}

spantrain::model_spec model(const config::values& v) {
    spantrain::model_spec m;
    const std::string& name = v.string("workload.model");
    if (name == "custom") {
        m.name = "custom";
        m.layers = static_cast<unsigned>(v.unsigned_("workload.layers"));
        m.hidden = static_cast<unsigned>(v.unsigned_("workload.hidden"));
        m.heads = static_cast<unsigned>(v.unsigned_("workload.heads"));
        m.vocab = static_cast<unsigned>(v.unsigned_("workload.vocab"));
        m.seq = 1024;
    } else {
        m = spantrain::model_preset(name);
    }
    if (v.unsigned_("workload.seq")) m.seq = static_cast<unsigned>(v.unsigned_("workload.seq"));
    return m;
}

std::string resolve(const config::values& v, const std::string& key) {
    const std::filesystem::path path(v.string(key));
    const config::location& where = v.where(key);
    if (path.is_relative() && where.line > 0 && !where.source.empty() && where.source != "--set")
        return (std::filesystem::path(where.source).parent_path() / path).lexically_normal().string();
    return path.string();
}

} // namespace

void declare(config::schema& s) {
    std::vector<std::string> models = spantrain::model_preset_names();
    models.push_back("custom");
    s.unsigned_("spantrain.fabric.base", 0x20000000ull, "bus address of the fabric's registers")
        .time("spantrain.cpu.access_cost", "1ns", "host CPU time per register access")
        .string("spantrain.topology.sites", "cloud:2x4xrtx3090,edge:2x2xrtx3090,end:3x1xrtx3090",
                "sites as NAME:SERVERSxGPUSxPRESET, comma separated; presets rtx3090, a100, v100, t4, jetson")
        .string("spantrain.topology.wan", "cloud-edge:100/20,cloud-end:100/30",
                "WAN overrides as SITE-SITE:MBPS/MS (both directions); other site pairs use the wan defaults")
        .real("spantrain.link.port_gbps", 200, "intra-node tier: each GPU's port (PCIe/NVLink) per direction, Gbit/s",
              0.001)
        .time("spantrain.link.port_latency", "5us", "intra-node latency")
        .real("spantrain.link.nic_gbps", 10, "LAN tier: each server's NIC per direction, Gbit/s", 0.001)
        .time("spantrain.link.lan_latency", "200us", "LAN latency between servers of a site")
        .real("spantrain.link.wan_mbps", 500, "WAN tier default per site pair and direction, Mbit/s", 0.001)
        .time("spantrain.link.wan_latency", "10ms", "WAN default one-way latency")
        .boolean("spantrain.fluctuation.enabled", false, "WAN bandwidth follows the generator (or the trace)")
        .time("spantrain.fluctuation.step", "1s", "period of the AR(1) noise update", 1e6)
        .real("spantrain.fluctuation.phi", 0.9, "AR(1) coefficient per step", 0, 0.999)
        .real("spantrain.fluctuation.sigma", 0.08, "stationary standard deviation of the relative noise", 0, 1)
        .real("spantrain.fluctuation.dip_rate_per_hour", 4, "Poisson rate of bandwidth dips per WAN link", 0)
        .real("spantrain.fluctuation.dip_depth_min", 0.3, "smallest share of bandwidth a dip takes", 0, 1)
        .real("spantrain.fluctuation.dip_depth_max", 0.9, "largest share of bandwidth a dip takes", 0, 1)
        .time("spantrain.fluctuation.dip_mean", "30s", "mean dip duration (exponential)", 1)
        .real("spantrain.fluctuation.outage_rate_per_hour", 0.5, "Poisson rate of outages (bandwidth 0)", 0)
        .time("spantrain.fluctuation.outage_mean", "5s", "mean outage duration (exponential)", 1)
        .string("spantrain.fluctuation.trace", "",
                "CSV t_s,src,dst,bandwidth_mbps,latency_ms replayed on WAN links (relative to the scenario)")
        .string("spantrain.faults", "", "faults as link_down:SITE-SITE@SECONDS or device_lost:ID@SECONDS, comma "
                                        "separated")
        .choice("spantrain.runtime", "spantrain", {"spantrain", "ddp", "ddp-hier", "gpipe", "1f1b", "zb-h1"},
                "training runtime: SpanTrain or a baseline on the same fabric")
        .boolean("spantrain.adapt", true, "the adapter re-plans on bandwidth changes (spantrain runtime)")
        .real("spantrain.adapter.threshold", 0.25, "relative bandwidth change that triggers a re-plan", 0.01, 10)
        .real("spantrain.grouping.net_mbps", 1000, "pairs at least this fast share a level-1 (network) group", 0.001)
        .real("spantrain.grouping.compute_ratio", 1.5, "level-2 split where compute scores differ by this ratio", 1)
        .string("spantrain.planner.schedules", "1f1b,zb-h1,zb-h2,zb-adaptive", "schedules the planner may choose")
        .bytes("spantrain.profiler.small_bytes", "1KiB", "payload of the probe's small transfer", 1, 1 << 30)
        .bytes("spantrain.profiler.large_bytes", "4MiB", "payload of the probe's large transfer", 2, 1ull << 34)
        .real("spantrain.profiler.bench_flops", 2e12, "FLOPs of the per-device compute benchmark", 1e6)
        .unsigned_("spantrain.timeline_iterations", 2, "iterations recorded in timeline.json", 0, 1000)
        .choice("workload.model", "gpt2-medium", models, "transformer to train")
        .unsigned_("workload.layers", 24, "custom model: layers", 1, 1024)
        .unsigned_("workload.hidden", 1024, "custom model: hidden size", 1, 65536)
        .unsigned_("workload.heads", 16, "custom model: attention heads", 1, 1024)
        .unsigned_("workload.vocab", 50257, "custom model: vocabulary", 1, 1u << 24)
        .unsigned_("workload.seq", 0, "sequence length; 0: the model's own", 0, 1u << 20)
        .unsigned_("workload.batch", 32, "global batch (samples per iteration)", 1, 1u << 20)
        .unsigned_("workload.micro_batches", 0, "micro-batches per iteration; 0: the planner chooses", 0, 1u << 16)
        .unsigned_("workload.iterations", 4, "training iterations", 1, 100000)
        .time("workload.timeout", "1000s", "longest wait for any fabric completion", 1);
}

void validate(const config::values& v) {
    const auto sites = parse_sites(v);
    parse_wan(v, sites);
    parse_faults(v, sites);
    parse_schedules(v);
    const std::uint64_t m = v.unsigned_("workload.micro_batches"), b = v.unsigned_("workload.batch");
    if (m && b % m)
        throw error_at(v, "workload.micro_batches", "must divide workload.batch (" + std::to_string(b) + ")");
    if (v.real("spantrain.fluctuation.dip_depth_min") > v.real("spantrain.fluctuation.dip_depth_max"))
        throw error_at(v, "spantrain.fluctuation.dip_depth_min", "is above spantrain.fluctuation.dip_depth_max");
    if (v.bytes("spantrain.profiler.small_bytes") >= v.bytes("spantrain.profiler.large_bytes"))
        throw error_at(v, "spantrain.profiler.small_bytes", "must be below spantrain.profiler.large_bytes");
}

gf::fabric_spec fabric(const config::values& v, std::uint64_t seed) {
    gf::fabric_spec f;
    f.sites = parse_sites(v);
    f.wan = parse_wan(v, f.sites);
    f.faults = parse_faults(v, f.sites);
    auto seconds = [&](const char* key) { return static_cast<double>(v.time_ps(key)) * 1e-12; };
    f.port_bw_Bps = v.real("spantrain.link.port_gbps") * 1e9 / 8;
    f.port_lat_s = seconds("spantrain.link.port_latency");
    f.nic_bw_Bps = v.real("spantrain.link.nic_gbps") * 1e9 / 8;
    f.lan_lat_s = seconds("spantrain.link.lan_latency");
    f.wan_bw_Bps = v.real("spantrain.link.wan_mbps") * 1e6 / 8;
    f.wan_lat_s = seconds("spantrain.link.wan_latency");
    gf::fluctuation_spec& fl = f.fluctuation;
    fl.enabled = v.boolean("spantrain.fluctuation.enabled");
    fl.step_s = seconds("spantrain.fluctuation.step");
    fl.phi = v.real("spantrain.fluctuation.phi");
    fl.sigma = v.real("spantrain.fluctuation.sigma");
    fl.dip_rate_per_s = v.real("spantrain.fluctuation.dip_rate_per_hour") / 3600;
    fl.dip_depth_min = v.real("spantrain.fluctuation.dip_depth_min");
    fl.dip_depth_max = v.real("spantrain.fluctuation.dip_depth_max");
    fl.dip_mean_s = seconds("spantrain.fluctuation.dip_mean");
    fl.outage_rate_per_s = v.real("spantrain.fluctuation.outage_rate_per_hour") / 3600;
    fl.outage_mean_s = seconds("spantrain.fluctuation.outage_mean");
    fl.seed = seed;
    const std::string trace = v.string("spantrain.fluctuation.trace");
    if (fl.enabled && !trace.empty()) {
        const std::string path = resolve(v, "spantrain.fluctuation.trace");
        std::ifstream in(path);
        if (!in) throw error_at(v, "spantrain.fluctuation.trace", "cannot open '" + path + "'");
        f.trace = gf::parse_bandwidth_trace(in, path, f.sites);
    }
    return f;
}

apps::train_params training(const config::values& v) {
    apps::train_params p;
    p.runtime = v.string("spantrain.runtime");
    p.plan.model = model(v);
    p.plan.global_batch = static_cast<unsigned>(v.unsigned_("workload.batch"));
    p.plan.schedules = parse_schedules(v);
    if (const auto m = v.unsigned_("workload.micro_batches")) p.plan.micro_batch_counts = {static_cast<unsigned>(m)};
    p.iterations = static_cast<unsigned>(v.unsigned_("workload.iterations"));
    p.adapt = v.boolean("spantrain.adapt");
    p.adapter.threshold = v.real("spantrain.adapter.threshold");
    p.grouping.net_bw_Bps = v.real("spantrain.grouping.net_mbps") * 1e6 / 8;
    p.grouping.compute_ratio = v.real("spantrain.grouping.compute_ratio");
    p.profiler.small_bytes = static_cast<std::uint32_t>(v.bytes("spantrain.profiler.small_bytes"));
    p.profiler.large_bytes = v.bytes("spantrain.profiler.large_bytes");
    p.profiler.bench_flops = v.real("spantrain.profiler.bench_flops");
    p.timeout_ns = v.time_ps("workload.timeout") / 1000;
    p.profiler.timeout_ns = p.timeout_ns;
    p.timeline_iterations = static_cast<unsigned>(v.unsigned_("spantrain.timeline_iterations"));
    return p;
}

} // namespace vplab::platforms::spantrain_config
