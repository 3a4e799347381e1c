#pragma once
// What the cores execute: per thread block (CTA), one instruction stream per warp, with each memory instruction
// already coalesced into 128-byte line requests carrying a mask of the 32-byte sectors they touch.

#include <cstdint>
#include <memory>
#include <vector>

namespace vplab::l1agg {

constexpr unsigned line_bytes = 128;   // coalescing unit (GPGPU-Sim / Accel-Sim sector caches hard-code it)
constexpr unsigned sector_bytes = 32;  // fetch unit
constexpr unsigned sectors_per_line = line_bytes / sector_bytes;
constexpr unsigned warp_size = 32;

struct line_access {
    std::uint64_t line = 0;     // address / line_bytes
    std::uint8_t sectors = 0;   // bit i: sector i of the line is touched
};

enum class mem_op : std::uint8_t { none, load, store };

// `alu` non-memory instructions, then (unless op is none) one memory instruction whose line requests are
// accesses[first, first + count) of the warp's program.
struct warp_inst {
    std::uint32_t alu = 0;
    mem_op op = mem_op::none;
    std::uint32_t first = 0;
    std::uint32_t count = 0;
};

struct warp_program {
    std::vector<warp_inst> insts;
    std::vector<line_access> accesses;

    // Inline: the generators call these once per instruction for every CTA they start.
    void add_alu(std::uint32_t n) {
        if (n == 0) return;
        if (!insts.empty() && insts.back().op == mem_op::none) insts.back().alu += n;
        else insts.push_back({n, mem_op::none, 0, 0});
    }
    // Coalesces the active lanes' addresses (lane i active when bit i of `mask` is set), each `width` bytes wide.
    void add_mem(mem_op op, const std::uint64_t* lane_addr, std::uint32_t mask, unsigned width);
    // One fully coalesced line (32 lanes x 4 bytes), after `alu` more non-memory instructions (the same as
    // add_alu(alu) first, without an entry made and taken back).
    void add_line(mem_op op, std::uint64_t line, std::uint8_t sectors = 0xf, std::uint32_t alu = 0) {
        warp_inst inst{alu, op, static_cast<std::uint32_t>(accesses.size()), 1};
        if (!insts.empty() && insts.back().op == mem_op::none) {
            inst.alu += insts.back().alu;
            insts.pop_back();
        }
        accesses.push_back({line, sectors});
        insts.push_back(inst);
    }
};

// A kernel: a grid of CTAs, each with the same number of warps. cta() may be called in any order, any number of
// times, and must return the same program each time (generators are seeded per CTA). `warps` may still hold an
// earlier CTA's programs: cta() replaces them, and may reuse their storage.
class kernel_source {
public:
    virtual ~kernel_source() = default;
    virtual unsigned ctas() const = 0;
    virtual unsigned warps_per_cta() const = 0;
    virtual void cta(unsigned id, std::vector<warp_program>& warps) const = 0;
};

using kernel_ptr = std::shared_ptr<const kernel_source>;

// Popcount of a sector mask (4 bits) in bytes; by table, as it is on every request's path several times.
inline unsigned sector_mask_bytes(std::uint8_t mask) {
    static constexpr std::uint8_t sectors[16] = {0, 1, 1, 2, 1, 2, 2, 3, 1, 2, 2, 3, 2, 3, 3, 4};
    return unsigned(sectors[mask & 0xf] + sectors[mask >> 4 & 0xf]) * sector_bytes;
}

} // namespace vplab::l1agg
