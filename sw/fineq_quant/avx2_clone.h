#pragma once
// FINEQ_AVX2_CLONE on a hot loop: on x86-64 the function is also compiled for AVX2 and the version is picked at load
// time. Results do not change: integer sums are exact in any order, the compiler keeps the order of every float
// operation, and AVX2 brings no FMA, so nothing is contracted; wider registers only hold more of the same independent
// lanes.

#if defined(__x86_64__) && defined(__GNUC__) && defined(__ELF__)
#define FINEQ_AVX2_CLONE __attribute__((target_clones("avx2", "default")))
#else
#define FINEQ_AVX2_CLONE
#endif
