/*
 * Chaos mode (contract §4 "Chaos mode"): when on, a share `error_rate` of /graphql requests
 * fail with 503 SERVICE_UNAVAILABLE before anything takes effect, and requests are delayed by
 * up to `latency_ms`. Started from WALLET_CHAOS ("errorRate:latencyMs", e.g. "0.2:300") and
 * changed at run time by the ADMIN mutation setChaos. /health and /metrics are exempt (the
 * HTTP layer simply does not consult it there).
 *
 * The state is one small struct behind a mutex; reads and writes are thread-safe.
 */
#ifndef WALLET_APP_CHAOS_H
#define WALLET_APP_CHAOS_H

#include <stdbool.h>
#include <stdint.h>

/* Largest latency accepted (the HTTP layer cuts an injected delay short at shutdown). */
#define APP_CHAOS_MAX_LATENCY_MS 60000

struct app_chaos_settings {
    bool enabled;
    double error_rate;   /* 0.0 .. 1.0 */
    unsigned latency_ms; /* 0 .. APP_CHAOS_MAX_LATENCY_MS */
};

struct app_chaos;

/* Creates the state, off (NULL only on out of memory). */
struct app_chaos *app_chaos_new(void);
void app_chaos_free(struct app_chaos *c);

/*
 * Parses "errorRate:latencyMs" (rate a decimal in [0, 1], latency an integer in
 * [0, APP_CHAOS_MAX_LATENCY_MS]) into *out with enabled = true. Returns 0, or -1 when s is
 * malformed or out of range (*out untouched).
 */
int app_chaos_parse(const char *s, struct app_chaos_settings *out);

/*
 * Validates and applies settings. Returns 0, or -1 (state unchanged) when error_rate is not
 * within [0, 1] or latency_ms is above APP_CHAOS_MAX_LATENCY_MS.
 */
int app_chaos_set(struct app_chaos *c, const struct app_chaos_settings *s);

/* Copies the current settings. */
void app_chaos_get(struct app_chaos *c, struct app_chaos_settings *out);

/*
 * Rolls the dice for one request. Returns true when the request must fail with
 * SERVICE_UNAVAILABLE; *delay_ms (may be NULL) receives the latency to add before answering
 * (uniform in [0, latency_ms], 0 when chaos is off). Thread-safe.
 */
bool app_chaos_roll(struct app_chaos *c, unsigned *delay_ms);

/* Sleeps ms milliseconds (used for the injected latency). */
void app_chaos_sleep_ms(unsigned ms);

#endif
