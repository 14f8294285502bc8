/*
 * Access tokens: JSON Web Tokens signed with HS256 (CONTRACT.md §4 "Users and sign-in").
 *
 * Built on libsodium's HMAC-SHA-256 (crypto_auth_hmacsha256_*), with the signature compared in
 * constant time, and base64url without padding (RFC 7515 §2). Tokens carry exactly the
 * contract's claims: sub (the User.id), role, iat, exp, iss = "wallet", aud = "wallet-api",
 * jti. The role in a token is informational: the server takes the role from the user row.
 *
 * jwt_verify is deliberately narrow. The header must be a JSON object holding "alg": "HS256"
 * and optionally "typ": "JWT", nothing else (so "none", HS512, RS256, "kid", "jku", "crit" and
 * friends are all refused), without duplicate keys in header or payload. Every failure returns
 * the same -1; the reason is reported separately for tests and logs only, and callers answer
 * UNAUTHENTICATED whatever it is.
 */
#ifndef WALLET_CRYPTO_JWT_H
#define WALLET_CRYPTO_JWT_H

#include <stddef.h>
#include <stdint.h>

#define JWT_ISSUER "wallet"
#define JWT_AUDIENCE "wallet-api"

/* Shortest HMAC key accepted (256 bits; the contract's WALLET_JWT_SECRET minimum). */
#define JWT_MIN_KEY_BYTES 32
/* Longest token jwt_verify looks at, and a buffer size that always fits jwt_sign's output. */
#define JWT_MAX_TOKEN 2048
/* Buffer size of each string claim (sub, role, jti, iss, aud), NUL included. */
#define JWT_CLAIM_MAX 128
/* How far in the future an iat may lie (clock skew between servers), in seconds. */
#define JWT_IAT_LEEWAY 60

struct jwt_claims {
    char sub[JWT_CLAIM_MAX];  /* subject: the User.id */
    char role[JWT_CLAIM_MAX]; /* "USER" or "ADMIN" when issued */
    char jti[JWT_CLAIM_MAX];  /* unique token id */
    char iss[JWT_CLAIM_MAX];  /* filled by jwt_verify; jwt_sign always writes JWT_ISSUER */
    char aud[JWT_CLAIM_MAX];  /* filled by jwt_verify; jwt_sign always writes JWT_AUDIENCE */
    int64_t iat;              /* issued at, seconds since the Unix epoch */
    int64_t exp;              /* expires at, seconds since the Unix epoch */
};

/* Why a token was refused (for tests and debug logs; never shown to clients). */
enum jwt_reason {
    JWT_OK = 0,
    JWT_EKEY,         /* key shorter than JWT_MIN_KEY_BYTES */
    JWT_ETOO_LONG,    /* empty, or longer than JWT_MAX_TOKEN */
    JWT_ESEGMENTS,    /* not exactly three '.'-separated non-empty segments */
    JWT_EBASE64,      /* a segment is not unpadded base64url */
    JWT_EHEADER,      /* header not a JSON object, duplicate or unexpected keys, bad typ */
    JWT_EALG,         /* alg missing or anything but "HS256" */
    JWT_ESIGNATURE,   /* signature wrong or of the wrong size */
    JWT_EPAYLOAD,     /* payload not a JSON object, or duplicate keys */
    JWT_EISS,         /* iss missing or not JWT_ISSUER */
    JWT_EAUD,         /* aud missing, or neither JWT_AUDIENCE nor an array holding it */
    JWT_EEXP_MISSING, /* exp missing or not an integer */
    JWT_EEXPIRED,     /* exp <= now */
    JWT_EIAT,         /* iat missing, not an integer, after exp or more than the leeway ahead */
    JWT_ENBF,         /* nbf present and in the future, or not an integer */
    JWT_ECLAIM,       /* sub, role or jti missing, not a non-empty string, or too long */
};

/* A short stable name for a reason ("alg", "expired", ...), for logs. */
const char *jwt_reason_name(enum jwt_reason r);

/*
 * Signs claims (sub, role, jti, iat, exp; iss and aud are always JWT_ISSUER and
 * JWT_AUDIENCE) with key[0..key_len) into out (NUL-terminated), writing its length to
 * *out_len when out_len is not NULL. out_cap of JWT_MAX_TOKEN always suffices.
 * Returns 0; -1 (with out set to "" when out_cap > 0) when the key is shorter than
 * JWT_MIN_KEY_BYTES, a string claim is empty, unterminated or not UTF-8, exp <= iat, or out
 * is too small.
 */
int jwt_sign(const unsigned char *key,
             size_t key_len,
             const struct jwt_claims *claims,
             char *out,
             size_t out_cap,
             size_t *out_len);

/*
 * Verifies token[0..len) signed with key[0..key_len) at time now (seconds since the epoch):
 * strict header, HS256 signature in constant time, then claims (iss, aud, exp > now, iat
 * present and at most JWT_IAT_LEEWAY ahead of now and not after exp, nbf <= now if present,
 * sub/role/jti non-empty strings). On success fills *out and returns 0. On any failure returns
 * -1, leaves *out zeroed, and stores the reason in *why when why is not NULL.
 */
int jwt_verify(const unsigned char *key,
               size_t key_len,
               const char *token,
               size_t len,
               int64_t now,
               struct jwt_claims *out,
               enum jwt_reason *why);

#endif
