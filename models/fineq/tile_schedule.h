#pragma once
// Closed-form timing of one GEMM on the weight-stationary array, tile by tile (never clock by clock).
//
// Mapping: the array's R rows hold R consecutive input channels (K), its C columns C output channels (N).
// Loop order: N tiles outer, M tiles middle, K tiles inner; the output buffer keeps the INT32 partial sums and
// the float partial result of an M-tile x C block until its last K tile.
// One tile costs
//     compute = R (shift the decoded weights in) + (Mt + R + C - 2) x W
// where Mt is the M-tile height and W the tile's window: every PE works in lockstep, so the tile advances at the
// pace of its slowest weight (1 for multiplier PEs; 2 or 3 for bit-serial; the largest magnitude for unary).
// DMA is double-buffered: while tile t computes, the DMA loads tile t+1 and stores the block finished by t-1;
// it stalls the array when that takes longer: stall_t = max(0, ceil(dma_bytes / dma_bytes_per_cycle) - compute_t).
// The first load and the last store are not hidden. Weights of a whole N strip stay on chip when they fit in the
// weight buffer; activations stay when all M x K fit in the activation buffer; otherwise they are loaded again.

#include "fineq_regs.h"

#include <cstdint>
#include <functional>

namespace vplab::models::fineq {

struct array_config {
    unsigned rows = 32, cols = 32;
    regs::fineq::pe_kind pe = regs::fineq::pe_bitserial;
    std::uint64_t weight_sram = 64 * 1024, act_sram = 256 * 1024, out_sram = 128 * 1024;  // bytes
    unsigned dma_bytes_per_cycle = 16;
};

struct gemm_shape {
    std::uint64_t m = 0, n = 0, k = 0;
    std::uint64_t scale_group = 0;  // weights per scale along K; 0 (or K and more): one scale per output channel
};

// Per-tile inputs, indexed by K tile and N tile.
struct tile_inputs {
    std::function<unsigned(std::size_t kt, std::size_t nt)> window;
    std::function<std::uint64_t(std::size_t kt, std::size_t nt)> weight_bytes;  // packed weights + their scales
    // Optional: the tile's share of its N strip's bytes, when a packed unit (a FineQ record of 3 weights) can
    // straddle two K tiles: each unit counted once, in the tile of its first weight. A strip that stays on chip is
    // loaded and stored this way; a tile loaded on its own still needs weight_bytes.
    std::function<std::uint64_t(std::size_t kt, std::size_t nt)> strip_bytes;
};

struct schedule {
    bool fits = false;  // false: one tile does not fit the buffers (nothing else is meaningful)
    std::uint64_t m_tile = 0, tiles = 0;
    bool weights_resident = false, activations_resident = false;
    std::uint64_t cycles = 0, compute_cycles = 0, stall_cycles = 0, fill_drain_cycles = 0;
    std::uint64_t last_store_cycles = 0;  // the last output block's store, after everything else (part of cycles)
    std::uint64_t pe_busy = 0;     // sum over tiles of mapped PEs x cycles of their window stream
    std::uint64_t window_sum = 0;  // sum of tile windows (mean window = window_sum / tiles)
    std::uint64_t weight_sram_read = 0, weight_sram_write = 0, act_sram_read = 0, act_sram_write = 0;
    std::uint64_t out_sram_read = 0, out_sram_write = 0;
    std::uint64_t rescales = 0;  // y += float(acc) x scale, once per output entry per scale group
    std::uint64_t dram_read = 0, dram_write = 0;
    std::uint64_t sram_bytes() const {
        return weight_sram_read + weight_sram_write + act_sram_read + act_sram_write + out_sram_read + out_sram_write;
    }
    std::uint64_t dram_bytes() const { return dram_read + dram_write; }
};

schedule plan_gemm(const array_config& a, const gemm_shape& g, const tile_inputs& in);

} // namespace vplab::models::fineq
