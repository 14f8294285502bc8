/* `gql validate`: placeholder until the validate phase lands; reports itself as not implemented. */
#include "commands.h"

#include <stdio.h>

int
gql_cmd_validate(int argc, char **argv)
{
    (void)argc;
    (void)argv;
    fputs("gql validate: not implemented\n", stderr);
    return 2;
}
