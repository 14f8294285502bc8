/*
 * Subscription.ledger over WebSocket (schema: "Each ledger line of the signed-in user's
 * accounts, as it is committed"; contract §4 "Several processes"): two walletd processes on
 * one PostgreSQL, users registered over HTTP, money moved with deposit and transfer over
 * HTTP, and the lines arriving as `next` messages on sockets of either process.
 *
 * Each check relies on order, not on time: a ping answered after a subscribe proves the
 * subscription is active (messages of a socket are handled in order), every HTTP mutation
 * has committed when it answers, and notifications arrive in commit order. So "alice did not
 * get carol's line" is checked by the first line alice gets being her own later one.
 * A database restart is in test_ws_restart.c (it needs a cluster of its own).
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

static struct wa_env env; /* PostgreSQL + walletd A */
static struct th_walletd wd_b;
static struct wa_user alice, bob, carol;

static int
setup(void **state)
{
    (void)state;
    const char *extra[] = {"WALLET_TRANSFER_VELOCITY=0", "WALLET_THREADS=8", NULL};
    if (wa_start(&env, extra) != 0)
        return -1;
    const char *env_b[] = {"WALLET_JWT_SECRET=" WA_JWT_SECRET,
                           "WALLET_RATE_LIMIT_RPS=0",
                           "WALLET_LOGIN_ATTEMPTS_PER_MIN=0",
                           "WALLET_TRANSFER_VELOCITY=0",
                           "WALLET_THREADS=8",
                           NULL};
    if (th_walletd_start(&wd_b, env.pg.url, env_b) != 0)
        return -1;
    long admin = th_pg_create_user(&env.pg, "wsadmin", "ADMIN");
    if (admin <= 0)
        return -1;
    th_token(WA_JWT_SECRET, admin, "ADMIN", 3600, admin_token);
    return 0;
}

static int
teardown(void **state)
{
    (void)state;
    int rc = th_walletd_stop(&wd_b, 15000);
    if (getenv("WALLET_TEST_KEEP_LOGS") == NULL) {
        th_walletd_remove_log(&wd_b);
        th_walletd_remove_log(&env.wd);
    }
    return wa_stop(&env) == 0 && rc == 0 ? 0 : -1;
}

/*---------------------------------------------------------------------------------------------
 * Tests
 *-------------------------------------------------------------------------------------------*/

static void
users_register(void **state)
{
    (void)state;
    wait_listener(env.port);
    wait_listener(wd_b.port);
    wa_register(env.port, "wsalice", &alice);
    wa_register(env.port, "wsbob", &bob);
    wa_register(wd_b.port, "wscarol", &carol);
    assert_true(alice.account[0] && bob.account[0] && carol.account[0]);
}

/* A deposit made through the same process arrives with the client's whole selection. */
static void
deposit_is_delivered(void **state)
{
    (void)state;
    struct ws_conn c;
    open_as(&c, env.port, alice.access);
    subscribe_ledger(&c, "L");
    deposit(env.port, &alice, "100.00");
    json_t *m;
    json_t *line = expect_line(&c, "L", &m);
    assert_string_equal(str_at(line, "amount", NULL), "100.00");
    assert_string_equal(str_at(line, "balanceAfter", NULL), "100.00");
    assert_non_null(str_at(line, "id", NULL));
    assert_non_null(str_at(line, "at", NULL));
    json_t *t = json_object_get(line, "transfer");
    assert_string_equal(str_at(t, "kind", NULL), "DEPOSIT");
    assert_string_equal(str_at(t, "status", NULL), "COMPLETED");
    assert_string_equal(str_at(t, "amount", NULL), "100.00");
    assert_string_equal(str_at(t, "to", "username"), "wsalice");
    assert_true(json_is_null(json_object_get(t, "from")));
    assert_non_null(strstr(str_at(t, "reference", NULL), "TX-"));
    /* Exactly the selection asked for: nothing else. */
    assert_int_equal(json_object_size(line), 5);
    json_decref(m);
    ws_close_normal(&c);
    ws_free(&c);
}

/* Money moved through walletd B reaches sockets of walletd A, and B's own. */
static void
commits_of_another_process_are_delivered(void **state)
{
    (void)state;
    struct ws_conn a, b;
    open_as(&a, env.port, alice.access);
    subscribe_ledger(&a, "alice");
    open_as(&b, wd_b.port, bob.access);
    subscribe_ledger(&b, "bob");

    deposit(wd_b.port, &bob, "50.00");
    transfer(wd_b.port, &bob, &alice, "20.00");

    json_t *m;
    json_t *line = expect_line(&b, "bob", &m);
    assert_string_equal(str_at(line, "amount", NULL), "50.00");
    json_decref(m);
    line = expect_line(&b, "bob", &m);
    assert_string_equal(str_at(line, "amount", NULL), "-20.00");
    assert_string_equal(str_at(line, "balanceAfter", NULL), "30.00");
    json_decref(m);

    line = expect_line(&a, "alice", &m); /* bob's deposit is not alice's */
    assert_string_equal(str_at(line, "amount", NULL), "20.00");
    assert_string_equal(str_at(line, "balanceAfter", NULL), "120.00");
    json_t *t = json_object_get(line, "transfer");
    assert_string_equal(str_at(t, "kind", NULL), "TRANSFER");
    assert_string_equal(str_at(t, "from", "username"), "wsbob");
    assert_string_equal(str_at(t, "to", "username"), "wsalice");
    json_decref(m);
    ws_close_normal(&a);
    ws_free(&a);
    ws_close_normal(&b);
    ws_free(&b);
}

/* Another user's lines never reach a subscriber, even when announced to its process. */
static void
other_users_lines_are_not_delivered(void **state)
{
    (void)state;
    struct ws_conn a, cs;
    open_as(&a, env.port, alice.access);
    subscribe_ledger(&a, "alice");
    open_as(&cs, wd_b.port, carol.access); /* carol has a subscriber: her lines are announced */
    subscribe_ledger(&cs, "carol");

    deposit(env.port, &carol, "7.77");
    transfer(env.port, &bob, &carol, "1.00");
    json_t *m;
    json_t *line = expect_line(&cs, "carol", &m);
    assert_string_equal(str_at(line, "amount", NULL), "7.77");
    json_decref(m);
    line = expect_line(&cs, "carol", &m);
    assert_string_equal(str_at(line, "amount", NULL), "1.00");
    json_decref(m);

    /*
     * A forged notification naming alice as the owner of carol's line: the fan-out passes it
     * to alice's socket, and loading the line with alice's visibility refuses it.
     */
    char sql[256];
    long carol_entry = atol(wa_sql_value(&env,
                                         "SELECT max(e.id) FROM ledger_entries e JOIN accounts a "
                                         "ON a.id = e.account_id JOIN users u ON u.id = a.user_id "
                                         "WHERE u.username = 'wscarol'"));
    long alice_id = atol(wa_sql_value(&env, "SELECT id FROM users WHERE username = 'wsalice'"));
    snprintf(sql,
             sizeof(sql),
             "SELECT pg_notify('wallet_ledger', '{\"entry\": %ld, \"account\": 1, \"user\": %ld, "
             "\"transfer\": 1}')",
             carol_entry,
             alice_id);
    wa_sql(&env, sql);

    deposit(env.port, &alice, "3.33");
    line = expect_line(&a, "alice", &m); /* the first line alice sees is her own */
    assert_string_equal(str_at(line, "amount", NULL), "3.33");
    json_decref(m);
    ws_close_normal(&a);
    ws_free(&a);
    ws_close_normal(&cs);
    ws_free(&cs);
}

/* complete from the client stops that subscription only. */
static void
complete_stops_delivery(void **state)
{
    (void)state;
    struct ws_conn c;
    open_as(&c, env.port, alice.access);
    subscribe_ledger(&c, "one");
    subscribe_ledger(&c, "two");
    assert_int_equal(ws_send_text(&c, "{\"type\":\"complete\",\"id\":\"one\"}"), 0);
    sync_ping(&c);
    deposit(env.port, &alice, "2.22");
    deposit(env.port, &alice, "4.44");
    json_t *m;
    json_t *line = expect_line(&c, "two", &m);
    assert_string_equal(str_at(line, "amount", NULL), "2.22");
    json_decref(m);
    line = expect_line(&c, "two", &m); /* nothing for "one" came in between */
    assert_string_equal(str_at(line, "amount", NULL), "4.44");
    json_decref(m);
    /* The id can be used again. */
    subscribe_ledger(&c, "one");
    ws_close_normal(&c);
    ws_free(&c);
}

static void
metrics_count_subscriptions_and_deliveries(void **state)
{
    (void)state;
    struct ws_conn c;
    open_as(&c, env.port, alice.access);
    subscribe_ledger(&c, "m1");
    subscribe_ledger(&c, "m2");
    assert_int_equal(metric(env.port, "wallet_ws_subscriptions"), 2);
    assert_int_equal(metric(env.port, "wallet_ws_connections"), 1);
    assert_true(metric(env.port, "wallet_ws_events_delivered_total") >= 5);
    assert_true(metric(wd_b.port, "wallet_ledger_notifications_total") >= 5);
    ws_close_normal(&c);
    ws_free(&c);
    long deadline = now_ms() + 10000;
    while (metric(env.port, "wallet_ws_subscriptions") != 0 && now_ms() < deadline)
        sleep_ms(20);
    assert_int_equal(metric(env.port, "wallet_ws_subscriptions"), 0);
    /* No subscriber left anywhere: nothing is announced any more. */
    deadline = now_ms() + 10000;
    while (atol(wa_sql_value(&env, "SELECT count(*) FROM ledger_subscribers")) != 0 &&
           now_ms() < deadline)
        sleep_ms(20);
    assert_string_equal(wa_sql_value(&env, "SELECT count(*) FROM ledger_subscribers"), "0");
}

/* A token revoked after the socket was opened stops delivery: the socket closes with 4403. */
static void
revoked_token_closes_the_socket(void **state)
{
    (void)state;
    json_t *login = wa_login(env.port, "wsalice", WA_PASSWORD);
    WA_ASSERT_OK(login);
    struct wa_user fresh;
    memset(&fresh, 0, sizeof(fresh));
    wa_user_from_payload(wa_data(login, "login"), &fresh);
    json_decref(login);

    struct ws_conn c;
    open_as(&c, env.port, fresh.access);
    subscribe_ledger(&c, "L");
    json_decref(mutate(env.port,
                       fresh.access,
                       "mutation($r:String!){logout(refreshToken:$r)}",
                       json_pack("{s:s}", "r", fresh.refresh)));
    deposit(env.port, &alice, "5.55");
    int code = ws_wait_close(&c, 15000);
    assert_int_equal(code, 4403);
    assert_string_equal(c.close_reason, "Forbidden");
    ws_close_normal(&c);
    ws_free(&c);
}

static void
logs_hold_no_tokens(void **state)
{
    (void)state;
    const struct th_walletd *procs[] = {&env.wd, &wd_b};
    const char *tokens[] = {alice.access, bob.access, carol.access, admin_token};
    for (size_t p = 0; p < 2; p++) {
        char *log = th_walletd_log(procs[p]);
        for (size_t i = 0; i < sizeof(tokens) / sizeof(tokens[0]); i++) {
            const char *sig = strrchr(tokens[i], '.');
            assert_non_null(sig);
            assert_null(strstr(log, sig + 1));
        }
        assert_null(strstr(log, "balanceAfter")); /* no query text either */
        free(log);
    }
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(users_register),
        cmocka_unit_test(deposit_is_delivered),
        cmocka_unit_test(commits_of_another_process_are_delivered),
        cmocka_unit_test(other_users_lines_are_not_delivered),
        cmocka_unit_test(complete_stops_delivery),
        cmocka_unit_test(metrics_count_subscriptions_and_deliveries),
        cmocka_unit_test(revoked_token_closes_the_socket),
        cmocka_unit_test(logs_hold_no_tokens),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
