# bench_transfer: transfers/s of the ledger's C function against pgbench running the same SQL
# on the same throwaway cluster (issue 5 "Speed by design"). A program, not a ctest; built
# with everything so it keeps compiling. Run: build/bench/bench_transfer [--seconds S]
# (build in Release for real numbers; needs walletd built and pgbench).
add_executable(bench_transfer "${CMAKE_SOURCE_DIR}/test/bench/bench_transfer.c"
  "${CMAKE_SOURCE_DIR}/test/http/harness.c")
target_include_directories(bench_transfer PRIVATE "${CMAKE_SOURCE_DIR}/test")
target_link_libraries(bench_transfer PRIVATE wallet_flags wallet_app wallet_db wallet_crypto
  wallet_gql wallet_core PostgreSQL::PostgreSQL Threads::Threads)
target_compile_definitions(bench_transfer PRIVATE WALLET_BUILD_DIR="${CMAKE_BINARY_DIR}")
set_target_properties(bench_transfer PROPERTIES RUNTIME_OUTPUT_DIRECTORY "${CMAKE_BINARY_DIR}/bench")
if(TARGET walletd)
  add_dependencies(bench_transfer walletd)
endif()
