/*
 * Sign-in over HTTP against a real walletd and PostgreSQL (contract §4 "Users and sign-in"):
 * registration rules and uniqueness, login by username or email, the uniform failure
 * message, lockout after 5 failures with ACCOUNT_LOCKED, expiry and unlockUser, refresh
 * rotation and family revocation on reuse, logout, changePassword, and create-admin.
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

#include "crypto/tokens.h"
#include "http/wallet_api.h"

static struct wa_env env;

static int
setup(void **state)
{
    (void)state;
    return wa_start(&env, NULL);
}

static int
teardown(void **state)
{
    (void)state;
    return wa_stop(&env);
}

/* register(...) with the given fields (NULL leaves a field out) and returns the response. */
static json_t *
do_register(const char *username, const char *email, const char *password, const char *display)
{
    json_t *input = json_object();
    if (username)
        json_object_set_new(input, "username", json_string(username));
    if (email)
        json_object_set_new(input, "email", json_string(email));
    if (password)
        json_object_set_new(input, "password", json_string(password));
    if (display)
        json_object_set_new(input, "displayName", json_string(display));
    return wa_gql(env.port,
                  NULL,
                  "mutation($i:RegisterInput!){register(input:$i){accessToken refreshToken "
                  "expiresIn user{id username email displayName role status accounts{type "
                  "currency balance status}}}}",
                  json_pack("{s:o}", "i", input),
                  NULL);
}

static void
expect_register_refused(const char *username,
                        const char *email,
                        const char *password,
                        const char *display,
                        const char *message_part)
{
    json_t *r = do_register(username, email, password, display);
    WA_ASSERT_CODE(r, "BAD_USER_INPUT");
    assert_true(json_is_null(json_object_get(r, "data")));
    if (message_part != NULL && strstr(wa_message(r), message_part) == NULL)
        fail_msg("message \"%s\" lacks \"%s\"", wa_message(r), message_part);
    json_decref(r);
}

static void
register_opens_checking_account(void **state)
{
    (void)state;
    json_t *r = do_register("asha", "Asha@Example.com", WA_PASSWORD, NULL);
    WA_ASSERT_OK(r);
    assert_int_equal(json_integer_value(wa_data(r, "register.expiresIn")), 900);
    assert_string_equal(wa_str(r, "register.user.username"), "asha");
    assert_string_equal(wa_str(r, "register.user.displayName"), "asha"); /* default */
    assert_string_equal(wa_str(r, "register.user.role"), "USER");
    assert_string_equal(wa_str(r, "register.user.status"), "ACTIVE");
    assert_int_equal(json_array_size(wa_data(r, "register.user.accounts")), 1);
    assert_string_equal(wa_str(r, "register.user.accounts.0.type"), "CHECKING");
    assert_string_equal(wa_str(r, "register.user.accounts.0.currency"), "INR");
    assert_string_equal(wa_str(r, "register.user.accounts.0.balance"), "0.00");
    assert_int_equal(strlen(wa_str(r, "register.refreshToken")), TOKEN_REFRESH_LEN);
    /* The access token works. */
    json_t *me = wa_gql(env.port, wa_str(r, "register.accessToken"), "{me{username}}", NULL, NULL);
    WA_ASSERT_OK(me);
    assert_string_equal(wa_str(me, "me.username"), "asha");
    json_decref(me);
    json_decref(r);

    /* Upper case is folded; display names are trimmed. */
    r = do_register("Bhavna.K_2", "bhavna@example.com", WA_PASSWORD, "  Bhavna K  ");
    WA_ASSERT_OK(r);
    assert_string_equal(wa_str(r, "register.user.username"), "bhavna.k_2");
    assert_string_equal(wa_str(r, "register.user.displayName"), "Bhavna K");
    json_decref(r);
}

static void
register_rules(void **state)
{
    (void)state;
    const char *bad_names[] = {"ab",
                               "1abc",
                               "_abc",
                               "a-bc",
                               "ab cd",
                               "abc!",
                               "a234567890123456789012345678901x3",
                               "",
                               "ñandu"};
    for (size_t i = 0; i < sizeof(bad_names) / sizeof(bad_names[0]); i++)
        expect_register_refused(bad_names[i], "x1@example.com", WA_PASSWORD, NULL, "Username");
    const char *bad_emails[] = {"plain", "a@", "@b.c", "a@b", "a b@c.d", "a@b@c.d", ""};
    for (size_t i = 0; i < sizeof(bad_emails) / sizeof(bad_emails[0]); i++)
        expect_register_refused("chitra", bad_emails[i], WA_PASSWORD, NULL, "Email");
    char long_name[80];
    memset(long_name, 'x', 65);
    long_name[65] = '\0';
    expect_register_refused("chitra", "c@example.com", WA_PASSWORD, long_name, "Display name");
    expect_register_refused("chitra", "c@example.com", WA_PASSWORD, "   ", "Display name");
    expect_register_refused("chitra", "c@example.com", WA_PASSWORD, "tab\there", "Display name");
    /* Password policy: length, the username inside, common passwords. */
    expect_register_refused("chitra", "c@example.com", "short1!", NULL, NULL);
    char long_pw[140];
    memset(long_pw, 'q', 129);
    long_pw[129] = '\0';
    expect_register_refused("chitra", "c@example.com", long_pw, NULL, NULL);
    expect_register_refused("chitra", "c@example.com", "my chitra password", NULL, NULL);
    expect_register_refused("chitra", "c@example.com", "password1234", NULL, NULL);
    expect_register_refused("chitra", "c@example.com", "1234567890", NULL, NULL);
    /* Nothing of the refused attempts was stored. */
    assert_string_equal(wa_sql_value(&env, "SELECT count(*) FROM users WHERE username='chitra'"),
                        "0");
    /* Exactly 10 characters is enough. */
    json_t *r = do_register("chitra", "c@example.com", "zq8!vLm#2p", NULL);
    WA_ASSERT_OK(r);
    json_decref(r);
}

static void
register_uniqueness_ignores_case(void **state)
{
    (void)state;
    json_t *r = do_register("deepa", "Deepa@Example.com", WA_PASSWORD, NULL);
    WA_ASSERT_OK(r);
    json_decref(r);
    expect_register_refused("DEEPA", "other@example.com", WA_PASSWORD, NULL, "taken");
    expect_register_refused("deepa2", "deepa@EXAMPLE.COM", WA_PASSWORD, NULL, "Email");
    assert_string_equal(
        wa_sql_value(&env, "SELECT count(*) FROM users WHERE lower(username) LIKE 'deepa%%'"), "1");
}

static void
login_by_name_or_email_and_uniform_failure(void **state)
{
    (void)state;
    struct wa_user u;
    wa_register(env.port, "esha", &u);
    json_t *r = wa_login(env.port, "esha", WA_PASSWORD);
    WA_ASSERT_OK(r);
    assert_string_equal(wa_str(r, "login.user.username"), "esha");
    json_decref(r);
    r = wa_login(env.port, "ESHA@example.COM", WA_PASSWORD);
    WA_ASSERT_OK(r);
    assert_string_equal(wa_str(r, "login.user.username"), "esha");
    json_decref(r);

    /* Wrong password and unknown user: the same code and message. */
    json_t *wrong = wa_login(env.port, "esha", "not the password at all");
    json_t *unknown = wa_login(env.port, "nobody_here", WA_PASSWORD);
    WA_ASSERT_CODE(wrong, "UNAUTHENTICATED");
    WA_ASSERT_CODE(unknown, "UNAUTHENTICATED");
    assert_string_equal(wa_message(wrong), "Invalid username or password");
    assert_string_equal(wa_message(unknown), "Invalid username or password");
    assert_true(json_is_null(json_object_get(wrong, "data")));
    json_decref(wrong);
    json_decref(unknown);
    /* A success resets the count of failures in a row. */
    assert_string_equal(wa_sql_value(&env, "SELECT failed_logins FROM users WHERE username='esha'"),
                        "1");
    r = wa_login(env.port, "esha", WA_PASSWORD);
    WA_ASSERT_OK(r);
    json_decref(r);
    assert_string_equal(wa_sql_value(&env, "SELECT failed_logins FROM users WHERE username='esha'"),
                        "0");
}

static void
lockout_unlock_and_expiry(void **state)
{
    (void)state;
    struct wa_user u, admin, other;
    wa_register(env.port, "farah", &u);
    wa_register(env.port, "gauri", &other);
    assert_int_equal(wa_create_admin(&env, "root", "admin pass phrase 42", &admin), 0);

    for (int i = 0; i < 5; i++) {
        json_t *r = wa_login(env.port, "farah", "wrong wrong wrong");
        WA_ASSERT_CODE(r, "UNAUTHENTICATED");
        json_decref(r);
    }
    /* Locked: even the right password answers ACCOUNT_LOCKED. */
    json_t *r = wa_login(env.port, "farah", WA_PASSWORD);
    WA_ASSERT_CODE(r, "ACCOUNT_LOCKED");
    json_decref(r);
    assert_string_equal(wa_sql_value(&env, "SELECT status FROM users WHERE username='farah'"),
                        "LOCKED");
    assert_string_equal(
        wa_sql_value(&env,
                     "SELECT locked_until BETWEEN now() + interval '14 minutes' AND now() + "
                     "interval '16 minutes' FROM users WHERE username='farah'"),
        "t");
    /* Tokens issued before the lock stop working. */
    int status = 0;
    r = wa_gql(env.port, u.access, "{me{id}}", NULL, &status);
    assert_int_equal(status, 401);
    WA_ASSERT_CODE(r, "UNAUTHENTICATED");
    json_decref(r);

    /* unlockUser is ADMIN only. */
    char vars[128];
    snprintf(vars, sizeof(vars), "{\"id\":\"%s\"}", u.id);
    r = wa_gql(env.port,
               other.access,
               "mutation($id:ID!){unlockUser(userId:$id){status}}",
               json_loads(vars, 0, NULL),
               NULL);
    WA_ASSERT_CODE(r, "FORBIDDEN");
    json_decref(r);
    r = wa_gql(env.port,
               NULL,
               "mutation($id:ID!){unlockUser(userId:$id){status}}",
               json_loads(vars, 0, NULL),
               NULL);
    WA_ASSERT_CODE(r, "UNAUTHENTICATED");
    json_decref(r);
    r = wa_gql(env.port,
               admin.access,
               "mutation($id:ID!){unlockUser(userId:$id){id username status}}",
               json_loads(vars, 0, NULL),
               NULL);
    WA_ASSERT_OK(r);
    assert_string_equal(wa_str(r, "unlockUser.status"), "ACTIVE");
    assert_string_equal(wa_str(r, "unlockUser.id"), u.id);
    json_decref(r);
    r = wa_login(env.port, "farah", WA_PASSWORD);
    WA_ASSERT_OK(r);
    json_decref(r);
    /* The old token stays dead after the unlock. */
    r = wa_gql(env.port, u.access, "{me{id}}", NULL, &status);
    assert_int_equal(status, 401);
    json_decref(r);
    /* Unknown user id: NOT_FOUND; garbage: BAD_USER_INPUT. */
    r = wa_gql(env.port,
               admin.access,
               "mutation{unlockUser(userId:\"VXNlcjo5OTk5OQ\"){id}}", /* User:99999 */
               NULL,
               NULL);
    WA_ASSERT_CODE(r, "NOT_FOUND");
    json_decref(r);
    r = wa_gql(env.port, admin.access, "mutation{unlockUser(userId:\"nope\"){id}}", NULL, NULL);
    WA_ASSERT_CODE(r, "BAD_USER_INPUT");
    json_decref(r);

    /* A lock that expired lets the right password in again. */
    for (int i = 0; i < 5; i++)
        json_decref(wa_login(env.port, "farah", "wrong wrong wrong"));
    r = wa_login(env.port, "farah", WA_PASSWORD);
    WA_ASSERT_CODE(r, "ACCOUNT_LOCKED");
    json_decref(r);
    wa_sql(&env,
           "UPDATE users SET locked_until = now() - interval '1 second' WHERE "
           "username='farah'");
    r = wa_login(env.port, "farah", WA_PASSWORD);
    WA_ASSERT_OK(r);
    json_decref(r);
    assert_string_equal(wa_sql_value(&env, "SELECT status FROM users WHERE username='farah'"),
                        "ACTIVE");

    /* Every step is in the audit log, on the user's chain. */
    assert_string_equal(wa_sql_value(&env,
                                     "SELECT count(*) FROM audit_log WHERE action='USER_LOCKED' "
                                     "AND target_id='%ld' AND chain='user:%ld'",
                                     atol(wa_sql_value(&env,
                                                       "SELECT id FROM users WHERE "
                                                       "username='farah'")),
                                     atol(wa_sql_value(&env,
                                                       "SELECT id FROM users WHERE "
                                                       "username='farah'"))),
                        "2");
    assert_true(atoi(wa_sql_value(&env,
                                  "SELECT count(*) FROM audit_log a JOIN users u ON "
                                  "a.target_id = u.id::text WHERE u.username='farah' AND "
                                  "a.action='LOGIN_FAILED'")) >= 11);
    assert_string_equal(
        wa_sql_value(&env, "SELECT count(*) FROM audit_log WHERE action='USER_UNLOCK'"), "1");
}

static void
refresh_rotation_and_reuse(void **state)
{
    (void)state;
    struct wa_user u;
    wa_register(env.port, "hema", &u);
    /* Stored only as SHA-256, for 30 days. */
    char hex[TOKEN_HASH_HEX_MAX];
    token_hash_hex(u.refresh, strlen(u.refresh), hex);
    assert_string_equal(wa_sql_value(&env,
                                     "SELECT count(*) FROM refresh_tokens WHERE "
                                     "encode(token_hash, 'hex') = '%s' AND expires_at - "
                                     "created_at = interval '30 days'",
                                     hex),
                        "1");
    assert_string_equal(
        wa_sql_value(
            &env, "SELECT count(*) FROM refresh_tokens t WHERE t::text LIKE '%%%s%%'", u.refresh),
        "0");

    const char *q = "mutation($t:String!){refreshToken(refreshToken:$t){" WA_PAYLOAD "}}";
    json_t *r1 = wa_gql(env.port, NULL, q, json_pack("{s:s}", "t", u.refresh), NULL);
    WA_ASSERT_OK(r1);
    const char *second = wa_str(r1, "refreshToken.refreshToken");
    assert_string_not_equal(second, u.refresh);
    assert_string_equal(wa_str(r1, "refreshToken.user.username"), "hema");
    /* The new access token works. */
    json_t *me =
        wa_gql(env.port, wa_str(r1, "refreshToken.accessToken"), "{me{username}}", NULL, NULL);
    WA_ASSERT_OK(me);
    json_decref(me);

    /* Presenting the used first token again: refused, and the family is gone. */
    json_t *reuse = wa_gql(env.port, NULL, q, json_pack("{s:s}", "t", u.refresh), NULL);
    WA_ASSERT_CODE(reuse, "UNAUTHENTICATED");
    json_decref(reuse);
    json_t *r2 = wa_gql(env.port, NULL, q, json_pack("{s:s}", "t", second), NULL);
    WA_ASSERT_CODE(r2, "UNAUTHENTICATED");
    json_decref(r2);
    json_decref(r1);
    assert_string_equal(wa_sql_value(&env,
                                     "SELECT count(*) FROM audit_log WHERE "
                                     "action='REFRESH_TOKEN_REUSE'"),
                        "1");
    /* Another sign-in (another family) is not affected. */
    json_t *l = wa_login(env.port, "hema", WA_PASSWORD);
    WA_ASSERT_OK(l);
    json_t *r3 =
        wa_gql(env.port, NULL, q, json_pack("{s:s}", "t", wa_str(l, "login.refreshToken")), NULL);
    WA_ASSERT_OK(r3);
    json_decref(r3);
    json_decref(l);
    /* Garbage and expired tokens. */
    json_t *g = wa_gql(env.port, NULL, q, json_pack("{s:s}", "t", "garbage"), NULL);
    WA_ASSERT_CODE(g, "UNAUTHENTICATED");
    json_decref(g);
    l = wa_login(env.port, "hema", WA_PASSWORD);
    token_hash_hex(wa_str(l, "login.refreshToken"), TOKEN_REFRESH_LEN, hex);
    char sql[256];
    snprintf(sql,
             sizeof(sql),
             "UPDATE refresh_tokens SET created_at = now() - interval '31 days', expires_at = "
             "now() - interval '1 day' WHERE encode(token_hash,'hex') = '%s'",
             hex);
    wa_sql(&env, sql);
    g = wa_gql(env.port, NULL, q, json_pack("{s:s}", "t", wa_str(l, "login.refreshToken")), NULL);
    WA_ASSERT_CODE(g, "UNAUTHENTICATED");
    json_decref(g);
    json_decref(l);
}

static void
logout_revokes_tokens(void **state)
{
    (void)state;
    struct wa_user u;
    wa_register(env.port, "indu", &u);
    json_t *l = wa_login(env.port, "indu", WA_PASSWORD); /* a second session */
    WA_ASSERT_OK(l);
    const char *q = "mutation($t:String!){logout(refreshToken:$t)}";
    json_t *r = wa_gql(env.port, u.access, q, json_pack("{s:s}", "t", u.refresh), NULL);
    WA_ASSERT_OK(r);
    assert_true(json_is_true(wa_data(r, "logout")));
    json_decref(r);
    /* Every access token issued before the logout is refused with 401. */
    int status = 0;
    r = wa_gql(env.port, u.access, "{me{id}}", NULL, &status);
    assert_int_equal(status, 401);
    WA_ASSERT_CODE(r, "UNAUTHENTICATED");
    json_decref(r);
    r = wa_gql(env.port, wa_str(l, "login.accessToken"), "{me{id}}", NULL, &status);
    assert_int_equal(status, 401);
    json_decref(r);
    /* The logged-out family's refresh token is dead. */
    r = wa_gql(env.port,
               NULL,
               "mutation($t:String!){refreshToken(refreshToken:$t){accessToken}}",
               json_pack("{s:s}", "t", u.refresh),
               NULL);
    WA_ASSERT_CODE(r, "UNAUTHENTICATED");
    json_decref(r);
    /* Signing in right away works, and its token too. */
    json_t *again = wa_login(env.port, "indu", WA_PASSWORD);
    WA_ASSERT_OK(again);
    r = wa_gql(env.port, wa_str(again, "login.accessToken"), "{me{username}}", NULL, &status);
    assert_int_equal(status, 200);
    WA_ASSERT_OK(r);
    json_decref(r);
    /* Someone else's refresh token cannot log a signed-in user out. */
    struct wa_user other;
    wa_register(env.port, "jaya", &other);
    r = wa_gql(env.port,
               other.access,
               q,
               json_pack("{s:s}", "t", wa_str(again, "login.refreshToken")),
               NULL);
    WA_ASSERT_CODE(r, "UNAUTHENTICATED");
    json_decref(r);
    json_decref(again);
    json_decref(l);
}

static void
change_password(void **state)
{
    (void)state;
    struct wa_user u;
    wa_register(env.port, "kavya", &u);
    const char *q = "mutation($c:String!,$n:String!){changePassword(currentPassword:$c,"
                    "newPassword:$n)}";
    json_t *r = wa_gql(env.port,
                       NULL,
                       q,
                       json_pack("{s:s,s:s}", "c", WA_PASSWORD, "n", "brand new secret 77"),
                       NULL);
    WA_ASSERT_CODE(r, "UNAUTHENTICATED");
    json_decref(r);
    r = wa_gql(env.port,
               u.access,
               q,
               json_pack("{s:s,s:s}", "c", "wrong current pass", "n", "brand new secret 77"),
               NULL);
    WA_ASSERT_CODE(r, "UNAUTHENTICATED");
    json_decref(r);
    r = wa_gql(env.port, u.access, q, json_pack("{s:s,s:s}", "c", WA_PASSWORD, "n", "short"), NULL);
    WA_ASSERT_CODE(r, "BAD_USER_INPUT");
    json_decref(r);
    r = wa_gql(env.port,
               u.access,
               q,
               json_pack("{s:s,s:s}", "c", WA_PASSWORD, "n", "kavya is my name!"),
               NULL);
    WA_ASSERT_CODE(r, "BAD_USER_INPUT");
    json_decref(r);
    r = wa_gql(env.port,
               u.access,
               q,
               json_pack("{s:s,s:s}", "c", WA_PASSWORD, "n", "brand new secret 77"),
               NULL);
    WA_ASSERT_OK(r);
    assert_true(json_is_true(wa_data(r, "changePassword")));
    json_decref(r);
    /* Earlier tokens stop working; the old password too. */
    int status = 0;
    r = wa_gql(env.port, u.access, "{me{id}}", NULL, &status);
    assert_int_equal(status, 401);
    json_decref(r);
    r = wa_gql(env.port,
               NULL,
               "mutation($t:String!){refreshToken(refreshToken:$t){accessToken}}",
               json_pack("{s:s}", "t", u.refresh),
               NULL);
    WA_ASSERT_CODE(r, "UNAUTHENTICATED");
    json_decref(r);
    r = wa_login(env.port, "kavya", WA_PASSWORD);
    WA_ASSERT_CODE(r, "UNAUTHENTICATED");
    json_decref(r);
    r = wa_login(env.port, "kavya", "brand new secret 77");
    WA_ASSERT_OK(r);
    json_decref(r);
    assert_string_equal(
        wa_sql_value(&env, "SELECT count(*) FROM audit_log WHERE action='PASSWORD_CHANGE'"), "1");
}

static void
create_admin_command(void **state)
{
    (void)state;
    struct wa_user admin;
    assert_int_equal(wa_create_admin(&env, "ops_admin", "long admin passphrase 9", &admin), 0);
    json_t *r = wa_gql(env.port, admin.access, "{me{role username}}", NULL, NULL);
    WA_ASSERT_OK(r);
    assert_string_equal(wa_str(r, "me.role"), "ADMIN");
    json_decref(r);
    /* Taken name and weak password: non-zero exit, nothing created. */
    assert_int_not_equal(wa_create_admin(&env, "ops_admin", "another long phrase 1", &admin), 0);
    assert_int_not_equal(wa_create_admin(&env, "ops_two", "short", &admin), 0);
    assert_int_not_equal(wa_create_admin(&env, "ops_three", "password1234", &admin), 0);
    assert_string_equal(
        wa_sql_value(&env, "SELECT count(*) FROM users WHERE username LIKE 'ops_%%'"), "1");
    /* Recorded in the audit log, on the system chain. */
    assert_string_equal(wa_sql_value(&env,
                                     "SELECT count(*) FROM audit_log a JOIN users u ON "
                                     "a.target_id = u.id::text WHERE u.username = 'ops_admin' "
                                     "AND a.action = 'ADMIN_CREATE' AND a.chain = 'system'"),
                        "1");
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(register_opens_checking_account),
        cmocka_unit_test(register_rules),
        cmocka_unit_test(register_uniqueness_ignores_case),
        cmocka_unit_test(login_by_name_or_email_and_uniform_failure),
        cmocka_unit_test(lockout_unlock_and_expiry),
        cmocka_unit_test(refresh_rotation_and_reuse),
        cmocka_unit_test(logout_revokes_tokens),
        cmocka_unit_test(change_password),
        cmocka_unit_test(create_admin_command),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
