# HTTP tests (label http): each test/http/test_*.c starts its own throwaway PostgreSQL and a
# real walletd child process through the shared harness (test/http/harness.c), so they need
# walletd built first and may run in parallel with each other.
file(GLOB WALLET_HTTP_TESTS CONFIGURE_DEPENDS "${CMAKE_SOURCE_DIR}/test/http/test_*.c")
foreach(src ${WALLET_HTTP_TESTS})
  get_filename_component(stem ${src} NAME_WE)
  string(REGEX REPLACE "^test_" "" short ${stem})
  target_sources(${stem} PRIVATE "${CMAKE_SOURCE_DIR}/test/http/harness.c")
  if(TARGET walletd)
    add_dependencies(${stem} walletd)
  endif()
  set_property(TEST http.${short} PROPERTY TIMEOUT 600)
endforeach()
# The graphql-http audit suite needs node and test/js/node_modules (npm ci --prefix test/js);
# without them the test reports itself skipped.
if(TEST http.graphql_http_audit)
  set_tests_properties(http.graphql_http_audit PROPERTIES SKIP_RETURN_CODE 77 LABELS "http;js")
endif()
