#include "kernel_stats.h"

namespace vplab::l1agg {

kernel_stats& kernel_stats::operator+=(const kernel_stats& o) {
    cycles += o.cycles;
    instructions += o.instructions;
    mem_instructions += o.mem_instructions;
    accesses += o.accesses;
    store_accesses += o.store_accesses;
    local_hits += o.local_hits;
    remote_hits += o.remote_hits;
    misses += o.misses;
    pending_hits += o.pending_hits;
    mshr_merges += o.mshr_merges;
    mshr_stalls += o.mshr_stalls;
    remote_probes_avoided += o.remote_probes_avoided;
    remote_l1_reads += o.remote_l1_reads;
    remote_refetches += o.remote_refetches;
    ata_invalidations += o.ata_invalidations;
    l2_accesses += o.l2_accesses;
    l2_hits += o.l2_hits;
    dram_reads += o.dram_reads;
    dram_writes += o.dram_writes;
    replicated_lines += o.replicated_lines;
    valid_lines += o.valid_lines;
    crossbar_stall_cycles += o.crossbar_stall_cycles;
    l1_port_stall_cycles += o.l1_port_stall_cycles;
    crossbar_bytes += o.crossbar_bytes;
    load_bytes_requested += o.load_bytes_requested;
    load_bytes_delivered += o.load_bytes_delivered;
    fetch_bytes_sent += o.fetch_bytes_sent;
    fetch_bytes_returned += o.fetch_bytes_returned;
    store_bytes_sent += o.store_bytes_sent;
    store_bytes_at_l2 += o.store_bytes_at_l2;
    unfinished_warps += o.unfinished_warps;
    open_mshrs += o.open_mshrs;
    latency += o.latency;
    return *this;
}

bool kernel_stats::conserved(std::string* why) const {
    auto fail = [why](const std::string& text) {
        if (why) *why = text;
        return false;
    };
    if (local_hits + remote_hits + misses != accesses)
        return fail("local hits + remote hits + misses (" + std::to_string(local_hits + remote_hits + misses) +
                    ") != accesses (" + std::to_string(accesses) + ")");
    if (load_bytes_requested != load_bytes_delivered)
        return fail("load bytes requested " + std::to_string(load_bytes_requested) + " != delivered " +
                    std::to_string(load_bytes_delivered));
    if (fetch_bytes_sent != fetch_bytes_returned)
        return fail("L2 fetch bytes sent " + std::to_string(fetch_bytes_sent) + " != returned " +
                    std::to_string(fetch_bytes_returned));
    if (store_bytes_sent != store_bytes_at_l2)
        return fail("store bytes sent " + std::to_string(store_bytes_sent) + " != received by L2 " +
                    std::to_string(store_bytes_at_l2));
    if (unfinished_warps || open_mshrs)
        return fail(std::to_string(unfinished_warps) + " warps unfinished, " + std::to_string(open_mshrs) +
                    " MSHRs still open");
    return true;
}

} // namespace vplab::l1agg
