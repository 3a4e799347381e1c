#pragma once
// Transfers that run at the same time on the measured fabric: how a stage boundary's message is split between the
// devices of two data-parallel stages (scatter/gather), and what a set of concurrent transfers costs when some of
// them share their narrowest link.

#include "collectives.h"
#include "grouping.h"

#include <vector>

namespace vplab::spantrain {

struct flow {
    unsigned src = 0, dst = 0;
    double share = 1;  // of the message (boundary) or of the chunk (collective step)
};

// Device i of `from` holds the i-th of |from| equal slices of each micro-batch, device j of `to` the j-th of |to|;
// every overlap of two slices is one transfer of its share. Equal widths pair device i with device i, so replicas
// of a pipeline keep their traffic to themselves.
std::vector<flow> boundary_flows(const std::vector<unsigned>& from, const std::vector<unsigned>& to);

// Concurrent transfers of `bytes x share` each take lat + bytes x s_per_byte: flows whose pairs name the same
// narrowest link split it (its bandwidth taken as the slowest of those pairs), flows that cross the same other link
// of their routes split its capacity, and the busiest link decides.
// `background` flows load the links too but are not themselves costed.
struct concurrent_cost {
    double s_per_byte = 0;
    double lat_s = 0;
};
concurrent_cost concurrent(const fabric_profile& prof, const std::vector<flow>& flows,
                           const std::vector<flow>& background = {});

// One step of a collective whose flows each move a chunk at once, as the link of the alpha-beta formulas.
link_ab step_link(const fabric_profile& prof, const std::vector<flow>& flows);

// The flows of one step of rings over `groups` (each group a ring in its order; groups of one device add none).
std::vector<flow> ring_flows(const std::vector<std::vector<unsigned>>& groups);

} // namespace vplab::spantrain
