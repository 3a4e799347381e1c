#pragma once
// FINEQ_MODEL_AVX2_CLONE on a hot loop of the model: on x86-64 the function is also compiled for AVX2 and the version
// is picked at load time. Results do not change: integer sums are exact in any order, and the compiler keeps the
// order of float operations (AVX2 brings no FMA, so nothing is contracted). The golden library has its own copy of
// this switch (sw/fineq_quant/avx2_clone.h) so that the model does not depend on it.

#if defined(__x86_64__) && defined(__GNUC__) && defined(__ELF__)
#define FINEQ_MODEL_AVX2_CLONE __attribute__((target_clones("avx2", "default")))
#else
#define FINEQ_MODEL_AVX2_CLONE
#endif
