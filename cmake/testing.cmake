# vplab_add_test(NAME SOURCES a.cpp b.cpp LIBS lib...)
# One executable per test folder; every Catch2 case becomes its own ctest entry and so its own process,
# because a SystemC kernel cannot be restarted inside a process.
function(vplab_add_test name)
  cmake_parse_arguments(T "" "" "SOURCES;LIBS" ${ARGN})
  add_executable(${name} ${T_SOURCES})
  target_link_libraries(${name} PRIVATE vplab_test_main ${T_LIBS})
  vplab_warnings(${name})
  catch_discover_tests(${name}
    WORKING_DIRECTORY ${PROJECT_SOURCE_DIR}
    PROPERTIES ENVIRONMENT "SYSTEMC_DISABLE_COPYRIGHT_MESSAGE=1;VPLAB_BUILD_DIR=${PROJECT_BINARY_DIR}"
    DISCOVERY_MODE PRE_TEST)
endfunction()
