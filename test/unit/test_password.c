/*
 * Unit tests for password hashing and policy (include/crypto/password.h; CONTRACT.md §4
 * "Users and sign-in"). Real INTERACTIVE parameters, but only a handful of Argon2 runs, so
 * the whole file takes well under two seconds.
 */
/* cmocka.h needs these system headers before it. */
/* clang-format off */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>
/* clang-format on */

#include "../src/crypto/common_passwords.h"
#include "crypto/init.h"
#include "crypto/password.h"

#include <pthread.h>
#include <sodium.h>

#define S(lit) (lit), (sizeof(lit) - 1)

static char good_hash[PW_HASH_MAX]; /* hash of GOOD_PW, made once in setup */
#define GOOD_PW "correct horse battery staple"

static int
setup(void **state)
{
    (void)state;
    if (wallet_crypto_init() != 0)
        return -1;
    return pw_hash(S(GOOD_PW), good_hash);
}

static void
hash_is_argon2id_interactive_and_verifies(void **state)
{
    (void)state;
    assert_memory_equal(good_hash, "$argon2id$v=19$m=65536,t=2,p=1$", 31);
    assert_true(strlen(good_hash) < PW_HASH_MAX);
    assert_int_equal(pw_verify(good_hash, S(GOOD_PW)), 0);
    assert_int_equal(pw_verify(good_hash, S("correct horse battery stapl")), -1);
    assert_int_equal(pw_verify(good_hash, GOOD_PW, sizeof(GOOD_PW)), -1); /* with the NUL */
    assert_int_equal(pw_needs_rehash(good_hash), 0);
}

static void
hash_is_salted(void **state)
{
    (void)state;
    char again[PW_HASH_MAX];
    assert_int_equal(pw_hash(S(GOOD_PW), again), 0);
    assert_string_not_equal(again, good_hash);
}

static void
malformed_hashes_and_oversized_passwords_fail_fast(void **state)
{
    (void)state;
    struct pw_stats before, after;
    pw_get_stats(&before);
    assert_int_equal(pw_verify(NULL, S(GOOD_PW)), -1);
    assert_int_equal(pw_verify("", S(GOOD_PW)), -1);
    assert_int_equal(pw_verify("$argon2id$v=19$garbage", S(GOOD_PW)), -1);
    char unterminated[PW_HASH_MAX];
    memset(unterminated, 'a', sizeof(unterminated));
    assert_int_equal(pw_verify(unterminated, S(GOOD_PW)), -1);
    char huge[PW_MAX_BYTES + 1];
    memset(huge, 'x', sizeof(huge));
    char out[PW_HASH_MAX];
    assert_int_equal(pw_hash(huge, sizeof(huge), out), -1);
    assert_int_equal(pw_verify(good_hash, huge, sizeof(huge)), -1);
    pw_get_stats(&after);
    assert_true(after.completed - before.completed <= 3); /* the three malformed hashes */
    assert_int_equal(pw_needs_rehash(NULL), -1);
    assert_int_equal(pw_needs_rehash("plaintext"), -1);
    assert_int_equal(pw_needs_rehash(unterminated), -1);
}

static void
weaker_or_older_hashes_need_rehash(void **state)
{
    (void)state;
    char weak[crypto_pwhash_STRBYTES];
    assert_int_equal(crypto_pwhash_str_alg(weak,
                                           S("hunter2hunter2"),
                                           crypto_pwhash_argon2id_OPSLIMIT_MIN,
                                           crypto_pwhash_argon2id_MEMLIMIT_MIN,
                                           crypto_pwhash_ALG_ARGON2ID13),
                     0);
    assert_int_equal(pw_needs_rehash(weak), 1);
    assert_int_equal(pw_verify(weak, S("hunter2hunter2")), 0); /* still readable */
    char argon2i[crypto_pwhash_STRBYTES];
    assert_int_equal(crypto_pwhash_str_alg(argon2i,
                                           S("hunter2hunter2"),
                                           crypto_pwhash_argon2i_OPSLIMIT_MIN,
                                           crypto_pwhash_argon2i_MEMLIMIT_MIN,
                                           crypto_pwhash_ALG_ARGON2I13),
                     0);
    assert_int_equal(pw_needs_rehash(argon2i), 1);
}

static void
dummy_verify_costs_one_argon2_run_and_fails(void **state)
{
    (void)state;
    assert_int_equal(pw_verify_dummy(S(GOOD_PW)), -1); /* first use also builds the dummy */
    struct pw_stats before, after;
    pw_get_stats(&before);
    assert_int_equal(pw_verify_dummy(S(GOOD_PW)), -1);
    assert_int_equal(pw_verify_dummy(S("")), -1);
    pw_get_stats(&after);
    assert_int_equal(after.completed - before.completed, 2);
}

struct verify_job {
    int rc;
};

static void *
verify_thread(void *arg)
{
    struct verify_job *job = arg;
    job->rc = pw_verify(good_hash, S(GOOD_PW));
    return NULL;
}

static void
concurrency_is_capped(void **state)
{
    (void)state;
    pw_set_max_concurrency(1);
    pw_reset_peak();
    struct pw_stats before, after;
    pw_get_stats(&before);
    assert_int_equal(before.limit, 1);
    pthread_t threads[3];
    struct verify_job jobs[3];
    for (int i = 0; i < 3; i++) {
        jobs[i].rc = 99;
        assert_int_equal(pthread_create(&threads[i], NULL, verify_thread, &jobs[i]), 0);
    }
    for (int i = 0; i < 3; i++) {
        pthread_join(threads[i], NULL);
        assert_int_equal(jobs[i].rc, 0);
    }
    pw_get_stats(&after);
    assert_int_equal(after.peak, 1);
    assert_int_equal(after.in_flight, 0);
    assert_int_equal(after.waiting, 0);
    assert_int_equal(after.completed - before.completed, 3);
    pw_set_max_concurrency(0); /* taken as 1 */
    pw_get_stats(&after);
    assert_int_equal(after.limit, 1);
    pw_set_max_concurrency(PW_DEFAULT_CONCURRENCY);
}

struct policy_case {
    const char *user;
    const char *pw;
    size_t len;         /* 0: strlen(pw) */
    const char *reason; /* substring of the expected reason; NULL = accepted */
};

static const struct policy_case policy_cases[] = {
    {"alice", "correct horse battery staple", 0, NULL},
    {"alice", "Tr0ub4dor&3-zebra", 0, NULL},
    {"alice", "wallet-api-2024-zebra", 0, NULL},
    {NULL, "ten chars!", 0, NULL},
    {"", "xkcd936 fan!", 0, NULL},
    {"alice", "\xc3\xb1\x61nd\xc3\xba-\xc3\xa7\xc3\xa9-\xc3\x9f\xc3\xb8x", 0, NULL}, /* 12 chars */
    {"alice", "", 0, "at least 10"},
    {"alice", "short", 0, "at least 10"},
    {"alice", "abcdefgh1", 0, "at least 10"},
    /* 9 characters but 18 bytes: characters are counted, not bytes */
    {"alice",
     "\xc3\xa9\xc3\xa8\xc3\xaa\xc3\xab\xc3\xa9\xc3\xa8\xc3\xaa\xc3\xab\xc3\xa9",
     0,
     "at least 10"},
    {"alice", "my-ALICE-password", 0, "username"},
    {"alice.smith", "xxALICE.SMITHyy99", 0, "username"},
    {"bob_99", "BOB_99 is my name", 0, "username"},
    {"alice", "zzzzzzzzzzzz", 0, "repeated"},
    {"alice",
     "\xe2\x82\xb9\xe2\x82\xb9\xe2\x82\xb9\xe2\x82\xb9\xe2\x82\xb9\xe2\x82\xb9\xe2\x82\xb9"
     "\xe2\x82\xb9\xe2\x82\xb9\xe2\x82\xb9",
     0,
     "repeated"}, /* ten rupee signs */
    {"alice", "password123", 0, "too common"},
    {"alice", "PassWord123", 0, "too common"},
    {"alice", "qwertyuiop", 0, "too common"},
    {"alice", "1234567890", 0, "too common"},
    {"alice", "1q2w3e4r5t", 0, "too common"},
    {"alice", "iloveyou!!", 0, "too common"},
    {"alice", "Monkey12345!", 0, "too common"},
    {"alice", "!!dragon2024", 0, "too common"},
    {"alice", "abcdefghij", 0, "too common"},
    {"alice", "abcdefghij\xff", 0, "UTF-8"},
    {"alice", "abcdefghij\xc0\xaf", 0, "UTF-8"},         /* overlong '/' */
    {"alice", "abcdefghij\xed\xa0\x80", 0, "UTF-8"},     /* surrogate */
    {"alice", "abcdefghij\xf4\x90\x80\x80", 0, "UTF-8"}, /* above U+10FFFF */
    {"alice", "abcdefghij\xe2\x82", 0, "UTF-8"},         /* truncated */
    {"alice", "abcdefghij\x01k", 0, "control"},
    {"alice", "abcde\tfghijk", 0, "control"},
    {"alice", "abcdefghij\x7f", 0, "control"},
    {"alice", "abcdefghij\xc2\x85", 0, "control"}, /* U+0085 NEXT LINE */
    {"alice", "abcde\0fghijk", 12, "control"},
};

static void
policy_table(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof(policy_cases) / sizeof(policy_cases[0]); i++) {
        const struct policy_case *c = &policy_cases[i];
        size_t len = c->len ? c->len : strlen(c->pw);
        const char *reason = "unset";
        int rc = pw_policy_check(c->user, c->pw, len, &reason);
        if (c->reason == NULL) {
            if (rc != 0)
                fail_msg("case %zu refused: %s", i, reason);
            assert_null(reason);
        } else {
            if (rc != -1)
                fail_msg("case %zu accepted, expected \"%s\"", i, c->reason);
            assert_non_null(reason);
            if (strstr(reason, c->reason) == NULL)
                fail_msg("case %zu: reason \"%s\", expected \"%s\"", i, reason, c->reason);
            if (len > 0) /* the password is never quoted */
                assert_null(strstr(reason, c->pw));
        }
    }
}

static void
policy_length_limits_count_characters(void **state)
{
    (void)state;
    char pw[4 * 130];
    const char *reason = NULL;
    /* 128 and 129 ASCII characters */
    for (int i = 0; i < 129; i++)
        pw[i] = (char)('a' + (i * 7) % 26);
    assert_int_equal(pw_policy_check("zz", pw, 128, &reason), 0);
    assert_int_equal(pw_policy_check("zz", pw, 129, &reason), -1);
    assert_non_null(strstr(reason, "at most 128"));
    /* 128 four-byte characters (512 bytes) are allowed; 129 are not */
    static const char a[] = "\xf0\x9f\x92\xb0", b[] = "\xf0\x9f\x94\x91"; /* money bag, key */
    for (int i = 0; i < 129; i++)
        memcpy(pw + 4 * i, (i % 2) ? a : b, 4);
    assert_int_equal(pw_policy_check("zz", pw, 512, &reason), 0);
    assert_int_equal(pw_policy_check("zz", pw, 516, &reason), -1);
    assert_non_null(strstr(reason, "at most 128"));
    assert_int_equal(pw_policy_check("zz", NULL, 0, &reason), -1);
    assert_int_equal(pw_policy_check("zz", "ok password here", 16, NULL), 0);
}

static void
common_list_is_sorted_lowercase_and_large(void **state)
{
    (void)state;
    assert_true(pw_common_passwords_count >= 300);
    for (size_t i = 0; i < pw_common_passwords_count; i++) {
        const char *w = pw_common_passwords[i];
        for (const char *p = w; *p; p++)
            assert_false(*p >= 'A' && *p <= 'Z');
        if (i > 0)
            assert_true(strcmp(pw_common_passwords[i - 1], w) < 0);
        assert_int_equal(pw_is_common(w, strlen(w)), 1);
    }
    assert_int_equal(pw_is_common(S("PASSWORD")), 1);
    assert_int_equal(pw_is_common(S("QwErTy123")), 1);
    assert_int_equal(pw_is_common(S("password ")), 0);
    assert_int_equal(pw_is_common(S("correct horse battery staple")), 0);
    assert_int_equal(pw_is_common("123456\0", 7), 0);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(hash_is_argon2id_interactive_and_verifies),
        cmocka_unit_test(hash_is_salted),
        cmocka_unit_test(malformed_hashes_and_oversized_passwords_fail_fast),
        cmocka_unit_test(weaker_or_older_hashes_need_rehash),
        cmocka_unit_test(dummy_verify_costs_one_argon2_run_and_fails),
        cmocka_unit_test(concurrency_is_capped),
        cmocka_unit_test(policy_table),
        cmocka_unit_test(policy_length_limits_count_characters),
        cmocka_unit_test(common_list_is_sorted_lowercase_and_large),
    };
    return cmocka_run_group_tests(tests, setup, NULL);
}
