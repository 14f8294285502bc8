/*
 * Unit tests for HS256 access tokens (include/crypto/jwt.h; CONTRACT.md §4 "Users and
 * sign-in"): round trip, a published RFC 7515 vector, and every attack the contract and
 * issue 5 list — alg none, HS512, RS256, wrong key, tampered payload and header, expired,
 * missing exp, wrong aud/iss, truncated, extra segments, non-base64, huge — each refused with
 * the reason we expect, so a check that is skipped by accident shows up here.
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

#include "crypto/init.h"
#include "crypto/jwt.h"

#include <sodium.h>

#define NOW INT64_C(1700000000)

static const unsigned char key[32] = "0123456789abcdef0123456789abcdef";
static const unsigned char other_key[32] = "0123456789abcdef0123456789abcdeF";

static int
setup(void **state)
{
    (void)state;
    return wallet_crypto_init();
}

static struct jwt_claims
sample_claims(void)
{
    struct jwt_claims c;
    memset(&c, 0, sizeof(c));
    strcpy(c.sub, "42");
    strcpy(c.role, "USER");
    strcpy(c.jti, "3q2-7wEjSd6QkW1l9xYzAA");
    c.iat = NOW;
    c.exp = NOW + 900;
    return c;
}

/* A signed token for the sample claims. */
static void
good_token(char out[JWT_MAX_TOKEN])
{
    struct jwt_claims c = sample_claims();
    assert_int_equal(jwt_sign(key, sizeof(key), &c, out, JWT_MAX_TOKEN, NULL), 0);
}

static void
b64(const void *bin, size_t len, char *out, size_t cap)
{
    sodium_bin2base64(out, cap, bin, len, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
}

enum mac_kind { MAC_HS256, MAC_HS512, MAC_NONE };

/*
 * Builds base64url(header) "." base64url(payload) "." signature from raw JSON texts, with an
 * HS256 or HS512 signature under k, or none: what an attacker can build for any header.
 */
static void
forge(const char *header,
      const char *payload,
      enum mac_kind mac,
      const unsigned char *k,
      size_t klen,
      char *out,
      size_t cap)
{
    char h[1024], p[1024];
    b64(header, strlen(header), h, sizeof(h));
    b64(payload, strlen(payload), p, sizeof(p));
    snprintf(out, cap, "%s.%s", h, p);
    size_t signed_len = strlen(out);
    unsigned char m[64];
    size_t mlen = 0;
    if (mac == MAC_HS256) {
        crypto_auth_hmacsha256_state st;
        crypto_auth_hmacsha256_init(&st, k, klen);
        crypto_auth_hmacsha256_update(&st, (const unsigned char *)out, signed_len);
        crypto_auth_hmacsha256_final(&st, m);
        mlen = 32;
    } else if (mac == MAC_HS512) {
        crypto_auth_hmacsha512_state st;
        crypto_auth_hmacsha512_init(&st, k, klen);
        crypto_auth_hmacsha512_update(&st, (const unsigned char *)out, signed_len);
        crypto_auth_hmacsha512_final(&st, m);
        mlen = 64;
    }
    char s[128] = "";
    if (mlen)
        b64(m, mlen, s, sizeof(s));
    snprintf(out + signed_len, cap - signed_len, ".%s", s);
}

#define HS256_HEADER "{\"alg\":\"HS256\",\"typ\":\"JWT\"}"
#define GOOD_PAYLOAD                                                                               \
    "{\"iss\":\"wallet\",\"sub\":\"42\",\"aud\":\"wallet-api\",\"role\":\"USER\","                 \
    "\"jti\":\"abc\",\"iat\":1700000000,\"exp\":1700000900}"

/* Verifies token at NOW and returns the reason (JWT_OK on success). */
static enum jwt_reason
check(const char *token)
{
    struct jwt_claims out;
    enum jwt_reason why = JWT_OK;
    int rc = jwt_verify(key, sizeof(key), token, strlen(token), NOW, &out, &why);
    assert_int_equal(rc, why == JWT_OK ? 0 : -1);
    if (rc != 0) { /* nothing leaks out of a refused token */
        static const struct jwt_claims zero;
        assert_memory_equal(&out, &zero, sizeof(out));
    }
    return why;
}

static enum jwt_reason
check_forged(const char *header, const char *payload)
{
    char tok[4096];
    forge(header, payload, MAC_HS256, key, sizeof(key), tok, sizeof(tok));
    return check(tok);
}

#define ASSERT_REASON(expr, want)                                                                  \
    do {                                                                                           \
        enum jwt_reason got_ = (expr);                                                             \
        if (got_ != (want))                                                                        \
            fail_msg("%s: got %s, want %s", #expr, jwt_reason_name(got_), jwt_reason_name(want));  \
    } while (0)

static void
sign_and_verify_round_trip(void **state)
{
    (void)state;
    char tok[JWT_MAX_TOKEN];
    size_t len = 0;
    struct jwt_claims c = sample_claims(), out;
    assert_int_equal(jwt_sign(key, sizeof(key), &c, tok, sizeof(tok), &len), 0);
    assert_int_equal(len, strlen(tok));
    assert_memory_equal(tok, "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.", 37);
    assert_null(strchr(tok, '='));
    enum jwt_reason why = JWT_EKEY;
    assert_int_equal(jwt_verify(key, sizeof(key), tok, len, NOW + 1, &out, &why), 0);
    assert_int_equal(why, JWT_OK);
    assert_string_equal(out.sub, "42");
    assert_string_equal(out.role, "USER");
    assert_string_equal(out.jti, c.jti);
    assert_string_equal(out.iss, "wallet");
    assert_string_equal(out.aud, "wallet-api");
    assert_int_equal(out.iat, NOW);
    assert_int_equal(out.exp, NOW + 900);
    /* the forged helper's honest tokens verify too */
    ASSERT_REASON(check_forged(HS256_HEADER, GOOD_PAYLOAD), JWT_OK);
    ASSERT_REASON(check_forged("{\"alg\":\"HS256\"}", GOOD_PAYLOAD), JWT_OK); /* typ optional */
}

static void
rfc7515_hs256_vector_passes_the_signature_check(void **state)
{
    (void)state;
    /* RFC 7515 Appendix A.1: its claims are not ours (iss "joe"), so a correct signature
     * check is shown by the token getting as far as the issuer check. */
    static const char b64key[] =
        "AyM1SysPpbyDfgZld3umj1qzKObwVMkoqQ-EstJQLr_T-1qS0gZH75aKtMN3Yj0iPS4hcgUuTwjAzZr1Z9CAow";
    static const char tok[] = "eyJ0eXAiOiJKV1QiLA0KICJhbGciOiJIUzI1NiJ9"
                              ".eyJpc3MiOiJqb2UiLA0KICJleHAiOjEzMDA4MTkzODAsDQogImh0dHA6Ly9leGFtcGx"
                              "lLmNvbS9pc19yb290Ijp0cnVlfQ"
                              ".dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";
    unsigned char k[64];
    size_t klen = 0;
    assert_int_equal(sodium_base642bin(k,
                                       sizeof(k),
                                       b64key,
                                       strlen(b64key),
                                       NULL,
                                       &klen,
                                       NULL,
                                       sodium_base64_VARIANT_URLSAFE_NO_PADDING),
                     0);
    assert_int_equal(klen, 64);
    struct jwt_claims out;
    enum jwt_reason why;
    assert_int_equal(jwt_verify(k, klen, tok, strlen(tok), 1300819000, &out, &why), -1);
    ASSERT_REASON(why, JWT_EISS);
    k[0] ^= 1;
    assert_int_equal(jwt_verify(k, klen, tok, strlen(tok), 1300819000, &out, &why), -1);
    ASSERT_REASON(why, JWT_ESIGNATURE);
}

static void
alg_none_and_other_algorithms_are_refused(void **state)
{
    (void)state;
    char tok[4096];
    static const char *const none_headers[] = {
        "{\"alg\":\"none\",\"typ\":\"JWT\"}",
        "{\"alg\":\"None\"}",
        "{\"alg\":\"NONE\"}",
        "{\"alg\":\"nOnE\"}",
        "{\"alg\":\"\"}",
    };
    for (size_t i = 0; i < sizeof(none_headers) / sizeof(none_headers[0]); i++) {
        forge(none_headers[i], GOOD_PAYLOAD, MAC_NONE, NULL, 0, tok, sizeof(tok));
        ASSERT_REASON(check(tok), JWT_EALG);
        /* even carrying a valid HS256 signature over its own bytes */
        forge(none_headers[i], GOOD_PAYLOAD, MAC_HS256, key, sizeof(key), tok, sizeof(tok));
        ASSERT_REASON(check(tok), JWT_EALG);
    }
    forge("{\"alg\":\"HS512\",\"typ\":\"JWT\"}", GOOD_PAYLOAD, MAC_HS512, key, 32, tok, 4096);
    ASSERT_REASON(check(tok), JWT_EALG);
    ASSERT_REASON(check_forged("{\"alg\":\"HS384\"}", GOOD_PAYLOAD), JWT_EALG);
    ASSERT_REASON(check_forged("{\"alg\":\"RS256\"}", GOOD_PAYLOAD), JWT_EALG); /* confusion */
    ASSERT_REASON(check_forged("{\"alg\":\"ES256\"}", GOOD_PAYLOAD), JWT_EALG);
    ASSERT_REASON(check_forged("{\"alg\":\"hs256\"}", GOOD_PAYLOAD), JWT_EALG);
    ASSERT_REASON(check_forged("{\"alg\":\"HS256 \"}", GOOD_PAYLOAD), JWT_EALG);
    ASSERT_REASON(check_forged("{\"alg\":[\"HS256\"]}", GOOD_PAYLOAD), JWT_EALG);
    ASSERT_REASON(check_forged("{\"alg\":null}", GOOD_PAYLOAD), JWT_EALG);
    ASSERT_REASON(check_forged("{\"typ\":\"JWT\"}", GOOD_PAYLOAD), JWT_EALG); /* missing */
    ASSERT_REASON(check_forged("{}", GOOD_PAYLOAD), JWT_EALG);
}

static void
strict_header(void **state)
{
    (void)state;
    /* duplicate keys: jansson would otherwise keep the last one */
    ASSERT_REASON(check_forged("{\"alg\":\"none\",\"alg\":\"HS256\"}", GOOD_PAYLOAD), JWT_EHEADER);
    ASSERT_REASON(check_forged("{\"alg\":\"HS256\",\"alg\":\"HS256\"}", GOOD_PAYLOAD), JWT_EHEADER);
    ASSERT_REASON(check_forged("{\"alg\":\"HS256\",\"kid\":\"1\"}", GOOD_PAYLOAD), JWT_EHEADER);
    ASSERT_REASON(check_forged("{\"alg\":\"HS256\",\"jku\":\"https://evil\"}", GOOD_PAYLOAD),
                  JWT_EHEADER);
    ASSERT_REASON(check_forged("{\"alg\":\"HS256\",\"crit\":[\"exp\"]}", GOOD_PAYLOAD),
                  JWT_EHEADER);
    ASSERT_REASON(check_forged("{\"alg\":\"HS256\",\"typ\":\"at+jwt\"}", GOOD_PAYLOAD),
                  JWT_EHEADER);
    ASSERT_REASON(check_forged("{\"alg\":\"HS256\",\"typ\":1}", GOOD_PAYLOAD), JWT_EHEADER);
    ASSERT_REASON(check_forged("[\"HS256\"]", GOOD_PAYLOAD), JWT_EHEADER);
    ASSERT_REASON(check_forged("\"HS256\"", GOOD_PAYLOAD), JWT_EHEADER);
    ASSERT_REASON(check_forged("{\"alg\":\"HS256\"", GOOD_PAYLOAD), JWT_EHEADER);
    ASSERT_REASON(check_forged("{\"alg\":\"HS256\"} x", GOOD_PAYLOAD), JWT_EHEADER);
    ASSERT_REASON(check_forged("not json", GOOD_PAYLOAD), JWT_EHEADER);
}

static void
wrong_key_is_refused(void **state)
{
    (void)state;
    struct jwt_claims c = sample_claims(), out;
    char tok[JWT_MAX_TOKEN];
    enum jwt_reason why;
    assert_int_equal(jwt_sign(other_key, sizeof(other_key), &c, tok, sizeof(tok), NULL), 0);
    ASSERT_REASON(check(tok), JWT_ESIGNATURE);
    /* a longer key is fine, but its 32-byte prefix is another key */
    unsigned char long_key[100];
    memset(long_key, 'k', sizeof(long_key));
    assert_int_equal(jwt_sign(long_key, sizeof(long_key), &c, tok, sizeof(tok), NULL), 0);
    assert_int_equal(jwt_verify(long_key, 100, tok, strlen(tok), NOW, &out, &why), 0);
    assert_int_equal(jwt_verify(long_key, 32, tok, strlen(tok), NOW, &out, &why), -1);
    ASSERT_REASON(why, JWT_ESIGNATURE);
}

static void
short_keys_are_refused(void **state)
{
    (void)state;
    struct jwt_claims c = sample_claims(), out;
    char tok[JWT_MAX_TOKEN];
    enum jwt_reason why;
    assert_int_equal(jwt_sign(key, 31, &c, tok, sizeof(tok), NULL), -1);
    assert_int_equal(jwt_sign(NULL, 32, &c, tok, sizeof(tok), NULL), -1);
    good_token(tok);
    assert_int_equal(jwt_verify(key, 31, tok, strlen(tok), NOW, &out, &why), -1);
    ASSERT_REASON(why, JWT_EKEY);
    assert_int_equal(jwt_verify(key, 0, tok, strlen(tok), NOW, &out, &why), -1);
    ASSERT_REASON(why, JWT_EKEY);
}

static void
tampered_payload_and_header_are_refused(void **state)
{
    (void)state;
    char tok[JWT_MAX_TOKEN];
    good_token(tok);
    char *dot1 = strchr(tok, '.');
    char *dot2 = strchr(dot1 + 1, '.');

    /* Payload: decode, promote to ADMIN, re-encode, keep the signature. */
    unsigned char pl[1024];
    size_t pl_len = 0;
    assert_int_equal(sodium_base642bin(pl,
                                       sizeof(pl) - 1,
                                       dot1 + 1,
                                       (size_t)(dot2 - dot1 - 1),
                                       NULL,
                                       &pl_len,
                                       NULL,
                                       sodium_base64_VARIANT_URLSAFE_NO_PADDING),
                     0);
    pl[pl_len] = '\0';
    char *role = strstr((char *)pl, "\"USER\"");
    assert_non_null(role);
    char admin[1024];
    snprintf(admin,
             sizeof(admin),
             "%.*s\"ADMIN\"%s",
             (int)(role - (char *)pl),
             (char *)pl,
             role + strlen("\"USER\""));
    char enc[2048], forged_tok[4096];
    b64(admin, strlen(admin), enc, sizeof(enc));
    snprintf(forged_tok, sizeof(forged_tok), "%.*s.%s%s", (int)(dot1 - tok), tok, enc, dot2);
    ASSERT_REASON(check(forged_tok), JWT_ESIGNATURE);

    /* Header: an equivalent, valid header with the keys reordered still breaks the MAC. */
    char hdr[128];
    b64("{\"typ\":\"JWT\",\"alg\":\"HS256\"}", 27, hdr, sizeof(hdr));
    snprintf(forged_tok, sizeof(forged_tok), "%s%s", hdr, dot1);
    ASSERT_REASON(check(forged_tok), JWT_ESIGNATURE);

    /* Payload swapped in from another valid token (another user). */
    struct jwt_claims c = sample_claims();
    strcpy(c.sub, "43");
    char tok2[JWT_MAX_TOKEN];
    assert_int_equal(jwt_sign(key, sizeof(key), &c, tok2, sizeof(tok2), NULL), 0);
    char *t2dot1 = strchr(tok2, '.');
    char *t2dot2 = strchr(t2dot1 + 1, '.');
    snprintf(forged_tok, sizeof(forged_tok), "%.*s%s", (int)(t2dot2 - tok2), tok2, dot2);
    ASSERT_REASON(check(forged_tok), JWT_ESIGNATURE);
}

static void
every_single_character_change_is_refused(void **state)
{
    (void)state;
    static const char alphabet[] =
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.=+/ ";
    char tok[JWT_MAX_TOKEN];
    good_token(tok);
    size_t len = strlen(tok);
    assert_int_equal(check(tok), JWT_OK);
    for (size_t i = 0; i < len; i++) {
        char orig = tok[i];
        /* a handful of replacements per position keeps this fast but thorough */
        for (size_t k = 0; k < sizeof(alphabet) - 1; k += 5) {
            char r = alphabet[(k + i) % (sizeof(alphabet) - 1)];
            if (r == orig)
                continue;
            tok[i] = r;
            struct jwt_claims out;
            if (jwt_verify(key, sizeof(key), tok, len, NOW, &out, NULL) == 0)
                fail_msg("changing byte %zu to '%c' was accepted", i, r);
        }
        tok[i] = orig;
    }
}

static void
expiry_and_issue_time(void **state)
{
    (void)state;
    char tok[JWT_MAX_TOKEN];
    good_token(tok); /* iat NOW, exp NOW + 900 */
    struct jwt_claims out;
    enum jwt_reason why;
    size_t len = strlen(tok);
    assert_int_equal(jwt_verify(key, 32, tok, len, NOW + 899, &out, &why), 0);
    assert_int_equal(jwt_verify(key, 32, tok, len, NOW + 900, &out, &why), -1);
    ASSERT_REASON(why, JWT_EEXPIRED);
    assert_int_equal(jwt_verify(key, 32, tok, len, NOW + 100000, &out, &why), -1);
    ASSERT_REASON(why, JWT_EEXPIRED);
    /* issued in the future beyond the leeway: a clock or a forgery problem */
    assert_int_equal(jwt_verify(key, 32, tok, len, NOW - JWT_IAT_LEEWAY, &out, &why), 0);
    assert_int_equal(jwt_verify(key, 32, tok, len, NOW - JWT_IAT_LEEWAY - 1, &out, &why), -1);
    ASSERT_REASON(why, JWT_EIAT);

#define P(extra)                                                                                   \
    "{\"iss\":\"wallet\",\"sub\":\"42\",\"aud\":\"wallet-api\",\"role\":\"USER\",\"jti\":"         \
    "\"j\"" extra "}"
    ASSERT_REASON(check_forged(HS256_HEADER, P(",\"iat\":1700000000")), JWT_EEXP_MISSING);
    ASSERT_REASON(check_forged(HS256_HEADER, P(",\"iat\":1700000000,\"exp\":\"1800000000\"")),
                  JWT_EEXP_MISSING);
    ASSERT_REASON(check_forged(HS256_HEADER, P(",\"iat\":1700000000,\"exp\":1.8e9")),
                  JWT_EEXP_MISSING);
    ASSERT_REASON(check_forged(HS256_HEADER, P(",\"iat\":1700000000,\"exp\":null")),
                  JWT_EEXP_MISSING);
    ASSERT_REASON(check_forged(HS256_HEADER, P(",\"iat\":1600000000,\"exp\":1699999999")),
                  JWT_EEXPIRED);
    ASSERT_REASON(check_forged(HS256_HEADER, P(",\"exp\":1800000000")), JWT_EIAT);
    ASSERT_REASON(check_forged(HS256_HEADER, P(",\"iat\":\"1700000000\",\"exp\":1800000000")),
                  JWT_EIAT);
    ASSERT_REASON(check_forged(HS256_HEADER, P(",\"iat\":1900000000,\"exp\":1800000000")),
                  JWT_EIAT);
    ASSERT_REASON(check_forged(HS256_HEADER,
                               P(",\"iat\":1700000000,\"exp\":1800000000,"
                                 "\"nbf\":1700000500")),
                  JWT_ENBF);
    ASSERT_REASON(check_forged(HS256_HEADER,
                               P(",\"iat\":1700000000,\"exp\":1800000000,"
                                 "\"nbf\":1699999999")),
                  JWT_OK);
}

static void
issuer_and_audience(void **state)
{
    (void)state;
#define T ",\"iat\":1700000000,\"exp\":1800000000"
#define C "\"sub\":\"42\",\"role\":\"USER\",\"jti\":\"j\"" T
    ASSERT_REASON(check_forged(HS256_HEADER, "{\"iss\":\"evil\",\"aud\":\"wallet-api\"," C "}"),
                  JWT_EISS);
    ASSERT_REASON(check_forged(HS256_HEADER, "{\"iss\":\"Wallet\",\"aud\":\"wallet-api\"," C "}"),
                  JWT_EISS);
    ASSERT_REASON(check_forged(HS256_HEADER, "{\"aud\":\"wallet-api\"," C "}"), JWT_EISS);
    ASSERT_REASON(check_forged(HS256_HEADER, "{\"iss\":[\"wallet\"],\"aud\":\"wallet-api\"," C "}"),
                  JWT_EISS);
    ASSERT_REASON(check_forged(HS256_HEADER, "{\"iss\":\"wallet\",\"aud\":\"other-api\"," C "}"),
                  JWT_EAUD);
    ASSERT_REASON(check_forged(HS256_HEADER, "{\"iss\":\"wallet\"," C "}"), JWT_EAUD);
    ASSERT_REASON(check_forged(HS256_HEADER, "{\"iss\":\"wallet\",\"aud\":[\"x\"]," C "}"),
                  JWT_EAUD);
    ASSERT_REASON(check_forged(HS256_HEADER, "{\"iss\":\"wallet\",\"aud\":[]," C "}"), JWT_EAUD);
    ASSERT_REASON(check_forged(HS256_HEADER, "{\"iss\":\"wallet\",\"aud\":1," C "}"), JWT_EAUD);
    ASSERT_REASON(
        check_forged(HS256_HEADER, "{\"iss\":\"wallet\",\"aud\":[\"x\",\"wallet-api\"]," C "}"),
        JWT_OK);
}

static void
required_string_claims(void **state)
{
    (void)state;
#define IA "\"iss\":\"wallet\",\"aud\":\"wallet-api\","
    ASSERT_REASON(check_forged(HS256_HEADER, "{" IA "\"role\":\"USER\",\"jti\":\"j\"" T "}"),
                  JWT_ECLAIM);
    ASSERT_REASON(
        check_forged(HS256_HEADER, "{" IA "\"sub\":\"\",\"role\":\"USER\",\"jti\":\"j\"" T "}"),
        JWT_ECLAIM);
    ASSERT_REASON(
        check_forged(HS256_HEADER, "{" IA "\"sub\":42,\"role\":\"USER\",\"jti\":\"j\"" T "}"),
        JWT_ECLAIM);
    ASSERT_REASON(check_forged(HS256_HEADER, "{" IA "\"sub\":\"42\",\"jti\":\"j\"" T "}"),
                  JWT_ECLAIM);
    ASSERT_REASON(check_forged(HS256_HEADER, "{" IA "\"sub\":\"42\",\"role\":\"USER\"" T "}"),
                  JWT_ECLAIM);
    char payload[1024], sub[300];
    memset(sub, '9', 200);
    sub[200] = '\0';
    snprintf(payload,
             sizeof(payload),
             "{" IA "\"sub\":\"%s\",\"role\":\"USER\",\"jti\":\"j\"" T "}",
             sub);
    ASSERT_REASON(check_forged(HS256_HEADER, payload), JWT_ECLAIM);
    /* duplicate claims (last-wins would let a later "role" override) */
    ASSERT_REASON(check_forged(HS256_HEADER,
                               "{" IA "\"sub\":\"42\",\"role\":\"USER\",\"role\":\"ADMIN\","
                               "\"jti\":\"j\"" T "}"),
                  JWT_EPAYLOAD);
    ASSERT_REASON(check_forged(HS256_HEADER, "[]"), JWT_EPAYLOAD);
    ASSERT_REASON(check_forged(HS256_HEADER, "null"), JWT_EPAYLOAD);
    ASSERT_REASON(check_forged(HS256_HEADER, "{} trailing"), JWT_EPAYLOAD);
}

static void
shape_and_encoding(void **state)
{
    (void)state;
    char tok[JWT_MAX_TOKEN], bad[JWT_MAX_TOKEN + 64];
    good_token(tok);
    size_t len = strlen(tok);
    char *dot1 = strchr(tok, '.');
    char *dot2 = strchr(dot1 + 1, '.');

    /* every truncation fails */
    for (size_t n = 0; n < len; n++) {
        struct jwt_claims out;
        if (jwt_verify(key, 32, tok, n, NOW, &out, NULL) == 0)
            fail_msg("prefix of %zu bytes accepted", n);
    }
    snprintf(bad, sizeof(bad), "%.*s", (int)(dot2 - tok), tok); /* no signature segment */
    ASSERT_REASON(check(bad), JWT_ESEGMENTS);
    snprintf(bad, sizeof(bad), "%.*s", (int)(dot2 - tok + 1), tok); /* empty signature */
    ASSERT_REASON(check(bad), JWT_ESIGNATURE);
    snprintf(bad, sizeof(bad), "%.*s", (int)(len - 4), tok); /* signature cut short */
    assert_int_not_equal(check(bad), JWT_OK);

    snprintf(bad, sizeof(bad), "%s.", tok);
    ASSERT_REASON(check(bad), JWT_ESEGMENTS);
    snprintf(bad, sizeof(bad), "%s.e30", tok);
    ASSERT_REASON(check(bad), JWT_ESEGMENTS);
    snprintf(bad, sizeof(bad), "%s.e30.e30", tok); /* five segments, JWE-like */
    ASSERT_REASON(check(bad), JWT_ESEGMENTS);
    snprintf(bad, sizeof(bad), ".%s", dot1 + 1);
    ASSERT_REASON(check(bad), JWT_ESEGMENTS);
    snprintf(bad, sizeof(bad), "%.*s.%s", (int)(dot1 - tok), tok, dot2);
    ASSERT_REASON(check(bad), JWT_ESEGMENTS);
    ASSERT_REASON(check(".."), JWT_ESEGMENTS);
    ASSERT_REASON(check("abc"), JWT_ESEGMENTS);

    /* standard base64 characters, padding, whitespace: not base64url */
    snprintf(bad, sizeof(bad), "%s=", tok);
    ASSERT_REASON(check(bad), JWT_EBASE64);
    snprintf(bad, sizeof(bad), "%.*s+%s", (int)(dot1 - tok - 1), tok, dot1);
    ASSERT_REASON(check(bad), JWT_EBASE64);
    snprintf(bad, sizeof(bad), "%.*s %s", (int)(dot1 - tok), tok, dot1);
    ASSERT_REASON(check(bad), JWT_EBASE64);
    snprintf(bad, sizeof(bad), "%.*s%%41%s", (int)(dot1 - tok), tok, dot1);
    ASSERT_REASON(check(bad), JWT_EBASE64);
    /* a NUL inside the given length */
    memcpy(bad, tok, len);
    bad[len / 2] = '\0';
    struct jwt_claims out;
    assert_int_equal(jwt_verify(key, 32, bad, len, NOW, &out, NULL), -1);
}

static void
huge_and_empty_tokens(void **state)
{
    (void)state;
    struct jwt_claims out;
    enum jwt_reason why;
    size_t big = 1 << 20;
    char *huge = malloc(big + 1);
    assert_non_null(huge);
    memset(huge, 'A', big);
    huge[100] = '.';
    huge[200] = '.';
    huge[big] = '\0';
    assert_int_equal(jwt_verify(key, 32, huge, big, NOW, &out, &why), -1);
    ASSERT_REASON(why, JWT_ETOO_LONG);
    assert_int_equal(jwt_verify(key, 32, huge, JWT_MAX_TOKEN + 1, NOW, &out, &why), -1);
    ASSERT_REASON(why, JWT_ETOO_LONG);
    free(huge);
    assert_int_equal(jwt_verify(key, 32, "", 0, NOW, &out, &why), -1);
    ASSERT_REASON(why, JWT_ETOO_LONG);
    assert_int_equal(jwt_verify(key, 32, NULL, 10, NOW, &out, &why), -1);
    ASSERT_REASON(why, JWT_ETOO_LONG);
}

static void
sign_refuses_bad_claims_and_small_buffers(void **state)
{
    (void)state;
    char tok[JWT_MAX_TOKEN];
    struct jwt_claims c = sample_claims();
    c.sub[0] = '\0';
    assert_int_equal(jwt_sign(key, 32, &c, tok, sizeof(tok), NULL), -1);
    assert_string_equal(tok, "");
    c = sample_claims();
    memset(c.jti, 'x', sizeof(c.jti)); /* not terminated */
    assert_int_equal(jwt_sign(key, 32, &c, tok, sizeof(tok), NULL), -1);
    c = sample_claims();
    c.exp = c.iat;
    assert_int_equal(jwt_sign(key, 32, &c, tok, sizeof(tok), NULL), -1);
    c = sample_claims();
    strcpy(c.role, "\xff\xfe"); /* not UTF-8: cannot be a JSON string */
    assert_int_equal(jwt_sign(key, 32, &c, tok, sizeof(tok), NULL), -1);
    c = sample_claims();
    assert_int_equal(jwt_sign(key, 32, &c, tok, 40, NULL), -1);
    assert_string_equal(tok, "");
    /* the largest claims still fit the documented buffer and verify */
    memset(c.sub, 's', JWT_CLAIM_MAX - 1);
    memset(c.role, 'r', JWT_CLAIM_MAX - 1);
    memset(c.jti, 'j', JWT_CLAIM_MAX - 1);
    c.sub[JWT_CLAIM_MAX - 1] = c.role[JWT_CLAIM_MAX - 1] = c.jti[JWT_CLAIM_MAX - 1] = '\0';
    c.iat = INT64_C(-9000000000000000000);
    c.exp = INT64_MAX;
    size_t len;
    assert_int_equal(jwt_sign(key, 32, &c, tok, sizeof(tok), &len), 0);
    struct jwt_claims out;
    assert_int_equal(jwt_verify(key, 32, tok, len, NOW, &out, NULL), 0);
    assert_string_equal(out.sub, c.sub);
    assert_int_equal(out.exp, INT64_MAX);
}

static void
reason_names_are_distinct(void **state)
{
    (void)state;
    for (int a = JWT_OK; a <= JWT_ECLAIM; a++)
        for (int b = a + 1; b <= JWT_ECLAIM; b++)
            assert_string_not_equal(jwt_reason_name(a), jwt_reason_name(b));
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(sign_and_verify_round_trip),
        cmocka_unit_test(rfc7515_hs256_vector_passes_the_signature_check),
        cmocka_unit_test(alg_none_and_other_algorithms_are_refused),
        cmocka_unit_test(strict_header),
        cmocka_unit_test(wrong_key_is_refused),
        cmocka_unit_test(short_keys_are_refused),
        cmocka_unit_test(tampered_payload_and_header_are_refused),
        cmocka_unit_test(every_single_character_change_is_refused),
        cmocka_unit_test(expiry_and_issue_time),
        cmocka_unit_test(issuer_and_audience),
        cmocka_unit_test(required_string_claims),
        cmocka_unit_test(shape_and_encoding),
        cmocka_unit_test(huge_and_empty_tokens),
        cmocka_unit_test(sign_refuses_bad_claims_and_small_buffers),
        cmocka_unit_test(reason_names_are_distinct),
    };
    return cmocka_run_group_tests(tests, setup, NULL);
}
