#include "traffic_generator.h"

#include <queue>
#include <tlm_utils/tlm_quantumkeeper.h>

namespace vplab::platforms::dram_traffic {

using namespace sc_core;

traffic_generator::traffic_generator(const sc_module_name& name, const workload_config& w,
                                     std::function<bool(traffic_request&)> source, data_checker& checker)
    : sc_module(name), socket("socket"), m_w(w), m_source(std::move(source)), m_checker(checker) {
    socket.register_nb_transport_bw(this, &traffic_generator::nb_transport_bw);
    const unsigned n = m_w.at_face ? std::max(1u, m_w.outstanding) : 1;
    for (unsigned i = 0; i < n; ++i) {
        m_slots.push_back(std::make_unique<slot>());
        m_slots.back()->payload.set_mm(this);
        m_free.push_back(m_slots.back().get());
    }
    SC_THREAD(run);
}

void traffic_generator::run() {
    if (m_w.at_face)
        run_at();
    else
        run_lt();
    m_finished = true;
    sc_stop();
}

void traffic_generator::prepare(slot& s, const traffic_request& r) {
    s.write = r.write;
    s.data.resize(r.bytes);
    tlm::tlm_generic_payload& p = s.payload;
    p.set_command(r.write ? tlm::TLM_WRITE_COMMAND : tlm::TLM_READ_COMMAND);
    p.set_address(r.address);
    p.set_data_ptr(s.data.data());
    p.set_data_length(r.bytes);
    p.set_streaming_width(r.bytes);
    p.set_byte_enable_ptr(nullptr);
    p.set_dmi_allowed(false);
    p.set_response_status(tlm::TLM_INCOMPLETE_RESPONSE);
    if (r.write) {
        m_checker.fill(r.address, s.data.data(), r.bytes, 1);
        if (m_w.verify) m_checker.written(r.address, r.bytes);
    } else if (m_w.verify) {
        // What this read must see is fixed when it is accepted, before any later write.
        s.expect.resize(r.bytes);
        m_checker.expected(r.address, s.expect.data(), r.bytes);
    }
    ++m_requests;
    ++(r.write ? m_writes : m_reads);
    m_bytes += r.bytes;
}

void traffic_generator::complete(slot& s) {
    tlm::tlm_generic_payload& p = s.payload;
    if (!p.is_response_ok()) {
        ++m_errors;
    } else if (!s.write && m_w.verify) {
        m_checker.check(p.get_address(), s.data.data(), s.expect.data(), p.get_data_length());
    }
}

void traffic_generator::run_at() {
    traffic_request r;
    while (m_source(r)) {
        const sc_time at(double(r.time_ps), SC_PS);
        if (at > sc_time_stamp()) wait(at - sc_time_stamp());
        while (m_free.empty()) wait(m_slot_free);
        slot* s = m_free.back();
        m_free.pop_back();
        prepare(*s, r);
        s->payload.acquire();
        ++m_in_flight;
        m_req_open = &s->payload;
        tlm::tlm_phase phase = tlm::BEGIN_REQ;
        sc_time delay = SC_ZERO_TIME;
        const tlm::tlm_sync_enum status = socket->nb_transport_fw(s->payload, phase, delay);
        if (status == tlm::TLM_COMPLETED) {
            m_req_open = nullptr;
            complete(*s);
            --m_in_flight;
            s->payload.release();
        } else if (status == tlm::TLM_UPDATED && phase == tlm::END_REQ) {
            m_req_open = nullptr;
        }
        while (m_req_open) wait(m_end_req);
    }
    while (m_in_flight > 0) wait(m_slot_free);
}

tlm::tlm_sync_enum traffic_generator::nb_transport_bw(tlm::tlm_generic_payload& p, tlm::tlm_phase& phase, sc_time&) {
    if (phase == tlm::END_REQ || (phase == tlm::BEGIN_RESP && m_req_open == &p)) {
        m_req_open = nullptr;
        m_end_req.notify(SC_ZERO_TIME);
    }
    if (phase == tlm::BEGIN_RESP) {
        for (auto& s : m_slots)
            if (&s->payload == &p) complete(*s);
        --m_in_flight;
        p.release();
        phase = tlm::END_RESP;
        return tlm::TLM_COMPLETED;
    }
    return tlm::TLM_ACCEPTED;
}

void traffic_generator::free(tlm::tlm_generic_payload* p) {
    for (auto& s : m_slots)
        if (&s->payload == p) m_free.push_back(s.get());
    m_slot_free.notify(SC_ZERO_TIME);
}

void traffic_generator::run_lt() {
    // Each slot's local time: the completion of its previous request.
    using entry = std::pair<sc_time, unsigned>;
    std::priority_queue<entry, std::vector<entry>, std::greater<>> slots;
    for (unsigned i = 0; i < std::max(1u, m_w.outstanding); ++i) slots.push({sc_time_stamp(), i});
    const sc_time quantum = tlm::tlm_global_quantum::instance().get();
    slot& s = *m_slots.front();
    sc_time last = sc_time_stamp();
    traffic_request r;
    while (m_source(r)) {
        auto [t, id] = slots.top();
        slots.pop();
        t = std::max(t, sc_time(double(r.time_ps), SC_PS));
        prepare(s, r);
        sc_time delay = t > sc_time_stamp() ? t - sc_time_stamp() : SC_ZERO_TIME;
        socket->b_transport(s.payload, delay);
        complete(s);
        const sc_time done = sc_time_stamp() + delay;
        last = std::max(last, done);
        slots.push({done, id});
        // Temporal decoupling: fall back to the kernel once the earliest slot is a quantum ahead.
        if (slots.top().first > sc_time_stamp() + quantum) wait(slots.top().first - sc_time_stamp());
    }
    if (last > sc_time_stamp()) wait(last - sc_time_stamp());
}

void traffic_generator::report_stats(nlohmann::json& out) const {
    out["requests"] = m_requests;
    out["reads"] = m_reads;
    out["writes"] = m_writes;
    out["bytes"] = m_bytes;
    out["error_responses"] = m_errors;
    out["verified_bytes"] = m_checker.checked_bytes();
    out["mismatched_bytes"] = m_checker.mismatches();
}

} // namespace vplab::platforms::dram_traffic
