/*
 * People and accounts over HTTP (contract §4 "Visibility", "Lists"): me, users (payee
 * directory with keyset pages), node, account, openAccount, adminUsers, setAccountStatus,
 * User.kyc/cards; another user's object answers NOT_FOUND, ADMIN operations by a USER
 * FORBIDDEN, anything without a token UNAUTHENTICATED; ids and cursors are opaque and
 * checked.
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

#include "http/wallet_api.h"

static struct wa_env env;
static struct wa_user alice, bob, admin;

static int
setup(void **state)
{
    (void)state;
    if (wa_start(&env, NULL) != 0)
        return -1;
    wa_register(env.port, "alice", &alice);
    wa_register(env.port, "bob", &bob);
    return wa_create_admin(&env, "admin", "root of trust 77", &admin) == 0 ? 0 : -1;
}

static int
teardown(void **state)
{
    (void)state;
    return wa_stop(&env);
}

static json_t *
id_vars(const char *id)
{
    return json_pack("{s:s}", "id", id);
}

static void
me_and_anonymous(void **state)
{
    (void)state;
    int status = 0;
    json_t *r = wa_gql(env.port, NULL, "{me{id}}", NULL, &status);
    assert_int_equal(status, 200);
    WA_ASSERT_OK(r);
    assert_true(json_is_null(wa_data(r, "me")));
    json_decref(r);
    const char *needs_user[] = {
        "{users{edges{node{id}}}}",
        "{account(id:\"QWNjb3VudDox\"){id}}",
        "{node(id:\"QWNjb3VudDox\"){id}}",
        "mutation{openAccount(input:{type:SAVINGS}){id}}",
        "{adminUsers{edges{node{id}}}}",
    };
    for (size_t i = 0; i < sizeof(needs_user) / sizeof(needs_user[0]); i++) {
        r = wa_gql(env.port, NULL, needs_user[i], NULL, NULL);
        WA_ASSERT_CODE(r, "UNAUTHENTICATED");
        json_decref(r);
    }
    r = wa_gql(env.port,
               alice.access,
               "{me{id username email displayName role status createdAt accounts{id} kyc{status "
               "aadhaarMasked documentType documentMasked submittedAt reviewedAt reviewNote} "
               "cards{id}}}",
               NULL,
               NULL);
    WA_ASSERT_OK(r);
    assert_string_equal(wa_str(r, "me.id"), alice.id);
    assert_string_equal(wa_str(r, "me.email"), "alice@example.com");
    assert_string_equal(wa_str(r, "me.kyc.status"), "NONE");
    assert_true(json_is_null(wa_data(r, "me.kyc.aadhaarMasked")));
    assert_int_equal(json_array_size(wa_data(r, "me.cards")), 0);
    /* createdAt: RFC 3339 UTC with milliseconds. */
    const char *at = wa_str(r, "me.createdAt");
    assert_int_equal(strlen(at), 24);
    assert_int_equal(at[23], 'Z');
    json_decref(r);
}

static void
open_account_rules(void **state)
{
    (void)state;
    const char *q = "mutation($i:OpenAccountInput!){openAccount(input:$i){id type status currency "
                    "nickname balance available creditLimit maskedNumber owner{id username}}}";
    json_t *r = wa_gql(env.port,
                       alice.access,
                       q,
                       json_pack("{s:{s:s,s:s}}", "i", "type", "CREDIT", "nickname", "  Travel  "),
                       NULL);
    WA_ASSERT_OK(r);
    assert_string_equal(wa_str(r, "openAccount.type"), "CREDIT");
    assert_string_equal(wa_str(r, "openAccount.status"), "ACTIVE");
    assert_string_equal(wa_str(r, "openAccount.currency"), "INR");
    assert_string_equal(wa_str(r, "openAccount.nickname"), "Travel");
    assert_string_equal(wa_str(r, "openAccount.balance"), "0.00");
    assert_string_equal(wa_str(r, "openAccount.creditLimit"), "50000.00");
    assert_string_equal(wa_str(r, "openAccount.available"), "50000.00");
    assert_string_equal(wa_str(r, "openAccount.owner.id"), alice.id);
    const char *masked = wa_str(r, "openAccount.maskedNumber");
    assert_int_equal(strlen(masked), 12);
    assert_memory_equal(masked, "XXXXXXXX", 8);
    char credit_id[64];
    snprintf(credit_id, sizeof(credit_id), "%s", wa_str(r, "openAccount.id"));
    json_decref(r);
    /* available = balance + unused credit line, also below zero. */
    char sql[256];
    snprintf(sql,
             sizeof(sql),
             "UPDATE accounts SET balance = -1250 WHERE user_id = %s AND type = 'CREDIT'",
             wa_sql_value(&env, "SELECT id FROM users WHERE username='alice'"));
    wa_sql(&env, sql);
    r = wa_gql(env.port,
               alice.access,
               "query($id:ID!){account(id:$id){balance available}}",
               id_vars(credit_id),
               NULL);
    WA_ASSERT_OK(r);
    assert_string_equal(wa_str(r, "account.balance"), "-12.50");
    assert_string_equal(wa_str(r, "account.available"), "49987.50");
    json_decref(r);

    r = wa_gql(env.port, alice.access, q, json_pack("{s:{s:s}}", "i", "type", "SAVINGS"), NULL);
    WA_ASSERT_OK(r);
    assert_string_equal(wa_str(r, "openAccount.creditLimit"), "0.00");
    assert_true(json_is_null(wa_data(r, "openAccount.nickname")));
    json_decref(r);

    char long_nick[80];
    memset(long_nick, 'n', 65);
    long_nick[65] = '\0';
    json_t *bad[] = {
        json_pack("{s:{s:s,s:s}}", "i", "type", "SAVINGS", "nickname", long_nick),
        json_pack("{s:{s:s,s:s}}", "i", "type", "SAVINGS", "nickname", "   "),
        json_pack("{s:{s:s,s:s}}", "i", "type", "SAVINGS", "nickname", "a\nb"),
        json_pack("{s:{s:s,s:s}}", "i", "type", "SAVINGS", "currency", "USD"),
        json_pack("{s:{s:s,s:s}}", "i", "type", "SAVINGS", "currency", "inr"),
    };
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        r = wa_gql(env.port, alice.access, q, bad[i], NULL);
        WA_ASSERT_CODE(r, "BAD_USER_INPUT");
        json_decref(r);
    }
    /* An unknown type is refused by the schema itself. */
    r = wa_gql(env.port, alice.access, q, json_pack("{s:{s:s}}", "i", "type", "SYSTEM"), NULL);
    assert_non_null(json_object_get(r, "errors"));
    json_decref(r);
    /* At most 10 accounts that are not closed. */
    int opened = atoi(wa_sql_value(&env,
                                   "SELECT count(*) FROM accounts a JOIN users u ON "
                                   "u.id = a.user_id WHERE u.username='alice'"));
    for (int i = opened; i < 10; i++) {
        r = wa_gql(
            env.port, alice.access, q, json_pack("{s:{s:s}}", "i", "type", "INVESTMENT"), NULL);
        WA_ASSERT_OK(r);
        json_decref(r);
    }
    r = wa_gql(env.port, alice.access, q, json_pack("{s:{s:s}}", "i", "type", "INVESTMENT"), NULL);
    WA_ASSERT_CODE(r, "BAD_USER_INPUT");
    json_decref(r);
    assert_string_equal(
        wa_sql_value(&env, "SELECT count(*) FROM audit_log WHERE action='ACCOUNT_OPEN'"), "9");
}

static void
visibility_of_accounts_and_users(void **state)
{
    (void)state;
    const char *aq = "query($id:ID!){account(id:$id){id balance owner{username}}}";
    /* Own account: yes. */
    json_t *r = wa_gql(env.port, bob.access, aq, id_vars(bob.account), NULL);
    WA_ASSERT_OK(r);
    assert_string_equal(wa_str(r, "account.id"), bob.account);
    json_decref(r);
    /* Someone else's: NOT_FOUND (never FORBIDDEN), data.account null. */
    r = wa_gql(env.port, bob.access, aq, id_vars(alice.account), NULL);
    WA_ASSERT_CODE(r, "NOT_FOUND");
    assert_true(json_is_null(wa_data(r, "account")));
    json_decref(r);
    /* Same answer as an account that does not exist. */
    r = wa_gql(env.port, bob.access, aq, id_vars("QWNjb3VudDo5OTk5OTk"), NULL); /* 999999 */
    WA_ASSERT_CODE(r, "NOT_FOUND");
    json_decref(r);
    /* The bank's own accounts are no one's. */
    r = wa_gql(env.port, admin.access, aq, id_vars("QWNjb3VudDox"), NULL); /* Account:1 */
    WA_ASSERT_CODE(r, "NOT_FOUND");
    json_decref(r);
    /* ADMIN sees every user's account. */
    r = wa_gql(env.port, admin.access, aq, id_vars(alice.account), NULL);
    WA_ASSERT_OK(r);
    assert_string_equal(wa_str(r, "account.owner.username"), "alice");
    json_decref(r);
    /* Garbage ids: BAD_USER_INPUT; an id of another type: NOT_FOUND. */
    r = wa_gql(env.port, bob.access, aq, id_vars("not-an-id"), NULL);
    WA_ASSERT_CODE(r, "BAD_USER_INPUT");
    json_decref(r);
    r = wa_gql(env.port, bob.access, aq, id_vars("42"), NULL);
    WA_ASSERT_CODE(r, "BAD_USER_INPUT");
    json_decref(r);
    r = wa_gql(env.port, bob.access, aq, id_vars(bob.id), NULL);
    WA_ASSERT_CODE(r, "NOT_FOUND");
    json_decref(r);

    /* node(): own objects in full, other users as PublicUser, others' accounts NOT_FOUND. */
    const char *nq = "query($id:ID!){node(id:$id){__typename id ...on User{email} ...on "
                     "PublicUser{username displayName} ...on Account{balance}}}";
    r = wa_gql(env.port, bob.access, nq, id_vars(bob.id), NULL);
    WA_ASSERT_OK(r);
    assert_string_equal(wa_str(r, "node.__typename"), "User");
    assert_string_equal(wa_str(r, "node.email"), "bob@example.com");
    json_decref(r);
    r = wa_gql(env.port, bob.access, nq, id_vars(alice.id), NULL);
    WA_ASSERT_OK(r);
    assert_string_equal(wa_str(r, "node.__typename"), "PublicUser");
    assert_string_equal(wa_str(r, "node.id"), alice.id);
    assert_string_equal(wa_str(r, "node.username"), "alice");
    assert_null(wa_data(r, "node.email"));
    json_decref(r);
    r = wa_gql(env.port, bob.access, nq, id_vars(bob.account), NULL);
    WA_ASSERT_OK(r);
    assert_string_equal(wa_str(r, "node.__typename"), "Account");
    json_decref(r);
    r = wa_gql(env.port, bob.access, nq, id_vars(alice.account), NULL);
    WA_ASSERT_CODE(r, "NOT_FOUND");
    assert_true(json_is_null(wa_data(r, "node")));
    json_decref(r);
    r = wa_gql(env.port, admin.access, nq, id_vars(alice.id), NULL);
    WA_ASSERT_OK(r);
    assert_string_equal(wa_str(r, "node.__typename"), "User");
    json_decref(r);
    r = wa_gql(env.port, bob.access, nq, id_vars("Zm9v"), NULL); /* "foo" */
    WA_ASSERT_CODE(r, "BAD_USER_INPUT");
    json_decref(r);
    r = wa_gql(env.port, bob.access, nq, id_vars("QXVkaXRFbnRyeTox"), NULL); /* AuditEntry:1 */
    WA_ASSERT_CODE(r, "NOT_FOUND");
    json_decref(r);
}

static void
admin_only_operations(void **state)
{
    (void)state;
    const char *ops[] = {
        "{adminUsers{edges{node{id}}}}",
        "{auditLog{edges{node{id}}}}",
        "{verifyAuditLog{ok}}",
    };
    for (size_t i = 0; i < sizeof(ops) / sizeof(ops[0]); i++) {
        int status = 0;
        json_t *r = wa_gql(env.port, bob.access, ops[i], NULL, &status);
        assert_int_equal(status, 200);
        WA_ASSERT_CODE(r, "FORBIDDEN");
        json_decref(r);
    }
    char q[256];
    snprintf(q,
             sizeof(q),
             "mutation{setAccountStatus(accountId:\"%s\",status:FROZEN,reason:\"x\"){id}}",
             bob.account);
    json_t *r = wa_gql(env.port, bob.access, q, NULL, NULL);
    WA_ASSERT_CODE(r, "FORBIDDEN");
    json_decref(r);
    snprintf(q, sizeof(q), "mutation{unlockUser(userId:\"%s\"){id}}", bob.id);
    r = wa_gql(env.port, bob.access, q, NULL, NULL);
    WA_ASSERT_CODE(r, "FORBIDDEN");
    json_decref(r);

    r = wa_gql(env.port,
               admin.access,
               "{adminUsers(search:\"ALI\"){edges{cursor node{id username email role status "
               "accounts{id owner{username}}}} pageInfo{hasNextPage hasPreviousPage}}}",
               NULL,
               NULL);
    WA_ASSERT_OK(r);
    assert_int_equal(json_array_size(wa_data(r, "adminUsers.edges")), 1);
    assert_string_equal(wa_str(r, "adminUsers.edges.0.node.email"), "alice@example.com");
    assert_true(json_array_size(wa_data(r, "adminUsers.edges.0.node.accounts")) >= 1);
    json_decref(r);
    r = wa_gql(
        env.port, admin.access, "{adminUsers(search:\"bob@\"){edges{node{username}}}}", NULL, NULL);
    WA_ASSERT_OK(r);
    assert_string_equal(wa_str(r, "adminUsers.edges.0.node.username"), "bob");
    json_decref(r);
}

static void
set_account_status(void **state)
{
    (void)state;
    const char *q = "mutation($id:ID!,$s:AccountStatus!,$r:String!){setAccountStatus(accountId:$id,"
                    "status:$s,reason:$r){id status}}";
    json_t *r = wa_gql(env.port,
                       admin.access,
                       q,
                       json_pack("{s:s,s:s,s:s}", "id", bob.account, "s", "FROZEN", "r", "  "),
                       NULL);
    WA_ASSERT_CODE(r, "BAD_USER_INPUT");
    json_decref(r);
    r = wa_gql(
        env.port,
        admin.access,
        q,
        json_pack("{s:s,s:s,s:s}", "id", bob.account, "s", "FROZEN", "r", "Suspicious activity"),
        NULL);
    WA_ASSERT_OK(r);
    assert_string_equal(wa_str(r, "setAccountStatus.status"), "FROZEN");
    json_decref(r);
    assert_string_equal(wa_sql_value(&env,
                                     "SELECT details::jsonb->>'reason' FROM audit_log WHERE "
                                     "action='ACCOUNT_STATUS_CHANGE' ORDER BY id DESC LIMIT 1"),
                        "Suspicious activity");
    /* The owner sees the new status. */
    r = wa_gql(env.port, bob.access, "{me{accounts{status}}}", NULL, NULL);
    assert_string_equal(wa_str(r, "me.accounts.0.status"), "FROZEN");
    json_decref(r);
    /* Closing needs a zero balance; a closed account is never reopened. */
    wa_sql(&env,
           "UPDATE accounts SET balance = 100 WHERE id = (SELECT min(a.id) FROM accounts a "
           "JOIN users u ON u.id = a.user_id WHERE u.username = 'bob')");
    r = wa_gql(env.port,
               admin.access,
               q,
               json_pack("{s:s,s:s,s:s}", "id", bob.account, "s", "CLOSED", "r", "closing"),
               NULL);
    WA_ASSERT_CODE(r, "BAD_USER_INPUT");
    json_decref(r);
    wa_sql(&env,
           "UPDATE accounts SET balance = 0 WHERE id = (SELECT min(a.id) FROM accounts a "
           "JOIN users u ON u.id = a.user_id WHERE u.username = 'bob')");
    r = wa_gql(env.port,
               admin.access,
               q,
               json_pack("{s:s,s:s,s:s}", "id", bob.account, "s", "CLOSED", "r", "closing"),
               NULL);
    WA_ASSERT_OK(r);
    assert_string_equal(wa_str(r, "setAccountStatus.status"), "CLOSED");
    json_decref(r);
    r = wa_gql(env.port,
               admin.access,
               q,
               json_pack("{s:s,s:s,s:s}", "id", bob.account, "s", "ACTIVE", "r", "reopen"),
               NULL);
    WA_ASSERT_CODE(r, "BAD_USER_INPUT");
    json_decref(r);
    r = wa_gql(env.port,
               admin.access,
               q,
               json_pack("{s:s,s:s,s:s}", "id", "QWNjb3VudDox", "s", "FROZEN", "r", "bank"),
               NULL);
    WA_ASSERT_CODE(r, "NOT_FOUND");
    json_decref(r);
    assert_string_equal(
        wa_sql_value(&env, "SELECT count(*) FROM audit_log WHERE action='ACCOUNT_STATUS_CHANGE'"),
        "2");
}

/* Walks the directory with `first` per page; returns how many users were seen. */
static int
walk_directory(const char *search, int first, char seen[][40], int max)
{
    int n = 0;
    char after[512] = "";
    for (int pages = 0; pages < 50; pages++) {
        json_t *vars = json_pack("{s:i}", "f", first);
        if (search)
            json_object_set_new(vars, "s", json_string(search));
        if (after[0])
            json_object_set_new(vars, "a", json_string(after));
        json_t *r = wa_gql(env.port,
                           bob.access,
                           "query($s:String,$f:Int,$a:String){users(search:$s,first:$f,after:$a){"
                           "edges{cursor node{id username displayName}} pageInfo{hasNextPage "
                           "hasPreviousPage startCursor endCursor}}}",
                           vars,
                           NULL);
        WA_ASSERT_OK(r);
        json_t *edges = wa_data(r, "users.edges");
        assert_true((int)json_array_size(edges) <= first);
        assert_true(json_is_true(wa_data(r, "users.pageInfo.hasPreviousPage")) == (after[0] != 0));
        for (size_t i = 0; i < json_array_size(edges); i++) {
            const char *name = json_string_value(
                json_object_get(json_object_get(json_array_get(edges, i), "node"), "username"));
            for (int k = 0; k < n; k++)
                if (strcmp(seen[k], name) == 0)
                    fail_msg("%s seen twice", name);
            assert_true(n < max);
            snprintf(seen[n++], 40, "%s", name);
        }
        bool next = json_is_true(wa_data(r, "users.pageInfo.hasNextPage"));
        const char *end = wa_str(r, "users.pageInfo.endCursor");
        if (end)
            snprintf(after, sizeof(after), "%s", end);
        json_decref(r);
        if (!next)
            break;
    }
    return n;
}

static void
directory_pages(void **state)
{
    (void)state;
    struct wa_user tmp;
    const char *names[] = {"pa_one", "pa_two", "pa_three", "pa_four", "pa_five"};
    for (size_t i = 0; i < 5; i++)
        wa_register(env.port, names[i], &tmp);
    char seen[64][40];
    assert_int_equal(walk_directory("PA_", 2, seen, 64), 5);
    assert_int_equal(walk_directory("pa_", 100, seen, 64), 5);
    assert_int_equal(walk_directory("zz", 5, seen, 64), 0);
    /* LIKE wildcards in the search are plain characters. */
    assert_int_equal(walk_directory("%", 5, seen, 64), 0);
    assert_int_equal(walk_directory("pa%", 5, seen, 64), 0);
    assert_int_equal(walk_directory("p_", 5, seen, 64), 0);
    int all = walk_directory(NULL, 3, seen, 64);
    assert_int_equal(all, atoi(wa_sql_value(&env, "SELECT count(*) FROM users")));

    /* By display name prefix too, ignoring case. */
    wa_sql(&env, "UPDATE users SET display_name = 'Zubin Mehta' WHERE username = 'pa_five'");
    assert_int_equal(walk_directory("zubin", 5, seen, 64), 1);
    assert_string_equal(seen[0], "pa_five");

    /* A page never repeats or skips because of rows inserted meanwhile. */
    json_t *r = wa_gql(env.port,
                       bob.access,
                       "{users(search:\"pa_\",first:2){edges{node{username}} "
                       "pageInfo{endCursor}}}",
                       NULL,
                       NULL);
    WA_ASSERT_OK(r);
    char after[512];
    snprintf(after, sizeof(after), "%s", wa_str(r, "users.pageInfo.endCursor"));
    json_decref(r);
    wa_register(env.port, "pa_aaa", &tmp); /* sorts before the cursor */
    wa_register(env.port, "pa_zzz", &tmp); /* sorts after it */
    r = wa_gql(env.port,
               bob.access,
               "query($a:String){users(search:\"pa_\",first:100,after:$a){edges{node{username}}}}",
               json_pack("{s:s}", "a", after),
               NULL);
    WA_ASSERT_OK(r);
    json_t *edges = wa_data(r, "users.edges");
    /* 5 users + 2 new - 2 already seen - the new one before the cursor = 4 */
    assert_int_equal(json_array_size(edges), 4);
    json_decref(r);

    /* first must be 1..100; cursors are checked. */
    const char *bad[] = {
        "{users(first:0){edges{cursor}}}",
        "{users(first:101){edges{cursor}}}",
        "{users(first:-1){edges{cursor}}}",
        "{users(after:\"garbage\"){edges{cursor}}}",
        "{users(after:\"YXVkaXRMb2d8MXwwfA\"){edges{cursor}}}", /* an auditLog cursor */
    };
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        r = wa_gql(env.port, bob.access, bad[i], NULL, NULL);
        WA_ASSERT_CODE(r, "BAD_USER_INPUT");
        json_decref(r);
    }
    r = wa_gql(env.port, admin.access, "{adminUsers(first:101){edges{cursor}}}", NULL, NULL);
    WA_ASSERT_CODE(r, "BAD_USER_INPUT");
    json_decref(r);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(me_and_anonymous),
        cmocka_unit_test(open_account_rules),
        cmocka_unit_test(visibility_of_accounts_and_users),
        cmocka_unit_test(admin_only_operations),
        cmocka_unit_test(set_account_status),
        cmocka_unit_test(directory_pages),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
