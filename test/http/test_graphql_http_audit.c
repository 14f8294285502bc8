/*
 * graphql-http's audit suite (npm graphql-http, serverAudits) against a real walletd over a
 * throwaway PostgreSQL: test/js/graphql_http_audit.mjs must report every MUST and SHOULD
 * audit passed (and the MAY audits too). Exit 77 (skipped) when node or test/js/node_modules
 * is missing.
 */
#include "http/harness.h"

#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>

int
main(void)
{
    const char *src = getenv("WALLET_SOURCE_DIR");
    if (th_walletd_path() == NULL || src == NULL) {
        fprintf(stderr, "walletd is not built or WALLET_SOURCE_DIR is not set\n");
        return 1;
    }
    if (system("node --version >/dev/null 2>&1") != 0) {
        fprintf(stderr, "SKIP: node is not installed\n");
        return 77;
    }
    struct th_pg pg;
    struct th_walletd w;
    if (th_pg_create(&pg) != 0)
        return 1;
    /* The audits send dozens of requests in a burst: no rate limit here. */
    const char *env[] = {"WALLET_RATE_LIMIT_RPS=0", NULL};
    if (th_walletd_start(&w, pg.url, env) != 0) {
        th_pg_destroy(&pg);
        return 1;
    }
    char cmd[2048];
    snprintf(cmd,
             sizeof(cmd),
             "node '%s/test/js/graphql_http_audit.mjs' --url http://127.0.0.1:%d/graphql",
             src,
             w.port);
    int status = system(cmd);
    int rc = WIFEXITED(status) ? WEXITSTATUS(status) : 1;
    if (th_walletd_stop(&w, 15000) != 0 && rc == 0)
        rc = 1;
    if (rc == 0)
        th_walletd_remove_log(&w);
    th_pg_destroy(&pg);
    return rc;
}
