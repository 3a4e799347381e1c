#pragma once
#include <runner/platform.h>

namespace vplab::platforms {

// Host CPU + router + RAM + the DMA-copy device: the reference platform that proves the whole path.
const platform_def& demo_platform();

} // namespace vplab::platforms
