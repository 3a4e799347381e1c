#pragma once
// What a fabric is built from: sites of servers of GPUs, the three link tiers, per-site-pair WAN figures,
// fluctuation and faults. Plain data; the platform fills it from the scenario.

#include "gpu_preset.h"

#include <cstdint>
#include <string>
#include <vector>

namespace vplab::models::gpufabric {

struct site_spec {
    std::string name;
    unsigned servers = 1;
    unsigned gpus_per_server = 1;
    gpu_preset gpu;
};

struct wan_spec {
    unsigned site_a = 0, site_b = 0;  // both directions
    double bw_Bps = 0;
    double lat_s = 0;
};

struct fluctuation_spec {
    bool enabled = false;
    double step_s = 1.0;            // AR(1) update period
    double phi = 0.9;               // AR(1) coefficient per step
    double sigma = 0.08;            // stationary standard deviation of the relative noise
    double dip_rate_per_s = 1.0 / 600;
    double dip_depth_min = 0.3, dip_depth_max = 0.9;  // share of bandwidth lost during a dip
    double dip_mean_s = 30;
    double outage_rate_per_s = 1.0 / 7200;
    double outage_mean_s = 5;
    std::uint64_t seed = 1;
};

// One line of a bandwidth trace: from t_s on, the WAN link site_a -> site_b has this bandwidth and latency.
struct trace_point {
    double t_s = 0;
    unsigned site_a = 0, site_b = 0;
    double bw_Bps = 0;
    double lat_s = 0;
};

struct fault_spec {
    enum class kind { link_down, device_lost } what = kind::device_lost;
    double t_s = 0;
    unsigned a = 0, b = 0;  // link_down: sites a and b (both directions); device_lost: device a
};

struct fabric_spec {
    std::vector<site_spec> sites;
    double port_bw_Bps = 25e9;   // intra-node: each GPU's PCIe/NVLink port, per direction
    double port_lat_s = 5e-6;
    double nic_bw_Bps = 1.25e9;  // intra-site LAN: each server's NIC, per direction (10 Gbit/s)
    double lan_lat_s = 0.2e-3;
    double wan_bw_Bps = 62.5e6;  // inter-site default (500 Mbit/s) per direction, shared by the site pair
    double wan_lat_s = 10e-3;
    std::vector<wan_spec> wan;   // overrides of the default per site pair
    fluctuation_spec fluctuation;
    std::vector<trace_point> trace;  // replayed when not empty (instead of the generator)
    std::vector<fault_spec> faults;
    unsigned max_sets = 64;
    unsigned max_ops = 1u << 16;  // operations in flight plus completions not yet popped
};

// The devices a spec builds (each has its register block).
inline unsigned gpu_fabric_device_count(const fabric_spec& spec) {
    unsigned n = 0;
    for (const site_spec& s : spec.sites) n += s.servers * s.gpus_per_server;
    return n;
}

} // namespace vplab::models::gpufabric
