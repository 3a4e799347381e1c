#include "workload.h"

#include <stdexcept>

namespace vplab::spantrain {

const std::vector<std::string>& model_preset_names() {
    static const std::vector<std::string> names{"gpt2-small", "gpt2-medium", "gpt2-large",
                                                "gpt2-xl",    "bert-base",   "bert-large"};
    return names;
}

model_spec model_preset(const std::string& name) {
    // GPT-2 sizes from the GPT-2 paper (s = 1024, V = 50257); BERT from its paper (s = 512, V = 30522).
    if (name == "gpt2-small") return {name, 12, 768, 12, 1024, 50257};
    if (name == "gpt2-medium") return {name, 24, 1024, 16, 1024, 50257};
    if (name == "gpt2-large") return {name, 36, 1280, 20, 1024, 50257};
    if (name == "gpt2-xl") return {name, 48, 1600, 25, 1024, 50257};
    if (name == "bert-base") return {name, 12, 768, 12, 512, 30522};
    if (name == "bert-large") return {name, 24, 1024, 16, 512, 30522};
    std::string known;
    for (const auto& n : model_preset_names()) known += (known.empty() ? "" : ", ") + n;
    throw std::invalid_argument("unknown model '" + name + "' (known: " + known + ", custom)");
}

std::vector<layer_cost> layer_costs(const model_spec& m, double batch) {
    const double b = batch, s = m.seq, h = m.hidden, a = m.heads, v = m.vocab;
    layer_cost layer;
    layer.flops_f = 24 * b * s * h * h + 4 * b * s * s * h;
    layer.flops_b = 24 * b * s * h * h + 8 * b * s * s * h;
    layer.flops_w = 24 * b * s * h * h;
    layer.params = 12 * h * h + 13 * h;
    layer.act_bytes = s * b * h * (34 + 5 * a * s / h);
    std::vector<layer_cost> out(m.layers, layer);
    if (!out.empty()) {
        out.front().params += v * h + s * h;  // token and position embeddings
        out.back().flops_f += 2 * b * s * h * v;
        out.back().flops_b += 2 * b * s * h * v;
        out.back().flops_w += 2 * b * s * h * v;
        out.back().act_bytes += 2 * b * s * v;  // fp16 logits
    }
    return out;
}

double boundary_bytes(const model_spec& m, double batch) { return 2.0 * batch * m.seq * m.hidden; }

double iteration_flops(const model_spec& m, double samples) {
    double total = 0;
    for (const layer_cost& c : layer_costs(m, samples)) total += c.flops_f + c.flops_b + c.flops_w;
    return total;
}

} // namespace vplab::spantrain
