# The money tests over HTTP (transfers, idempotency, history) share test/http/money_client.c:
# users, accounts and tokens made directly, GraphQL answers parsed with jansson, the ledger's
# invariants checked in SQL. Each test starts its own PostgreSQL and walletd (harness.c).
file(GLOB WALLET_MONEY_HTTP_TESTS CONFIGURE_DEPENDS
  "${CMAKE_SOURCE_DIR}/test/http/test_transfer*.c"
  "${CMAKE_SOURCE_DIR}/test/http/test_idempotency*.c"
  "${CMAKE_SOURCE_DIR}/test/http/test_history*.c")
foreach(src ${WALLET_MONEY_HTTP_TESTS})
  get_filename_component(stem ${src} NAME_WE)
  target_sources(${stem} PRIVATE "${CMAKE_SOURCE_DIR}/test/http/money_client.c")
  target_link_libraries(${stem} PRIVATE PkgConfig::JANSSON)
endforeach()
