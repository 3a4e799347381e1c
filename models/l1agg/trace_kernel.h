#pragma once
// Kernels read from files: the l1agg text format, the memory instructions of Accel-Sim `kernel-*.traceg`
// files (plain or xz-compressed), and Accel-Sim's `kernelslist.g`, the list of a run's kernel traces in launch
// order. All are parsed completely before any simulation; a malformed line throws config::input_error naming the
// file and the line (of the decompressed text for .xz files).
//
// l1agg text format (one instruction per line, '#' starts a comment):
//   <cta> <warp> alu <count>                 count non-memory instructions
//   <cta> <warp> ld <width> <addr>...        a load: one address per active lane (1..32), each width bytes
//   <cta> <warp> st <width> <addr>...        a store, likewise
// Addresses are hexadecimal with 0x or decimal; width is 1, 2, 4, 8 or 16. The kernel's grid is max cta + 1,
// its warps per CTA max warp + 1; a warp executes its lines in file order.

#include "kernel_program.h"

#include <istream>
#include <string>

namespace vplab::l1agg {

class trace_kernel : public kernel_source {
public:
    unsigned ctas() const override { return static_cast<unsigned>(m_ctas.size()); }
    unsigned warps_per_cta() const override { return m_warps; }
    void cta(unsigned id, std::vector<warp_program>& warps) const override;

    std::uint64_t instructions() const { return m_instructions; }
    std::uint64_t memory_instructions() const { return m_mem_instructions; }

    // `name` is the file name used in error messages.
    static std::shared_ptr<trace_kernel> read_text(std::istream& in, const std::string& name);
    static std::shared_ptr<trace_kernel> read_accelsim(std::istream& in, const std::string& name);
    // By extension, after an optional ".xz" (decompressed as it is read): ".traceg" is Accel-Sim, anything else
    // the text format. Throws input_error when unreadable.
    static std::shared_ptr<trace_kernel> read_file(const std::string& path);
    // Accel-Sim's kernelslist.g: one kernel trace file per line (relative to the list; `kernel-1.traceg` is read
    // from `kernel-1.traceg.xz` when only that exists), MemcpyHtoD lines skipped. The kernels in list order.
    static std::vector<kernel_ptr> read_kernel_list(const std::string& path);
    // A kernelslist.g (by its ".g" extension) or a single trace file.
    static std::vector<kernel_ptr> read_kernels(const std::string& path);

private:
    warp_program& warp(unsigned cta, unsigned w);

    std::vector<std::vector<warp_program>> m_ctas;
    unsigned m_warps = 0;
    std::uint64_t m_instructions = 0, m_mem_instructions = 0;
};

} // namespace vplab::l1agg
