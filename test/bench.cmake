# Benchmarks (programs, not tests): test/bench/run.sh builds and runs them in Release.
# bench_gql: parse + validate + execute of the dashboard document (see test/bench/bench_gql.c).
add_executable(bench_gql EXCLUDE_FROM_ALL "${CMAKE_SOURCE_DIR}/test/bench/bench_gql.c")
target_link_libraries(bench_gql PRIVATE wallet_flags wallet_gql wallet_core PkgConfig::JANSSON)
target_compile_definitions(bench_gql PRIVATE WALLET_SOURCE_DIR="${CMAKE_SOURCE_DIR}")
set_target_properties(bench_gql PROPERTIES RUNTIME_OUTPUT_DIRECTORY "${CMAKE_BINARY_DIR}/bench")
