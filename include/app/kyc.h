/*
 * Sealed identity values in the database (CONTRACT.md §4 "Identity data"; issue 6): the glue
 * between crypto/seal.h and the kyc_profiles and cards rows, shared by the resolvers
 * (resolvers/kyc.c, resolvers/cards.c), the key rotation (app/rotate.h) and walletd's
 * start-up check.
 *
 * Storage. Each sealed value is a bytea column holding crypto/seal.h's blob
 * (nonce || ciphertext || tag) with the 32-bit id of the key that sealed it in a bigint
 * column beside it:
 *     kyc_profiles.aadhaar_ciphertext / aadhaar_key_id   field "aadhaar",     owner user_id
 *     kyc_profiles.document_ciphertext / document_key_id field "document",    owner user_id
 *     cards.number_ciphertext / key_id                   field "card_number", owner the
 *                                                        account's user, record the card id
 * The associated data binds each blob to its owner (users.id as decimal text), its field and,
 * for cards, its card id (decimal text), so a blob copied to another row does not open.
 * The Aadhaar's blind index (kyc_profiles.aadhaar_blind_index, UNIQUE) is the keyed BLAKE2b
 * of the canonical 12 digits under the blind-index subkey of the key in aadhaar_key_id: the
 * two always change together (one UPDATE), so a row's key id tells which key its index is
 * under.
 *
 * Statement parameters and results use libpq's text format, so bytea travels as "\x" + hex.
 * Plaintexts pass through caller buffers only; every function here wipes its own temporary
 * copies with sodium_memzero, and callers wipe theirs.
 */
#ifndef WALLET_APP_KYC_H
#define WALLET_APP_KYC_H

#include "crypto/seal.h"

#include <libpq-fe.h>
#include <stddef.h>
#include <stdint.h>

/* Longest plaintext sealed here (a card number is 16, a driving licence 15, Aadhaar 12). */
#define APP_SEALED_PLAINTEXT_MAX 32
/* Longest blob: the plaintext and crypto/seal.h's nonce and tag. */
#define APP_SEALED_BLOB_MAX (APP_SEALED_PLAINTEXT_MAX + SEAL_OVERHEAD)
/* A blob as bytea text ("\x" + 2 hex digits a byte + NUL). */
#define APP_SEALED_HEX_MAX (2 + 2 * APP_SEALED_BLOB_MAX + 1)
/* A blind index as bytea text. */
#define APP_BLIND_HEX_MAX (2 + 2 * SEAL_BLIND_INDEX_BYTES + 1)
/* A key id or row id as decimal text. */
#define APP_ID_TEXT_MAX 24

/*
 * Seals pt[0..len) (len <= APP_SEALED_PLAINTEXT_MAX) for owner user_id, field and record_id
 * (0 when the field is one per user) under the keyring's current key, writing the blob as
 * bytea text into hex_out and the key id as decimal text into key_id_out. Returns 0 or a
 * negative enum seal_err.
 */
int app_sealed_seal(const struct seal_keyring *kr,
                    int64_t user_id,
                    enum seal_field field,
                    int64_t record_id,
                    const char *pt,
                    size_t len,
                    char hex_out[APP_SEALED_HEX_MAX],
                    char key_id_out[APP_ID_TEXT_MAX]);

/*
 * Opens a blob given as bytea text (as a text-format result gives it) sealed with key_id for
 * user_id, field and record_id into pt (NUL-terminated, cap >= APP_SEALED_PLAINTEXT_MAX + 1),
 * setting *len. Returns 0, SEAL_EUNKNOWN_KEY when the keyring holds no such key, SEAL_EOPEN
 * when authentication fails (another row's blob, wrong key, tampering) or the text is not a
 * blob; pt is wiped on failure. The caller wipes pt when done.
 */
int app_sealed_open(const struct seal_keyring *kr,
                    int64_t user_id,
                    enum seal_field field,
                    int64_t record_id,
                    int64_t key_id,
                    const char *hex,
                    char *pt,
                    size_t cap,
                    size_t *len);

/*
 * The blind index of a canonical value as bytea text: under the current key's subkey, or
 * (old != 0) the old key's. Returns 0 or a negative enum seal_err (SEAL_ENO_OLD_KEY).
 */
int app_blind_index_hex(const struct seal_keyring *kr,
                        enum seal_field field,
                        const char *value,
                        size_t len,
                        int old,
                        char out[APP_BLIND_HEX_MAX]);

/*
 * Start-up check for `walletd serve` (issue 6 "wrong key at start fails loudly"): every key
 * id found beside a sealed value in the database must be the keyring's current or old key,
 * and for each key id in use one of its values (up to three tried) must open. Returns 0
 * when the keyring can read the database (also when nothing is sealed yet), or -1 with one
 * line in err naming the problem (key ids and counts only, never a value). Database errors
 * also return -1 (err says so); the caller decides whether to go on.
 * *db_error (may be NULL) is set to 1 when the failure was the database's, else 0.
 */
int app_sealed_check_keys(
    PGconn *pg, const struct seal_keyring *kr, char *err, size_t errlen, int *db_error);

#endif
