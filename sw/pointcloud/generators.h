#pragma once
// Seeded synthetic point clouds standing in for the datasets FPS accelerators are evaluated on: the same seed
// gives the same cloud on every machine (integer RNG, no library distributions).

#include <fps/fps_types.h>

#include <cstdint>
#include <string>
#include <vector>

namespace vplab::pointcloud {

using fps::point3;

std::vector<point3> uniform_cube(std::size_t n, std::uint64_t seed);     // [0, 1)^3 (a ModelNet-size object)
std::vector<point3> sphere_surface(std::size_t n, std::uint64_t seed);   // unit sphere
std::vector<point3> gaussian_clusters(std::size_t n, std::uint64_t seed, unsigned clusters = 16,
                                      float sigma = 0.04f);              // indoor-scan-like clumps in [0, 1)^3
// A spinning LiDAR frame: `rings` lasers from -24.8 to +2 degrees elevation (the HDL-64E's span, as in KITTI) over a
// full turn, a street (ground 1.73 m below the sensor, building fronts at 9 and 11 m, parked cars), 2 cm range
// noise, returns beyond 80 m dropped; n returns picked evenly from the sweep.
std::vector<point3> lidar_sweep(std::size_t n, std::uint64_t seed, unsigned rings = 64);

// "uniform", "sphere", "clusters", "lidar"; throws std::invalid_argument otherwise.
std::vector<point3> generate(const std::string& kind, std::size_t n, std::uint64_t seed);
const std::vector<std::string>& generator_names();

} // namespace vplab::pointcloud
