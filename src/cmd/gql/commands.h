/*
 * Subcommands of the `gql` command-line tool (issue 3): each takes the arguments after its
 * own name (argv[0] is the subcommand name) and returns the process exit status:
 * 0 success, 1 the document has errors, 2 usage or file error.
 */
#ifndef WALLET_CMD_GQL_COMMANDS_H
#define WALLET_CMD_GQL_COMMANDS_H

/* gql parse DOC.graphql: syntax check; errors as "DOC.graphql:LINE:COLUMN: message". */
int gql_cmd_parse(int argc, char **argv);

/* gql validate SCHEMA.graphql DOC.graphql: prints {"errors":[...]}. */
int gql_cmd_validate(int argc, char **argv);

/* gql execute SCHEMA.graphql DOC.graphql --root ROOT.json [--variables V.json] [--operation N]. */
int gql_cmd_execute(int argc, char **argv);

#endif
