/*
 * Random secrets and identifiers, and the hashes under which secrets are stored
 * (CONTRACT.md §4 "Users and sign-in": refresh tokens are 256 random bits stored only as a
 * hash; §2 request ids).
 *
 * All randomness comes from libsodium (randombytes_*); wallet_crypto_init() must have run.
 * Every function is thread-safe and allocates nothing.
 */
#ifndef WALLET_CRYPTO_TOKENS_H
#define WALLET_CRYPTO_TOKENS_H

#include <stddef.h>

/* Refresh tokens: 32 random bytes as unpadded base64url, 43 characters. */
#define TOKEN_REFRESH_BYTES 32
#define TOKEN_REFRESH_LEN 43
#define TOKEN_REFRESH_MAX (TOKEN_REFRESH_LEN + 1) /* buffer size with the NUL */

/* SHA-256 of a token: raw bytes, or lower-case hex text. */
#define TOKEN_HASH_BYTES 32
#define TOKEN_HASH_HEX_MAX (2 * TOKEN_HASH_BYTES + 1)

/* Random ids (JWT jti, request ids, family ids): 16 random bytes as base64url, 22 chars of
 * [A-Za-z0-9_-], so they are also valid X-Request-ID values. */
#define TOKEN_ID_BYTES 16
#define TOKEN_ID_LEN 22
#define TOKEN_ID_MAX (TOKEN_ID_LEN + 1)

/* Transfer references, "TX-7GQ2-84KD": 8 characters of Crockford's base32 alphabet
 * (0-9 A-Z without I, L, O, U: nothing a person can misread), 40 random bits. Not unique by
 * construction: the database's unique index decides, and the writer draws again on conflict. */
#define TOKEN_REF_ALPHABET "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
#define TOKEN_REF_LEN 12
#define TOKEN_REF_MAX (TOKEN_REF_LEN + 1)

/* Writes a new refresh token (TOKEN_REFRESH_LEN characters and a NUL) into out. */
void token_refresh_new(char out[TOKEN_REFRESH_MAX]);

/* 1 when s[0..len) has a refresh token's shape (43 base64url characters, canonical), else 0.
 * A cheap filter before a database lookup; says nothing about validity. */
int token_refresh_well_formed(const char *s, size_t len);

/* out = SHA-256(token[0..len)): what the database stores instead of the token. */
void token_hash(const char *token, size_t len, unsigned char out[TOKEN_HASH_BYTES]);

/* The same as 64 lower-case hex characters and a NUL. */
void token_hash_hex(const char *token, size_t len, char out[TOKEN_HASH_HEX_MAX]);

/* 1 when a[0..len) equals b[0..len), else 0, in time that depends only on len. */
int token_equal(const void *a, const void *b, size_t len);

/* 1 when the strings a[0..a_len) and b[0..b_len) are equal, else 0. Lengths are compared
 * first (they are not secret); contents in constant time. */
int token_equal_str(const char *a, size_t a_len, const char *b, size_t b_len);

/* Writes a new random id (TOKEN_ID_LEN characters and a NUL) into out. */
void token_id_new(char out[TOKEN_ID_MAX]);

/* Writes n characters drawn uniformly (no modulo bias) from alphabet[0..alphabet_len) into
 * out, followed by a NUL (out holds n + 1 bytes). alphabet_len must be 1..256. */
void token_random_string(const char *alphabet, size_t alphabet_len, char *out, size_t n);

/* Writes a new transfer reference "TX-XXXX-XXXX" (TOKEN_REF_LEN characters and a NUL). */
void token_transfer_ref_new(char out[TOKEN_REF_MAX]);

/* 1 when s[0..len) is shaped like a transfer reference (upper case, alphabet above), else 0. */
int token_transfer_ref_well_formed(const char *s, size_t len);

#endif
