#include "dram/dram_memory.h"

#include <algorithm>
#include <cstdio>
#include <stdexcept>

namespace vplab::dram {

using namespace sc_core;

namespace {

std::uint64_t to_ps(const sc_time& t) {
    static const double ps_per_unit = sc_get_time_resolution().to_seconds() * 1e12;
    return std::uint64_t(double(t.value()) * ps_per_unit + 0.5);
}

std::string hex(std::uint64_t v) {
    char text[24];
    std::snprintf(text, sizeof text, "%llx", static_cast<unsigned long long>(v));
    return text;
}

const dram_config& checked(const dram_config& cfg) {
    cfg.spec.validate();
    return cfg;
}

} // namespace

dram_memory::dram_memory(const sc_module_name& name, const dram_config& cfg)
    : sc_module(name), socket("socket"), m_cfg(checked(cfg)), m_mapper(cfg.spec.org, cfg.mapping),
      m_storage(m_mapper.capacity()), m_log(this->name()), m_tck(double(cfg.spec.tck_ps), SC_PS),
      m_burst_bytes(cfg.spec.org.burst_bytes()), m_peq(this, &dram_memory::peq_callback) {
    socket.register_b_transport(this, &dram_memory::b_transport);
    socket.register_nb_transport_fw(this, &dram_memory::nb_transport_fw);
    socket.register_get_direct_mem_ptr(this, &dram_memory::get_direct_mem_ptr);
    socket.register_transport_dbg(this, &dram_memory::transport_dbg);

    for (std::uint32_t c = 0; c < cfg.spec.org.channels; ++c) {
        m_channels.push_back(std::make_unique<channel_controller>(m_cfg));
        m_wake.emplace_back((std::string("wake_ch") + std::to_string(c)).c_str());
    }
    m_touched.assign(m_channels.size(), false);
    for (std::uint32_t c = 0; c < cfg.spec.org.channels; ++c) {
        sc_spawn_options opt;
        opt.spawn_method();
        opt.dont_initialize();
        opt.set_sensitivity(&m_wake[c]);
        sc_spawn([this, c] { wake_channel(c); }, (std::string("channel") + std::to_string(c)).c_str(), &opt);
    }
    sc_spawn_options opt;
    opt.spawn_method();
    opt.dont_initialize();
    opt.set_sensitivity(&m_response_event);
    sc_spawn([this] { response_ready(); }, "responses", &opt);
}

dram_memory::~dram_memory() = default;

void dram_memory::observe_commands(std::function<void(std::uint32_t, dram_command, const dram_address&, cycle_t)> fn) {
    for (std::uint32_t c = 0; c < m_channels.size(); ++c) {
        if (fn)
            m_channels[c]->on_command = [fn, c](dram_command cmd, const dram_address& a, cycle_t t) {
                fn(c, cmd, a, t);
            };
        else
            m_channels[c]->on_command = nullptr;
    }
}

cycle_t dram_memory::now_floor() const { return to_ps(sc_time_stamp()) / m_cfg.spec.tck_ps; }

cycle_t dram_memory::cycle_ceil(const sc_time& t) const {
    const std::uint64_t tck = m_cfg.spec.tck_ps;
    return (to_ps(t) + tck - 1) / tck;
}

sc_time dram_memory::at(cycle_t c) const {
    const std::uint64_t target = c * m_cfg.spec.tck_ps;
    const std::uint64_t now = to_ps(sc_time_stamp());
    return target > now ? sc_time(double(target - now), SC_PS) : SC_ZERO_TIME;
}

dram_address dram_memory::burst_address(std::uint64_t burst_index) const {
    return m_mapper.decode(burst_index * m_burst_bytes);
}

dram_memory::txn_record* dram_memory::new_record() {
    if (m_free_records.empty()) {
        m_records.push_back(std::make_unique<txn_record>());
        return m_records.back().get();
    }
    txn_record* r = m_free_records.back();
    m_free_records.pop_back();
    *r = txn_record{};
    return r;
}

void dram_memory::free_record(txn_record* rec) { m_free_records.push_back(rec); }

tlm::tlm_response_status dram_memory::access(tlm::tlm_generic_payload& trans) {
    const std::uint64_t addr = trans.get_address();
    const std::uint64_t len = trans.get_data_length();
    if (addr < m_cfg.base_address || len == 0 || addr - m_cfg.base_address > size() ||
        len > size() - (addr - m_cfg.base_address))
        return tlm::TLM_ADDRESS_ERROR_RESPONSE;
    if (trans.get_streaming_width() != 0 && trans.get_streaming_width() < len) return tlm::TLM_BURST_ERROR_RESPONSE;
    const std::uint64_t offset = addr - m_cfg.base_address;
    if (trans.is_read()) {
        if (trans.get_byte_enable_ptr()) return tlm::TLM_BYTE_ENABLE_ERROR_RESPONSE;
        m_storage.read(offset, trans.get_data_ptr(), len);
    } else if (trans.is_write()) {
        m_storage.write(offset, trans.get_data_ptr(), len, trans.get_byte_enable_ptr(), trans.get_byte_enable_length());
    } else {
        return tlm::TLM_COMMAND_ERROR_RESPONSE;  // TLM_IGNORE_COMMAND carries no access to time
    }
    return tlm::TLM_OK_RESPONSE;
}

void dram_memory::b_transport(tlm::tlm_generic_payload& trans, sc_time& delay) {
    const tlm::tlm_response_status status = access(trans);
    trans.set_response_status(status);
    if (status != tlm::TLM_OK_RESPONSE) return;

    const bool write = trans.is_write();
    const std::uint64_t offset = trans.get_address() - m_cfg.base_address;
    const std::uint64_t first = offset / m_burst_bytes;
    const std::uint64_t last = (offset + trans.get_data_length() - 1) / m_burst_bytes;
    const cycle_t arrival = cycle_ceil(sc_time_stamp() + delay);
    cycle_t end = arrival;
    std::fill(m_touched.begin(), m_touched.end(), false);
    // Consecutive bursts in one channel go to it as one run; the channels share no state, and bursts of other
    // users served on the way are handled in the order they would be burst by burst.
    const std::size_t n = std::size_t(last - first + 1);
    m_bursts.resize(n);
    for (std::size_t i = 0; i < n; ++i) m_bursts[i] = burst_address(first + i);
    m_done.clear();
    for (std::size_t i = 0; i < n;) {
        const std::uint32_t channel = m_bursts[i].channel;
        std::size_t j = i + 1;
        while (j < n && m_bursts[j].channel == channel) ++j;
        end = std::max(end, m_channels[channel]->serve_run(&m_bursts[i], j - i, write, arrival, m_done));
        handle_completions();
        m_touched[channel] = true;
        i = j;
    }
    // Requests of AT users on the same channels may have been served ahead of time: move their wake-ups.
    for (std::uint32_t c = 0; c < m_channels.size(); ++c)
        if (m_touched[c]) schedule_channel(c);

    ++(write ? m_writes : m_reads);
    (write ? m_bytes_written : m_bytes_read) += trans.get_data_length();
    m_latency.add(end - arrival);
    m_first_arrival = std::min(m_first_arrival, arrival);
    m_last_data = std::max(m_last_data, end);
    delay = at(end);
    if (m_log.enabled(core::log_level::debug))
        m_log.debug(std::string(write ? "LT write 0x" : "LT read 0x") + hex(trans.get_address()) + " +" +
                    std::to_string(trans.get_data_length()) + ": " + std::to_string(end - arrival) + " cycles");
}

tlm::tlm_sync_enum dram_memory::nb_transport_fw(tlm::tlm_generic_payload& trans, tlm::tlm_phase& phase,
                                                sc_time& delay) {
    m_peq.notify(trans, phase, delay);
    return tlm::TLM_ACCEPTED;
}

void dram_memory::peq_callback(tlm::tlm_generic_payload& trans, const tlm::tlm_phase& phase) {
    if (phase == tlm::BEGIN_REQ) {
        begin_request(trans);
    } else if (phase == tlm::END_RESP) {
        if (!m_responding || m_responding->trans != &trans)
            SC_REPORT_ERROR(name(), "END_RESP for a transaction that has no response outstanding");
        response_finished();
    } else {
        SC_REPORT_ERROR(name(), "unexpected phase on the forward path (only BEGIN_REQ and END_RESP are valid)");
    }
}

void dram_memory::begin_request(tlm::tlm_generic_payload& trans) {
    if (m_blocked) {
        SC_REPORT_ERROR(name(), "BEGIN_REQ before END_REQ of the previous request (TLM-2.0 request exclusion rule)");
        return;
    }
    if (trans.has_mm()) trans.acquire();
    txn_record* rec = new_record();
    rec->trans = &trans;
    rec->write = trans.is_write();
    rec->arrival = cycle_ceil(sc_time_stamp());

    const tlm::tlm_response_status status = access(trans);
    trans.set_response_status(status);
    if (status != tlm::TLM_OK_RESPONSE) {
        // An error takes no DRAM time: accept it and answer at once.
        tlm::tlm_phase phase = tlm::END_REQ;
        sc_time d = SC_ZERO_TIME;
        socket->nb_transport_bw(trans, phase, d);
        m_ready.push_back(rec);
        send_responses();
        return;
    }
    const std::uint64_t offset = trans.get_address() - m_cfg.base_address;
    rec->first_burst = offset / m_burst_bytes;
    rec->bursts = (offset + trans.get_data_length() - 1) / m_burst_bytes - rec->first_burst + 1;
    rec->remaining = rec->bursts;
    ++(rec->write ? m_writes : m_reads);
    (rec->write ? m_bytes_written : m_bytes_read) += trans.get_data_length();
    m_first_arrival = std::min(m_first_arrival, rec->arrival);
    if (m_log.enabled(core::log_level::debug))
        m_log.debug(std::string(rec->write ? "AT write 0x" : "AT read 0x") + hex(trans.get_address()) + " +" +
                    std::to_string(trans.get_data_length()) + " in " + std::to_string(rec->bursts) + " bursts");
    m_blocked = rec;
    queue_blocked_bursts();
}

void dram_memory::queue_blocked_bursts() {
    txn_record* rec = m_blocked;
    if (!rec) return;
    const cycle_t now = cycle_ceil(sc_time_stamp());
    while (rec->queued < rec->bursts) {
        const dram_address a = burst_address(rec->first_burst + rec->queued);
        channel_controller& ch = *m_channels[a.channel];
        if (ch.full()) return;  // END_REQ waits until this channel serves a burst
        ch.enqueue(a, rec->write, now, reinterpret_cast<std::uintptr_t>(rec));
        m_wake[a.channel].notify(SC_ZERO_TIME);
        ++rec->queued;
    }
    m_blocked = nullptr;
    tlm::tlm_phase phase = tlm::END_REQ;
    sc_time d = SC_ZERO_TIME;
    socket->nb_transport_bw(*rec->trans, phase, d);
}

void dram_memory::wake_channel(std::uint32_t ch) {
    m_done.clear();
    m_channels[ch]->run_until(now_floor(), m_done);
    handle_completions();
    if (m_blocked) queue_blocked_bursts();
    schedule_channel(ch);
}

void dram_memory::schedule_channel(std::uint32_t ch) {
    const cycle_t t = m_channels[ch]->next_command_time();
    if (t != channel_controller::never) m_wake[ch].notify(at(t));
}

void dram_memory::handle_completions() {
    for (const dram_completion& c : m_done) {
        if (c.tag == 0) continue;  // a b_transport burst: its caller takes the completion
        auto* rec = reinterpret_cast<txn_record*>(static_cast<std::uintptr_t>(c.tag));
        rec->data_end = std::max(rec->data_end, c.data_end);
        if (--rec->remaining == 0) transaction_done(rec);
    }
    m_done.clear();
}

void dram_memory::transaction_done(txn_record* rec) {
    m_latency.add(rec->data_end - rec->arrival);
    m_last_data = std::max(m_last_data, rec->data_end);
    const bool earliest = m_pending.empty() || rec->data_end < m_pending.top().time;
    m_pending.push({rec->data_end, m_seq++, rec});
    if (earliest) m_response_event.notify(at(rec->data_end));
}

void dram_memory::response_ready() {
    const cycle_t now = now_floor();
    while (!m_pending.empty() && m_pending.top().time <= now) {
        m_ready.push_back(m_pending.top().rec);
        m_pending.pop();
    }
    if (!m_pending.empty()) m_response_event.notify(at(m_pending.top().time));
    send_responses();
}

void dram_memory::send_responses() {
    while (!m_responding && !m_ready.empty()) {
        txn_record* rec = m_ready.front();
        m_ready.pop_front();
        m_responding = rec;
        tlm::tlm_phase phase = tlm::BEGIN_RESP;
        sc_time d = SC_ZERO_TIME;
        const tlm::tlm_sync_enum s = socket->nb_transport_bw(*rec->trans, phase, d);
        if (s == tlm::TLM_COMPLETED || (s == tlm::TLM_UPDATED && phase == tlm::END_RESP)) {
            response_finished();
            return;  // response_finished() continued with the next one
        }
    }
}

void dram_memory::response_finished() {
    txn_record* rec = m_responding;
    if (!rec) return;
    m_responding = nullptr;
    if (rec->trans->has_mm()) rec->trans->release();
    free_record(rec);
    send_responses();
}

bool dram_memory::get_direct_mem_ptr(tlm::tlm_generic_payload& trans, tlm::tlm_dmi& dmi) {
    const std::uint64_t addr = trans.get_address();
    if (addr < m_cfg.base_address || addr - m_cfg.base_address >= size()) {
        dmi.allow_none();
        return false;
    }
    const std::uint64_t offset = addr - m_cfg.base_address;
    const std::uint64_t page_start = offset - offset % sparse_storage::page_bytes;
    dmi.set_dmi_ptr(m_storage.page(offset));
    dmi.set_start_address(m_cfg.base_address + page_start);
    // A page, or what of it lies inside the memory (a memory smaller than a page ends inside its only page).
    dmi.set_end_address(m_cfg.base_address + std::min(page_start + sparse_storage::page_bytes, size()) - 1);
    dmi.allow_read_write();
    // DMI bypasses the controllers; charge an isolated row hit per access.
    dmi.set_read_latency(m_tck * double(m_cfg.spec.timing.CL + m_cfg.spec.burst_cycles()));
    dmi.set_write_latency(m_tck * double(m_cfg.spec.timing.CWL + m_cfg.spec.burst_cycles()));
    return true;
}

unsigned int dram_memory::transport_dbg(tlm::tlm_generic_payload& trans) {
    const std::uint64_t addr = trans.get_address();
    if (addr < m_cfg.base_address || addr - m_cfg.base_address >= size()) return 0;
    const std::uint64_t offset = addr - m_cfg.base_address;
    const std::uint64_t len = std::min<std::uint64_t>(trans.get_data_length(), size() - offset);
    if (trans.is_read())
        m_storage.read(offset, trans.get_data_ptr(), len);
    else if (trans.is_write())
        m_storage.write(offset, trans.get_data_ptr(), len);
    else
        return 0;
    return unsigned(len);
}

void dram_memory::end_of_simulation() { finish(); }

void dram_memory::finish() {
    cycle_t end = now_floor();
    for (const auto& ch : m_channels) end = std::max(end, ch->now());
    end = std::max(end, m_last_data);
    for (auto& ch : m_channels) ch->finish(end);
    m_end = std::max(m_end, end);
}

dram_summary dram_memory::summary() const {
    dram_summary s;
    const double tck_ns = double(m_cfg.spec.tck_ps) * 1e-3;
    s.reads = m_reads;
    s.writes = m_writes;
    s.bytes_read = m_bytes_read;
    s.bytes_written = m_bytes_written;
    std::uint64_t refresh_cycles = 0;
    for (const auto& ch : m_channels) {
        const channel_stats& c = ch->stats();
        s.read_bursts += c.reads;
        s.write_bursts += c.writes;
        s.row_hits += c.row_hits;
        s.row_misses += c.row_misses;
        s.row_conflicts += c.row_conflicts;
        s.precharges += c.precharges;
        for (std::uint64_t a : c.activates) s.activates += a;
        s.refreshes += ch->refresh().refreshes();
        refresh_cycles += ch->refresh().busy_cycles();
        s.energy += ch->energy().energy();
    }
    const std::uint64_t served = s.row_hits + s.row_misses + s.row_conflicts;
    s.row_hit_rate = served ? double(s.row_hits) / double(served) : 0.0;
    s.avg_latency_ns = m_latency.mean() * tck_ns;
    s.p99_latency_ns = double(m_latency.percentile(99.0)) * tck_ns;
    s.max_latency_ns = double(m_latency.max()) * tck_ns;
    s.peak_gbps = m_cfg.spec.peak_gbps();
    if (m_first_arrival != channel_controller::never && m_last_data > m_first_arrival) {
        s.active_window_ns = double(m_last_data - m_first_arrival) * tck_ns;
        s.bandwidth_gbps = double(m_bytes_read + m_bytes_written) / s.active_window_ns;
        s.efficiency = s.bandwidth_gbps / s.peak_gbps;
    }
    s.refresh_time_ns = double(refresh_cycles) * tck_ns;
    s.end_ns = double(m_end) * tck_ns;
    const double rank_time = double(m_end) * tck_ns * m_cfg.spec.org.channels * m_cfg.spec.org.ranks;
    s.refresh_fraction = rank_time > 0 ? s.refresh_time_ns / rank_time : 0.0;
    const double bits = double(m_bytes_read + m_bytes_written) * 8.0;
    s.pj_per_bit = bits > 0 ? s.energy.total() / bits : 0.0;
    return s;
}

void dram_memory::report_stats(nlohmann::json& out) const {
    const dram_summary s = summary();
    out["preset"] = m_cfg.spec.name;
    out["channels"] = m_cfg.spec.org.channels;
    out["mapping"] = m_mapper.order();
    out["scheduler"] = to_string(m_cfg.controller.scheduler);
    out["page_policy"] = to_string(m_cfg.controller.page_policy);
    out["reads"] = s.reads;
    out["writes"] = s.writes;
    out["read_bursts"] = s.read_bursts;
    out["write_bursts"] = s.write_bursts;
    out["bytes_read"] = s.bytes_read;
    out["bytes_written"] = s.bytes_written;
    out["row_hits"] = s.row_hits;
    out["row_misses"] = s.row_misses;
    out["row_conflicts"] = s.row_conflicts;
    out["row_hit_rate"] = s.row_hit_rate;
    out["precharges"] = s.precharges;
    out["avg_latency_ns"] = s.avg_latency_ns;
    out["p99_latency_ns"] = s.p99_latency_ns;
    out["max_latency_ns"] = s.max_latency_ns;
    out["bandwidth_gbps"] = s.bandwidth_gbps;
    out["peak_gbps"] = s.peak_gbps;
    out["efficiency"] = s.efficiency;
    out["refreshes"] = s.refreshes;
    out["refresh_time_ns"] = s.refresh_time_ns;
    out["refresh_fraction"] = s.refresh_fraction;
    out["energy_pj"] = {{"background", s.energy.background}, {"activate", s.energy.activate},
                        {"precharge", s.energy.precharge},   {"read", s.energy.read},
                        {"write", s.energy.write},           {"refresh", s.energy.refresh},
                        {"total", s.energy.total()}};
    out["pj_per_bit"] = s.pj_per_bit;
    nlohmann::json acts = nlohmann::json::array();
    for (const auto& ch : m_channels) acts.push_back(ch->stats().activates);
    out["activates_per_bank"] = acts;
}

} // namespace vplab::dram
