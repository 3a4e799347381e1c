#pragma once
#include <runner/platform.h>

namespace vplab::platforms {

// Host CPU + router + DRAM + the FuseFPS accelerator: exact bucket-based farthest point sampling in three modes.
const platform_def& fusefps_platform();

} // namespace vplab::platforms
