#pragma once
// FineQ firmware: quantizes a layer's weights on the host in the chosen format, loads packed weights, scale
// table and INT8 activations into RAM, runs the GEMM on the accelerator, reads the outputs back and checks them
// bit for bit against the golden integer GEMM on the decoded weights; reports accuracy and device metrics.

#include "../app_report.h"

#include <cstdint>
#include <fineq_quant/fineq_format.h>
#include <fineq_quant/matrix.h>
#include <hal/mmio.h>
#include <string>

namespace vplab::apps {

struct gemm_format {
    std::string name = "fineq";  // fineq | rtn2 | rtn3 | rtn4 | mixed
    fineq::fineq_options fineq;  // for fineq
    std::size_t group = 128;     // for rtn / mixed
    double mixed_high_fraction = 0.4;
    // fineq scale / record choice and mixed salience weighted by each input channel's mean square activation.
    bool activation_aware = true;
    // fineq only: GPTQ-style error feedback with these calibration inputs (M x K); nullptr = none.
    const fineq::matrix* gptq_calibration = nullptr;
};

// Wall seconds of the app's phases, for benchmarks. Never part of a run's results: they vary from run to run.
struct gemm_app_timing {
    double prepare_s = 0;    // quantize the weights in the chosen format (and decode them), quantize activations
    double load_s = 0;       // write packed weights, scale table and activations into simulated memory
    double job_s = 0;        // program the registers, the device's job up to its interrupt, read its counters
    double read_back_s = 0;  // read the outputs back from simulated memory
    double check_s = 0;      // golden GEMM and the bit-for-bit comparison
    double metrics_s = 0;    // weight and output error metrics
};

struct gemm_app_params {
    std::uint64_t device_base = 0;
    unsigned irq_line = 0;
    std::uint64_t ram_base = 0, ram_size = 0;  // the buffers are laid out from ram_base
    const fineq::matrix* weights = nullptr;      // N x K
    const fineq::matrix* activations = nullptr;  // M x K
    gemm_format format;
    std::size_t error_rows = 16;  // rows of X used for the float output error (X W^T in double is costly)
    std::uint64_t timeout_ns = 1000000000;
    gemm_app_timing* timing = nullptr;  // filled when given
};

app_report run_gemm_app(hal::mmio& bus, const gemm_app_params& p);

} // namespace vplab::apps
