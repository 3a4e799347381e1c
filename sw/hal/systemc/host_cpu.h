#pragma once
// The SystemC backend of the HAL: a host CPU whose firmware runs in its SC_THREAD. Every access goes through
// its initiator socket with the CPU's local time as the annotated delay (one quantum keeper), plain memory is
// reached through cached DMI pointers, and interrupts arrive on `irq` inputs.

#include "../mmio.h"
#include "bus_error.h"

#include <core/stats.h>
#include <functional>
#include <string>
#include <systemc>
#include <tlm>
#include <tlm_utils/simple_initiator_socket.h>
#include <tlm_utils/tlm_quantumkeeper.h>
#include <vector>

namespace vplab::hal {

class host_cpu : public sc_core::sc_module, public mmio, public core::stats_source {
public:
    using firmware = std::function<void(mmio&)>;

    tlm_utils::simple_initiator_socket<host_cpu> out;
    sc_core::sc_vector<sc_core::sc_in<bool>> irq;

    // `access_cost` is the CPU's own time per register access (issue, pipeline), added to the bus latency.
    host_cpu(sc_core::sc_module_name name, unsigned irq_lines, sc_core::sc_time access_cost = sc_core::SC_ZERO_TIME);

    // The program to run; it starts at time 0 and the simulation stops when it returns or throws.
    void load(firmware program) { m_program = std::move(program); }

    bool finished() const { return m_finished; }
    const std::string& failure() const { return m_failure; }  // empty when the firmware completed normally

    std::uint32_t read32(std::uint64_t addr) override;
    void write32(std::uint64_t addr, std::uint32_t value) override;
    std::uint64_t read64(std::uint64_t addr) override;
    void write64(std::uint64_t addr, std::uint64_t value) override;
    void write_block(std::uint64_t addr, const void* src, std::size_t n) override;
    void read_block(std::uint64_t addr, void* dst, std::size_t n) override;
    bool wait_irq(unsigned line, std::uint64_t timeout_ns) override;
    void busy(std::uint64_t ns) override;
    std::uint64_t now_ns() override;

    std::string stats_name() const override { return name(); }
    void report_stats(nlohmann::json& out) const override;

private:
    void run();
    void access(tlm::tlm_command cmd, std::uint64_t addr, void* data, unsigned len);
    void block(tlm::tlm_command cmd, std::uint64_t addr, unsigned char* data, std::size_t n);
    const tlm::tlm_dmi* dmi_for(std::uint64_t addr, bool write);  // the grant holding addr, asked for once
    void invalidate_direct_mem_ptr(sc_dt::uint64 start, sc_dt::uint64 end);

    firmware m_program;
    tlm_utils::tlm_quantumkeeper m_keeper;
    tlm::tlm_generic_payload m_trans;
    sc_core::sc_time m_access_cost;
    std::vector<tlm::tlm_dmi> m_dmi;  // grants seen so far, consulted for block copies
    bool m_finished = false;
    std::string m_failure;
    std::uint64_t m_reads = 0, m_writes = 0, m_block_bytes = 0, m_irq_waits = 0, m_irq_timeouts = 0;
    sc_core::sc_time m_busy_time;
};

} // namespace vplab::hal
