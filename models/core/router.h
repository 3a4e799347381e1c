#pragma once
// An address decoder between initiators and targets. Each mapped target gets a window [base, base+size);
// an overlap is an elaboration error naming both windows; a decode miss or an access that runs past the end of
// its window answers an address error. DMI grants are translated back to global addresses and clipped to the
// window; invalidations from a target are translated and passed to every initiator. AT (nb_transport) calls are
// forwarded both ways: the target sees window-relative addresses until its response, the initiator gets its
// address back with BEGIN_RESP.

#include "stats.h"

#include <cstdint>
#include <map>
#include <ostream>
#include <string>
#include <systemc>
#include <tlm>
#include <tlm_utils/multi_passthrough_initiator_socket.h>
#include <tlm_utils/multi_passthrough_target_socket.h>
#include <vector>

namespace vplab::core {

class router : public sc_core::sc_module, public stats_source {
public:
    tlm_utils::multi_passthrough_target_socket<router> in;
    tlm_utils::multi_passthrough_initiator_socket<router> out;

    struct window {
        std::string name;
        std::uint64_t base = 0;
        std::uint64_t size = 0;
        std::uint64_t end() const { return base + size; }  // exclusive
    };

    explicit router(sc_core::sc_module_name name);

    // Maps `target` at [base, base+size) and binds it; throws std::invalid_argument on an overlap or size 0.
    template <typename socket_type> void map(socket_type& target, std::uint64_t base, std::uint64_t size,
                                             const std::string& window_name) {
        add_window(window_name, base, size);
        out.bind(target);
    }

    const std::vector<window>& windows() const { return m_windows; }
    // Logs every transaction to `os` (time, initiator port, command, address, length, window, response).
    void log_transactions(std::ostream* os) { m_txn_log = os; }

    std::string stats_name() const override { return name(); }
    void report_stats(nlohmann::json& out) const override;

private:
    void add_window(const std::string& name, std::uint64_t base, std::uint64_t size);
    int decode(std::uint64_t addr) const;  // window index, or -1
    // Counts a new transaction and decodes it into `target` (-1 when unmapped); false, after answering an address
    // error, when it is unmapped or runs past the end of its window.
    bool accept(tlm::tlm_generic_payload& trans, int& target);
    void b_transport(int port, tlm::tlm_generic_payload& trans, sc_core::sc_time& delay);
    tlm::tlm_sync_enum nb_transport_fw(int port, tlm::tlm_generic_payload& trans, tlm::tlm_phase& phase,
                                       sc_core::sc_time& delay);
    tlm::tlm_sync_enum nb_transport_bw(int port, tlm::tlm_generic_payload& trans, tlm::tlm_phase& phase,
                                       sc_core::sc_time& delay);
    bool get_direct_mem_ptr(int port, tlm::tlm_generic_payload& trans, tlm::tlm_dmi& dmi);
    unsigned transport_dbg(int port, tlm::tlm_generic_payload& trans);
    void invalidate_direct_mem_ptr(int port, sc_dt::uint64 start, sc_dt::uint64 end);
    void log(int port, const tlm::tlm_generic_payload& trans, std::uint64_t addr, int target,
             const sc_core::sc_time& delay) const;

    struct route {
        int initiator;
        int target;
        std::uint64_t address;  // the initiator's
    };
    std::map<const tlm::tlm_generic_payload*, route> m_routes;  // AT transactions not yet finished
    std::vector<window> m_windows;
    mutable int m_last_hit = -1;  // consecutive accesses mostly hit the same window
    std::ostream* m_txn_log = nullptr;
    std::uint64_t m_transactions = 0, m_decode_errors = 0, m_dmi_grants = 0, m_dmi_invalidations = 0;
};

} // namespace vplab::core
