# The GraphQL-over-WebSocket tests (test/http/test_ws*.c) share test/http/ws_client.c, a
# synchronous WebSocket client on raw sockets; each test starts its own PostgreSQL and
# walletd processes through the shared harness (harness.c, added by http.cmake).
file(GLOB WALLET_WS_HTTP_TESTS CONFIGURE_DEPENDS "${CMAKE_SOURCE_DIR}/test/http/test_ws*.c")
foreach(src ${WALLET_WS_HTTP_TESTS})
  get_filename_component(stem ${src} NAME_WE)
  target_sources(${stem} PRIVATE "${CMAKE_SOURCE_DIR}/test/http/ws_client.c")
  target_link_libraries(${stem} PRIVATE PkgConfig::JANSSON)
endforeach()
# The graphql-ws client interop test needs node and web/node_modules: skipped (77) without.
if(TEST http.ws_interop)
  set_tests_properties(http.ws_interop PROPERTIES SKIP_RETURN_CODE 77 LABELS "http;js")
endif()
