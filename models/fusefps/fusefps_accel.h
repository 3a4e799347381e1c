#pragma once
// The FuseFPS accelerator: farthest point sampling on chip with a bucket table, point lanes x reference PEs and a
// DMA that streams 16-byte point records through its TLM initiator socket. Modes (MODE register):
//  - vanilla:  the whole cloud streams through the lanes every iteration;
//  - quickfps: the host built the KD-tree and wrote the reordered records and the bucket ranges; the device samples;
//  - fusefps:  the device runs the whole kernel, splitting buckets while it streams them (reference/fusefps.md 3.2).
// Time is charged per streamed bucket: the lanes' compute time and the DMA's memory time overlap (double
// buffering), so a bucket costs the longer of the two; the per-iteration bucket decisions add their own cycles.
// The DMA keeps several requests in flight (stream_dma).
// See docs/fusefps.md for the parameters and their sources.

#include "datapath_energy.h"
#include "fusefps_regs.h"
#include "stream_dma.h"

#include <core/job_control.h>
#include <core/peripheral.h>
#include <fps/bucket_engine.h>
#include <vector>

namespace vplab::models {

class fusefps_accel : public core::peripheral {
public:
    struct params {
        sc_core::sc_time clock = sc_core::sc_time(1, sc_core::SC_NS);
        unsigned lanes = 8;              // points entering the distance units per cycle
        unsigned pes = 2;                // reference PEs chained per lane: references applied per pass
        unsigned pipeline_cycles = 8;    // fill/drain of the distance + compare pipeline, once per streamed bucket
        unsigned bucket_units = 4;       // bucket decisions (ISSUE / DEFER / SKIP) per cycle
        unsigned capacity = 512;         // bucket table entries
        unsigned merge_buffer = 32;      // deferred references per bucket the table can hold
        unsigned dma_bytes = 1024;       // bytes per DMA request (one request covers dma_bytes / 64 DRAM bursts)
        unsigned outstanding = 4;        // DMA requests in flight
        stream_dma::face dma_face = stream_dma::face::lt;  // how the DMA talks to memory
        std::uint64_t point_buffer = 20480;  // on-chip point buffer bytes: a cloud that fits is read from DRAM once
        datapath_energy_params energy;
    };

    sc_core::sc_out<bool> irq;
    stream_dma dma;

    fusefps_accel(sc_core::sc_module_name name, const params& p);

    const params& parameters() const { return m_params; }
    // Datapath energy of every job so far (DRAM energy is the memory's own).
    const datapath_energy& energy() const { return m_energy; }
    // Bucket table SRAM bytes: entries with their merge lists.
    std::uint64_t table_capacity_bytes() const {
        return std::uint64_t(m_params.capacity) * (table_entry_bytes + m_params.merge_buffer * merge_entry_bytes);
    }
    void reset() override;
    void report_stats(nlohmann::json& out) const override;

private:
    class streamer;
    friend class streamer;

    // The job's registers as they were when START was accepted: the job never sees later writes to them.
    struct descriptor {
        std::uint64_t mode = 0, n = 0, k = 0, start = 0, height = 0, min_bucket = 0, merge_depth = 0;
        std::uint64_t cloud = 0, out = 0, work = 0, work_size = 0, tree = 0, tree_buckets = 0;
    };
    descriptor latch() const;

    void worker();
    std::uint32_t check_job() const;
    std::uint32_t probe_buffers();
    std::uint32_t run_job();
    void finish(std::uint32_t error, const sc_core::sc_time& begin);
    void advance_cycles(std::uint64_t cycles);

    params m_params;
    descriptor m_desc;
    core::reg m_id{m_regs, "ID", regs::fusefps::ID, 4, regs::fusefps::id_value, core::access::ro, 0};
    core::job_control m_job{m_regs,
                            {regs::fusefps::CTRL, regs::fusefps::STATUS, regs::fusefps::IRQ_STATUS, regs::fusefps::ERROR,
                             regs::fusefps::error_busy},
                            irq, m_log};
    core::reg m_mode{m_regs, "MODE", regs::fusefps::MODE, 4, regs::fusefps::mode_fusefps, core::access::rw};
    core::reg m_n{m_regs, "N", regs::fusefps::N, 4, 0, core::access::rw};
    core::reg m_k{m_regs, "K", regs::fusefps::K, 4, 0, core::access::rw};
    core::reg m_start{m_regs, "START_INDEX", regs::fusefps::START_INDEX, 4, 0, core::access::rw};
    core::reg m_height{m_regs, "HEIGHT", regs::fusefps::HEIGHT, 4, 7, core::access::rw};
    core::reg m_min_bucket{m_regs, "MIN_BUCKET", regs::fusefps::MIN_BUCKET, 4, 32, core::access::rw};
    core::reg m_merge_depth{m_regs, "MERGE_DEPTH", regs::fusefps::MERGE_DEPTH, 4, 0, core::access::rw};
    core::reg m_cloud{m_regs, "CLOUD_BASE", regs::fusefps::CLOUD_BASE, 8, 0, core::access::rw};
    core::reg m_out{m_regs, "OUT_BASE", regs::fusefps::OUT_BASE, 8, 0, core::access::rw};
    core::reg m_work{m_regs, "WORK_BASE", regs::fusefps::WORK_BASE, 8, 0, core::access::rw};
    core::reg m_work_size{m_regs, "WORK_SIZE", regs::fusefps::WORK_SIZE, 8, 0, core::access::rw};
    core::reg m_tree{m_regs, "TREE_BASE", regs::fusefps::TREE_BASE, 8, 0, core::access::rw};
    core::reg m_tree_buckets{m_regs, "TREE_BUCKETS", regs::fusefps::TREE_BUCKETS, 4, 0, core::access::rw};
    core::reg m_capacity{m_regs, "CAPACITY", regs::fusefps::CAPACITY, 4, m_params.capacity, core::access::ro, 0};
    core::reg m_cycles{m_regs, "CYCLES", regs::fusefps::CYCLES, 8, 0, core::access::ro, 0};
    core::reg m_build_read{m_regs, "BUILD_RD", regs::fusefps::BUILD_RD, 8, 0, core::access::ro, 0};
    core::reg m_build_written{m_regs, "BUILD_WR", regs::fusefps::BUILD_WR, 8, 0, core::access::ro, 0};
    core::reg m_sample_read{m_regs, "SAMPLE_RD", regs::fusefps::SAMPLE_RD, 8, 0, core::access::ro, 0};
    core::reg m_sample_written{m_regs, "SAMPLE_WR", regs::fusefps::SAMPLE_WR, 8, 0, core::access::ro, 0};
    core::reg m_issues{m_regs, "ISSUES", regs::fusefps::ISSUES, 8, 0, core::access::ro, 0};
    core::reg m_defers{m_regs, "DEFERS", regs::fusefps::DEFERS, 8, 0, core::access::ro, 0};
    core::reg m_skips{m_regs, "SKIPS", regs::fusefps::SKIPS, 8, 0, core::access::ro, 0};
    core::reg m_splits{m_regs, "SPLITS", regs::fusefps::SPLITS, 8, 0, core::access::ro, 0};
    core::reg m_buckets{m_regs, "BUCKETS", regs::fusefps::BUCKETS, 4, 0, core::access::ro, 0};
    core::reg m_stall{m_regs, "STALL_CYCLES", regs::fusefps::STALL_CYCLES, 8, 0, core::access::ro, 0};
    core::reg m_job_ns{m_regs, "JOB_NS", regs::fusefps::JOB_NS, 8, 0, core::access::ro, 0};
    core::reg m_buffer_points{m_regs, "BUFFER_POINTS", regs::fusefps::BUFFER_POINTS, 4,
                              m_params.point_buffer / regs::fusefps::buffer_bytes_per_point, core::access::ro, 0};

    // The job's working set: the records and distances of the buckets being streamed (a mirror of what the DMA
    // reads; a real device keeps one bucket's worth in its point buffer).
    std::vector<fps::point_record> m_records;
    std::vector<float> m_distances;
    std::vector<std::uint8_t> m_region;  // per position: where its record lives (0 cloud, 1 work A, 2 work B)
    bool m_on_chip = false;              // the whole cloud fits the point buffer: only the initial pass reads DRAM
    std::uint64_t m_total_cycles = 0;
    datapath_counts m_counts;   // of the running job
    datapath_energy m_energy;   // summed over jobs
    std::uint64_t m_build_r = 0, m_build_w = 0, m_sample_r = 0, m_sample_w = 0, m_stall_cycles = 0;
};

} // namespace vplab::models
