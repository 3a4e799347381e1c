#include "fineq_baseline.h"

#include <algorithm>
#include <cmath>
#include <fineq_quant/group_format.h>

namespace vplab::platforms {

using namespace models::fineq;

fineq_baseline evaluate_baseline(const fineq_accel::params& device, const fineq::matrix& weights, std::uint64_t m,
                                 double high_fraction, std::size_t group) {
    const fineq::group_size p = fineq::mixed_encoded_size(weights, high_fraction, group);  // sizes are all it needs
    array_config a = device.array;
    a.pe = regs::fineq::pe_multiplier;
    const gemm_shape g{m, weights.rows, weights.cols, group};
    // A tile's share of the packed bytes, by its share of the weights (mixed rows differ little in length).
    const double bytes_per_weight = static_cast<double>(p.bytes()) / static_cast<double>(g.n * g.k);
    tile_inputs in;
    in.window = [](std::size_t, std::size_t) { return 1u; };
    in.weight_bytes = [&](std::size_t kt, std::size_t nt) {
        const std::uint64_t rows = std::min<std::uint64_t>(a.rows, g.k - kt * a.rows);
        const std::uint64_t cols = std::min<std::uint64_t>(a.cols, g.n - nt * a.cols);
        return static_cast<std::uint64_t>(std::ceil(bytes_per_weight * static_cast<double>(rows * cols)));
    };
    const schedule s = plan_gemm(a, g, in);
    op_counts ops;
    ops.macs = ops.mults = ops.adds = g.m * g.n * g.k;
    ops.records = p.data_bytes * (s.weights_resident || s.m_tile == 0 ? 1 : (g.m + s.m_tile - 1) / s.m_tile);
    const energy_report e = estimate_energy(device.energy, a, s, ops, device.baseline_weight_bits);
    fineq_baseline b;
    b.energy_pj = e.total_pj();
    b.array_area_mm2 = e.array_area_mm2;
    b.bits_per_weight = p.bits_per_weight();
    b.cycles = s.cycles;
    return b;
}

} // namespace vplab::platforms
