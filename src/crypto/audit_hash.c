/*
 * SHA-256 hash chain links for the audit log (include/crypto/audit_hash.h;
 * CONTRACT.md §4 "Audit").
 */
#include "crypto/audit_hash.h"

#include <sodium.h>
#include <stdint.h>
#include <string.h>

_Static_assert(AUDIT_HASH_BYTES == crypto_hash_sha256_BYTES, "audit hash size");

/* Starts a SHA-256 over the previous link's 32 raw bytes (zeros for a chain's first entry). */
static int
start_link(crypto_hash_sha256_state *st, const char *prev_hex)
{
    unsigned char prev[AUDIT_HASH_BYTES] = {0};
    if (prev_hex != NULL && prev_hex[0] != '\0') {
        size_t n = 0;
        const char *end = NULL;
        if (strnlen(prev_hex, AUDIT_HASH_HEX_LEN + 1) != AUDIT_HASH_HEX_LEN ||
            sodium_hex2bin(prev, sizeof(prev), prev_hex, AUDIT_HASH_HEX_LEN, NULL, &n, &end) != 0 ||
            n != AUDIT_HASH_BYTES || end != prev_hex + AUDIT_HASH_HEX_LEN)
            return -1;
    }
    crypto_hash_sha256_init(st);
    crypto_hash_sha256_update(st, prev, sizeof(prev));
    return 0;
}

static void
finish_link(crypto_hash_sha256_state *st, char out_hex[AUDIT_HASH_HEX_MAX])
{
    unsigned char h[AUDIT_HASH_BYTES];
    crypto_hash_sha256_final(st, h);
    sodium_bin2hex(out_hex, AUDIT_HASH_HEX_MAX, h, sizeof(h));
}

int
audit_hash_link(const char *prev_hex,
                const void *entry,
                size_t len,
                char out_hex[AUDIT_HASH_HEX_MAX])
{
    crypto_hash_sha256_state st;
    if (start_link(&st, prev_hex) < 0 || (entry == NULL && len > 0))
        return -1;
    crypto_hash_sha256_update(&st, entry, (unsigned long long)len);
    finish_link(&st, out_hex);
    return 0;
}

int
audit_hash_link_fields(const char *prev_hex,
                       const char *const *fields,
                       const size_t *lens,
                       size_t n,
                       char out_hex[AUDIT_HASH_HEX_MAX])
{
    crypto_hash_sha256_state st;
    if (start_link(&st, prev_hex) < 0)
        return -1;
    for (size_t i = 0; i < n; i++) {
        uint32_t len32 = UINT32_MAX; /* NULL: no value */
        if (fields[i] != NULL) {
            if (lens[i] >= UINT32_MAX)
                return -1;
            len32 = (uint32_t)lens[i];
        }
        unsigned char be[4] = {(unsigned char)(len32 >> 24),
                               (unsigned char)(len32 >> 16),
                               (unsigned char)(len32 >> 8),
                               (unsigned char)len32};
        crypto_hash_sha256_update(&st, be, sizeof(be));
        if (fields[i] != NULL)
            crypto_hash_sha256_update(&st, (const unsigned char *)fields[i], lens[i]);
    }
    finish_link(&st, out_hex);
    return 0;
}
