# bench_spantrain_sim (simulated iterations per wall second, CEE testbed and 1,024 GPUs); included from
# testbenches/bench/CMakeLists.txt.
add_executable(bench_spantrain_sim EXCLUDE_FROM_ALL ${CMAKE_CURRENT_LIST_DIR}/bench_spantrain_sim.cpp)
target_link_libraries(bench_spantrain_sim PRIVATE vplab_runner vplab_platform_spantrain)
vplab_warnings(bench_spantrain_sim)
if(TARGET benchmarks)
  add_dependencies(benchmarks bench_spantrain_sim)
endif()
