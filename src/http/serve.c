/*
 * `walletd serve` (contract §1): wires the schema, the resolvers, the database pool and the
 * process services to the HTTP service, serves until SIGTERM/SIGINT, then shuts down
 * gracefully and exits 0 (see include/http/service.h).
 */
#include "core/arena.h"
#include "crypto/init.h"
#include "gql/custom_scalars.h"
#include "gql/schema.h"
#include "internal.h"
#include "resolvers/system.h"

#include <signal.h>
#include <stdio.h>
#include <string.h>

/* The embedded SDL (schema/schema.graphql, library wallet_schema). */
extern const char wallet_schema_sdl[];
extern const unsigned long wallet_schema_sdl_len;

/* How long requests in flight may take to finish after a stop signal (contract §1). */
#define SHUTDOWN_GRACE_MS 10000

/* Logs the first errors of a list as one line each. */
static void
log_errors(const char *msg, const struct gql_error_list *errors)
{
    for (uint32_t i = 0; i < errors->count && i < 20; i++)
        http_log_event("error", NULL, msg, errors->items[i].message);
}

/* Builds the schema with its scalars, introspection switch and resolvers. */
static struct gql_schema *
build_schema(struct arena *pa, const struct http_serve_options *o)
{
    struct gql_error_list errors;
    gql_error_list_init(&errors, pa, NULL, 0);
    struct gql_schema *schema = NULL;
    if (gql_schema_build_from_sdl(pa, wallet_schema_sdl, wallet_schema_sdl_len, &schema, &errors) <
        0) {
        log_errors("the embedded schema does not build", &errors);
        return NULL;
    }
    gql_schema_set_introspection(schema, o->http.introspection);

    /* The registry attaches the scalars and binds everything, the system resolvers too. */
    int rc =
        o->bind_resolvers != NULL
            ? o->bind_resolvers(schema, &errors, o->bind_userdata)
            : (gql_schema_set_scalar(schema, "Money", &gql_scalars_decimal2, NULL, &errors) |
               gql_schema_set_scalar(schema, "DateTime", &gql_scalars_datetime, NULL, &errors) |
               gql_schema_set_scalar(schema, "Date", &gql_scalars_date, NULL, &errors) |
               res_system_register(schema, &errors));
    if (rc < 0) {
        log_errors("cannot bind resolvers", &errors);
        return NULL;
    }
    gql_error_list_clear(&errors);
    if (gql_schema_check_bindings(schema, &errors) < 0) {
        if (o->bind_resolvers != NULL) {
            /* With the resolver registry in place every field must be served. */
            log_errors("schema field without a resolver", &errors);
            return NULL;
        }
        char detail[64];
        snprintf(detail, sizeof(detail), "%u fields", errors.count);
        http_log_event(
            "warn", NULL, "no resolver registry linked: unbound fields resolve to null", detail);
    }
    return schema;
}

int
http_serve(const struct http_serve_options *o)
{
    /* Signals: blocked here, inherited by every thread started below, taken by sigwait. */
    sigset_t stop_signals;
    sigemptyset(&stop_signals);
    sigaddset(&stop_signals, SIGTERM);
    sigaddset(&stop_signals, SIGINT);
    pthread_sigmask(SIG_BLOCK, &stop_signals, NULL);
    signal(SIGPIPE, SIG_IGN);

    if (wallet_crypto_init() < 0) {
        http_log_event("error", NULL, "libsodium cannot be initialised", NULL);
        return 1;
    }

    int exit_code = 1;
    struct arena pa;
    arena_init(&pa, 256 * 1024);
    struct gql_schema *schema = build_schema(&pa, o);
    if (schema == NULL)
        goto out_free_arena;

    unsigned threads = o->http.threads ? o->http.threads : 8;
    struct db_pool_config pc = {
        .conninfo = o->database_url,
        .size = o->db_pool ? o->db_pool : threads,
        .acquire_timeout_ms = o->db_acquire_timeout_ms,
        .statement_timeout_ms = 5000,
        .application_name = "walletd",
    };
    struct db_pool *pool = db_pool_new(&pc);
    struct app_ratelimit_config rc = {
        .request_rps = o->rate_limit_rps,
        .login_per_minute = o->login_attempts_per_min,
        .transfer_per_minute = o->transfer_velocity,
    };
    struct app_ratelimit *rl = app_ratelimit_new(&rc);
    struct app_metrics *metrics = app_metrics_new();
    struct app_chaos *chaos = app_chaos_new();
    if (pool == NULL || rl == NULL || metrics == NULL || chaos == NULL) {
        http_log_event("error", NULL, "cannot create the process services", NULL);
        goto out_free_services;
    }
    if (o->chaos.enabled) {
        if (app_chaos_set(chaos, &o->chaos) < 0) {
            http_log_event("error", NULL, "WALLET_CHAOS must be errorRate:latencyMs", NULL);
            goto out_free_services;
        }
        char detail[64];
        snprintf(detail,
                 sizeof(detail),
                 "errorRate %.3g, latencyMs %u",
                 o->chaos.error_rate,
                 o->chaos.latency_ms);
        http_log_event("warn", NULL, "chaos mode is on", detail);
    }

    struct app_services svc = {
        .config = o->config,
        .pool = pool,
        .ratelimit = rl,
        .metrics = metrics,
        .chaos = chaos,
        .jwt_key = o->jwt_key,
        .jwt_key_len = o->jwt_key_len,
        .audit = o->audit,
        .production = o->http.production,
        .version = o->version ? o->version : "",
        .started_at_ms = app_ratelimit_now_ms(),
        .db_acquire_timeout_ms = o->db_acquire_timeout_ms,
        .seal = o->seal,
    };
    if (db_pool_ping(pool) != 0)
        http_log_event(
            "warn", NULL, "the database does not answer yet; /health/ready is 503", NULL);

    struct http_server *srv = NULL;
    if (http_service_start(&o->http, &svc, schema, &srv) < 0)
        goto out_free_services;
    char detail[64];
    snprintf(detail, sizeof(detail), "port %d", http_service_port(srv));
    http_log_event("info", NULL, "listening", detail);

    int sig = 0;
    while (sigwait(&stop_signals, &sig) != 0)
        ;
    http_log_event("info", NULL, "shutting down", sig == SIGINT ? "SIGINT" : "SIGTERM");
    if (http_service_stop(srv, SHUTDOWN_GRACE_MS) < 0) {
        /* Requests still running after the grace period: they end with the process. */
        http_log_event("warn", NULL, "stopped with requests still in flight", NULL);
        return 0;
    }
    db_pool_close(pool);
    http_log_event("info", NULL, "stopped", NULL);
    exit_code = 0;

out_free_services:
    if (pool != NULL)
        db_pool_free(pool);
    app_ratelimit_free(rl);
    app_metrics_free(metrics);
    app_chaos_free(chaos);
out_free_arena:
    arena_free(&pa);
    return exit_code;
}
