#pragma once
// A bare initiator for testbenches: raw accesses that return the response status instead of throwing, and a
// thread to run a test body in when the target may wait (sync registers, quantum keeping).

#include <cstdint>
#include <cstring>
#include <functional>
#include <systemc>
#include <tlm>
#include <tlm_utils/simple_initiator_socket.h>
#include <utility>
#include <vector>

namespace vplab::testing {

class test_initiator : public sc_core::sc_module {
public:
    tlm_utils::simple_initiator_socket<test_initiator> out{"out"};
    sc_core::sc_time delay;  // annotated delay of the last access (accumulates unless reset)

    std::vector<std::pair<std::uint64_t, std::uint64_t>> revoked;  // DMI invalidations received

    explicit test_initiator(sc_core::sc_module_name name) : sc_module(name) {
        out.register_invalidate_direct_mem_ptr(this, &test_initiator::invalidate);
        SC_HAS_PROCESS(test_initiator);
        SC_THREAD(run);
    }

    // The body runs in this module's thread once the simulation starts.
    void in_thread(std::function<void()> body) { m_body = std::move(body); }

    tlm::tlm_response_status access(tlm::tlm_command cmd, std::uint64_t addr, void* data, unsigned len,
                                    unsigned char* byte_enable = nullptr) {
        tlm::tlm_generic_payload t;
        t.set_command(cmd);
        t.set_address(addr);
        t.set_data_ptr(static_cast<unsigned char*>(data));
        t.set_data_length(len);
        t.set_streaming_width(len);
        t.set_byte_enable_ptr(byte_enable);
        if (byte_enable) t.set_byte_enable_length(len);
        t.set_response_status(tlm::TLM_INCOMPLETE_RESPONSE);
        out->b_transport(t, delay);
        last_dmi_allowed = t.is_dmi_allowed();
        return t.get_response_status();
    }
    tlm::tlm_response_status write32(std::uint64_t addr, std::uint32_t v) {
        return access(tlm::TLM_WRITE_COMMAND, addr, &v, 4);
    }
    tlm::tlm_response_status read32(std::uint64_t addr, std::uint32_t& v) {
        return access(tlm::TLM_READ_COMMAND, addr, &v, 4);
    }
    std::uint32_t read32(std::uint64_t addr) {
        std::uint32_t v = 0xdeadbeef;
        read32(addr, v);
        return v;
    }
    tlm::tlm_response_status write64(std::uint64_t addr, std::uint64_t v) {
        return access(tlm::TLM_WRITE_COMMAND, addr, &v, 8);
    }
    std::uint64_t read64(std::uint64_t addr) {
        std::uint64_t v = 0;
        access(tlm::TLM_READ_COMMAND, addr, &v, 8);
        return v;
    }
    unsigned debug(tlm::tlm_command cmd, std::uint64_t addr, void* data, unsigned len) {
        tlm::tlm_generic_payload t;
        t.set_command(cmd);
        t.set_address(addr);
        t.set_data_ptr(static_cast<unsigned char*>(data));
        t.set_data_length(len);
        return out->transport_dbg(t);
    }

    bool last_dmi_allowed = false;

private:
    void invalidate(sc_dt::uint64 start, sc_dt::uint64 end) { revoked.emplace_back(start, end); }
    void run() {
        if (m_body) m_body();
    }
    std::function<void()> m_body;
};

} // namespace vplab::testing
