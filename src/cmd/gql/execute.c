/* `gql execute`: placeholder until the execute phase lands; reports itself as not implemented. */
#include "commands.h"

#include <stdio.h>

int
gql_cmd_execute(int argc, char **argv)
{
    (void)argc;
    (void)argv;
    fputs("gql execute: not implemented\n", stderr);
    return 2;
}
