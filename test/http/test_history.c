/*
 * History over HTTP (contract §4 "Lists", issue 5 "History", "No N+1"): Query.transfers
 * (visibility, newest first, filters, keyset pages that neither repeat nor skip while
 * transfers are added, totalCount, cursor and `first` checks), Query.transfer, Account.entries
 * and Query.cashFlow; and the number of SQL statements a page of 100 transfers with both
 * accounts and both parties costs, counted in PostgreSQL's statement log: the same small
 * number as a page of 5.
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

#include <sys/wait.h>
#include <time.h>

static struct mc_env env;
static struct mc_user admin;

static int
setup(void **state)
{
    (void)state;
    /* A cluster of its own: the statement count turns on its statement log. */
    if (mc_start_own(&env, NULL) != 0)
        return -1;
    mc_user(&env, &admin, "hist_admin", "ADMIN");
    return 0;
}

static int
teardown(void **state)
{
    (void)state;
    mc_stop(&env);
    return 0;
}

/* A completed transfer; its global id into gid (may be NULL). */
static void
pay(const struct mc_party *from, const struct mc_party *to, const char *amount, char *gid)
{
    static unsigned counter;
    char vars[512];
    snprintf(vars,
             sizeof(vars),
             "{\"f\":\"%s\",\"t\":\"%s\",\"m\":\"%s\",\"k\":\"hist-%u\"}",
             from->gid,
             to->gid,
             amount,
             ++counter);
    json_t *r = mc_gql(&env,
                       from->u.token,
                       NULL,
                       "mutation($f:ID!,$t:ID!,$m:Money!,$k:String){transfer(input:{"
                       "fromAccountId:$f,toAccountId:$t,amount:$m,idempotencyKey:$k}){id}}",
                       vars,
                       NULL,
                       NULL);
    mc_ok(r);
    if (gid != NULL)
        snprintf(gid, 64, "%s", mc_str(r, "transfer.id"));
    json_decref(r);
}

/* Query.transfers with a filter object text (NULL: none), first, after (NULL: none). */
static json_t *
list(const struct mc_user *u, const char *filter, int first, const char *after)
{
    char vars[1024];
    snprintf(vars,
             sizeof(vars),
             "{\"f\":%s,\"n\":%d,\"a\":%s%s%s}",
             filter ? filter : "null",
             first,
             after ? "\"" : "",
             after ? after : "null",
             after ? "\"" : "");
    return mc_gql(&env,
                  u->token,
                  NULL,
                  "query($f:TransferFilter,$n:Int,$a:String){transfers(filter:$f,first:$n,"
                  "after:$a){totalCount edges{cursor node{id amount status kind "
                  "from{username} to{username}}} pageInfo{hasNextPage hasPreviousPage "
                  "startCursor endCursor}}}",
                  vars,
                  NULL,
                  NULL);
}

static size_t
edge_count(json_t *r)
{
    return json_array_size(mc_data(r, "transfers.edges"));
}

static long long
total_count(json_t *r)
{
    return json_integer_value(mc_data(r, "transfers.totalCount"));
}

static void
transfers_visibility_and_order(void **state)
{
    (void)state;
    struct mc_party a, b, c;
    mc_party(&env, &admin, &a, "vis_a", "100.00");
    mc_party(&env, &admin, &b, "vis_b", NULL);
    mc_party(&env, &admin, &c, "vis_c", NULL);
    char t1[64], t2[64], t3[64];
    pay(&a, &b, "1.00", t1);
    pay(&a, &b, "2.00", t2);
    pay(&b, &c, "3.00", t3);
    /* a: its deposit and two sent, newest first. */
    json_t *r = list(&a.u, NULL, 20, NULL);
    mc_ok(r);
    assert_int_equal(total_count(r), 3);
    assert_int_equal(edge_count(r), 3);
    assert_string_equal(mc_str(r, "transfers.edges.0.node.id"), t2);
    assert_string_equal(mc_str(r, "transfers.edges.1.node.id"), t1);
    assert_string_equal(mc_str(r, "transfers.edges.2.node.kind"), "DEPOSIT");
    assert_false(json_is_true(mc_data(r, "transfers.pageInfo.hasNextPage")));
    assert_false(json_is_true(mc_data(r, "transfers.pageInfo.hasPreviousPage")));
    json_decref(r);
    /* b: received two, sent one; c: received one. */
    r = list(&b.u, NULL, 20, NULL);
    assert_int_equal(total_count(r), 3);
    assert_string_equal(mc_str(r, "transfers.edges.0.node.id"), t3);
    json_decref(r);
    r = list(&c.u, NULL, 20, NULL);
    assert_int_equal(total_count(r), 1);
    json_decref(r);
    /* An ADMIN sees every transfer. */
    r = list(&admin, NULL, 100, NULL);
    mc_ok(r);
    assert_int_equal(total_count(r), mc_sql_int(&env, "SELECT count(*) FROM transfers"));
    json_decref(r);

    /* Query.transfer: the parties and an ADMIN see it, nobody else. */
    char vars[256];
    snprintf(vars, sizeof(vars), "{\"id\":\"%s\"}", t1);
    const char *q = "query($id:ID!){transfer(id:$id){id amount from{username} to{username}}}";
    const struct mc_user *see[] = {&a.u, &b.u, &admin};
    for (size_t i = 0; i < 3; i++) {
        r = mc_gql(&env, see[i]->token, NULL, q, vars, NULL, NULL);
        mc_ok(r);
        assert_string_equal(mc_str(r, "transfer.amount"), "1.00");
        json_decref(r);
    }
    r = mc_gql(&env, c.u.token, NULL, q, vars, NULL, NULL);
    mc_expect_code(r, "NOT_FOUND");
    assert_true(json_is_null(mc_data(r, "transfer")));
    json_decref(r);
    r = mc_gql(&env, c.u.token, NULL, q, "{\"id\":\"garbage\"}", NULL, NULL);
    mc_expect_code(r, "BAD_USER_INPUT");
    json_decref(r);
    snprintf(vars, sizeof(vars), "{\"id\":\"%s\"}", a.gid); /* an Account's id */
    r = mc_gql(&env, a.u.token, NULL, q, vars, NULL, NULL);
    mc_expect_code(r, "NOT_FOUND");
    json_decref(r);
    r = mc_gql(&env, NULL, NULL, "{transfers{totalCount}}", NULL, NULL, NULL);
    mc_expect_code(r, "UNAUTHENTICATED");
    json_decref(r);
}

static void
transfers_filters(void **state)
{
    (void)state;
    struct mc_party a, b;
    mc_party(&env, &admin, &a, "flt_a", "500000.00");
    mc_party(&env, &admin, &b, "flt_b", "10.00");
    mc_kyc_verified(&env, a.u.id);
    char savings_gid[64];
    mc_account(&env, &a.u, "SAVINGS", 0, NULL, savings_gid);
    struct mc_party a_savings = a;
    snprintf(a_savings.gid, sizeof(a_savings.gid), "%s", savings_gid);
    pay(&a, &b, "1.00", NULL);
    pay(&b, &a, "2.00", NULL);
    pay(&a, &a_savings, "3.00", NULL);
    pay(&a, &b, "200000.00", NULL); /* held */
    char f[512];
    /* a's accounts: deposit + 4 transfers. */
    json_t *r = list(&a.u, "{\"direction\":\"OUT\"}", 20, NULL);
    mc_ok(r);
    assert_int_equal(total_count(r), 3);
    json_decref(r);
    r = list(&a.u, "{\"direction\":\"IN\"}", 20, NULL);
    assert_int_equal(total_count(r), 3); /* deposit, from b, into savings */
    json_decref(r);
    r = list(&a.u, "{\"direction\":\"ANY\"}", 20, NULL);
    assert_int_equal(total_count(r), 5);
    json_decref(r);
    r = list(&a.u, "{\"status\":\"PENDING_REVIEW\"}", 20, NULL);
    assert_int_equal(total_count(r), 1);
    assert_string_equal(mc_str(r, "transfers.edges.0.node.amount"), "200000.00");
    json_decref(r);
    /* One account, either way. */
    snprintf(f, sizeof(f), "{\"accountId\":\"%s\"}", savings_gid);
    r = list(&a.u, f, 20, NULL);
    assert_int_equal(total_count(r), 1);
    json_decref(r);
    snprintf(f, sizeof(f), "{\"accountId\":\"%s\",\"direction\":\"OUT\"}", a.gid);
    r = list(&a.u, f, 20, NULL);
    assert_int_equal(total_count(r), 3);
    json_decref(r);
    /* Another user's account: NOT_FOUND; for an ADMIN, that account's transfers. */
    snprintf(f, sizeof(f), "{\"accountId\":\"%s\"}", b.gid);
    r = list(&a.u, f, 20, NULL);
    mc_expect_code(r, "NOT_FOUND");
    json_decref(r);
    r = list(&admin, f, 20, NULL);
    mc_ok(r);
    assert_int_equal(total_count(r), 4); /* b's deposit, both of a's to b (one held), b's to a */
    json_decref(r);
    /* since/until: a window that holds everything, and one in the future. */
    r = list(
        &a.u, "{\"since\":\"2000-01-01T00:00:00Z\",\"until\":\"2999-01-01T00:00:00Z\"}", 20, NULL);
    assert_int_equal(total_count(r), 5);
    json_decref(r);
    r = list(&a.u, "{\"since\":\"2999-01-01T00:00:00Z\"}", 20, NULL);
    mc_ok(r);
    assert_int_equal(total_count(r), 0);
    assert_int_equal(edge_count(r), 0);
    assert_true(json_is_null(mc_data(r, "transfers.pageInfo.endCursor")));
    json_decref(r);
    r = list(&a.u, "{\"until\":\"2000-01-01T00:00:00Z\"}", 20, NULL);
    assert_int_equal(total_count(r), 0);
    json_decref(r);
}

static void
transfers_pagination(void **state)
{
    (void)state;
    struct mc_party a, b;
    mc_party(&env, &admin, &a, "page_a", "100.00");
    mc_party(&env, &admin, &b, "page_b", NULL);
    for (int i = 0; i < 6; i++)
        pay(&a, &b, "1.00", NULL);
    /* first is 1-100. */
    json_t *r = list(&a.u, NULL, 0, NULL);
    mc_expect_code(r, "BAD_USER_INPUT");
    json_decref(r);
    r = list(&a.u, NULL, 101, NULL);
    mc_expect_code(r, "BAD_USER_INPUT");
    json_decref(r);
    /* Garbage and other lists' cursors are refused. */
    r = list(&a.u, NULL, 2, "not-a-cursor");
    mc_expect_code(r, "BAD_USER_INPUT");
    json_decref(r);
    /* "entries|1|0|" and "transfers|1|0|garbage" in base64url. */
    r = list(&a.u, NULL, 2, "ZW50cmllc3wxfDB8");
    mc_expect_code(r, "BAD_USER_INPUT");
    json_decref(r);
    r = list(&a.u, NULL, 2, "dHJhbnNmZXJzfDF8MHxnYXJiYWdl");
    mc_expect_code(r, "BAD_USER_INPUT");
    json_decref(r);

    /* Walk 7 transfers 2 at a time, adding one between pages: nothing repeats or is skipped. */
    char seen[16][64];
    size_t nseen = 0;
    char after[512] = "";
    bool more = true;
    for (int page = 0; more; page++) {
        r = list(&a.u, NULL, 2, after[0] ? after : NULL);
        mc_ok(r);
        assert_int_equal(json_is_true(mc_data(r, "transfers.pageInfo.hasPreviousPage")), page > 0);
        for (size_t i = 0; i < edge_count(r); i++) {
            char path[64];
            snprintf(path, sizeof(path), "transfers.edges.%zu.node.id", i);
            for (size_t k = 0; k < nseen; k++)
                assert_string_not_equal(seen[k], mc_str(r, path));
            snprintf(seen[nseen++], 64, "%s", mc_str(r, path));
        }
        more = json_is_true(mc_data(r, "transfers.pageInfo.hasNextPage"));
        snprintf(after, sizeof(after), "%s", mc_str(r, "transfers.pageInfo.endCursor"));
        json_decref(r);
        if (page < 2)
            pay(&a, &b, "1.00", NULL); /* newer than every page still to come */
    }
    assert_int_equal(nseen, 7); /* the deposit and the first six transfers */
    r = list(&a.u, NULL, 100, NULL);
    assert_int_equal(total_count(r), 9);
    json_decref(r);
}

static void
account_entries(void **state)
{
    (void)state;
    struct mc_party a, b;
    mc_party(&env, &admin, &a, "ent_a", "50.00");
    mc_party(&env, &admin, &b, "ent_b", NULL);
    char savings_gid[64];
    long savings = mc_account(&env, &a.u, "SAVINGS", 0, NULL, savings_gid);
    (void)savings;
    char t1[64], t2[64];
    pay(&a, &b, "10.00", t1);
    struct mc_party s = a;
    snprintf(s.gid, sizeof(s.gid), "%s", savings_gid);
    pay(&a, &s, "5.00", t2);
    json_t *r = mc_gql(&env,
                       a.u.token,
                       NULL,
                       "{me{accounts{id entries(first:2){edges{cursor node{amount balanceAfter at "
                       "transfer{id}}} pageInfo{hasNextPage endCursor}}}}}",
                       NULL,
                       NULL,
                       NULL);
    mc_ok(r);
    /* Checking: -5.00 (35.00), -10.00 (40.00); +50.00 on the next page. */
    assert_string_equal(mc_str(r, "me.accounts.0.entries.edges.0.node.amount"), "-5.00");
    assert_string_equal(mc_str(r, "me.accounts.0.entries.edges.0.node.balanceAfter"), "35.00");
    assert_string_equal(mc_str(r, "me.accounts.0.entries.edges.0.node.transfer.id"), t2);
    assert_string_equal(mc_str(r, "me.accounts.0.entries.edges.1.node.amount"), "-10.00");
    assert_string_equal(mc_str(r, "me.accounts.0.entries.edges.1.node.transfer.id"), t1);
    assert_true(json_is_true(mc_data(r, "me.accounts.0.entries.pageInfo.hasNextPage")));
    assert_string_equal(mc_str(r, "me.accounts.1.entries.edges.0.node.amount"), "5.00");
    assert_string_equal(mc_str(r, "me.accounts.1.entries.edges.0.node.balanceAfter"), "5.00");
    assert_false(json_is_true(mc_data(r, "me.accounts.1.entries.pageInfo.hasNextPage")));
    char vars[512];
    snprintf(vars,
             sizeof(vars),
             "{\"id\":\"%s\",\"c\":\"%s\"}",
             a.gid,
             mc_str(r, "me.accounts.0.entries.pageInfo.endCursor"));
    json_decref(r);
    r = mc_gql(&env,
               a.u.token,
               NULL,
               "query($id:ID!,$c:String){account(id:$id){entries(first:2,after:$c){edges{node{"
               "amount balanceAfter}} pageInfo{hasNextPage hasPreviousPage}}}}",
               vars,
               NULL,
               NULL);
    mc_ok(r);
    assert_int_equal(json_array_size(mc_data(r, "account.entries.edges")), 1);
    assert_string_equal(mc_str(r, "account.entries.edges.0.node.amount"), "50.00");
    assert_true(json_is_true(mc_data(r, "account.entries.pageInfo.hasPreviousPage")));
    assert_false(json_is_true(mc_data(r, "account.entries.pageInfo.hasNextPage")));
    json_decref(r);
    /* The other side of a transfer shows no entries of an account that is not one's own. */
    snprintf(vars, sizeof(vars), "{\"id\":\"%s\"}", t1);
    r = mc_gql(&env,
               b.u.token,
               NULL,
               "query($id:ID!){transfer(id:$id){fromAccount{id entries{edges{cursor}}}}}",
               vars,
               NULL,
               NULL);
    mc_expect_code(r, "NOT_FOUND");
    json_decref(r);
    r = mc_gql(
        &env, a.u.token, NULL, "{me{accounts{entries(first:0){edges{cursor}}}}}", NULL, NULL, NULL);
    mc_expect_code(r, "BAD_USER_INPUT");
    json_decref(r);
}

static void
utc_day(char out[16])
{
    time_t now = time(NULL);
    struct tm tm;
    gmtime_r(&now, &tm);
    strftime(out, 16, "%Y-%m-%d", &tm);
}

static void
cash_flow(void **state)
{
    (void)state;
    struct mc_party a, b;
    char today[16], after[16];
    utc_day(today);
    mc_party(&env, &admin, &a, "flow_a", "80.00");
    mc_party(&env, &admin, &b, "flow_b", NULL);
    pay(&a, &b, "12.50", NULL);
    pay(&b, &a, "2.25", NULL);
    json_t *r =
        mc_gql(&env, a.u.token, NULL, "{cashFlow{day incoming outgoing}}", NULL, NULL, NULL);
    mc_ok(r);
    utc_day(after);
    if (strcmp(today, after) != 0) {
        json_decref(r);
        skip(); /* the test ran across midnight UTC: its money is on two days */
    }
    json_t *points = mc_data(r, "cashFlow");
    assert_int_equal(json_array_size(points), 30);
    /* Oldest first, one point a day, ending today (UTC). */
    assert_string_equal(mc_str(r, "cashFlow.29.day"), today);
    for (size_t i = 1; i < 30; i++) {
        const char *prev = json_string_value(json_object_get(json_array_get(points, i - 1), "day"));
        const char *day = json_string_value(json_object_get(json_array_get(points, i), "day"));
        assert_true(strcmp(prev, day) < 0);
    }
    assert_string_equal(mc_str(r, "cashFlow.29.incoming"), "82.25");
    assert_string_equal(mc_str(r, "cashFlow.29.outgoing"), "12.50");
    assert_string_equal(mc_str(r, "cashFlow.0.incoming"), "0.00");
    assert_string_equal(mc_str(r, "cashFlow.0.outgoing"), "0.00");
    json_decref(r);
    /* One account, one day. */
    char vars[256];
    snprintf(vars, sizeof(vars), "{\"a\":\"%s\"}", b.gid);
    r = mc_gql(&env,
               b.u.token,
               NULL,
               "query($a:ID){cashFlow(accountId:$a,days:1){day incoming outgoing}}",
               vars,
               NULL,
               NULL);
    mc_ok(r);
    assert_int_equal(json_array_size(mc_data(r, "cashFlow")), 1);
    assert_string_equal(mc_str(r, "cashFlow.0.incoming"), "12.50");
    assert_string_equal(mc_str(r, "cashFlow.0.outgoing"), "2.25");
    json_decref(r);
    r = mc_gql(
        &env, a.u.token, NULL, "query($a:ID){cashFlow(accountId:$a){day}}", vars, NULL, NULL);
    mc_expect_code(r, "NOT_FOUND");
    json_decref(r);
    static const char *const bad[] = {"0", "367", "-1"};
    for (size_t i = 0; i < 3; i++) {
        char q[128];
        snprintf(q, sizeof(q), "{cashFlow(days:%s){day}}", bad[i]);
        r = mc_gql(&env, a.u.token, NULL, q, NULL, NULL, NULL);
        mc_expect_code(r, "BAD_USER_INPUT");
        json_decref(r);
    }
    r = mc_gql(&env, a.u.token, NULL, "{cashFlow(days:366){day}}", NULL, NULL, NULL);
    mc_ok(r);
    assert_int_equal(json_array_size(mc_data(r, "cashFlow")), 366);
    json_decref(r);
}

/*---------------------------------------------------------------------------------------------
 * walletd seed-demo: weeks of history through the ledger, added once
 *-------------------------------------------------------------------------------------------*/

/* Runs `walletd seed-demo` with extra environment; returns its exit status, output in out. */
static int
seed_demo(const char *extra_env, char *out, size_t cap)
{
    char cmd[2048];
    snprintf(cmd,
             sizeof(cmd),
             "%s WALLET_DATABASE_URL='%s' '%s' seed-demo 2>&1",
             extra_env,
             env.pg.url,
             th_walletd_path());
    FILE *p = popen(cmd, "r");
    if (p == NULL)
        fail_msg("cannot run walletd");
    size_t n = fread(out, 1, cap - 1, p);
    out[n] = '\0';
    int status = pclose(p);
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

static void
seed_demo_history(void **state)
{
    (void)state;
    char out[1024];
    assert_int_equal(seed_demo("WALLET_ENV=production", out, sizeof(out)), 1);
    assert_non_null(strstr(out, "production"));
    assert_int_equal(mc_sql_int(&env, "SELECT count(*) FROM users WHERE username = 'alice'"), 0);

    if (seed_demo("", out, sizeof(out)) != 0)
        fail_msg("seed-demo failed: %s", out);
    long long transfers = mc_sql_int(&env, "SELECT count(*) FROM transfers");
    long long entries = mc_sql_int(&env, "SELECT count(*) FROM ledger_entries");
    long long users = mc_sql_int(&env, "SELECT count(*) FROM users");
    assert_int_equal(seed_demo("", out, sizeof(out)), 0);
    assert_non_null(strstr(out, "nothing added"));
    assert_int_equal(mc_sql_int(&env, "SELECT count(*) FROM transfers"), transfers);
    assert_int_equal(mc_sql_int(&env, "SELECT count(*) FROM ledger_entries"), entries);
    assert_int_equal(mc_sql_int(&env, "SELECT count(*) FROM users"), users);

    /* Alice's dashboard: weeks of daily movements, a long transfer list. */
    struct mc_user alice;
    alice.id = (long)mc_sql_int(&env, "SELECT id FROM users WHERE username = 'alice'");
    th_token(MC_JWT_SECRET, alice.id, "USER", 3600, alice.token);
    json_t *r = mc_gql(
        &env, alice.token, NULL, "{cashFlow(days:30){day incoming outgoing}}", NULL, NULL, NULL);
    mc_ok(r);
    int active = 0;
    for (size_t i = 0; i < 30; i++) {
        json_t *point = json_array_get(mc_data(r, "cashFlow"), i);
        if (strcmp(json_string_value(json_object_get(point, "incoming")), "0.00") != 0 ||
            strcmp(json_string_value(json_object_get(point, "outgoing")), "0.00") != 0)
            active++;
    }
    json_decref(r);
    assert_true(active >= 15);
    r = list(&alice, NULL, 100, NULL);
    mc_ok(r);
    assert_true(total_count(r) >= 40);
    json_decref(r);
    mc_check_invariants(&env, &admin);
}

/*---------------------------------------------------------------------------------------------
 * No N+1: statements counted in PostgreSQL's log
 *-------------------------------------------------------------------------------------------*/

/* The statements PostgreSQL ran for one request of token's (log_statement = all). */
static int
statements_of(const char *token, const char *query)
{
    static int mark;
    char begin[64], end[64];
    snprintf(begin, sizeof(begin), "nplus1-mark-%d", ++mark);
    snprintf(end, sizeof(end), "nplus1-mark-%d", ++mark);
    mc_sql(&env, "SELECT '%s'", begin);
    json_t *r = mc_gql(&env, token, NULL, query, NULL, NULL, NULL);
    mc_ok(r);
    json_decref(r);
    mc_sql(&env, "SELECT '%s'", end);
    char path[400];
    snprintf(path, sizeof(path), "%s/server.log", env.pg.dir);
    FILE *f = fopen(path, "r");
    if (f == NULL)
        fail_msg("cannot read %s", path);
    char line[8192];
    int state = 0, count = 0;
    while (fgets(line, sizeof(line), f) != NULL && state < 2) {
        if (strstr(line, begin) != NULL)
            state = 1;
        else if (strstr(line, end) != NULL)
            state = 2;
        else if (state == 1 &&
                 (strstr(line, "LOG:  execute ") || strstr(line, "LOG:  statement: ")))
            count++;
    }
    fclose(f);
    if (state != 2)
        fail_msg("markers not found in %s", path);
    return count;
}

static void
no_n_plus_one(void **state)
{
    (void)state;
    /* 30 users with an account each, and 120 transfers among them. */
    enum { USERS = 30 };
    static struct mc_party p[USERS];
    for (int i = 0; i < USERS; i++) {
        char name[32];
        snprintf(name, sizeof(name), "np_%02d", i);
        mc_party(&env, &admin, &p[i], name, "1000.00");
    }
    for (int i = 0; i < 90; i++)
        pay(&p[i % USERS], &p[(i * 7 + 1) % USERS], "1.00", NULL);
    mc_sql(&env, "ALTER SYSTEM SET log_statement = 'all'");
    mc_sql(&env, "SELECT pg_reload_conf()");
#define PAGE_DOC                                                                                   \
    "{transfers(first:%d){totalCount edges{node{id amount from{username displayName} "             \
    "to{username} fromAccount{id maskedNumber owner{username}} toAccount{id maskedNumber "         \
    "owner{username}}}}}}"
    char q100[512], q5[512];
    snprintf(q100, sizeof(q100), PAGE_DOC, 100);
    snprintf(q5, sizeof(q5), PAGE_DOC, 5);
    /* Once first: walletd prepares its statements on each connection as it meets them. */
    statements_of(admin.token, q100);
    statements_of(admin.token, q5);
    int n100 = statements_of(admin.token, q100);
    int n5 = statements_of(admin.token, q5);
    assert_int_equal(n100, n5);
    assert_true(n100 >= 3 && n100 <= 5); /* token check, page, accounts, users */
    /* A user's page, and ledger lines with their transfers, are constant too. */
#define ENTRIES_DOC                                                                                \
    "{me{accounts{entries(first:%d){edges{node{amount transfer{id from{username} to{username} "    \
    "toAccount{id}}}}}}}}"
    char e100[512], e2[512];
    snprintf(e100, sizeof(e100), ENTRIES_DOC, 100);
    snprintf(e2, sizeof(e2), ENTRIES_DOC, 2);
    statements_of(p[0].u.token, e100);
    int ne100 = statements_of(p[0].u.token, e100);
    int ne2 = statements_of(p[0].u.token, e2);
    print_message("statements: 100 transfers %d, 5 transfers %d; 100 entries %d, 2 entries %d\n",
                  n100,
                  n5,
                  ne100,
                  ne2);
    assert_int_equal(ne100, ne2);
    assert_true(ne100 <= 7);
    mc_sql(&env, "ALTER SYSTEM RESET log_statement");
    mc_sql(&env, "SELECT pg_reload_conf()");
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(transfers_visibility_and_order),
        cmocka_unit_test(transfers_filters),
        cmocka_unit_test(transfers_pagination),
        cmocka_unit_test(account_entries),
        cmocka_unit_test(cash_flow),
        cmocka_unit_test(seed_demo_history),
        cmocka_unit_test(no_n_plus_one),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
