#pragma once
// GPU device presets: dense fp16/bf16 tensor peak, memory, and the efficiency curve that turns a peak into achieved
// throughput. Peaks are vendor datasheet figures (reference note 4.1 for RTX 3090, A100, V100; the T4 and Jetson AGX
// Xavier datasheets for the others). The curve is a design choice: eta(f) = eta_max * f / (f + f_half), so small
// operations run far below peak and large GEMM-heavy ones approach eta_max (0.3-0.5 MFU in the note).

#include <string>
#include <vector>

namespace vplab::models::gpufabric {

struct gpu_preset {
    std::string name;
    double peak_flops = 71e12;    // dense fp16 tensor FLOP/s
    double memory_bytes = 24e9;
    double eta_max = 0.4;         // achieved share of peak for large operations
    double f_half = 2e9;          // FLOPs of an operation that reaches half of eta_max
};

// rtx3090, a100, v100, t4, jetson; throws std::invalid_argument naming the known presets.
gpu_preset find_gpu_preset(const std::string& name);
const std::vector<std::string>& gpu_preset_names();

// Seconds one device needs for `flops` of work.
double compute_seconds(const gpu_preset& g, double flops);

} // namespace vplab::models::gpufabric
