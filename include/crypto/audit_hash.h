/*
 * The audit log's hash chain (CONTRACT.md §4 "Audit": "Each entry's hash is SHA-256 over the
 * previous entry's hash in its chain and this entry").
 *
 *   hash(entry) = SHA-256( prev_hash (32 raw bytes) || canonical entry bytes )
 *
 * with an all-zero prev_hash for the first entry of a chain (AUDIT_HASH_GENESIS). Hashes are
 * passed around and stored as 64 lower-case hex characters. The canonical bytes of an entry
 * are the caller's business, but audit_hash_link_fields gives an unambiguous encoding: each
 * field as a 4-byte big-endian length and its bytes, a NULL field as length 0xFFFFFFFF, so
 * ("ab","c") and ("a","bc"), or NULL and "", never hash alike. The verifier recomputes the
 * same function over the stored fields and compares.
 */
#ifndef WALLET_CRYPTO_AUDIT_HASH_H
#define WALLET_CRYPTO_AUDIT_HASH_H

#include <stddef.h>

#define AUDIT_HASH_BYTES 32
#define AUDIT_HASH_HEX_LEN 64
#define AUDIT_HASH_HEX_MAX (AUDIT_HASH_HEX_LEN + 1)
#define AUDIT_HASH_GENESIS "0000000000000000000000000000000000000000000000000000000000000000"

/*
 * Writes the hash of entry[0..len) chained after prev_hex (64 hex characters, either case;
 * NULL or "" for the first entry of a chain) into out_hex (64 lower-case hex and a NUL).
 * Returns 0, or -1 when prev_hex is not 64 hex characters.
 */
int audit_hash_link(const char *prev_hex,
                    const void *entry,
                    size_t len,
                    char out_hex[AUDIT_HASH_HEX_MAX]);

/*
 * Like audit_hash_link over the canonical encoding of n fields (fields[i] of lens[i] bytes;
 * fields[i] == NULL encodes "no value"). Fields must be shorter than 4 GiB. Returns 0 or -1.
 */
int audit_hash_link_fields(const char *prev_hex,
                           const char *const *fields,
                           const size_t *lens,
                           size_t n,
                           char out_hex[AUDIT_HASH_HEX_MAX]);

#endif
