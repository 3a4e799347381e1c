#pragma once
// Per-operation energies and per-unit areas, and the energy / area of a GEMM run on the array.
// Energy defaults are the 45 nm, 0.9 V figures of M. Horowitz, "Computing's energy problem (and what we can do
// about it)", ISSCC 2014, shared with other models in core/op_energy.h; areas are from the same paper, plus the
// NanGate 45 nm open cell library's DFF_X1 flip-flop area; entries that no source gives directly (a register
// bit's clock energy, the INT8 x INT4 multiplier, the decoder) are derived and marked as design choices.
// docs/fineq.md lists each entry with its source. `tech_scale` multiplies every energy and area (1 = 45 nm).

#include "tile_schedule.h"

#include <core/op_energy.h>
#include <cstdint>
#include <nlohmann/json.hpp>

namespace vplab::models::fineq {

struct energy_table {
    // Horowitz ISSCC 2014, 45 nm
    double add8_pj = core::op_energy::int_add8_pj, add32_pj = core::op_energy::int_add32_pj;
    double mul8_pj = core::op_energy::int_mul8_pj;
    double add8_um2 = 36, add32_um2 = 137, mul8_um2 = 282;
    double sram8k_64b_pj = core::op_energy::sram8k_64b_pj;  // one 64-bit read
    double sram32k_64b_pj = core::op_energy::sram32k_64b_pj;
    double sram1m_64b_pj = core::op_energy::sram1m_64b_pj;
    double dram_64b_pj = core::op_energy::dram_64b_pj;
    double fp_mul32_pj = core::op_energy::fp_mul32_pj, fp_add32_pj = core::op_energy::fp_add32_pj;  // the rescale
    // NanGate 45 nm OCL DFF_X1
    double dff_um2 = 4.522;
    // Design choices (no direct source): see docs/fineq.md
    double dff_clock_pj = 0.005;  // one register bit clocked
    double decoder_record_pj = 0.03;  // one record through the decoder's lookup (an 8-bit add's worth)
    double decoder_um2 = 3 * 36;      // per column: three 8-bit-adder equivalents
    double tech_scale = 1.0;

    // Energy of one byte moved from an SRAM of `capacity` bytes: log-linear between Horowitz's three sizes.
    double sram_byte_pj(std::uint64_t capacity) const;
    // An INT8 x INTb multiplier, scaled from the 8 x 8 one by the partial-product count (b / 8).
    double mul_pj(unsigned weight_bits) const { return mul8_pj * weight_bits / 8.0; }
    double mul_um2(unsigned weight_bits) const { return mul8_um2 * weight_bits / 8.0; }
};

// Bits each PE keeps in registers: weight (temporal: sign + 3 magnitude bits; multiplier: its weight width),
// activation (8), partial sum (32); temporal PEs add a 3-bit window counter.
unsigned pe_register_bits(regs::fineq::pe_kind pe, unsigned baseline_weight_bits);
double pe_area_um2(const energy_table& t, regs::fineq::pe_kind pe, unsigned baseline_weight_bits);

struct op_counts {
    std::uint64_t macs = 0;
    std::uint64_t adds = 0;         // PE accumulator additions (temporal: one per window cycle of each weight)
    std::uint64_t mults = 0;        // multiplier PEs only
    std::uint64_t records = 0;      // decoder lookups
};

struct energy_report {
    double pe_arith_pj = 0, pe_register_pj = 0, decoder_pj = 0, rescale_pj = 0;
    double weight_sram_pj = 0, act_sram_pj = 0, out_sram_pj = 0, dram_pj = 0;
    double total_pj() const {
        return pe_arith_pj + pe_register_pj + decoder_pj + rescale_pj + weight_sram_pj + act_sram_pj + out_sram_pj +
               dram_pj;
    }
    double array_area_mm2 = 0, decoder_area_mm2 = 0;
    nlohmann::json breakdown() const;
};

energy_report estimate_energy(const energy_table& t, const array_config& a, const schedule& s, const op_counts& ops,
                              unsigned baseline_weight_bits);

} // namespace vplab::models::fineq
