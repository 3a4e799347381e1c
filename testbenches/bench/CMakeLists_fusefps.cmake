# bench_fps_sw (golden FPS speed) and bench_fps_sim (the platform against native FuseFPS);
# included from testbenches/bench/CMakeLists.txt.
add_executable(bench_fps_sw EXCLUDE_FROM_ALL ${CMAKE_CURRENT_LIST_DIR}/bench_fps_sw.cpp)
target_link_libraries(bench_fps_sw PRIVATE vplab_fps vplab_pointcloud nlohmann_json::nlohmann_json)
vplab_warnings(bench_fps_sw)
add_executable(bench_fps_sim EXCLUDE_FROM_ALL ${CMAKE_CURRENT_LIST_DIR}/bench_fps_sim.cpp)
target_link_libraries(bench_fps_sim PRIVATE vplab_runner vplab_platform_fusefps)
vplab_warnings(bench_fps_sim)
if(TARGET benchmarks)
  add_dependencies(benchmarks bench_fps_sw bench_fps_sim)
endif()
