#pragma once
// Per-group asymmetric round-to-nearest formats, the baselines FineQ is compared with:
//   rtn:   every group of `group` weights along K at `bits` bits (GPTQ/AWQ-style W{2,3,4}A16 g128),
//   mixed: salient groups at 3 bits, the rest at 2 bits (the per-group mixed-precision idea of SliM-LLM; our
//          stand-in, not SliM-LLM's algorithm: salience here is the group's activation-weighted sum of w^2).
// Each group stores an FP16 scale and an FP16 zero point (4 bytes); w = scale * (q - zero). The high-precision
// flag of a mixed group is the FP16 scale's sign bit (a scale is never negative), so it costs no extra byte.
// Codes are packed LSB first into one bit stream per row; each row starts on a byte boundary.

#include "int_weights.h"
#include "matrix.h"

#include <cstdint>
#include <vector>

namespace vplab::fineq {

struct group_packed {
    std::size_t n = 0, k = 0, group = 128;
    unsigned low_bits = 2;                   // bits of a group whose flag is clear; flagged groups have one more
    std::vector<std::uint16_t> scale, zero;  // FP16, n x groups(); bit 15 of scale = high-precision flag
    std::vector<std::uint8_t> data;          // packed codes, row r at row_offset[r]
    std::vector<std::uint64_t> row_offset;   // n + 1 entries
    std::size_t high_groups = 0;

    std::size_t groups() const { return (k + group - 1) / group; }
    unsigned bits(std::size_t row, std::size_t g) const {
        return low_bits + ((scale[row * groups() + g] & 0x8000u) ? 1u : 0u);
    }
    std::size_t bytes() const { return data.size() + 4 * scale.size(); }
    double bits_per_weight() const { return 8.0 * static_cast<double>(bytes()) / static_cast<double>(n * k); }
    // The scale table as the accelerator reads it: per group a little-endian [scale:16][zero:16] word.
    std::vector<std::uint8_t> scale_table() const;
};

// Throws std::invalid_argument for an empty matrix, bits outside 2..4 or a zero group.
group_packed rtn_encode(const matrix& w, unsigned bits, std::size_t group = 128);
// `high_fraction` of all groups get 3 bits. `channel_weight` (K entries, e.g. the mean square of each input
// channel's activations) weights the salience; empty means all ones.
group_packed mixed_encode(const matrix& w, double high_fraction, std::size_t group = 128,
                          const std::vector<float>& channel_weight = {});
// What mixed_encode's output measures, without encoding it: the groups' precision decides every row's length.
struct group_size {
    std::size_t n = 0, k = 0, data_bytes = 0, scale_entries = 0;
    std::size_t bytes() const { return data_bytes + 4 * scale_entries; }  // as group_packed::bytes()
    double bits_per_weight() const { return 8.0 * static_cast<double>(bytes()) / static_cast<double>(n * k); }
};
group_size mixed_encoded_size(const matrix& w, double high_fraction, std::size_t group = 128,
                              const std::vector<float>& channel_weight = {});
int_weights group_decode(const group_packed& p);

} // namespace vplab::fineq
