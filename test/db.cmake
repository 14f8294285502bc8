# The throwaway PostgreSQL cluster of one test run (scripts/pg-local.sh), shared by every test
# labelled db or http: db.cluster_start (FIXTURES_SETUP) starts it in the build directory on a
# free loopback port before the first of them, db.cluster_stop (FIXTURES_CLEANUP) stops and
# deletes it after the last. Two test runs (other build directories) or a running dev server
# never collide.
#
# Tests reach it through WALLET_TEST_DATABASE_URL=service=wallet with PGSERVICEFILE pointing at
# the service file the start writes (the port is only known then); the plain URL is also in
# ${CMAKE_BINARY_DIR}/test-pg/database_url. test/support/testdb.h gives each test a database
# of its own in it.
set(WALLET_TEST_PG_DIR "${CMAKE_BINARY_DIR}/test-pg")

add_test(NAME db.cluster_start
  COMMAND "${CMAKE_SOURCE_DIR}/scripts/pg-local.sh" start "${WALLET_TEST_PG_DIR}" auto)
set_tests_properties(db.cluster_start PROPERTIES
  FIXTURES_SETUP wallet_pg
  LABELS db
  TIMEOUT 180
  ENVIRONMENT "PG_LOCAL_FSYNC=off")

add_test(NAME db.cluster_stop
  COMMAND "${CMAKE_SOURCE_DIR}/scripts/pg-local.sh" destroy "${WALLET_TEST_PG_DIR}")
set_tests_properties(db.cluster_stop PROPERTIES
  FIXTURES_CLEANUP wallet_pg
  LABELS db
  TIMEOUT 120)

# Runs once every test of this directory is registered (other fragments included): each test
# labelled db or http requires the cluster and gets its connection settings.
function(wallet_require_test_cluster)
  get_property(tests DIRECTORY "${CMAKE_CURRENT_SOURCE_DIR}" PROPERTY TESTS)
  foreach(t IN LISTS tests)
    if(t STREQUAL "db.cluster_start" OR t STREQUAL "db.cluster_stop")
      continue()
    endif()
    get_test_property(${t} LABELS labels)
    if(labels MATCHES "(^|;)(db|http)(;|$)")
      set_property(TEST ${t} APPEND PROPERTY FIXTURES_REQUIRED wallet_pg)
      set_property(TEST ${t} APPEND PROPERTY ENVIRONMENT
        "WALLET_TEST_DATABASE_URL=service=wallet"
        "PGSERVICEFILE=${WALLET_TEST_PG_DIR}/pg_service.conf")
    endif()
  endforeach()
endfunction()
cmake_language(DEFER CALL wallet_require_test_cluster)
