#include "gpu_params.h"

#include <dram/address_mapper.h>

#include <stdexcept>

namespace vplab::l1agg {

organisation parse_organisation(const std::string& s) {
    if (s == "private") return organisation::private_l1;
    if (s == "sliced") return organisation::sliced;
    if (s == "ata") return organisation::ata;
    throw std::invalid_argument("unknown organisation '" + s + "' (private, sliced, ata)");
}

const char* to_string(organisation o) {
    switch (o) {
    case organisation::private_l1: return "private";
    case organisation::sliced: return "sliced";
    case organisation::ata: return "ata";
    }
    return "?";
}

cta_mapping parse_mapping(const std::string& s) {
    if (s == "round_robin") return cta_mapping::round_robin;
    if (s == "clustered") return cta_mapping::clustered;
    throw std::invalid_argument("unknown CTA mapping '" + s + "' (round_robin, clustered)");
}

const char* to_string(cta_mapping m) { return m == cta_mapping::clustered ? "clustered" : "round_robin"; }

dram::dram_config gpu_params::default_dram() {
    dram::dram_config c;
    c.spec = dram::preset("hbm2");
    c.spec.org.channels = 4;
    return c;
}

void check(const gpu_params& p) {
    auto need = [](bool ok, const char* what) {
        if (!ok) throw std::invalid_argument(what);
    };
    need(p.cores > 0, "cores must be positive");
    need(p.cluster_size > 0 && p.cores % p.cluster_size == 0, "cores must be a multiple of the cluster size");
    need(p.max_warps_per_core > 0 && p.issue_per_cycle > 0, "warps per core and issue rate must be positive");
    need(p.l1.sets > 0 && p.l1.ways > 0 && p.l2.sets > 0 && p.l2.ways > 0, "cache sets and ways must be positive");
    need(p.l1_tag_per_cycle > 0 && p.l1_port_bytes > 0 && p.l1_mshrs > 0, "L1 rates and MSHRs must be positive");
    need(p.ata_probes_per_cycle > 0 && p.xbar_bytes > 0, "crossbar and ATA rates must be positive");
    need(p.l2_slices > 0 && p.l2_bytes > 0, "L2 slices and their rate must be positive");
    need(p.clock_ps > 0, "the core clock period must be positive");
    p.dram.spec.validate();                                  // throws invalid_argument naming the value
    dram::address_mapper(p.dram.spec.org, p.dram.mapping);  // likewise for a malformed mapping
    need(p.dram.controller.queue_depth > 0, "the DRAM queue depth must be positive");
}

} // namespace vplab::l1agg
