#pragma once
// A pipelined AT initiator for the tests: keeps up to `outstanding` transactions in flight, obeys the request and
// response exclusion rules, and records the phase sequence and times of every transaction.

#include "payload_pool.h"

#include <cstdint>
#include <string>
#include <systemc>
#include <tlm>
#include <tlm_utils/simple_initiator_socket.h>
#include <functional>
#include <map>
#include <vector>

namespace vplab::dram::test {

struct at_request {
    std::uint64_t address = 0;
    bool write = false;
    std::uint32_t bytes = 64;
    std::vector<unsigned char> data;  // written data, or filled with the read data
    sc_core::sc_time issue_at = sc_core::SC_ZERO_TIME;  // not before this time
    // Results.
    sc_core::sc_time begin_req, end_req, begin_resp;
    tlm::tlm_response_status status = tlm::TLM_INCOMPLETE_RESPONSE;
    std::string phases;  // e.g. "BEGIN_REQ END_REQ BEGIN_RESP END_RESP"
    bool done = false;
};

class at_initiator : public sc_core::sc_module {
public:
    tlm_utils::simple_initiator_socket<at_initiator> socket;
    std::vector<at_request> requests;
    unsigned outstanding = 8;
    sc_core::sc_time end_resp_delay = sc_core::SC_ZERO_TIME;  // >0: accept BEGIN_RESP and send END_RESP later
    unsigned max_in_flight = 0;
    std::vector<std::string> errors;  // protocol violations seen
    // Run in the initiator's thread before the first and after the last AT request; may use b_access().
    std::function<void(at_initiator&)> before, after;

    SC_HAS_PROCESS(at_initiator);
    explicit at_initiator(const sc_core::sc_module_name& n) : sc_module(n), socket("socket") {
        socket.register_nb_transport_bw(this, &at_initiator::nb_transport_bw);
        SC_THREAD(run);
        SC_METHOD(send_end_resp);
        sensitive << m_end_resp_event;
        dont_initialize();
    }

    bool all_done() const {
        for (const auto& r : requests)
            if (!r.done) return false;
        return true;
    }

    // A b_transport access at the current time through the same socket.
    tlm::tlm_response_status b_access(bool write, std::uint64_t address, unsigned char* data, unsigned bytes) {
        tlm::tlm_generic_payload p;
        p.set_command(write ? tlm::TLM_WRITE_COMMAND : tlm::TLM_READ_COMMAND);
        p.set_address(address);
        p.set_data_ptr(data);
        p.set_data_length(bytes);
        p.set_streaming_width(bytes);
        p.set_response_status(tlm::TLM_INCOMPLETE_RESPONSE);
        sc_core::sc_time delay = sc_core::SC_ZERO_TIME;
        socket->b_transport(p, delay);
        wait(delay);
        return p.get_response_status();
    }

private:
    void run() {
        if (before) before(*this);
        issue_all();
        while (m_in_flight > 0) wait(m_slot_free);
        if (after) after(*this);
    }

    void issue_all() {
        for (std::size_t i = 0; i < requests.size(); ++i) {
            at_request& r = requests[i];
            if (sc_core::sc_time_stamp() < r.issue_at) wait(r.issue_at - sc_core::sc_time_stamp());
            while (m_in_flight >= outstanding) wait(m_slot_free);
            tlm::tlm_generic_payload* p = m_pool.get();
            r.data.resize(r.bytes);
            p->set_command(r.write ? tlm::TLM_WRITE_COMMAND : tlm::TLM_READ_COMMAND);
            p->set_address(r.address);
            p->set_data_ptr(r.data.data());
            p->set_data_length(r.bytes);
            p->set_streaming_width(r.bytes);
            p->set_byte_enable_ptr(nullptr);
            p->set_dmi_allowed(false);
            p->set_response_status(tlm::TLM_INCOMPLETE_RESPONSE);
            m_index[p] = i;
            ++m_in_flight;
            max_in_flight = std::max(max_in_flight, m_in_flight);
            r.begin_req = sc_core::sc_time_stamp();
            r.phases += "BEGIN_REQ";
            m_req_open = p;
            tlm::tlm_phase phase = tlm::BEGIN_REQ;
            sc_core::sc_time delay = sc_core::SC_ZERO_TIME;
            tlm::tlm_sync_enum s = socket->nb_transport_fw(*p, phase, delay);
            if (s == tlm::TLM_UPDATED && phase == tlm::END_REQ) {
                r.phases += " END_REQ";
                r.end_req = sc_core::sc_time_stamp();
                m_req_open = nullptr;
            } else if (s != tlm::TLM_ACCEPTED) {
                errors.push_back("unexpected return to BEGIN_REQ");
            }
            while (m_req_open) wait(m_end_req);
        }
    }

    tlm::tlm_sync_enum nb_transport_bw(tlm::tlm_generic_payload& p, tlm::tlm_phase& phase, sc_core::sc_time&) {
        auto it = m_index.find(&p);
        if (it == m_index.end()) {
            errors.push_back("backward call for an unknown payload");
            return tlm::TLM_COMPLETED;
        }
        at_request& r = requests[it->second];
        if (phase == tlm::END_REQ) {
            if (m_req_open != &p) errors.push_back("END_REQ for a request that is not open");
            r.phases += " END_REQ";
            r.end_req = sc_core::sc_time_stamp();
            m_req_open = nullptr;
            m_end_req.notify(sc_core::SC_ZERO_TIME);
            return tlm::TLM_ACCEPTED;
        }
        if (phase == tlm::BEGIN_RESP) {
            if (m_resp_open) errors.push_back("BEGIN_RESP while another response is open");
            if (m_req_open == &p) {  // BEGIN_RESP implies END_REQ
                m_req_open = nullptr;
                m_end_req.notify(sc_core::SC_ZERO_TIME);
            }
            r.phases += " BEGIN_RESP";
            r.begin_resp = sc_core::sc_time_stamp();
            r.status = p.get_response_status();
            if (end_resp_delay == sc_core::SC_ZERO_TIME) {
                finish(p, r);
                phase = tlm::END_RESP;
                return tlm::TLM_COMPLETED;
            }
            m_resp_open = &p;
            m_end_resp_event.notify(end_resp_delay);
            return tlm::TLM_ACCEPTED;
        }
        errors.push_back("unexpected phase on the backward path");
        return tlm::TLM_COMPLETED;
    }

    void send_end_resp() {
        tlm::tlm_generic_payload* p = m_resp_open;
        if (!p) return;
        at_request& r = requests[m_index[p]];
        m_resp_open = nullptr;
        tlm::tlm_phase phase = tlm::END_RESP;
        sc_core::sc_time delay = sc_core::SC_ZERO_TIME;
        finish(*p, r);
        socket->nb_transport_fw(*p, phase, delay);
        p->release();
    }

    void finish(tlm::tlm_generic_payload& p, at_request& r) {
        r.phases += " END_RESP";
        r.done = true;
        --m_in_flight;
        m_slot_free.notify(sc_core::SC_ZERO_TIME);
        if (end_resp_delay == sc_core::SC_ZERO_TIME) p.release();
    }

    payload_pool m_pool;
    std::map<tlm::tlm_generic_payload*, std::size_t> m_index;
    unsigned m_in_flight = 0;
    tlm::tlm_generic_payload* m_req_open = nullptr;
    tlm::tlm_generic_payload* m_resp_open = nullptr;
    sc_core::sc_event m_end_req, m_slot_free, m_end_resp_event;
};

} // namespace vplab::dram::test
