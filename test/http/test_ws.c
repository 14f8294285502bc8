/*
 * GraphQL over WebSocket, the protocol (contract §2; include/http/graphql_ws.h): the
 * graphql-transport-ws handshake and every close code graphql-ws defines, ping/pong,
 * single-result queries, refused mutations, GraphQL errors as `error` messages, reassembled
 * fragments, and the limits (message size, subscriptions per socket, sockets per process,
 * rate limit on subscribe), against a real walletd and PostgreSQL. Ledger delivery is in
 * test_ws_ledger.c.
 */
/* cmocka.h needs these system headers before it. */
/* clang-format off */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
/* clang-format on */

#include "crypto/jwt.h"
#include "http/harness.h"
#include "http/ws_client.h"

#include <jansson.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define SECRET "ws-tests-secret-0123456789abcdef0123456789"

static struct th_pg pg;
static struct th_walletd wd;
static struct th_walletd extra; /* a second walletd some tests start (stopped by teardown too) */
static long alice_id;
static char alice_auth[JWT_MAX_TOKEN + 16]; /* "Bearer <token>" */
static char alice_token[JWT_MAX_TOKEN];

static long
now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1000L + ts.tv_nsec / 1000000L;
}

static void
sleep_ms(int ms)
{
    struct timespec ts = {ms / 1000, (long)(ms % 1000) * 1000000L};
    nanosleep(&ts, NULL);
}

/* GET /metrics and find "name value" (the line's value), or -1. */
static long
metric(int port, const char *name)
{
    struct th_response r;
    if (th_request(port, "GET", "/metrics", NULL, NULL, 0, &r) != 0)
        return -1;
    long v = -1;
    char needle[128];
    snprintf(needle, sizeof(needle), "\n%s ", name);
    const char *p = strstr(r.body, needle);
    if (p != NULL)
        v = strtol(p + strlen(needle), NULL, 10);
    th_response_free(&r);
    return v;
}

/* The ledger listener connects in the background: wait until it LISTENs (bounded). */
static void
wait_listener(int port)
{
    long deadline = now_ms() + 15000;
    while (metric(port, "wallet_ledger_listener_up") != 1) {
        if (now_ms() > deadline)
            fail_msg("the ledger listener never came up");
        sleep_ms(50);
    }
}

static int
setup(void **state)
{
    (void)state;
    if (th_pg_create(&pg) != 0 || th_walletd_migrate(pg.url) != 0)
        return -1;
    const char *env[] = {"WALLET_JWT_SECRET=" SECRET,
                         "WALLET_RATE_LIMIT_RPS=0",
                         "WALLET_LOGIN_ATTEMPTS_PER_MIN=0",
                         "WALLET_THREADS=8",
                         NULL};
    if (th_walletd_start(&wd, pg.url, env) != 0)
        return -1;
    alice_id = th_pg_create_user(&pg, "wsalice", "USER");
    if (alice_id <= 0)
        return -1;
    th_token(SECRET, alice_id, "USER", 900, alice_token);
    snprintf(alice_auth, sizeof(alice_auth), "Bearer %s", alice_token);
    return 0;
}

static int
teardown(void **state)
{
    (void)state;
    if (wd.pid > 0)
        th_walletd_stop(&wd, 15000);
    if (extra.pid > 0) { /* a test failed with it running */
        th_walletd_stop(&extra, 15000);
        th_walletd_remove_log(&extra);
    }
    if (getenv("WALLET_TEST_KEEP_LOGS") == NULL)
        th_walletd_remove_log(&wd);
    else
        fprintf(stderr, "walletd log kept: %s\n", wd.log_path);
    th_pg_destroy(&pg);
    return 0;
}

/* Opens a graphql-transport-ws socket (fails the test unless upgraded). */
static void
open_ws(struct ws_conn *c)
{
    assert_int_equal(ws_open(c, wd.port, "/graphql", "graphql-transport-ws"), 0);
    assert_int_equal(c->status, 101);
    assert_string_equal(c->protocol, "graphql-transport-ws");
}

/* Opens a socket and completes connection_init / connection_ack as alice. */
static void
open_acked(struct ws_conn *c)
{
    open_ws(c);
    assert_int_equal(ws_init(c, alice_auth), 0);
    json_t *ack = ws_recv_json(c, 10000);
    assert_non_null(ack);
    assert_string_equal(ws_type(ack), "connection_ack");
    json_decref(ack);
}

static void
done(struct ws_conn *c)
{
    ws_close_normal(c);
    ws_free(c);
}

/* Expects the server to close with code (reason checked when not NULL). */
static void
expect_close(struct ws_conn *c, int code, const char *reason)
{
    int got = ws_wait_close(c, 10000);
    if (got != code)
        fail_msg("expected close %d, got %d (%s)", code, got, c->close_reason);
    if (reason != NULL)
        assert_string_equal(c->close_reason, reason);
}

/* Sends a ping and expects the pong: every message before it has been handled. */
static void
sync_ping(struct ws_conn *c)
{
    assert_int_equal(ws_send_text(c, "{\"type\":\"ping\"}"), 0);
    json_t *m = ws_recv_json(c, 10000);
    assert_non_null(m);
    assert_string_equal(ws_type(m), "pong");
    json_decref(m);
}

/* Reads the next message and checks its type and id. */
static json_t *
expect_msg(struct ws_conn *c, const char *type, const char *id)
{
    json_t *m = ws_recv_json(c, 10000);
    if (m == NULL)
        fail_msg("no %s message (close %d %s)", type, c->close_code, c->close_reason);
    if (strcmp(ws_type(m), type) != 0) {
        char *d = json_dumps(m, JSON_COMPACT);
        fail_msg("expected %s, got %s", type, d);
    }
    if (id != NULL)
        assert_string_equal(json_string_value(json_object_get(m, "id")), id);
    return m;
}

/* The code of the first GraphQL error of an `error` message's payload. */
static const char *
error_code(json_t *m)
{
    json_t *e = json_array_get(json_object_get(m, "payload"), 0);
    return json_string_value(json_object_get(json_object_get(e, "extensions"), "code"));
}

/*---------------------------------------------------------------------------------------------
 * Handshake and connection_init
 *-------------------------------------------------------------------------------------------*/

static void
handshake_ack_ping_pong(void **state)
{
    (void)state;
    wait_listener(wd.port);
    struct ws_conn c;
    open_acked(&c);
    /* A ping's payload comes back in the pong. */
    assert_int_equal(ws_send_text(&c, "{\"type\":\"ping\",\"payload\":{\"n\":7}}"), 0);
    json_t *pong = expect_msg(&c, "pong", NULL);
    assert_int_equal(json_integer_value(json_object_get(json_object_get(pong, "payload"), "n")), 7);
    json_decref(pong);
    /* Pongs are not answered; an unknown complete id is ignored. */
    assert_int_equal(ws_send_text(&c, "{\"type\":\"pong\"}"), 0);
    assert_int_equal(ws_send_text(&c, "{\"type\":\"complete\",\"id\":\"nobody\"}"), 0);
    sync_ping(&c);
    done(&c);
}

static void
no_subprotocol_is_closed_4406(void **state)
{
    (void)state;
    struct ws_conn c;
    assert_int_equal(ws_open(&c, wd.port, "/graphql", NULL), 0);
    assert_int_equal(c.status, 101);
    expect_close(&c, 4406, "Subprotocol not acceptable");
    done(&c);

    /* Offering only another protocol: no protocol chosen, the same close. */
    assert_int_equal(ws_open(&c, wd.port, "/graphql", "graphql-ws"), 0);
    assert_int_equal(c.status, 101);
    assert_string_equal(c.protocol, "");
    expect_close(&c, 4406, NULL);
    done(&c);

    /* Other paths have no WebSocket endpoint. */
    assert_int_equal(ws_open(&c, wd.port, "/graphql/other", "graphql-transport-ws"), 0);
    assert_int_equal(c.status, 404);
    ws_free(&c);
}

static void
no_init_is_closed_4408(void **state)
{
    (void)state;
    struct ws_conn c;
    open_ws(&c);
    long t0 = now_ms();
    expect_close(&c, 4408, "Connection initialisation timeout");
    assert_true(now_ms() - t0 >= 2000); /* after the 3 s wait, not at once */
    done(&c);
}

static void
bad_tokens_are_closed_4403(void **state)
{
    (void)state;
    char expired[JWT_MAX_TOKEN], expired_auth[JWT_MAX_TOKEN + 16];
    th_token(SECRET, alice_id, "USER", -60, expired);
    snprintf(expired_auth, sizeof(expired_auth), "Bearer %s", expired);
    char other_key[JWT_MAX_TOKEN], other_auth[JWT_MAX_TOKEN + 16];
    th_token("another-secret-0123456789abcdef0123456789", alice_id, "USER", 900, other_key);
    snprintf(other_auth, sizeof(other_auth), "Bearer %s", other_key);
    char unknown[JWT_MAX_TOKEN], unknown_auth[JWT_MAX_TOKEN + 16];
    th_token(SECRET, 999999, "USER", 900, unknown);
    snprintf(unknown_auth, sizeof(unknown_auth), "Bearer %s", unknown);
    const char *cases[] = {"Bearer not-a-jwt", expired_auth, other_auth, unknown_auth, alice_token};
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        struct ws_conn c;
        open_ws(&c);
        assert_int_equal(ws_init(&c, cases[i]), 0);
        expect_close(&c, 4403, "Forbidden");
        done(&c);
    }
    /* No authorization at all, and one that is not a string. */
    struct ws_conn c;
    open_ws(&c);
    assert_int_equal(ws_init(&c, NULL), 0);
    expect_close(&c, 4403, "Forbidden");
    done(&c);
    open_ws(&c);
    assert_int_equal(
        ws_send_text(&c, "{\"type\":\"connection_init\",\"payload\":{\"authorization\":42}}"), 0);
    expect_close(&c, 4403, "Forbidden");
    done(&c);
}

static void
subscribe_before_ack_is_closed_4401(void **state)
{
    (void)state;
    struct ws_conn c;
    open_ws(&c);
    assert_int_equal(ws_subscribe(&c, "1", "{ me { id } }", NULL), 0);
    expect_close(&c, 4401, "Unauthorized");
    done(&c);
}

static void
second_init_is_closed_4429(void **state)
{
    (void)state;
    struct ws_conn c;
    open_acked(&c);
    assert_int_equal(ws_init(&c, alice_auth), 0);
    expect_close(&c, 4429, "Too many initialisation requests");
    done(&c);
}

static void
invalid_messages_are_closed_4400(void **state)
{
    (void)state;
    const char *texts[] = {
        "not json",
        "[1,2]",
        "{\"type\":\"hello\"}",
        "{\"payload\":{}}",
        "{\"type\":\"subscribe\",\"id\":\"\",\"payload\":{\"query\":\"{me{id}}\"}}",
        "{\"type\":\"subscribe\",\"id\":\"1\",\"payload\":{\"query\":7}}",
        "{\"type\":\"subscribe\",\"id\":\"1\",\"payload\":{\"query\":\"{me{id}}\",\"variables\":[]}"
        "}",
        "{\"type\":\"complete\"}",
        "{\"type\":\"ping\",\"payload\":\"x\"}",
        "{\"type\":\"next\",\"id\":\"1\",\"payload\":{}}",
        "{\"type\":\"connection_ack\"}",
        "{\"type\":\"ping\",\"type\":\"pong\"}",
    };
    for (size_t i = 0; i < sizeof(texts) / sizeof(texts[0]); i++) {
        struct ws_conn c;
        open_acked(&c);
        assert_int_equal(ws_send_text(&c, texts[i]), 0);
        int code = ws_wait_close(&c, 10000);
        if (code != 4400)
            fail_msg("%s: expected 4400, got %d", texts[i], code);
        done(&c);
    }
    /* A binary frame is no graphql-transport-ws message either. */
    struct ws_conn c;
    open_acked(&c);
    assert_int_equal(ws_send_frame(&c, 2, true, "{}", 2), 0);
    expect_close(&c, 4400, NULL);
    done(&c);
}

static void
duplicate_id_is_closed_4409(void **state)
{
    (void)state;
    struct ws_conn c;
    open_acked(&c);
    assert_int_equal(ws_subscribe(&c, "dup", "subscription { ledger { id } }", NULL), 0);
    sync_ping(&c); /* no error: the subscription is active */
    assert_int_equal(ws_subscribe(&c, "dup", "subscription { ledger { id } }", NULL), 0);
    expect_close(&c, 4409, "Subscriber for dup already exists");
    done(&c);
}

/*---------------------------------------------------------------------------------------------
 * Operations
 *-------------------------------------------------------------------------------------------*/

static void
query_gets_next_then_complete(void **state)
{
    (void)state;
    struct ws_conn c;
    open_acked(&c);
    assert_int_equal(ws_subscribe(&c, "q1", "query Me { me { username role } }", NULL), 0);
    json_t *next = expect_msg(&c, "next", "q1");
    json_t *me = json_object_get(json_object_get(json_object_get(next, "payload"), "data"), "me");
    assert_string_equal(json_string_value(json_object_get(me, "username")), "wsalice");
    assert_string_equal(json_string_value(json_object_get(me, "role")), "USER");
    json_decref(next);
    json_decref(expect_msg(&c, "complete", "q1"));

    /* The id is free again once the query completed. */
    assert_int_equal(ws_subscribe(&c, "q1", "{ __typename }", NULL), 0);
    json_decref(expect_msg(&c, "next", "q1"));
    json_decref(expect_msg(&c, "complete", "q1"));
    done(&c);
}

static void
errors_are_error_messages(void **state)
{
    (void)state;
    struct ws_conn c;
    open_acked(&c);

    assert_int_equal(ws_subscribe(&c, "m", "mutation { logout(refreshToken: \"x\") }", NULL), 0);
    json_t *m = expect_msg(&c, "error", "m");
    assert_string_equal(error_code(m), "BAD_USER_INPUT");
    json_decref(m);

    assert_int_equal(ws_subscribe(&c, "p", "subscription { ledger {", NULL), 0);
    m = expect_msg(&c, "error", "p");
    assert_string_equal(error_code(m), "GRAPHQL_PARSE_FAILED");
    assert_non_null(json_object_get(json_array_get(json_object_get(m, "payload"), 0), "locations"));
    json_decref(m);

    assert_int_equal(ws_subscribe(&c, "v", "subscription { ledger { nope } }", NULL), 0);
    m = expect_msg(&c, "error", "v");
    assert_string_equal(error_code(m), "GRAPHQL_VALIDATION_FAILED");
    json_decref(m);

    /* Two root fields in a subscription: the spec's single-root-field rule. */
    assert_int_equal(
        ws_subscribe(&c, "two", "subscription { a: ledger { id } b: ledger { id } }", NULL), 0);
    m = expect_msg(&c, "error", "two");
    assert_string_equal(error_code(m), "GRAPHQL_VALIDATION_FAILED");
    json_decref(m);

    /* Contract §3 limits apply as over HTTP: 14 levels of selection. */
    const char *deep = "subscription { ledger { transfer { fromAccount { entries { edges { node {"
                       " transfer { toAccount { entries { edges { node { transfer { fromAccount"
                       " { id } } } } } } } } } } } } } }";
    assert_int_equal(ws_subscribe(&c, "deep", deep, NULL), 0);
    m = expect_msg(&c, "error", "deep");
    assert_string_equal(error_code(m), "QUERY_TOO_COMPLEX");
    json_decref(m);
    done(&c);
}

static void
variables_errors_are_a_result(void **state)
{
    (void)state;
    struct ws_conn c;
    open_acked(&c);
    /* A missing required variable fails CreateSourceEventStream: a result with errors. */
    assert_int_equal(
        ws_subscribe(
            &c, "vars", "subscription ($x: Boolean!) { ledger { id @include(if: $x) } }", NULL),
        0);
    json_t *m = expect_msg(&c, "next", "vars");
    json_t *payload = json_object_get(m, "payload");
    assert_null(json_object_get(payload, "data"));
    assert_non_null(json_array_get(json_object_get(payload, "errors"), 0));
    json_decref(m);
    json_decref(expect_msg(&c, "complete", "vars"));
    done(&c);
}

static void
fragmented_message_is_reassembled(void **state)
{
    (void)state;
    struct ws_conn c;
    open_acked(&c);
    const char *msg =
        "{\"type\":\"subscribe\",\"id\":\"frag\",\"payload\":{\"query\":\"{ me { id } }\"}}";
    size_t half = strlen(msg) / 2;
    assert_int_equal(ws_send_frame(&c, 1, false, msg, half), 0);
    assert_int_equal(ws_send_frame(&c, 9, true, "x", 1), 0); /* control frames may interleave */
    assert_int_equal(ws_send_frame(&c, 0, true, msg + half, strlen(msg) - half), 0);
    json_decref(expect_msg(&c, "next", "frag"));
    json_decref(expect_msg(&c, "complete", "frag"));
    done(&c);
}

/*---------------------------------------------------------------------------------------------
 * Limits
 *-------------------------------------------------------------------------------------------*/

static void
message_too_big_is_closed_1009(void **state)
{
    (void)state;
    struct ws_conn c;
    open_acked(&c);
    size_t n = 300 * 1024;
    char *big = malloc(n + 1);
    memset(big, ' ', n);
    big[n] = '\0';
    assert_int_equal(ws_send_text(&c, big), 0);
    free(big);
    expect_close(&c, 1009, "Message too big");
    done(&c);
}

static void
subscriptions_per_socket_are_capped(void **state)
{
    (void)state;
    struct ws_conn c;
    open_acked(&c);
    char id[16];
    for (int i = 0; i < 32; i++) {
        snprintf(id, sizeof(id), "s%d", i);
        assert_int_equal(ws_subscribe(&c, id, "subscription { ledger { id } }", NULL), 0);
    }
    sync_ping(&c); /* all 32 active, no error */
    assert_int_equal(metric(wd.port, "wallet_ws_subscriptions"), 32);
    assert_int_equal(ws_subscribe(&c, "s32", "subscription { ledger { id } }", NULL), 0);
    json_t *m = expect_msg(&c, "error", "s32");
    assert_string_equal(error_code(m), "RATE_LIMITED");
    json_decref(m);
    /* Completing one makes room. */
    assert_int_equal(ws_send_text(&c, "{\"type\":\"complete\",\"id\":\"s0\"}"), 0);
    assert_int_equal(ws_subscribe(&c, "s32", "subscription { ledger { id } }", NULL), 0);
    sync_ping(&c);
    assert_int_equal(metric(wd.port, "wallet_ws_subscriptions"), 32);
    done(&c);
    /* Closing the socket ends them (the gauge follows once the close is handled). */
    long deadline = now_ms() + 10000;
    while (metric(wd.port, "wallet_ws_subscriptions") != 0 && now_ms() < deadline)
        sleep_ms(20);
    assert_int_equal(metric(wd.port, "wallet_ws_subscriptions"), 0);
}

static void
sockets_per_process_are_capped(void **state)
{
    (void)state;
    long max = metric(wd.port, "wallet_ws_connections_max");
    assert_int_equal(max, 4); /* half of WALLET_THREADS=8 */
    struct ws_conn c[4];
    for (int i = 0; i < 4; i++)
        open_acked(&c[i]);
    struct ws_conn fifth;
    assert_int_equal(ws_open(&fifth, wd.port, "/graphql", "graphql-transport-ws"), 0);
    assert_int_equal(fifth.status, 503);
    assert_non_null(strstr(fifth.http_body, "SERVICE_UNAVAILABLE"));
    ws_free(&fifth);
    /* HTTP still has its workers. */
    struct th_response r;
    assert_int_equal(th_request(wd.port, "GET", "/health", NULL, NULL, 0, &r), 0);
    assert_int_equal(r.status, 200);
    th_response_free(&r);
    for (int i = 0; i < 4; i++)
        done(&c[i]);
    /* Room again. */
    struct ws_conn again;
    open_acked(&again);
    done(&again);
}

static void
subscribe_is_rate_limited(void **state)
{
    (void)state;
    /* A second walletd on the same database with a rate limit of 1 request a second. */
    struct th_walletd *limited = &extra;
    const char *env[] = {"WALLET_JWT_SECRET=" SECRET, "WALLET_RATE_LIMIT_RPS=1", NULL};
    assert_int_equal(th_walletd_start(limited, pg.url, env), 0);
    struct ws_conn c;
    int tries = 0;
    for (;;) { /* the bucket may still be short from /health polls: wait it out */
        assert_int_equal(ws_open(&c, limited->port, "/graphql", "graphql-transport-ws"), 0);
        if (c.status == 101)
            break;
        assert_int_equal(c.status, 429);
        ws_free(&c);
        assert_true(++tries < 20);
        sleep_ms(500);
    }
    assert_int_equal(ws_init(&c, alice_auth), 0);
    json_decref(expect_msg(&c, "connection_ack", NULL));
    int limited_count = 0;
    char id[16];
    for (int i = 0; i < 10; i++) {
        snprintf(id, sizeof(id), "r%d", i);
        assert_int_equal(ws_subscribe(&c, id, "{ __typename }", NULL), 0);
        json_t *m = ws_recv_json(&c, 10000);
        assert_non_null(m);
        if (strcmp(ws_type(m), "error") == 0) {
            assert_string_equal(error_code(m), "RATE_LIMITED");
            limited_count++;
        } else {
            assert_string_equal(ws_type(m), "next");
            json_decref(expect_msg(&c, "complete", id));
        }
        json_decref(m);
    }
    assert_true(limited_count >= 1);
    done(&c);
    assert_int_equal(th_walletd_stop(limited, 15000), 0);
    th_walletd_remove_log(limited);
}

static void
production_checks_the_origin(void **state)
{
    (void)state;
    struct th_walletd *prod = &extra;
    const char *env[] = {"WALLET_ENV=production",
                         "WALLET_JWT_SECRET=" SECRET,
                         "WALLET_SEAL_KEY=AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=",
                         "WALLET_CORS_ORIGINS=https://app.example",
                         "WALLET_RATE_LIMIT_RPS=0",
                         NULL};
    assert_int_equal(th_walletd_start(prod, pg.url, env), 0);
    char same[64];
    snprintf(same, sizeof(same), "Origin: http://127.0.0.1:%d\r\n", prod->port);
    const char *allowed[] = {NULL, "Origin: https://app.example\r\n", same};
    for (size_t i = 0; i < 3; i++) {
        struct ws_conn c;
        assert_int_equal(
            ws_open_headers(&c, prod->port, "/graphql", "graphql-transport-ws", allowed[i]), 0);
        assert_int_equal(c.status, 101);
        assert_int_equal(ws_init(&c, alice_auth), 0);
        json_decref(expect_msg(&c, "connection_ack", NULL));
        /* Production: no introspection over WebSocket either. */
        assert_int_equal(ws_subscribe(&c, "i", "{ __schema { queryType { name } } }", NULL), 0);
        json_t *m = expect_msg(&c, "next", "i");
        assert_null(json_object_get(json_object_get(m, "payload"), "data"));
        json_decref(m);
        json_decref(expect_msg(&c, "complete", "i"));
        done(&c);
    }
    struct ws_conn c;
    assert_int_equal(
        ws_open_headers(
            &c, prod->port, "/graphql", "graphql-transport-ws", "Origin: https://evil.example\r\n"),
        0);
    assert_int_equal(c.status, 403);
    assert_non_null(strstr(c.http_body, "FORBIDDEN"));
    ws_free(&c);
    assert_int_equal(th_walletd_stop(prod, 15000), 0);
    th_walletd_remove_log(prod);
}

/*---------------------------------------------------------------------------------------------
 * Logs and shutdown
 *-------------------------------------------------------------------------------------------*/

static void
log_holds_no_token(void **state)
{
    (void)state;
    char *log = th_walletd_log(&wd);
    assert_non_null(strstr(log, "websocket acknowledged"));
    assert_null(strstr(log, alice_token));
    /* Nor any part of one: the signature is the secret-bearing part. */
    const char *sig = strrchr(alice_token, '.');
    assert_non_null(sig);
    assert_null(strstr(log, sig + 1));
    free(log);
}

static void
shutdown_closes_sockets_1001(void **state)
{
    (void)state;
    struct ws_conn c;
    open_acked(&c);
    assert_int_equal(ws_subscribe(&c, "live", "subscription { ledger { id } }", NULL), 0);
    sync_ping(&c);
    kill(wd.pid, SIGTERM);
    expect_close(&c, 1001, "Going away");
    done(&c);
    /* walletd exits cleanly (exit status 0). */
    assert_int_equal(th_walletd_stop(&wd, 15000), 0);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(handshake_ack_ping_pong),
        cmocka_unit_test(no_subprotocol_is_closed_4406),
        cmocka_unit_test(no_init_is_closed_4408),
        cmocka_unit_test(bad_tokens_are_closed_4403),
        cmocka_unit_test(subscribe_before_ack_is_closed_4401),
        cmocka_unit_test(second_init_is_closed_4429),
        cmocka_unit_test(invalid_messages_are_closed_4400),
        cmocka_unit_test(duplicate_id_is_closed_4409),
        cmocka_unit_test(query_gets_next_then_complete),
        cmocka_unit_test(errors_are_error_messages),
        cmocka_unit_test(variables_errors_are_a_result),
        cmocka_unit_test(fragmented_message_is_reassembled),
        cmocka_unit_test(message_too_big_is_closed_1009),
        cmocka_unit_test(subscriptions_per_socket_are_capped),
        cmocka_unit_test(sockets_per_process_are_capped),
        cmocka_unit_test(subscribe_is_rate_limited),
        cmocka_unit_test(production_checks_the_origin),
        cmocka_unit_test(log_holds_no_token),
        cmocka_unit_test(shutdown_closes_sockets_1001),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
