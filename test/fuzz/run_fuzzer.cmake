# Runs one libFuzzer binary for a bounded time on a fresh copy of its seed files.
# cmake -DFUZZER=bin -DSEEDS=glob[|glob...] -DWORK=dir -DSECONDS=n [-DDICT=file] -P run_fuzzer.cmake
# Fails (and names the crashing input, kept under WORK) when the fuzzer finds a problem.
file(REMOVE_RECURSE "${WORK}")
file(MAKE_DIRECTORY "${WORK}/corpus")
string(REPLACE "|" ";" globs "${SEEDS}")
file(GLOB seeds ${globs})
if(NOT seeds)
  message(FATAL_ERROR "no seed files match ${SEEDS}")
endif()
file(COPY ${seeds} DESTINATION "${WORK}/corpus")
set(dict_arg "")
if(DICT AND EXISTS "${DICT}")
  set(dict_arg "-dict=${DICT}")
endif()
execute_process(
  COMMAND "${FUZZER}" -max_total_time=${SECONDS} -timeout=10 -rss_limit_mb=2048
          -print_final_stats=1 -artifact_prefix=${WORK}/ ${dict_arg} "${WORK}/corpus"
  RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
  file(GLOB artifacts "${WORK}/crash-*" "${WORK}/leak-*" "${WORK}/timeout-*" "${WORK}/oom-*")
  message(FATAL_ERROR "fuzzer ${FUZZER} failed (exit ${rc}); inputs: ${artifacts}")
endif()
