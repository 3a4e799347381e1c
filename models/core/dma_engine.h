#pragma once
// The bus master half of an accelerator: moves buffers in bursts through an initiator socket, keeping its own
// local time with a quantum keeper, so a device's worker thread runs ahead and synchronises only when needed.
// Call it from an SC_THREAD of the owning device.

#include "stats.h"

#include <cstdint>
#include <systemc>
#include <tlm>
#include <tlm_utils/simple_initiator_socket.h>
#include <tlm_utils/tlm_quantumkeeper.h>

namespace vplab::core {

class dma_engine : public sc_core::sc_module, public stats_source {
public:
    tlm_utils::simple_initiator_socket<dma_engine> out;

    struct result {
        tlm::tlm_response_status status = tlm::TLM_OK_RESPONSE;
        std::uint64_t failed_address = 0;  // first address of the burst that failed
        bool ok() const { return status == tlm::TLM_OK_RESPONSE; }
    };

    dma_engine(sc_core::sc_module_name name, unsigned burst_bytes);

    // Each burst costs the target's annotated latency; local time advances, synchronising at the quantum.
    result read(std::uint64_t addr, void* dst, std::uint64_t n);
    result write(std::uint64_t addr, const void* src, std::uint64_t n);

    // Device work between bursts (computation) is added to the same local time.
    void advance(const sc_core::sc_time& t) { m_keeper.inc(t); if (m_keeper.need_sync()) m_keeper.sync(); }
    // Brings the simulation to the local time: call before raising an interrupt or updating status.
    void sync() { m_keeper.sync(); }
    sc_core::sc_time local_time() const { return m_keeper.get_current_time(); }

    unsigned burst_bytes() const { return m_burst; }
    void set_burst_bytes(unsigned n) { m_burst = n; }

    std::string stats_name() const override { return name(); }
    void report_stats(nlohmann::json& out) const override;

private:
    result transfer(tlm::tlm_command cmd, std::uint64_t addr, unsigned char* data, std::uint64_t n);

    unsigned m_burst;
    tlm_utils::tlm_quantumkeeper m_keeper;
    tlm::tlm_generic_payload m_trans;
    std::uint64_t m_bytes_read = 0, m_bytes_written = 0, m_bursts = 0, m_errors = 0;
};

} // namespace vplab::core
