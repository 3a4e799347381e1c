# bench_fineq_quant (FineQ encode/decode throughput) and bench_fineq_sim (the fineq platform against a native INT8
# GEMM); included from testbenches/bench/CMakeLists.txt.
add_executable(bench_fineq_quant EXCLUDE_FROM_ALL ${CMAKE_CURRENT_LIST_DIR}/bench_fineq_quant.cpp)
target_link_libraries(bench_fineq_quant PRIVATE vplab_fineq_quant)
vplab_warnings(bench_fineq_quant)
add_executable(bench_fineq_sim EXCLUDE_FROM_ALL ${CMAKE_CURRENT_LIST_DIR}/bench_fineq_sim.cpp)
target_link_libraries(bench_fineq_sim PRIVATE vplab_runner vplab_platform_fineq)
vplab_warnings(bench_fineq_sim)
if(TARGET benchmarks)
  add_dependencies(benchmarks bench_fineq_quant bench_fineq_sim)
endif()
