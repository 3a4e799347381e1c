#include "collectives.h"

#include <cmath>

namespace vplab::spantrain {

double ring_allreduce_s(double bytes, unsigned p, link_ab link) {
    if (p <= 1) return 0;
    return 2.0 * (p - 1) * link.lat_s + 2.0 * (p - 1) / p * bytes / link.bw_Bps;
}

double ring_reduce_scatter_s(double bytes, unsigned p, link_ab link) {
    if (p <= 1) return 0;
    return (p - 1) * link.lat_s + static_cast<double>(p - 1) / p * bytes / link.bw_Bps;
}

double tree_allreduce_s(double bytes, unsigned p, link_ab link) {
    if (p <= 1) return 0;
    return 2.0 * std::ceil(std::log2(static_cast<double>(p))) * link.lat_s + 2.0 * bytes / link.bw_Bps;
}

double hierarchical_allreduce_s(double bytes, unsigned k, unsigned g, link_ab intra, link_ab inter) {
    const double shard = bytes / (k ? k : 1);
    return 2.0 * ring_reduce_scatter_s(bytes, k, intra) + ring_allreduce_s(shard, g, inter);
}

double hierarchical_inter_bytes(double bytes, unsigned k, unsigned g) {
    return ring_bytes_per_rank(bytes / (k ? k : 1), g);
}

double ring_bytes_per_rank(double bytes, unsigned p) { return p <= 1 ? 0 : 2.0 * (p - 1) / p * bytes; }

} // namespace vplab::spantrain
