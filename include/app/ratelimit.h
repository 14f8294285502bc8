/*
 * Rate limiting kept in this process's memory (contract §1, §3: "rate-limit counters may" live
 * in one process).
 *
 * Two kinds of limit, both keyed by a short string (a client IP, "user:42", ...):
 *
 *  - a token bucket for whole requests (APP_RL_REQUEST): `rps` tokens a second, at most
 *    `burst` (2 x rps) saved up; one request takes one token;
 *  - a sliding one-minute window for counted attempts (APP_RL_LOGIN per client IP,
 *    APP_RL_TRANSFER per user): at most `per_minute` attempts in any 60 seconds. A request
 *    that carries n attempts at once (100 aliased `login` fields) needs room for all n; when
 *    refused, none of them is counted.
 *
 * Entries live in a bounded table split into locked shards; when a shard is full, idle
 * entries (a full bucket, an empty window) are dropped first, then the least recently used.
 * All functions are thread-safe. Times are milliseconds of a monotonic clock passed in by the
 * caller (app_ratelimit_now_ms()), so tests can drive the clock.
 */
#ifndef WALLET_APP_RATELIMIT_H
#define WALLET_APP_RATELIMIT_H

#include <stddef.h>
#include <stdint.h>

enum app_rl_kind {
    APP_RL_REQUEST = 0, /* token bucket, per client IP, every /graphql request */
    APP_RL_LOGIN,       /* window, per client IP, root `login` fields */
    APP_RL_TRANSFER,    /* window, per user, transfers made */
    APP_RL_KIND_COUNT
};

/* Longest key stored; longer keys are truncated (an IPv6 address is at most 45 chars). */
#define APP_RL_KEY_MAX 63

/* Largest per-minute window kept exactly; larger settings are clamped to it. */
#define APP_RL_WINDOW_MAX 10000

struct app_ratelimit_config {
    double request_rps;           /* APP_RL_REQUEST rate; 0 = unlimited */
    double request_burst;         /* bucket size; 0 = 2 x request_rps */
    unsigned login_per_minute;    /* APP_RL_LOGIN; 0 = unlimited */
    unsigned transfer_per_minute; /* APP_RL_TRANSFER; 0 = unlimited */
    size_t max_entries;           /* table bound over all kinds; 0 = 65536 */
};

struct app_ratelimit;

/* Creates a limiter (malloc'd; NULL only on out of memory). */
struct app_ratelimit *app_ratelimit_new(const struct app_ratelimit_config *cfg);

/* Frees the limiter and every entry. NULL is ignored. */
void app_ratelimit_free(struct app_ratelimit *rl);

/* Milliseconds of CLOCK_MONOTONIC. */
int64_t app_ratelimit_now_ms(void);

/*
 * Takes n units of kind for key at time now_ms: one token per request for APP_RL_REQUEST,
 * n attempts for the window kinds. Returns 0 when allowed (and counted), or -1 when refused,
 * with *retry_after_s (may be NULL) set to the whole seconds, at least 1, after which the
 * same call could succeed (for n above the window's size: 60). A disabled kind always
 * allows. n = 0 allows without counting.
 */
int app_ratelimit_take(struct app_ratelimit *rl,
                       enum app_rl_kind kind,
                       const char *key,
                       unsigned n,
                       int64_t now_ms,
                       int *retry_after_s);

/* Whether kind is limited at all (its setting is not 0). */
int app_ratelimit_enabled(const struct app_ratelimit *rl, enum app_rl_kind kind);

/* Entries currently held (all kinds), for tests and metrics. */
size_t app_ratelimit_size(struct app_ratelimit *rl);

#endif
