/*
 * Sealing identity fields with XChaCha20-Poly1305, key rotation by key id, and keyed blind
 * indexes (include/crypto/seal.h; CONTRACT.md §4 "Identity data"; issue 6).
 */
#include "crypto/seal.h"

#include <sodium.h>
#include <stdbool.h>
#include <string.h>

_Static_assert(SEAL_KEY_BYTES == crypto_aead_xchacha20poly1305_ietf_KEYBYTES, "key size");
_Static_assert(SEAL_NONCE_BYTES == crypto_aead_xchacha20poly1305_ietf_NPUBBYTES, "nonce size");
_Static_assert(SEAL_TAG_BYTES == crypto_aead_xchacha20poly1305_ietf_ABYTES, "tag size");
_Static_assert(SEAL_BLIND_INDEX_BYTES == crypto_generichash_BYTES, "blind index size");

/* Domain separation constants. Changing any of them makes existing data unreadable. */
#define AD_PREFIX "wallet-seal-v1"           /* first part of every associated data */
#define KEY_ID_LABEL "wallet-seal-key-id-v1" /* message of the keyed hash that names a key */
#define BLIND_KDF_CONTEXT "wsealbix"         /* crypto_kdf context (8 bytes) of the index key */
#define BLIND_KDF_SUBKEY 1

_Static_assert(sizeof(BLIND_KDF_CONTEXT) - 1 == crypto_kdf_CONTEXTBYTES, "kdf context size");

struct seal_key {
    unsigned char key[SEAL_KEY_BYTES];   /* the sealing key */
    unsigned char blind[SEAL_KEY_BYTES]; /* its blind-index subkey */
    uint32_t id;                         /* its id, stored beside each value */
};

struct seal_keyring {
    struct seal_key cur; /* seals new values */
    struct seal_key old; /* opens values of the previous key during a rotation */
    int has_old;
};

const char *
seal_field_name(enum seal_field field)
{
    switch (field) {
    case SEAL_FIELD_AADHAAR:
        return "aadhaar";
    case SEAL_FIELD_DOCUMENT:
        return "document";
    case SEAL_FIELD_CARD_NUMBER:
        return "card_number";
    }
    return NULL;
}

/*-------------------------------------------------------------------------------------------
 * Keys
 *-----------------------------------------------------------------------------------------*/

enum key_problem { KEY_FINE, KEY_EMPTY, KEY_BASE64, KEY_LENGTH, KEY_ZERO };

static const char *const key_reasons[] = {
    [KEY_FINE] = NULL,
    [KEY_EMPTY] = "sealing key is empty",
    [KEY_BASE64] = "sealing key is not valid base64",
    [KEY_LENGTH] = "sealing key must decode to exactly 32 bytes",
    [KEY_ZERO] = "sealing key must not be all zero bytes",
};
static const char *const current_reasons[] = {
    [KEY_FINE] = NULL,
    [KEY_EMPTY] = "WALLET_SEAL_KEY is empty",
    [KEY_BASE64] = "WALLET_SEAL_KEY is not valid base64",
    [KEY_LENGTH] = "WALLET_SEAL_KEY must be base64 of exactly 32 bytes",
    [KEY_ZERO] = "WALLET_SEAL_KEY must not be all zero bytes",
};
static const char *const old_reasons[] = {
    [KEY_FINE] = NULL,
    [KEY_EMPTY] = "WALLET_SEAL_KEY_OLD is empty",
    [KEY_BASE64] = "WALLET_SEAL_KEY_OLD is not valid base64",
    [KEY_LENGTH] = "WALLET_SEAL_KEY_OLD must be base64 of exactly 32 bytes",
    [KEY_ZERO] = "WALLET_SEAL_KEY_OLD must not be all zero bytes",
};

static bool
is_space(char c)
{
    return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

static enum key_problem
parse_key(const char *b64, size_t len, unsigned char out[SEAL_KEY_BYTES])
{
    static const int variants[] = {
        sodium_base64_VARIANT_ORIGINAL,
        sodium_base64_VARIANT_ORIGINAL_NO_PADDING,
        sodium_base64_VARIANT_URLSAFE,
        sodium_base64_VARIANT_URLSAFE_NO_PADDING,
    };
    unsigned char buf[3 * SEAL_KEY_BYTES]; /* room to tell "too long" from "invalid" */
    enum key_problem problem = KEY_BASE64;

    if (b64 == NULL)
        return KEY_EMPTY;
    while (len > 0 && is_space(b64[0])) {
        b64++;
        len--;
    }
    while (len > 0 && is_space(b64[len - 1]))
        len--;
    if (len == 0)
        return KEY_EMPTY;
    for (size_t v = 0; v < sizeof(variants) / sizeof(variants[0]); v++) {
        size_t n = 0;
        if (sodium_base642bin(buf, sizeof(buf), b64, len, NULL, &n, NULL, variants[v]) != 0)
            continue;
        if (n != SEAL_KEY_BYTES) {
            problem = KEY_LENGTH;
            continue;
        }
        problem = sodium_is_zero(buf, SEAL_KEY_BYTES) ? KEY_ZERO : KEY_FINE;
        if (problem == KEY_FINE)
            memcpy(out, buf, SEAL_KEY_BYTES);
        break;
    }
    if (len > 4 * sizeof(buf) / 3 && problem == KEY_BASE64)
        problem = KEY_LENGTH; /* far too long to be one key, whatever else is wrong */
    sodium_memzero(buf, sizeof(buf));
    if (problem != KEY_FINE)
        sodium_memzero(out, SEAL_KEY_BYTES);
    return problem;
}

int
seal_key_parse_base64(const char *b64,
                      size_t len,
                      unsigned char out[SEAL_KEY_BYTES],
                      const char **reason)
{
    enum key_problem p = b64 == NULL ? KEY_EMPTY : parse_key(b64, len, out);
    if (p == KEY_EMPTY)
        sodium_memzero(out, SEAL_KEY_BYTES);
    if (reason != NULL)
        *reason = key_reasons[p];
    return p == KEY_FINE ? 0 : -1;
}

/* Fills a key slot: the key, its blind-index subkey and its id. */
static int
key_slot_init(struct seal_key *slot, const unsigned char key[SEAL_KEY_BYTES])
{
    unsigned char h[crypto_generichash_BYTES];
    memcpy(slot->key, key, SEAL_KEY_BYTES);
    if (crypto_kdf_derive_from_key(
            slot->blind, sizeof(slot->blind), BLIND_KDF_SUBKEY, BLIND_KDF_CONTEXT, key) != 0)
        return -1;
    crypto_generichash(h,
                       sizeof(h),
                       (const unsigned char *)KEY_ID_LABEL,
                       sizeof(KEY_ID_LABEL) - 1,
                       key,
                       SEAL_KEY_BYTES);
    slot->id = (uint32_t)h[0] << 24 | (uint32_t)h[1] << 16 | (uint32_t)h[2] << 8 | h[3];
    sodium_memzero(h, sizeof(h));
    return 0;
}

int
seal_keyring_new(const unsigned char current[SEAL_KEY_BYTES],
                 const unsigned char *old,
                 struct seal_keyring **out)
{
    *out = NULL;
    if (current == NULL)
        return SEAL_EARG;
    struct seal_keyring *kr = sodium_malloc(sizeof(*kr));
    if (kr == NULL)
        return SEAL_ENOMEM;
    sodium_memzero(kr, sizeof(*kr));
    if (key_slot_init(&kr->cur, current) != 0)
        goto out_free;
    if (old != NULL) {
        if (sodium_memcmp(old, current, SEAL_KEY_BYTES) == 0 || key_slot_init(&kr->old, old) != 0 ||
            kr->old.id == kr->cur.id)
            goto out_free;
        kr->has_old = 1;
    }
    sodium_mprotect_readonly(kr);
    *out = kr;
    return SEAL_OK;
out_free:
    sodium_free(kr); /* wipes */
    return SEAL_EARG;
}

int
seal_keyring_from_base64(const char *current_b64,
                         const char *old_b64,
                         struct seal_keyring **out,
                         const char **reason)
{
    unsigned char cur[SEAL_KEY_BYTES], old[SEAL_KEY_BYTES];
    const char *why = NULL;
    int have_old = old_b64 != NULL && old_b64[0] != '\0';
    int rc = -1;

    *out = NULL;
    enum key_problem p =
        current_b64 == NULL ? KEY_EMPTY : parse_key(current_b64, strlen(current_b64), cur);
    if (p != KEY_FINE) {
        why = current_reasons[p];
        goto out_wipe;
    }
    if (have_old) {
        p = parse_key(old_b64, strlen(old_b64), old);
        if (p != KEY_FINE) {
            why = old_reasons[p];
            goto out_wipe;
        }
    }
    int src = seal_keyring_new(cur, have_old ? old : NULL, out);
    if (src == SEAL_ENOMEM)
        why = "cannot allocate secure memory for the sealing keys";
    else if (src != SEAL_OK)
        why = "WALLET_SEAL_KEY_OLD must differ from WALLET_SEAL_KEY";
    else
        rc = 0;
out_wipe:
    sodium_memzero(cur, sizeof(cur));
    sodium_memzero(old, sizeof(old));
    if (reason != NULL)
        *reason = why;
    return rc;
}

void
seal_keyring_free(struct seal_keyring *kr)
{
    if (kr != NULL)
        sodium_free(kr);
}

uint32_t
seal_current_key_id(const struct seal_keyring *kr)
{
    return kr->cur.id;
}

int
seal_has_old_key(const struct seal_keyring *kr)
{
    return kr->has_old;
}

uint32_t
seal_old_key_id(const struct seal_keyring *kr)
{
    return kr->has_old ? kr->old.id : 0;
}

int
seal_needs_reseal(const struct seal_keyring *kr, uint32_t key_id)
{
    return key_id != kr->cur.id;
}

/*-------------------------------------------------------------------------------------------
 * Sealing
 *-----------------------------------------------------------------------------------------*/

/* Associated data: "wallet-seal-v1" 0 field 0 user_id 0 record_id. None of the parts may hold
 * a NUL, so the encoding is unambiguous. */
#define AD_MAX (sizeof(AD_PREFIX) + 16 + SEAL_RECORD_ID_MAX + 1 + SEAL_RECORD_ID_MAX + 1)

static int
build_ad(const char *user_id,
         enum seal_field field,
         const char *record_id,
         unsigned char ad[AD_MAX],
         size_t *ad_len)
{
    const char *name = seal_field_name(field);
    if (user_id == NULL || name == NULL)
        return SEAL_EARG;
    if (record_id == NULL)
        record_id = "";
    size_t user_len = strnlen(user_id, SEAL_RECORD_ID_MAX + 1);
    size_t rec_len = strnlen(record_id, SEAL_RECORD_ID_MAX + 1);
    size_t name_len = strlen(name);
    if (user_len == 0 || user_len > SEAL_RECORD_ID_MAX || rec_len > SEAL_RECORD_ID_MAX)
        return SEAL_EARG;
    size_t n = 0;
    memcpy(ad + n, AD_PREFIX, sizeof(AD_PREFIX)); /* with its NUL */
    n += sizeof(AD_PREFIX);
    memcpy(ad + n, name, name_len + 1);
    n += name_len + 1;
    memcpy(ad + n, user_id, user_len + 1);
    n += user_len + 1;
    memcpy(ad + n, record_id, rec_len);
    n += rec_len;
    *ad_len = n;
    return SEAL_OK;
}

int
seal_encrypt(const struct seal_keyring *kr,
             const char *user_id,
             enum seal_field field,
             const char *record_id,
             const unsigned char *pt,
             size_t pt_len,
             unsigned char *out,
             size_t out_cap,
             size_t *out_len,
             uint32_t *key_id)
{
    unsigned char ad[AD_MAX];
    size_t ad_len;
    int rc = build_ad(user_id, field, record_id, ad, &ad_len);
    if (rc != SEAL_OK)
        return rc;
    if (pt_len > SIZE_MAX - SEAL_OVERHEAD || out_cap < pt_len + SEAL_OVERHEAD)
        return SEAL_ESPACE;
    unsigned char *nonce = out;
    randombytes_buf(nonce, SEAL_NONCE_BYTES);
    unsigned long long clen = 0;
    crypto_aead_xchacha20poly1305_ietf_encrypt(
        out + SEAL_NONCE_BYTES, &clen, pt, pt_len, ad, ad_len, NULL, nonce, kr->cur.key);
    *out_len = SEAL_NONCE_BYTES + (size_t)clen;
    *key_id = kr->cur.id;
    return SEAL_OK;
}

int
seal_decrypt(const struct seal_keyring *kr,
             const char *user_id,
             enum seal_field field,
             const char *record_id,
             uint32_t key_id,
             const unsigned char *in,
             size_t in_len,
             unsigned char *pt,
             size_t pt_cap,
             size_t *pt_len)
{
    unsigned char ad[AD_MAX];
    size_t ad_len;
    int rc = build_ad(user_id, field, record_id, ad, &ad_len);
    if (rc != SEAL_OK)
        return rc;
    const struct seal_key *k = NULL;
    if (key_id == kr->cur.id)
        k = &kr->cur;
    else if (kr->has_old && key_id == kr->old.id)
        k = &kr->old;
    if (k == NULL)
        return SEAL_EUNKNOWN_KEY;
    if (in == NULL || in_len < SEAL_OVERHEAD)
        return SEAL_EOPEN;
    if (pt_cap < in_len - SEAL_OVERHEAD)
        return SEAL_ESPACE;
    unsigned long long mlen = 0;
    if (crypto_aead_xchacha20poly1305_ietf_decrypt(pt,
                                                   &mlen,
                                                   NULL,
                                                   in + SEAL_NONCE_BYTES,
                                                   in_len - SEAL_NONCE_BYTES,
                                                   ad,
                                                   ad_len,
                                                   in,
                                                   k->key) != 0) {
        sodium_memzero(pt, pt_cap);
        return SEAL_EOPEN;
    }
    *pt_len = (size_t)mlen;
    return SEAL_OK;
}

/*-------------------------------------------------------------------------------------------
 * Blind index
 *-----------------------------------------------------------------------------------------*/

static int
blind_index(const struct seal_key *k,
            enum seal_field field,
            const char *value,
            size_t len,
            unsigned char out[SEAL_BLIND_INDEX_BYTES])
{
    const char *name = seal_field_name(field);
    if (name == NULL || (value == NULL && len > 0))
        return SEAL_EARG;
    crypto_generichash_state st;
    crypto_generichash_init(&st, k->blind, sizeof(k->blind), SEAL_BLIND_INDEX_BYTES);
    crypto_generichash_update(&st, (const unsigned char *)name, strlen(name) + 1); /* with NUL */
    crypto_generichash_update(&st, (const unsigned char *)value, len);
    crypto_generichash_final(&st, out, SEAL_BLIND_INDEX_BYTES);
    sodium_memzero(&st, sizeof(st));
    return SEAL_OK;
}

int
seal_blind_index(const struct seal_keyring *kr,
                 enum seal_field field,
                 const char *value,
                 size_t len,
                 unsigned char out[SEAL_BLIND_INDEX_BYTES])
{
    return blind_index(&kr->cur, field, value, len, out);
}

int
seal_blind_index_old(const struct seal_keyring *kr,
                     enum seal_field field,
                     const char *value,
                     size_t len,
                     unsigned char out[SEAL_BLIND_INDEX_BYTES])
{
    if (!kr->has_old)
        return SEAL_ENO_OLD_KEY;
    return blind_index(&kr->old, field, value, len, out);
}
