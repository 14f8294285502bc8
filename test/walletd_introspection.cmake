# http.walletd_introspection (label http;js): issue 3's "an introspection query answered by
# walletd is accepted by graphql-js buildClientSchema". The driver test/tools/
# walletd_introspection.c uses the HTTP tests' harness to make a database in the test run's
# PostgreSQL cluster (the wallet_pg fixture of test/db.cmake, added for the http label) and
# start walletd on a free port, waits for /health, then runs test/js/walletd_introspection.mjs
# against it through test/js/run.sh (npm ci when test/js/node_modules is missing; the shared
# RESOURCE_LOCK of the node tests).
include("${CMAKE_CURRENT_LIST_DIR}/js.cmake") # wallet_js_test's WALLET_NODE / WALLET_NPM
if(NOT TARGET walletd OR NOT WALLET_NODE OR NOT WALLET_NPM)
  message(STATUS "http.walletd_introspection not registered: needs walletd, node and npm")
  return()
endif()

add_executable(walletd_introspection "${CMAKE_SOURCE_DIR}/test/tools/walletd_introspection.c"
  "${CMAKE_SOURCE_DIR}/test/http/harness.c")
target_include_directories(walletd_introspection PRIVATE "${CMAKE_SOURCE_DIR}/test")
target_link_libraries(walletd_introspection PRIVATE wallet_flags wallet_crypto wallet_core)
add_dependencies(walletd_introspection walletd)

add_test(NAME http.walletd_introspection
  COMMAND walletd_introspection ${WALLET_NODE} ${WALLET_NPM})
set_tests_properties(http.walletd_introspection PROPERTIES LABELS "http;js" TIMEOUT 300
  RESOURCE_LOCK test_js_node_modules
  ENVIRONMENT "WALLET_SOURCE_DIR=${CMAKE_SOURCE_DIR};WALLET_BUILD_DIR=${CMAKE_BINARY_DIR}")
