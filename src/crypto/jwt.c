/*
 * HS256 JSON Web Tokens on libsodium's HMAC-SHA-256 and jansson (include/crypto/jwt.h;
 * CONTRACT.md §4 "Users and sign-in"; RFC 7519, RFC 7515 §2 base64url).
 *
 * Verification order: size and shape, header (alg exactly HS256), signature (constant time),
 * and only then the payload's claims. The payload of a token whose signature does not check
 * never reaches the JSON parser.
 */
#include "crypto/jwt.h"

#include <jansson.h>
#include <sodium.h>
#include <stdbool.h>
#include <string.h>

#define B64_VARIANT sodium_base64_VARIANT_URLSAFE_NO_PADDING
#define HS256_BYTES crypto_auth_hmacsha256_BYTES

static const char jwt_header_json[] = "{\"alg\":\"HS256\",\"typ\":\"JWT\"}";

const char *
jwt_reason_name(enum jwt_reason r)
{
    switch (r) {
    case JWT_OK:
        return "ok";
    case JWT_EKEY:
        return "key";
    case JWT_ETOO_LONG:
        return "size";
    case JWT_ESEGMENTS:
        return "segments";
    case JWT_EBASE64:
        return "base64";
    case JWT_EHEADER:
        return "header";
    case JWT_EALG:
        return "alg";
    case JWT_ESIGNATURE:
        return "signature";
    case JWT_EPAYLOAD:
        return "payload";
    case JWT_EISS:
        return "iss";
    case JWT_EAUD:
        return "aud";
    case JWT_EEXP_MISSING:
        return "exp-missing";
    case JWT_EEXPIRED:
        return "expired";
    case JWT_EIAT:
        return "iat";
    case JWT_ENBF:
        return "nbf";
    case JWT_ECLAIM:
        return "claim";
    }
    return "unknown";
}

/* HMAC-SHA-256 of msg under a key of any length (crypto_auth_hmacsha256_verify would insist on
 * exactly 32 bytes; the contract allows longer secrets). */
static void
hs256(const unsigned char *key,
      size_t key_len,
      const char *msg,
      size_t msg_len,
      unsigned char mac[HS256_BYTES])
{
    crypto_auth_hmacsha256_state st;
    crypto_auth_hmacsha256_init(&st, key, key_len);
    crypto_auth_hmacsha256_update(&st, (const unsigned char *)msg, msg_len);
    crypto_auth_hmacsha256_final(&st, mac);
    sodium_memzero(&st, sizeof(st));
}

/* Appends base64url(bin) at out[*pos], keeping a NUL after it; -1 when it does not fit. */
static int
append_b64(char *out, size_t cap, size_t *pos, const void *bin, size_t bin_len)
{
    size_t need = sodium_base64_ENCODED_LEN(bin_len, B64_VARIANT); /* includes the NUL */
    if (cap < *pos || cap - *pos < need)
        return -1;
    sodium_bin2base64(out + *pos, need, bin, bin_len, B64_VARIANT);
    *pos += strlen(out + *pos);
    return 0;
}

static int
append_char(char *out, size_t cap, size_t *pos, char c)
{
    if (cap < *pos || cap - *pos < 2)
        return -1;
    out[(*pos)++] = c;
    out[*pos] = '\0';
    return 0;
}

/* A usable string claim: non-empty and NUL-terminated within its buffer. */
static bool
claim_ok(const char *s)
{
    size_t n = strnlen(s, JWT_CLAIM_MAX);
    return n > 0 && n < JWT_CLAIM_MAX;
}

int
jwt_sign(const unsigned char *key,
         size_t key_len,
         const struct jwt_claims *c,
         char *out,
         size_t out_cap,
         size_t *out_len)
{
    if (out == NULL || out_cap == 0)
        return -1;
    out[0] = '\0';
    if (key == NULL || key_len < JWT_MIN_KEY_BYTES)
        return -1;
    if (!claim_ok(c->sub) || !claim_ok(c->role) || !claim_ok(c->jti) || c->exp <= c->iat)
        return -1;

    json_t *payload = json_pack("{s:s, s:s, s:s, s:s, s:s, s:I, s:I}",
                                "iss",
                                JWT_ISSUER,
                                "sub",
                                c->sub,
                                "aud",
                                JWT_AUDIENCE,
                                "role",
                                c->role,
                                "jti",
                                c->jti,
                                "iat",
                                (json_int_t)c->iat,
                                "exp",
                                (json_int_t)c->exp);
    if (payload == NULL) /* a claim that is not valid UTF-8 */
        return -1;
    char *payload_json = json_dumps(payload, JSON_COMPACT | JSON_PRESERVE_ORDER);
    json_decref(payload);
    if (payload_json == NULL)
        return -1;

    int rc = -1;
    size_t pos = 0;
    unsigned char mac[HS256_BYTES];
    if (append_b64(out, out_cap, &pos, jwt_header_json, sizeof(jwt_header_json) - 1) < 0 ||
        append_char(out, out_cap, &pos, '.') < 0 ||
        append_b64(out, out_cap, &pos, payload_json, strlen(payload_json)) < 0)
        goto out_free;
    hs256(key, key_len, out, pos, mac);
    if (append_char(out, out_cap, &pos, '.') < 0 ||
        append_b64(out, out_cap, &pos, mac, sizeof(mac)) < 0)
        goto out_free;
    if (out_len != NULL)
        *out_len = pos;
    rc = 0;
out_free:
    if (rc < 0)
        out[0] = '\0';
    sodium_memzero(mac, sizeof(mac));
    free(payload_json);
    return rc;
}

/* Decodes one unpadded base64url segment exactly (every character consumed, canonical
 * trailing bits). Returns 0 and the decoded length, or -1. */
static int
decode_segment(const char *seg, size_t seg_len, unsigned char *bin, size_t bin_cap, size_t *bin_len)
{
    const char *end = NULL;
    if (sodium_base642bin(bin, bin_cap, seg, seg_len, NULL, bin_len, &end, B64_VARIANT) != 0)
        return -1;
    return end == seg + seg_len ? 0 : -1;
}

/* Parses a decoded segment as one JSON object, refusing duplicate keys and trailing bytes. */
static json_t *
parse_object(const unsigned char *bin, size_t len)
{
    json_error_t err;
    json_t *v = json_loadb((const char *)bin, len, JSON_REJECT_DUPLICATES, &err);
    if (v != NULL && !json_is_object(v)) {
        json_decref(v);
        v = NULL;
    }
    return v;
}

static enum jwt_reason
check_header(json_t *h)
{
    json_t *alg = json_object_get(h, "alg");
    if (!json_is_string(alg) || strcmp(json_string_value(alg), "HS256") != 0 ||
        json_string_length(alg) != 5)
        return JWT_EALG;
    const char *k;
    json_t *v;
    json_object_foreach(h, k, v)
    {
        if (strcmp(k, "alg") == 0)
            continue;
        if (strcmp(k, "typ") == 0 && json_is_string(v) && strcmp(json_string_value(v), "JWT") == 0)
            continue;
        return JWT_EHEADER;
    }
    return JWT_OK;
}

/* Copies a required non-empty string claim; false when missing, not a string or too long. */
static bool
copy_claim(json_t *payload, const char *name, char dst[JWT_CLAIM_MAX])
{
    json_t *v = json_object_get(payload, name);
    if (!json_is_string(v))
        return false;
    size_t n = json_string_length(v);
    if (n == 0 || n >= JWT_CLAIM_MAX || strlen(json_string_value(v)) != n)
        return false;
    memcpy(dst, json_string_value(v), n + 1);
    return true;
}

static bool
aud_ok(json_t *aud)
{
    if (json_is_string(aud))
        return strcmp(json_string_value(aud), JWT_AUDIENCE) == 0;
    if (!json_is_array(aud))
        return false;
    size_t i;
    json_t *item;
    json_array_foreach(aud, i, item)
    {
        if (json_is_string(item) && strcmp(json_string_value(item), JWT_AUDIENCE) == 0)
            return true;
    }
    return false;
}

static enum jwt_reason
check_claims(json_t *p, int64_t now, struct jwt_claims *out)
{
    json_t *iss = json_object_get(p, "iss");
    if (!json_is_string(iss) || strcmp(json_string_value(iss), JWT_ISSUER) != 0)
        return JWT_EISS;
    if (!aud_ok(json_object_get(p, "aud")))
        return JWT_EAUD;

    json_t *exp = json_object_get(p, "exp");
    if (!json_is_integer(exp))
        return JWT_EEXP_MISSING;
    int64_t exp_v = (int64_t)json_integer_value(exp);
    if (exp_v <= now)
        return JWT_EEXPIRED;

    json_t *iat = json_object_get(p, "iat");
    if (!json_is_integer(iat))
        return JWT_EIAT;
    int64_t iat_v = (int64_t)json_integer_value(iat);
    if (iat_v > exp_v || (now < INT64_MAX - JWT_IAT_LEEWAY && iat_v > now + JWT_IAT_LEEWAY))
        return JWT_EIAT;

    json_t *nbf = json_object_get(p, "nbf");
    if (nbf != NULL && (!json_is_integer(nbf) || (int64_t)json_integer_value(nbf) > now))
        return JWT_ENBF;

    if (!copy_claim(p, "sub", out->sub) || !copy_claim(p, "role", out->role) ||
        !copy_claim(p, "jti", out->jti))
        return JWT_ECLAIM;
    memcpy(out->iss, JWT_ISSUER, sizeof(JWT_ISSUER));
    memcpy(out->aud, JWT_AUDIENCE, sizeof(JWT_AUDIENCE));
    out->iat = iat_v;
    out->exp = exp_v;
    return JWT_OK;
}

int
jwt_verify(const unsigned char *key,
           size_t key_len,
           const char *token,
           size_t len,
           int64_t now,
           struct jwt_claims *out,
           enum jwt_reason *why)
{
    enum jwt_reason r = JWT_OK;
    json_t *header = NULL, *payload = NULL;
    unsigned char bin[JWT_MAX_TOKEN]; /* a decoded segment is shorter than its text */
    unsigned char mac[HS256_BYTES];
    size_t bin_len = 0;

    memset(out, 0, sizeof(*out));
    if (key == NULL || key_len < JWT_MIN_KEY_BYTES) {
        r = JWT_EKEY;
        goto out_done;
    }
    if (token == NULL || len == 0 || len > JWT_MAX_TOKEN) {
        r = JWT_ETOO_LONG;
        goto out_done;
    }

    /* Exactly three segments: header.payload.signature (the signature may be empty here so
     * that an unsigned "alg":"none" token is reported as what it is, not as a shape error). */
    const char *dot1 = memchr(token, '.', len);
    const char *dot2 = dot1 ? memchr(dot1 + 1, '.', (size_t)(token + len - dot1 - 1)) : NULL;
    if (dot2 == NULL || memchr(dot2 + 1, '.', (size_t)(token + len - dot2 - 1)) != NULL ||
        dot1 == token || dot2 == dot1 + 1) {
        r = JWT_ESEGMENTS;
        goto out_done;
    }
    const char *sig = dot2 + 1;
    size_t sig_len = (size_t)(token + len - sig);

    if (decode_segment(token, (size_t)(dot1 - token), bin, sizeof(bin), &bin_len) < 0) {
        r = JWT_EBASE64;
        goto out_done;
    }
    header = parse_object(bin, bin_len);
    if (header == NULL) {
        r = JWT_EHEADER;
        goto out_done;
    }
    r = check_header(header);
    if (r != JWT_OK)
        goto out_done;

    if (sig_len == 0) {
        r = JWT_ESIGNATURE;
        goto out_done;
    }
    if (decode_segment(sig, sig_len, bin, sizeof(bin), &bin_len) < 0) {
        r = JWT_EBASE64;
        goto out_done;
    }
    hs256(key, key_len, token, (size_t)(dot2 - token), mac);
    if (bin_len != HS256_BYTES || sodium_memcmp(mac, bin, HS256_BYTES) != 0) {
        r = JWT_ESIGNATURE;
        goto out_done;
    }

    if (decode_segment(dot1 + 1, (size_t)(dot2 - dot1 - 1), bin, sizeof(bin), &bin_len) < 0) {
        r = JWT_EBASE64;
        goto out_done;
    }
    payload = parse_object(bin, bin_len);
    if (payload == NULL) {
        r = JWT_EPAYLOAD;
        goto out_done;
    }
    r = check_claims(payload, now, out);

out_done:
    json_decref(payload);
    json_decref(header);
    sodium_memzero(mac, sizeof(mac));
    if (r != JWT_OK)
        memset(out, 0, sizeof(*out));
    if (why != NULL)
        *why = r;
    return r == JWT_OK ? 0 : -1;
}
