/*
 * Unit tests for sealing identity fields (include/crypto/seal.h; CONTRACT.md §4 "Identity
 * data"; issue 6): round trip, binding to owner/field/record, tampering, key rotation by key
 * id, the blind index's own derived key, and key parsing with clear errors.
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

#include "crypto/init.h"
#include "crypto/seal.h"

#include <sodium.h>

#define S(lit) (const unsigned char *)(lit), (sizeof(lit) - 1)
#define AADHAAR "234567890124"

struct fixture {
    unsigned char k1[SEAL_KEY_BYTES], k2[SEAL_KEY_BYTES];
    struct seal_keyring *only_k1;  /* current k1 */
    struct seal_keyring *rotating; /* current k2, old k1 */
    struct seal_keyring *only_k2;  /* current k2 */
};

static int
setup(void **state)
{
    static struct fixture f;
    if (wallet_crypto_init() != 0)
        return -1;
    randombytes_buf(f.k1, sizeof(f.k1));
    randombytes_buf(f.k2, sizeof(f.k2));
    if (seal_keyring_new(f.k1, NULL, &f.only_k1) != 0 ||
        seal_keyring_new(f.k2, f.k1, &f.rotating) != 0 ||
        seal_keyring_new(f.k2, NULL, &f.only_k2) != 0)
        return -1;
    *state = &f;
    return 0;
}

static int
teardown(void **state)
{
    struct fixture *f = *state;
    seal_keyring_free(f->only_k1);
    seal_keyring_free(f->rotating);
    seal_keyring_free(f->only_k2);
    return 0;
}

/* Whether needle occurs in hay (memmem is a GNU extension). */
static int
contains_bytes(const unsigned char *hay, size_t n, const char *needle, size_t m)
{
    for (size_t i = 0; i + m <= n; i++) {
        if (memcmp(hay + i, needle, m) == 0)
            return 1;
    }
    return 0;
}

/* Seals AADHAAR for user "7" under kr; returns the blob length. */
static size_t
seal_aadhaar(const struct seal_keyring *kr, const char *user, unsigned char *blob, uint32_t *kid)
{
    size_t n = 0;
    assert_int_equal(
        seal_encrypt(kr, user, SEAL_FIELD_AADHAAR, NULL, S(AADHAAR), blob, 64, &n, kid), SEAL_OK);
    return n;
}

static void
round_trip(void **state)
{
    struct fixture *f = *state;
    unsigned char blob[64], pt[64];
    uint32_t kid = 0;
    size_t n = seal_aadhaar(f->only_k1, "7", blob, &kid);
    assert_int_equal(n, 12 + SEAL_OVERHEAD);
    assert_int_equal(kid, seal_current_key_id(f->only_k1));
    size_t pt_len = 0;
    assert_int_equal(
        seal_decrypt(
            f->only_k1, "7", SEAL_FIELD_AADHAAR, NULL, kid, blob, n, pt, sizeof(pt), &pt_len),
        SEAL_OK);
    assert_int_equal(pt_len, 12);
    assert_memory_equal(pt, AADHAAR, 12);
    /* the plaintext appears nowhere in the blob */
    assert_false(contains_bytes(blob, n, AADHAAR, 12));
    assert_false(contains_bytes(blob, n, "0124", 4));
    /* an empty value seals too */
    assert_int_equal(
        seal_encrypt(f->only_k1, "7", SEAL_FIELD_DOCUMENT, NULL, NULL, 0, blob, 64, &n, &kid),
        SEAL_OK);
    assert_int_equal(n, SEAL_OVERHEAD);
    assert_int_equal(
        seal_decrypt(f->only_k1, "7", SEAL_FIELD_DOCUMENT, NULL, kid, blob, n, pt, 0, &pt_len),
        SEAL_OK);
    assert_int_equal(pt_len, 0);
}

static void
nonces_are_fresh(void **state)
{
    struct fixture *f = *state;
    unsigned char a[64], b[64];
    uint32_t kid;
    size_t na = seal_aadhaar(f->only_k1, "7", a, &kid);
    size_t nb = seal_aadhaar(f->only_k1, "7", b, &kid);
    assert_int_equal(na, nb);
    assert_memory_not_equal(a, b, SEAL_NONCE_BYTES);
    assert_memory_not_equal(a + SEAL_NONCE_BYTES, b + SEAL_NONCE_BYTES, na - SEAL_NONCE_BYTES);
}

static void
binding_to_owner_field_and_record(void **state)
{
    struct fixture *f = *state;
    unsigned char blob[64], pt[64];
    uint32_t kid;
    size_t n = seal_aadhaar(f->only_k1, "7", blob, &kid), pt_len;
    const struct seal_keyring *kr = f->only_k1;
    /* another user's row */
    memset(pt, 0xAA, sizeof(pt));
    assert_int_equal(seal_decrypt(kr, "8", SEAL_FIELD_AADHAAR, NULL, kid, blob, n, pt, 64, &pt_len),
                     SEAL_EOPEN);
    unsigned char zero[64] = {0};
    assert_memory_equal(pt, zero, 64); /* wiped */
    assert_int_equal(
        seal_decrypt(kr, "77", SEAL_FIELD_AADHAAR, NULL, kid, blob, n, pt, 64, &pt_len),
        SEAL_EOPEN);
    /* another field */
    assert_int_equal(
        seal_decrypt(kr, "7", SEAL_FIELD_DOCUMENT, NULL, kid, blob, n, pt, 64, &pt_len),
        SEAL_EOPEN);
    assert_int_equal(
        seal_decrypt(kr, "7", SEAL_FIELD_CARD_NUMBER, NULL, kid, blob, n, pt, 64, &pt_len),
        SEAL_EOPEN);
    /* a record id is part of the binding; NULL and "" are the same (no record) */
    assert_int_equal(seal_decrypt(kr, "7", SEAL_FIELD_AADHAAR, "1", kid, blob, n, pt, 64, &pt_len),
                     SEAL_EOPEN);
    assert_int_equal(seal_decrypt(kr, "7", SEAL_FIELD_AADHAAR, "", kid, blob, n, pt, 64, &pt_len),
                     SEAL_OK);

    /* two cards of one user cannot swap numbers */
    unsigned char card[64];
    assert_int_equal(seal_encrypt(kr,
                                  "7",
                                  SEAL_FIELD_CARD_NUMBER,
                                  "card-1",
                                  S("4111111111111111"),
                                  card,
                                  sizeof(card),
                                  &n,
                                  &kid),
                     SEAL_OK);
    assert_int_equal(
        seal_decrypt(kr, "7", SEAL_FIELD_CARD_NUMBER, "card-2", kid, card, n, pt, 64, &pt_len),
        SEAL_EOPEN);
    assert_int_equal(
        seal_decrypt(kr, "7", SEAL_FIELD_CARD_NUMBER, "card-1", kid, card, n, pt, 64, &pt_len),
        SEAL_OK);
    /* the encoding is unambiguous: user "1" + record "23" is not user "12" + record "3" */
    assert_int_equal(seal_encrypt(kr, "12", SEAL_FIELD_DOCUMENT, "3", S("X"), card, 64, &n, &kid),
                     SEAL_OK);
    assert_int_equal(
        seal_decrypt(kr, "1", SEAL_FIELD_DOCUMENT, "23", kid, card, n, pt, 64, &pt_len),
        SEAL_EOPEN);
}

static void
swapping_two_users_ciphertexts_fails(void **state)
{
    struct fixture *f = *state;
    unsigned char a[64], b[64], pt[64];
    uint32_t ka, kb;
    size_t na, nb, pt_len;
    assert_int_equal(
        seal_encrypt(
            f->only_k1, "100", SEAL_FIELD_AADHAAR, NULL, S("234567890124"), a, 64, &na, &ka),
        SEAL_OK);
    assert_int_equal(
        seal_encrypt(
            f->only_k1, "200", SEAL_FIELD_AADHAAR, NULL, S("987654321096"), b, 64, &nb, &kb),
        SEAL_OK);
    /* rows swapped in the database: each user now holds the other's blob */
    assert_int_equal(
        seal_decrypt(f->only_k1, "100", SEAL_FIELD_AADHAAR, NULL, kb, b, nb, pt, 64, &pt_len),
        SEAL_EOPEN);
    assert_int_equal(
        seal_decrypt(f->only_k1, "200", SEAL_FIELD_AADHAAR, NULL, ka, a, na, pt, 64, &pt_len),
        SEAL_EOPEN);
}

static void
every_tampered_byte_is_detected(void **state)
{
    struct fixture *f = *state;
    unsigned char blob[64], pt[64];
    uint32_t kid;
    size_t n = seal_aadhaar(f->only_k1, "7", blob, &kid), pt_len;
    for (size_t i = 0; i < n; i++) {
        for (unsigned bit = 0; bit < 8; bit += 3) {
            blob[i] ^= (unsigned char)(1u << bit);
            assert_int_equal(
                seal_decrypt(
                    f->only_k1, "7", SEAL_FIELD_AADHAAR, NULL, kid, blob, n, pt, 64, &pt_len),
                SEAL_EOPEN);
            blob[i] ^= (unsigned char)(1u << bit);
        }
    }
    for (size_t cut = 0; cut < n; cut++)
        assert_int_not_equal(
            seal_decrypt(
                f->only_k1, "7", SEAL_FIELD_AADHAAR, NULL, kid, blob, cut, pt, 64, &pt_len),
            SEAL_OK);
    assert_int_equal(
        seal_decrypt(f->only_k1, "7", SEAL_FIELD_AADHAAR, NULL, kid, blob, n, pt, 64, &pt_len),
        SEAL_OK);
}

static void
rotation_reads_old_values_and_reseals(void **state)
{
    struct fixture *f = *state;
    unsigned char blob[64], pt[64];
    uint32_t kid1, kid2;
    size_t n = seal_aadhaar(f->only_k1, "7", blob, &kid1), pt_len;
    assert_int_equal(kid1, seal_current_key_id(f->only_k1));
    assert_int_equal(seal_old_key_id(f->rotating), kid1);
    assert_true(seal_has_old_key(f->rotating));
    assert_false(seal_has_old_key(f->only_k2));
    assert_int_equal(seal_old_key_id(f->only_k2), 0);
    assert_int_not_equal(seal_current_key_id(f->rotating), kid1);

    /* during the rotation the old value opens, and is flagged for re-sealing */
    assert_int_equal(
        seal_decrypt(f->rotating, "7", SEAL_FIELD_AADHAAR, NULL, kid1, blob, n, pt, 64, &pt_len),
        SEAL_OK);
    assert_memory_equal(pt, AADHAAR, 12);
    assert_int_equal(seal_needs_reseal(f->rotating, kid1), 1);
    n = seal_aadhaar(f->rotating, "7", blob, &kid2);
    assert_int_equal(kid2, seal_current_key_id(f->rotating));
    assert_int_equal(seal_needs_reseal(f->rotating, kid2), 0);

    /* after it, the new key alone reads the re-sealed value... */
    assert_int_equal(
        seal_decrypt(f->only_k2, "7", SEAL_FIELD_AADHAAR, NULL, kid2, blob, n, pt, 64, &pt_len),
        SEAL_OK);
    /* ...and a value still under the old key is reported as such, not as tampered */
    unsigned char old_blob[64];
    size_t old_n = seal_aadhaar(f->only_k1, "7", old_blob, &kid1);
    assert_int_equal(
        seal_decrypt(
            f->only_k2, "7", SEAL_FIELD_AADHAAR, NULL, kid1, old_blob, old_n, pt, 64, &pt_len),
        SEAL_EUNKNOWN_KEY);
    /* a wrong key id beside the blob cannot make another key open it */
    assert_int_equal(
        seal_decrypt(
            f->rotating, "7", SEAL_FIELD_AADHAAR, NULL, kid2, old_blob, old_n, pt, 64, &pt_len),
        SEAL_EOPEN);
}

static void
keyrings_validate_their_keys(void **state)
{
    struct fixture *f = *state;
    struct seal_keyring *kr = (struct seal_keyring *)1;
    assert_int_equal(seal_keyring_new(f->k1, f->k1, &kr), SEAL_EARG); /* old == current */
    assert_null(kr);
    assert_int_equal(seal_keyring_new(NULL, NULL, &kr), SEAL_EARG);
    /* the key id is a function of the key alone */
    assert_int_equal(seal_keyring_new(f->k1, NULL, &kr), SEAL_OK);
    assert_int_equal(seal_current_key_id(kr), seal_current_key_id(f->only_k1));
    seal_keyring_free(kr);
    seal_keyring_free(NULL);
    assert_string_equal(seal_field_name(SEAL_FIELD_AADHAAR), "aadhaar");
    assert_string_equal(seal_field_name(SEAL_FIELD_DOCUMENT), "document");
    assert_string_equal(seal_field_name(SEAL_FIELD_CARD_NUMBER), "card_number");
    assert_null(seal_field_name((enum seal_field)99));
}

static void
bad_arguments(void **state)
{
    struct fixture *f = *state;
    unsigned char blob[64], pt[64];
    size_t n, pt_len;
    uint32_t kid;
    const struct seal_keyring *kr = f->only_k1;
    assert_int_equal(seal_encrypt(kr, NULL, SEAL_FIELD_AADHAAR, NULL, S("1"), blob, 64, &n, &kid),
                     SEAL_EARG);
    assert_int_equal(seal_encrypt(kr, "", SEAL_FIELD_AADHAAR, NULL, S("1"), blob, 64, &n, &kid),
                     SEAL_EARG);
    assert_int_equal(seal_encrypt(kr, "7", (enum seal_field)42, NULL, S("1"), blob, 64, &n, &kid),
                     SEAL_EARG);
    char long_id[SEAL_RECORD_ID_MAX + 2];
    memset(long_id, '9', sizeof(long_id) - 1);
    long_id[sizeof(long_id) - 1] = '\0';
    assert_int_equal(
        seal_encrypt(kr, long_id, SEAL_FIELD_AADHAAR, NULL, S("1"), blob, 64, &n, &kid), SEAL_EARG);
    assert_int_equal(seal_encrypt(kr, "7", SEAL_FIELD_AADHAAR, long_id, S("1"), blob, 64, &n, &kid),
                     SEAL_EARG);
    long_id[SEAL_RECORD_ID_MAX] = '\0'; /* exactly the maximum is fine */
    assert_int_equal(
        seal_encrypt(kr, long_id, SEAL_FIELD_AADHAAR, long_id, S("1"), blob, 64, &n, &kid),
        SEAL_OK);
    assert_int_equal(
        seal_encrypt(
            kr, "7", SEAL_FIELD_AADHAAR, NULL, S(AADHAAR), blob, 12 + SEAL_OVERHEAD - 1, &n, &kid),
        SEAL_ESPACE);
    n = seal_aadhaar(kr, "7", blob, &kid);
    assert_int_equal(seal_decrypt(kr, "7", SEAL_FIELD_AADHAAR, NULL, kid, blob, n, pt, 11, &pt_len),
                     SEAL_ESPACE);
    assert_int_equal(seal_decrypt(kr, "7", SEAL_FIELD_AADHAAR, NULL, kid, NULL, n, pt, 64, &pt_len),
                     SEAL_EOPEN);
}

/* The blind index key, derived here independently from the header's description. */
static void
expected_index(const unsigned char sealing_key[32],
               const char *field,
               const char *value,
               unsigned char out[32])
{
    unsigned char sub[32];
    assert_int_equal(crypto_kdf_derive_from_key(sub, sizeof(sub), 1, "wsealbix", sealing_key), 0);
    crypto_generichash_state st;
    crypto_generichash_init(&st, sub, sizeof(sub), 32);
    crypto_generichash_update(&st, (const unsigned char *)field, strlen(field) + 1);
    crypto_generichash_update(&st, (const unsigned char *)value, strlen(value));
    crypto_generichash_final(&st, out, 32);
}

static void
blind_index_uses_its_own_derived_key(void **state)
{
    struct fixture *f = *state;
    unsigned char a[32], b[32], want[32];
    assert_int_equal(seal_blind_index(f->only_k1, SEAL_FIELD_AADHAAR, AADHAAR, 12, a), SEAL_OK);
    expected_index(f->k1, "aadhaar", AADHAAR, want);
    assert_memory_equal(a, want, 32);
    /* deterministic */
    assert_int_equal(seal_blind_index(f->only_k1, SEAL_FIELD_AADHAAR, AADHAAR, 12, b), SEAL_OK);
    assert_memory_equal(a, b, 32);
    /* not keyed with the sealing key itself, nor unkeyed */
    unsigned char direct[32];
    crypto_generichash(direct, 32, (const unsigned char *)AADHAAR, 12, f->k1, 32);
    assert_memory_not_equal(a, direct, 32);
    crypto_generichash(direct, 32, (const unsigned char *)AADHAAR, 12, NULL, 0);
    assert_memory_not_equal(a, direct, 32);
    /* depends on value, field and key */
    assert_int_equal(seal_blind_index(f->only_k1, SEAL_FIELD_AADHAAR, "234567890125", 12, b), 0);
    assert_memory_not_equal(a, b, 32);
    assert_int_equal(seal_blind_index(f->only_k1, SEAL_FIELD_DOCUMENT, AADHAAR, 12, b), 0);
    assert_memory_not_equal(a, b, 32);
    assert_int_equal(seal_blind_index(f->only_k2, SEAL_FIELD_AADHAAR, AADHAAR, 12, b), 0);
    assert_memory_not_equal(a, b, 32);
    /* during a rotation, the old index is still computable for lookups */
    assert_int_equal(seal_blind_index_old(f->rotating, SEAL_FIELD_AADHAAR, AADHAAR, 12, b), 0);
    assert_memory_equal(a, b, 32);
    assert_int_equal(seal_blind_index_old(f->only_k1, SEAL_FIELD_AADHAAR, AADHAAR, 12, b),
                     SEAL_ENO_OLD_KEY);
    assert_int_equal(seal_blind_index(f->only_k1, (enum seal_field)9, AADHAAR, 12, b), SEAL_EARG);
}

static void
key_parsing(void **state)
{
    (void)state;
    unsigned char raw[32], out[32];
    for (int i = 0; i < 32; i++)
        raw[i] = (unsigned char)(i * 7 + 1);
    char b64[64], text[128];
    sodium_bin2base64(b64, sizeof(b64), raw, 32, sodium_base64_VARIANT_ORIGINAL);
    const char *reason = "unset";

    assert_int_equal(seal_key_parse_base64(b64, strlen(b64), out, &reason), 0);
    assert_null(reason);
    assert_memory_equal(out, raw, 32);
    snprintf(text, sizeof(text), "  %s\n", b64); /* as read from a file */
    assert_int_equal(seal_key_parse_base64(text, strlen(text), out, &reason), 0);
    assert_memory_equal(out, raw, 32);
    assert_int_equal(seal_key_parse_base64(b64, 43, out, &reason), 0); /* padding left off */
    sodium_bin2base64(text, sizeof(text), raw, 32, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
    assert_int_equal(seal_key_parse_base64(text, strlen(text), out, &reason), 0);
    assert_memory_equal(out, raw, 32);

    struct {
        const char *in;
        const char *reason;
    } bad[] = {
        {"", "empty"},
        {"   \n", "empty"},
        {"not base64 at all!", "not valid base64"},
        {"AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=junk", "not valid base64"},
        {"AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHg==", "exactly 32 bytes"}, /* 31 */
        {"AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8g", "exactly 32 bytes"}, /* 33 */
        {"c2VjcmV0", "exactly 32 bytes"},                                     /* 6 */
        {"AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=", "all zero"},
    };
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        memset(out, 0x55, sizeof(out));
        reason = NULL;
        assert_int_equal(seal_key_parse_base64(bad[i].in, strlen(bad[i].in), out, &reason), -1);
        assert_non_null(reason);
        if (strstr(reason, bad[i].reason) == NULL)
            fail_msg("case %zu: reason \"%s\", expected \"%s\"", i, reason, bad[i].reason);
        unsigned char zero[32] = {0};
        assert_memory_equal(out, zero, 32); /* nothing half-parsed is left behind */
    }
    /* 4 KiB of base64 is not a key */
    char big[4096];
    memset(big, 'A', sizeof(big));
    assert_int_equal(seal_key_parse_base64(big, sizeof(big), out, &reason), -1);
    assert_non_null(strstr(reason, "32 bytes"));
    assert_int_equal(seal_key_parse_base64(NULL, 5, out, &reason), -1);
}

static void
keyring_from_configuration(void **state)
{
    (void)state;
    const char *cur = "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=";
    const char *old = "HxwdHhsaGRgXFhUUExIREA8ODQwLCgkIBwYFBAMCAQA=";
    struct seal_keyring *kr = NULL;
    const char *reason = "unset";
    assert_int_equal(seal_keyring_from_base64(cur, NULL, &kr, &reason), 0);
    assert_null(reason);
    assert_false(seal_has_old_key(kr));
    seal_keyring_free(kr);
    assert_int_equal(seal_keyring_from_base64(cur, "", &kr, &reason), 0);
    assert_false(seal_has_old_key(kr));
    seal_keyring_free(kr);
    assert_int_equal(seal_keyring_from_base64(cur, old, &kr, &reason), 0);
    assert_true(seal_has_old_key(kr));
    seal_keyring_free(kr);

    assert_int_equal(seal_keyring_from_base64("c2hvcnQ=", NULL, &kr, &reason), -1);
    assert_null(kr);
    assert_string_equal(reason, "WALLET_SEAL_KEY must be base64 of exactly 32 bytes");
    assert_int_equal(seal_keyring_from_base64(NULL, NULL, &kr, &reason), -1);
    assert_string_equal(reason, "WALLET_SEAL_KEY is empty");
    assert_int_equal(seal_keyring_from_base64(cur, "%%%", &kr, &reason), -1);
    assert_string_equal(reason, "WALLET_SEAL_KEY_OLD is not valid base64");
    assert_int_equal(seal_keyring_from_base64(cur, cur, &kr, &reason), -1);
    assert_string_equal(reason, "WALLET_SEAL_KEY_OLD must differ from WALLET_SEAL_KEY");
    assert_null(kr);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(round_trip),
        cmocka_unit_test(nonces_are_fresh),
        cmocka_unit_test(binding_to_owner_field_and_record),
        cmocka_unit_test(swapping_two_users_ciphertexts_fails),
        cmocka_unit_test(every_tampered_byte_is_detected),
        cmocka_unit_test(rotation_reads_old_values_and_reseals),
        cmocka_unit_test(keyrings_validate_their_keys),
        cmocka_unit_test(bad_arguments),
        cmocka_unit_test(blind_index_uses_its_own_derived_key),
        cmocka_unit_test(key_parsing),
        cmocka_unit_test(keyring_from_configuration),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
