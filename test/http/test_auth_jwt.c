/*
 * JWT attacks over HTTP (contract §2, §4): every token below is refused whole with HTTP 401
 * and one UNAUTHENTICATED error — alg none, HS512, RS256 with the HMAC key, wrong key,
 * tampered payload or header, expired, missing exp, wrong aud or iss, unknown user, bad
 * Bearer syntax, and tokens issued before a logout or a password change. A well-formed token
 * signed with the right key is accepted (the control), and the role claim never outranks the
 * user row (a USER's token claiming ADMIN still gets FORBIDDEN).
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

#include <sodium.h>
#include <time.h>

static struct wa_env env;
static struct wa_user user;

static int
setup(void **state)
{
    (void)state;
    if (sodium_init() < 0 || wa_start(&env, NULL) != 0)
        return -1;
    return 0;
}

static int
teardown(void **state)
{
    (void)state;
    return wa_stop(&env);
}

static void
b64url(const void *bin, size_t len, char *out, size_t cap)
{
    sodium_bin2base64(out, cap, bin, len, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
}

enum sig { SIG_HS256, SIG_HS512, SIG_NONE };

/* header.payload.signature with the given JSON texts, signed with key under sig. */
static void
make_token(
    const char *header, const char *payload, const char *key, enum sig sig, char *out, size_t cap)
{
    char h[512], p[1024];
    b64url(header, strlen(header), h, sizeof(h));
    b64url(payload, strlen(payload), p, sizeof(p));
    char signing[1600];
    snprintf(signing, sizeof(signing), "%s.%s", h, p);
    unsigned char mac[64];
    size_t mac_len = 0;
    if (sig == SIG_HS256) {
        crypto_auth_hmacsha256_state st;
        crypto_auth_hmacsha256_init(&st, (const unsigned char *)key, strlen(key));
        crypto_auth_hmacsha256_update(&st, (const unsigned char *)signing, strlen(signing));
        crypto_auth_hmacsha256_final(&st, mac);
        mac_len = 32;
    } else if (sig == SIG_HS512) {
        crypto_auth_hmacsha512_state st;
        crypto_auth_hmacsha512_init(&st, (const unsigned char *)key, strlen(key));
        crypto_auth_hmacsha512_update(&st, (const unsigned char *)signing, strlen(signing));
        crypto_auth_hmacsha512_final(&st, mac);
        mac_len = 64;
    }
    char s[128] = "";
    if (mac_len > 0)
        b64url(mac, mac_len, s, sizeof(s));
    snprintf(out, cap, "%s.%s", signing, s);
}

#define HS256_HEADER "{\"alg\":\"HS256\",\"typ\":\"JWT\"}"

/* A payload for the test user with the given changes. */
static void
payload(char *out,
        size_t cap,
        const char *iss,
        const char *aud,
        long exp_delta,
        bool with_exp,
        const char *role,
        long sub)
{
    long now = (long)time(NULL);
    char exp[64] = "";
    if (with_exp)
        snprintf(exp, sizeof(exp), ",\"exp\":%ld", now + exp_delta);
    snprintf(out,
             cap,
             "{\"sub\":\"%ld\",\"role\":\"%s\",\"iat\":%ld%s,\"iss\":\"%s\",\"aud\":\"%s\","
             "\"jti\":\"test-%ld\"}",
             sub,
             role,
             now - 5,
             exp,
             iss,
             aud,
             now);
}

/* Asserts the request is refused whole: 401, one UNAUTHENTICATED error, no data. */
static void
expect_refused(const char *token, const char *what)
{
    int status = 0;
    json_t *r = wa_gql(env.port, token, "{me{id username}}", NULL, &status);
    if (status != 401)
        fail_msg("%s: status %d, body %s", what, status, json_dumps(r, JSON_COMPACT));
    WA_ASSERT_CODE(r, "UNAUTHENTICATED");
    assert_int_equal(json_array_size(json_object_get(r, "errors")), 1);
    assert_null(json_object_get(r, "data"));
    json_decref(r);
}

static long
user_row_id(void)
{
    return atol(wa_sql_value(&env, "SELECT id FROM users WHERE username='%s'", user.username));
}

static void
control_token_accepted(void **state)
{
    (void)state;
    wa_register(env.port, "tara", &user);
    char p[512], tok[2048];
    payload(p, sizeof(p), "wallet", "wallet-api", 600, true, "USER", user_row_id());
    make_token(HS256_HEADER, p, WA_JWT_SECRET, SIG_HS256, tok, sizeof(tok));
    int status = 0;
    json_t *r = wa_gql(env.port, tok, "{me{username}}", NULL, &status);
    assert_int_equal(status, 200);
    WA_ASSERT_OK(r);
    assert_string_equal(wa_str(r, "me.username"), "tara");
    json_decref(r);
    /* aud may also be an array holding the audience. */
    char p2[512];
    long now = (long)time(NULL);
    snprintf(p2,
             sizeof(p2),
             "{\"sub\":\"%ld\",\"role\":\"USER\",\"iat\":%ld,\"exp\":%ld,\"iss\":\"wallet\","
             "\"aud\":[\"wallet-api\"],\"jti\":\"arr\"}",
             user_row_id(),
             now,
             now + 600);
    make_token(HS256_HEADER, p2, WA_JWT_SECRET, SIG_HS256, tok, sizeof(tok));
    r = wa_gql(env.port, tok, "{me{username}}", NULL, &status);
    assert_int_equal(status, 200);
    json_decref(r);
}

static void
algorithm_attacks(void **state)
{
    (void)state;
    char p[512], tok[2048];
    payload(p, sizeof(p), "wallet", "wallet-api", 600, true, "USER", user_row_id());
    make_token("{\"alg\":\"none\",\"typ\":\"JWT\"}", p, "", SIG_NONE, tok, sizeof(tok));
    expect_refused(tok, "alg none");
    make_token("{\"alg\":\"None\"}", p, "", SIG_NONE, tok, sizeof(tok));
    expect_refused(tok, "alg None");
    /* alg none with a signature attached anyway */
    make_token("{\"alg\":\"none\"}", p, WA_JWT_SECRET, SIG_HS256, tok, sizeof(tok));
    expect_refused(tok, "alg none signed");
    make_token(
        "{\"alg\":\"HS512\",\"typ\":\"JWT\"}", p, WA_JWT_SECRET, SIG_HS512, tok, sizeof(tok));
    expect_refused(tok, "HS512");
    make_token(
        "{\"alg\":\"RS256\",\"typ\":\"JWT\"}", p, WA_JWT_SECRET, SIG_HS256, tok, sizeof(tok));
    expect_refused(tok, "RS256 with the HMAC key");
    make_token("{\"typ\":\"JWT\"}", p, WA_JWT_SECRET, SIG_HS256, tok, sizeof(tok));
    expect_refused(tok, "no alg");
    make_token("{\"alg\":\"HS256\",\"kid\":\"../../dev/null\"}",
               p,
               WA_JWT_SECRET,
               SIG_HS256,
               tok,
               sizeof(tok));
    expect_refused(tok, "kid header");
}

static void
signature_attacks(void **state)
{
    (void)state;
    char p[512], tok[2048];
    payload(p, sizeof(p), "wallet", "wallet-api", 600, true, "USER", user_row_id());
    make_token(
        HS256_HEADER, p, "another-secret-another-secret-0123456789", SIG_HS256, tok, sizeof(tok));
    expect_refused(tok, "wrong key");
    /* Tampered payload: the signature of the original, the payload of an ADMIN. */
    char good[2048], evil[512];
    make_token(HS256_HEADER, p, WA_JWT_SECRET, SIG_HS256, good, sizeof(good));
    payload(evil, sizeof(evil), "wallet", "wallet-api", 600, true, "ADMIN", user_row_id());
    make_token(HS256_HEADER, evil, WA_JWT_SECRET, SIG_HS256, tok, sizeof(tok));
    char forged[4096];
    const char *good_sig = strrchr(good, '.');
    size_t keep = (size_t)(strrchr(tok, '.') - tok);
    snprintf(forged, sizeof(forged), "%.*s%s", (int)keep, tok, good_sig);
    expect_refused(forged, "tampered payload");
    /* One flipped signature character. */
    snprintf(forged, sizeof(forged), "%s", good);
    char *last = forged + strlen(forged) - 2;
    *last = *last == 'A' ? 'B' : 'A';
    expect_refused(forged, "flipped signature");
    /* Signature removed. */
    snprintf(forged, sizeof(forged), "%.*s.", (int)(strrchr(good, '.') - good), good);
    expect_refused(forged, "no signature");
    expect_refused("abc", "garbage");
    expect_refused("a.b.c", "garbage segments");
}

static void
claim_attacks(void **state)
{
    (void)state;
    char p[512], tok[2048];
    long id = user_row_id();
    payload(p, sizeof(p), "wallet", "wallet-api", -10, true, "USER", id);
    make_token(HS256_HEADER, p, WA_JWT_SECRET, SIG_HS256, tok, sizeof(tok));
    expect_refused(tok, "expired");
    payload(p, sizeof(p), "wallet", "wallet-api", 0, false, "USER", id);
    make_token(HS256_HEADER, p, WA_JWT_SECRET, SIG_HS256, tok, sizeof(tok));
    expect_refused(tok, "missing exp");
    payload(p, sizeof(p), "wallet", "other-api", 600, true, "USER", id);
    make_token(HS256_HEADER, p, WA_JWT_SECRET, SIG_HS256, tok, sizeof(tok));
    expect_refused(tok, "wrong aud");
    payload(p, sizeof(p), "evil", "wallet-api", 600, true, "USER", id);
    make_token(HS256_HEADER, p, WA_JWT_SECRET, SIG_HS256, tok, sizeof(tok));
    expect_refused(tok, "wrong iss");
    payload(p, sizeof(p), "wallet", "wallet-api", 600, true, "USER", 999999);
    make_token(HS256_HEADER, p, WA_JWT_SECRET, SIG_HS256, tok, sizeof(tok));
    expect_refused(tok, "unknown user");
    /* Bearer syntax. */
    struct th_response r;
    assert_int_equal(th_graphql(env.port,
                                "application/json",
                                "Authorization: Basic dXNlcjpwdw==\r\n",
                                "{\"query\":\"{me{id}}\"}",
                                &r),
                     0);
    assert_int_equal(r.status, 401);
    th_response_free(&r);
    assert_int_equal(th_graphql(env.port,
                                "application/json",
                                "Authorization: Bearer\r\n",
                                "{\"query\":\"{me{id}}\"}",
                                &r),
                     0);
    assert_int_equal(r.status, 401);
    th_response_free(&r);
}

/* The role comes from the user row: a USER's own valid token claiming ADMIN is still a USER. */
static void
role_from_user_row(void **state)
{
    (void)state;
    char p[512], tok[2048];
    payload(p, sizeof(p), "wallet", "wallet-api", 600, true, "ADMIN", user_row_id());
    make_token(HS256_HEADER, p, WA_JWT_SECRET, SIG_HS256, tok, sizeof(tok));
    int status = 0;
    json_t *r = wa_gql(env.port, tok, "{me{role}}", NULL, &status);
    assert_int_equal(status, 200);
    WA_ASSERT_OK(r);
    assert_string_equal(wa_str(r, "me.role"), "USER");
    json_decref(r);
    r = wa_gql(env.port, tok, "{adminUsers{edges{node{id}}}}", NULL, &status);
    assert_int_equal(status, 200);
    WA_ASSERT_CODE(r, "FORBIDDEN");
    json_decref(r);
    /* Demoted in the database: the next request sees it. */
    struct wa_user admin;
    assert_int_equal(wa_create_admin(&env, "chief", "head of ops phrase 1", &admin), 0);
    r = wa_gql(env.port, admin.access, "{adminUsers{edges{node{id}}}}", NULL, NULL);
    WA_ASSERT_OK(r);
    json_decref(r);
    wa_sql(&env, "UPDATE users SET role='USER' WHERE username='chief'");
    r = wa_gql(env.port, admin.access, "{adminUsers{edges{node{id}}}}", NULL, NULL);
    WA_ASSERT_CODE(r, "FORBIDDEN");
    json_decref(r);
}

static void
tokens_before_logout_and_password_change(void **state)
{
    (void)state;
    struct wa_user u;
    wa_register(env.port, "uma", &u);
    json_t *r = wa_gql(env.port,
                       u.access,
                       "mutation($t:String!){logout(refreshToken:$t)}",
                       json_pack("{s:s}", "t", u.refresh),
                       NULL);
    WA_ASSERT_OK(r);
    json_decref(r);
    expect_refused(u.access, "after logout");

    json_t *l = wa_login(env.port, "uma", WA_PASSWORD);
    WA_ASSERT_OK(l);
    char access[2048];
    snprintf(access, sizeof(access), "%s", wa_str(l, "login.accessToken"));
    json_decref(l);
    r = wa_gql(env.port,
               access,
               "mutation{changePassword(currentPassword:\"" WA_PASSWORD
               "\",newPassword:\"a fresh passphrase 3\")}",
               NULL,
               NULL);
    WA_ASSERT_OK(r);
    json_decref(r);
    expect_refused(access, "after password change");
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(control_token_accepted),
        cmocka_unit_test(algorithm_attacks),
        cmocka_unit_test(signature_attacks),
        cmocka_unit_test(claim_attacks),
        cmocka_unit_test(role_from_user_row),
        cmocka_unit_test(tokens_before_logout_and_password_change),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
