#include "host_cpu.h"

#include <core/hex.h>

#include <algorithm>
#include <cstring>
#include <stdexcept>

namespace vplab::hal {

namespace {
// Firmware keeps its buffers on the heap, but apps and golden checks may recurse; be generous.
constexpr std::size_t firmware_stack_bytes = 8u << 20;
// Block copies are costed per cache line at the memory's DMI latency, like a CPU memcpy loop.
constexpr std::size_t line_bytes = 64;
} // namespace

host_cpu::host_cpu(sc_core::sc_module_name name, unsigned irq_lines, sc_core::sc_time access_cost)
    : sc_module(name), out("out"), irq("irq", irq_lines), m_access_cost(access_cost) {
    out.register_invalidate_direct_mem_ptr(this, &host_cpu::invalidate_direct_mem_ptr);
    SC_HAS_PROCESS(host_cpu);
    SC_THREAD(run);
    set_stack_size(firmware_stack_bytes);
}

void host_cpu::run() {
    m_keeper.reset();
    try {
        if (m_program) m_program(*this);
    } catch (const std::exception& e) {
        m_failure = e.what();
    }
    m_keeper.sync();
    m_finished = true;
    sc_core::sc_stop();
}

void host_cpu::access(tlm::tlm_command cmd, std::uint64_t addr, void* data, unsigned len) {
    m_trans.set_command(cmd);
    m_trans.set_address(addr);
    m_trans.set_data_ptr(static_cast<unsigned char*>(data));
    m_trans.set_data_length(len);
    m_trans.set_streaming_width(len);
    m_trans.set_byte_enable_ptr(nullptr);
    m_trans.set_dmi_allowed(false);
    m_trans.set_response_status(tlm::TLM_INCOMPLETE_RESPONSE);
    sc_core::sc_time delay = m_keeper.get_local_time() + m_access_cost;
    out->b_transport(m_trans, delay);
    m_keeper.set(delay);
    if (!m_trans.is_response_ok())
        throw bus_error(std::string(cmd == tlm::TLM_READ_COMMAND ? "read" : "write") + std::to_string(len * 8) +
                            " at " + core::hex(addr) + ": " + m_trans.get_response_string(),
                        addr);
    if (m_keeper.need_sync()) m_keeper.sync();
}

std::uint32_t host_cpu::read32(std::uint64_t addr) {
    std::uint32_t v = 0;
    access(tlm::TLM_READ_COMMAND, addr, &v, 4);
    ++m_reads;
    return v;
}

void host_cpu::write32(std::uint64_t addr, std::uint32_t value) {
    access(tlm::TLM_WRITE_COMMAND, addr, &value, 4);
    ++m_writes;
}

std::uint64_t host_cpu::read64(std::uint64_t addr) {
    std::uint64_t v = 0;
    access(tlm::TLM_READ_COMMAND, addr, &v, 8);
    ++m_reads;
    return v;
}

void host_cpu::write64(std::uint64_t addr, std::uint64_t value) {
    access(tlm::TLM_WRITE_COMMAND, addr, &value, 8);
    ++m_writes;
}

const tlm::tlm_dmi* host_cpu::dmi_for(std::uint64_t addr, bool write) {
    auto covers = [&](const tlm::tlm_dmi& d) {
        return addr >= d.get_start_address() && addr <= d.get_end_address() &&
               (write ? d.is_write_allowed() : d.is_read_allowed());
    };
    for (const tlm::tlm_dmi& d : m_dmi)
        if (covers(d)) return &d;
    tlm::tlm_generic_payload probe;
    probe.set_command(write ? tlm::TLM_WRITE_COMMAND : tlm::TLM_READ_COMMAND);
    probe.set_address(addr);
    tlm::tlm_dmi grant;
    if (!out->get_direct_mem_ptr(probe, grant)) return nullptr;
    m_dmi.push_back(grant);
    return covers(m_dmi.back()) ? &m_dmi.back() : nullptr;
}

void host_cpu::block(tlm::tlm_command cmd, std::uint64_t addr, unsigned char* data, std::size_t n) {
    m_block_bytes += n;
    const bool write = cmd == tlm::TLM_WRITE_COMMAND;
    // Each piece goes through the DMI grant that holds its first byte (a target may grant page by page),
    // or, once a target has refused DMI, through bus transactions of at most a line.
    bool refused = false;
    for (std::size_t done = 0; done < n;) {
        const std::uint64_t at = addr + done;
        const tlm::tlm_dmi* d = refused ? nullptr : dmi_for(at, write);
        refused = !d;
        if (d) {
            // min first, then +1: a grant reaching the top of the address space must not wrap
            const std::size_t len =
                static_cast<std::size_t>(std::min<std::uint64_t>(n - done - 1, d->get_end_address() - at)) + 1;
            unsigned char* mem = d->get_dmi_ptr() + (at - d->get_start_address());
            write ? std::memcpy(mem, data + done, len) : std::memcpy(data + done, mem, len);
            const std::size_t lines = (len + line_bytes - 1) / line_bytes;
            m_keeper.inc((write ? d->get_write_latency() : d->get_read_latency()) * static_cast<double>(lines));
            if (m_keeper.need_sync()) m_keeper.sync();
            done += len;
        } else {
            const unsigned len = static_cast<unsigned>(std::min(line_bytes, n - done));
            access(cmd, at, data + done, len);
            done += len;
        }
    }
}

void host_cpu::write_block(std::uint64_t addr, const void* src, std::size_t n) {
    // The payload's data pointer is non-const by TLM's definition; a write never modifies it.
    block(tlm::TLM_WRITE_COMMAND, addr, static_cast<unsigned char*>(const_cast<void*>(src)), n);
}

void host_cpu::read_block(std::uint64_t addr, void* dst, std::size_t n) {
    block(tlm::TLM_READ_COMMAND, addr, static_cast<unsigned char*>(dst), n);
}

void host_cpu::invalidate_direct_mem_ptr(sc_dt::uint64 start, sc_dt::uint64 end) {
    m_dmi.erase(std::remove_if(m_dmi.begin(), m_dmi.end(),
                               [&](const tlm::tlm_dmi& d) {
                                   return d.get_start_address() <= end && start <= d.get_end_address();
                               }),
                m_dmi.end());
}

bool host_cpu::wait_irq(unsigned line, std::uint64_t timeout_ns) {
    if (line >= irq.size())
        throw std::out_of_range(std::string(name()) + ": no interrupt line " + std::to_string(line));
    ++m_irq_waits;
    m_keeper.sync();
    if (!irq[line].read()) {
        sc_core::wait(sc_core::sc_time(static_cast<double>(timeout_ns), sc_core::SC_NS), irq[line].posedge_event());
        m_keeper.reset();
    }
    if (irq[line].read()) return true;
    ++m_irq_timeouts;
    return false;
}

void host_cpu::busy(std::uint64_t ns) {
    const sc_core::sc_time t(static_cast<double>(ns), sc_core::SC_NS);
    m_busy_time += t;
    m_keeper.inc(t);
    if (m_keeper.need_sync()) m_keeper.sync();
}

std::uint64_t host_cpu::now_ns() {
    return static_cast<std::uint64_t>(m_keeper.get_current_time() / sc_core::sc_time(1, sc_core::SC_NS));
}

void host_cpu::report_stats(nlohmann::json& out) const {
    out["register_reads"] = m_reads;
    out["register_writes"] = m_writes;
    out["block_bytes"] = m_block_bytes;
    out["irq_waits"] = m_irq_waits;
    out["irq_timeouts"] = m_irq_timeouts;
    out["busy_ns"] = m_busy_time / sc_core::sc_time(1, sc_core::SC_NS);
}

} // namespace vplab::hal
