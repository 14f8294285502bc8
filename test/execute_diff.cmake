# Differential test of execution against graphql-js (test/js/execute_diff.mjs): our
# `gql execute` and graphql-js `execute` must give the same responses on
# test/fixtures/execution/. Skipped (77) when node or test/js/node_modules is missing.
find_program(NODE_EXECUTABLE node)
if(NODE_EXECUTABLE AND TARGET gql)
  add_test(NAME js.execute_diff
    COMMAND ${NODE_EXECUTABLE} ${CMAKE_SOURCE_DIR}/test/js/execute_diff.mjs --gql $<TARGET_FILE:gql>)
  set_tests_properties(js.execute_diff PROPERTIES LABELS "unit;js" SKIP_RETURN_CODE 77 TIMEOUT 120)
endif()
