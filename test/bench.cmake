# Benchmarks (programs, not tests; built with everything so they keep compiling):
# test/bench/run.sh builds them in Release and runs them.
# bench_gql: parse + validate + execute of the dashboard document (see test/bench/bench_gql.c).
add_executable(bench_gql "${CMAKE_SOURCE_DIR}/test/bench/bench_gql.c")
target_link_libraries(bench_gql PRIVATE wallet_flags wallet_gql wallet_core PkgConfig::JANSSON)
target_compile_definitions(bench_gql PRIVATE WALLET_SOURCE_DIR="${CMAKE_SOURCE_DIR}")
target_include_directories(bench_gql PRIVATE "${CMAKE_SOURCE_DIR}/test/unit") # gql_test_util.h
set_target_properties(bench_gql PROPERTIES RUNTIME_OUTPUT_DIRECTORY "${CMAKE_BINARY_DIR}/bench")
