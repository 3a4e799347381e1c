#include "fps_app.h"

#include "fusefps/fusefps_driver.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <fps/bucket_fps.h>
#include <fps/kd_build.h>
#include <fps/vanilla_fps.h>

namespace vplab::apps {

namespace {

constexpr std::size_t guard_bytes = 64;  // after the output: the device must not write there
constexpr unsigned char guard_value = 0xa5;

// Coordinates as printf's %.9g writes them (std::to_chars with a precision is specified to match it, and is several
// times faster, which shows in bench_fps_sim).
std::string csv(const std::vector<std::uint32_t>& idx, const std::vector<fps::point3>& pts) {
    std::string s = "order,index,x,y,z\n";
    s.reserve(s.size() + idx.size() * 64);
    char num[32];
    const auto put = [&](auto... value) { s.append(num, std::to_chars(num, num + sizeof num, value...).ptr); };
    for (std::size_t i = 0; i < idx.size(); ++i) {
        const fps::point3& p = pts[idx[i]];
        put(i);
        s += ',';
        put(idx[i]);
        for (const float v : {p.x, p.y, p.z}) {
            s += ',';
            put(static_cast<double>(v), std::chars_format::general, 9);
        }
        s += '\n';
    }
    return s;
}

} // namespace

const char* fps_mode_name(std::uint32_t mode) {
    switch (mode) {
    case regs::fusefps::mode_vanilla: return "vanilla";
    case regs::fusefps::mode_quickfps: return "quickfps";
    case regs::fusefps::mode_fusefps: return "fusefps";
    }
    return "unknown";
}

fps_app_result run_fps_app(hal::mmio& bus, const fps_app_params& p) {
    fps_app_result result;
    app_report& report = result.report;
    drivers::fusefps_driver dev(bus, p.device_base, p.irq_line);
    if (!dev.probe()) {
        report.device_error = true;
        report.message = "no FuseFPS device at the configured address";
        return result;
    }
    const std::vector<fps::point3>& pts = *p.points;
    const auto n = static_cast<std::uint32_t>(pts.size());
    const std::vector<fps::point_record> records = fps::to_records(pts);
    bus.write_block(p.cloud, records.data(), records.size() * sizeof(fps::point_record));
    const std::vector<unsigned char> guard(guard_bytes, guard_value);
    bus.write_block(p.out + 4ull * p.k, guard.data(), guard.size());

    drivers::fusefps_driver::job job;
    job.mode = p.mode;
    job.n = n;
    job.k = p.k;
    job.start = p.start;
    job.height = p.height;
    job.min_bucket = p.min_bucket;
    job.merge_depth = p.merge_depth;
    job.cloud = p.cloud;
    job.out = p.out;
    job.work = p.work;
    job.work_size = p.work_size;

    const std::uint64_t kernel_start = bus.now_ns();
    std::uint64_t host_build_ns = 0, host_read_bytes = 0, host_write_bytes = 0, upload_bytes = 0;
    if (p.mode == regs::fusefps::mode_quickfps) {
        // QuickFPS: the host builds the tree (the reference code's passes, charged per point operation), then
        // uploads the reordered records and the bucket ranges.
        fps::fps_counters c;
        const fps::kd_tree tree = fps::build_kd_tree(records, p.height, &c);
        host_build_ns = static_cast<std::uint64_t>(std::llround(p.host_ns_per_op * fps::build_point_ops(c)));
        host_read_bytes = sizeof(fps::point_record) * c.build_reads;
        host_write_bytes = sizeof(fps::point_record) * c.build_writes;
        bus.busy(host_build_ns);
        bus.write_block(p.work, tree.records.data(), tree.records.size() * sizeof(fps::point_record));
        bus.write_block(p.tree, tree.buckets.data(), tree.buckets.size() * sizeof(fps::bucket_range));
        upload_bytes =
            tree.records.size() * sizeof(fps::point_record) + tree.buckets.size() * sizeof(fps::bucket_range);
        job.tree = p.tree;
        job.tree_buckets = static_cast<std::uint32_t>(tree.buckets.size());
    }
    const std::uint64_t device_start = bus.now_ns();
    const auto out = dev.run(job, p.timeout_ns);
    const std::uint64_t kernel_ns = bus.now_ns() - kernel_start;
    if (!out.completed || out.error) {
        report.device_error = true;
        report.message = !out.completed ? "no interrupt within the timeout"
                                        : "device error code " + std::to_string(out.error);
        report.metrics["error_code"] = out.error;
        return result;
    }

    std::vector<std::uint32_t> samples(p.k);
    bus.read_block(p.out, samples.data(), samples.size() * 4);
    std::vector<unsigned char> after(guard_bytes);
    bus.read_block(p.out + 4ull * p.k, after.data(), after.size());
    std::size_t mismatches = 0;
    if (p.check != fps_app_params::golden::none) {
        fps::bucket_params golden_params;
        golden_params.height = 7;
        const std::vector<std::uint32_t> golden = p.check == fps_app_params::golden::vanilla
                                                      ? fps::vanilla_fps(pts, p.k, p.start)
                                                      : fps::fuse_fps(pts, p.k, p.start, golden_params);
        for (std::size_t i = 0; i < samples.size(); ++i) mismatches += samples[i] != golden[i];
    }
    const bool guard_ok = after == guard;
    bool indices_ok = true;
    for (std::uint32_t s : samples) indices_ok = indices_ok && s < n;
    report.verified = mismatches == 0 && guard_ok && indices_ok;  // in range: implied when compared

    const auto& c = out.perf;
    nlohmann::json& m = report.metrics;
    m["points"] = n;
    m["samples"] = p.k;
    m["mode"] = fps_mode_name(p.mode);
    m["cycles"] = c.cycles;
    m["kernel_ns"] = kernel_ns;
    m["device_ns"] = c.job_ns;
    m["host_build_ns"] = host_build_ns;
    m["upload_ns"] = device_start - kernel_start - host_build_ns;
    // Host build passes are modelled (counted, charged as CPU time), not simulated; the upload is simulated.
    m["build_bytes"] = c.build_read + c.build_written + host_read_bytes + host_write_bytes + upload_bytes;
    m["sampling_bytes"] = c.sample_read + c.sample_written;
    m["dram_bytes_read"] = c.build_read + c.sample_read + host_read_bytes;
    m["dram_bytes_written"] = c.build_written + c.sample_written + host_write_bytes + upload_bytes;
    m["host_build_bytes"] = host_read_bytes + host_write_bytes;
    m["upload_bytes"] = upload_bytes;
    m["stall_cycles"] = c.stall_cycles;
    m["issues"] = c.issues;
    m["defers"] = c.defers;
    m["skips"] = c.skips;
    m["splits"] = c.splits;
    m["buckets"] = c.buckets;
    if (p.check != fps_app_params::golden::none) m["mismatched_samples"] = mismatches;  // absent: not compared
    m["guard_intact"] = guard_ok;
    if (indices_ok) result.samples_csv = csv(samples, pts);
    const char* check = p.check == fps_app_params::golden::vanilla   ? ", verified against vanilla FPS"
                        : p.check == fps_app_params::golden::fusefps ? ", verified against golden FuseFPS"
                                                                     : ", not compared with a golden sequence";
    report.message = std::string(fps_mode_name(p.mode)) + ": " + std::to_string(p.k) + " of " + std::to_string(n) +
                     " points" + (report.verified ? check : ", MISMATCH");
    return result;
}

} // namespace vplab::apps
