#pragma once
#include <runner/platform.h>

namespace vplab::platforms {

// Host CPU + router + RAM + the FineQ GEMM accelerator (2/3-bit cluster weights, temporal-coded systolic array).
const platform_def& fineq_platform();

} // namespace vplab::platforms
