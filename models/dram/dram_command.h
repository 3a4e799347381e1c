#pragma once

#include <cstdint>

namespace vplab::dram {

// Commands on one channel's command bus. A precharge after a column command (closed / adaptive pages) is an
// auto-precharge: it is accounted like `pre` but does not occupy the command bus.
enum class dram_command : std::uint8_t { act, pre, prea, rd, wr, ref };

const char* to_string(dram_command c);

// Clock cycles, counted from time zero at the channel's clock.
using cycle_t = std::uint64_t;

} // namespace vplab::dram
