#include "fineq_workload.h"

#include <filesystem>
#include <fineq_quant/synthetic.h>
#include <fineq_quant/tensor.h>

namespace vplab::platforms {

namespace {
// A relative path given in a scenario file is relative to that file; one given with --set, to the working directory.
std::string resolve(const config::values& v, const std::string& key) {
    const std::filesystem::path path(v.string(key));
    const config::location& where = v.where(key);
    if (path.is_relative() && where.line > 0 && !where.source.empty() && where.source != "--set")
        return (std::filesystem::path(where.source).parent_path() / path).lexically_normal().string();
    return path.string();
}
} // namespace

fineq_layer make_fineq_layer(const config::values& v, std::uint64_t seed) {
    fineq_layer layer;
    fineq::synthetic_params sp;
    sp.sigma = v.real("workload.synthetic.sigma");
    sp.tail_fraction = v.real("workload.synthetic.tail_fraction");
    sp.outlier_channel_fraction = v.real("workload.synthetic.outlier_channels");
    sp.outlier_gain = v.real("workload.synthetic.outlier_gain");
    const std::size_t M = v.unsigned_("workload.M");
    if (v.string("workload.weights") == "file") {
        const std::string path = resolve(v, "workload.weights_file");
        const std::string& name = v.string("workload.tensor");
        try {
            layer.weights = fineq::as_matrix(fineq::read_tensor(path, name), path);
        } catch (const fineq::tensor_error& e) {
            throw config::input_error({{v.where("workload.weights_file"), "workload.weights_file", e.what()}});
        }
        layer.source = "file:" + path + (name.empty() ? "" : ":" + name);
    } else {
        layer.weights = fineq::synthetic_weights(v.unsigned_("workload.N"), v.unsigned_("workload.K"), seed, sp);
        layer.source = "synthetic";
    }
    layer.activations = fineq::synthetic_activations(M, layer.weights.cols, seed, sp);
    if (v.boolean("workload.gptq"))
        layer.calibration = fineq::synthetic_activations(v.unsigned_("workload.gptq_rows"), layer.weights.cols, seed,
                                                         sp, /*draw=*/1);
    return layer;
}

} // namespace vplab::platforms
