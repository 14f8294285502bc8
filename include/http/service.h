/*
 * The HTTP service of `walletd serve` (contract §2, issue 4): civetweb serving /graphql
 * (POST and GET, GraphQL over HTTP), /graphiql, /health, /health/ready, /metrics and the
 * dashboard from web/dist, with request ids, security headers, CORS, rate limits, chaos
 * mode, authentication, structured logs and metrics; and its graceful shutdown.
 *
 * Lifecycle: http_service_start() → requests are served on `threads` worker threads →
 * http_service_stop() stops accepting, lets requests in flight finish (bounded) and returns.
 * The services (pool, limiter, metrics, chaos, keys) and the schema belong to the caller and
 * must outlive the service.
 */
#ifndef WALLET_HTTP_SERVICE_H
#define WALLET_HTTP_SERVICE_H

#include "app/request.h"

#include <stdbool.h>
#include <stddef.h>

struct gql_schema;
struct http_server;

struct http_settings {
    const char *listen;          /* "host:port" (WALLET_LISTEN); port 0 picks a free port */
    unsigned threads;            /* worker threads (WALLET_THREADS); 0 = 8 */
    unsigned request_timeout_ms; /* civetweb request_timeout_ms; 0 = 3000 */
    const char *web_root;        /* the built dashboard (web/dist); NULL or missing: 404 */
    const char *cors_origins;    /* WALLET_CORS_ORIGINS, comma-separated; NULL = none */
    bool production;             /* WALLET_ENV=production: no suggestions */
    bool introspection;          /* __schema/__type allowed */
    bool graphiql;               /* /graphiql served */
    size_t max_body;             /* POST body cap; 0 = 1 MiB */
    unsigned doc_cache_entries;  /* parsed-document cache size; 0 = 512 */
};

/*
 * Starts serving. svc and schema must stay valid until http_service_stop() returns; the
 * schema must have its resolvers bound. Returns 0 with *out set, or -1 after logging why
 * (address in use, bad listen value, ...).
 */
int http_service_start(const struct http_settings *settings,
                       const struct app_services *svc,
                       const struct gql_schema *schema,
                       struct http_server **out);

/* The TCP port actually listened on (useful with port 0). */
int http_service_port(const struct http_server *srv);

/*
 * Graceful stop (contract §1): /health/ready starts answering 503, the listening socket is
 * closed, requests in flight get up to grace_ms to finish, then the worker threads are
 * joined and everything is freed. Returns 0 when every request finished in time, -1 when
 * some were still running at the deadline (the caller should exit anyway: the pool is not
 * closed under them then, and the process ends).
 */
int http_service_stop(struct http_server *srv, unsigned grace_ms);

/*---------------------------------------------------------------------------------------------
 * `walletd serve` as one call: everything the serve subcommand needs, from the configuration.
 *-------------------------------------------------------------------------------------------*/

struct gql_error_list;

/*
 * Binds the application's resolvers (the resolver registry) to the schema; returns 0, or -1
 * with errors appended. The system resolvers (systemStatus, setChaos) are bound by
 * http_serve itself.
 */
typedef int (*http_bind_fn)(struct gql_schema *schema, struct gql_error_list *errors, void *ud);

struct http_serve_options {
    struct http_settings http;
    const char *database_url;        /* WALLET_DATABASE_URL */
    unsigned db_pool;                /* WALLET_DB_POOL; 0 = http.threads */
    unsigned db_acquire_timeout_ms;  /* waiting for a pooled connection; 0 = 2000 */
    double rate_limit_rps;           /* WALLET_RATE_LIMIT_RPS; 0 = off */
    unsigned login_attempts_per_min; /* WALLET_LOGIN_ATTEMPTS_PER_MIN; 0 = off */
    unsigned transfer_velocity;      /* WALLET_TRANSFER_VELOCITY; 0 = off */
    struct app_chaos_settings chaos; /* WALLET_CHAOS; enabled = false: off */
    const unsigned char *jwt_key;    /* WALLET_JWT_SECRET bytes */
    size_t jwt_key_len;
    const char *version;                /* reported by systemStatus */
    const struct wallet_config *config; /* handed to resolvers through app_services */
    http_bind_fn bind_resolvers;        /* the resolver registry, or NULL before it exists */
    void *bind_userdata;
    app_audit_fn audit; /* the audit writer, or NULL */
    /* Sealing keys (app_services.seal), or NULL. */
    const struct seal_keyring *seal;
};

/*
 * Runs the service until SIGTERM or SIGINT: builds the embedded schema, binds resolvers
 * (strictly, every field, once bind_resolvers is given), opens the pool, starts civetweb,
 * logs "listening", waits for a signal, then stops gracefully (at most 10 s for requests in
 * flight), closes the pool and returns 0. Returns 1 after logging one clear line when it
 * cannot start. Must be called before any other thread exists (signals are blocked here so
 * the worker threads inherit the mask).
 */
int http_serve(const struct http_serve_options *o);

#endif
