#pragma once
// Synthetic kernels for the locality classes of shared-L1 studies (reference notes section 4): who reads which
// lines decides how much inter-core reuse a cluster can find. Every kernel is deterministic in its seed.

#include "kernel_program.h"

#include <string>

namespace vplab::l1agg {

enum class workload_class : std::uint32_t { broadcast = 0, gemm = 1, stencil = 2, zipf = 3, streaming = 4 };

workload_class parse_workload_class(const std::string& s);  // throws std::invalid_argument
const char* to_string(workload_class c);

struct workload_params {
    workload_class cls = workload_class::broadcast;
    unsigned grid = 64;               // CTAs
    unsigned warps_per_cta = 4;
    std::uint64_t footprint = 16384;  // bytes of the shared structure (see each class)
    unsigned sharing = 0;             // sharing degree: class-specific, 0 = the class default
    unsigned reuse = 1;               // passes over the shared data (reuse distance = one pass)
    double write_fraction = 0;        // fraction of memory instructions that are stores (to private output)
    unsigned mem_per_warp = 64;       // zipf and streaming: memory instructions per warp
    unsigned alu_per_mem = 4;         // non-memory instructions before each memory instruction
    double zipf_alpha = 1.0;
    std::uint64_t seed = 1;
};

// Throws std::invalid_argument naming the parameter when a value makes no kernel.
void check(const workload_params& p);
kernel_ptr make_kernel(const workload_params& p);

} // namespace vplab::l1agg
