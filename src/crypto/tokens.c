/*
 * Refresh tokens, random ids, transfer references and token hashes (include/crypto/tokens.h).
 */
#include "crypto/tokens.h"

#include <sodium.h>
#include <stdint.h>
#include <string.h>

_Static_assert(TOKEN_HASH_BYTES == crypto_hash_sha256_BYTES, "token hash size");
_Static_assert(sizeof(TOKEN_REF_ALPHABET) - 1 == 32, "transfer reference alphabet size");

#define B64URL sodium_base64_VARIANT_URLSAFE_NO_PADDING

void
token_refresh_new(char out[TOKEN_REFRESH_MAX])
{
    unsigned char raw[TOKEN_REFRESH_BYTES];
    randombytes_buf(raw, sizeof(raw));
    sodium_bin2base64(out, TOKEN_REFRESH_MAX, raw, sizeof(raw), B64URL);
    sodium_memzero(raw, sizeof(raw));
}

int
token_refresh_well_formed(const char *s, size_t len)
{
    unsigned char raw[TOKEN_REFRESH_BYTES];
    size_t n = 0;
    if (s == NULL || len != TOKEN_REFRESH_LEN)
        return 0;
    int ok = sodium_base642bin(raw, sizeof(raw), s, len, NULL, &n, NULL, B64URL) == 0 &&
             n == TOKEN_REFRESH_BYTES;
    sodium_memzero(raw, sizeof(raw));
    return ok;
}

void
token_hash(const char *token, size_t len, unsigned char out[TOKEN_HASH_BYTES])
{
    crypto_hash_sha256(out, (const unsigned char *)token, (unsigned long long)len);
}

void
token_hash_hex(const char *token, size_t len, char out[TOKEN_HASH_HEX_MAX])
{
    unsigned char h[TOKEN_HASH_BYTES];
    token_hash(token, len, h);
    sodium_bin2hex(out, TOKEN_HASH_HEX_MAX, h, sizeof(h));
}

int
token_equal(const void *a, const void *b, size_t len)
{
    return sodium_memcmp(a, b, len) == 0;
}

int
token_equal_str(const char *a, size_t a_len, const char *b, size_t b_len)
{
    if (a == NULL || b == NULL || a_len != b_len)
        return 0;
    return sodium_memcmp(a, b, a_len) == 0;
}

void
token_id_new(char out[TOKEN_ID_MAX])
{
    unsigned char raw[TOKEN_ID_BYTES];
    randombytes_buf(raw, sizeof(raw));
    sodium_bin2base64(out, TOKEN_ID_MAX, raw, sizeof(raw), B64URL);
}

void
token_random_string(const char *alphabet, size_t alphabet_len, char *out, size_t n)
{
    for (size_t i = 0; i < n; i++)
        out[i] = alphabet[randombytes_uniform((uint32_t)alphabet_len)];
    out[n] = '\0';
}

void
token_transfer_ref_new(char out[TOKEN_REF_MAX])
{
    static const char alphabet[] = TOKEN_REF_ALPHABET;
    char body[9];
    token_random_string(alphabet, sizeof(alphabet) - 1, body, 8);
    memcpy(out, "TX-", 3);
    memcpy(out + 3, body, 4);
    out[7] = '-';
    memcpy(out + 8, body + 4, 4);
    out[12] = '\0';
}

int
token_transfer_ref_well_formed(const char *s, size_t len)
{
    if (s == NULL || len != TOKEN_REF_LEN || memcmp(s, "TX-", 3) != 0 || s[7] != '-')
        return 0;
    for (size_t i = 3; i < TOKEN_REF_LEN; i++) {
        if (i == 7)
            continue;
        if (s[i] == '\0' || strchr(TOKEN_REF_ALPHABET, s[i]) == NULL)
            return 0;
    }
    return 1;
}
