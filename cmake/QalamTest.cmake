# The PostgreSQL server the tests share (tests/support/pg_server): started once per
# ctest run by the fixture "postgres", stopped after the last test that needs it. Its
# folder is outside the build tree so that the `postgres` user can enter it when the
# tests run as root.
string(MD5 qalam_pg_hash "${CMAKE_BINARY_DIR}")
string(SUBSTRING "${qalam_pg_hash}" 0 12 qalam_pg_hash)
set(QALAM_TEST_POSTGRES "/tmp/qalam-pg-${qalam_pg_hash}")
add_test(NAME postgres.start COMMAND ${CMAKE_SOURCE_DIR}/tests/support/pg_server start ${QALAM_TEST_POSTGRES})
set_tests_properties(postgres.start PROPERTIES FIXTURES_SETUP postgres LABELS "unit;integration")
add_test(NAME postgres.stop COMMAND ${CMAKE_SOURCE_DIR}/tests/support/pg_server stop ${QALAM_TEST_POSTGRES})
set_tests_properties(postgres.stop PROPERTIES FIXTURES_CLEANUP postgres LABELS "unit;integration")

# qalam_unit_test(NAME SOURCES... LIBS... [POSTGRES]) builds a GoogleTest binary from
# the *_test.cc files beside the code and registers each of its tests with CTest (label
# "unit"); POSTGRES: its tests need the shared PostgreSQL server.
function(qalam_unit_test name)
  cmake_parse_arguments(T "POSTGRES" "" "SOURCES;LIBS" ${ARGN})
  add_executable(${name} ${T_SOURCES})
  target_link_libraries(${name} PRIVATE ${T_LIBS} GTest::gtest GTest::gtest_main GTest::gmock)
  # Real files written elsewhere (../shared); QALAM_SHARED_DIR in the environment wins.
  target_compile_definitions(${name} PRIVATE QALAM_SHARED_DIR="${QALAM_SHARED_DIR}"
                                             QALAM_TEST_POSTGRES_DIR="${QALAM_TEST_POSTGRES}")
  set(fixture "")
  if(T_POSTGRES)
    set(fixture FIXTURES_REQUIRED postgres)
  endif()
  include(GoogleTest)
  gtest_discover_tests(${name}
    PROPERTIES LABELS unit ENVIRONMENT "QALAM_SHARED_DIR=${QALAM_SHARED_DIR}" ${fixture}
    DISCOVERY_TIMEOUT 30)
endfunction()
