#pragma once
// The accelerator's weight decoder: turns the packed weights and scale table read from memory into the
// integer codes the PEs consume and the per-row scales of the rescale unit, and tells the schedule how long the
// PEs take on them (each tile's window and the sum of every weight's window). Table-driven like the hardware:
// one lookup per FineQ record.

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

// The weights as the array consumes them. RTN and mixed codes are decoded whole into `codes`; FineQ records are kept
// as read and decoded an N tile at a time as the array takes them, the way the decoder sits in front of the array,
// so that no N x K copy of the codes is made.
struct decoded_weights {
    std::size_t n = 0, k = 0, group = 0;       // group: K when one scale per row
    std::vector<std::int8_t> codes;            // n x k, or empty when the weights are FineQ records
    std::vector<std::uint8_t> fineq_records;   // n x ceil(k / 3) FineQ records, or empty
    unsigned outlier_mode = 0;                 // of the FineQ records: 0 split, 1 prune
    std::vector<float> scales;                 // n x groups
    std::uint64_t records = 0;                 // FineQ records (or code bytes) the decoder consumed
    std::size_t groups() const { return (k + group - 1) / group; }
    // The codes of rows [r0, r0 + count), widened to 16 bits: count x k values written at `out`.
    void widen_rows(std::size_t r0, std::size_t count, std::int16_t* out) const;
};

// Bytes of the scale table for the format; 0 when the format or group is invalid.
std::uint64_t scale_table_bytes(const weight_format& f, std::uint64_t n, std::uint64_t k);
// Bytes of packed weights the format needs, using the scale table (mixed rows vary). False on a bad table.
bool packed_weight_bytes(const weight_format& f, std::uint64_t n, std::uint64_t k,
                         const std::vector<std::uint8_t>& scale_table, std::uint64_t& bytes);
// Decodes the scale table and the RTN / mixed codes, and takes over FineQ records (hence `packed` by value: move it
// in); `error` names what is wrong with the table when it returns false.
bool decode_weights(const weight_format& f, std::size_t n, std::size_t k, std::vector<std::uint8_t> packed,
                    const std::vector<std::uint8_t>& scale_table, decoded_weights& out, std::string& error);

// The PEs' time on the weights, as the tile schedule needs it: a weight's window is its PE cycles on the configured
// PE kind (its magnitude on unary PEs; 2, or 3 for a FineQ outlier, on bit-serial ones; 1 on multipliers).
struct tile_windows {
    std::size_t k_tiles = 0, n_tiles = 0;
    std::vector<std::uint8_t> window;  // k_tiles x n_tiles: the slowest weight of the rows x cols tile (kt, nt)
    std::uint64_t weight_cycles = 0;   // every weight's window, summed
    unsigned at(std::size_t kt, std::size_t nt) const { return window[kt * n_tiles + nt]; }
};
// Windows of the weights on `pe` for an array of `rows` x `cols` PEs; FineQ windows come from the records, one
// table lookup per record.
tile_windows weight_windows(const decoded_weights& w, regs::fineq::pe_kind pe, std::size_t rows, std::size_t cols);

float fp16_bits_to_float(std::uint16_t h);

} // namespace vplab::models::fineq
