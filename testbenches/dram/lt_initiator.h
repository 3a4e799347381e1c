#pragma once
// A b_transport initiator whose thread runs a test body; helpers issue single accesses and pipelined streams.

#include <cstdint>
#include <functional>
#include <queue>
#include <systemc>
#include <tlm>
#include <tlm_utils/simple_initiator_socket.h>
#include <vector>

namespace vplab::dram::test {

class lt_initiator : public sc_core::sc_module {
public:
    tlm_utils::simple_initiator_socket<lt_initiator> socket;
    std::function<void(lt_initiator&)> body;

    SC_HAS_PROCESS(lt_initiator);
    explicit lt_initiator(const sc_core::sc_module_name& n) : sc_module(n), socket("socket") { SC_THREAD(run); }

    // One access issued at absolute time `at` (>= now); returns the latency the target annotated.
    sc_core::sc_time access(bool write, std::uint64_t address, unsigned char* data, unsigned bytes,
                            const sc_core::sc_time& at, tlm::tlm_response_status* status = nullptr) {
        tlm::tlm_generic_payload p;
        p.set_command(write ? tlm::TLM_WRITE_COMMAND : tlm::TLM_READ_COMMAND);
        p.set_address(address);
        p.set_data_ptr(data);
        p.set_data_length(bytes);
        p.set_streaming_width(bytes);
        p.set_response_status(tlm::TLM_INCOMPLETE_RESPONSE);
        sc_core::sc_time delay = at - sc_core::sc_time_stamp();
        const sc_core::sc_time before = delay;
        socket->b_transport(p, delay);
        if (status) *status = p.get_response_status();
        return delay - before;
    }

    // Requests from `addresses` with `slots` of them in flight: each slot issues its next request when its previous
    // one completes. Returns the time the last one completes.
    sc_core::sc_time stream(const std::vector<std::uint64_t>& addresses, unsigned bytes, unsigned slots,
                            bool write = false) {
        using entry = std::pair<sc_core::sc_time, unsigned>;
        std::priority_queue<entry, std::vector<entry>, std::greater<>> ready;
        for (unsigned s = 0; s < slots; ++s) ready.push({sc_core::sc_time_stamp(), s});
        std::vector<unsigned char> buf(bytes);
        sc_core::sc_time last = sc_core::sc_time_stamp();
        for (std::uint64_t a : addresses) {
            auto [t, s] = ready.top();
            ready.pop();
            const sc_core::sc_time done = t + access(write, a, buf.data(), bytes, t);
            last = std::max(last, done);
            ready.push({done, s});
        }
        return last;
    }

private:
    void run() {
        if (body) body(*this);
    }
};

} // namespace vplab::dram::test
