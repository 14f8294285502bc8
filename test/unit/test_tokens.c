/*
 * Unit tests for refresh tokens, random ids, transfer references, token hashes
 * (include/crypto/tokens.h) and the audit hash chain (include/crypto/audit_hash.h).
 */
/* cmocka.h needs these system headers before it. */
/* clang-format off */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
/* clang-format on */

#include "crypto/audit_hash.h"
#include "crypto/init.h"
#include "crypto/tokens.h"

#include <sodium.h>

static int
setup(void **state)
{
    (void)state;
    return wallet_crypto_init();
}

static int
is_b64url(char c)
{
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' ||
           c == '_';
}

static int
cmp_str(const void *a, const void *b)
{
    return strcmp((const char *)a, (const char *)b);
}

static void
refresh_tokens_are_256_random_bits(void **state)
{
    (void)state;
    enum { N = 500 };
    static char toks[N][TOKEN_REFRESH_MAX];
    for (int i = 0; i < N; i++) {
        token_refresh_new(toks[i]);
        assert_int_equal(strlen(toks[i]), TOKEN_REFRESH_LEN);
        for (int k = 0; k < TOKEN_REFRESH_LEN; k++)
            assert_true(is_b64url(toks[i][k]));
        assert_int_equal(token_refresh_well_formed(toks[i], TOKEN_REFRESH_LEN), 1);
        unsigned char raw[40];
        size_t n = 0;
        assert_int_equal(sodium_base642bin(raw,
                                           sizeof(raw),
                                           toks[i],
                                           TOKEN_REFRESH_LEN,
                                           NULL,
                                           &n,
                                           NULL,
                                           sodium_base64_VARIANT_URLSAFE_NO_PADDING),
                         0);
        assert_int_equal(n, 32);
    }
    qsort(toks, N, TOKEN_REFRESH_MAX, cmp_str);
    for (int i = 1; i < N; i++)
        assert_string_not_equal(toks[i - 1], toks[i]);
}

static void
refresh_token_shape_check(void **state)
{
    (void)state;
    char t[TOKEN_REFRESH_MAX + 8];
    token_refresh_new(t);
    assert_int_equal(token_refresh_well_formed(t, 42), 0);
    assert_int_equal(token_refresh_well_formed(NULL, 43), 0);
    strcat(t, "A");
    assert_int_equal(token_refresh_well_formed(t, 44), 0);
    token_refresh_new(t);
    t[5] = '+';
    assert_int_equal(token_refresh_well_formed(t, 43), 0);
    token_refresh_new(t);
    t[5] = '=';
    assert_int_equal(token_refresh_well_formed(t, 43), 0);
    /* 43 characters carry 258 bits: the last character must leave its low 2 bits zero */
    memset(t, 'A', 43);
    t[42] = 'B';
    assert_int_equal(token_refresh_well_formed(t, 43), 0);
    t[42] = 'E';
    assert_int_equal(token_refresh_well_formed(t, 43), 1);
}

static void
token_hash_is_sha256(void **state)
{
    (void)state;
    char hex[TOKEN_HASH_HEX_MAX];
    token_hash_hex("abc", 3, hex);
    assert_string_equal(hex, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    token_hash_hex("", 0, hex);
    assert_string_equal(hex, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    unsigned char a[TOKEN_HASH_BYTES], b[TOKEN_HASH_BYTES];
    token_hash("abc", 3, a);
    static const unsigned char abc[4] = {0xba, 0x78, 0x16, 0xbf};
    assert_memory_equal(a, abc, 4);
    token_hash("abd", 3, b);
    assert_int_equal(token_equal(a, b, sizeof(a)), 0);
    token_hash("abc", 3, b);
    assert_int_equal(token_equal(a, b, sizeof(a)), 1);
}

static void
constant_time_string_equality(void **state)
{
    (void)state;
    assert_int_equal(token_equal_str("secret", 6, "secret", 6), 1);
    assert_int_equal(token_equal_str("secret", 6, "secreT", 6), 0);
    assert_int_equal(token_equal_str("secret", 6, "secret!", 7), 0);
    assert_int_equal(token_equal_str("", 0, "", 0), 1);
    assert_int_equal(token_equal_str(NULL, 0, "", 0), 0);
    assert_int_equal(token_equal("ab", "ab", 0), 1);
}

static void
random_ids(void **state)
{
    (void)state;
    enum { N = 500 };
    static char ids[N][TOKEN_ID_MAX];
    for (int i = 0; i < N; i++) {
        token_id_new(ids[i]);
        assert_int_equal(strlen(ids[i]), TOKEN_ID_LEN);
        for (int k = 0; k < TOKEN_ID_LEN; k++)
            assert_true(is_b64url(ids[i][k])); /* also a valid X-Request-ID */
    }
    qsort(ids, N, TOKEN_ID_MAX, cmp_str);
    for (int i = 1; i < N; i++)
        assert_string_not_equal(ids[i - 1], ids[i]);
}

static void
transfer_references(void **state)
{
    (void)state;
    enum { N = 200 };
    static char refs[N][TOKEN_REF_MAX];
    for (int i = 0; i < N; i++) {
        token_transfer_ref_new(refs[i]);
        const char *r = refs[i];
        assert_int_equal(strlen(r), TOKEN_REF_LEN);
        assert_memory_equal(r, "TX-", 3);
        assert_int_equal(r[7], '-');
        assert_null(strpbrk(r + 3, "ILOUilou"));
        assert_int_equal(token_transfer_ref_well_formed(r, TOKEN_REF_LEN), 1);
    }
    qsort(refs, N, TOKEN_REF_MAX, cmp_str);
    for (int i = 1; i < N; i++)
        assert_string_not_equal(refs[i - 1], refs[i]);

    assert_int_equal(token_transfer_ref_well_formed("TX-7GQ2-84KD", 12), 1);
    assert_int_equal(token_transfer_ref_well_formed("TX-7GQ2-84KO", 12), 0); /* O */
    assert_int_equal(token_transfer_ref_well_formed("TX-7gq2-84KD", 12), 0); /* lower case */
    assert_int_equal(token_transfer_ref_well_formed("TX-7GQ2_84KD", 12), 0);
    assert_int_equal(token_transfer_ref_well_formed("TY-7GQ2-84KD", 12), 0);
    assert_int_equal(token_transfer_ref_well_formed("TX-7GQ2-84K", 11), 0);
    assert_int_equal(token_transfer_ref_well_formed("TX-7GQ2-84K\0", 12), 0);
}

static void
random_strings_are_uniform(void **state)
{
    (void)state;
    /* 3 symbols: modulo reduction of a byte would favour some; randombytes_uniform does not.
     * 30000 draws: each count is 10000 +- ~82 (one standard deviation); the bounds below are
     * more than ten deviations wide, so this never fails by chance. */
    static char out[30001];
    token_random_string("abc", 3, out, 30000);
    assert_int_equal(out[30000], '\0');
    int counts[3] = {0};
    for (int i = 0; i < 30000; i++) {
        assert_true(out[i] >= 'a' && out[i] <= 'c');
        counts[out[i] - 'a']++;
    }
    for (int k = 0; k < 3; k++)
        assert_true(counts[k] > 9000 && counts[k] < 11000);
    char one[2];
    token_random_string("z", 1, one, 1);
    assert_string_equal(one, "z");
}

static void
sha256_hex(const unsigned char *data, size_t len, char out[65])
{
    unsigned char h[32];
    crypto_hash_sha256(h, data, len);
    sodium_bin2hex(out, 65, h, 32);
}

static void
audit_chain_links(void **state)
{
    (void)state;
    char h1[AUDIT_HASH_HEX_MAX], h2[AUDIT_HASH_HEX_MAX], h3[AUDIT_HASH_HEX_MAX];
    char want[65];
    unsigned char buf[64];

    /* first entry: SHA-256(32 zero bytes || entry) */
    assert_int_equal(audit_hash_link(NULL, "login", 5, h1), 0);
    memset(buf, 0, 32);
    memcpy(buf + 32, "login", 5);
    sha256_hex(buf, 37, want);
    assert_string_equal(h1, want);
    char alt[AUDIT_HASH_HEX_MAX];
    assert_int_equal(audit_hash_link("", "login", 5, alt), 0);
    assert_string_equal(alt, h1);
    assert_int_equal(audit_hash_link(AUDIT_HASH_GENESIS, "login", 5, alt), 0);
    assert_string_equal(alt, h1);

    /* second entry: SHA-256(raw h1 || entry) */
    assert_int_equal(audit_hash_link(h1, "transfer", 8, h2), 0);
    size_t n = 0;
    assert_int_equal(sodium_hex2bin(buf, 32, h1, 64, NULL, &n, NULL), 0);
    memcpy(buf + 32, "transfer", 8);
    sha256_hex(buf, 40, want);
    assert_string_equal(h2, want);
    assert_int_equal(audit_hash_link(h2, "logout", 6, h3), 0);

    /* upper-case hex of the previous hash names the same link */
    char upper[65];
    for (int i = 0; i < 65; i++)
        upper[i] = (char)((h1[i] >= 'a' && h1[i] <= 'f') ? h1[i] - 32 : h1[i]);
    assert_int_equal(audit_hash_link(upper, "transfer", 8, alt), 0);
    assert_string_equal(alt, h2);

    /* changing an earlier entry changes every later hash: a verifier finds the break */
    char t1[65], t2[65], t3[65];
    assert_int_equal(audit_hash_link(NULL, "logiN", 5, t1), 0);
    assert_int_equal(audit_hash_link(t1, "transfer", 8, t2), 0);
    assert_int_equal(audit_hash_link(t2, "logout", 6, t3), 0);
    assert_string_not_equal(t1, h1);
    assert_string_not_equal(t2, h2);
    assert_string_not_equal(t3, h3);

    /* malformed previous hashes */
    assert_int_equal(audit_hash_link("abc", "x", 1, alt), -1);
    char bad[66];
    memcpy(bad, h1, 65);
    bad[10] = 'g';
    assert_int_equal(audit_hash_link(bad, "x", 1, alt), -1);
    memcpy(bad, h1, 64);
    bad[64] = '0';
    bad[65] = '\0';
    assert_int_equal(audit_hash_link(bad, "x", 1, alt), -1); /* 65 characters */
    assert_int_equal(audit_hash_link(NULL, NULL, 1, alt), -1);
}

static void
audit_fields_encoding_is_unambiguous(void **state)
{
    (void)state;
    char a[65], b[65];
    const char *f1[] = {"ab", "c"};
    size_t l1[] = {2, 1};
    const char *f2[] = {"a", "bc"};
    size_t l2[] = {1, 2};
    assert_int_equal(audit_hash_link_fields(NULL, f1, l1, 2, a), 0);
    assert_int_equal(audit_hash_link_fields(NULL, f2, l2, 2, b), 0);
    assert_string_not_equal(a, b);

    const char *fnull[] = {NULL};
    const char *fempty[] = {""};
    size_t l0[] = {0};
    assert_int_equal(audit_hash_link_fields(NULL, fnull, l0, 1, a), 0);
    assert_int_equal(audit_hash_link_fields(NULL, fempty, l0, 1, b), 0);
    assert_string_not_equal(a, b);

    /* equals the documented encoding through audit_hash_link */
    unsigned char enc[] = {0, 0, 0, 2, 'a', 'b', 0, 0, 0, 1, 'c'};
    assert_int_equal(audit_hash_link_fields(NULL, f1, l1, 2, a), 0);
    assert_int_equal(audit_hash_link(NULL, enc, sizeof(enc), b), 0);
    assert_string_equal(a, b);
    unsigned char enc_null[] = {0xff, 0xff, 0xff, 0xff};
    assert_int_equal(audit_hash_link_fields(NULL, fnull, l0, 1, a), 0);
    assert_int_equal(audit_hash_link(NULL, enc_null, sizeof(enc_null), b), 0);
    assert_string_equal(a, b);
    assert_int_equal(audit_hash_link_fields("zz", f1, l1, 2, a), -1);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(refresh_tokens_are_256_random_bits),
        cmocka_unit_test(refresh_token_shape_check),
        cmocka_unit_test(token_hash_is_sha256),
        cmocka_unit_test(constant_time_string_equality),
        cmocka_unit_test(random_ids),
        cmocka_unit_test(transfer_references),
        cmocka_unit_test(random_strings_are_uniform),
        cmocka_unit_test(audit_chain_links),
        cmocka_unit_test(audit_fields_encoding_is_unambiguous),
    };
    return cmocka_run_group_tests(tests, setup, NULL);
}
