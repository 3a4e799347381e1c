# bench_dram: DRAM model speed (included from testbenches/bench/CMakeLists.txt).
add_executable(bench_dram EXCLUDE_FROM_ALL ${CMAKE_CURRENT_LIST_DIR}/bench_dram.cpp)
target_link_libraries(bench_dram PRIVATE vplab_platform_dram vplab_dram)
vplab_warnings(bench_dram)
if(TARGET benchmarks)
  add_dependencies(benchmarks bench_dram)
endif()
