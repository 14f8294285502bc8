/*
 * Subcommands of the `gql` command-line tool (issue 3): each takes the arguments after its
 * own name (argv[0] is the subcommand name) and returns the process exit status:
 * 0 success, 1 the document has errors, 2 usage or file error.
 */
#ifndef WALLET_CMD_GQL_COMMANDS_H
#define WALLET_CMD_GQL_COMMANDS_H

#include "core/arena.h"
#include "gql/error.h"
#include "gql/schema.h"

#include <stddef.h>

/* gql parse DOC.graphql: syntax check; errors as "DOC.graphql:LINE:COLUMN: message". */
int gql_cmd_parse(int argc, char **argv);

/* gql validate SCHEMA.graphql DOC.graphql: prints {"errors":[...]}. */
int gql_cmd_validate(int argc, char **argv);

/* gql execute SCHEMA.graphql DOC.graphql --root ROOT.json [--variables V.json] [--operation N]. */
int gql_cmd_execute(int argc, char **argv);

/* Shared helpers (common.c). */

/* The whole file as a malloc'd NUL-terminated buffer of *len bytes, or NULL with errno set. */
char *gql_cmd_read_file(const char *path, size_t *len);

/* Prints each error as "path:LINE:COLUMN: message" (or "path: message") on stderr. */
void gql_cmd_print_located(const char *path, const struct gql_error_list *errors);

/*
 * Builds the schema in the SDL file at path into arena. On failure prints why on stderr
 * ("gql cmd: cannot read ..." or the located schema errors) and returns NULL.
 */
struct gql_schema *gql_cmd_load_schema(struct arena *arena, const char *cmd, const char *path);

#endif
