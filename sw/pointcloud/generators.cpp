#include "generators.h"

#include <cmath>
#include <stdexcept>

namespace vplab::pointcloud {

namespace {

// splitmix64: tiny, fast and the same everywhere.
class rng {
public:
    explicit rng(std::uint64_t seed) : m_state(seed) {}
    std::uint64_t next() {
        std::uint64_t z = (m_state += 0x9e3779b97f4a7c15ull);
        z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
        z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
        return z ^ (z >> 31);
    }
    float uniform() { return static_cast<float>(next() >> 40) * (1.0f / 16777216.0f); }  // [0, 1)
    double uniform_d() { return static_cast<double>(next() >> 11) * (1.0 / 9007199254740992.0); }
    double normal() {  // Box-Muller
        const double u1 = 1.0 - uniform_d(), u2 = uniform_d();
        return std::sqrt(-2.0 * std::log(u1)) * std::cos(6.283185307179586 * u2);
    }

private:
    std::uint64_t m_state;
};

} // namespace

std::vector<point3> uniform_cube(std::size_t n, std::uint64_t seed) {
    rng r(seed);
    std::vector<point3> p(n);
    for (point3& q : p) {
        q.x = r.uniform();
        q.y = r.uniform();
        q.z = r.uniform();
    }
    return p;
}

std::vector<point3> sphere_surface(std::size_t n, std::uint64_t seed) {
    rng r(seed);
    std::vector<point3> p(n);
    for (point3& q : p) {
        double v[3], len = 0;
        do {
            for (double& c : v) c = r.normal();
            len = std::sqrt(v[0] * v[0] + v[1] * v[1] + v[2] * v[2]);
        } while (len < 1e-9);
        q = {static_cast<float>(v[0] / len), static_cast<float>(v[1] / len), static_cast<float>(v[2] / len)};
    }
    return p;
}

std::vector<point3> gaussian_clusters(std::size_t n, std::uint64_t seed, unsigned clusters, float sigma) {
    rng r(seed);
    if (clusters == 0) clusters = 1;
    std::vector<point3> centres(clusters);
    for (point3& c : centres) c = {0.1f + 0.8f * r.uniform(), 0.1f + 0.8f * r.uniform(), 0.1f + 0.8f * r.uniform()};
    std::vector<point3> p(n);
    for (point3& q : p) {
        const point3& c = centres[r.next() % clusters];
        q = {c.x + sigma * static_cast<float>(r.normal()), c.y + sigma * static_cast<float>(r.normal()),
             c.z + sigma * static_cast<float>(r.normal())};
    }
    return p;
}

std::vector<point3> lidar_sweep(std::size_t n, std::uint64_t seed, unsigned rings) {
    rng r(seed);
    if (rings == 0) rings = 1;
    if (n == 0) return {};
    constexpr double pi = 3.141592653589793, sensor_height = 1.73, max_range = 80;
    // A street: building fronts 9 m to the left and 11 m to the right, the road ahead and behind, and parked
    // car-sized boxes along both kerbs.
    struct box { double lo[3], hi[3], az_lo, az_hi; };
    std::vector<box> cars;
    for (int i = 0; i < 12; ++i) {
        const double x = -40 + 80 * r.uniform_d();
        const double y = (r.next() & 1) ? 4 + 1.5 * r.uniform_d() : -6 - 1.5 * r.uniform_d();
        box b{{x, y, -sensor_height}, {x + 4.5, y + 1.8, -sensor_height + 1.5}, pi, -pi};
        // Boxes lie wholly on one side of the x axis, so their azimuth span does not wrap around.
        for (double cx : {b.lo[0], b.hi[0]})
            for (double cy : {b.lo[1], b.hi[1]}) {
                b.az_lo = std::min(b.az_lo, std::atan2(cy, cx));
                b.az_hi = std::max(b.az_hi, std::atan2(cy, cx));
            }
        cars.push_back(b);
    }
    std::vector<double> cos_el(rings), sin_el(rings);
    for (unsigned ring = 0; ring < rings; ++ring) {
        const double elev = (-24.8 + 26.8 * ring / std::max(1u, rings - 1)) * pi / 180;
        cos_el[ring] = std::cos(elev);
        sin_el[ring] = std::sin(elev);
    }
    // Enough rays for n returns (most rays hit something within range), then an even pick of n.
    const std::size_t steps = std::max<std::size_t>(16, (3 * n / 2 + rings - 1) / rings);
    std::vector<point3> hits;
    hits.reserve(steps * rings);
    std::vector<const box*> near;
    for (std::size_t step = 0; step < steps; ++step) {
        const double az = 2 * pi * (step + 0.3 * r.uniform_d()) / steps;
        const double az_signed = az > pi ? az - 2 * pi : az;
        near.clear();
        for (const box& b : cars)
            if (az_signed >= b.az_lo && az_signed <= b.az_hi) near.push_back(&b);
        const double ca = std::cos(az), sa = std::sin(az);
        for (unsigned ring = 0; ring < rings; ++ring) {
            const double d[3] = {cos_el[ring] * ca, cos_el[ring] * sa, sin_el[ring]};
            double t = max_range + 1;
            if (d[2] < 0) t = sensor_height / -d[2];  // ground
            if (d[1] > 1e-9) t = std::min(t, 9 / d[1]);  // building fronts
            if (d[1] < -1e-9) t = std::min(t, 11 / -d[1]);
            for (const box* b : near) {  // slab test from the sensor at the origin
                double lo = 0, hi = max_range;
                for (int k = 0; k < 3 && lo <= hi; ++k) {
                    if (std::fabs(d[k]) < 1e-12) {
                        if (0 < b->lo[k] || 0 > b->hi[k]) hi = -1;
                        continue;
                    }
                    double a = b->lo[k] / d[k], c = b->hi[k] / d[k];
                    if (a > c) std::swap(a, c);
                    lo = std::max(lo, a);
                    hi = std::min(hi, c);
                }
                if (lo <= hi && lo > 0) t = std::min(t, lo);
            }
            if (t > max_range) continue;  // no return
            t += 0.02 * r.normal();       // range noise, about 2 cm
            hits.push_back({static_cast<float>(t * d[0]), static_cast<float>(t * d[1]), static_cast<float>(t * d[2])});
        }
    }
    if (hits.empty()) hits.push_back({0, 0, -static_cast<float>(sensor_height)});  // cannot happen with rings > 0
    std::vector<point3> p(n);
    for (std::size_t i = 0; i < n; ++i) p[i] = hits[i * hits.size() / n];
    return p;
}

const std::vector<std::string>& generator_names() {
    static const std::vector<std::string> names{"uniform", "sphere", "clusters", "lidar"};
    return names;
}

std::vector<point3> generate(const std::string& kind, std::size_t n, std::uint64_t seed) {
    if (kind == "uniform") return uniform_cube(n, seed);
    if (kind == "sphere") return sphere_surface(n, seed);
    if (kind == "clusters") return gaussian_clusters(n, seed);
    if (kind == "lidar") return lidar_sweep(n, seed);
    throw std::invalid_argument("unknown point cloud generator '" + kind + "' (uniform, sphere, clusters, lidar)");
}

} // namespace vplab::pointcloud
