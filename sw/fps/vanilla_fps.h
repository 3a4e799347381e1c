#pragma once
// Vanilla farthest point sampling, the golden sequence: every iteration streams all N points, lowers each point's
// squared distance to the sampled set and picks the largest; ties go to the lowest index.

#include "fps_types.h"

namespace vplab::fps {

// Returns K original indices, the first being `start`. Throws std::invalid_argument on bad input (check_input).
// With more samples than distinct points, already sampled points (distance 0) are picked again, lowest index first,
// as every vanilla implementation does.
std::vector<std::uint32_t> vanilla_fps(const std::vector<point3>& points, std::size_t k, std::size_t start = 0,
                                       fps_counters* counters = nullptr);

} // namespace vplab::fps
