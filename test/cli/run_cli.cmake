# Runs one command-line check:
#   cmake -DCMD=<arguments separated by |> -DRC=<expected exit status>
#         [-DSTDERR=<exact expected stderr, without the final newline; empty = no output>]
#         [-DSTDOUT_FILE=<file whose content stdout must equal>] -P run_cli.cmake
string(REPLACE "|" ";" cmd "${CMD}")
execute_process(COMMAND ${cmd} RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
if(NOT rc STREQUAL RC)
  message(FATAL_ERROR "exit status ${rc}, expected ${RC}\nstdout: ${out}\nstderr: ${err}")
endif()
if(DEFINED STDERR)
  set(want "${STDERR}\n")
  if(STDERR STREQUAL "")
    set(want "")
  endif()
  if(NOT err STREQUAL want)
    message(FATAL_ERROR "stderr:\n${err}\nexpected:\n${want}")
  endif()
endif()
if(DEFINED STDOUT_FILE)
  file(READ "${STDOUT_FILE}" want)
  if(NOT out STREQUAL want)
    message(FATAL_ERROR "stdout:\n${out}\nexpected (${STDOUT_FILE}):\n${want}")
  endif()
endif()
