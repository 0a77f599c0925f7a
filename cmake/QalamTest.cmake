# qalam_unit_test(NAME SOURCES... LIBS...) builds a GoogleTest binary from the *_test.cc
# files beside the code and registers each of its tests with CTest (label "unit").
function(qalam_unit_test name)
  cmake_parse_arguments(T "" "" "SOURCES;LIBS" ${ARGN})
  add_executable(${name} ${T_SOURCES})
  target_link_libraries(${name} PRIVATE ${T_LIBS} GTest::gtest GTest::gtest_main GTest::gmock)
  # Real files written elsewhere (../shared); QALAM_SHARED_DIR in the environment wins.
  target_compile_definitions(${name} PRIVATE QALAM_SHARED_DIR="${QALAM_SHARED_DIR}")
  include(GoogleTest)
  gtest_discover_tests(${name}
    PROPERTIES LABELS unit ENVIRONMENT "QALAM_SHARED_DIR=${QALAM_SHARED_DIR}"
    DISCOVERY_TIMEOUT 30)
endfunction()
