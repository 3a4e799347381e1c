#pragma once
// Every timing and size knob of the GPU memory model, in core cycles. Defaults and their sources are in
// docs/l1agg.md; the platform fills this from the scenario's `l1agg.*` keys.

#include "sector_cache.h"

#include <dram/dram_config.h>

#include <cstdint>
#include <string>

namespace vplab::l1agg {

enum class organisation { private_l1, sliced, ata };
enum class cta_mapping { round_robin, clustered };

organisation parse_organisation(const std::string& s);   // "private" | "sliced" | "ata"; throws invalid_argument
const char* to_string(organisation o);
cta_mapping parse_mapping(const std::string& s);          // "round_robin" | "clustered"
const char* to_string(cta_mapping m);

struct gpu_params {
    organisation org = organisation::private_l1;
    unsigned cores = 16;
    unsigned cluster_size = 4;        // cores sharing one crossbar (and, for sliced/ata, one L1 pool)
    unsigned max_warps_per_core = 32; // resident warps; CTAs per core = this / warps per CTA
    double issue_per_cycle = 4;       // warp instructions issued per core per cycle (4 schedulers, Volta)

    cache_geometry l1{64, 4};         // 32 KiB with 128-byte lines
    double l1_hit_latency = 28;       // QV100 -l1_latency
    double l1_tag_per_cycle = 1;      // line lookups per cycle per L1 tag array
    double l1_port_bytes = 128;       // L1 data-array bytes per cycle (hits, remote reads and fills share it)
    unsigned l1_mshrs = 64;           // outstanding line misses per L1
    bool write_allocate = true;       // write-through with allocate (Volta+); false: no-allocate

    double tag_probe_latency = 2;     // ATA: cycles added on the local-miss path to learn where the line is
    double ata_probes_per_cycle = 4;  // ATA lookups per cycle per cluster
    bool ata_fill_local = true;       // ATA: copy a remotely hit line into the local L1 (replication allowed)
    double xbar_hop_latency = 6;      // one crossbar traversal
    double xbar_bytes = 32;           // bytes per cycle per crossbar port (one input and one output port per core)
    unsigned xbar_header_bytes = 8;   // request message size (address + command)

    unsigned l2_slices = 8;
    cache_geometry l2{256, 16};       // per slice: 512 KiB
    double l2_latency = 120;          // hit latency after the slice port
    double l2_bytes = 64;             // bytes per cycle per slice
    double noc_latency = 20;          // one way between a core and an L2 slice

    // DRAM behind the L2: one models/dram channel controller per channel, in its own clock. spec.org.channels
    // is the channel count; the default is HBM2 (a V100 has HBM2), 4 channels.
    dram::dram_config dram = default_dram();
    std::uint64_t clock_ps = 883;     // core clock period: converts core cycles to DRAM cycles exactly

    static dram::dram_config default_dram();
};

// Throws std::invalid_argument naming the parameter that is out of range.
void check(const gpu_params& p);

} // namespace vplab::l1agg
