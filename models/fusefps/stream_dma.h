#pragma once
// The accelerator's bus master: moves a buffer as a train of requests of `request_bytes` through its initiator
// socket, with up to `outstanding` requests in flight. Loosely timed: request i is annotated to start when it is
// issued or when request i - outstanding has completed, whichever is later, so a memory that models its own
// queues and banks (vplab_dram's b_transport) overlaps them as a pipelined AT initiator would, and a transfer ends
// when its last request completes. With outstanding = 1 it behaves like core::dma_engine.
// Call it from an SC_THREAD of the owning device.

#include <core/stats.h>

#include <cstdint>
#include <systemc>
#include <tlm>
#include <tlm_utils/simple_initiator_socket.h>
#include <tlm_utils/tlm_quantumkeeper.h>
#include <vector>

namespace vplab::models {

class stream_dma : public sc_core::sc_module, public core::stats_source {
public:
    tlm_utils::simple_initiator_socket<stream_dma> out;

    struct result {
        tlm::tlm_response_status status = tlm::TLM_OK_RESPONSE;
        std::uint64_t failed_address = 0;  // first address of the request that failed
        bool ok() const { return status == tlm::TLM_OK_RESPONSE; }
    };

    // Throws std::invalid_argument for a zero request size or zero requests in flight.
    stream_dma(sc_core::sc_module_name name, unsigned request_bytes, unsigned outstanding);

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

    unsigned m_request_bytes;
    tlm_utils::tlm_quantumkeeper m_keeper;
    tlm::tlm_generic_payload m_trans;
    std::vector<sc_core::sc_time> m_done;  // completion (local offset) of the last requests, one slot per in-flight
    std::uint64_t m_bytes_read = 0, m_bytes_written = 0, m_requests = 0, m_errors = 0;
};

} // namespace vplab::models
