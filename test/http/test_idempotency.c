/*
 * Idempotency keys of transfers and deposits over HTTP (contract §4 "Idempotency"): the same
 * key with the same input answers the same transfer with a byte-identical body and moves no
 * money again (even after the transfer was reviewed); other input is IDEMPOTENCY_KEY_REUSED;
 * keys belong to their user; the key comes from input.idempotencyKey or the Idempotency-Key
 * header and is checked; a refused request leaves its key unused; many requests with one key
 * at the same instant move money once and all get the same answer.
 */
/* cmocka.h needs these headers first. */
/* clang-format off */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
/* clang-format on */

#include "http/money_client.h"

#include <pthread.h>

static struct mc_env env;
static struct mc_user admin;

static int
setup(void **state)
{
    (void)state;
    if (mc_start(&env, NULL) != 0)
        return -1;
    mc_user(&env, &admin, "idem_admin", "ADMIN");
    return 0;
}

static int
teardown(void **state)
{
    (void)state;
    mc_stop(&env);
    return 0;
}

static const char transfer_doc[] =
    "mutation($f:ID!,$t:ID!,$m:Money!,$memo:String,$k:String){transfer(input:{fromAccountId:$f,"
    "toAccountId:$t,amount:$m,memo:$memo,idempotencyKey:$k}){id reference kind status amount "
    "currency memo reviewReason createdAt from{username} to{username} fromAccount{id} "
    "toAccount{id}}}";

/* The variables of a transfer; key NULL leaves idempotencyKey out (null). */
static void
vars_of(char *out,
        size_t cap,
        const char *from,
        const char *to,
        const char *amount,
        const char *memo,
        const char *key)
{
    json_t *v = json_pack(
        "{s:s, s:s, s:s, s:s?, s:s?}", "f", from, "t", to, "m", amount, "memo", memo, "k", key);
    char *s = json_dumps(v, JSON_COMPACT);
    snprintf(out, cap, "%s", s);
    free(s);
    json_decref(v);
}

/* A transfer; returns the response, and its raw body in *raw (caller frees) when raw is set. */
static json_t *
send(const struct mc_user *u,
     const char *headers,
     const char *from,
     const char *to,
     const char *amount,
     const char *memo,
     const char *key,
     char **raw)
{
    char vars[2048];
    vars_of(vars, sizeof(vars), from, to, amount, memo, key);
    return mc_gql(&env, u->token, headers, transfer_doc, vars, NULL, raw);
}

static void
replay_gives_identical_body(void **state)
{
    (void)state;
    struct mc_party a, b;
    mc_party(&env, &admin, &a, "rep_a", "100.00");
    mc_party(&env, &admin, &b, "rep_b", NULL);
    char *first, *second, *third;
    json_t *r = send(&a.u, NULL, a.gid, b.gid, "10.00", "lunch", "rep-1", &first);
    mc_ok(r);
    json_decref(r);
    long long count = mc_transfer_count(&env);
    r = send(&a.u, NULL, a.gid, b.gid, "10.00", "lunch", "rep-1", &second);
    mc_ok(r);
    json_decref(r);
    assert_string_equal(first, second);
    /* The same key sent as the Idempotency-Key header is the same request. */
    r = send(&a.u, "Idempotency-Key: rep-1\r\n", a.gid, b.gid, "10.00", "lunch", NULL, &third);
    mc_ok(r);
    json_decref(r);
    assert_string_equal(first, third);
    free(first);
    free(second);
    free(third);
    assert_int_equal(mc_transfer_count(&env), count);
    assert_int_equal(mc_balance(&env, a.account), 9000);
    assert_int_equal(mc_balance(&env, b.account), 1000);
    /* The key row holds the input's hash and the transfer, written with the movement. */
    assert_int_equal(
        mc_sql_int(&env,
                   "SELECT count(*) FROM idempotency_keys k JOIN transfers t ON "
                   "t.id = k.transfer_id WHERE k.user_id = %ld AND k.key = 'rep-1' "
                   "AND k.completed_at IS NOT NULL AND octet_length(request_hash) = 32",
                   a.u.id),
        1);
    mc_check_invariants(&env, &admin);
}

static void
replay_after_review_answers_as_first(void **state)
{
    (void)state;
    struct mc_party a, b;
    mc_party(&env, &admin, &a, "rev_a", "300000.00");
    mc_party(&env, &admin, &b, "rev_b", NULL);
    mc_kyc_verified(&env, a.u.id);
    char *first, *again;
    json_t *r = send(&a.u, NULL, a.gid, b.gid, "200000.00", NULL, "rev-1", &first);
    mc_ok(r);
    assert_string_equal(mc_str(r, "transfer.status"), "PENDING_REVIEW");
    char vars[256];
    snprintf(vars, sizeof(vars), "{\"t\":\"%s\"}", mc_str(r, "transfer.id"));
    json_decref(r);
    r = mc_gql(&env,
               admin.token,
               NULL,
               "mutation($t:ID!){reviewTransfer(transferId:$t,approve:true){status}}",
               vars,
               NULL,
               NULL);
    mc_ok(r);
    json_decref(r);
    r = send(&a.u, NULL, a.gid, b.gid, "200000.00", NULL, "rev-1", &again);
    mc_ok(r);
    json_decref(r);
    assert_string_equal(first, again);
    free(first);
    free(again);
    assert_int_equal(mc_balance(&env, b.account), 20000000);
    assert_int_equal(mc_balance(&env, a.account), 10000000);
    mc_check_invariants(&env, &admin);
}

static void
reuse_with_other_input_refused(void **state)
{
    (void)state;
    struct mc_party a, b, c;
    mc_party(&env, &admin, &a, "reu_a", "100.00");
    mc_party(&env, &admin, &b, "reu_b", NULL);
    mc_party(&env, &admin, &c, "reu_c", NULL);
    json_t *r = send(&a.u, NULL, a.gid, b.gid, "10.00", "x", "reu-1", NULL);
    mc_ok(r);
    json_decref(r);
    long long count = mc_transfer_count(&env);
    r = send(&a.u, NULL, a.gid, b.gid, "10.01", "x", "reu-1", NULL);
    mc_expect_code(r, "IDEMPOTENCY_KEY_REUSED");
    json_decref(r);
    r = send(&a.u, NULL, a.gid, c.gid, "10.00", "x", "reu-1", NULL);
    mc_expect_code(r, "IDEMPOTENCY_KEY_REUSED");
    json_decref(r);
    r = send(&a.u, NULL, a.gid, b.gid, "10.00", "y", "reu-1", NULL);
    mc_expect_code(r, "IDEMPOTENCY_KEY_REUSED");
    json_decref(r);
    r = send(&a.u, NULL, a.gid, b.gid, "10.00", NULL, "reu-1", NULL);
    mc_expect_code(r, "IDEMPOTENCY_KEY_REUSED");
    json_decref(r);
    assert_int_equal(mc_transfer_count(&env), count);
    assert_int_equal(mc_balance(&env, a.account), 9000);

    /* Keys belong to their user: another user's same key is a new transfer. */
    struct mc_party d;
    mc_party(&env, &admin, &d, "reu_d", "50.00");
    r = send(&d.u, NULL, d.gid, b.gid, "10.00", "x", "reu-1", NULL);
    mc_ok(r);
    json_decref(r);
    assert_int_equal(mc_transfer_count(&env), count + 2); /* d's deposit and d's transfer */
    mc_check_invariants(&env, &admin);
}

static void
key_sources_and_syntax(void **state)
{
    (void)state;
    struct mc_party a, b;
    mc_party(&env, &admin, &a, "key_a", "100.00");
    mc_party(&env, &admin, &b, "key_b", NULL);
    long long count = mc_transfer_count(&env);
    json_t *r = send(&a.u, NULL, a.gid, b.gid, "1.00", NULL, NULL, NULL);
    mc_expect_code(r, "BAD_USER_INPUT");
    json_decref(r);
    r = send(&a.u, "Idempotency-Key: one\r\n", a.gid, b.gid, "1.00", NULL, "two", NULL);
    mc_expect_code(r, "BAD_USER_INPUT");
    json_decref(r);
    char long_key[300];
    memset(long_key, 'k', 256);
    long_key[256] = '\0';
    r = send(&a.u, NULL, a.gid, b.gid, "1.00", NULL, long_key, NULL);
    mc_expect_code(r, "BAD_USER_INPUT");
    json_decref(r);
    static const char *const bad[] = {"", "tab\there", "caf\xc3\xa9", "nl\n"};
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        r = send(&a.u, NULL, a.gid, b.gid, "1.00", NULL, bad[i], NULL);
        mc_expect_code(r, "BAD_USER_INPUT");
        json_decref(r);
    }
    assert_int_equal(mc_transfer_count(&env), count);
    /* The header alone, the header and the same input, 255 printable characters. */
    r = send(&a.u, "Idempotency-Key: hdr-1\r\n", a.gid, b.gid, "1.00", NULL, NULL, NULL);
    mc_ok(r);
    json_decref(r);
    r = send(&a.u, "Idempotency-Key: hdr-2\r\n", a.gid, b.gid, "1.00", NULL, "hdr-2", NULL);
    mc_ok(r);
    json_decref(r);
    long_key[255] = '\0';
    long_key[0] = ' ';
    long_key[254] = '~';
    r = send(&a.u, NULL, a.gid, b.gid, "1.00", NULL, long_key, NULL);
    mc_ok(r);
    json_decref(r);
    assert_int_equal(mc_transfer_count(&env), count + 3);
    assert_int_equal(mc_balance(&env, b.account), 300);
}

static void
refused_request_leaves_key_unused(void **state)
{
    (void)state;
    struct mc_party a, b;
    mc_party(&env, &admin, &a, "unused_a", "5.00");
    mc_party(&env, &admin, &b, "unused_b", NULL);
    json_t *r = send(&a.u, NULL, a.gid, b.gid, "20.00", NULL, "unused-1", NULL);
    mc_expect_code(r, "INSUFFICIENT_FUNDS");
    json_decref(r);
    assert_int_equal(
        mc_sql_int(&env, "SELECT count(*) FROM idempotency_keys WHERE user_id = %ld", a.u.id), 0);
    /* Once the money is there, the same key and input go through. */
    mc_deposit(&env, &admin, a.gid, "20.00", NULL);
    r = send(&a.u, NULL, a.gid, b.gid, "20.00", NULL, "unused-1", NULL);
    mc_ok(r);
    assert_string_equal(mc_str(r, "transfer.status"), "COMPLETED");
    json_decref(r);
    /* A key refused on a bad destination is free for other input too. */
    char missing[64];
    mc_account_gid(987654321, missing);
    r = send(&a.u, NULL, a.gid, missing, "1.00", NULL, "unused-2", NULL);
    mc_expect_code(r, "NOT_FOUND");
    json_decref(r);
    r = send(&a.u, NULL, a.gid, b.gid, "2.00", NULL, "unused-2", NULL);
    mc_ok(r);
    json_decref(r);
    assert_int_equal(mc_balance(&env, b.account), 2200);
    mc_check_invariants(&env, &admin);
}

/*---------------------------------------------------------------------------------------------
 * Many requests with one key at once
 *-------------------------------------------------------------------------------------------*/

#define RACERS 8

struct racer {
    const struct mc_party *from;
    const struct mc_party *to;
    const char *key;
    pthread_barrier_t *start;
    char *body; /* the raw answer */
};

static void *
race(void *arg)
{
    struct racer *x = arg;
    char vars[1024];
    vars_of(vars, sizeof(vars), x->from->gid, x->to->gid, "7.00", "race", x->key);
    json_t *v = json_loads(vars, 0, NULL);
    json_t *body = json_pack("{s:s, s:o}", "query", transfer_doc, "variables", v);
    char *text = json_dumps(body, JSON_COMPACT);
    json_decref(body);
    char hdr[JWT_MAX_TOKEN + 64];
    snprintf(hdr, sizeof(hdr), "Authorization: Bearer %s\r\n", x->from->u.token);
    pthread_barrier_wait(x->start);
    struct th_response r;
    if (th_graphql(env.w.port, "application/json", hdr, text, &r) == 0) {
        x->body = strdup(r.body);
        th_response_free(&r);
    }
    free(text);
    return NULL;
}

static void
concurrent_same_key_moves_once(void **state)
{
    (void)state;
    struct mc_party a, b;
    mc_party(&env, &admin, &a, "race_a", "1000.00");
    mc_party(&env, &admin, &b, "race_b", NULL);
    for (int round = 0; round < 5; round++) {
        char key[32];
        snprintf(key, sizeof(key), "race-%d", round);
        pthread_barrier_t start;
        pthread_barrier_init(&start, NULL, RACERS);
        struct racer racers[RACERS];
        pthread_t threads[RACERS];
        for (int i = 0; i < RACERS; i++) {
            racers[i] = (struct racer){&a, &b, key, &start, NULL};
            pthread_create(&threads[i], NULL, race, &racers[i]);
        }
        for (int i = 0; i < RACERS; i++)
            pthread_join(threads[i], NULL);
        pthread_barrier_destroy(&start);
        /* Every request got the one transfer, answered alike. */
        for (int i = 0; i < RACERS; i++) {
            assert_non_null(racers[i].body);
            if (strstr(racers[i].body, "\"errors\"") != NULL)
                fail_msg("round %d: %s", round, racers[i].body);
            assert_string_equal(racers[i].body, racers[0].body);
        }
        for (int i = 0; i < RACERS; i++)
            free(racers[i].body);
    }
    assert_int_equal(mc_balance(&env, b.account), 5 * 700);
    assert_int_equal(mc_balance(&env, a.account), 100000 - 5 * 700);
    assert_int_equal(mc_sql_int(&env,
                                "SELECT count(*) FROM transfers t JOIN accounts a ON a.id = "
                                "t.from_account_id WHERE a.user_id = %ld",
                                a.u.id),
                     5);
    mc_check_invariants(&env, &admin);
}

static void
deposit_replay(void **state)
{
    (void)state;
    struct mc_party a;
    mc_party(&env, &admin, &a, "depr_a", NULL);
    const char doc[] = "mutation($a:ID!,$k:String){deposit(input:{accountId:$a,amount:\"5.00\","
                       "idempotencyKey:$k}){id status amount createdAt}}";
    char vars[256];
    snprintf(vars, sizeof(vars), "{\"a\":\"%s\",\"k\":\"depr-1\"}", a.gid);
    char *first, *second;
    json_t *r = mc_gql(&env, admin.token, NULL, doc, vars, NULL, &first);
    mc_ok(r);
    json_decref(r);
    r = mc_gql(&env, admin.token, NULL, doc, vars, NULL, &second);
    mc_ok(r);
    json_decref(r);
    assert_string_equal(first, second);
    free(first);
    free(second);
    assert_int_equal(mc_balance(&env, a.account), 500);
    /* The same key for another account is other input. */
    struct mc_party b;
    mc_party(&env, &admin, &b, "depr_b", NULL);
    snprintf(vars, sizeof(vars), "{\"a\":\"%s\",\"k\":\"depr-1\"}", b.gid);
    r = mc_gql(&env, admin.token, NULL, doc, vars, NULL, NULL);
    mc_expect_code(r, "IDEMPOTENCY_KEY_REUSED");
    json_decref(r);
    mc_check_invariants(&env, &admin);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(replay_gives_identical_body),
        cmocka_unit_test(replay_after_review_answers_as_first),
        cmocka_unit_test(reuse_with_other_input_refused),
        cmocka_unit_test(key_sources_and_syntax),
        cmocka_unit_test(refused_request_leaves_key_unused),
        cmocka_unit_test(concurrent_same_key_moves_once),
        cmocka_unit_test(deposit_replay),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
