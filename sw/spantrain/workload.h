#pragma once
// Transformer workload costs (GPT-style, FFN 4h, no GQA), per layer and per micro-batch, from the closed forms in
// the reference note (section 4.5): forward 24bsh^2 + 4bs^2h FLOPs, input gradient B = 24bsh^2 + 8bs^2h, weight
// gradient W = 24bsh^2; about 12h^2 + 13h parameters per layer; stored activations sbh(34 + 5as/h) bytes per layer
// (Korthikanti et al.); stage-boundary message 2bsh bytes (fp16).

#include <string>
#include <vector>

namespace vplab::spantrain {

struct model_spec {
    std::string name;
    unsigned layers = 12;
    unsigned hidden = 768;
    unsigned heads = 12;
    unsigned seq = 1024;
    unsigned vocab = 50257;
};

// gpt2-small, gpt2-medium, gpt2-large, gpt2-xl, bert-base, bert-large; throws std::invalid_argument otherwise.
model_spec model_preset(const std::string& name);
const std::vector<std::string>& model_preset_names();

struct layer_cost {
    double flops_f = 0;     // forward
    double flops_b = 0;     // input gradient
    double flops_w = 0;     // weight gradient
    double params = 0;      // parameter count
    double act_bytes = 0;   // activations kept from F until W (fp16, no recompute)
};

// Costs of each of the model's layers for a micro-batch of `batch` samples. The embedding's parameters go to the
// first layer and the LM head's FLOPs (2bshV forward, 4bshV backward, split evenly into B and W) to the last.
std::vector<layer_cost> layer_costs(const model_spec& m, double batch);

// Bytes crossing a stage boundary per micro-batch of `batch` samples, in each direction.
double boundary_bytes(const model_spec& m, double batch);

// Mixed-precision Adam: 2 weights + 2 grads + 12 fp32 master/m/v bytes per parameter (ZeRO paper).
constexpr double bytes_per_param_state = 16;
// fp16 gradients exchanged by data-parallel synchronisation.
constexpr double bytes_per_grad = 2;

// Total FLOPs of one training iteration of `samples` samples (F + B + W over all layers).
double iteration_flops(const model_spec& m, double samples);

} // namespace vplab::spantrain
