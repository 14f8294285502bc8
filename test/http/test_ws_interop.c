/*
 * Interoperability with the graphql-ws library's own client (the reference implementation of
 * graphql-transport-ws, used by the dashboard's GraphiQL): test/js/graphql_ws_interop.mjs run
 * with node against a real walletd and PostgreSQL must pass every check. The client comes
 * from web/node_modules (the dashboard's dependency; WALLET_GRAPHQL_WS_CLIENT may name
 * another dist/client.js). Exit 77 (skipped) without node 20+ or the library.
 */
/* cmocka.h needs these system headers before it. */
/* clang-format off */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
/* clang-format on */

#include "http/ws_test.h"

#include <sys/wait.h>
#include <unistd.h>

static char client_path[1024];

static void
graphql_ws_client_interoperates(void **state)
{
    (void)state;
    struct wa_env env;
    assert_int_equal(wa_start(&env, NULL), 0);
    wait_listener(env.port);
    struct wa_user u;
    wa_register(env.port, "wsjsuser", &u);
    long admin = th_pg_create_user(&env.pg, "wsjsadmin", "ADMIN");
    assert_true(admin > 0);
    th_token(WA_JWT_SECRET, admin, "ADMIN", 3600, admin_token);

    char cmd[8192];
    snprintf(cmd,
             sizeof(cmd),
             "node --experimental-websocket --no-warnings '%s/test/js/graphql_ws_interop.mjs' "
             "--url ws://127.0.0.1:%d/graphql --token '%s' --admin '%s' --account '%s' "
             "--client '%s'",
             getenv("WALLET_SOURCE_DIR"),
             env.port,
             u.access,
             admin_token,
             u.account,
             client_path);
    int status = system(cmd);
    assert_true(WIFEXITED(status));
    assert_int_equal(WEXITSTATUS(status), 0);
    th_walletd_remove_log(&env.wd);
    assert_int_equal(wa_stop(&env), 0);
}

int
main(void)
{
    const char *src = getenv("WALLET_SOURCE_DIR");
    if (src == NULL || th_walletd_path() == NULL) {
        fprintf(stderr, "walletd is not built or WALLET_SOURCE_DIR is not set\n");
        return 1;
    }
    const char *own = getenv("WALLET_GRAPHQL_WS_CLIENT");
    if (own != NULL && *own)
        snprintf(client_path, sizeof(client_path), "%s", own);
    else
        snprintf(
            client_path, sizeof(client_path), "%s/web/node_modules/graphql-ws/dist/client.js", src);
    if (access(client_path, R_OK) != 0) {
        fprintf(stderr, "SKIP: no graphql-ws client at %s (npm ci --prefix web)\n", client_path);
        return 77;
    }
    if (system("node --experimental-websocket --no-warnings -e "
               "\"process.exit(typeof WebSocket === 'function' ? 0 : 1)\" >/dev/null 2>&1") != 0) {
        fprintf(stderr, "SKIP: node with a WebSocket client (20+) is not installed\n");
        return 77;
    }
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(graphql_ws_client_interoperates),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
