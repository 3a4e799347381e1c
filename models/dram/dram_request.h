#pragma once

#include "dram/address_mapper.h"
#include "dram/dram_command.h"

#include <cstdint>

namespace vplab::dram {

// One burst waiting in a channel controller's queue.
struct dram_request {
    std::uint64_t id = 0;   // unique inside its controller
    std::uint64_t tag = 0;  // owner's cookie, returned with the completion
    dram_address addr;
    bool write = false;
    cycle_t arrival = 0;
    bool needed_pre = false;  // a precharge was issued for it: a row conflict
    bool needed_act = false;  // an activate was issued for it: a row miss (or conflict)
};

// A burst whose column command was issued; its data is on the bus until data_end.
struct dram_completion {
    std::uint64_t id = 0;
    std::uint64_t tag = 0;
    bool write = false;
    cycle_t arrival = 0;
    cycle_t data_end = 0;
};

} // namespace vplab::dram
