#pragma once
// Plain RAM: functional storage with read/write latencies, DMI for fast initiators and a backdoor
// (debug transport, load/dump) for loaders and inspection. Out-of-range accesses answer an address error.

#include "stats.h"

#include <cstdint>
#include <memory>
#include <systemc>
#include <tlm>
#include <tlm_utils/simple_target_socket.h>

namespace vplab::core {

class memory : public sc_core::sc_module, public stats_source {
public:
    tlm_utils::simple_target_socket<memory> in;

    memory(sc_core::sc_module_name name, std::uint64_t size, sc_core::sc_time read_latency,
           sc_core::sc_time write_latency, bool allow_dmi = true);

    std::uint64_t size() const { return m_size; }
    // Backdoor copies; throw std::out_of_range naming the memory and the range when it does not fit.
    void load(std::uint64_t offset, const void* src, std::uint64_t n);
    void dump(std::uint64_t offset, void* dst, std::uint64_t n) const;

    std::string stats_name() const override { return name(); }
    void report_stats(nlohmann::json& out) const override;

private:
    void b_transport(tlm::tlm_generic_payload& trans, sc_core::sc_time& delay);
    bool get_direct_mem_ptr(tlm::tlm_generic_payload& trans, tlm::tlm_dmi& dmi);
    unsigned transport_dbg(tlm::tlm_generic_payload& trans);
    bool fits(std::uint64_t offset, std::uint64_t n) const { return offset < m_size && n <= m_size - offset; }
    void check_range(std::uint64_t offset, std::uint64_t n) const;

    struct free_deleter {
        void operator()(unsigned char* p) const;
    };
    std::uint64_t m_size;
    std::unique_ptr<unsigned char[], free_deleter> m_data;  // calloc'd: untouched pages cost nothing
    sc_core::sc_time m_read_latency, m_write_latency;
    bool m_allow_dmi;
    std::uint64_t m_reads = 0, m_writes = 0, m_bytes_read = 0, m_bytes_written = 0, m_errors = 0, m_dmi_grants = 0;
};

} // namespace vplab::core
