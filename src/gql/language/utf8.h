/*
 * UTF-8 decoding shared by the lexer, the printer and error locations (private to wallet_gql).
 *
 * Invalid sequences (stray continuation bytes, truncated or overlong sequences, encoded
 * surrogates, code points above U+10FFFF) decode one byte at a time as U+FFFD, as a
 * JavaScript runtime reading the same bytes would show them to graphql-js.
 */
#ifndef WALLET_GQL_LANGUAGE_UTF8_H
#define WALLET_GQL_LANGUAGE_UTF8_H

#include <stdint.h>

#define GQL_UTF8_REPLACEMENT 0xFFFDu

/*
 * Decodes the character at s[0..n) (n >= 1) into *cp and returns its length in bytes (1-4).
 * Returns 1 with *cp = U+FFFD and *valid = 0 for an invalid sequence.
 */
static inline uint32_t
gql_utf8_decode(const unsigned char *s, uint32_t n, uint32_t *cp, int *valid)
{
    unsigned char c = s[0];
    *valid = 1;
    if (c < 0x80) {
        *cp = c;
        return 1;
    }
    uint32_t len, min, v;
    if (c >= 0xC2 && c <= 0xDF) {
        len = 2, min = 0x80, v = c & 0x1Fu;
    } else if (c >= 0xE0 && c <= 0xEF) {
        len = 3, min = 0x800, v = c & 0x0Fu;
    } else if (c >= 0xF0 && c <= 0xF4) {
        len = 4, min = 0x10000, v = c & 0x07u;
    } else {
        goto invalid;
    }
    if (n < len)
        goto invalid;
    for (uint32_t i = 1; i < len; i++) {
        if ((s[i] & 0xC0) != 0x80)
            goto invalid;
        v = (v << 6) | (s[i] & 0x3Fu);
    }
    if (v < min || v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF))
        goto invalid;
    *cp = v;
    return len;
invalid:
    *cp = GQL_UTF8_REPLACEMENT;
    *valid = 0;
    return 1;
}

/* Encodes cp (a Unicode scalar value) into out (at least 4 bytes); returns the length. */
static inline uint32_t
gql_utf8_encode(uint32_t cp, char *out)
{
    if (cp < 0x80) {
        out[0] = (char)cp;
        return 1;
    }
    if (cp < 0x800) {
        out[0] = (char)(0xC0 | (cp >> 6));
        out[1] = (char)(0x80 | (cp & 0x3F));
        return 2;
    }
    if (cp < 0x10000) {
        out[0] = (char)(0xE0 | (cp >> 12));
        out[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
        out[2] = (char)(0x80 | (cp & 0x3F));
        return 3;
    }
    out[0] = (char)(0xF0 | (cp >> 18));
    out[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
    out[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
    out[3] = (char)(0x80 | (cp & 0x3F));
    return 4;
}

#endif
