#pragma once
// The registers of one peripheral, decoded by offset in constant time, with the TLM access rules:
// an offset no register starts at answers an address error; a disallowed access, a width other than the
// register's, byte enables or streaming answer a command error. Nothing here aborts the simulation.

#include "reg.h"

#include <ostream>
#include <systemc>
#include <tlm>
#include <vector>

namespace vplab::core {

class register_bank {
public:
    void add(reg& r);  // called by reg's constructor; throws std::logic_error on an overlap

    // Executes a bus access. `delay` is the initiator's annotated time; a sync register waits it out first.
    void transport(tlm::tlm_generic_payload& trans, sc_core::sc_time& delay);
    // Debug access: reads without side effects, writes refused; returns the bytes transferred.
    unsigned transport_dbg(tlm::tlm_generic_payload& trans) const;

    void reset();
    const reg* find(std::uint64_t offset) const;
    // Registers in offset order.
    std::vector<const reg*> sorted() const;
    // A datasheet-style table of every register and field, addresses offset by `base`.
    void print(std::ostream& os, std::uint64_t base) const;

private:
    std::vector<reg*> m_regs;
    std::vector<reg*> m_by_word;  // index: offset / 4; 64-bit registers occupy two slots
};

} // namespace vplab::core
