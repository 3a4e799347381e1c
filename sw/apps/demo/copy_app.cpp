#include "copy_app.h"

#include "demo/dma_copy_driver.h"

#include <random>
#include <vector>

namespace vplab::apps {

namespace {
constexpr std::size_t guard_bytes = 64;  // around the destination: the device must not write there
constexpr unsigned char guard_value = 0xa5;
} // namespace

app_report run_copy_app(hal::mmio& bus, const copy_app_params& p) {
    app_report report;
    drivers::dma_copy_driver dma(bus, p.device_base, p.irq_line);
    if (!dma.probe()) {
        report.device_error = true;
        report.message = "no DMA-copy device at the configured address";
        return report;
    }

    std::vector<unsigned char> pattern(p.bytes);
    std::mt19937_64 rng(p.seed);
    for (auto& b : pattern) b = static_cast<unsigned char>(rng());
    bus.write_block(p.src, pattern.data(), pattern.size());
    const bool has_guard = p.dst >= guard_bytes;
    std::vector<unsigned char> guarded(p.bytes + (has_guard ? 2 * guard_bytes : guard_bytes), guard_value);
    const std::uint64_t guarded_base = has_guard ? p.dst - guard_bytes : p.dst;
    const std::size_t dst_index = has_guard ? guard_bytes : 0;
    if (has_guard) bus.write_block(guarded_base, guarded.data(), guarded.size());
    else {
        std::vector<unsigned char> zero(p.bytes, 0);
        bus.write_block(p.dst, zero.data(), zero.size());
        bus.write_block(p.dst + p.bytes, guarded.data(), guard_bytes);
    }

    const std::uint64_t start_ns = bus.now_ns();
    std::uint64_t device_ns = 0;
    for (std::uint32_t i = 0; i < p.repeat; ++i) {
        const auto result = dma.copy(p.src, p.dst, p.bytes, p.timeout_ns);
        device_ns += result.job_ns;
        if (!result.completed || result.error) {
            report.device_error = true;
            report.message = !result.completed ? "no interrupt within the timeout"
                                               : "device error code " + std::to_string(result.error);
            return report;
        }
    }
    const std::uint64_t elapsed_ns = bus.now_ns() - start_ns;

    bus.read_block(guarded_base, guarded.data(), guarded.size());
    std::size_t mismatches = 0, guard_hits = 0;
    for (std::size_t i = 0; i < p.bytes; ++i) mismatches += guarded[dst_index + i] != pattern[i];
    for (std::size_t i = 0; i < guarded.size(); ++i)
        if (i < dst_index || i >= dst_index + p.bytes) guard_hits += guarded[i] != guard_value;

    report.verified = mismatches == 0 && guard_hits == 0;
    const double total = static_cast<double>(p.bytes) * p.repeat;
    report.metrics["bytes"] = static_cast<std::uint64_t>(total);
    report.metrics["copies"] = p.repeat;
    report.metrics["elapsed_ns"] = elapsed_ns;
    report.metrics["device_ns"] = device_ns;
    report.metrics["bandwidth_gbps"] = device_ns ? total / static_cast<double>(device_ns) : 0.0;
    report.metrics["mismatched_bytes"] = mismatches;
    report.metrics["guard_bytes_overwritten"] = guard_hits;
    report.message = "copied " + std::to_string(p.bytes) + " B x" + std::to_string(p.repeat) +
                     (report.verified ? ", verified" : ", MISMATCH");
    return report;
}

} // namespace vplab::apps
