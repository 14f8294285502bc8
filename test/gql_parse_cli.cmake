# Command-line tests of `gql parse` (src/cmd/gql/parse.c): exit status 0 / 1 / 2 and the
# FILE:LINE:COLUMN: message format. Label: unit (no database, no network).
if(NOT TARGET gql)
  return()
endif()
set(lang "${CMAKE_SOURCE_DIR}/test/fixtures/language")
set(run "${CMAKE_SOURCE_DIR}/test/cli/run_cli.cmake")

function(gql_cli_test name rc)
  cmake_parse_arguments(arg "" "STDERR;STDOUT_FILE" "CMD" ${ARGN})
  set(defs -DRC=${rc})
  if(DEFINED arg_STDERR)
    list(APPEND defs "-DSTDERR=${arg_STDERR}")
  endif()
  if(DEFINED arg_STDOUT_FILE)
    list(APPEND defs "-DSTDOUT_FILE=${arg_STDOUT_FILE}")
  endif()
  string(REPLACE ";" "|" cmd "$<TARGET_FILE:gql>;${arg_CMD}")
  add_test(NAME cli.${name} COMMAND ${CMAKE_COMMAND} "-DCMD=${cmd}" ${defs} -P ${run})
  set_tests_properties(cli.${name} PROPERTIES LABELS unit)
endfunction()

gql_cli_test(parse_valid 0 CMD parse ${lang}/kitchen_sink.graphql ${lang}/kitchen_sink_schema.graphql
  STDERR "")
gql_cli_test(parse_syntax_error 1 CMD parse ${lang}/bad_number.graphql
  STDERR "${lang}/bad_number.graphql:2:9: Syntax Error: Invalid number, expected digit but got: \"x\".")
gql_cli_test(parse_missing_file 2 CMD parse ${lang}/does_not_exist.graphql)
gql_cli_test(parse_usage 2 CMD parse)
gql_cli_test(parse_bad_option 2 CMD parse --frobnicate ${lang}/kitchen_sink.graphql)
gql_cli_test(parse_print 0 CMD parse --print ${lang}/kitchen_sink.graphql
  STDOUT_FILE ${lang}/kitchen_sink.printed.graphql)
gql_cli_test(unknown_command 2 CMD frobnicate)
