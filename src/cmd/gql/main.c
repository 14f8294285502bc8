/*
 * The `gql` command-line tool: checks GraphQL documents in CI (parse, validate against a
 * schema) and executes them over a JSON root value (issue 3). This file only dispatches to
 * the subcommands declared in commands.h.
 */
#include "commands.h"

#include <stdio.h>
#include <string.h>

static void
usage(FILE *out)
{
    fputs("usage: gql parse DOC.graphql\n"
          "       gql validate SCHEMA.graphql DOC.graphql\n"
          "       gql execute SCHEMA.graphql DOC.graphql --root ROOT.json"
          " [--variables VARS.json] [--operation NAME]\n",
          out);
}

int
main(int argc, char **argv)
{
    if (argc < 2) {
        usage(stderr);
        return 2;
    }
    const char *cmd = argv[1];
    if (strcmp(cmd, "parse") == 0)
        return gql_cmd_parse(argc - 1, argv + 1);
    if (strcmp(cmd, "validate") == 0)
        return gql_cmd_validate(argc - 1, argv + 1);
    if (strcmp(cmd, "execute") == 0)
        return gql_cmd_execute(argc - 1, argv + 1);
    if (strcmp(cmd, "-h") == 0 || strcmp(cmd, "--help") == 0 || strcmp(cmd, "help") == 0) {
        usage(stdout);
        return 0;
    }
    fprintf(stderr, "gql: unknown command \"%s\"\n", cmd);
    usage(stderr);
    return 2;
}
