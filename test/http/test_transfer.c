/*
 * Transfers, deposits and reviews over HTTP against a real walletd and PostgreSQL (contract §4
 * "Money and transfers"): every rule and error code of Mutation.transfer, deposit and
 * reviewTransfer, the amounts that must be refused, self-transfers, the PENDING_REVIEW hold
 * through the bank's suspense account with its approval and rejection, the velocity limit,
 * and after each test the ledger's invariants (balances sum to zero with the bank's, equal
 * their ledger sums, none below its limit, audit chains verify).
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

static struct mc_env env;
static struct mc_user admin;

static int
setup(void **state)
{
    (void)state;
    if (mc_start(&env, NULL) != 0)
        return -1;
    mc_user(&env, &admin, "xfer_admin", "ADMIN");
    return 0;
}

static int
teardown(void **state)
{
    (void)state;
    mc_stop(&env);
    return 0;
}

static long long
bank(const char *role)
{
    return mc_sql_int(&env, "SELECT balance FROM accounts WHERE system_role = '%s'", role);
}

#define TRANSFER_FIELDS                                                                            \
    "id reference kind status amount currency memo reviewReason from{username} to{username} "      \
    "fromAccount{id} toAccount{id}"

/*
 * Mutation.transfer by u from account `from` to account id `to` or username `to_name`
 * (either may be NULL), with a fresh idempotency key. Caller json_decrefs.
 */
static json_t *
xfer(const struct mc_user *u,
     const char *from,
     const char *to,
     const char *to_name,
     const char *amount)
{
    static unsigned counter;
    char vars[1024];
    snprintf(vars,
             sizeof(vars),
             "{\"f\":\"%s\",\"t\":%s%s%s,\"n\":%s%s%s,\"m\":\"%s\",\"k\":\"xfer-%u\"}",
             from,
             to ? "\"" : "",
             to ? to : "null",
             to ? "\"" : "",
             to_name ? "\"" : "",
             to_name ? to_name : "null",
             to_name ? "\"" : "",
             amount,
             ++counter);
    return mc_gql(&env,
                  u->token,
                  NULL,
                  "mutation($f:ID!,$t:ID,$n:String,$m:Money!,$k:String){transfer(input:{"
                  "fromAccountId:$f,toAccountId:$t,toUsername:$n,amount:$m,memo:\"test\","
                  "idempotencyKey:$k}){" TRANSFER_FIELDS "}}",
                  vars,
                  NULL,
                  NULL);
}

/* xfer expecting success with status; returns the transfer's global id in gid (may be NULL). */
static void
xfer_ok(const struct mc_user *u,
        const char *from,
        const char *to,
        const char *to_name,
        const char *amount,
        const char *status,
        char *gid)
{
    json_t *r = xfer(u, from, to, to_name, amount);
    mc_ok(r);
    assert_string_equal(mc_str(r, "transfer.status"), status);
    if (gid != NULL)
        snprintf(gid, 64, "%s", mc_str(r, "transfer.id"));
    json_decref(r);
}

static void
xfer_refused(const struct mc_user *u,
             const char *from,
             const char *to,
             const char *to_name,
             const char *amount,
             const char *code)
{
    long long before = mc_transfer_count(&env);
    json_t *r = xfer(u, from, to, to_name, amount);
    mc_expect_code(r, code);
    assert_true(json_is_null(json_object_get(r, "data")) || mc_data(r, "transfer") == NULL ||
                json_is_null(mc_data(r, "transfer")));
    json_decref(r);
    assert_int_equal(mc_transfer_count(&env), before);
}

/*---------------------------------------------------------------------------------------------
 * Amounts
 *-------------------------------------------------------------------------------------------*/

static void
amounts_refused(void **state)
{
    (void)state;
    struct mc_party a, b;
    mc_party(&env, &admin, &a, "amt_a", "100.00");
    mc_party(&env, &admin, &b, "amt_b", NULL);
    long long before = mc_transfer_count(&env);
    /* As variables: the Money scalar or the resolver refuses them before anything moves. */
    static const char *const bad[] = {
        "\"-1.00\"",
        "\"0.00\"",
        "\"0\"",
        "\"0.001\"",
        "\"1e3\"",
        "\"99999999999999999999.99\"",
        "\"10000000000.01\"",
        "\"1,00\"",
        "\" 1.00\"",
        "\"\"",
        "\"abc\"",
        "12.5",
        "12",
        "true",
        "null",
    };
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        char vars[512];
        snprintf(vars,
                 sizeof(vars),
                 "{\"f\":\"%s\",\"t\":\"%s\",\"m\":%s,\"k\":\"amt-%zu\"}",
                 a.gid,
                 b.gid,
                 bad[i],
                 i);
        json_t *r = mc_gql(&env,
                           a.u.token,
                           NULL,
                           "mutation($f:ID!,$t:ID,$m:Money!,$k:String){transfer(input:{"
                           "fromAccountId:$f,toAccountId:$t,amount:$m,idempotencyKey:$k}){id}}",
                           vars,
                           NULL,
                           NULL);
        if (mc_code(r) == NULL || strcmp(mc_code(r), "BAD_USER_INPUT") != 0)
            fail_msg("amount %s: %s", bad[i], json_dumps(r, JSON_COMPACT));
        json_decref(r);
    }
    /* Written in the document: a float literal or a bad string fails validation. */
    static const char *const literals[] = {"12.5", "1", "\"1e3\"", "\"-1.00\""};
    for (size_t i = 0; i < sizeof(literals) / sizeof(literals[0]); i++) {
        char doc[512];
        snprintf(doc,
                 sizeof(doc),
                 "mutation{transfer(input:{fromAccountId:\"%s\",toAccountId:\"%s\",amount:%s,"
                 "idempotencyKey:\"lit-%zu\"}){id}}",
                 a.gid,
                 b.gid,
                 literals[i],
                 i);
        json_t *r = mc_gql(&env, a.u.token, NULL, doc, NULL, NULL, NULL);
        mc_expect_code(r, "GRAPHQL_VALIDATION_FAILED");
        json_decref(r);
    }
    assert_int_equal(mc_transfer_count(&env), before);
    assert_int_equal(mc_balance(&env, a.account), 10000);
    assert_int_equal(mc_balance(&env, b.account), 0);
    mc_check_invariants(&env, &admin);
}

/*---------------------------------------------------------------------------------------------
 * A transfer and what it writes
 *-------------------------------------------------------------------------------------------*/

static void
transfer_completes(void **state)
{
    (void)state;
    struct mc_party a, b;
    mc_party(&env, &admin, &a, "done_a", "1000.00");
    mc_party(&env, &admin, &b, "done_b", NULL);
    json_t *r = xfer(&a.u, a.gid, b.gid, NULL, "250.50");
    mc_ok(r);
    assert_string_equal(mc_str(r, "transfer.status"), "COMPLETED");
    assert_string_equal(mc_str(r, "transfer.kind"), "TRANSFER");
    assert_string_equal(mc_str(r, "transfer.amount"), "250.50");
    assert_string_equal(mc_str(r, "transfer.currency"), "INR");
    assert_string_equal(mc_str(r, "transfer.memo"), "test");
    assert_true(json_is_null(mc_data(r, "transfer.reviewReason")));
    assert_string_equal(mc_str(r, "transfer.from.username"), "done_a");
    assert_string_equal(mc_str(r, "transfer.to.username"), "done_b");
    assert_string_equal(mc_str(r, "transfer.fromAccount.id"), a.gid);
    assert_string_equal(mc_str(r, "transfer.toAccount.id"), b.gid);
    const char *ref = mc_str(r, "transfer.reference");
    assert_non_null(ref);
    assert_int_equal(strlen(ref), 12);
    assert_memory_equal(ref, "TX-", 3);
    assert_int_equal(ref[7], '-');
    json_decref(r);

    assert_int_equal(mc_balance(&env, a.account), 74950);
    assert_int_equal(mc_balance(&env, b.account), 25050);
    /* One debit and one credit line, each with the balance after it. */
    assert_int_equal(mc_sql_int(&env,
                                "SELECT count(*) FROM ledger_entries WHERE account_id = %ld AND "
                                "amount = -25050 AND balance_after = 74950",
                                a.account),
                     1);
    assert_int_equal(mc_sql_int(&env,
                                "SELECT count(*) FROM ledger_entries WHERE account_id = %ld AND "
                                "amount = 25050 AND balance_after = 25050",
                                b.account),
                     1);
    /* Audited in the sender's chain, in the same transaction. */
    assert_int_equal(mc_sql_int(&env,
                                "SELECT count(*) FROM audit_log WHERE action = 'TRANSFER' AND "
                                "actor_id = %ld AND chain = 'user:%ld'",
                                a.u.id,
                                a.u.id),
                     1);
    /* The owner sees the new balance right away, in the same response. */
    char vars[256];
    snprintf(vars, sizeof(vars), "{\"f\":\"%s\",\"t\":\"%s\"}", a.gid, b.gid);
    r = mc_gql(&env,
               a.u.token,
               NULL,
               "mutation($f:ID!,$t:ID){transfer(input:{fromAccountId:$f,toAccountId:$t,"
               "amount:\"0.50\",idempotencyKey:\"done-3\"}){fromAccount{balance}}}",
               vars,
               NULL,
               NULL);
    mc_ok(r);
    assert_string_equal(mc_str(r, "transfer.fromAccount.balance"), "749.00");
    json_decref(r);
    mc_check_invariants(&env, &admin);
}

static void
to_username_picks_oldest_active_checking(void **state)
{
    (void)state;
    struct mc_party a;
    mc_party(&env, &admin, &a, "name_a", "100.00");
    struct mc_user b;
    mc_user(&env, &b, "name_b", "USER");
    long savings = mc_account(&env, &b, "SAVINGS", 0, NULL, NULL);
    long frozen = mc_account(&env, &b, "CHECKING", 0, NULL, NULL);
    long oldest_active = mc_account(&env, &b, "CHECKING", 0, NULL, NULL);
    long newer = mc_account(&env, &b, "CHECKING", 0, NULL, NULL);
    mc_sql(&env, "UPDATE accounts SET status = 'FROZEN' WHERE id = %ld", frozen);
    /* Usernames are matched ignoring case. */
    xfer_ok(&a.u, a.gid, NULL, "Name_B", "10.00", "COMPLETED", NULL);
    assert_int_equal(mc_balance(&env, oldest_active), 1000);
    assert_int_equal(mc_balance(&env, savings) + mc_balance(&env, frozen) + mc_balance(&env, newer),
                     0);

    xfer_refused(&a.u, a.gid, NULL, "nobody_here", "1.00", "NOT_FOUND");
    xfer_refused(&a.u, a.gid, NULL, "not a name!", "1.00", "NOT_FOUND");
    /* A user whose only CHECKING account is frozen, and one with no CHECKING account. */
    struct mc_user c, d;
    mc_user(&env, &c, "name_c", "USER");
    long c_acc = mc_account(&env, &c, "CHECKING", 0, NULL, NULL);
    mc_sql(&env, "UPDATE accounts SET status = 'FROZEN' WHERE id = %ld", c_acc);
    xfer_refused(&a.u, a.gid, NULL, "name_c", "1.00", "ACCOUNT_FROZEN");
    mc_user(&env, &d, "name_d", "USER");
    mc_account(&env, &d, "SAVINGS", 0, NULL, NULL);
    xfer_refused(&a.u, a.gid, NULL, "name_d", "1.00", "NOT_FOUND");
    mc_check_invariants(&env, &admin);
}

static void
exactly_one_destination(void **state)
{
    (void)state;
    struct mc_party a, b;
    mc_party(&env, &admin, &a, "one_a", "100.00");
    mc_party(&env, &admin, &b, "one_b", NULL);
    xfer_refused(&a.u, a.gid, b.gid, "one_b", "1.00", "BAD_USER_INPUT");
    xfer_refused(&a.u, a.gid, NULL, NULL, "1.00", "BAD_USER_INPUT");
}

static void
self_transfer_refused(void **state)
{
    (void)state;
    struct mc_party a;
    mc_party(&env, &admin, &a, "self_a", "100.00");
    xfer_refused(&a.u, a.gid, a.gid, NULL, "1.00", "BAD_USER_INPUT");
    /* toUsername naming oneself resolves to the same account. */
    xfer_refused(&a.u, a.gid, NULL, "self_a", "1.00", "BAD_USER_INPUT");
    /* To another account of one's own is a transfer like any other. */
    char savings_gid[64];
    long savings = mc_account(&env, &a.u, "SAVINGS", 0, NULL, savings_gid);
    xfer_ok(&a.u, a.gid, savings_gid, NULL, "40.00", "COMPLETED", NULL);
    assert_int_equal(mc_balance(&env, savings), 4000);
    /* From the savings account back to the oldest checking one, by username. */
    xfer_ok(&a.u, savings_gid, NULL, "self_a", "15.00", "COMPLETED", NULL);
    assert_int_equal(mc_balance(&env, a.account), 7500);
    mc_check_invariants(&env, &admin);
}

static void
source_and_destination_rules(void **state)
{
    (void)state;
    struct mc_party a, b, c;
    mc_party(&env, &admin, &a, "rule_a", "100.00");
    mc_party(&env, &admin, &b, "rule_b", "100.00");
    mc_party(&env, &admin, &c, "rule_c", NULL);
    /* Another user's account as the source: NOT_FOUND, never FORBIDDEN. */
    xfer_refused(&a.u, b.gid, c.gid, NULL, "1.00", "NOT_FOUND");
    char missing[64], wrong_type[64], bank_gid[64];
    mc_account_gid(987654321, missing);
    xfer_refused(&a.u, missing, c.gid, NULL, "1.00", "NOT_FOUND");
    xfer_refused(&a.u, a.gid, missing, NULL, "1.00", "NOT_FOUND");
    mc_transfer_gid(1, wrong_type);
    xfer_refused(&a.u, wrong_type, c.gid, NULL, "1.00", "NOT_FOUND");
    xfer_refused(&a.u, "not-an-id", c.gid, NULL, "1.00", "BAD_USER_INPUT");
    /* The bank's own accounts are nobody's destination. */
    mc_account_gid((long)mc_sql_int(&env, "SELECT id FROM accounts WHERE system_role = 'SUSPENSE'"),
                   bank_gid);
    xfer_refused(&a.u, a.gid, bank_gid, NULL, "1.00", "NOT_FOUND");
    /* Frozen or closed source, frozen destination. */
    mc_sql(&env, "UPDATE accounts SET status = 'FROZEN' WHERE id = %ld", a.account);
    xfer_refused(&a.u, a.gid, c.gid, NULL, "1.00", "ACCOUNT_FROZEN");
    mc_sql(&env, "UPDATE accounts SET status = 'CLOSED' WHERE id = %ld", a.account);
    xfer_refused(&a.u, a.gid, c.gid, NULL, "1.00", "ACCOUNT_FROZEN");
    mc_sql(&env, "UPDATE accounts SET status = 'FROZEN' WHERE id = %ld", c.account);
    xfer_refused(&b.u, b.gid, c.gid, NULL, "1.00", "ACCOUNT_FROZEN");
    /* Another currency. */
    char usd_gid[64];
    mc_account(&env, &c.u, "CHECKING", 0, "USD", usd_gid);
    xfer_refused(&b.u, b.gid, usd_gid, NULL, "1.00", "BAD_USER_INPUT");
    /* Signed out. */
    json_t *r = mc_gql(&env,
                       NULL,
                       NULL,
                       "mutation{transfer(input:{fromAccountId:\"x\",toUsername:\"rule_b\","
                       "amount:\"1.00\",idempotencyKey:\"anon\"}){id}}",
                       NULL,
                       NULL,
                       NULL);
    mc_expect_code(r, "UNAUTHENTICATED");
    json_decref(r);
    assert_int_equal(mc_balance(&env, a.account), 10000);
    assert_int_equal(mc_balance(&env, b.account), 10000);
    mc_check_invariants(&env, &admin);
}

static void
insufficient_funds(void **state)
{
    (void)state;
    struct mc_party a, b;
    mc_party(&env, &admin, &a, "funds_a", "100.00");
    mc_party(&env, &admin, &b, "funds_b", NULL);
    xfer_refused(&a.u, a.gid, b.gid, NULL, "100.01", "INSUFFICIENT_FUNDS");
    xfer_ok(&a.u, a.gid, b.gid, NULL, "100.00", "COMPLETED", NULL);
    assert_int_equal(mc_balance(&env, a.account), 0);
    xfer_refused(&a.u, a.gid, b.gid, NULL, "0.01", "INSUFFICIENT_FUNDS");
    /* A CREDIT account may go down to minus its credit line, not a paisa further. */
    char credit_gid[64];
    long credit = mc_account(&env, &a.u, "CREDIT", 50000, NULL, credit_gid);
    xfer_ok(&a.u, credit_gid, b.gid, NULL, "300.00", "COMPLETED", NULL);
    xfer_refused(&a.u, credit_gid, b.gid, NULL, "200.01", "INSUFFICIENT_FUNDS");
    xfer_ok(&a.u, credit_gid, b.gid, NULL, "200.00", "COMPLETED", NULL);
    assert_int_equal(mc_balance(&env, credit), -50000);
    json_t *r = mc_gql(&env,
                       a.u.token,
                       NULL,
                       "{me{accounts{type balance available creditLimit}}}",
                       NULL,
                       NULL,
                       NULL);
    mc_ok(r);
    assert_string_equal(mc_str(r, "me.accounts.1.available"), "0.00");
    assert_string_equal(mc_str(r, "me.accounts.1.creditLimit"), "500.00");
    json_decref(r);
    assert_int_equal(mc_balance(&env, b.account), 60000);
    mc_check_invariants(&env, &admin);
}

static void
kyc_limits(void **state)
{
    (void)state;
    struct mc_party a, b;
    mc_party(&env, &admin, &a, "kyc_a", "100000.00");
    mc_party(&env, &admin, &b, "kyc_b", NULL);
    /* Without VERIFIED KYC: 10,000.00 a transfer, 25,000.00 a day. */
    xfer_refused(&a.u, a.gid, b.gid, NULL, "10000.01", "KYC_REQUIRED");
    xfer_ok(&a.u, a.gid, b.gid, NULL, "10000.00", "COMPLETED", NULL);
    xfer_ok(&a.u, a.gid, b.gid, NULL, "10000.00", "COMPLETED", NULL);
    xfer_refused(&a.u, a.gid, b.gid, NULL, "5000.01", "KYC_REQUIRED");
    xfer_ok(&a.u, a.gid, b.gid, NULL, "5000.00", "COMPLETED", NULL);
    xfer_refused(&a.u, a.gid, b.gid, NULL, "0.01", "KYC_REQUIRED");
    /* The day's total is the sender's, over all their accounts. */
    char savings_gid[64];
    mc_account(&env, &a.u, "SAVINGS", 0, NULL, savings_gid);
    xfer_refused(&a.u, a.gid, savings_gid, NULL, "0.01", "KYC_REQUIRED");

    /* With it: 1,000,000.00 a day, held transfers included. */
    struct mc_party v;
    mc_party(&env, &admin, &v, "kyc_v", "2000000.00");
    mc_kyc_verified(&env, v.u.id);
    xfer_refused(&v.u, v.gid, b.gid, NULL, "1000000.01", "LIMIT_EXCEEDED");
    xfer_ok(&v.u, v.gid, b.gid, NULL, "600000.00", "PENDING_REVIEW", NULL);
    xfer_ok(&v.u, v.gid, b.gid, NULL, "150000.00", "COMPLETED", NULL);
    xfer_refused(&v.u, v.gid, b.gid, NULL, "250000.01", "LIMIT_EXCEEDED");
    xfer_ok(&v.u, v.gid, b.gid, NULL, "250000.00", "PENDING_REVIEW", NULL);
    xfer_refused(&v.u, v.gid, b.gid, NULL, "0.01", "LIMIT_EXCEEDED");
    mc_check_invariants(&env, &admin);
}

/*---------------------------------------------------------------------------------------------
 * PENDING_REVIEW
 *-------------------------------------------------------------------------------------------*/

static json_t *
review(const struct mc_user *who, const char *transfer_gid, bool approve, const char *note)
{
    char vars[512];
    snprintf(vars,
             sizeof(vars),
             "{\"t\":\"%s\",\"a\":%s,\"n\":%s%s%s}",
             transfer_gid,
             approve ? "true" : "false",
             note ? "\"" : "",
             note ? note : "null",
             note ? "\"" : "");
    return mc_gql(&env,
                  who->token,
                  NULL,
                  "mutation($t:ID!,$a:Boolean!,$n:String){reviewTransfer(transferId:$t,"
                  "approve:$a,note:$n){id status reviewReason amount}}",
                  vars,
                  NULL,
                  NULL);
}

static void
held_transfer_approved(void **state)
{
    (void)state;
    struct mc_party a, b;
    mc_party(&env, &admin, &a, "held_a", "300000.00");
    mc_party(&env, &admin, &b, "held_b", NULL);
    mc_kyc_verified(&env, a.u.id);
    long long suspense = bank("SUSPENSE");
    /* Just below the threshold: completes at once. */
    xfer_ok(&a.u, a.gid, b.gid, NULL, "199999.99", "COMPLETED", NULL);
    assert_int_equal(bank("SUSPENSE"), suspense);

    mc_party(&env, &admin, &a, "held_c", "300000.00");
    mc_kyc_verified(&env, a.u.id);
    long long b_before = mc_balance(&env, b.account);
    json_t *r = xfer(&a.u, a.gid, b.gid, NULL, "200000.00");
    mc_ok(r);
    assert_string_equal(mc_str(r, "transfer.status"), "PENDING_REVIEW");
    assert_non_null(mc_str(r, "transfer.reviewReason"));
    char gid[64];
    snprintf(gid, sizeof(gid), "%s", mc_str(r, "transfer.id"));
    json_decref(r);
    /* The money left the sender into suspense; the receiver has nothing yet. */
    assert_int_equal(mc_balance(&env, a.account), 10000000);
    assert_int_equal(mc_balance(&env, b.account), b_before);
    assert_int_equal(bank("SUSPENSE"), suspense + 20000000);
    mc_check_invariants(&env, &admin);

    /* Only an ADMIN reviews. */
    r = review(&a.u, gid, true, NULL);
    mc_expect_code(r, "FORBIDDEN");
    json_decref(r);
    r = review(&admin, gid, true, "looks fine");
    mc_ok(r);
    assert_string_equal(mc_str(r, "reviewTransfer.status"), "COMPLETED");
    json_decref(r);
    assert_int_equal(mc_balance(&env, b.account), b_before + 20000000);
    assert_int_equal(bank("SUSPENSE"), suspense);
    assert_int_equal(mc_balance(&env, a.account), 10000000);
    /* Reviewed once only. */
    r = review(&admin, gid, false, NULL);
    mc_expect_code(r, "BAD_USER_INPUT");
    json_decref(r);
    assert_int_equal(mc_sql_int(&env,
                                "SELECT count(*) FROM audit_log WHERE action = 'TRANSFER_APPROVE' "
                                "AND actor_id = %ld",
                                admin.id),
                     1);
    /* The transfer as its parties see it now. */
    char vars[128];
    snprintf(vars, sizeof(vars), "{\"id\":\"%s\"}", gid);
    r = mc_gql(&env, b.u.token, NULL, "query($id:ID!){transfer(id:$id){status}}", vars, NULL, NULL);
    mc_ok(r);
    assert_string_equal(mc_str(r, "transfer.status"), "COMPLETED");
    json_decref(r);
    /* Reviewing something that is not a transfer, or no transfer at all. */
    char missing[64];
    mc_transfer_gid(987654321, missing);
    r = review(&admin, missing, true, NULL);
    mc_expect_code(r, "NOT_FOUND");
    json_decref(r);
    mc_check_invariants(&env, &admin);
}

static void
held_transfer_rejected(void **state)
{
    (void)state;
    struct mc_party a, b;
    mc_party(&env, &admin, &a, "rej_a", "500000.00");
    mc_party(&env, &admin, &b, "rej_b", NULL);
    mc_kyc_verified(&env, a.u.id);
    long long suspense = bank("SUSPENSE");
    char gid[64];
    xfer_ok(&a.u, a.gid, b.gid, NULL, "250000.00", "PENDING_REVIEW", gid);
    assert_int_equal(mc_balance(&env, a.account), 25000000);
    /* An approval cannot pay into an account frozen meanwhile; a rejection returns the money. */
    mc_sql(&env, "UPDATE accounts SET status = 'FROZEN' WHERE id = %ld", b.account);
    json_t *r = review(&admin, gid, true, NULL);
    mc_expect_code(r, "ACCOUNT_FROZEN");
    json_decref(r);
    r = review(&admin, gid, false, "source of funds unclear");
    mc_ok(r);
    assert_string_equal(mc_str(r, "reviewTransfer.status"), "REJECTED");
    assert_string_equal(mc_str(r, "reviewTransfer.reviewReason"), "source of funds unclear");
    json_decref(r);
    assert_int_equal(mc_balance(&env, a.account), 50000000);
    assert_int_equal(mc_balance(&env, b.account), 0);
    assert_int_equal(bank("SUSPENSE"), suspense);
    r = review(&admin, gid, false, NULL);
    mc_expect_code(r, "BAD_USER_INPUT");
    json_decref(r);
    /* A rejected transfer no longer counts against the day's limit (1,000,000.00). */
    mc_deposit(&env, &admin, a.gid, "1000000.00", NULL);
    struct mc_party c;
    mc_party(&env, &admin, &c, "rej_c", NULL);
    xfer_ok(&a.u, a.gid, c.gid, NULL, "1000000.00", "PENDING_REVIEW", NULL);
    /* The sender's ledger: out to suspense, back from it. */
    assert_int_equal(mc_sql_int(&env,
                                "SELECT count(*) FROM ledger_entries WHERE account_id = %ld AND "
                                "abs(amount) = 25000000",
                                a.account),
                     2);
    mc_check_invariants(&env, &admin);
}

/*---------------------------------------------------------------------------------------------
 * Deposits
 *-------------------------------------------------------------------------------------------*/

static json_t *
deposit(const struct mc_user *who, const char *gid, const char *amount, const char *key)
{
    char vars[512];
    snprintf(vars, sizeof(vars), "{\"a\":\"%s\",\"m\":\"%s\",\"k\":\"%s\"}", gid, amount, key);
    return mc_gql(&env,
                  who ? who->token : NULL,
                  NULL,
                  "mutation($a:ID!,$m:Money!,$k:String){deposit(input:{accountId:$a,amount:$m,"
                  "idempotencyKey:$k}){id kind status amount fromAccount{id} from{username} "
                  "to{username}}}",
                  vars,
                  NULL,
                  NULL);
}

static void
deposit_rules(void **state)
{
    (void)state;
    struct mc_party a;
    mc_party(&env, &admin, &a, "dep_a", NULL);
    long long funding = bank("FUNDING");
    json_t *r = deposit(&a.u, a.gid, "10.00", "dep-1");
    mc_expect_code(r, "FORBIDDEN");
    json_decref(r);
    r = deposit(NULL, a.gid, "10.00", "dep-2");
    mc_expect_code(r, "UNAUTHENTICATED");
    json_decref(r);
    r = deposit(&admin, a.gid, "10000000000.01", "dep-3");
    mc_expect_code(r, "BAD_USER_INPUT");
    json_decref(r);
    r = deposit(&admin, a.gid, "0.00", "dep-3b");
    mc_expect_code(r, "BAD_USER_INPUT");
    json_decref(r);
    /* The largest amount there is; the funding account goes negative without limit. */
    r = deposit(&admin, a.gid, "10000000000.00", "dep-4");
    mc_ok(r);
    assert_string_equal(mc_str(r, "deposit.kind"), "DEPOSIT");
    assert_string_equal(mc_str(r, "deposit.status"), "COMPLETED");
    assert_string_equal(mc_str(r, "deposit.amount"), "10000000000.00");
    assert_true(json_is_null(mc_data(r, "deposit.fromAccount")));
    assert_true(json_is_null(mc_data(r, "deposit.from")));
    assert_string_equal(mc_str(r, "deposit.to.username"), "dep_a");
    json_decref(r);
    assert_int_equal(mc_balance(&env, a.account), 1000000000000LL);
    assert_int_equal(bank("FUNDING"), funding - 1000000000000LL);
    /* Not into a frozen account, nor into the bank's own. */
    mc_sql(&env, "UPDATE accounts SET status = 'FROZEN' WHERE id = %ld", a.account);
    r = deposit(&admin, a.gid, "1.00", "dep-5");
    mc_expect_code(r, "ACCOUNT_FROZEN");
    json_decref(r);
    char bank_gid[64];
    mc_account_gid((long)mc_sql_int(&env, "SELECT id FROM accounts WHERE system_role = 'SUSPENSE'"),
                   bank_gid);
    r = deposit(&admin, bank_gid, "1.00", "dep-6");
    mc_expect_code(r, "NOT_FOUND");
    json_decref(r);
    assert_int_equal(mc_sql_int(&env,
                                "SELECT count(*) FROM audit_log WHERE action = 'DEPOSIT' AND "
                                "target_id IS NOT NULL AND actor_id = %ld",
                                admin.id) > 0,
                     1);
    mc_check_invariants(&env, &admin);
}

/*---------------------------------------------------------------------------------------------
 * Velocity and metrics
 *-------------------------------------------------------------------------------------------*/

static void
velocity_limit(void **state)
{
    (void)state;
    struct mc_party a, b, c;
    mc_party(&env, &admin, &a, "vel_a", "100.00");
    mc_party(&env, &admin, &b, "vel_b", "100.00");
    mc_party(&env, &admin, &c, "vel_c", NULL);
    /* A walletd of its own allowing 2 transfers a minute per user. */
    struct mc_env fast = env;
    const char *extra[] = {"WALLET_JWT_SECRET=" MC_JWT_SECRET,
                           "WALLET_SEAL_KEY=" MC_SEAL_KEY,
                           "WALLET_RATE_LIMIT_RPS=0",
                           "WALLET_TRANSFER_VELOCITY=2",
                           NULL};
    if (th_walletd_start(&fast.w, env.pg.url, extra) != 0)
        fail_msg("walletd did not start");
    struct mc_env saved = env;
    env = fast;
    xfer_ok(&a.u, a.gid, c.gid, NULL, "1.00", "COMPLETED", NULL);
    xfer_ok(&a.u, a.gid, c.gid, NULL, "1.00", "COMPLETED", NULL);
    xfer_refused(&a.u, a.gid, c.gid, NULL, "1.00", "RATE_LIMITED");
    /* Counted per user: another sender is not held up. */
    xfer_ok(&b.u, b.gid, c.gid, NULL, "1.00", "COMPLETED", NULL);
    env = saved;
    assert_int_equal(th_walletd_stop(&fast.w, 15000), 0);
    assert_int_equal(mc_balance(&env, c.account), 300);
    mc_check_invariants(&env, &admin);
}

static void
metrics_count_transfers(void **state)
{
    (void)state;
    struct mc_party a, b;
    mc_party(&env, &admin, &a, "met_a", "10.00");
    mc_party(&env, &admin, &b, "met_b", NULL);
    xfer_ok(&a.u, a.gid, b.gid, NULL, "1.00", "COMPLETED", NULL);
    xfer_refused(&a.u, a.gid, b.gid, NULL, "100.00", "INSUFFICIENT_FUNDS");
    struct th_response r;
    assert_int_equal(th_request(env.w.port, "GET", "/metrics", NULL, NULL, 0, &r), 0);
    assert_non_null(strstr(r.body, "wallet_transfers_total{status=\"COMPLETED\"} "));
    assert_non_null(strstr(r.body, "wallet_transfers_total{status=\"FAILED\"} "));
    th_response_free(&r);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(amounts_refused),
        cmocka_unit_test(transfer_completes),
        cmocka_unit_test(to_username_picks_oldest_active_checking),
        cmocka_unit_test(exactly_one_destination),
        cmocka_unit_test(self_transfer_refused),
        cmocka_unit_test(source_and_destination_rules),
        cmocka_unit_test(insufficient_funds),
        cmocka_unit_test(kyc_limits),
        cmocka_unit_test(held_transfer_approved),
        cmocka_unit_test(held_transfer_rejected),
        cmocka_unit_test(deposit_rules),
        cmocka_unit_test(velocity_limit),
        cmocka_unit_test(metrics_count_transfers),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
