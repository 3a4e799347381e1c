#pragma once
// The GPU memory system and its cores, simulated event by event in core cycles: warps issue from their program,
// line requests walk through tag stages, L1 data ports, the cluster crossbar, MSHRs and L2 slices (each a
// fifo_server) and the DRAM channel controllers behind them (dram_backend), in simulated-time order. No clock
// ticks: a kernel costs a few events per request.
// Plain C++ (no SystemC) so the device, the tests and the benchmark drive the same code.

#include "dram_backend.h"
#include "event_queue.h"
#include "fifo_server.h"
#include "gpu_params.h"
#include "kernel_program.h"
#include "kernel_stats.h"
#include "line_map.h"
#include "sector_cache.h"

#include <deque>
#include <functional>
#include <unordered_map>
#include <vector>

namespace vplab::l1agg {

enum class access_outcome : std::uint8_t { local_hit, remote_hit, miss };

// Sees every line request when its tag lookup decides it (the functional order of the caches).
struct access_event {
    unsigned core;           // requester
    unsigned l1;             // the L1 whose tags were looked up first (home L1 under sliced)
    std::uint64_t line;
    std::uint8_t sectors;
    bool write;
    access_outcome outcome;
};

class gpu_sim {
public:
    explicit gpu_sim(const gpu_params& p);  // throws std::invalid_argument (check(p))

    // Runs one kernel to completion from cycle 0 (L1s flushed before, as at a kernel boundary; L2 kept).
    kernel_stats run(const kernel_source& k, cta_mapping mapping);
    void set_observer(std::function<void(const access_event&)> fn) { m_observer = std::move(fn); }

    const gpu_params& params() const { return m_p; }
    const sector_cache& l1(unsigned core) const { return m_cores[core].tags; }
    // Which core runs CTA `cta` first (for tests and docs): the static CTA-to-core assignment.
    unsigned core_of_cta(unsigned cta, cta_mapping m) const;
    // The DRAM's counters and energy over every kernel run so far.
    dram_totals dram() const { return m_dram.totals(); }

private:
    enum kind : std::uint32_t { ev_warp, ev_route, ev_access, ev_remote_read, ev_reply, ev_done, ev_l2, ev_l2_write,
                                ev_fill, ev_dram, ev_refetch, ev_hit_data, ev_store_data, ev_to_peer, ev_dram_read };
    static constexpr std::uint32_t no_peer = ~0u;
    // 40 bytes (the wide fields first): a request is touched on every event and is cold by then.
    struct request {
        std::uint64_t line = 0;
        double issued = 0;        // loads: issue time
        std::uint32_t core = 0;   // requester
        std::uint32_t l1 = 0;     // L1 currently serving it
        std::uint32_t warp = 0;   // warp slot (loads), MSHR id (fetches)
        std::uint32_t peer = no_peer;  // ata: the peer L1 that holds the line (fetches and misses waiting for one)
        std::uint8_t sectors = 0; // requested sectors; for fetches the sectors fetched
        std::uint8_t need = 0;    // sectors this miss must fetch (set when it waits for an MSHR)
        bool write = false;
        bool fetch = false;          // a line fetch on behalf of an MSHR (from L2, or from a peer L1 under ata)
        load_path path = load_path::miss;  // loads: how the tag lookup found it (latency_breakdown)
    };
    struct mshr {
        std::uint32_t l1 = 0;
        std::uint64_t line = 0;
        std::uint8_t sectors = 0;           // sectors still on their way
        std::uint8_t from_peer = 0;         // of those, the ones a peer L1 sends (ata); the rest come from L2
        std::uint32_t fills = 0;            // fetches still out
        bool peer_pending = false;          // a fetch found the peer's line still being filled and waited there
        std::vector<std::uint32_t> waiters; // requests completed by the last fill
    };
    struct warp_state {
        std::uint32_t core = 0;
        std::uint32_t cta_slot = 0;
        const warp_program* prog = nullptr;
        std::uint32_t pc = 0;
        std::uint32_t outstanding = 0;
        bool active = false;
    };
    struct cta_slot {
        std::vector<warp_program> warps;
        std::uint32_t warps_left = 0;
        bool busy = false;
    };
    struct core_state {
        sector_cache tags;
        fifo_server issue, tag_port, data_port, xbar_in, xbar_out;
        line_map mshr_of_line;
        std::uint32_t open_mshrs = 0;
        std::deque<std::uint32_t> mshr_wait;  // misses waiting for a free MSHR, and hits on their sectors, in order
        std::vector<std::uint32_t> slots;     // cta slot ids of this core
        std::deque<unsigned> cta_queue;       // CTAs assigned to this core, not yet started
        explicit core_state(const gpu_params& p);
    };
    struct l2_slice {
        sector_cache tags;
        std::vector<double> ready;  // by line (sector_cache::index_of): cycle its data arrives from DRAM
        fifo_server port;
        explicit l2_slice(const gpu_params& p) : tags(p.l2), ready(p.l2.lines(), 0.0), port(p.l2_bytes) {}
    };

    void schedule(double t, std::uint32_t k, std::uint32_t id) { m_events.push(t, k, id); }
    std::uint32_t new_request();
    void free_request(std::uint32_t id) { m_free_requests.push_back(id); }
    std::uint32_t new_mshr();

    void start_cta(unsigned core, double t);
    void warp_issue(std::uint32_t w, double t);
    void route(std::uint32_t r, double t);
    void access(std::uint32_t r, double t);
    void access_load(std::uint32_t r, double ts, double decide);
    void access_store(std::uint32_t r, double ts);
    void miss_continue(std::uint32_t r, double t);
    void send_fetch(std::uint32_t m, std::uint8_t sectors, std::uint32_t peer, double t);
    void remote_read(std::uint32_t r, double t);
    void reply(std::uint32_t r, double t);
    void refetch(std::uint32_t f, double t);
    // Resources are reserved at the simulated time their request reaches them, never ahead: these events carry a
    // request to its next resource.
    void hit_data(std::uint32_t r, double t);   // a tag hit reaches the L1 data port
    void store_data(std::uint32_t r, double t); // a store's data reaches the L1 data port
    void to_peer(std::uint32_t f, double t);    // a fetch, its probe decided, leaves for the peer L1
    void dram_read(std::uint32_t d, double t);  // an L2 miss reaches the DRAM controllers
    // A message from L1 `from` to L1 `to` over the cluster crossbar: it takes the sender's output port and the
    // receiver's input port; returns when it has arrived.
    double cross(unsigned from, unsigned to, double t, unsigned bytes);
    void done(std::uint32_t r, double t);
    void l2_read(std::uint32_t f, double t);
    void l2_write(std::uint32_t r, double t);
    void fill(std::uint32_t f, double t);
    void dram_access(std::uint64_t line, std::uint8_t sectors, bool write, double t);
    void dram_wake_check(unsigned ch);
    void dram_run(unsigned ch, double t);
    void dram_read_done(std::uint64_t line, std::uint64_t cycle);
    void report(request& q, access_outcome o);

    unsigned cluster_base(unsigned core) const { return core - core % m_p.cluster_size; }
    unsigned home_of(std::uint64_t line, unsigned core) const {
        return cluster_base(core) + static_cast<unsigned>(line % m_p.cluster_size);
    }
    // XOR-folded address bits spread lines over slices and channels (as GPGPU-Sim's hashed set index does), so
    // power-of-two strides between warps do not pile onto one slice.
    static std::uint64_t fold(std::uint64_t x) { return x ^ (x >> 5) ^ (x >> 11) ^ (x >> 17) ^ (x >> 23) ^ (x >> 29); }
    unsigned slice_of(std::uint64_t line) const { return static_cast<unsigned>(fold(line) % m_p.l2_slices); }
    void sample_replication();

    gpu_params m_p;
    std::vector<core_state> m_cores;
    std::vector<fifo_server> m_ata;  // one aggregated tag array per cluster
    std::vector<l2_slice> m_l2;
    // DRAM: the controllers keep one clock across kernels; m_base is the core cycle at which this kernel started.
    dram_backend m_dram;
    std::vector<std::uint64_t> m_dram_wake;  // per channel: the core cycle of its scheduled wake-up, or never
    struct dram_wait {
        std::uint32_t bursts = 0;  // read bursts still out for this L2 line
        std::uint64_t last = 0;    // core cycle the latest of them arrived
        std::uint64_t start = 0;   // core cycle the line's read left L2
        std::vector<std::pair<std::uint32_t, double>> fetches;  // (fetch, time its L2 slice served it)
    };
    std::unordered_map<std::uint64_t, dram_wait> m_dram_wait;  // by line: L2 lines being read from DRAM
    std::vector<dram_backend::read_done> m_dram_done;           // scratch
    std::uint64_t m_base = 0;
    std::vector<request> m_requests;
    std::vector<std::uint32_t> m_free_requests;
    std::vector<mshr> m_mshrs;
    std::vector<std::uint32_t> m_free_mshrs;
    std::vector<warp_state> m_warps;
    std::vector<cta_slot> m_slots;
    event_queue m_events;
    double m_now = 0;
    const kernel_source* m_kernel = nullptr;
    kernel_stats m_stats;
    std::function<void(const access_event&)> m_observer;
};

} // namespace vplab::l1agg
