#pragma once
// The accelerator's bus master: moves a buffer as a train of requests of `request_bytes` through its initiator
// socket, with up to `outstanding` requests in flight, on one of two faces:
//  - lt (loosely timed, the default): b_transport calls; request i is annotated to start when it is issued or when
//    request i - outstanding has completed, whichever is later, so a memory that models its own queues and banks
//    (vplab_dram's b_transport) overlaps them as a pipelined AT initiator would, and a transfer ends when its last
//    request completes. With outstanding = 1 it behaves like core::dma_engine.
//  - at (approximately timed): the 4-phase base protocol at simulated time. A new BEGIN_REQ waits for the previous
//    request's END_REQ (the memory holds it back while its queue is full) and for a free slot among `outstanding`;
//    a transfer ends with its last BEGIN_RESP. Slower to simulate (docs/fusefps.md), exact about back-pressure.
// Requests end on multiples of `request_bytes` in the address space (a transfer from an unaligned address starts
// with a shorter one), as a DMA engine splits on aligned boundaries: with `request_bytes` a multiple of the DRAM
// burst, no two requests of a transfer fetch the same burst.
// Call it from an SC_THREAD of the owning device.

#include <core/stats.h>

#include <cstdint>
#include <memory>
#include <systemc>
#include <tlm>
#include <tlm_utils/simple_initiator_socket.h>
#include <tlm_utils/tlm_quantumkeeper.h>
#include <vector>

namespace vplab::models {

class stream_dma : public sc_core::sc_module, public core::stats_source {
public:
    tlm_utils::simple_initiator_socket<stream_dma> out;

    enum class face { lt, at };

    struct result {
        tlm::tlm_response_status status = tlm::TLM_OK_RESPONSE;
        std::uint64_t failed_address = 0;  // first address of the request that failed
        bool ok() const { return status == tlm::TLM_OK_RESPONSE; }
    };

    // Throws std::invalid_argument for a zero request size or zero requests in flight.
    stream_dma(sc_core::sc_module_name name, unsigned request_bytes, unsigned outstanding, face f = face::lt);

    result read(std::uint64_t addr, void* dst, std::uint64_t n);
    result write(std::uint64_t addr, const void* src, std::uint64_t n);

    // Device work between transfers is added to the same local time.
    void advance(const sc_core::sc_time& t);
    // Brings the simulation to the local time: call before raising an interrupt or updating status.
    void sync() { m_keeper.sync(); }
    sc_core::sc_time local_time() const { return m_keeper.get_current_time(); }

    std::string stats_name() const override { return name(); }
    void report_stats(nlohmann::json& out) const override;

private:
    result transfer(tlm::tlm_command cmd, std::uint64_t addr, unsigned char* data, std::uint64_t n);
    result transfer_at(tlm::tlm_command cmd, std::uint64_t addr, unsigned char* data, std::uint64_t n);
    // The length of the request starting at `addr`, with `left` bytes of the transfer to go.
    unsigned request_length(std::uint64_t addr, std::uint64_t left) const;
    void prepare(tlm::tlm_generic_payload& t, tlm::tlm_command cmd, std::uint64_t addr, unsigned char* data,
                 unsigned len) const;
    tlm::tlm_sync_enum nb_transport_bw(tlm::tlm_generic_payload& trans, tlm::tlm_phase& phase,
                                       sc_core::sc_time& delay);
    void responded(tlm::tlm_generic_payload& trans);  // AT: a request's response arrived

    unsigned m_request_bytes;
    face m_face;
    tlm_utils::tlm_quantumkeeper m_keeper;
    tlm::tlm_generic_payload m_trans;
    std::vector<sc_core::sc_time> m_done;  // completion (local offset) of the last requests, one slot per in-flight
    // AT face: one payload per request in flight.
    std::vector<std::unique_ptr<tlm::tlm_generic_payload>> m_payloads;
    std::vector<tlm::tlm_generic_payload*> m_free;
    tlm::tlm_generic_payload* m_open = nullptr;  // BEGIN_REQ sent, END_REQ not yet received
    result m_at_result;           // the lowest failing request of the running transfer
    sc_core::sc_event m_progress;  // END_REQ or BEGIN_RESP arrived
    std::uint64_t m_bytes_read = 0, m_bytes_written = 0, m_requests = 0, m_errors = 0;
};

} // namespace vplab::models
