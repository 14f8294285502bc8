/*
 * Driver of the ctest http.walletd_introspection (test/walletd_introspection.cmake; issue 3
 * "Done when": an introspection query answered by walletd is accepted by graphql-js
 * buildClientSchema). With the HTTP tests' harness (test/http/harness.c) it makes a database
 * in the test run's PostgreSQL cluster, starts walletd on a free port and waits for /health,
 * then runs test/js/walletd_introspection.mjs against it (through test/js/run.sh, which
 * installs the npm packages when they are missing), and stops walletd.
 *
 * Usage: walletd_introspection NODE NPM (environment as ctest sets it for the http label:
 * WALLET_SOURCE_DIR, WALLET_BUILD_DIR, WALLET_TEST_DATABASE_URL, PGSERVICEFILE).
 * Exit status: the node test's (0 pass, 1 fail), 1 when walletd cannot be started.
 */
#include "http/harness.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>

int
main(int argc, char **argv)
{
    const char *src = getenv("WALLET_SOURCE_DIR");
    if (argc != 3 || src == NULL || th_walletd_path() == NULL) {
        fprintf(stderr,
                "usage: walletd_introspection NODE NPM (with WALLET_SOURCE_DIR and "
                "WALLET_BUILD_DIR set, walletd built)\n");
        return 2;
    }
    if (strchr(src, '\'') != NULL || strchr(argv[1], '\'') != NULL ||
        strchr(argv[2], '\'') != NULL) {
        fprintf(stderr, "walletd_introspection: quotes in paths are not supported\n");
        return 2;
    }
    struct th_pg pg;
    struct th_walletd w;
    if (th_pg_create(&pg) != 0)
        return 1;
    if (th_walletd_start(&w, pg.url, NULL) != 0) {
        th_pg_destroy(&pg);
        return 1;
    }
    char cmd[4096];
    snprintf(cmd,
             sizeof cmd,
             "'%s/test/js/run.sh' '%s' '%s' '%s/test/js/walletd_introspection.mjs' "
             "--url http://127.0.0.1:%d/graphql --schema '%s/schema/schema.graphql'",
             src,
             argv[1],
             argv[2],
             src,
             w.port,
             src);
    int status = system(cmd);
    int rc = WIFEXITED(status) ? WEXITSTATUS(status) : 1;
    if (th_walletd_stop(&w, 15000) != 0 && rc == 0)
        rc = 1;
    if (rc == 0)
        th_walletd_remove_log(&w);
    else
        fprintf(stderr, "walletd's log: %s\n", w.log_path);
    th_pg_destroy(&pg);
    return rc;
}
