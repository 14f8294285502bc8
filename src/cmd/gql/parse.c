/* `gql parse`: placeholder until the parse phase lands; reports itself as not implemented. */
#include "commands.h"

#include <stdio.h>

int
gql_cmd_parse(int argc, char **argv)
{
    (void)argc;
    (void)argv;
    fputs("gql parse: not implemented\n", stderr);
    return 2;
}
