#include "datapath_energy.h"

#include <core/op_energy.h>

namespace vplab::models {

datapath_energy_params::datapath_energy_params()
    : fp_add_pj(core::op_energy::fp_add32_pj), fp_mul_pj(core::op_energy::fp_mul32_pj),
      compare_pj(core::op_energy::int_add32_pj), register_bit_pj(0.005), static_mw(5.0), tech_scale(1.0) {}

datapath_energy estimate_datapath_energy(const datapath_energy_params& p, const datapath_counts& c, unsigned lanes,
                                         unsigned pes, std::uint64_t table_capacity, std::uint64_t buffer_capacity,
                                         double job_ns) {
    const auto n = [](std::uint64_t v) { return static_cast<double>(v); };
    const double k = p.tech_scale;
    datapath_energy e;
    e.distance_pj = k * (n(c.distances) * (distance_fp_adds * p.fp_add_pj + distance_fp_muls * p.fp_mul_pj) +
                         n(c.decisions) * (distance_fp_adds * p.fp_add_pj + distance_fp_muls * p.fp_mul_pj +
                                           box_distance_fp_adds * p.fp_add_pj + box_distance_fp_muls * p.fp_mul_pj) +
                         n(c.split_points + c.init_points) * sum_fp_adds * p.fp_add_pj);
    e.compare_pj = k * p.compare_pj *
                   (n(c.distances) * distance_compares + n(c.streamed_points) +
                    n(c.split_points) * (1 + box_update_compares) + n(c.init_points) * box_update_compares +
                    n(c.decisions) * (box_distance_compares + decision_compares));
    e.bucket_table_pj = k * n(c.table_bytes) * core::op_energy::sram_byte_pj(table_capacity);
    e.point_buffer_pj = k * n(c.buffer_bytes) * core::op_energy::sram_byte_pj(buffer_capacity);
    e.register_pj = k * n(c.busy_cycles) * lanes * pes * pipeline_register_bits * p.register_bit_pj;
    e.static_pj = p.static_mw * job_ns;  // mW x ns = pJ
    return e;
}

nlohmann::json datapath_energy::breakdown() const {
    return {{"distance_pj", distance_pj},       {"compare_pj", compare_pj},     {"bucket_table_pj", bucket_table_pj},
            {"point_buffer_pj", point_buffer_pj}, {"register_pj", register_pj}, {"static_pj", static_pj},
            {"total_pj", total_pj()}};
}

} // namespace vplab::models
