# wallet_flags: the warning and sanitizer flags every target of ours links privately.
add_library(wallet_flags INTERFACE)
target_compile_options(wallet_flags INTERFACE
  -Wall -Wextra -Wpedantic -Wshadow -Wformat=2 -Wstrict-prototypes -Wmissing-prototypes -Wvla
  $<$<BOOL:${WALLET_WERROR}>:-Werror>
  $<$<BOOL:${WALLET_SANITIZE}>:-fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all>)
target_link_options(wallet_flags INTERFACE
  $<$<BOOL:${WALLET_SANITIZE}>:-fsanitize=address,undefined>)
target_compile_definitions(wallet_flags INTERFACE _POSIX_C_SOURCE=200809L _DEFAULT_SOURCE)

# wallet_library(NAME DIR [DEPS...]): a static library of every .c under DIR (recursively).
# Globbing keeps module owners out of each other's CMake files; CONFIGURE_DEPENDS re-globs on build.
function(wallet_library name dir)
  file(GLOB_RECURSE srcs CONFIGURE_DEPENDS "${CMAKE_SOURCE_DIR}/${dir}/*.c")
  if(NOT srcs)   # a module not written yet: an empty interface so dependents still configure
    add_library(${name} INTERFACE)
    target_include_directories(${name} INTERFACE "${CMAKE_SOURCE_DIR}/include")
    target_link_libraries(${name} INTERFACE ${ARGN})
    return()
  endif()
  add_library(${name} STATIC ${srcs})
  target_include_directories(${name} PUBLIC "${CMAKE_SOURCE_DIR}/include" PRIVATE "${CMAKE_SOURCE_DIR}/${dir}")
  target_link_libraries(${name} PRIVATE wallet_flags PUBLIC ${ARGN})
endfunction()

# wallet_tests(DIR LABEL LIBS...): one ctest per DIR/test_*.c, named LABEL.<stem>.
function(wallet_tests dir label)
  file(GLOB tests CONFIGURE_DEPENDS "${CMAKE_SOURCE_DIR}/${dir}/test_*.c")
  foreach(src ${tests})
    get_filename_component(stem ${src} NAME_WE)
    string(REGEX REPLACE "^test_" "" short ${stem})
    add_executable(${stem} ${src})
    target_include_directories(${stem} PRIVATE "${CMAKE_SOURCE_DIR}/test")
    target_link_libraries(${stem} PRIVATE wallet_flags wallet_testsupport ${ARGN} PkgConfig::CMOCKA)
    add_test(NAME ${label}.${short} COMMAND ${stem})
    set_tests_properties(${label}.${short} PROPERTIES LABELS ${label}
      ENVIRONMENT "WALLET_SOURCE_DIR=${CMAKE_SOURCE_DIR};WALLET_BUILD_DIR=${CMAKE_BINARY_DIR}")
  endforeach()
endfunction()
