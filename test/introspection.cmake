# Introspection checked by graphql-js (issue 3: "an introspection query answered by our engine is
# accepted by graphql-js buildClientSchema"): gql_introspect runs graphql-js's full introspection
# query through our parser, validator and executor; test/js/introspection.mjs feeds the answer to
# buildClientSchema and compares it with graphql-js's own. Needs node and `npm ci` in test/js
# (the test reports itself skipped when the npm packages are missing).
add_executable(gql_introspect "${CMAKE_SOURCE_DIR}/test/tools/gql_introspect.c")
target_link_libraries(gql_introspect PRIVATE wallet_flags wallet_gql wallet_core PkgConfig::JANSSON)
target_include_directories(gql_introspect PRIVATE "${CMAKE_SOURCE_DIR}/test/unit") # gql_test_util.h

find_program(WALLET_NODE node)
if(WALLET_NODE)
  add_test(NAME js.introspection
    COMMAND ${WALLET_NODE} "${CMAKE_SOURCE_DIR}/test/js/introspection.mjs"
            $<TARGET_FILE:gql_introspect> "${CMAKE_SOURCE_DIR}")
  set_tests_properties(js.introspection PROPERTIES LABELS "unit;js" SKIP_RETURN_CODE 77
    ENVIRONMENT "WALLET_SOURCE_DIR=${CMAKE_SOURCE_DIR}")
endif()
