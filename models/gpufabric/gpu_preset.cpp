#include "gpu_preset.h"

#include <stdexcept>

namespace vplab::models::gpufabric {

const std::vector<std::string>& gpu_preset_names() {
    static const std::vector<std::string> names{"rtx3090", "a100", "v100", "t4", "jetson"};
    return names;
}

gpu_preset find_gpu_preset(const std::string& name) {
    // RTX 3090: 71 TFLOPS fp16 tensor (dense, fp16 accumulate), 24 GB (GA102 whitepaper).
    if (name == "rtx3090") return {name, 71e12, 24e9, 0.4, 2e9};
    // A100 SXM: 312 TFLOPS bf16 dense, 80 GB (A100 datasheet; Calculon's a100_80g uses 312).
    if (name == "a100") return {name, 312e12, 80e9, 0.45, 4e9};
    // V100 SXM2: 125 TFLOPS tensor, 32 GB (V100 datasheet).
    if (name == "v100") return {name, 125e12, 32e9, 0.4, 2e9};
    // T4: 65 TFLOPS fp16 mixed precision, 16 GB (T4 datasheet).
    if (name == "t4") return {name, 65e12, 16e9, 0.3, 1e9};
    // Jetson AGX Xavier: 11 TFLOPS fp16, 32 GB shared with the CPU (Jetson AGX Xavier datasheet).
    if (name == "jetson") return {name, 11e12, 32e9, 0.3, 0.5e9};
    std::string known;
    for (const auto& n : gpu_preset_names()) known += (known.empty() ? "" : ", ") + n;
    throw std::invalid_argument("unknown GPU preset '" + name + "' (known: " + known + ")");
}

double compute_seconds(const gpu_preset& g, double flops) {
    if (flops <= 0) return 0;
    const double eta = g.eta_max * flops / (flops + g.f_half);
    return flops / (g.peak_flops * eta);
}

} // namespace vplab::models::gpufabric
