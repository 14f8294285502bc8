/*
 * Password hashing and password policy (CONTRACT.md §4 "Users and sign-in").
 *
 * Hashes are libsodium's crypto_pwhash_str strings (Argon2id, OPSLIMIT/MEMLIMIT INTERACTIVE:
 * ~70 ms and 64 MiB each), self-describing, stored as text. Because every hash or verify holds
 * 64 MiB for its duration, at most pw_set_max_concurrency() of them run at once in the whole
 * process (default PW_DEFAULT_CONCURRENCY); further callers wait their turn, so 50 logins at
 * once cost 4 x 64 MiB, not 3.2 GiB.
 *
 * Timing: a login for a name that does not exist must call pw_verify_dummy(), which spends the
 * same work as pw_verify(), so response time does not reveal which usernames exist.
 *
 * Every function is thread-safe. wallet_crypto_init() must have run.
 */
#ifndef WALLET_CRYPTO_PASSWORD_H
#define WALLET_CRYPTO_PASSWORD_H

#include <stddef.h>

/* Size of a hash string buffer, NUL included (= crypto_pwhash_STRBYTES). */
#define PW_HASH_MAX 128

/* Password length rules, in characters (Unicode code points of the UTF-8 text). */
#define PW_MIN_CHARS 10
#define PW_MAX_CHARS 128
/* Longest password, in bytes, that pw_hash and pw_verify accept (128 four-byte characters). */
#define PW_MAX_BYTES 512

/* Hashes allowed to run at once unless pw_set_max_concurrency says otherwise. */
#define PW_DEFAULT_CONCURRENCY 4

/*
 * Hashes password[0..len) into out (a NUL-terminated "$argon2id$..." string). The password
 * is not modified and may hold any bytes. Blocks while PW concurrency slots are all in use.
 * Returns 0, or -1 when len > PW_MAX_BYTES or memory for Argon2 cannot be had.
 */
int pw_hash(const char *password, size_t len, char out[PW_HASH_MAX]);

/*
 * Checks password[0..len) against a stored hash string (NUL-terminated, as pw_hash wrote it).
 * Returns 0 when it matches; -1 when it does not, or the hash is malformed, or
 * len > PW_MAX_BYTES. Costs one Argon2id computation with the hash's own parameters.
 */
int pw_verify(const char *hash, const char *password, size_t len);

/*
 * Spends the same work as pw_verify against a hash made with the current parameters, and
 * always returns -1. Call it when the username is unknown so that timing is the same either
 * way. The reference hash is computed once, on first use.
 */
int pw_verify_dummy(const char *password, size_t len);

/*
 * Says whether a stored hash should be replaced (after a successful pw_verify) because it was
 * made with other parameters or another algorithm: 1 yes, 0 no, -1 not a password hash.
 */
int pw_needs_rehash(const char *hash);

/*
 * Checks a new password against the policy: valid UTF-8 without control characters,
 * PW_MIN_CHARS..PW_MAX_CHARS characters, not containing the username (ignoring ASCII case;
 * skipped when username is NULL or empty), not one repeated character, and not a common
 * password nor a common password followed only by digits and symbols (ignoring ASCII case).
 * Returns 0 when acceptable; otherwise -1 with *reason set to a static English sentence fit
 * for a BAD_USER_INPUT message (it never quotes the password). reason may be NULL.
 */
int pw_policy_check(const char *username, const char *password, size_t len, const char **reason);

/*
 * Returns 1 when password[0..len) is on the embedded common-password list (ignoring ASCII
 * case), else 0.
 */
int pw_is_common(const char *password, size_t len);

/*
 * Sets how many hashes may run at once (n >= 1; 0 is taken as 1). Call at start-up; callers
 * already waiting are woken if the limit grows.
 */
void pw_set_max_concurrency(unsigned n);

/* Counters of the hashing gate, for metrics and tests. */
struct pw_stats {
    unsigned limit;               /* current maximum of concurrent hashes */
    unsigned in_flight;           /* hashes running now */
    unsigned waiting;             /* callers waiting for a slot now */
    unsigned peak;                /* highest in_flight seen since start (or pw_reset_peak) */
    unsigned long long completed; /* Argon2 computations finished since start */
};

/* Copies the current counters. */
void pw_get_stats(struct pw_stats *out);

/* Resets the peak counter to the current in_flight (tests). */
void pw_reset_peak(void);

#endif
