/*
 * Counters, a latency histogram and the Prometheus text rendering (see include/app/metrics.h).
 *
 * One mutex guards everything: every update is a handful of increments, far cheaper than the
 * request it describes, so a lock is simpler than sharded atomics and just as fast here.
 */
#include "app/metrics.h"

#include "core/strbuf.h"

#include <inttypes.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#define OP_MAX 64
#define ROUTE_MAX 16
#define STATUS_MAX 24

/* Upper bounds (seconds) of the latency histogram's buckets; +Inf is implicit. */
static const double latency_bounds[] = {
    0.001,
    0.0025,
    0.005,
    0.01,
    0.025,
    0.05,
    0.1,
    0.25,
    0.5,
    1,
    2.5,
    5,
    10,
};
#define NBOUNDS (sizeof(latency_bounds) / sizeof(latency_bounds[0]))

struct op_series {
    char op[OP_MAX + 1];
    int status;
    uint64_t count;
};

struct route_series {
    char route[ROUTE_MAX + 1];
    int status;
    uint64_t count;
};

struct transfer_series {
    char status[STATUS_MAX + 1];
    uint64_t count;
};

struct app_metrics {
    pthread_mutex_t lock;
    struct op_series ops[APP_METRICS_MAX_SERIES];
    size_t nops;
    struct route_series routes[64];
    size_t nroutes;
    struct transfer_series transfers[8];
    size_t ntransfers;
    uint64_t graphql_total;
    uint64_t latency_buckets[NBOUNDS]; /* non-cumulative; summed at render */
    uint64_t latency_count;
    double latency_sum;
    uint64_t rate_limited[APP_RL_KIND_COUNT];
    uint64_t chaos_errors;
    uint64_t chaos_delays;
    double chaos_delay_seconds;
};

struct app_metrics *
app_metrics_new(void)
{
    struct app_metrics *m = calloc(1, sizeof(*m));
    if (m == NULL)
        return NULL;
    pthread_mutex_init(&m->lock, NULL);
    return m;
}

void
app_metrics_free(struct app_metrics *m)
{
    if (m == NULL)
        return;
    pthread_mutex_destroy(&m->lock);
    free(m);
}

/* Copies a GraphQL name (/[_A-Za-z][_0-9A-Za-z]*\/, at most OP_MAX) or a placeholder. */
static void
label_operation(const char *op, char out[OP_MAX + 1])
{
    if (op == NULL || op[0] == '\0') {
        strcpy(out, "anonymous");
        return;
    }
    size_t n = strlen(op);
    bool ok = n <= OP_MAX && !(op[0] >= '0' && op[0] <= '9');
    for (size_t i = 0; ok && i < n; i++) {
        char c = op[i];
        ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
    }
    if (!ok) {
        strcpy(out, "invalid");
        return;
    }
    memcpy(out, op, n + 1);
}

/* Copies a label from a fixed vocabulary of upper-case or lower-case words. */
static void
label_word(const char *s, char *out, size_t max)
{
    size_t n = s ? strlen(s) : 0;
    bool ok = n > 0 && n <= max;
    for (size_t i = 0; ok && i < n; i++) {
        char c = s[i];
        ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
    }
    if (!ok) {
        strcpy(out, "other");
        return;
    }
    memcpy(out, s, n + 1);
}

/* Slots kept for operation="other", one per distinct status. */
#define OTHER_RESERVE 16

static size_t
find_op(const struct app_metrics *m, const char *op, int status)
{
    size_t i;
    for (i = 0; i < m->nops; i++)
        if (m->ops[i].status == status && strcmp(m->ops[i].op, op) == 0)
            break;
    return i;
}

void
app_metrics_graphql_request(struct app_metrics *m,
                            const char *operation,
                            int status,
                            double seconds)
{
    char op[OP_MAX + 1];
    label_operation(operation, op);
    if (seconds < 0)
        seconds = 0;
    pthread_mutex_lock(&m->lock);
    size_t i = find_op(m, op, status);
    if (i == m->nops && m->nops >= APP_METRICS_MAX_SERIES - OTHER_RESERVE) {
        strcpy(op, "other"); /* keep the last slots for "other" */
        i = find_op(m, op, status);
    }
    if (i == m->nops && m->nops < APP_METRICS_MAX_SERIES) {
        memcpy(m->ops[i].op, op, sizeof(op));
        m->ops[i].status = status;
        m->nops++;
    }
    if (i < m->nops)
        m->ops[i].count++;
    m->graphql_total++;
    size_t b;
    for (b = 0; b < NBOUNDS; b++)
        if (seconds <= latency_bounds[b])
            break;
    if (b < NBOUNDS)
        m->latency_buckets[b]++;
    m->latency_count++;
    m->latency_sum += seconds;
    pthread_mutex_unlock(&m->lock);
}

void
app_metrics_http_request(struct app_metrics *m, const char *route, int status)
{
    char r[ROUTE_MAX + 1];
    label_word(route, r, ROUTE_MAX);
    pthread_mutex_lock(&m->lock);
    size_t i;
    for (i = 0; i < m->nroutes; i++)
        if (m->routes[i].status == status && strcmp(m->routes[i].route, r) == 0)
            break;
    if (i == m->nroutes) {
        if (m->nroutes == sizeof(m->routes) / sizeof(m->routes[0])) {
            pthread_mutex_unlock(&m->lock);
            return;
        }
        m->nroutes++;
        memcpy(m->routes[i].route, r, sizeof(r));
        m->routes[i].status = status;
    }
    m->routes[i].count++;
    pthread_mutex_unlock(&m->lock);
}

void
app_metrics_transfer(struct app_metrics *m, const char *status)
{
    char s[STATUS_MAX + 1];
    label_word(status, s, STATUS_MAX);
    pthread_mutex_lock(&m->lock);
    size_t i;
    for (i = 0; i < m->ntransfers; i++)
        if (strcmp(m->transfers[i].status, s) == 0)
            break;
    if (i == m->ntransfers) {
        if (m->ntransfers == sizeof(m->transfers) / sizeof(m->transfers[0])) {
            pthread_mutex_unlock(&m->lock);
            return;
        }
        m->ntransfers++;
        memcpy(m->transfers[i].status, s, sizeof(s));
    }
    m->transfers[i].count++;
    pthread_mutex_unlock(&m->lock);
}

void
app_metrics_rate_limited(struct app_metrics *m, enum app_rl_kind kind)
{
    if ((unsigned)kind >= APP_RL_KIND_COUNT)
        return;
    pthread_mutex_lock(&m->lock);
    m->rate_limited[kind]++;
    pthread_mutex_unlock(&m->lock);
}

void
app_metrics_chaos_error(struct app_metrics *m)
{
    pthread_mutex_lock(&m->lock);
    m->chaos_errors++;
    pthread_mutex_unlock(&m->lock);
}

void
app_metrics_chaos_delay(struct app_metrics *m, unsigned delay_ms)
{
    pthread_mutex_lock(&m->lock);
    m->chaos_delays++;
    m->chaos_delay_seconds += delay_ms / 1000.0;
    pthread_mutex_unlock(&m->lock);
}

uint64_t
app_metrics_graphql_total(struct app_metrics *m)
{
    pthread_mutex_lock(&m->lock);
    uint64_t n = m->graphql_total;
    pthread_mutex_unlock(&m->lock);
    return n;
}

static void
help_type(struct strbuf *out, const char *name, const char *type, const char *help)
{
    strbuf_printf(out, "# HELP %s %s\n# TYPE %s %s\n", name, help, name, type);
}

static const char *const rl_kind_names[APP_RL_KIND_COUNT] = {"request", "login", "transfer"};

void
app_metrics_render(struct app_metrics *m, const struct app_metrics_gauges *g, struct strbuf *out)
{
    pthread_mutex_lock(&m->lock);

    help_type(out,
              "wallet_graphql_requests_total",
              "counter",
              "GraphQL requests by operation name and HTTP status.");
    for (size_t i = 0; i < m->nops; i++)
        strbuf_printf(out,
                      "wallet_graphql_requests_total{operation=\"%s\",status=\"%d\"} %" PRIu64 "\n",
                      m->ops[i].op,
                      m->ops[i].status,
                      m->ops[i].count);

    help_type(out,
              "wallet_graphql_request_duration_seconds",
              "histogram",
              "Time from request start to response, for /graphql.");
    uint64_t cumulative = 0;
    for (size_t b = 0; b < NBOUNDS; b++) {
        cumulative += m->latency_buckets[b];
        strbuf_printf(out,
                      "wallet_graphql_request_duration_seconds_bucket{le=\"%g\"} %" PRIu64 "\n",
                      latency_bounds[b],
                      cumulative);
    }
    strbuf_printf(out,
                  "wallet_graphql_request_duration_seconds_bucket{le=\"+Inf\"} %" PRIu64 "\n",
                  m->latency_count);
    strbuf_printf(out, "wallet_graphql_request_duration_seconds_sum %.6f\n", m->latency_sum);
    strbuf_printf(
        out, "wallet_graphql_request_duration_seconds_count %" PRIu64 "\n", m->latency_count);

    help_type(
        out, "wallet_http_requests_total", "counter", "Other HTTP requests by route and status.");
    for (size_t i = 0; i < m->nroutes; i++)
        strbuf_printf(out,
                      "wallet_http_requests_total{route=\"%s\",status=\"%d\"} %" PRIu64 "\n",
                      m->routes[i].route,
                      m->routes[i].status,
                      m->routes[i].count);

    help_type(out, "wallet_transfers_total", "counter", "Transfers by resulting status.");
    for (size_t i = 0; i < m->ntransfers; i++)
        strbuf_printf(out,
                      "wallet_transfers_total{status=\"%s\"} %" PRIu64 "\n",
                      m->transfers[i].status,
                      m->transfers[i].count);

    help_type(out,
              "wallet_rate_limited_total",
              "counter",
              "Requests or attempts refused by a rate limit, by limit.");
    for (int k = 0; k < APP_RL_KIND_COUNT; k++)
        strbuf_printf(out,
                      "wallet_rate_limited_total{limit=\"%s\"} %" PRIu64 "\n",
                      rl_kind_names[k],
                      m->rate_limited[k]);

    help_type(out,
              "wallet_chaos_injections_total",
              "counter",
              "Chaos mode injections: errors (503) and added delays.");
    strbuf_printf(
        out, "wallet_chaos_injections_total{kind=\"error\"} %" PRIu64 "\n", m->chaos_errors);
    strbuf_printf(
        out, "wallet_chaos_injections_total{kind=\"delay\"} %" PRIu64 "\n", m->chaos_delays);
    help_type(out, "wallet_chaos_delay_seconds_total", "counter", "Latency added by chaos mode.");
    strbuf_printf(out, "wallet_chaos_delay_seconds_total %.3f\n", m->chaos_delay_seconds);

    pthread_mutex_unlock(&m->lock);

    if (g != NULL) {
        help_type(out, "wallet_db_pool_size", "gauge", "Connections the pool may hold.");
        strbuf_printf(out, "wallet_db_pool_size %u\n", g->pool_size);
        help_type(out, "wallet_db_pool_open", "gauge", "Database connections open.");
        strbuf_printf(out, "wallet_db_pool_open %u\n", g->pool_open);
        help_type(out, "wallet_db_pool_in_use", "gauge", "Connections checked out by requests.");
        strbuf_printf(out, "wallet_db_pool_in_use %u\n", g->pool_in_use);
        help_type(out, "wallet_db_pool_waiting", "gauge", "Requests waiting for a connection.");
        strbuf_printf(out, "wallet_db_pool_waiting %u\n", g->pool_waiting);
        help_type(out,
                  "wallet_db_reconnects_total",
                  "counter",
                  "Database connections found broken and replaced.");
        strbuf_printf(out, "wallet_db_reconnects_total %" PRIu64 "\n", g->pool_reconnects);
        help_type(out,
                  "wallet_db_pool_timeouts_total",
                  "counter",
                  "Requests that could not get a database connection in time.");
        strbuf_printf(out, "wallet_db_pool_timeouts_total %" PRIu64 "\n", g->pool_timeouts);
        help_type(out,
                  "wallet_db_connect_failures_total",
                  "counter",
                  "New database connections the server refused.");
        strbuf_printf(
            out, "wallet_db_connect_failures_total %" PRIu64 "\n", g->pool_connect_failures);
        help_type(out, "wallet_chaos_enabled", "gauge", "1 while chaos mode is on.");
        strbuf_printf(out, "wallet_chaos_enabled %d\n", g->chaos_enabled ? 1 : 0);
        help_type(out, "wallet_uptime_seconds", "gauge", "Seconds since the server started.");
        strbuf_printf(out, "wallet_uptime_seconds %.3f\n", g->uptime_seconds);
    }
}
