#include "gemm_app.h"

#include "fineq/fineq_driver.h"

#include <chrono>
#include <cmath>
#include <cstring>
#include <fineq_quant/golden_gemm.h>
#include <fineq_quant/gptq.h>
#include <fineq_quant/group_format.h>
#include <fineq_quant/metrics.h>
#include <utility>
#include <vector>

namespace vplab::apps {

namespace {

using namespace regs::fineq;

// What the firmware loads: packed weights, the scale table, and the decoded view for the golden check.
struct prepared {
    std::vector<std::uint8_t> packed, scales;
    fineq::int_weights decoded;
    std::uint32_t format = 0, group = 0;
    double bits_per_weight = 0, outlier_fraction = 0;
};

// Mean square of each input channel's activations: how much a weight error in that channel reaches the output.
std::vector<float> channel_energy(const fineq::matrix& x) {
    std::vector<float> c(x.cols, 0.0f);
    for (std::size_t m = 0; m < x.rows; ++m)
        for (std::size_t k = 0; k < x.cols; ++k) c[k] += x.at(m, k) * x.at(m, k) / static_cast<float>(x.rows);
    return c;
}

prepared prepare(const fineq::matrix& w, const gemm_format& f, const fineq::matrix& x) {
    prepared out;
    const std::vector<float> channel = f.activation_aware ? channel_energy(x) : std::vector<float>{};
    if (f.name == "fineq") {
        fineq::fineq_options o = f.fineq;
        o.channel_weight = channel;
        fineq::fineq_packed p =
            f.gptq_calibration ? fineq::fineq_encode_gptq(w, *f.gptq_calibration, o) : fineq::fineq_encode(w, o);
        out.scales.reserve(2 * p.scales.size());
        for (std::uint16_t s : p.scales) {
            out.scales.push_back(static_cast<std::uint8_t>(s));
            out.scales.push_back(static_cast<std::uint8_t>(s >> 8));
        }
        out.decoded = fineq::fineq_decode(p);
        out.format = format_value(kind_fineq, static_cast<unsigned>(f.fineq.mode), 0);
        out.group = static_cast<std::uint32_t>(f.fineq.group);
        out.bits_per_weight = p.bits_per_weight();
        out.outlier_fraction = p.outlier_fraction();
        out.packed = std::move(p.records);  // last: the figures above read them
        return out;
    }
    fineq::group_packed p;
    if (f.name == "mixed") {
        p = fineq::mixed_encode(w, f.mixed_high_fraction, f.group, channel);
        out.format = format_value(kind_mixed, 0, 2);
    } else {
        const unsigned bits = static_cast<unsigned>(f.name.back() - '0');
        p = fineq::rtn_encode(w, bits, f.group);
        out.format = format_value(kind_rtn, 0, bits);
    }
    out.scales = p.scale_table();
    out.decoded = fineq::group_decode(p);
    out.group = static_cast<std::uint32_t>(f.group);
    out.bits_per_weight = p.bits_per_weight();
    out.packed = std::move(p.data);  // last: the figures above read them
    return out;
}

std::uint64_t align(std::uint64_t v) { return (v + 4095) & ~std::uint64_t{4095}; }

fineq::matrix first_rows(const fineq::matrix& x, std::size_t rows) {
    fineq::matrix r(std::min(rows, x.rows), x.cols);
    std::copy(x.data.begin(), x.data.begin() + static_cast<std::ptrdiff_t>(r.rows * r.cols), r.data.begin());
    return r;
}

// Wall time of consecutive phases, written into the caller's gemm_app_timing when there is one.
class phase_clock {
    using wall_clock = std::chrono::steady_clock;

public:
    explicit phase_clock(gemm_app_timing* timing) : m_timing(timing), m_start(wall_clock::now()) {}
    void lap(double gemm_app_timing::*phase) {
        if (!m_timing) return;
        const wall_clock::time_point now = wall_clock::now();
        m_timing->*phase = std::chrono::duration<double>(now - m_start).count();
        m_start = now;
    }

private:
    gemm_app_timing* m_timing;
    wall_clock::time_point m_start;
};

} // namespace

app_report run_gemm_app(hal::mmio& bus, const gemm_app_params& p) {
    app_report report;
    drivers::fineq_driver dev(bus, p.device_base, p.irq_line);
    if (!dev.probe()) {
        report.device_error = true;
        report.message = "no FineQ accelerator at the configured address";
        return report;
    }
    const fineq::matrix& w = *p.weights;
    const fineq::matrix& x = *p.activations;
    phase_clock phases(p.timing);
    const prepared q = prepare(w, p.format, x);
    const fineq::int8_activations a = fineq::quantize_activations(x);
    phases.lap(&gemm_app_timing::prepare_s);

    // Buffers, each on a 4 KiB boundary: weights, scales, activations, outputs.
    const std::uint64_t M = x.rows, N = w.rows, K = w.cols;
    const std::uint64_t w_at = p.ram_base, s_at = align(w_at + q.packed.size()), a_at = align(s_at + q.scales.size());
    const std::uint64_t o_at = align(a_at + M * K), end = o_at + M * N * 4;
    if (end - p.ram_base > p.ram_size) {
        report.device_error = true;
        report.message = "the buffers need " + std::to_string(end - p.ram_base) + " bytes, the RAM has " +
                         std::to_string(p.ram_size);
        return report;
    }
    bus.write_block(w_at, q.packed.data(), q.packed.size());
    bus.write_block(s_at, q.scales.data(), q.scales.size());
    bus.write_block(a_at, a.q.data(), a.q.size());
    phases.lap(&gemm_app_timing::load_s);

    drivers::fineq_driver::job job;
    job.format = q.format;
    job.group = q.group;
    job.m = static_cast<std::uint32_t>(M);
    job.n = static_cast<std::uint32_t>(N);
    job.k = static_cast<std::uint32_t>(K);
    job.w_addr = w_at;
    job.w_bytes = static_cast<std::uint32_t>(q.packed.size());
    job.s_addr = s_at;
    job.a_addr = a_at;
    job.o_addr = o_at;
    job.a_scale = a.scale;
    const auto result = dev.run(job, p.timeout_ns);
    phases.lap(&gemm_app_timing::job_s);
    if (!result.completed || result.error) {
        report.device_error = true;
        report.message = !result.completed ? "no interrupt within the timeout"
                                           : "device error code " + std::to_string(result.error);
        return report;
    }

    std::vector<float> y(M * N);
    bus.read_block(o_at, y.data(), y.size() * sizeof(float));
    phases.lap(&gemm_app_timing::read_back_s);
    const std::vector<float> golden = fineq::golden_gemm(a, q.decoded);
    std::size_t mismatches = 0;
    for (std::size_t i = 0; i < y.size(); ++i) mismatches += std::memcmp(&y[i], &golden[i], sizeof(float)) != 0;
    phases.lap(&gemm_app_timing::check_s);

    const fineq::weight_error e = fineq::measure_weights(w, q.decoded);
    const fineq::matrix xs = first_rows(x, p.error_rows);
    const std::vector<double> reference = fineq::reference_output(xs, w);
    const std::vector<float> device_rows(y.begin(), y.begin() + static_cast<std::ptrdiff_t>(xs.rows * N));
    const double output_rel_error = fineq::output_rel_error(xs, reference, q.decoded);
    const double device_output_rel_error = fineq::rel_frobenius(device_rows, reference);
    phases.lap(&gemm_app_timing::metrics_s);

    report.verified = mismatches == 0;
    auto& m = report.metrics;
    m["format"] = p.format.name;
    m["M"] = M;
    m["N"] = N;
    m["K"] = K;
    m["bits_per_weight"] = q.bits_per_weight;
    m["weight_bytes"] = q.packed.size() + q.scales.size();
    if (p.format.name == "fineq") m["outlier_cluster_fraction"] = q.outlier_fraction;
    m["weight_mse"] = e.mse;
    m["sqnr_db"] = e.sqnr_db;
    m["weight_max_abs_error"] = e.max_abs;
    m["output_rel_error"] = output_rel_error;
    m["device_output_rel_error"] = device_output_rel_error;
    m["cycles"] = result.cycles;
    m["macs"] = result.macs;
    m["stall_cycles"] = result.stall_cycles;
    m["sram_bytes"] = result.sram_bytes;
    m["dram_bytes"] = result.dram_bytes;
    m["device_ns"] = result.job_ns;
    m["mismatched_outputs"] = mismatches;
    m["verified"] = report.verified;
    report.message = p.format.name + " " + std::to_string(M) + "x" + std::to_string(N) + "x" + std::to_string(K) +
                     (report.verified ? ", bit-exact against the golden GEMM" : ", MISMATCH against the golden GEMM");
    return report;
}

} // namespace vplab::apps
