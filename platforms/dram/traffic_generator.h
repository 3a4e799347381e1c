#pragma once
// Drives a memory with a stream of requests through either face, keeping up to `outstanding` in flight, and
// checks every read against what the memory must hold. Calls sc_stop() when the last response is in.
//  - AT: base-protocol nb_transport with pooled payloads; a new BEGIN_REQ waits for the previous END_REQ.
//  - LT: b_transport with temporal decoupling; `outstanding` slots each issue their next request at the time the
//    previous one completed, so a blocking interface still keeps several requests in flight in model time.

#include "core/stats.h"
#include "data_checker.h"
#include "workload.h"

#include <functional>
#include <memory>
#include <systemc>
#include <tlm>
#include <tlm_utils/simple_initiator_socket.h>
#include <vector>

namespace vplab::platforms::dram_traffic {

class traffic_generator : public sc_core::sc_module, public tlm::tlm_mm_interface, public core::stats_source {
public:
    tlm_utils::simple_initiator_socket<traffic_generator> socket;

    SC_HAS_PROCESS(traffic_generator);
    // `source` yields the requests in order and returns false after the last one.
    traffic_generator(const sc_core::sc_module_name& name, const workload_config& w,
                      std::function<bool(traffic_request&)> source, data_checker& checker);

    bool finished() const { return m_finished; }
    std::uint64_t requests() const { return m_requests; }
    std::uint64_t errors() const { return m_errors; }  // responses other than TLM_OK_RESPONSE

    void free(tlm::tlm_generic_payload* p) override;
    std::string stats_name() const override { return name(); }
    void report_stats(nlohmann::json& out) const override;

private:
    struct slot {
        tlm::tlm_generic_payload payload;
        std::vector<unsigned char> data;
        std::vector<unsigned char> expect;
        bool write = false;
    };

    void run();
    void run_at();
    void run_lt();
    void prepare(slot& s, const traffic_request& r);
    void complete(slot& s);
    tlm::tlm_sync_enum nb_transport_bw(tlm::tlm_generic_payload& p, tlm::tlm_phase& phase, sc_core::sc_time& delay);

    workload_config m_w;
    std::function<bool(traffic_request&)> m_source;
    data_checker& m_checker;
    std::vector<std::unique_ptr<slot>> m_slots;
    std::vector<slot*> m_free;
    sc_core::sc_event m_slot_free, m_end_req;
    tlm::tlm_generic_payload* m_req_open = nullptr;
    unsigned m_in_flight = 0;
    bool m_finished = false;
    std::uint64_t m_requests = 0, m_reads = 0, m_writes = 0, m_bytes = 0, m_errors = 0;
};

} // namespace vplab::platforms::dram_traffic
