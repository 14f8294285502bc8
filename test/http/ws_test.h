/*
 * Helpers of the Subscription.ledger tests (test_ws_ledger.c, test_ws_restart.c): sockets
 * acknowledged for a user, subscriptions known to be active, ledger lines read back, money
 * moved over HTTP (deposit, transfer), metrics. Header-only (static functions marked unused)
 * on top of wallet_api.h and ws_client.h; cmocka.h must come first. Every helper fails the
 * running test itself.
 */
#ifndef WALLET_TEST_HTTP_WS_TEST_H
#define WALLET_TEST_HTTP_WS_TEST_H

#include "crypto/jwt.h"
#include "http/wallet_api.h"
#include "http/ws_client.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define LEDGER_QUERY                                                                               \
    "subscription Ledger { ledger { id amount balanceAfter at transfer { id reference kind "       \
    "status amount from { username } to { username } } } }"

/* An ADMIN's access token for deposits, set by the test's setup. */
WA_UNUSED static char admin_token[JWT_MAX_TOKEN];
WA_UNUSED static int key_counter;

WA_UNUSED static long
now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1000L + ts.tv_nsec / 1000000L;
}

WA_UNUSED static void
sleep_ms(int ms)
{
    struct timespec ts = {ms / 1000, (long)(ms % 1000) * 1000000L};
    nanosleep(&ts, NULL);
}

WA_UNUSED static long
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

WA_UNUSED static void
wait_listener(int port)
{
    long deadline = now_ms() + 20000;
    while (metric(port, "wallet_ledger_listener_up") != 1) {
        if (now_ms() > deadline)
            fail_msg("the ledger listener of port %d never came up", port);
        sleep_ms(50);
    }
}

/*---------------------------------------------------------------------------------------------
 * Helpers
 *-------------------------------------------------------------------------------------------*/

/* A socket on port, acknowledged for the access token. */
WA_UNUSED static void
open_as(struct ws_conn *c, int port, const char *access)
{
    assert_int_equal(ws_open(c, port, "/graphql", "graphql-transport-ws"), 0);
    assert_int_equal(c->status, 101);
    char auth[JWT_MAX_TOKEN + 16];
    snprintf(auth, sizeof(auth), "Bearer %s", access);
    assert_int_equal(ws_init(c, auth), 0);
    json_t *ack = ws_recv_json(c, 10000);
    if (ack == NULL || strcmp(ws_type(ack), "connection_ack") != 0)
        fail_msg("no connection_ack (close %d %s)", c->close_code, c->close_reason);
    json_decref(ack);
}

WA_UNUSED static void
sync_ping(struct ws_conn *c)
{
    assert_int_equal(ws_send_text(c, "{\"type\":\"ping\"}"), 0);
    json_t *m = ws_recv_json(c, 10000);
    if (m == NULL || strcmp(ws_type(m), "pong") != 0) {
        char *d = m ? json_dumps(m, JSON_COMPACT) : NULL;
        fail_msg("expected pong, got %s (close %d)", d ? d : "nothing", c->close_code);
    }
    json_decref(m);
}

/* Subscribes to the ledger with id and waits until the subscription is active. */
WA_UNUSED static void
subscribe_ledger(struct ws_conn *c, const char *id)
{
    assert_int_equal(ws_subscribe(c, id, LEDGER_QUERY, NULL), 0);
    sync_ping(c);
}

/* The next message, which must be a `next` for id; returns its data.ledger (borrowed). */
WA_UNUSED static json_t *
expect_line(struct ws_conn *c, const char *id, json_t **msg)
{
    json_t *m = ws_recv_json(c, 15000);
    if (m == NULL)
        fail_msg("no ledger line for %s (close %d %s)", id, c->close_code, c->close_reason);
    if (strcmp(ws_type(m), "next") != 0 ||
        strcmp(json_string_value(json_object_get(m, "id")), id) != 0) {
        char *d = json_dumps(m, JSON_COMPACT);
        fail_msg("expected a next for %s, got %s", id, d);
    }
    json_t *payload = json_object_get(m, "payload");
    if (json_object_get(payload, "errors") != NULL) {
        char *d = json_dumps(m, JSON_COMPACT);
        fail_msg("errors in %s", d);
    }
    *msg = m;
    return json_object_get(json_object_get(payload, "data"), "ledger");
}

WA_UNUSED static const char *
str_at(json_t *obj, const char *a, const char *b)
{
    json_t *v = json_object_get(obj, a);
    if (b != NULL)
        v = json_object_get(v, b);
    return json_string_value(v);
}

/* POSTs a mutation on port; retries (bounded) while the answer is 503 (database back up). */
WA_UNUSED static json_t *
mutate(int port, const char *token, const char *query, json_t *vars)
{
    for (int attempt = 0;; attempt++) {
        int status = 0;
        json_t *resp = wa_gql(port, token, query, json_incref(vars), &status);
        if (status != 503 || attempt >= 50) {
            json_decref(vars);
            WA_ASSERT_OK(resp);
            return resp;
        }
        json_decref(resp);
        sleep_ms(200);
    }
}

WA_UNUSED static void
deposit(int port, const struct wa_user *to, const char *amount)
{
    char key[32];
    snprintf(key, sizeof(key), "ws-dep-%d", ++key_counter);
    json_decref(mutate(port,
                       admin_token,
                       "mutation($a:ID!,$m:Money!,$k:String!){deposit(input:{accountId:$a,"
                       "amount:$m,idempotencyKey:$k}){id}}",
                       json_pack("{s:s,s:s,s:s}", "a", to->account, "m", amount, "k", key)));
}

WA_UNUSED static void
transfer(int port, const struct wa_user *from, const struct wa_user *to, const char *amount)
{
    char key[32];
    snprintf(key, sizeof(key), "ws-tx-%d", ++key_counter);
    json_decref(mutate(
        port,
        from->access,
        "mutation($f:ID!,$t:ID!,$m:Money!,$k:String!){transfer(input:{"
        "fromAccountId:$f,toAccountId:$t,amount:$m,idempotencyKey:$k}){id status}}",
        json_pack(
            "{s:s,s:s,s:s,s:s}", "f", from->account, "t", to->account, "m", amount, "k", key)));
}

#endif
