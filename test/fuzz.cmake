# libFuzzer targets (test/fuzz/), built when WALLET_FUZZ is ON; configure with CC=clang:
#   CC=clang cmake -S . -B build-fuzz -DWALLET_FUZZ=ON && cmake --build build-fuzz -j2
#   cd build-fuzz && ctest -L fuzz --output-on-failure
# Each target compiles its harness plus the engine sources it needs directly with
# -fsanitize=fuzzer,address,undefined and gets a ctest fuzz.<name> (label fuzz) that fuzzes a
# fresh copy of its seed files for WALLET_FUZZ_SECONDS seconds, with the dictionary
# test/fuzz/<name>.dict, or else test/fuzz/graphql.dict.
# Add a target with: wallet_fuzz_target(<name> <harness.c> <engine sources...> [SEEDS <globs...>]),
# passing ${WALLET_FUZZ_LANGUAGE_SRCS} (lexer, parser, printer, visitor, errors + core) or
# ${WALLET_FUZZ_ENGINE_SRCS} (all of src/gql + core). SEEDS defaults to
# test/fuzz/corpus/<name>/*; test fixtures can seed a target directly instead of being copied.
# The binary is fuzz_<name>; a crash leaves its input under <build>/fuzz/<name>/.
if(NOT WALLET_FUZZ)
  return()
endif()
if(NOT CMAKE_C_COMPILER_ID MATCHES "Clang")
  message(FATAL_ERROR "WALLET_FUZZ=ON needs clang (libFuzzer): configure with CC=clang")
endif()

set(WALLET_FUZZ_SECONDS 60 CACHE STRING "Seconds each fuzz.* test fuzzes")
file(GLOB WALLET_FUZZ_CORE_SRCS CONFIGURE_DEPENDS "${CMAKE_SOURCE_DIR}/src/core/*.c")
file(GLOB WALLET_FUZZ_LANGUAGE_SRCS CONFIGURE_DEPENDS "${CMAKE_SOURCE_DIR}/src/gql/language/*.c")
list(APPEND WALLET_FUZZ_LANGUAGE_SRCS "${CMAKE_SOURCE_DIR}/src/gql/error.c" ${WALLET_FUZZ_CORE_SRCS})
file(GLOB_RECURSE WALLET_FUZZ_ENGINE_SRCS CONFIGURE_DEPENDS "${CMAKE_SOURCE_DIR}/src/gql/*.c")
list(APPEND WALLET_FUZZ_ENGINE_SRCS ${WALLET_FUZZ_CORE_SRCS})

function(wallet_fuzz_target name src)
  cmake_parse_arguments(arg "" "" "SEEDS" ${ARGN})
  set(seeds "${CMAKE_SOURCE_DIR}/test/fuzz/corpus/${name}/*")
  if(arg_SEEDS)
    set(seeds ${arg_SEEDS})
  endif()
  string(REPLACE ";" "|" seeds "${seeds}")
  set(target fuzz_${name})
  add_executable(${target} ${src} ${arg_UNPARSED_ARGUMENTS})
  target_include_directories(${target} PRIVATE "${CMAKE_SOURCE_DIR}/include"
    "${CMAKE_SOURCE_DIR}/src/gql")
  target_compile_options(${target} PRIVATE -g -O1 -fno-omit-frame-pointer
    -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=undefined)
  target_link_options(${target} PRIVATE -fsanitize=fuzzer,address,undefined)
  target_link_libraries(${target} PRIVATE wallet_flags Threads::Threads)
  set(work "${CMAKE_BINARY_DIR}/fuzz/${name}")
  set(dict "${CMAKE_SOURCE_DIR}/test/fuzz/${name}.dict")
  if(NOT EXISTS "${dict}")
    set(dict "${CMAKE_SOURCE_DIR}/test/fuzz/graphql.dict")
  endif()
  add_test(NAME fuzz.${name}
    COMMAND ${CMAKE_COMMAND} -DFUZZER=$<TARGET_FILE:${target}>
            "-DSEEDS=${seeds}" -DWORK=${work}
            -DSECONDS=${WALLET_FUZZ_SECONDS} -DDICT=${dict} -P ${CMAKE_SOURCE_DIR}/test/fuzz/run_fuzzer.cmake)
  math(EXPR timeout "${WALLET_FUZZ_SECONDS} + 120")
  set_tests_properties(fuzz.${name} PROPERTIES LABELS fuzz TIMEOUT ${timeout})
endfunction()

wallet_fuzz_target(parse "${CMAKE_SOURCE_DIR}/test/fuzz/fuzz_parse.c" ${WALLET_FUZZ_LANGUAGE_SRCS}
  SEEDS "${CMAKE_SOURCE_DIR}/test/fuzz/corpus/parse/*"
        "${CMAKE_SOURCE_DIR}/test/fixtures/language/*.graphql")
# The validate target starts from the wallet documents of the validation corpus (checked
# against graphql-js by js.validate_diff).
wallet_fuzz_target(validate "${CMAKE_SOURCE_DIR}/test/fuzz/fuzz_validate.c" ${WALLET_FUZZ_ENGINE_SRCS}
  SEEDS "${CMAKE_SOURCE_DIR}/test/fixtures/validation/corpus/wallet_*.graphql")
target_link_libraries(fuzz_validate PRIVATE wallet_schema) # the embedded schema/schema.graphql
