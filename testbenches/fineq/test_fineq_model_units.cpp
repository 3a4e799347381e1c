// The accelerator's pure parts on their own: the array's arithmetic, the decoder's codes and tile windows, the tile
// schedule's reuse decisions and the energy / area table.
#include <algorithm>
#include <catch2/catch.hpp>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <fineq/array_gemm.h>
#include <fineq/energy_table.h>
#include <fineq/tile_schedule.h>
#include <fineq/weight_decoder.h>
#include <fineq_quant/fineq_format.h>
#include <fineq_quant/golden_gemm.h>
#include <random>
#include <string>
#include <vector>

using namespace vplab::models::fineq;
using namespace vplab::regs::fineq;

TEST_CASE("fineq: the tile schedule re-reads weights and activations only when the buffers cannot hold them") {
    array_config a;
    a.rows = 4;
    a.cols = 4;
    a.pe = pe_multiplier;
    a.dma_bytes_per_cycle = 1000;
    a.out_sram = 4 * 8 * 2;  // two rows of one 4-column block: M tiles of 2
    tile_inputs in;
    in.window = [](std::size_t, std::size_t) { return 1u; };
    in.weight_bytes = [](std::size_t, std::size_t) { return std::uint64_t{10}; };
    const gemm_shape g{4, 8, 8};  // 2 K tiles x 2 N tiles x 2 M tiles

    a.weight_sram = 20;  // one strip of 2 K tiles fits: loaded once per N tile
    a.act_sram = 32;     // all of M x K fits: loaded once
    schedule s = plan_gemm(a, g, in);
    REQUIRE(s.fits);
    CHECK(s.m_tile == 2);
    CHECK(s.tiles == 8);
    CHECK(s.weights_resident);
    CHECK(s.activations_resident);
    CHECK(s.weight_sram_write == 2 * 2 * 10);
    CHECK(s.weight_sram_read == 8 * 10);
    CHECK(s.act_sram_write == 32);
    CHECK(s.dram_read == 40 + 32);
    CHECK(s.dram_write == 4 * 8 * 4);
    CHECK(s.compute_cycles == 8 * (4 + (2 + 4 + 4 - 2)));

    a.weight_sram = 19;  // a strip no longer fits: weights again for every M tile
    a.act_sram = 31;     // activations per tile, 2 x 4 bytes each
    s = plan_gemm(a, g, in);
    REQUIRE(s.fits);
    CHECK_FALSE(s.weights_resident);
    CHECK_FALSE(s.activations_resident);
    CHECK(s.weight_sram_write == 8 * 10);
    CHECK(s.act_sram_write == 8 * 2 * 4);
    CHECK(s.dram_read == 80 + 64);

    a.weight_sram = 9;  // not even one tile
    CHECK_FALSE(plan_gemm(a, g, in).fits);
}

TEST_CASE("fineq: a strip that stays on chip holds each record once; tiles loaded on their own load their share") {
    array_config a;
    a.rows = 4;
    a.cols = 4;
    a.pe = pe_multiplier;
    a.dma_bytes_per_cycle = 1000;
    a.out_sram = 4 * 8 * 2;
    a.act_sram = 32;
    tile_inputs in;
    in.window = [](std::size_t, std::size_t) { return 1u; };
    in.weight_bytes = [](std::size_t, std::size_t) { return std::uint64_t{10}; };  // straddling records included
    in.strip_bytes = [](std::size_t, std::size_t) { return std::uint64_t{8}; };    // each record once
    const gemm_shape g{4, 8, 8};  // 2 K tiles x 2 N tiles x 2 M tiles

    a.weight_sram = 16;  // the strip's 2 x 8 bytes fit, its tiles' 2 x 10 would not
    schedule s = plan_gemm(a, g, in);
    REQUIRE(s.fits);
    CHECK(s.weights_resident);
    CHECK(s.weight_sram_write == 2 * 2 * 8);
    CHECK(s.dram_read == 32 + 32);
    CHECK(s.weight_sram_read == 8 * 10);  // every tile still reads the records it computes with

    a.weight_sram = 15;
    s = plan_gemm(a, g, in);
    REQUIRE(s.fits);
    CHECK_FALSE(s.weights_resident);
    CHECK(s.weight_sram_write == 8 * 10);
}

TEST_CASE("fineq: every scale group rescales its sums into the float partial results, read after the first") {
    array_config a;
    a.rows = 4;
    a.cols = 4;
    a.pe = pe_multiplier;
    tile_inputs in;
    in.window = [](std::size_t, std::size_t) { return 1u; };
    in.weight_bytes = [](std::size_t, std::size_t) { return std::uint64_t{10}; };
    const std::uint64_t entries = 2 * 4;  // of the one M x N block
    struct expected {
        std::uint64_t k, group, ends;
    };
    // K tiles of 4. Groups of 3 over K = 12 end at 3, 6, 9 and 12; groups of 4 over K = 10 at 4, 8 and 10; one
    // scale per channel once, at K.
    for (const expected& x : {expected{12, 3, 4}, expected{10, 4, 3}, expected{12, 0, 1}, expected{12, 64, 1}}) {
        INFO("K " << x.k << ", group " << x.group);
        const schedule s = plan_gemm(a, {2, 4, x.k, x.group}, in);
        REQUIRE(s.fits);
        const std::uint64_t k_tiles = (x.k + 3) / 4;
        CHECK(s.rescales == x.ends * entries);
        // INT32 sums: written every K tile, read back after the first; float results: written at every group end,
        // read at all but the first, and read once more on their way out.
        CHECK(s.out_sram_write == (k_tiles + x.ends) * entries * 4);
        CHECK(s.out_sram_read == (k_tiles - 1 + x.ends - 1 + 1) * entries * 4);
        const energy_report e = estimate_energy(energy_table{}, a, s, op_counts{}, 4);
        CHECK(e.rescale_pj == Approx(double(x.ends * entries) * (3.7 + 0.9)));
    }
}

TEST_CASE("fineq: PE areas, SRAM energies and a GEMM's energy follow the table") {
    const energy_table t;
    CHECK(pe_area_um2(t, pe_multiplier, 4) == Approx(141 + 137 + 44 * 4.522));
    CHECK(pe_area_um2(t, pe_multiplier, 8) == Approx(282 + 137 + 48 * 4.522));  // an 8-bit weight register
    CHECK(pe_area_um2(t, pe_bitserial, 4) == Approx(137 + 13.5 + 47 * 4.522));
    CHECK(pe_area_um2(t, pe_unary, 4) == pe_area_um2(t, pe_bitserial, 4));
    CHECK(1 - pe_area_um2(t, pe_bitserial, 4) / pe_area_um2(t, pe_multiplier, 4) == Approx(0.2389).epsilon(0.001));
    CHECK(t.sram_byte_pj(8 * 1024) == Approx(10.0 / 8));
    CHECK(t.sram_byte_pj(4 * 1024) == Approx(10.0 / 8));
    CHECK(t.sram_byte_pj(32 * 1024) == Approx(20.0 / 8));
    CHECK(t.sram_byte_pj(16 * 1024) == Approx(15.0 / 8));
    CHECK(t.sram_byte_pj(1024 * 1024) == Approx(100.0 / 8));

    array_config a;
    a.rows = 2;
    a.cols = 3;
    a.pe = pe_bitserial;
    a.weight_sram = a.act_sram = a.out_sram = 8 * 1024;
    schedule s;
    s.pe_busy = 100;
    s.weight_sram_read = 8;
    s.dram_read = 16;
    op_counts ops;
    ops.adds = 50;
    ops.records = 10;
    const energy_report e = estimate_energy(t, a, s, ops, 4);
    CHECK(e.pe_arith_pj == Approx(50 * 0.1));
    CHECK(e.pe_register_pj == Approx(100 * 47 * 0.005));
    CHECK(e.decoder_pj == Approx(10 * 0.03));
    CHECK(e.weight_sram_pj == Approx(8 * 1.25));
    CHECK(e.dram_pj == Approx(16 * 1300.0 / 8));
    CHECK(e.total_pj() == Approx(5 + 23.5 + 0.3 + 10 + 2600));
    CHECK(e.array_area_mm2 == Approx(6 * pe_area_um2(t, pe_bitserial, 4) * 1e-6));
}

TEST_CASE("fineq: the array's arithmetic matches the golden GEMM on shapes that are not multiples of its blocks") {
    std::mt19937 rng(11);
    struct shape {
        std::size_t m, n, k, group, cols;
    };
    // Rows and columns around the 4 x 4 pass, groups that end inside a K range, a tile wider than N, one scale.
    for (const shape& s : {shape{5, 7, 101, 24, 3}, shape{1, 9, 30, 30, 32}, shape{8, 16, 64, 6, 4},
                           shape{3, 2, 5, 5, 1}}) {
        vplab::fineq::int8_activations a;
        a.m = s.m;
        a.k = s.k;
        a.scale = 0.0173f;
        a.q.resize(s.m * s.k);
        for (auto& v : a.q) v = static_cast<std::int8_t>(static_cast<int>(rng() % 255) - 127);
        vplab::fineq::int_weights golden_w;
        decoded_weights model_w;
        golden_w.n = model_w.n = s.n;
        golden_w.k = model_w.k = s.k;
        golden_w.group = model_w.group = s.group;
        golden_w.codes.resize(s.n * s.k);
        for (auto& c : golden_w.codes) c = static_cast<std::int8_t>(static_cast<int>(rng() % 15) - 7);
        golden_w.scales.resize(s.n * golden_w.groups());
        for (auto& f : golden_w.scales) f = std::ldexp(static_cast<float>(rng() % 4096 + 1), -14);
        model_w.codes = golden_w.codes;
        model_w.scales = golden_w.scales;
        std::vector<float> y;
        array_gemm(model_w, a.q, s.m, a.scale, s.cols, y);
        const std::vector<float> expected = vplab::fineq::golden_gemm(a, golden_w);
        REQUIRE(y.size() == expected.size());
        CHECK(std::memcmp(y.data(), expected.data(), y.size() * sizeof(float)) == 0);
    }
}

TEST_CASE("fineq: the decoder widens FineQ records to the golden codes and takes tile windows from them") {
    std::mt19937 rng(11);
    struct shape {
        std::size_t n, k, rows, cols;
    };
    // K not a multiple of 3 (a padded last record) nor of the tile rows (records straddling two K tiles).
    for (const shape& s : {shape{7, 100, 5, 3}, shape{5, 64, 32, 32}, shape{4, 2, 4, 4}})
        for (unsigned mode : {0u, 1u}) {
            const std::size_t per_row = (s.k + 2) / 3;
            std::vector<std::uint8_t> records(s.n * per_row);
            for (auto& r : records) r = static_cast<std::uint8_t>(rng());
            weight_format f;
            f.outlier_mode = mode;
            decoded_weights w;
            std::string problem;
            REQUIRE(decode_weights(f, s.n, s.k, records, std::vector<std::uint8_t>(2 * s.n, 0), w, problem));
            std::vector<std::int16_t> widened(s.n * s.k);
            w.widen_rows(0, s.n, widened.data());

            // The format's definition: record c of a row holds weights 3c..3c+2, idx = p + 1 marks weight p wide.
            std::vector<int> codes(s.n * s.k);
            std::vector<bool> wide(s.n * s.k);
            for (std::size_t r = 0; r < s.n; ++r)
                for (std::size_t c = 0; c < s.k; ++c) {
                    const std::uint8_t record = records[r * per_row + c / 3];
                    int three[3];
                    vplab::fineq::fineq_decode_record(record, static_cast<vplab::fineq::outlier_mode>(mode), three);
                    codes[r * s.k + c] = three[c % 3];
                    wide[r * s.k + c] = (record >> 6) == c % 3 + 1;
                }
            CHECK(std::vector<int>(widened.begin(), widened.end()) == codes);

            for (pe_kind pe : {pe_unary, pe_bitserial, pe_multiplier}) {
                const tile_windows t = weight_windows(w, pe, s.rows, s.cols);
                std::vector<std::uint8_t> slowest(t.k_tiles * t.n_tiles, 0);
                std::uint64_t total = 0;
                for (std::size_t r = 0; r < s.n; ++r)
                    for (std::size_t c = 0; c < s.k; ++c) {
                        const std::size_t i = r * s.k + c;
                        const unsigned cycles = pe == pe_unary ? static_cast<unsigned>(std::abs(codes[i]))
                                                : pe == pe_bitserial ? (wide[i] ? 3u : 2u)
                                                                     : 1u;
                        std::uint8_t& slot = slowest[(c / s.rows) * t.n_tiles + r / s.cols];
                        slot = std::max<std::uint8_t>(slot, static_cast<std::uint8_t>(cycles));
                        total += cycles;
                    }
                CHECK(t.k_tiles == (s.k + s.rows - 1) / s.rows);
                CHECK(t.n_tiles == (s.n + s.cols - 1) / s.cols);
                CHECK(t.window == slowest);
                CHECK(t.weight_cycles == total);
            }
        }
}
