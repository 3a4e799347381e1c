# bench_l1agg_sim: l1agg model speed against a native LRU loop (included from testbenches/bench/CMakeLists.txt).
add_executable(bench_l1agg_sim EXCLUDE_FROM_ALL ${CMAKE_CURRENT_LIST_DIR}/bench_l1agg_sim.cpp)
target_link_libraries(bench_l1agg_sim PRIVATE vplab_l1agg nlohmann_json::nlohmann_json)
target_include_directories(bench_l1agg_sim PRIVATE ${CMAKE_CURRENT_LIST_DIR})
vplab_warnings(bench_l1agg_sim)
if(TARGET benchmarks)
  add_dependencies(benchmarks bench_l1agg_sim)
endif()
