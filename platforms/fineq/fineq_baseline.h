#pragma once
// The baseline accelerator evaluated analytically inside every FineQ run, so each variant reports its energy
// efficiency and array area against it without cross-variant support from the runner: the same array size,
// buffers and DMA with INT8 x INT4 multiplier PEs, running the per-group mixed-precision format on the same layer.
// It uses the model's own tile schedule and energy table (nothing is simulated).

#include <fineq/fineq_accel.h>
#include <fineq_quant/matrix.h>

namespace vplab::platforms {

struct fineq_baseline {
    double energy_pj = 0, array_area_mm2 = 0, bits_per_weight = 0;
    std::uint64_t cycles = 0;
};

fineq_baseline evaluate_baseline(const models::fineq::fineq_accel::params& device, const fineq::matrix& weights,
                                 std::uint64_t m, double high_fraction, std::size_t group);

} // namespace vplab::platforms
