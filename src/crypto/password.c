/*
 * Password hashing (Argon2id through libsodium's crypto_pwhash_str), the concurrency gate that
 * bounds its memory, the unknown-user dummy verify, and the password policy
 * (include/crypto/password.h; CONTRACT.md §4 "Users and sign-in").
 */
#include "crypto/password.h"

#include "common_passwords.h"

#include <pthread.h>
#include <sodium.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

_Static_assert(PW_HASH_MAX == crypto_pwhash_STRBYTES, "PW_HASH_MAX must match libsodium");

#define PW_OPSLIMIT crypto_pwhash_OPSLIMIT_INTERACTIVE
#define PW_MEMLIMIT crypto_pwhash_MEMLIMIT_INTERACTIVE

/*-------------------------------------------------------------------------------------------
 * The hashing gate: a counting semaphore (mutex + condition variable, statically initialised
 * so it needs no set-up call) bounding concurrent Argon2 computations.
 *-----------------------------------------------------------------------------------------*/

static pthread_mutex_t gate_mu = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t gate_cv = PTHREAD_COND_INITIALIZER;
static unsigned gate_limit = PW_DEFAULT_CONCURRENCY; /* guarded by gate_mu */
static unsigned gate_in_flight;                      /* guarded by gate_mu */
static unsigned gate_waiting;                        /* guarded by gate_mu */
static unsigned gate_peak;                           /* guarded by gate_mu */
static unsigned long long gate_completed;            /* guarded by gate_mu */

static void
gate_enter(void)
{
    pthread_mutex_lock(&gate_mu);
    gate_waiting++;
    while (gate_in_flight >= gate_limit)
        pthread_cond_wait(&gate_cv, &gate_mu);
    gate_waiting--;
    gate_in_flight++;
    if (gate_in_flight > gate_peak)
        gate_peak = gate_in_flight;
    pthread_mutex_unlock(&gate_mu);
}

static void
gate_leave(void)
{
    pthread_mutex_lock(&gate_mu);
    gate_in_flight--;
    gate_completed++;
    pthread_cond_signal(&gate_cv);
    pthread_mutex_unlock(&gate_mu);
}

void
pw_set_max_concurrency(unsigned n)
{
    pthread_mutex_lock(&gate_mu);
    gate_limit = n ? n : 1;
    pthread_cond_broadcast(&gate_cv);
    pthread_mutex_unlock(&gate_mu);
}

void
pw_get_stats(struct pw_stats *out)
{
    pthread_mutex_lock(&gate_mu);
    out->limit = gate_limit;
    out->in_flight = gate_in_flight;
    out->waiting = gate_waiting;
    out->peak = gate_peak;
    out->completed = gate_completed;
    pthread_mutex_unlock(&gate_mu);
}

void
pw_reset_peak(void)
{
    pthread_mutex_lock(&gate_mu);
    gate_peak = gate_in_flight;
    pthread_mutex_unlock(&gate_mu);
}

/*-------------------------------------------------------------------------------------------
 * Hash and verify
 *-----------------------------------------------------------------------------------------*/

int
pw_hash(const char *password, size_t len, char out[PW_HASH_MAX])
{
    if (len > PW_MAX_BYTES)
        return -1;
    gate_enter();
    int rc = crypto_pwhash_str(out, password, (unsigned long long)len, PW_OPSLIMIT, PW_MEMLIMIT);
    gate_leave();
    return rc == 0 ? 0 : -1;
}

/* Copies a stored hash into a full-size, NUL-padded buffer as libsodium's API expects;
 * returns -1 when it is not a NUL-terminated string shorter than PW_HASH_MAX. */
static int
copy_hash(const char *hash, char buf[PW_HASH_MAX])
{
    if (hash == NULL)
        return -1;
    size_t n = strnlen(hash, PW_HASH_MAX);
    if (n == 0 || n == PW_HASH_MAX)
        return -1;
    memset(buf, 0, PW_HASH_MAX);
    memcpy(buf, hash, n);
    return 0;
}

int
pw_verify(const char *hash, const char *password, size_t len)
{
    char buf[PW_HASH_MAX];
    if (len > PW_MAX_BYTES || copy_hash(hash, buf) < 0)
        return -1;
    gate_enter();
    int rc = crypto_pwhash_str_verify(buf, password, (unsigned long long)len);
    gate_leave();
    return rc == 0 ? 0 : -1;
}

static pthread_once_t dummy_once = PTHREAD_ONCE_INIT;
static char dummy_hash[PW_HASH_MAX]; /* written once under dummy_once, then read-only */
static bool dummy_ready;             /* likewise */

static void
dummy_init(void)
{
    unsigned char secret[32];
    randombytes_buf(secret, sizeof(secret));
    dummy_ready = pw_hash((const char *)secret, sizeof(secret), dummy_hash) == 0;
    sodium_memzero(secret, sizeof(secret));
}

int
pw_verify_dummy(const char *password, size_t len)
{
    pthread_once(&dummy_once, dummy_init);
    if (len > PW_MAX_BYTES)
        return -1; /* pw_verify answers these at once too */
    if (dummy_ready) {
        (void)pw_verify(dummy_hash, password, len);
    } else {
        char scratch[PW_HASH_MAX];
        (void)pw_hash(password, len, scratch);
        sodium_memzero(scratch, sizeof(scratch));
    }
    return -1;
}

int
pw_needs_rehash(const char *hash)
{
    char buf[PW_HASH_MAX];
    if (copy_hash(hash, buf) < 0)
        return -1;
    if (strncmp(buf, crypto_pwhash_argon2id_STRPREFIX, strlen(crypto_pwhash_argon2id_STRPREFIX)) ==
        0) {
        int rc = crypto_pwhash_argon2id_str_needs_rehash(buf, PW_OPSLIMIT, PW_MEMLIMIT);
        return rc < 0 ? -1 : rc;
    }
    if (strncmp(buf, crypto_pwhash_argon2i_STRPREFIX, strlen(crypto_pwhash_argon2i_STRPREFIX)) == 0)
        return crypto_pwhash_argon2i_str_needs_rehash(buf, PW_OPSLIMIT, PW_MEMLIMIT) < 0 ? -1 : 1;
    return -1;
}

/*-------------------------------------------------------------------------------------------
 * Policy
 *-----------------------------------------------------------------------------------------*/

/*
 * Counts the code points of s[0..len) if it is well-formed UTF-8 (no overlong forms, no
 * surrogates, nothing above U+10FFFF); sets *control when it holds a C0/C1 control or DEL.
 * Returns -1 when malformed.
 */
static int
utf8_scan(const unsigned char *s, size_t len, size_t *chars, bool *control)
{
    size_t i = 0, n = 0;
    *control = false;
    while (i < len) {
        unsigned c = s[i];
        size_t need;
        unsigned lo = 0x80, hi = 0xBF, cp;
        if (c < 0x80) {
            if (c < 0x20 || c == 0x7F)
                *control = true;
            i++;
            n++;
            continue;
        } else if (c >= 0xC2 && c <= 0xDF) {
            need = 1;
            cp = c & 0x1F;
        } else if (c >= 0xE0 && c <= 0xEF) {
            need = 2;
            cp = c & 0x0F;
            if (c == 0xE0)
                lo = 0xA0; /* no overlong forms */
            if (c == 0xED)
                hi = 0x9F; /* no surrogates */
        } else if (c >= 0xF0 && c <= 0xF4) {
            need = 3;
            cp = c & 0x07;
            if (c == 0xF0)
                lo = 0x90;
            if (c == 0xF4)
                hi = 0x8F; /* nothing above U+10FFFF */
        } else {
            return -1;
        }
        if (len - i <= need)
            return -1;
        for (size_t k = 1; k <= need; k++) {
            unsigned cc = s[i + k];
            if (cc < (k == 1 ? lo : 0x80) || cc > (k == 1 ? hi : 0xBF))
                return -1;
            cp = (cp << 6) | (cc & 0x3F);
        }
        if (cp >= 0x80 && cp <= 0x9F)
            *control = true;
        i += need + 1;
        n++;
    }
    *chars = n;
    return 0;
}

static unsigned char
ascii_lower(unsigned char c)
{
    return (c >= 'A' && c <= 'Z') ? (unsigned char)(c - 'A' + 'a') : c;
}

static bool
ascii_alpha(unsigned char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

/* Whether needle occurs in hay, ignoring ASCII case. */
static bool
contains_ci(const unsigned char *hay, size_t hay_len, const unsigned char *needle, size_t n)
{
    if (n == 0 || n > hay_len)
        return false;
    for (size_t i = 0; i + n <= hay_len; i++) {
        size_t k = 0;
        while (k < n && ascii_lower(hay[i + k]) == ascii_lower(needle[k]))
            k++;
        if (k == n)
            return true;
    }
    return false;
}

static int
cmp_entry(const void *key, const void *elem)
{
    return strcmp((const char *)key, *(const char *const *)elem);
}

/* Looks up a lower-cased, NUL-terminated candidate in the sorted list. */
static bool
in_common_list(const char *lower)
{
    return bsearch(lower,
                   pw_common_passwords,
                   pw_common_passwords_count,
                   sizeof(pw_common_passwords[0]),
                   cmp_entry) != NULL;
}

int
pw_is_common(const char *password, size_t len)
{
    char lower[PW_MAX_BYTES + 1];
    if (len > PW_MAX_BYTES || memchr(password, '\0', len) != NULL)
        return 0;
    for (size_t i = 0; i < len; i++)
        lower[i] = (char)ascii_lower((unsigned char)password[i]);
    lower[len] = '\0';
    int common = in_common_list(lower);
    sodium_memzero(lower, sizeof(lower));
    return common;
}

/* Whether s is one character (one UTF-8 sequence) repeated. */
static bool
one_repeated_char(const unsigned char *s, size_t len)
{
    size_t step = s[0] < 0x80 ? 1 : s[0] < 0xE0 ? 2 : s[0] < 0xF0 ? 3 : 4;
    if (len % step != 0)
        return false;
    for (size_t i = step; i < len; i += step) {
        if (memcmp(s, s + i, step) != 0)
            return false;
    }
    return true;
}

/*
 * The common word inside decorations: strips leading and trailing ASCII bytes that are not
 * letters ("!!monkey1234" -> "monkey") and checks that core against the list.
 */
static bool
common_core(const unsigned char *s, size_t len)
{
    size_t start = 0, end = len;
    while (start < end && s[start] < 0x80 && !ascii_alpha(s[start]))
        start++;
    while (end > start && s[end - 1] < 0x80 && !ascii_alpha(s[end - 1]))
        end--;
    if (end - start < 4 || end - start == len)
        return false;
    return pw_is_common((const char *)s + start, end - start) != 0;
}

int
pw_policy_check(const char *username, const char *password, size_t len, const char **reason)
{
    const char *why = NULL;
    const unsigned char *p = (const unsigned char *)password;
    size_t chars = 0;
    bool control = false;

    if (password == NULL) {
        why = "Password is required";
    } else if (len > PW_MAX_BYTES) {
        why = "Password must be at most 128 characters";
    } else if (utf8_scan(p, len, &chars, &control) < 0) {
        why = "Password must be valid UTF-8 text";
    } else if (control) {
        why = "Password must not contain control characters";
    } else if (chars < PW_MIN_CHARS) {
        why = "Password must be at least 10 characters";
    } else if (chars > PW_MAX_CHARS) {
        why = "Password must be at most 128 characters";
    } else if (username != NULL &&
               contains_ci(p, len, (const unsigned char *)username, strlen(username))) {
        why = "Password must not contain the username";
    } else if (one_repeated_char(p, len)) {
        why = "Password must not be a single repeated character";
    } else if (pw_is_common(password, len) || common_core(p, len)) {
        why = "Password is too common; choose one that is harder to guess";
    }
    if (reason != NULL)
        *reason = why;
    return why == NULL ? 0 : -1;
}
