/*
 * Sealing identity fields at rest (CONTRACT.md §4 "Identity data"; issue 6).
 *
 * Each value is encrypted with XChaCha20-Poly1305 (crypto_aead_xchacha20poly1305_ietf) under
 * the keyring's current key with a fresh random 24-byte nonce. The associated data binds the
 * ciphertext to its owner and field (and optionally one record, e.g. a card id), so a
 * ciphertext copied to another user's row, another field or another card fails to open.
 * The sealed blob is  nonce (24) || ciphertext || tag (16)  and is stored together with the
 * 32-bit id of the key that sealed it, so keys can rotate: a keyring holds the current key and
 * optionally the previous one (WALLET_SEAL_KEY_OLD), and seal_decrypt picks by key id.
 *
 * Blind index: seal_blind_index() is a keyed BLAKE2b (crypto_generichash) of the normalised
 * value, under a key derived from the sealing key with crypto_kdf_derive_from_key (its own
 * subkey id and context), never the sealing key itself. It lets the database enforce "one
 * Aadhaar per person" with a unique index without ever decrypting rows. It changes when the
 * sealing key changes: a rotation recomputes it (seal_blind_index_old gives the previous one
 * for lookups during a rotation).
 *
 * Keys live in sodium_malloc'd memory (guard pages, mlock'ed where the system allows, wiped
 * on free) that is read-only once the keyring is built; a keyring may be shared by all
 * threads. wallet_crypto_init() must have run.
 */
#ifndef WALLET_CRYPTO_SEAL_H
#define WALLET_CRYPTO_SEAL_H

#include <stddef.h>
#include <stdint.h>

#define SEAL_KEY_BYTES 32
#define SEAL_NONCE_BYTES 24
#define SEAL_TAG_BYTES 16
/* A sealed blob is the plaintext's length plus this. */
#define SEAL_OVERHEAD (SEAL_NONCE_BYTES + SEAL_TAG_BYTES)
#define SEAL_BLIND_INDEX_BYTES 32
/* Longest record id accepted by the binding, in bytes. */
#define SEAL_RECORD_ID_MAX 128

/* The sealed fields; the name of each is part of the associated data. */
enum seal_field {
    SEAL_FIELD_AADHAAR,     /* "aadhaar" */
    SEAL_FIELD_DOCUMENT,    /* "document" */
    SEAL_FIELD_CARD_NUMBER, /* "card_number" */
};

/* Why a seal call failed (negative return values). */
enum seal_err {
    SEAL_OK = 0,
    SEAL_EARG = -1,         /* NULL/empty user id, unknown field, record id too long */
    SEAL_ESPACE = -2,       /* output buffer too small */
    SEAL_EUNKNOWN_KEY = -3, /* sealed under a key this keyring does not hold */
    SEAL_EOPEN = -4,        /* authentication failed: wrong key, owner, field, or tampered */
    SEAL_ENOMEM = -5,       /* secure memory could not be allocated */
    SEAL_ENO_OLD_KEY = -6,  /* seal_blind_index_old without an old key */
};

struct seal_keyring; /* opaque; see seal_keyring_new */

/* The field's name as bound into the associated data ("aadhaar", ...), or NULL if unknown. */
const char *seal_field_name(enum seal_field field);

/*
 * Decodes a base64 key (standard alphabet, '=' padding optional, surrounding whitespace
 * ignored) into out. The result must be exactly SEAL_KEY_BYTES and not all zero. Returns 0, or
 * -1 with *reason set to a static sentence naming the problem (never the key's bytes); out is
 * wiped on failure. reason may be NULL.
 */
int seal_key_parse_base64(const char *b64,
                          size_t len,
                          unsigned char out[SEAL_KEY_BYTES],
                          const char **reason);

/*
 * Builds a keyring from the current key and, optionally, the previous one (NULL when there is
 * none). The keys are copied into secure memory; the caller should wipe its own copies.
 * Refuses (returns SEAL_EARG) an old key equal to the current one or with the same key id.
 * Returns 0 with *out set, or a negative enum seal_err.
 */
int seal_keyring_new(const unsigned char current[SEAL_KEY_BYTES],
                     const unsigned char *old,
                     struct seal_keyring **out);

/*
 * Convenience for configuration: parses WALLET_SEAL_KEY (current_b64) and optionally
 * WALLET_SEAL_KEY_OLD (old_b64, NULL or "" when unset) and builds the keyring. On failure
 * returns -1 with *reason naming which key is wrong and why.
 */
int seal_keyring_from_base64(const char *current_b64,
                             const char *old_b64,
                             struct seal_keyring **out,
                             const char **reason);

/* Wipes and frees a keyring (NULL is fine). */
void seal_keyring_free(struct seal_keyring *kr);

/* The id of the current key (what seal_encrypt stores beside new values). */
uint32_t seal_current_key_id(const struct seal_keyring *kr);

/* Whether the keyring holds an old key, and its id (0 when none). */
int seal_has_old_key(const struct seal_keyring *kr);
uint32_t seal_old_key_id(const struct seal_keyring *kr);

/* 1 when a value stored with key_id should be re-sealed under the current key, else 0. */
int seal_needs_reseal(const struct seal_keyring *kr, uint32_t key_id);

/*
 * Seals pt[0..pt_len) for owner user_id (a non-empty NUL-terminated id), field, and record_id
 * (NULL or "" when the field is one per user) into out (nonce || ciphertext || tag),
 * out_cap >= pt_len + SEAL_OVERHEAD. Sets *out_len and *key_id (the current key's id).
 * The plaintext is not modified; the caller wipes it. Returns 0 or a negative enum seal_err.
 */
int seal_encrypt(const struct seal_keyring *kr,
                 const char *user_id,
                 enum seal_field field,
                 const char *record_id,
                 const unsigned char *pt,
                 size_t pt_len,
                 unsigned char *out,
                 size_t out_cap,
                 size_t *out_len,
                 uint32_t *key_id);

/*
 * Opens a blob sealed with key key_id for the same user_id, field and record_id into pt,
 * pt_cap >= in_len - SEAL_OVERHEAD. Sets *pt_len. On any failure pt is wiped and a negative
 * enum seal_err returned: SEAL_EUNKNOWN_KEY if the keyring holds no such key, SEAL_EOPEN if
 * authentication fails (including another owner's, field's or record's blob). The caller
 * wipes pt (sodium_memzero) once done with the plaintext.
 */
int seal_decrypt(const struct seal_keyring *kr,
                 const char *user_id,
                 enum seal_field field,
                 const char *record_id,
                 uint32_t key_id,
                 const unsigned char *in,
                 size_t in_len,
                 unsigned char *pt,
                 size_t pt_cap,
                 size_t *pt_len);

/*
 * The blind index of a normalised value of field under the current key's blind-index subkey:
 * BLAKE2b-256 keyed with KDF(sealing key, subkey 1, context "wsealbix"), over
 * field name || 0x00 || value. Deterministic: equal values give equal indexes. Returns 0 or a
 * negative enum seal_err.
 */
int seal_blind_index(const struct seal_keyring *kr,
                     enum seal_field field,
                     const char *value,
                     size_t len,
                     unsigned char out[SEAL_BLIND_INDEX_BYTES]);

/* The same under the old key (during a rotation); SEAL_ENO_OLD_KEY when there is none. */
int seal_blind_index_old(const struct seal_keyring *kr,
                         enum seal_field field,
                         const char *value,
                         size_t len,
                         unsigned char out[SEAL_BLIND_INDEX_BYTES]);

#endif
