#include "kernel_program.h"

namespace vplab::l1agg {

void warp_program::add_mem(mem_op op, const std::uint64_t* lane_addr, std::uint32_t mask, unsigned width) {
    // A pending ALU-only entry absorbs into this instruction, so "alu then memory" costs one entry.
    warp_inst inst{0, op, static_cast<std::uint32_t>(accesses.size()), 0};
    if (!insts.empty() && insts.back().op == mem_op::none) {
        inst.alu = insts.back().alu;
        insts.pop_back();
    }
    for (unsigned lane = 0; lane < warp_size; ++lane) {
        if (!(mask >> lane & 1u)) continue;
        const std::uint64_t begin = lane_addr[lane], end = begin + (width ? width : 1) - 1;
        for (std::uint64_t a = begin - begin % sector_bytes; a <= end; a += sector_bytes) {
            const std::uint64_t line = a / line_bytes;
            const auto bit = static_cast<std::uint8_t>(1u << (a % line_bytes / sector_bytes));
            bool merged = false;
            for (std::uint32_t i = inst.first; i < accesses.size(); ++i)
                if (accesses[i].line == line) {
                    accesses[i].sectors |= bit;
                    merged = true;
                    break;
                }
            if (!merged) accesses.push_back({line, bit});
        }
    }
    inst.count = static_cast<std::uint32_t>(accesses.size()) - inst.first;
    if (inst.count == 0) inst.op = mem_op::none;  // no active lane: an issue slot, nothing to fetch
    insts.push_back(inst);
}

} // namespace vplab::l1agg
