/*
 * Sealing key rotation and wrong keys (issue 6): walletd refuses to start with a
 * WALLET_SEAL_KEY that cannot open what is sealed in the database (one clear line);
 * `walletd rotate-keys` re-seals every value under the new key, in small batches, while a
 * walletd running with WALLET_SEAL_KEY = new and WALLET_SEAL_KEY_OLD = old keeps serving
 * reads of every value (reader threads revealing Aadhaar numbers and listing KYC and cards
 * for a bounded time see no failure); one Aadhaar per person holds under both blind-index
 * keys during the rotation and under the new one after it; a rerun has nothing to do; a value
 * that opens under neither key makes rotate-keys fail with a clear message.
 */
/* cmocka.h needs these system headers before it. */
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

#include "http/kyc_api.h"

#include <pthread.h>
#include <stdatomic.h>
#include <time.h>

#define USERS 8
#define READERS 3
#define CARDS_PER_USER 4
/* Upper bound of the whole load phase. */
#define LOAD_MAX_MS 60000

static struct wa_env env;

struct person {
    struct wa_user u;
    char aadhaar[13];
    char card[17]; /* the first of its cards */
};
static struct person people[USERS];
static char key_id_a[24]; /* key id of KA_KEY_A as stored */

static int
setup(void **state)
{
    (void)state;
    const char *extra[] = {"WALLET_SEAL_KEY=" KA_KEY_A, NULL};
    return wa_start(&env, extra);
}

static int
teardown(void **state)
{
    (void)state;
    return wa_stop(&env);
}

static long
now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1000L + ts.tv_nsec / 1000000L;
}

/* Restarts walletd with the given keys; returns what th_walletd_start returned. */
static int
restart(const char *key, const char *old)
{
    if (env.wd.pid > 0)
        assert_int_equal(th_walletd_stop(&env.wd, 15000), 0);
    static char key_env[128], old_env[128];
    snprintf(key_env, sizeof(key_env), "WALLET_SEAL_KEY=%s", key);
    snprintf(old_env, sizeof(old_env), "WALLET_SEAL_KEY_OLD=%s", old ? old : "");
    const char *e[] = {"WALLET_JWT_SECRET=" WA_JWT_SECRET,
                       "WALLET_RATE_LIMIT_RPS=0",
                       "WALLET_LOGIN_ATTEMPTS_PER_MIN=0",
                       key_env,
                       old_env,
                       NULL};
    int rc = th_walletd_start(&env.wd, env.pg.url, e);
    env.port = env.wd.port;
    return rc;
}

/* How many distinct key ids the sealed values have, and whether one of them is id. */
static long
distinct_key_ids(void)
{
    return atol(wa_sql_value(&env,
                             "SELECT count(DISTINCT k) FROM (SELECT aadhaar_key_id k FROM "
                             "kyc_profiles UNION ALL SELECT document_key_id FROM kyc_profiles "
                             "UNION ALL SELECT key_id FROM cards) s WHERE k IS NOT NULL"));
}

static void
data_under_key_a(void **state)
{
    (void)state;
    for (int i = 0; i < USERS; i++) {
        struct person *p = &people[i];
        char name[32], doc[20];
        snprintf(name, sizeof(name), "rot%d", i);
        wa_register(env.port, name, &p->u);
        ka_aadhaar(200 + (uint64_t)i, p->aadhaar);
        ka_document("PAN", 200 + (unsigned)i, doc, sizeof(doc));
        json_t *r = ka_submit(env.port, p->u.access, p->aadhaar, "PAN", doc);
        WA_ASSERT_OK(r);
        json_decref(r);
        for (int c = 0; c < CARDS_PER_USER; c++) {
            r = ka_issue(env.port, p->u.access, p->u.account, c ? "PHYSICAL" : "VIRTUAL", NULL);
            WA_ASSERT_OK(r);
            if (c == 0)
                snprintf(p->card, sizeof(p->card), "%s", wa_str(r, "issueCard.number"));
            json_decref(r);
        }
    }
    assert_int_equal(distinct_key_ids(), 1);
    snprintf(key_id_a,
             sizeof(key_id_a),
             "%s",
             wa_sql_value(&env, "SELECT aadhaar_key_id FROM kyc_profiles LIMIT 1"));
}

/* Asserts walletd did not start and its log names the sealing key problem. */
static void
expect_refused(const char *key, const char *old, const char *needle)
{
    assert_int_not_equal(restart(key, old), 0);
    char *log = th_walletd_log(&env.wd);
    assert_non_null(log);
    if (strstr(log, needle) == NULL)
        fail_msg("walletd's output does not say \"%s\": %s", needle, log);
    /* One line says why, and no number is in the output. */
    int lines = 0;
    for (const char *q = log; (q = strstr(q, "walletd: ")) != NULL; q++)
        lines++;
    assert_int_equal(lines, 1);
    for (int i = 0; i < USERS; i++)
        assert_null(strstr(log, people[i].aadhaar));
    free(log);
    env.wd.pid = 0;
}

static void
wrong_key_at_start_fails_loudly(void **state)
{
    (void)state;
    expect_refused(KA_KEY_C, NULL, "WALLET_SEAL_KEY does not match the database");
    expect_refused(KA_KEY_B, NULL, "WALLET_SEAL_KEY does not match the database");
    expect_refused(KA_KEY_B, KA_KEY_C, "WALLET_SEAL_KEY does not match the database");
    /* The right keys (new + old during a rotation) start. */
    assert_int_equal(restart(KA_KEY_B, KA_KEY_A), 0);
}

/*---------------------------------------------------------------------------------------------
 * Readers: thread-safe requests without cmocka (failures are counted, not asserted).
 *-------------------------------------------------------------------------------------------*/

static atomic_int stop_readers;
static atomic_long reads_ok, reads_failed;
static atomic_long rounds[READERS];
static char first_failure[512];
static pthread_mutex_t failure_lock = PTHREAD_MUTEX_INITIALIZER;

static void
note_failure(const char *what, const char *body)
{
    atomic_fetch_add(&reads_failed, 1);
    pthread_mutex_lock(&failure_lock);
    if (first_failure[0] == '\0')
        snprintf(first_failure, sizeof(first_failure), "%s: %.400s", what, body ? body : "");
    pthread_mutex_unlock(&failure_lock);
}

/* POSTs query with token; returns the parsed body or NULL. */
static json_t *
post(const char *token, const char *query)
{
    json_t *body = json_pack("{s:s}", "query", query);
    char *text = json_dumps(body, JSON_COMPACT);
    json_decref(body);
    char headers[2200];
    snprintf(headers, sizeof(headers), "Authorization: Bearer %s\r\n", token);
    struct th_response r;
    int rc = th_graphql(env.port, "application/json", headers, text, &r);
    free(text);
    if (rc != 0)
        return NULL;
    json_t *out = r.status == 200 ? json_loads(r.body, 0, NULL) : NULL;
    if (out == NULL)
        note_failure("HTTP", r.body);
    th_response_free(&r);
    return out;
}

static void *
reader(void *arg)
{
    int id = (int)(intptr_t)arg;
    long deadline = now_ms() + LOAD_MAX_MS;
    while (!atomic_load(&stop_readers) && now_ms() < deadline) {
        for (int i = id % 2; i < USERS; i += 1 + id % 2) {
            struct person *p = &people[i];
            json_t *r = post(p->u.access, "mutation{revealAadhaar}");
            json_t *v = r ? json_object_get(json_object_get(r, "data"), "revealAadhaar") : NULL;
            if (v == NULL ||
                strcmp(json_string_value(v) ? json_string_value(v) : "", p->aadhaar) != 0) {
                char *dump = r ? json_dumps(r, JSON_COMPACT) : NULL;
                note_failure("revealAadhaar", dump);
                free(dump);
            } else {
                atomic_fetch_add(&reads_ok, 1);
            }
            json_decref(r);
            r = post(p->u.access, "{me{kyc{status aadhaarMasked documentMasked} cards{last4}}}");
            json_t *me = r ? json_object_get(json_object_get(r, "data"), "me") : NULL;
            const char *last4 = json_string_value(
                json_object_get(json_array_get(json_object_get(me, "cards"), 0), "last4"));
            if (me == NULL || json_object_get(r, "errors") != NULL || last4 == NULL ||
                strcmp(last4, p->card + 12) != 0) {
                char *dump = r ? json_dumps(r, JSON_COMPACT) : NULL;
                note_failure("me", dump);
                free(dump);
            } else {
                atomic_fetch_add(&reads_ok, 1);
            }
            json_decref(r);
        }
        atomic_fetch_add(&rounds[id], 1);
    }
    return NULL;
}

/* Waits until every reader finished at least `want` rounds (bounded). */
static void
wait_rounds(long want)
{
    long deadline = now_ms() + LOAD_MAX_MS;
    for (int i = 0; i < READERS; i++)
        while (atomic_load(&rounds[i]) < want && now_ms() < deadline) {
            struct timespec ts = {0, 20 * 1000000L};
            nanosleep(&ts, NULL);
        }
}

static void
rotation_under_load(void **state)
{
    (void)state;
    /* During the rotation (nothing re-sealed yet): a known number is still refused. */
    struct wa_user dup;
    wa_register(env.port, "rotdup", &dup);
    json_t *r = ka_submit(env.port, dup.access, people[0].aadhaar, "VOTER_ID", "XYZ3000200");
    WA_ASSERT_CODE(r, "BAD_USER_INPUT");
    json_decref(r);

    pthread_t threads[READERS];
    for (int i = 0; i < READERS; i++)
        assert_int_equal(pthread_create(&threads[i], NULL, reader, (void *)(intptr_t)i), 0);
    wait_rounds(1);
    long before = 0;
    for (int i = 0; i < READERS; i++)
        before += atomic_load(&rounds[i]);

    char *out = NULL;
    int rc = ka_walletd_run(env.pg.url, KA_KEY_B, KA_KEY_A, "rotate-keys 2", &out);
    long after_rotation = 0;
    for (int i = 0; i < READERS; i++)
        after_rotation += atomic_load(&rounds[i]);
    wait_rounds(after_rotation / READERS + 2); /* readers go on after it, too */
    atomic_store(&stop_readers, 1);
    for (int i = 0; i < READERS; i++)
        pthread_join(threads[i], NULL);

    if (rc != 0)
        fail_msg("rotate-keys exited %d: %s", rc, out);
    assert_non_null(strstr(out,
                           "re-sealed 8 Aadhaar numbers (8 blind indexes recomputed), 8 "
                           "document numbers and 32 card numbers"));
    assert_non_null(strstr(out, "0 values left under other keys"));
    for (int i = 0; i < USERS; i++) {
        assert_null(strstr(out, people[i].aadhaar));
        assert_null(strstr(out, people[i].card));
    }
    free(out);
    if (atomic_load(&reads_failed) != 0)
        fail_msg("%ld of %ld reads failed; first: %s",
                 atomic_load(&reads_failed),
                 atomic_load(&reads_ok) + atomic_load(&reads_failed),
                 first_failure);
    assert_true(atomic_load(&reads_ok) > 0);
    fprintf(stderr,
            "rotation: %ld reads, reader rounds %ld before and %ld by the end of rotate-keys\n",
            atomic_load(&reads_ok),
            before,
            after_rotation);

    /* Everything under one key, not A's, and the blind indexes moved with it. */
    assert_int_equal(distinct_key_ids(), 1);
    assert_string_equal(wa_sql_value(&env,
                                     "SELECT count(*) FROM kyc_profiles WHERE aadhaar_key_id = "
                                     "%s OR document_key_id = %s",
                                     key_id_a,
                                     key_id_a),
                        "0");
    assert_string_equal(wa_sql_value(&env,
                                     "SELECT count(*) FROM audit_log WHERE action = "
                                     "'SEAL_KEYS_ROTATED'"),
                        "1");

    /* After it: still one number per person (the new blind index), every value readable. */
    r = ka_submit(env.port, dup.access, people[3].aadhaar, "VOTER_ID", "XYZ3000200");
    WA_ASSERT_CODE(r, "BAD_USER_INPUT");
    json_decref(r);

    /* A rerun has nothing left to do. */
    rc = ka_walletd_run(env.pg.url, KA_KEY_B, KA_KEY_A, "rotate-keys", &out);
    assert_int_equal(rc, 0);
    assert_non_null(strstr(out, "re-sealed 0 Aadhaar numbers"));
    free(out);

    /* The old key can go: walletd starts with the new one alone and reads everything. */
    assert_int_equal(restart(KA_KEY_B, NULL), 0);
    for (int i = 0; i < USERS; i++) {
        r = ka_reveal(env.port, people[i].u.access);
        WA_ASSERT_OK(r);
        assert_string_equal(wa_str(r, "revealAadhaar"), people[i].aadhaar);
        json_decref(r);
    }
    /* And the old key alone no longer matches. */
    expect_refused(KA_KEY_A, NULL, "WALLET_SEAL_KEY does not match the database");
    assert_int_equal(restart(KA_KEY_B, NULL), 0);
}

static void
unreadable_value_fails_rotation(void **state)
{
    (void)state;
    /* A card claims the old key but is sealed under the new one: it opens under neither. */
    const char *card_id = wa_sql_value(&env, "SELECT min(id) FROM cards");
    char id[24];
    snprintf(id, sizeof(id), "%s", card_id);
    const char *b = wa_sql_value(&env, "SELECT key_id FROM cards WHERE id = %s", id);
    char key_b[24];
    snprintf(key_b, sizeof(key_b), "%s", b);
    char sql[256];
    snprintf(sql, sizeof(sql), "UPDATE cards SET key_id = %s WHERE id = %s", key_id_a, id);
    wa_sql(&env, sql);

    char *out = NULL;
    int rc = ka_walletd_run(env.pg.url, KA_KEY_B, KA_KEY_A, "rotate-keys", &out);
    assert_int_not_equal(rc, 0);
    if (strstr(out, "open under neither WALLET_SEAL_KEY nor WALLET_SEAL_KEY_OLD") == NULL)
        fail_msg("unexpected output: %s", out);
    char where[64];
    snprintf(where, sizeof(where), "card %s (number)", id);
    assert_non_null(strstr(out, where));
    free(out);
    /* The row was left as it was. */
    assert_string_equal(wa_sql_value(&env, "SELECT key_id FROM cards WHERE id = %s", id), key_id_a);

    /* walletd with those keys refuses to start: the old key's only card does not open. */
    expect_refused(KA_KEY_B, KA_KEY_A, "cannot open the sealed card values");

    snprintf(sql, sizeof(sql), "UPDATE cards SET key_id = %s WHERE id = %s", key_b, id);
    wa_sql(&env, sql);
    assert_int_equal(restart(KA_KEY_B, NULL), 0);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(data_under_key_a),
        cmocka_unit_test(wrong_key_at_start_fails_loudly),
        cmocka_unit_test(rotation_under_load),
        cmocka_unit_test(unreadable_value_fails_rotation),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
