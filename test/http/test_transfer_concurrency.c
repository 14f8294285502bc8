/*
 * The concurrency test of issue 5: many clients (threads, each request on its own HTTP
 * connection) make random transfers among a few accounts for a bounded time, resending
 * earlier requests with their idempotency keys now and then (sometimes while the first is
 * still running), with balances low enough that many are refused for insufficient funds.
 * Afterwards:
 *   - the customers' balances still total what was deposited, and all balances including
 *     the bank's sum to zero;
 *   - no balance is below minus its credit limit, each equals the sum of its ledger lines;
 *   - every key moved money at most once: all successful answers for one key name the same
 *     transfer, which is the one the key's row records, and every transfer has one key;
 *   - the audit chains verify.
 * The invariants hold whatever the interleaving; only the amount of work done depends on
 * the machine's speed.
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

#include "core/strbuf.h"
#include "http/money_client.h"
#include "resolvers/ids.h"

#include <pthread.h>
#include <time.h>

#define USERS 4
#define CLIENTS 8
#define RUN_MS 3000
#define MAX_OPS 20000
#define DEPOSIT_MINOR 50000LL /* 500.00 into each checking account */
#define CREDIT_LIMIT 10000LL  /* 100.00 on each credit account */

static struct mc_env env;
static struct mc_user admin;

struct holder {
    struct mc_user u;
    char accounts[2][64]; /* CHECKING, CREDIT */
};
static struct holder holders[USERS];

/* One request as first made; resent as is. */
struct op {
    int user;
    int from; /* holders[user].accounts[from] */
    int to_user;
    int to;
    long long amount; /* minor units */
    char key[32];
    int64_t transfer_id; /* the answer's transfer, 0 until one succeeded */
    int sends;
};

static struct op ops[MAX_OPS];
static size_t nops;
static pthread_mutex_t ops_lock = PTHREAD_MUTEX_INITIALIZER;

/* Outcomes, under ops_lock. */
static long successes, refusals, in_progress, unavailable, no_answer, mismatches, unexpected;
static char unexpected_body[512];

static int
setup(void **state)
{
    (void)state;
    return mc_start(&env, NULL);
}

static int
teardown(void **state)
{
    (void)state;
    mc_stop(&env);
    return 0;
}

static long
now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1000L + ts.tv_nsec / 1000000L;
}

/* xorshift64*: each client's own reproducible choices. */
static uint64_t
next_rand(uint64_t *s)
{
    *s ^= *s >> 12;
    *s ^= *s << 25;
    *s ^= *s >> 27;
    return *s * UINT64_C(2685821657736338717);
}

static void
record(struct op *op, const char *body, bool answered)
{
    pthread_mutex_lock(&ops_lock);
    op->sends++;
    json_t *r = answered ? json_loads(body, 0, NULL) : NULL;
    const char *code = r ? mc_code(r) : NULL;
    const char *gid = r ? mc_str(r, "transfer.id") : NULL;
    enum res_id_type type;
    int64_t id = 0;
    if (!answered) {
        no_answer++;
    } else if (gid != NULL && code == NULL && res_id_decode(gid, strlen(gid), &type, &id) == 0 &&
               type == RES_ID_TRANSFER) {
        successes++;
        if (op->transfer_id == 0)
            op->transfer_id = id;
        else if (op->transfer_id != id)
            mismatches++;
    } else if (code != NULL && strcmp(code, "INSUFFICIENT_FUNDS") == 0) {
        refusals++;
    } else if (code != NULL && strcmp(code, "IDEMPOTENCY_IN_PROGRESS") == 0) {
        in_progress++;
    } else if (code != NULL && strcmp(code, "SERVICE_UNAVAILABLE") == 0) {
        unavailable++; /* concurrency retries ran out: allowed, never a partial movement */
    } else {
        unexpected++;
        snprintf(unexpected_body, sizeof(unexpected_body), "%s", body ? body : "");
    }
    json_decref(r);
    pthread_mutex_unlock(&ops_lock);
}

static void
send_op(const struct op *op, char **body, bool *answered)
{
    char amount[32];
    snprintf(amount, sizeof(amount), "%lld.%02lld", op->amount / 100, op->amount % 100);
    json_t *vars = json_pack("{s:s, s:s, s:s, s:s}",
                             "f",
                             holders[op->user].accounts[op->from],
                             "t",
                             holders[op->to_user].accounts[op->to],
                             "m",
                             amount,
                             "k",
                             op->key);
    json_t *req = json_pack("{s:s, s:o}",
                            "query",
                            "mutation($f:ID!,$t:ID!,$m:Money!,$k:String){transfer(input:{"
                            "fromAccountId:$f,toAccountId:$t,amount:$m,idempotencyKey:$k}){id}}",
                            "variables",
                            vars);
    char *text = json_dumps(req, JSON_COMPACT);
    json_decref(req);
    char hdr[JWT_MAX_TOKEN + 64];
    snprintf(hdr, sizeof(hdr), "Authorization: Bearer %s\r\n", holders[op->user].u.token);
    struct th_response r;
    *answered = th_graphql(env.w.port, "application/json", hdr, text, &r) == 0;
    *body = *answered ? strdup(r.body) : NULL;
    if (*answered)
        th_response_free(&r);
    free(text);
}

static void *
client(void *arg)
{
    int index = (int)(intptr_t)arg;
    uint64_t seed = UINT64_C(0x9E3779B97F4A7C15) * (uint64_t)(index + 1);
    long deadline = now_ms() + RUN_MS;
    unsigned made = 0;
    while (now_ms() < deadline) {
        struct op *op = NULL;
        pthread_mutex_lock(&ops_lock);
        if (nops > 0 && next_rand(&seed) % 100 < 35) {
            /* Resend a recent request, as a client retrying after a lost answer would. */
            size_t window = nops < 64 ? nops : 64;
            op = &ops[nops - 1 - next_rand(&seed) % window];
        } else if (nops < MAX_OPS) {
            op = &ops[nops++];
            op->user = (int)(next_rand(&seed) % USERS);
            op->from = (int)(next_rand(&seed) % 2);
            op->to_user = (int)(next_rand(&seed) % USERS);
            op->to = (int)(next_rand(&seed) % 2);
            if (op->to_user == op->user && op->to == op->from)
                op->to = 1 - op->from; /* to one's own other account */
            op->amount = 1 + (long long)(next_rand(&seed) % 6000);
            snprintf(op->key, sizeof(op->key), "conc-%d-%u", index, made++);
        }
        struct op copy = op ? *op : (struct op){0};
        pthread_mutex_unlock(&ops_lock);
        if (op == NULL)
            break;
        char *body;
        bool answered;
        send_op(&copy, &body, &answered);
        record(op, body, answered);
        free(body);
    }
    return NULL;
}

static void
random_transfers_keep_the_books(void **state)
{
    (void)state;
    mc_user(&env, &admin, "conc_admin", "ADMIN");
    for (int i = 0; i < USERS; i++) {
        char name[32];
        snprintf(name, sizeof(name), "conc_%d", i);
        mc_user(&env, &holders[i].u, name, "USER");
        mc_kyc_verified(&env, holders[i].u.id); /* the day's limits are not under test here */
        mc_account(&env, &holders[i].u, "CHECKING", 0, NULL, holders[i].accounts[0]);
        mc_account(&env, &holders[i].u, "CREDIT", CREDIT_LIMIT, NULL, holders[i].accounts[1]);
        mc_deposit(&env, &admin, holders[i].accounts[0], "500.00", NULL);
    }
    long long customers_before =
        mc_sql_int(&env, "SELECT sum(balance) FROM accounts WHERE user_id IS NOT NULL");
    assert_int_equal(customers_before, USERS * DEPOSIT_MINOR);

    pthread_t threads[CLIENTS];
    for (int i = 0; i < CLIENTS; i++)
        pthread_create(&threads[i], NULL, client, (void *)(intptr_t)i);
    for (int i = 0; i < CLIENTS; i++)
        pthread_join(threads[i], NULL);
    print_message("%zu keys, %ld transfers answered, %ld refused for funds, %ld in progress, "
                  "%ld unavailable, %ld unanswered\n",
                  nops,
                  successes,
                  refusals,
                  in_progress,
                  unavailable,
                  no_answer);
    if (unexpected > 0)
        fail_msg("%ld unexpected answers, e.g. %s", unexpected, unexpected_body);
    assert_int_equal(mismatches, 0);
    assert_int_equal(no_answer, 0);
    assert_true(successes > 0);

    /* The books. */
    assert_int_equal(
        mc_sql_int(&env, "SELECT sum(balance) FROM accounts WHERE user_id IS NOT NULL"),
        customers_before);
    mc_check_invariants(&env, &admin);

    /* Every key moved money at most once, and is the key of the transfer its answers named. */
    long keyed = 0;
    struct strbuf sql = STRBUF_INIT;
    strbuf_puts(&sql, "SELECT count(*) FROM (VALUES ");
    for (size_t i = 0; i < nops; i++) {
        if (ops[i].transfer_id == 0)
            continue;
        strbuf_printf(&sql,
                      "%s(%ld, '%s', %lld)",
                      keyed++ ? "," : "",
                      holders[ops[i].user].u.id,
                      ops[i].key,
                      (long long)ops[i].transfer_id);
    }
    strbuf_puts(&sql,
                ") v (u, k, t) LEFT JOIN idempotency_keys i ON i.user_id = v.u AND i.key = v.k "
                "WHERE i.transfer_id IS DISTINCT FROM v.t");
    if (keyed > 0)
        assert_int_equal(mc_sql_int(&env, "%s", sql.data), 0);
    strbuf_free(&sql);
    long long transfers =
        mc_sql_int(&env, "SELECT count(*) FROM transfers WHERE kind = 'TRANSFER'");
    assert_int_equal(transfers, keyed);
    assert_int_equal(mc_sql_int(&env,
                                "SELECT count(*) FROM transfers t WHERE (SELECT count(*) FROM "
                                "idempotency_keys k WHERE k.transfer_id = t.id) <> 1"),
                     0);
    assert_int_equal(mc_sql_int(&env,
                                "SELECT count(*) FROM idempotency_keys WHERE transfer_id IS NULL "
                                "OR completed_at IS NULL"),
                     0);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(random_transfers_keep_the_books),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
