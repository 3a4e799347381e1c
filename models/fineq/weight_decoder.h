#pragma once
// The accelerator's weight decoder: turns the packed weights and scale table read from memory into the
// integer codes the PEs consume, the per-row scales of the rescale unit, and each weight's PE time
// (cycles of its window). Table-driven like the hardware: one lookup per FineQ record.

#include "fineq_regs.h"

#include <cstdint>
#include <string>
#include <vector>

namespace vplab::models::fineq {

struct weight_format {
    regs::fineq::format_kind kind = regs::fineq::kind_fineq;
    unsigned outlier_mode = 0;  // fineq: 0 split, 1 prune
    unsigned bits = 2;          // rtn bits; mixed: bits of an unflagged group
    std::uint32_t group = 0;    // weights per scale along K; 0 = one per row (fineq only)
};

struct decoded_weights {
    std::size_t n = 0, k = 0, group = 0;  // group: K when one scale per row
    std::vector<std::int8_t> codes;       // n x k
    std::vector<float> scales;            // n x groups
    std::vector<std::uint8_t> cycles;     // n x k: the weight's window on the configured PE kind
    std::uint64_t records = 0;            // FineQ records (or code bytes) the decoder consumed
    std::size_t groups() const { return (k + group - 1) / group; }
};

// Bytes of the scale table for the format; 0 when the format or group is invalid.
std::uint64_t scale_table_bytes(const weight_format& f, std::uint64_t n, std::uint64_t k);
// Bytes of packed weights the format needs, using the scale table (mixed rows vary). False on a bad table.
bool packed_weight_bytes(const weight_format& f, std::uint64_t n, std::uint64_t k,
                         const std::vector<std::uint8_t>& scale_table, std::uint64_t& bytes);
// Decodes everything; `error` names what is wrong with the table when it returns false.
bool decode_weights(const weight_format& f, std::size_t n, std::size_t k, regs::fineq::pe_kind pe,
                    const std::vector<std::uint8_t>& packed, const std::vector<std::uint8_t>& scale_table,
                    decoded_weights& out, std::string& error);

float fp16_bits_to_float(std::uint16_t h);

} // namespace vplab::models::fineq
