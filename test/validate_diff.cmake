# Differential test of `gql validate` against graphql-js (test/js/validate_diff.mjs), registered
# as ctest js.validate_diff. Installs test/js's pinned npm packages first when they are missing
# (a fresh CI machine); the npm registry must be reachable then.
find_program(WALLET_NODE node)
find_program(WALLET_NPM npm)
if(TARGET gql AND WALLET_NODE AND WALLET_NPM)
  add_test(NAME js.validate_diff
    COMMAND sh -c "test -d \"$0/test/js/node_modules/graphql\" || \"$1\" ci --prefix \"$0/test/js\" --no-audit --no-fund >&2 || exit 1; exec \"$2\" \"$0/test/js/validate_diff.mjs\" \"$3\" \"$0\""
            ${CMAKE_SOURCE_DIR} ${WALLET_NPM} ${WALLET_NODE} $<TARGET_FILE:gql>)
  # npm ci replaces test/js/node_modules: node tests that share it take this lock.
  set_tests_properties(js.validate_diff PROPERTIES LABELS js RESOURCE_LOCK test_js_node_modules
    TIMEOUT 300)
else()
  message(STATUS "js.validate_diff not registered: needs the gql tool, node and npm")
endif()
