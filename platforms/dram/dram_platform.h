#pragma once
// The DRAM platform: a traffic generator driving one dram_memory, for bandwidth, latency and energy studies.

#include "runner/platform.h"

namespace vplab::platforms {

const platform_def& dram_platform();

} // namespace vplab::platforms
