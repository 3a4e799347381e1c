#pragma once
#include <runner/platform.h>

namespace vplab::platforms {

// Host CPU + the GPU fabric (devices, links, fluctuation, faults) + the SpanTrain runtime or a baseline.
const platform_def& spantrain_platform();

} // namespace vplab::platforms
