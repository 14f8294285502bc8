/*
 * Process metrics, rendered for GET /metrics in the Prometheus text exposition format 0.0.4
 * (contract §2: requests by operation and status, a latency histogram, database pool use,
 * transfers by status, chaos injections, rate-limit rejections).
 *
 * Label values that come from requests are bounded: operation names are kept only when they
 * are GraphQL names of at most 64 characters, and at most APP_METRICS_MAX_SERIES distinct
 * (operation, status) pairs are tracked; the rest are counted under operation="other".
 * Every function is thread-safe.
 */
#ifndef WALLET_APP_METRICS_H
#define WALLET_APP_METRICS_H

#include "app/ratelimit.h"

#include <stddef.h>
#include <stdint.h>

struct strbuf;

#define APP_METRICS_MAX_SERIES 256

struct app_metrics;

/* Creates an empty set (NULL only on out of memory). */
struct app_metrics *app_metrics_new(void);
void app_metrics_free(struct app_metrics *m);

/*
 * Counts one /graphql request: operation is the executed operation's name (NULL or "" for
 * anonymous or none), status the HTTP status answered, seconds its duration.
 */
void app_metrics_graphql_request(struct app_metrics *m,
                                 const char *operation,
                                 int status,
                                 double seconds);

/* Counts one request to another route ("health", "ready", "metrics", "static", "graphiql"). */
void app_metrics_http_request(struct app_metrics *m, const char *route, int status);

/*
 * Counts a transfer that ended in status (the schema's TransferStatus name, e.g. "COMPLETED",
 * "PENDING_REVIEW", "REJECTED", or "FAILED" for one refused by a business rule). Called by
 * the transfer resolvers after their transaction commits (or is refused).
 */
void app_metrics_transfer(struct app_metrics *m, const char *status);

/* Counts a rejection by a rate limit of the given kind. */
void app_metrics_rate_limited(struct app_metrics *m, enum app_rl_kind kind);

/* Counts a chaos injection: an error (503) or an added delay of delay_ms. */
void app_metrics_chaos_error(struct app_metrics *m);
void app_metrics_chaos_delay(struct app_metrics *m, unsigned delay_ms);

/* Requests counted by app_metrics_graphql_request so far (Query.systemStatus.requestsTotal). */
uint64_t app_metrics_graphql_total(struct app_metrics *m);

/* Gauges sampled by the caller at render time. */
struct app_metrics_gauges {
    unsigned pool_size;             /* connections the pool may hold */
    unsigned pool_open;             /* connections currently open */
    unsigned pool_in_use;           /* checked out by requests */
    unsigned pool_waiting;          /* requests waiting for one */
    uint64_t pool_reconnects;       /* broken connections replaced (counter) */
    uint64_t pool_timeouts;         /* acquires that timed out (counter) */
    uint64_t pool_connect_failures; /* connections the database refused (counter) */
    int chaos_enabled;              /* 0/1 */
    double uptime_seconds;
};

/* Appends the whole exposition (HELP/TYPE lines, every series) to out. */
void
app_metrics_render(struct app_metrics *m, const struct app_metrics_gauges *g, struct strbuf *out);

#endif
