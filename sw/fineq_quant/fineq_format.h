#pragma once
// The FineQ weight format (our reconstruction "FQ-R1", docs/fineq.md): clusters of 3 consecutive weights along K,
// one byte per cluster laid out [idx:2][payload:6].
//   idx = 0      no outlier: payload = three 2-bit codes (weight 0 in bits 5..4)
//   idx = p + 1  weight p is the outlier: payload bits 5..3 = its 3-bit code; bits 2..0 encode the other two
//                weights as chosen by outlier_mode.
// A 2-bit code is [sign][m] with value (2m + 1), a 3-bit code [sign][m:2] with value (2m + 1), in units of the
// stored FP16 scale s (half a quantization step): normal weights take {+-1, +-3} s, outliers {+-1 .. +-7} s.
// The tail cluster of a row is padded with zeros when K is not a multiple of 3.

#include "int_weights.h"
#include "matrix.h"

#include <cstdint>
#include <string>
#include <vector>

namespace vplab::fineq {

enum class outlier_mode : std::uint8_t {
    split = 0,  // first other weight 2 bits, second 1 bit (sign, magnitude 1): [a:2][b:1]
    prune = 1,  // the larger other weight keeps 2 bits, the smaller is zero: [which:1][a:2]
};

const char* outlier_mode_name(outlier_mode m);
outlier_mode parse_outlier_mode(const std::string& text);  // throws std::invalid_argument

// How the encoder picks a cluster's record: by the outlier rule (the format as published), or by trying the no-outlier
// record and each outlier position and keeping the one with the least (weighted) error. Both decode the same way.
enum class record_choice : std::uint8_t { rule = 0, best = 1 };
record_choice parse_record_choice(const std::string& text);  // "rule" or "best"; throws std::invalid_argument

struct fineq_options {
    double outlier_ratio = 4.0;  // a cluster holds an outlier when max|w| > ratio x min|w| (a zero counts as 0)
    outlier_mode mode = outlier_mode::split;
    std::size_t group = 0;       // 0: one scale per output channel; else a multiple of 3 (96, 192)
    unsigned scale_candidates = 12;  // scales tried per scale group (largest magnitude / 7 x 1.0 .. 0.5)
    record_choice choice = record_choice::rule;
    // Per input channel weight of the squared error when choosing scales and records (e.g. the mean square of
    // that channel's activations, so the error is judged on the layer's output); empty = all ones.
    std::vector<float> channel_weight;
};

constexpr std::size_t cluster_size = 3;

struct fineq_packed {
    std::size_t n = 0, k = 0;
    fineq_options options;
    std::vector<std::uint8_t> records;  // n x clusters_per_row()
    std::vector<std::uint16_t> scales;  // FP16, n x scale_groups()
    std::size_t outlier_clusters = 0;

    std::size_t clusters_per_row() const { return (k + cluster_size - 1) / cluster_size; }
    std::size_t scale_group() const { return options.group ? options.group : k; }
    std::size_t scale_groups() const { return (k + scale_group() - 1) / scale_group(); }
    std::size_t bytes() const { return records.size() + 2 * scales.size(); }
    double bits_per_weight() const { return 8.0 * static_cast<double>(bytes()) / static_cast<double>(n * k); }
    double outlier_fraction() const {
        return records.empty() ? 0.0 : static_cast<double>(outlier_clusters) / static_cast<double>(records.size());
    }
};

// Throws std::invalid_argument for an empty matrix, a group that is not a positive multiple of 3, or a ratio < 1.
fineq_packed fineq_encode(const matrix& w, const fineq_options& options = {});
int_weights fineq_decode(const fineq_packed& p);

// One cluster at step s (`real` = 1..3 weights, the rest padding; `cw` per-position error weights or nullptr), and
// the three codes of a record: the building blocks of the encoder, exposed for error-feedback quantization.
std::uint8_t fineq_encode_cluster(const float* v, const float* cw, std::size_t real, float s, const fineq_options& o);
void fineq_decode_record(std::uint8_t record, outlier_mode mode, int codes[3]);

// The rule on its own (also used for statistics): true when max|a| > ratio x min|a| over the three magnitudes.
bool is_outlier_cluster(const float* a, double ratio);

} // namespace vplab::fineq
