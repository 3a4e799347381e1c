#include "energy_table.h"

#include <algorithm>
#include <cmath>

namespace vplab::models::fineq {

using namespace regs::fineq;

double energy_table::sram_byte_pj(std::uint64_t capacity) const {
    return tech_scale * core::op_energy::sram_byte_pj(capacity, sram8k_64b_pj, sram32k_64b_pj, sram1m_64b_pj);
}

unsigned pe_register_bits(pe_kind pe, unsigned baseline_weight_bits) {
    return pe == pe_multiplier ? baseline_weight_bits + 8 + 32 : 4 + 8 + 32 + 3;
}

double pe_area_um2(const energy_table& t, pe_kind pe, unsigned baseline_weight_bits) {
    const double regs = pe_register_bits(pe, baseline_weight_bits) * t.dff_um2;
    // Temporal PEs: one 32-bit adder accumulates +-activation (shifted for bit-serial) into the partial sum; the
    // window counter's incrementer is 3/8 of an 8-bit adder. Multiplier PEs: INT8 x INTb multiplier + 32-bit adder.
    const double logic = pe == pe_multiplier ? t.mul_um2(baseline_weight_bits) + t.add32_um2
                                             : t.add32_um2 + t.add8_um2 * 3.0 / 8.0;
    return t.tech_scale * (regs + logic);
}

energy_report estimate_energy(const energy_table& t, const array_config& a, const schedule& s, const op_counts& ops,
                              unsigned baseline_weight_bits) {
    energy_report e;
    const double k = t.tech_scale;
    e.pe_arith_pj = k * (static_cast<double>(ops.adds) * t.add32_pj +
                         static_cast<double>(ops.mults) * t.mul_pj(baseline_weight_bits));
    // Registers of a mapped PE are clocked through its tile's whole window stream; idle PEs are clock-gated.
    e.pe_register_pj =
        k * static_cast<double>(s.pe_busy) * pe_register_bits(a.pe, baseline_weight_bits) * t.dff_clock_pj;
    e.decoder_pj = k * static_cast<double>(ops.records) * t.decoder_record_pj;
    e.rescale_pj = k * static_cast<double>(s.rescales) * (t.fp_mul32_pj + t.fp_add32_pj);
    e.weight_sram_pj = static_cast<double>(s.weight_sram_read + s.weight_sram_write) * t.sram_byte_pj(a.weight_sram);
    e.act_sram_pj = static_cast<double>(s.act_sram_read + s.act_sram_write) * t.sram_byte_pj(a.act_sram);
    e.out_sram_pj = static_cast<double>(s.out_sram_read + s.out_sram_write) * t.sram_byte_pj(a.out_sram);
    e.dram_pj = k * static_cast<double>(s.dram_bytes()) * t.dram_64b_pj / 8.0;
    e.array_area_mm2 = static_cast<double>(a.rows) * a.cols * pe_area_um2(t, a.pe, baseline_weight_bits) * 1e-6;
    e.decoder_area_mm2 = k * a.cols * t.decoder_um2 * 1e-6;  // both arrays unpack weights column by column
    return e;
}

nlohmann::json energy_report::breakdown() const {
    return {{"pe_arith_pj", pe_arith_pj},       {"pe_register_pj", pe_register_pj}, {"decoder_pj", decoder_pj},
            {"rescale_pj", rescale_pj},         {"weight_sram_pj", weight_sram_pj}, {"act_sram_pj", act_sram_pj},
            {"out_sram_pj", out_sram_pj},       {"dram_pj", dram_pj}};
}

} // namespace vplab::models::fineq
