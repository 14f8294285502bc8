# Run as `cmake -DDIR=db/migrations -DOUT=migrations.c -P EmbedMigrations.cmake`: writes OUT
# defining the SQL migrations of DIR (*.sql, sorted by name) for src/db/migrate.c:
#   const char *const wallet_migration_names[], wallet_migration_sql[];
#   const unsigned long wallet_migration_len[], wallet_migration_count;
file(GLOB files RELATIVE "${DIR}" "${DIR}/*.sql")
list(SORT files)
set(out "/* Generated from the .sql files of ${DIR} by cmake/EmbedMigrations.cmake; do not edit. */\n")
set(names "")
set(sqls "")
set(lens "")
set(count 0)
foreach(f ${files})
  if(NOT f MATCHES "^[0-9]+_[A-Za-z0-9_.-]+\\.sql$")
    message(FATAL_ERROR "migration file name ${f} is not NNNN_description.sql")
  endif()
  file(READ "${DIR}/${f}" hex HEX)
  string(LENGTH "${hex}" hexlen)
  math(EXPR len "${hexlen} / 2")
  string(REGEX REPLACE "([0-9a-f][0-9a-f])" "0x\\1," bytes "${hex}")
  string(APPEND out "static const char migration_${count}[] = {${bytes}0x00};\n")
  string(APPEND names "\"${f}\", ")
  string(APPEND sqls "migration_${count}, ")
  string(APPEND lens "${len}UL, ")
  math(EXPR count "${count} + 1")
endforeach()
if(count EQUAL 0)
  set(names "0")
  set(sqls "0")
  set(lens "0")
endif()
string(APPEND out "const char *const wallet_migration_names[] = {${names}};\n"
  "const char *const wallet_migration_sql[] = {${sqls}};\n"
  "const unsigned long wallet_migration_len[] = {${lens}};\n"
  "const unsigned long wallet_migration_count = ${count};\n")
file(WRITE "${OUT}" "${out}")
