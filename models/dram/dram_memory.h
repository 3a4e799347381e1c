#pragma once
// A DRAM subsystem as a TLM-2.0 target: one controller per channel, a configurable address mapping and sparse
// functional storage. Two faces share one timing state:
//  - AT (nb_transport_fw): 4-phase base protocol; END_REQ is held back while a channel queue is full, several
//    transactions may be in flight, BEGIN_RESP is sent when the last burst's data has left the bus.
//  - LT (b_transport): the request runs through the same controllers at its annotated time and the returned delay
//    is its modelled latency; the target never waits.
// Data is read and written when a request is accepted (BEGIN_REQ / b_transport call), so the functional order is
// the acceptance order. DMI is granted per 64 KiB storage page; transport_dbg reaches the whole space.

#include "core/logger.h"
#include "core/stats.h"
#include "dram/address_mapper.h"
#include "dram/channel_controller.h"
#include "dram/dram_config.h"
#include "dram/latency_histogram.h"
#include "dram/sparse_storage.h"

#include <deque>
#include <functional>
#include <memory>
#include <queue>
#include <systemc>
#include <tlm>
#include <tlm_utils/peq_with_cb_and_phase.h>
#include <tlm_utils/simple_target_socket.h>
#include <vector>

namespace vplab::dram {

// Headline figures over the whole run, after finish().
struct dram_summary {
    std::uint64_t reads = 0;   // transactions
    std::uint64_t writes = 0;
    std::uint64_t read_bursts = 0;
    std::uint64_t write_bursts = 0;
    std::uint64_t bytes_read = 0;
    std::uint64_t bytes_written = 0;
    std::uint64_t row_hits = 0;
    std::uint64_t row_misses = 0;
    std::uint64_t row_conflicts = 0;
    std::uint64_t activates = 0;
    std::uint64_t precharges = 0;
    std::uint64_t refreshes = 0;
    double row_hit_rate = 0;
    double avg_latency_ns = 0;
    double p99_latency_ns = 0;
    double max_latency_ns = 0;
    double active_window_ns = 0;  // first request arrival to last data out
    double end_ns = 0;            // time up to which refresh and background energy are accounted (finish())
    double bandwidth_gbps = 0;    // (bytes read + written) / active window
    double peak_gbps = 0;
    double efficiency = 0;        // bandwidth / peak
    double refresh_time_ns = 0;   // summed over channels and ranks
    double refresh_fraction = 0;  // of the channel-rank time up to the end of the run
    energy_breakdown energy;      // pJ
    double pj_per_bit = 0;        // total energy / bits transferred
};

class dram_memory : public sc_core::sc_module, public core::stats_source {
public:
    tlm_utils::simple_target_socket<dram_memory> socket;

    // Throws std::invalid_argument for an inconsistent spec or mapping.
    dram_memory(const sc_core::sc_module_name& name, const dram_config& cfg);
    ~dram_memory() override;

    const dram_config& config() const { return m_cfg; }
    const dram_spec& spec() const { return m_cfg.spec; }
    std::uint64_t size() const { return m_mapper.capacity(); }
    const address_mapper& mapper() const { return m_mapper; }
    const channel_controller& channel(std::uint32_t i) const { return *m_channels[i]; }
    // Observes every command of every channel, auto-precharges included (for tests and command logs).
    void observe_commands(std::function<void(std::uint32_t, dram_command, const dram_address&, cycle_t)> fn);
    sc_core::sc_time clock_period() const { return m_tck; }
    core::logger& log() { return m_log; }

    // Brings refresh and background energy up to the current time; called at end_of_simulation and by users that
    // stop with sc_start(duration).
    void finish();
    dram_summary summary() const;

    std::string stats_name() const override { return name(); }
    void report_stats(nlohmann::json& out) const override;

private:
    struct txn_record {
        tlm::tlm_generic_payload* trans = nullptr;
        std::uint64_t first_burst = 0;  // burst index of the first burst, relative to the memory base
        std::uint64_t bursts = 0;
        std::uint64_t queued = 0;       // bursts handed to a controller so far
        std::uint64_t remaining = 0;    // bursts not yet served
        bool write = false;
        cycle_t arrival = 0;
        cycle_t data_end = 0;
    };
    struct pending_response {
        cycle_t time;
        std::uint64_t seq;
        txn_record* rec;
        bool operator>(const pending_response& o) const { return time != o.time ? time > o.time : seq > o.seq; }
    };

    void b_transport(tlm::tlm_generic_payload& trans, sc_core::sc_time& delay);
    tlm::tlm_sync_enum nb_transport_fw(tlm::tlm_generic_payload& trans, tlm::tlm_phase& phase, sc_core::sc_time& delay);
    bool get_direct_mem_ptr(tlm::tlm_generic_payload& trans, tlm::tlm_dmi& dmi);
    unsigned int transport_dbg(tlm::tlm_generic_payload& trans);
    void end_of_simulation() override;

    // Checks the payload; sets and returns an error status, or TLM_OK_RESPONSE after the functional access.
    tlm::tlm_response_status access(tlm::tlm_generic_payload& trans);
    void peq_callback(tlm::tlm_generic_payload& trans, const tlm::tlm_phase& phase);
    void begin_request(tlm::tlm_generic_payload& trans);
    void queue_blocked_bursts();
    void wake_channel(std::uint32_t ch);
    void schedule_channel(std::uint32_t ch);
    void handle_completions();
    void transaction_done(txn_record* rec);
    void response_ready();
    void send_responses();
    void response_finished();

    txn_record* new_record();
    void free_record(txn_record* rec);
    dram_address burst_address(std::uint64_t burst_index) const;

    cycle_t now_floor() const;
    cycle_t cycle_ceil(const sc_core::sc_time& t) const;
    sc_core::sc_time at(cycle_t c) const;  // delay from now to cycle c (zero if c is not in the future)

    dram_config m_cfg;
    address_mapper m_mapper;
    sparse_storage m_storage;
    core::logger m_log;
    sc_core::sc_time m_tck;
    std::uint64_t m_burst_bytes;
    std::vector<std::unique_ptr<channel_controller>> m_channels;
    std::deque<sc_core::sc_event> m_wake;
    std::vector<dram_completion> m_done;  // scratch
    std::vector<bool> m_touched;          // scratch: channels a b_transport call used
    std::vector<dram_address> m_bursts;   // scratch: the bursts of a b_transport call

    tlm_utils::peq_with_cb_and_phase<dram_memory> m_peq;
    txn_record* m_blocked = nullptr;  // accepted, END_REQ pending until all its bursts are queued
    std::priority_queue<pending_response, std::vector<pending_response>, std::greater<>> m_pending;
    std::uint64_t m_seq = 0;
    sc_core::sc_event m_response_event;
    std::deque<txn_record*> m_ready;
    txn_record* m_responding = nullptr;  // BEGIN_RESP sent, END_RESP awaited
    std::vector<std::unique_ptr<txn_record>> m_records;
    std::vector<txn_record*> m_free_records;

    // Statistics.
    std::uint64_t m_reads = 0, m_writes = 0, m_bytes_read = 0, m_bytes_written = 0;
    latency_histogram m_latency;
    cycle_t m_first_arrival = channel_controller::never;
    cycle_t m_last_data = 0;
    cycle_t m_end = 0;
};

} // namespace vplab::dram
