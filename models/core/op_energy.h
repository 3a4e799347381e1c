#pragma once
// Energy of primitive operations at 45 nm, 0.9 V, from M. Horowitz, "Computing's energy problem (and what we can
// do about it)", ISSCC 2014 (the per-operation energy table of the keynote). Every model that charges energy per
// operation takes its defaults from here, so one figure has one source; models scale them with their own
// technology factor and keep their design choices (figures no source gives) to themselves.

#include <algorithm>
#include <cmath>
#include <cstdint>

namespace vplab::core::op_energy {

// Integer arithmetic
inline constexpr double int_add8_pj = 0.03;
inline constexpr double int_add32_pj = 0.1;
inline constexpr double int_mul8_pj = 0.2;
inline constexpr double int_mul32_pj = 3.1;
// IEEE floating point
inline constexpr double fp_add16_pj = 0.4;
inline constexpr double fp_add32_pj = 0.9;
inline constexpr double fp_mul16_pj = 1.1;
inline constexpr double fp_mul32_pj = 3.7;
// One 64-bit read from an SRAM of 8 KB, 32 KB and 1 MB, and from DRAM (1.3-2.6 nJ: the low end)
inline constexpr double sram8k_64b_pj = 10;
inline constexpr double sram32k_64b_pj = 20;
inline constexpr double sram1m_64b_pj = 100;
inline constexpr double dram_64b_pj = 1300;

// Energy of one byte from an SRAM of `capacity` bytes: a 64-bit access / 8, log-linear in the capacity between
// the three sizes above (the 8 KB figure below 8 KB; extrapolated past 1 MB). The three points can be overridden.
inline double sram_byte_pj(std::uint64_t capacity, double e8k = sram8k_64b_pj, double e32k = sram32k_64b_pj,
                           double e1m = sram1m_64b_pj) {
    const double kb = std::max(1.0, static_cast<double>(capacity) / 1024.0);
    const double x0 = std::log2(8.0), x1 = std::log2(32.0), x2 = std::log2(1024.0), x = std::log2(kb);
    double e64;
    if (x <= x0) e64 = e8k;
    else if (x <= x1) e64 = e8k + (e32k - e8k) * (x - x0) / (x1 - x0);
    else e64 = e32k + (e1m - e32k) * (x - x1) / (x2 - x1);
    return e64 / 8.0;
}

} // namespace vplab::core::op_energy
