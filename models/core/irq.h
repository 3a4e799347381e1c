#pragma once
// An interrupt line. A device drives it both from register callbacks (which run in the initiator's thread
// during b_transport) and from its own worker thread, so the signal must accept several writer processes.

#include <systemc>

namespace vplab::core {

using irq_line = sc_core::sc_signal<bool, sc_core::SC_MANY_WRITERS>;

} // namespace vplab::core
