/*
 * Subscription.ledger across a PostgreSQL restart (include/app/notify.h): the ledger listener
 * loses its connection, so commits made meanwhile cannot be seen; every ledger subscription
 * is then ended with an `error` (SERVICE_UNAVAILABLE) instead of silently missing lines, new
 * subscriptions are refused the same way until the listener is back (reconnecting with
 * backoff, walletd never restarts), and then they work again. A cluster of its own, since
 * the test stops it.
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

static struct wa_env env;
static struct wa_user alice;

static int
setup(void **state)
{
    (void)state;
    memset(&env, 0, sizeof(env));
    if (th_pg_create_own(&env.pg) != 0 || th_walletd_migrate(env.pg.url) != 0)
        return -1;
    const char *wenv[] = {"WALLET_JWT_SECRET=" WA_JWT_SECRET,
                          "WALLET_RATE_LIMIT_RPS=0",
                          "WALLET_LOGIN_ATTEMPTS_PER_MIN=0",
                          "WALLET_THREADS=8",
                          NULL};
    if (th_walletd_start(&env.wd, env.pg.url, wenv) != 0)
        return -1;
    env.port = env.wd.port;
    env.db = PQconnectdb(env.pg.url);
    if (PQstatus(env.db) != CONNECTION_OK)
        return -1;
    long admin = th_pg_create_user(&env.pg, "wsradmin", "ADMIN");
    if (admin <= 0)
        return -1;
    th_token(WA_JWT_SECRET, admin, "ADMIN", 3600, admin_token);
    return 0;
}

static int
teardown(void **state)
{
    (void)state;
    if (getenv("WALLET_TEST_KEEP_LOGS") == NULL)
        th_walletd_remove_log(&env.wd);
    return wa_stop(&env);
}

static void
user_registers(void **state)
{
    (void)state;
    wait_listener(env.port);
    wa_register(env.port, "wsralice", &alice);
    struct ws_conn c;
    open_as(&c, env.port, alice.access);
    subscribe_ledger(&c, "first");
    deposit(env.port, &alice, "1.00");
    json_t *m;
    json_t *line = expect_line(&c, "first", &m);
    assert_string_equal(str_at(line, "amount", NULL), "1.00");
    json_decref(m);
    ws_close_normal(&c);
    ws_free(&c);
}

/* A database restart: subscriptions are ended with an error, and work again afterwards. */
static void
database_restart_ends_then_recovers(void **state)
{
    (void)state;
    struct ws_conn c;
    open_as(&c, env.port, alice.access);
    subscribe_ledger(&c, "before");
    PQfinish(env.db);
    env.db = NULL;
    assert_int_equal(th_pg_stop(&env.pg), 0);
    json_t *m = ws_recv_json(&c, 20000);
    assert_non_null(m);
    assert_string_equal(ws_type(m), "error");
    assert_string_equal(json_string_value(json_object_get(m, "id")), "before");
    json_t *err = json_array_get(json_object_get(m, "payload"), 0);
    assert_string_equal(
        json_string_value(json_object_get(json_object_get(err, "extensions"), "code")),
        "SERVICE_UNAVAILABLE");
    json_decref(m);

    assert_int_equal(th_pg_start(&env.pg), 0);
    env.db = PQconnectdb(env.pg.url);
    assert_int_equal(PQstatus(env.db), CONNECTION_OK);
    /* Subscribe until the listener is back (refusals are `error` messages, not closes). */
    char id[16];
    long deadline = now_ms() + 30000;
    for (int i = 0;; i++) {
        snprintf(id, sizeof(id), "after%d", i);
        assert_int_equal(ws_subscribe(&c, id, LEDGER_QUERY, NULL), 0);
        assert_int_equal(ws_send_text(&c, "{\"type\":\"ping\"}"), 0);
        m = ws_recv_json(&c, 15000);
        assert_non_null(m);
        bool active = strcmp(ws_type(m), "pong") == 0;
        if (!active) {
            assert_string_equal(ws_type(m), "error");
            json_decref(m);
            m = ws_recv_json(&c, 15000); /* the pong */
            assert_non_null(m);
        }
        assert_string_equal(ws_type(m), "pong");
        json_decref(m);
        if (active)
            break;
        assert_true(now_ms() < deadline);
        sleep_ms(200);
    }
    deposit(env.port, &alice, "9.99");
    json_t *line = expect_line(&c, id, &m);
    assert_string_equal(str_at(line, "amount", NULL), "9.99");
    json_decref(m);
    assert_true(metric(env.port, "wallet_ledger_listener_losses_total") >= 1);
    ws_close_normal(&c);
    ws_free(&c);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(user_registers),
        cmocka_unit_test(database_restart_ends_then_recovers),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
