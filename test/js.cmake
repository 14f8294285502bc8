# Node tests of the GraphQL engine against graphql-js (npm `graphql`, pinned in
# test/js/package.json), label js (and unit: no database, no network once the packages are
# installed). Each runs through test/js/run.sh, which runs `npm ci` in test/js first when
# node_modules is missing (a fresh CI machine: the npm registry must then be reachable);
# they share RESOURCE_LOCK test_js_node_modules so two of them never run npm ci at once.
#   js.introspection   our introspection of three schemas equals graphql-js's, and
#                      buildClientSchema accepts it (test/js/introspection.mjs, with the
#                      test program gql_introspect)
#   js.execute_diff    `gql execute` vs graphql-js execute on test/fixtures/execution/
#   js.validate_diff   `gql validate` vs graphql-js validate on test/fixtures/validation/corpus/
# wallet_js_test(NAME SCRIPT [ARGS...]) registers another one (see walletd_introspection.cmake).
include_guard(GLOBAL)

# gql_introspect: runs a query against a schema through our parser, validator and executor.
add_executable(gql_introspect "${CMAKE_SOURCE_DIR}/test/tools/gql_introspect.c")
target_link_libraries(gql_introspect PRIVATE wallet_flags wallet_gql wallet_core PkgConfig::JANSSON)
target_include_directories(gql_introspect PRIVATE "${CMAKE_SOURCE_DIR}/test/unit") # gql_test_util.h

find_program(WALLET_NODE node)
find_program(WALLET_NPM npm)

function(wallet_js_test name script)
  if(NOT WALLET_NODE OR NOT WALLET_NPM)
    message(STATUS "${name} not registered: needs node and npm")
    return()
  endif()
  add_test(NAME ${name}
    COMMAND "${CMAKE_SOURCE_DIR}/test/js/run.sh" ${WALLET_NODE} ${WALLET_NPM}
            "${CMAKE_SOURCE_DIR}/test/js/${script}" ${ARGN})
  set_tests_properties(${name} PROPERTIES LABELS "unit;js" RESOURCE_LOCK test_js_node_modules
    TIMEOUT 300 ENVIRONMENT "WALLET_SOURCE_DIR=${CMAKE_SOURCE_DIR}")
endfunction()

wallet_js_test(js.introspection introspection.mjs $<TARGET_FILE:gql_introspect> "${CMAKE_SOURCE_DIR}")
if(TARGET gql)
  wallet_js_test(js.execute_diff execute_diff.mjs --gql $<TARGET_FILE:gql>)
  wallet_js_test(js.validate_diff validate_diff.mjs $<TARGET_FILE:gql> "${CMAKE_SOURCE_DIR}")
endif()

# graphql-http's audit (test/http/test_graphql_http_audit.c, the HTTP tests' own) reads the
# same node_modules: it takes the lock too, so it never runs while npm ci replaces them.
if(TEST http.graphql_http_audit)
  set_property(TEST http.graphql_http_audit APPEND PROPERTY RESOURCE_LOCK test_js_node_modules)
endif()
