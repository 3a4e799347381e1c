#include "l1agg_app.h"

#include <cstdio>
#include <string>

namespace vplab::apps {

namespace {

// The invariants one kernel's counters must satisfy; empty when they hold.
std::string check_counters(const drivers::l1agg_driver::counters& c) {
    if (c.local_hits + c.remote_hits + c.misses != c.accesses)
        return "local + remote hits + misses = " + std::to_string(c.local_hits + c.remote_hits + c.misses) +
               ", accesses = " + std::to_string(c.accesses);
    if (c.load_bytes_req != c.load_bytes_done)
        return "load bytes requested " + std::to_string(c.load_bytes_req) + ", delivered " +
               std::to_string(c.load_bytes_done);
    if (c.fetch_bytes_out != c.fetch_bytes_in)
        return "L2 fetch bytes out " + std::to_string(c.fetch_bytes_out) + ", back " + std::to_string(c.fetch_bytes_in);
    if (c.store_bytes_out != c.store_bytes_in)
        return "store bytes out " + std::to_string(c.store_bytes_out) + ", at L2 " + std::to_string(c.store_bytes_in);
    if (c.cycles == 0 || c.instructions == 0) return "a kernel reported no cycles or no instructions";
    return {};
}

} // namespace

app_report run_l1agg_app(hal::mmio& bus, const l1agg_app_params& p) {
    app_report report;
    drivers::l1agg_driver gpu(bus, p.device_base, p.irq_line);
    if (!gpu.probe()) {
        report.device_error = true;
        report.message = "no l1agg device at the configured address";
        return report;
    }
    drivers::l1agg_driver::counters sum;
    std::string violation;
    for (std::size_t i = 0; i < p.kernels.size(); ++i) {
        const auto r = gpu.run(p.kernels[i], p.timeout_ns);
        if (!r.completed || r.error) {
            report.device_error = true;
            report.message = "kernel " + std::to_string(i) + ": " +
                             (!r.completed ? std::string("no interrupt within the timeout")
                                           : "device error code " + std::to_string(r.error));
            return report;
        }
        if (violation.empty()) {
            const std::string why = check_counters(r.stats);
            if (!why.empty()) violation = "kernel " + std::to_string(i) + ": " + why;
        }
        const auto& c = r.stats;
        sum.cycles += c.cycles;
        sum.instructions += c.instructions;
        sum.accesses += c.accesses;
        sum.local_hits += c.local_hits;
        sum.remote_hits += c.remote_hits;
        sum.misses += c.misses;
        sum.l2_accesses += c.l2_accesses;
        sum.xbar_stalls += c.xbar_stalls;
    }
    const std::uint32_t kernels = gpu.kernels_completed();
    if (violation.empty() && kernels < p.kernels.size())
        violation =
            "device counted " + std::to_string(kernels) + " kernels, launched " + std::to_string(p.kernels.size());

    report.verified = violation.empty() && !p.kernels.empty();
    const double acc = sum.accesses ? double(sum.accesses) : 1.0;
    report.metrics["kernels"] = p.kernels.size();
    report.metrics["cycles"] = sum.cycles;
    report.metrics["instructions"] = sum.instructions;
    report.metrics["ipc"] = sum.cycles ? double(sum.instructions) / double(sum.cycles) : 0.0;
    report.metrics["accesses"] = sum.accesses;
    report.metrics["l1_local_hit_rate"] = double(sum.local_hits) / acc;
    report.metrics["l1_remote_hit_rate"] = double(sum.remote_hits) / acc;
    report.metrics["l1_miss_rate"] = double(sum.misses) / acc;
    report.metrics["l2_accesses"] = sum.l2_accesses;
    report.metrics["crossbar_stall_cycles"] = sum.xbar_stalls;
    report.metrics["verified"] = report.verified;
    char ipc[32];
    std::snprintf(ipc, sizeof ipc, "%.2f", sum.cycles ? double(sum.instructions) / double(sum.cycles) : 0.0);
    report.message = std::to_string(p.kernels.size()) + " kernel(s), " + std::to_string(sum.cycles) + " cycles, IPC " +
                     ipc + (report.verified ? ", counters conserved" : ", NOT CONSERVED: " + violation);
    return report;
}

} // namespace vplab::apps
