/*
 * The request context: what every resolver gets as info->context (a struct app_request *),
 * and the process services it reaches through it (contract §2, issue 4 "Request context").
 *
 * The HTTP layer builds one app_request per request on the worker's stack, with the worker's
 * arena (reset after every request), the request id, the client IP, the Idempotency-Key
 * header, and the authenticated user when a valid Bearer token came with it (a bad token
 * never gets this far: the whole request is answered 401). A database connection is taken
 * from the pool only when a resolver first asks for one (app_request_db) and is handed back
 * by the HTTP layer when the request ends (app_request_finish), rolled back if a
 * transaction was left open.
 *
 * Resolvers use it like this:
 *
 *     static int
 *     res_account(const struct gql_resolve_info *info, struct gql_val *out)
 *     {
 *         struct app_request *r = app_request_of(info);
 *         int rc = app_require_user(info);             // UNAUTHENTICATED recorded
 *         if (rc < 0)
 *             return rc;
 *         struct db_conn *db;
 *         if ((rc = app_request_db(r, &db)) < 0)       // pool exhausted / database down
 *             return app_fail(info, rc);               // SERVICE_UNAVAILABLE
 *         PGresult *res = db_exec(db, &stmt_account, params);
 *         arena_defer(r->arena, (void (*)(void *))PQclear, res);
 *         if ((rc = app_db_check(r, res, PGRES_TUPLES_OK)) < 0)
 *             return app_fail(info, rc);               // never SQL in the message
 *         ...
 *     }
 *
 * Everything here is used by one worker thread at a time; the services are shared and
 * thread-safe.
 */
#ifndef WALLET_APP_REQUEST_H
#define WALLET_APP_REQUEST_H

#include "app/chaos.h"
#include "app/metrics.h"
#include "app/ratelimit.h"
#include "db/pool.h"
#include "gql/execute.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct arena;
struct wallet_config; /* core/config.h: every contract §1 setting */
struct seal_keyring;  /* crypto/seal.h: WALLET_SEAL_KEY (+ WALLET_SEAL_KEY_OLD) */
struct app_request;

/* Role and status of a user row (schema enums Role and UserStatus). */
enum app_role { APP_ROLE_USER = 0, APP_ROLE_ADMIN };
enum app_user_status { APP_USER_ACTIVE = 0, APP_USER_LOCKED, APP_USER_DISABLED };

/* The signed-in user, as loaded from the users row (not from the token alone). */
struct app_user {
    int64_t id;                  /* users.id */
    enum app_role role;          /* from the row: the token's role claim is ignored */
    enum app_user_status status; /* always ACTIVE for an authenticated request */
    char jti[128];               /* the access token's id, for audit details */
    int64_t token_iat;           /* when the access token was issued (epoch seconds) */
};

/*
 * Writes an audit entry for a request (contract §4 "Audit"): action such as "CHAOS_TOGGLE",
 * target_type/target_id may be NULL, details a JSON object text (no secrets, no identity
 * numbers). conn may be NULL to let the audit module use its own connection; when given, the
 * entry is written on it, inside whatever transaction is open there. Returns 0 or a negative
 * contract error. Installed by the audit module at start-up (app_services.audit); NULL until
 * one exists, in which case callers skip auditing.
 */
typedef int (*app_audit_fn)(struct app_request *r,
                            struct db_conn *conn,
                            const char *action,
                            const char *target_type,
                            const char *target_id,
                            const char *details_json);

/* Process-wide services, built at start-up and shared read-only (each is thread-safe). */
struct app_services {
    const struct wallet_config *config; /* parsed settings (core/config.h) */
    struct db_pool *pool;               /* database connections */
    struct app_ratelimit *ratelimit;    /* per-IP and per-user limits */
    struct app_metrics *metrics;        /* Prometheus counters */
    struct app_chaos *chaos;            /* chaos mode state */
    const unsigned char *jwt_key;       /* WALLET_JWT_SECRET bytes */
    size_t jwt_key_len;
    app_audit_fn audit;             /* audit writer, or NULL */
    bool production;                /* WALLET_ENV=production */
    const char *version;            /* walletd version string */
    int64_t started_at_ms;          /* CLOCK_MONOTONIC ms at start, for uptime */
    unsigned db_acquire_timeout_ms; /* 0 = the pool's default */
    /* Sealing keys for identity data, or NULL (the identity resolvers then answer
     * INTERNAL_SERVER_ERROR). */
    const struct seal_keyring *seal;
};

/* Per-request state. Fields above the line are read-only for resolvers. */
struct app_request {
    struct arena *arena;            /* request arena (tokens, AST, values, results) */
    const struct app_services *svc; /* process services */
    const char *request_id;         /* X-Request-ID: the client's safe one or a new one */
    const char *client_ip;          /* peer address as text */
    const char *idempotency_key;    /* Idempotency-Key header, or NULL when absent */
    bool authenticated;             /* a valid Bearer token was presented */
    struct app_user user;           /* valid when authenticated */
    bool is_get;                    /* the request came over HTTP GET (no mutations) */
    void *res_state;                /* the resolvers' per-request state (batch loaders, in
                                       the arena); NULL until they create it. Resolvers own
                                       it (resolvers/model.c). */
    /* -- private to src/app/request.c -- */
    struct db_conn *db;  /* acquired lazily */
    bool db_unavailable; /* the database failed this request: HTTP 503 */
};

/* The request context of a resolver call. */
static inline struct app_request *
app_request_of(const struct gql_resolve_info *info)
{
    return (struct app_request *)info->context;
}

/* Prepares r for one request (every field zeroed but the ones given). */
void app_request_init(struct app_request *r,
                      const struct app_services *svc,
                      struct arena *arena,
                      const char *request_id,
                      const char *client_ip);

/*
 * Ends the request: hands the database connection back to the pool (rolling back an open
 * transaction) and notes whether the database failed. Safe to call twice.
 */
void app_request_finish(struct app_request *r);

/*
 * The request's database connection, acquired from the pool on first use and kept until
 * app_request_finish. Returns 0 with *out set, or -WALLET_ESERVICE_UNAVAILABLE when the pool
 * had none within its timeout or the database refuses connections (the request is then
 * answered 503).
 */
int app_request_db(struct app_request *r, struct db_conn **out);

/*
 * db_result_check on the request's connection: 0 when res has status expect, else
 * -WALLET_ESERVICE_UNAVAILABLE (connection lost: the request will be answered 503) or
 * -WALLET_EINTERNAL_SERVER_ERROR. *sqlstate as in db_result_check (may be NULL).
 */
int app_db_check_state(struct app_request *r,
                       const PGresult *res,
                       ExecStatusType expect,
                       const char **sqlstate);
#define app_db_check(r, res, expect) app_db_check_state((r), (res), (expect), NULL)

/* Whether the database failed this request (the HTTP layer then answers 503). */
bool app_request_db_failed(const struct app_request *r);

/* Marks the request as failed by the database (e.g. after a failed pipeline). */
void app_request_set_db_failed(struct app_request *r);

/*---------------------------------------------------------------------------------------------
 * Resolver helpers: each records the error on the field (message from core/errors.h, code
 * from the contract) and returns GQL_RESOLVE_ERROR, or returns 0 when the check passes.
 *-------------------------------------------------------------------------------------------*/

/* Records contract error err (negative or positive enum wallet_err) with its default message. */
int app_fail(const struct gql_resolve_info *info, int err);

/* Signed in, or UNAUTHENTICATED. */
int app_require_user(const struct gql_resolve_info *info);

/* Signed in as ADMIN: UNAUTHENTICATED when anonymous, FORBIDDEN for a USER. */
int app_require_admin(const struct gql_resolve_info *info);

/*
 * Counts n units of a rate limit for this request: APP_RL_REQUEST and APP_RL_LOGIN are keyed
 * by client IP, APP_RL_TRANSFER by the signed-in user. Returns 0, or -WALLET_ERATE_LIMITED
 * (counted in metrics) with *retry_after_s set (may be NULL).
 */
int app_request_rate_limit(struct app_request *r,
                           enum app_rl_kind kind,
                           unsigned n,
                           int *retry_after_s);

#endif
