#include "fusefps_accel.h"

#include <algorithm>
#include <limits>

namespace vplab::models {

using namespace regs::fusefps;

namespace {

// A bus error while streaming ends the job; thrown from the stream hooks through the engine.
struct dma_fault {
    std::uint32_t code;
};

std::uint64_t ceil_div(std::uint64_t a, std::uint64_t b) { return (a + b - 1) / b; }

} // namespace

// Moves each bucket through the DMA around the engine's work on it, and charges its time.
class fusefps_accel::streamer : public fps::stream_hooks {
public:
    streamer(fusefps_accel& dev, std::uint64_t n) : m_dev(dev), m_n(n) {}

    void load(std::uint32_t first, std::uint32_t count, bool init) override {
        m_t0 = m_dev.dma.local_time();
        if (m_dev.m_on_chip && !init) return;  // already in the point buffer
        // The DMA writes what it reads into the point buffer.
        m_dev.m_counts.buffer_bytes += (record_bytes + (init ? 0 : 4ull)) * count;
        const std::uint8_t r = m_dev.m_region[first];
        read(record_addr(r) + record_bytes * first, &m_dev.m_records[first], record_bytes * count);
        m_dev.m_sample_r += record_bytes * count;
        if (!init) {
            read(distance_addr(r) + 4ull * first, &m_dev.m_distances[first], 4ull * count);
            m_dev.m_sample_r += 4ull * count;
        }
    }

    void streamed(const fps::stream_event& e) override {
        if (!m_dev.m_on_chip) write_back(e);  // otherwise distances and partitions stay in the point buffer
        const auto& p = m_dev.m_params;
        const std::uint64_t passes = ceil_div(e.refs, p.pes);
        const std::uint64_t compute = ceil_div(e.count, p.lanes) * passes + p.pipeline_cycles;
        count_work(e, ceil_div(e.count, p.lanes) * passes);
        const sc_core::sc_time memory = m_dev.dma.local_time() - m_t0;
        const auto memory_cycles = static_cast<std::uint64_t>(memory / p.clock);
        if (compute > memory_cycles) m_dev.advance_cycles(compute - memory_cycles);
        else m_dev.m_stall_cycles += memory_cycles - compute;
    }

    // Operations and SRAM bytes of one streamed bucket, for the energy model.
    void count_work(const fps::stream_event& e, std::uint64_t busy_cycles) {
        datapath_counts& c = m_dev.m_counts;
        const std::uint64_t n = e.count;
        c.distances += n * e.refs;
        c.streamed_points += n;
        if (e.split) c.split_points += n;
        if (e.init) c.init_points += n;
        c.busy_cycles += busy_cycles;
        // Lanes read records (and distances after the initial pass) and write distances (and split records) to
        // the point buffer; when the cloud streams from DRAM the DMA reads the written part back out.
        const std::uint64_t lanes_read = (record_bytes + (e.init ? 0 : 4ull)) * n;
        const std::uint64_t lanes_written = (4ull + (e.split ? record_bytes : 0)) * n;
        c.buffer_bytes += lanes_read + lanes_written + (m_dev.m_on_chip ? 0 : lanes_written);
        // The merge list is read, the new far point written; a split writes both children's entries.
        c.table_bytes +=
            (e.refs - 1) * merge_entry_bytes + table_issue_write_bytes + (e.split ? 2 * table_entry_bytes : 0);
    }

    void write_back(const fps::stream_event& e) {
        std::uint8_t r = m_dev.m_region[e.first];
        if (e.split) {
            // Partitioned records go to the other work region (ping-pong), so a stream never overwrites what it
            // has still to read.
            r = r == 1 ? 2 : 1;
            write(record_addr(r) + record_bytes * e.first, &m_dev.m_records[e.first], record_bytes * e.count);
            m_dev.m_build_w += record_bytes * e.count;
            std::fill(m_dev.m_region.begin() + e.first, m_dev.m_region.begin() + e.first + e.count, r);
        }
        write(distance_addr(r) + 4ull * e.first, &m_dev.m_distances[e.first], 4ull * e.count);
        m_dev.m_sample_w += 4ull * e.count;
    }

    void deciding(std::size_t buckets) override {
        // Decisions over the table, then the far-point reduction for the next sample, pipelined: one extra cycle.
        m_dev.advance_cycles(ceil_div(buckets, m_dev.m_params.bucket_units) + 1);
        m_dev.m_counts.decisions += buckets;
        m_dev.m_counts.table_bytes += buckets * table_decision_read_bytes;
    }

    std::uint64_t record_addr(std::uint8_t region) const {
        const std::uint64_t work = m_dev.m_desc.work;
        return region == 0 ? m_dev.m_desc.cloud : region == 1 ? work : work + record_bytes * m_n;
    }
    // Records still in the cloud buffer keep their distances in array B, like those in work region B.
    std::uint64_t distance_addr(std::uint8_t region) const {
        const std::uint64_t work = m_dev.m_desc.work;
        return region == 1 ? work + 2 * record_bytes * m_n : work + 2 * record_bytes * m_n + 4 * m_n;
    }

    void read(std::uint64_t addr, void* dst, std::uint64_t n) {
        if (!m_dev.dma.read(addr, dst, n).ok()) throw dma_fault{error_read_fault};
    }
    void write(std::uint64_t addr, const void* src, std::uint64_t n) {
        if (!m_dev.dma.write(addr, src, n).ok()) throw dma_fault{error_write_fault};
    }

private:
    fusefps_accel& m_dev;
    std::uint64_t m_n;
    sc_core::sc_time m_t0;
};

fusefps_accel::fusefps_accel(sc_core::sc_module_name name, const params& p)
    : peripheral(name), irq("irq"), dma("dma", p.dma_bytes, p.outstanding, p.dma_face), m_params(p) {
    m_job.error.describe("error code of the last job: 0 none, 1 bad N/K/start, 2 bad mode/height/merge depth, "
                     "3 overlapping buffers, 4 work buffer too small, 5 unreachable buffer, 6 bad tree, "
                     "7 read fault, 8 write fault, 9 busy");
    m_mode.describe("0 vanilla, 1 quickfps (host-built tree at TREE_BASE), 2 fusefps");
    m_n.describe("points at CLOUD_BASE (16-byte records x, y, z, index)");
    m_k.describe("samples; K uint32 indices are written at OUT_BASE");
    m_start.describe("position of the first sample in the cloud");
    m_height.describe("fusefps: deepest bucket level reached by splits (at most 16)");
    m_min_bucket.describe("fusefps: a bucket of at most this many points is not split");
    m_merge_depth.describe("deferred references per bucket before a forced issue; 0 = the whole merge buffer");
    m_work_size.describe("bytes at WORK_BASE; at least 40 x N");
    m_tree_buckets.describe("quickfps: {uint32 first, uint32 count} entries at TREE_BASE");
    m_capacity.describe("bucket table entries on chip");
    m_cycles.describe("device clock cycles of the last job");
    m_build_read.describe("bytes read for tree construction in the last job");
    m_build_written.describe("bytes written for tree construction (partitioned records)");
    m_sample_read.describe("bytes read while sampling (records, distances)");
    m_sample_written.describe("bytes written while sampling (distances, sample indices)");
    m_issues.describe("buckets streamed in the last job (forced issues included)");
    m_defers.describe("sample references queued in a bucket's merge list");
    m_skips.describe("bucket decisions that left a bucket alone");
    m_splits.describe("fusefps: buckets split while streamed");
    m_buckets.describe("buckets in the table at the end of the last job");
    m_stall.describe("cycles the lanes waited for memory in the last job");
    m_job_ns.describe("duration of the last job in ns");
    m_buffer_points.describe("clouds of at most this many points stay on chip after the initial pass");
    // Latched in the writer's thread as START is accepted, before the firmware can write anything else.
    m_job.check_on_start([this] {
        m_desc = latch();
        return std::uint32_t{error_none};
    });
    SC_HAS_PROCESS(fusefps_accel);
    SC_THREAD(worker);
}

void fusefps_accel::reset() {
    peripheral::reset();
    m_job.reset();
}

fusefps_accel::descriptor fusefps_accel::latch() const {
    descriptor d;
    d.mode = m_mode.value();
    d.n = m_n.value();
    d.k = m_k.value();
    d.start = m_start.value();
    d.height = m_height.value();
    d.min_bucket = m_min_bucket.value();
    d.merge_depth = m_merge_depth.value();
    d.cloud = m_cloud.value();
    d.out = m_out.value();
    d.work = m_work.value();
    d.work_size = m_work_size.value();
    d.tree = m_tree.value();
    d.tree_buckets = m_tree_buckets.value();
    return d;
}

std::uint32_t fusefps_accel::check_job() const {
    const descriptor& d = m_desc;
    const std::uint64_t n = d.n, k = d.k;
    if (n == 0 || k == 0 || k > n || d.start >= n) return error_bad_count;
    const std::uint64_t mode = d.mode;
    if (mode > mode_fusefps || d.height > max_height || d.merge_depth > m_params.merge_buffer) return error_bad_param;
    struct range {
        std::uint64_t base, size;
    };
    std::vector<range> buffers{{d.cloud, record_bytes * n}, {d.out, 4 * k}, {d.work, d.work_size}};
    if (mode == mode_quickfps) buffers.push_back({d.tree, tree_entry_bytes * d.tree_buckets});
    for (std::size_t i = 0; i < buffers.size(); ++i) {
        if (buffers[i].base + buffers[i].size < buffers[i].base) return error_overlap;  // wraps around
        for (std::size_t j = 0; j < i; ++j)
            if (buffers[i].size && buffers[j].size && buffers[i].base < buffers[j].base + buffers[j].size &&
                buffers[j].base < buffers[i].base + buffers[i].size)
                return error_overlap;
    }
    if (d.work_size < work_bytes_per_point * n) return error_work_too_small;
    if (mode == mode_quickfps && (d.tree_buckets == 0 || d.tree_buckets > m_params.capacity)) return error_bad_tree;
    return error_none;
}

// Reads the first and last word of every buffer before anything is written: an unreachable buffer then fails the
// job without a single write.
std::uint32_t fusefps_accel::probe_buffers() {
    const descriptor& d = m_desc;
    std::vector<std::pair<std::uint64_t, std::uint64_t>> buffers{
        {d.cloud, record_bytes * d.n}, {d.out, 4 * d.k}, {d.work, work_bytes_per_point * d.n}};
    if (d.mode == mode_quickfps) buffers.push_back({d.tree, tree_entry_bytes * d.tree_buckets});
    std::uint32_t word = 0;
    for (const auto& [base, size] : buffers)
        if (!dma.read(base, &word, 4).ok() || !dma.read(base + size - 4, &word, 4).ok()) return error_bad_address;
    return error_none;
}

void fusefps_accel::advance_cycles(std::uint64_t cycles) {
    if (cycles) dma.advance(m_params.clock * static_cast<double>(cycles));
}

std::uint32_t fusefps_accel::run_job() {
    const descriptor& d = m_desc;
    const auto n = static_cast<std::uint32_t>(d.n);
    const std::uint64_t k = d.k;
    const auto mode = static_cast<std::uint32_t>(d.mode);
    m_records.assign(n, {});
    m_distances.assign(n, std::numeric_limits<float>::infinity());
    m_region.assign(n, mode == mode_quickfps ? 1 : 0);
    m_on_chip = buffer_bytes_per_point * n <= m_params.point_buffer;

    fps::engine_params ep;
    ep.merge_depth = d.merge_depth ? static_cast<unsigned>(d.merge_depth) : m_params.merge_buffer;
    ep.capacity = m_params.capacity;
    std::vector<fps::bucket_range> tree;
    if (mode == mode_quickfps) {
        tree.resize(d.tree_buckets);
        static_assert(sizeof(fps::bucket_range) == tree_entry_bytes, "tree entries are {first, count}");
        if (!dma.read(d.tree, tree.data(), tree_entry_bytes * tree.size()).ok()) return error_read_fault;
        m_build_r += tree_entry_bytes * tree.size();
        std::uint64_t next = 0;
        for (const fps::bucket_range& b : tree) {
            if (b.first != next || b.count == 0 || b.count > n - next) return error_bad_tree;
            next += b.count;
        }
        if (next != n) return error_bad_tree;
    } else if (mode == mode_fusefps) {
        ep.split = true;
        ep.height = static_cast<unsigned>(d.height);
        ep.min_bucket = static_cast<unsigned>(d.min_bucket);
    }

    fps::point_record start;
    if (!dma.read(d.cloud + record_bytes * d.start, &start, record_bytes).ok())
        return error_read_fault;
    m_sample_r += record_bytes;

    fps::fps_counters counters;
    streamer hooks(*this, n);
    fps::bucket_engine engine(m_records, m_distances, ep, counters, &hooks);
    if (mode == mode_quickfps) engine.use_buckets(tree);
    else engine.use_root();
    std::vector<std::uint32_t> samples;
    try {
        samples = engine.run(k, start);
    } catch (const dma_fault& f) {
        return f.code;
    }
    if (!dma.write(d.out, samples.data(), 4 * k).ok()) return error_write_fault;
    m_sample_w += 4 * k;
    m_counts.table_bytes += counters.defers * merge_entry_bytes + tree.size() * table_entry_bytes;
    m_issues.set(counters.issues);
    m_defers.set(counters.defers);
    m_skips.set(counters.skips);
    m_splits.set(counters.splits);
    m_buckets.set(counters.buckets);
    return error_none;
}

void fusefps_accel::worker() {
    for (;;) {
        sc_core::wait(m_job.started());
        const sc_core::sc_time begin = sc_core::sc_time_stamp();
        m_build_r = m_build_w = m_sample_r = m_sample_w = m_stall_cycles = 0;
        m_counts = {};
        for (core::reg* r : {&m_issues, &m_defers, &m_skips, &m_splits, &m_buckets}) r->set(0);
        std::uint32_t error = check_job();
        if (error == error_none) error = probe_buffers();
        if (error == error_none) error = run_job();
        dma.sync();
        finish(error, begin);
    }
}

void fusefps_accel::finish(std::uint32_t error, const sc_core::sc_time& begin) {
    const sc_core::sc_time elapsed = sc_core::sc_time_stamp() - begin;
    const auto cycles = static_cast<std::uint64_t>(elapsed / m_params.clock);
    m_total_cycles += cycles;
    m_cycles.set(cycles);
    m_build_read.set(m_build_r);
    m_build_written.set(m_build_w);
    m_sample_read.set(m_sample_r);
    m_sample_written.set(m_sample_w);
    m_stall.set(m_stall_cycles);
    m_job_ns.set(static_cast<std::uint64_t>(elapsed / sc_core::sc_time(1, sc_core::SC_NS)));
    m_energy += estimate_datapath_energy(m_params.energy, m_counts, m_params.lanes, m_params.pes,
                                         table_capacity_bytes(), m_params.point_buffer,
                                         elapsed / sc_core::sc_time(1, sc_core::SC_NS));
    m_job.finish(error);
}

void fusefps_accel::report_stats(nlohmann::json& out) const {
    peripheral::report_stats(out);
    m_job.report_stats(out);
    out["cycles"] = m_total_cycles;
    out["build_bytes_read"] = m_build_read.value();
    out["build_bytes_written"] = m_build_written.value();
    out["sampling_bytes_read"] = m_sample_read.value();
    out["sampling_bytes_written"] = m_sample_written.value();
    out["stall_cycles"] = m_stall.value();
    out["issues"] = m_issues.value();
    out["defers"] = m_defers.value();
    out["skips"] = m_skips.value();
    out["splits"] = m_splits.value();
    out["buckets"] = m_buckets.value();
    out["energy_pj"] = m_energy.breakdown();
}

} // namespace vplab::models
