#include "tile_schedule.h"

#include <algorithm>

namespace vplab::models::fineq {

namespace {
std::uint64_t div_up(std::uint64_t a, std::uint64_t b) { return (a + b - 1) / b; }
constexpr std::uint64_t out_bytes_per_entry = 8;  // INT32 partial sum + float partial result
} // namespace

schedule plan_gemm(const array_config& a, const gemm_shape& g, const tile_inputs& in) {
    schedule s;
    const std::uint64_t R = a.rows, C = a.cols, bpc = a.dma_bytes_per_cycle;
    const std::uint64_t k_tiles = div_up(g.k, R), n_tiles = div_up(g.n, C);
    s.activations_resident = g.m * g.k <= a.act_sram;
    const std::uint64_t act_rows = s.activations_resident ? g.m : a.act_sram / R;
    s.m_tile = std::min({g.m, a.out_sram / (C * out_bytes_per_entry), act_rows});
    if (s.m_tile == 0) return s;
    const std::uint64_t m_tiles = div_up(g.m, s.m_tile);
    const std::uint64_t group = g.scale_group && g.scale_group < g.k ? g.scale_group : g.k;

    // Weights of an N strip on chip for every M tile?
    const auto strip_bytes = in.strip_bytes ? in.strip_bytes : in.weight_bytes;
    std::uint64_t largest_strip = 0, largest_tile = 0;
    for (std::size_t nt = 0; nt < n_tiles; ++nt) {
        std::uint64_t strip = 0;
        for (std::size_t kt = 0; kt < k_tiles; ++kt) {
            strip += strip_bytes(kt, nt);
            largest_tile = std::max(largest_tile, in.weight_bytes(kt, nt));
        }
        largest_strip = std::max(largest_strip, strip);
    }
    if (largest_tile > a.weight_sram) return s;
    s.weights_resident = largest_strip <= a.weight_sram;
    s.fits = true;

    // Output blocks finished one and two tiles ago: a block finished by tile t is stored while tile t+1 computes.
    std::uint64_t store1 = 0, store2 = 0;
    std::uint64_t next_load = s.activations_resident ? g.m * g.k : 0;  // loaded before the first tile
    s.act_sram_write = next_load;
    bool first = true;
    std::uint64_t prev_compute = 0;

    for (std::size_t nt = 0; nt < n_tiles; ++nt) {
        const std::uint64_t cols_used = std::min(C, g.n - nt * C);
        for (std::uint64_t mt = 0; mt < m_tiles; ++mt) {
            const std::uint64_t rows_m = std::min(s.m_tile, g.m - mt * s.m_tile);
            for (std::size_t kt = 0; kt < k_tiles; ++kt) {
                const std::uint64_t rows_k = std::min(R, g.k - kt * R);
                // Inputs of this tile go on the DMA queue behind the previous tile's compute.
                std::uint64_t load = 0;
                if (mt == 0 || !s.weights_resident) {
                    const std::uint64_t w = s.weights_resident ? strip_bytes(kt, nt) : in.weight_bytes(kt, nt);
                    load += w;
                    s.weight_sram_write += w;
                }
                if (!s.activations_resident) {
                    load += rows_m * rows_k;
                    s.act_sram_write += rows_m * rows_k;
                }
                next_load += load;
                const std::uint64_t dma_cycles = div_up(next_load + store2, bpc);
                if (first) {
                    s.stall_cycles += dma_cycles;  // nothing to hide the first load behind
                    first = false;
                } else if (dma_cycles > prev_compute) {
                    s.stall_cycles += dma_cycles - prev_compute;
                }
                s.dram_read += next_load;
                s.dram_write += store2;
                next_load = 0;
                store2 = store1;
                store1 = 0;

                const unsigned w = std::max(1u, in.window(kt, nt));
                const std::uint64_t stream = (rows_m + R + C - 2) * w;
                const std::uint64_t compute = R + stream;
                s.compute_cycles += compute;
                s.fill_drain_cycles += R + (R + C - 2) * w;
                s.pe_busy += rows_k * cols_used * rows_m * w;
                s.window_sum += w;
                ++s.tiles;
                prev_compute = compute;

                s.weight_sram_read += in.weight_bytes(kt, nt);
                s.act_sram_read += rows_m * rows_k;
                s.out_sram_read += kt ? rows_m * cols_used * 4 : 0;  // partial sums read back after the first
                s.out_sram_write += rows_m * cols_used * 4;
                // Scale groups ending in this tile: each rescales its INT32 sums into the float partial results,
                // which it writes (and, after the first group, reads first).
                const std::uint64_t k0 = kt * R, k1 = k0 + rows_k;
                const std::uint64_t ends = k1 / group - k0 / group + (k1 == g.k && g.k % group ? 1 : 0);
                const std::uint64_t first_end = k0 < std::min(group, g.k) && k1 >= std::min(group, g.k) ? 1 : 0;
                s.rescales += ends * rows_m * cols_used;
                s.out_sram_write += ends * rows_m * cols_used * 4;
                s.out_sram_read += (ends - first_end) * rows_m * cols_used * 4;
                if (kt + 1 == k_tiles) {
                    s.out_sram_read += rows_m * cols_used * 4;  // the rescaled block on its way out
                    store1 = rows_m * cols_used * 4;
                }
            }
        }
    }
    const std::uint64_t overlapped = div_up(store2, bpc);
    if (overlapped > prev_compute) s.stall_cycles += overlapped - prev_compute;
    s.last_store_cycles = div_up(store1, bpc);
    s.stall_cycles += s.last_store_cycles;  // the last block: nothing left to hide it behind
    s.dram_write += store2 + store1;
    s.cycles = s.compute_cycles + s.stall_cycles;
    return s;
}

} // namespace vplab::models::fineq
