#pragma once
#include <runner/platform.h>

namespace vplab::platforms {

// Host CPU + router + an l1agg GPU: GPU cores whose L1s are private, address-sliced or joined by an aggregated
// tag array (ATA), a cluster crossbar, L2 slices and DRAM.
const platform_def& l1agg_platform();

} // namespace vplab::platforms
