#pragma once
// Alpha-beta cost of collectives (reference note 4.3; the busbw factors of nccl-tests): n bytes over p ranks,
// per-hop latency `lat_s` and the slowest link's bandwidth `bw_Bps` in bytes per second.

namespace vplab::spantrain {

struct link_ab {
    double lat_s = 0;
    double bw_Bps = 1;
};

// 2(p-1) lat + 2(p-1)/p n/bw.
double ring_allreduce_s(double bytes, unsigned p, link_ab link);
// (p-1) lat + (p-1)/p n/bw (reduce-scatter or all-gather alone).
double ring_reduce_scatter_s(double bytes, unsigned p, link_ab link);
// Pipelined (double binary) tree: 2 log2(p) lat + 2 n/bw; wins for small n or high latency.
double tree_allreduce_s(double bytes, unsigned p, link_ab link);
// Two levels, k ranks per group and g groups: reduce-scatter inside each group, all-reduce of the n/k shard across
// groups, all-gather inside: cross-group bytes fall by k.
double hierarchical_allreduce_s(double bytes, unsigned k, unsigned g, link_ab intra, link_ab inter);
// Bytes one rank sends over the inter-group link in the hierarchical all-reduce, and in a flat ring.
double hierarchical_inter_bytes(double bytes, unsigned k, unsigned g);
double ring_bytes_per_rank(double bytes, unsigned p);

} // namespace vplab::spantrain
