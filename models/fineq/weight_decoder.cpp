#include "weight_decoder.h"

#include "simd_clone.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <utility>

namespace vplab::models::fineq {

using namespace regs::fineq;

namespace {

// One FineQ record, decoded: three codes and which of them came from the 3-bit outlier field.
struct record_entry {
    std::int8_t code[3];
    bool wide[3];
};
using record_table = std::array<record_entry, 256>;

int normal_value(unsigned c) { return (c & 2 ? -1 : 1) * static_cast<int>(2 * (c & 1) + 1); }

record_table build_table(unsigned outlier_mode) {
    record_table t{};
    for (unsigned r = 0; r < 256; ++r) {
        record_entry& e = t[r];
        const unsigned idx = r >> 6;
        if (idx == 0) {
            for (unsigned i = 0; i < 3; ++i) {
                e.code[i] = static_cast<std::int8_t>(normal_value((r >> (4 - 2 * i)) & 3));
                e.wide[i] = false;
            }
            continue;
        }
        const unsigned p = idx - 1, o = (r >> 3) & 7;
        unsigned others[2], j = 0;
        for (unsigned i = 0; i < 3; ++i)
            if (i != p) others[j++] = i;
        e.code[p] = static_cast<std::int8_t>((o & 4 ? -1 : 1) * static_cast<int>(2 * (o & 3) + 1));
        e.wide[p] = true;
        e.wide[others[0]] = e.wide[others[1]] = false;
        if (outlier_mode == 0) {  // split: [a:2][b:1]
            e.code[others[0]] = static_cast<std::int8_t>(normal_value((r >> 1) & 3));
            e.code[others[1]] = static_cast<std::int8_t>(r & 1 ? -1 : 1);
        } else {  // prune: [which:1][a:2]
            const unsigned kept = (r >> 2) & 1;
            e.code[others[kept]] = static_cast<std::int8_t>(normal_value(r & 3));
            e.code[others[1 - kept]] = 0;
        }
    }
    return t;
}

const record_table& fineq_table(unsigned outlier_mode) {
    static const record_table tables[2] = {build_table(0), build_table(1)};
    return tables[outlier_mode & 1];
}

std::uint8_t window(pe_kind pe, int code, bool wide) {
    switch (pe) {
    case pe_unary: return static_cast<std::uint8_t>(std::abs(code));
    case pe_bitserial: return wide ? 3 : 2;
    default: return 1;
    }
}

std::uint16_t le16(const std::vector<std::uint8_t>& b, std::size_t at) {
    return static_cast<std::uint16_t>(b[at] | (b[at + 1] << 8));
}

std::uint64_t groups_of(const weight_format& f, std::uint64_t k) {
    const std::uint64_t g = f.group ? f.group : k;
    return (k + g - 1) / g;
}

// Expands a row of FineQ records into its k values through a table of three values per record and a spare one:
// every record but the row's last whole one is a single copy of four values, whose spare the next record
// overwrites; the last whole record and a padded one go value by value, so nothing is written past the row.
template <typename T>
void expand_row(const std::uint8_t* records, std::size_t k, const T (&table)[256][4], T* out) {
    const std::size_t whole = k / 3;
    std::size_t c = 0;
    for (; c + 1 < whole; ++c) std::memcpy(out + 3 * c, table[records[c]], sizeof table[0]);
    for (std::size_t col = 3 * c; col < k; ++col) out[col] = table[records[col / 3]][col % 3];
}

struct widened_table {
    std::int16_t code[256][4] = {};
};

const widened_table& widened_codes(unsigned outlier_mode) {
    static const std::array<widened_table, 2> tables = [] {
        std::array<widened_table, 2> t;
        for (unsigned mode = 0; mode < 2; ++mode)
            for (unsigned rec = 0; rec < 256; ++rec)
                for (unsigned i = 0; i < 3; ++i) t[mode].code[rec][i] = fineq_table(mode)[rec].code[i];
        return t;
    }();
    return tables[outlier_mode & 1];
}

// One N tile's rows of windows merged column by column: vertical max and add over bytes, which the compiler turns
// into SIMD, instead of a reduction per row and K tile. Column totals are 16-bit: windows are below 256, so 256 rows
// cannot overflow them, and `drain` empties them at least that often.
constexpr std::size_t rows_per_drain = 256;

FINEQ_MODEL_AVX2_CLONE void merge_row(const std::uint8_t* windows, std::size_t k, std::uint8_t* slowest,
                                      std::uint16_t* total) {
    for (std::size_t c = 0; c < k; ++c) {
        slowest[c] = std::max(slowest[c], windows[c]);
        total[c] = static_cast<std::uint16_t>(total[c] + windows[c]);
    }
}

std::uint64_t drain(std::vector<std::uint16_t>& total) {
    std::uint64_t sum = 0;
    for (std::uint16_t& t : total) {
        sum += t;
        t = 0;
    }
    return sum;
}

} // namespace

float fp16_bits_to_float(std::uint16_t h) {
    const int e = (h >> 10) & 0x1f, m = h & 0x3ff;
    float v;
    if (e == 0) v = std::ldexp(static_cast<float>(m), -24);
    else if (e == 31) v = m ? NAN : INFINITY;
    else v = std::ldexp(static_cast<float>(m + 1024), e - 25);
    return (h & 0x8000) ? -v : v;
}

std::uint64_t scale_table_bytes(const weight_format& f, std::uint64_t n, std::uint64_t k) {
    switch (f.kind) {
    case kind_fineq: return f.group % 3 ? 0 : n * groups_of(f, k) * 2;
    case kind_rtn:
    case kind_mixed: return f.group ? n * groups_of(f, k) * 4 : 0;
    default: return 0;
    }
}

bool packed_weight_bytes(const weight_format& f, std::uint64_t n, std::uint64_t k,
                         const std::vector<std::uint8_t>& scale_table, std::uint64_t& bytes) {
    if (f.kind == kind_fineq) {
        bytes = n * ((k + 2) / 3);
        return true;
    }
    if (f.kind == kind_rtn) {
        bytes = n * ((k * f.bits + 7) / 8);
        return true;
    }
    const std::uint64_t groups = groups_of(f, k);
    if (scale_table.size() != n * groups * 4) return false;
    bytes = 0;
    for (std::uint64_t r = 0; r < n; ++r) {
        std::uint64_t row_bits = 0;
        for (std::uint64_t g = 0; g < groups; ++g) {
            const bool high = le16(scale_table, 4 * (r * groups + g)) & 0x8000u;
            const std::uint64_t len = std::min<std::uint64_t>(f.group, k - g * f.group);
            row_bits += len * (f.bits + (high ? 1 : 0));
        }
        bytes += (row_bits + 7) / 8;
    }
    return true;
}

bool decode_weights(const weight_format& f, std::size_t n, std::size_t k, std::vector<std::uint8_t> packed,
                    const std::vector<std::uint8_t>& scale_table, decoded_weights& out, std::string& error) {
    out.n = n;
    out.k = k;
    out.group = f.group && f.group < k ? f.group : k;
    const std::size_t groups = out.groups();
    out.scales.assign(n * groups, 0.0f);

    if (f.kind == kind_fineq) {
        for (std::size_t i = 0; i < n * groups; ++i) out.scales[i] = fp16_bits_to_float(le16(scale_table, 2 * i));
        out.codes.clear();
        out.fineq_records = std::move(packed);
        out.outlier_mode = f.outlier_mode & 1;
        out.records = n * ((k + 2) / 3);
        return true;
    }

    out.fineq_records.clear();
    out.codes.assign(n * k, 0);
    std::size_t byte = 0;
    for (std::size_t r = 0; r < n; ++r) {
        std::uint64_t bit = 0;  // within the row
        for (std::size_t g = 0; g < groups; ++g) {
            const std::size_t entry = 4 * (r * groups + g);
            const std::uint16_t s = le16(scale_table, entry);
            const unsigned bits = f.bits + ((f.kind == kind_mixed && (s & 0x8000u)) ? 1 : 0);
            const float zero = fp16_bits_to_float(le16(scale_table, entry + 2));
            if (!(zero >= 0 && zero <= static_cast<float>((1u << bits) - 1)) || zero != std::floor(zero)) {
                error = "zero point of row " + std::to_string(r) + " group " + std::to_string(g) +
                        " is not an integer code";
                return false;
            }
            out.scales[r * groups + g] = fp16_bits_to_float(static_cast<std::uint16_t>(s & 0x7fffu));
            const int z = static_cast<int>(zero);
            for (std::size_t col = g * out.group; col < std::min(k, (g + 1) * out.group); ++col, bit += bits) {
                // Read `bits` bits at `bit` of this row: two bytes always cover them (bits <= 5).
                const std::size_t at = byte + bit / 8;
                unsigned word = packed[at];
                if (at + 1 < packed.size()) word |= static_cast<unsigned>(packed[at + 1]) << 8;
                const int q = static_cast<int>((word >> (bit % 8)) & ((1u << bits) - 1));
                out.codes[r * k + col] = static_cast<std::int8_t>(q - z);
            }
        }
        byte += (bit + 7) / 8;
    }
    out.records = byte;
    return true;
}

void decoded_weights::widen_rows(std::size_t r0, std::size_t count, std::int16_t* out) const {
    if (fineq_records.empty()) {
        const auto first = codes.begin() + static_cast<std::ptrdiff_t>(r0 * k);
        std::copy(first, first + static_cast<std::ptrdiff_t>(count * k), out);
        return;
    }
    const widened_table& table = widened_codes(outlier_mode);
    const std::size_t per_row = (k + 2) / 3;
    for (std::size_t r = 0; r < count; ++r)
        expand_row(fineq_records.data() + (r0 + r) * per_row, k, table.code, out + r * k);
}

tile_windows weight_windows(const decoded_weights& w, pe_kind pe, std::size_t rows, std::size_t cols) {
    const std::size_t n = w.n, k = w.k, per_row = (k + 2) / 3;
    tile_windows t;
    t.k_tiles = (k + rows - 1) / rows;
    t.n_tiles = (n + cols - 1) / cols;
    t.window.assign(t.k_tiles * t.n_tiles, 0);
    // A weight's window by record and position within it, and a spare byte (see expand_row).
    std::uint8_t each[256][4] = {};
    const record_table& table = fineq_table(w.outlier_mode);
    for (unsigned rec = 0; rec < 256; ++rec)
        for (unsigned i = 0; i < 3; ++i) each[rec][i] = window(pe, table[rec].code[i], table[rec].wide[i]);
    auto row_windows = [&](std::size_t r, std::uint8_t* out) {
        if (!w.fineq_records.empty())
            expand_row(w.fineq_records.data() + r * per_row, k, each, out);
        else
            for (std::size_t c = 0; c < k; ++c) out[c] = window(pe, w.codes[r * k + c], false);
    };

    std::vector<std::uint8_t> row(k), slowest(k);
    std::vector<std::uint16_t> total(k, 0);
    for (std::size_t n0 = 0, nt = 0; n0 < n; n0 += cols, ++nt) {
        std::fill(slowest.begin(), slowest.end(), std::uint8_t{0});
        const std::size_t n1 = std::min(n, n0 + cols);
        for (std::size_t r = n0; r < n1; ++r) {
            row_windows(r, row.data());
            merge_row(row.data(), k, slowest.data(), total.data());
            if ((r - n0) % rows_per_drain == rows_per_drain - 1 || r + 1 == n1) t.weight_cycles += drain(total);
        }
        for (std::size_t kt = 0; kt < t.k_tiles; ++kt) {
            const auto first = slowest.begin() + static_cast<std::ptrdiff_t>(kt * rows);
            t.window[kt * t.n_tiles + nt] = *std::max_element(first, first + static_cast<std::ptrdiff_t>(
                                                                                std::min(rows, k - kt * rows)));
        }
    }
    return t;
}

} // namespace vplab::models::fineq
