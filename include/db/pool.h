/*
 * A bounded pool of PostgreSQL connections shared by the HTTP worker threads (issue 4
 * "Database pool"), with prepared statements per connection.
 *
 * - At most `size` connections exist (WALLET_DB_POOL, by default the worker count). They are
 *   opened on demand; a request that cannot get one within the acquire timeout gets
 *   -WALLET_ESERVICE_UNAVAILABLE, as does one that needs a new connection while the
 *   database refuses them.
 * - A broken connection is detected (PQstatus CONNECTION_BAD, a failed command with a
 *   connection-class SQLSTATE 08xxx or a server shutdown 57P0x, or an idle connection whose
 *   socket the server has closed) and replaced by a fresh one on a later acquire, so a
 *   PostgreSQL restart costs the requests in flight a clean SERVICE_UNAVAILABLE and nothing
 *   more: walletd never needs a restart.
 * - Statements are described once (struct db_stmt, usually a static const) and prepared
 *   lazily on each connection the first time it runs them (PQprepare), then run with
 *   PQexecPrepared. A connection remembers which statements it has prepared; a replaced
 *   connection starts empty.
 * - A connection handed back inside a transaction is rolled back; one left busy or in
 *   pipeline mode is closed.
 *
 * Thread-safety: the pool functions may be called from any thread; a struct db_conn is used
 * by one thread at a time (the one that acquired it), like the PGconn inside it.
 */
#ifndef WALLET_DB_POOL_H
#define WALLET_DB_POOL_H

#include <libpq-fe.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct db_pool_config {
    const char *conninfo;          /* libpq connection string or URI (WALLET_DATABASE_URL) */
    unsigned size;                 /* most connections open at once; 0 = 4 */
    unsigned acquire_timeout_ms;   /* wait for a free connection; 0 = 2000 */
    unsigned connect_timeout_s;    /* libpq connect_timeout unless the URL sets one; 0 = 3 */
    unsigned statement_timeout_ms; /* SET statement_timeout per session; 0 = server default */
    const char *application_name;  /* NULL = "walletd" */
};

/*
 * A prepared statement's description. name must be unique in the process (it is the
 * server-side statement name) and the struct must outlive the pool: declare it static const.
 * param_types may be NULL (the server infers them).
 */
struct db_stmt {
    const char *name;
    const char *sql;
    int nparams;
    const Oid *param_types;
};

struct db_pool;
struct db_conn;

struct db_pool_stats {
    unsigned size;             /* configured bound */
    unsigned open;             /* connections currently open */
    unsigned in_use;           /* checked out */
    unsigned waiting;          /* threads waiting in db_pool_acquire */
    uint64_t acquired;         /* successful acquires */
    uint64_t timeouts;         /* acquires that timed out */
    uint64_t reconnects;       /* broken connections closed for replacement */
    uint64_t connect_failures; /* new connections the server refused */
};

/*
 * Creates a pool (no connection is opened yet; see db_pool_ping for a start-up check).
 * The conninfo is copied. Returns NULL on out of memory or an empty conninfo.
 */
struct db_pool *db_pool_new(const struct db_pool_config *cfg);

/*
 * Closes every connection and frees the pool. Every connection must have been released
 * (call after the HTTP server has stopped). NULL is ignored.
 */
void db_pool_free(struct db_pool *pool);

/*
 * Checks out a connection, waiting up to timeout_ms (0 = the pool's acquire timeout).
 * Returns 0 with *out set, or -WALLET_ESERVICE_UNAVAILABLE when none became free in time,
 * a new one could not be opened, or the pool is closing.
 */
int db_pool_acquire(struct db_pool *pool, unsigned timeout_ms, struct db_conn **out);

/* Hands a connection back (NULL is ignored). Never fails. */
void db_pool_release(struct db_pool *pool, struct db_conn *conn);

/* Copies the counters and gauges. */
void db_pool_get_stats(struct db_pool *pool, struct db_pool_stats *out);

/*
 * Whether the database answers now: runs SELECT 1 on a connection reserved for this check
 * (so a busy pool does not make the service look down), reconnecting it when broken.
 * Returns 0 when it answered, -1 otherwise. For /health/ready and start-up.
 */
int db_pool_ping(struct db_pool *pool);

/* Refuses new acquires (waiters get SERVICE_UNAVAILABLE); used at shutdown. */
void db_pool_close(struct db_pool *pool);

/*---------------------------------------------------------------------------------------------
 * Using a connection
 *-------------------------------------------------------------------------------------------*/

/* The libpq connection, for what the helpers below do not cover (pipeline mode, COPY). */
PGconn *db_conn_pg(struct db_conn *conn);

/*
 * Prepares st on this connection unless it already is. Returns 0, or -1 on failure (the
 * connection is marked broken if the failure was a connection error). Call before
 * PQsendQueryPrepared in pipeline mode.
 */
int db_conn_prepare(struct db_conn *conn, const struct db_stmt *st);

/*
 * Runs st with text parameters params[0..st->nparams) (NULL entries are SQL NULL), preparing
 * it first on this connection if needed; results in text format. Returns the result, which
 * the caller PQclears (e.g. through arena_defer), or NULL when the statement could not be
 * sent (connection marked broken). Check it with db_result_check.
 */
PGresult *db_exec(struct db_conn *conn, const struct db_stmt *st, const char *const *params);

/* Runs a parameterless SQL text (BEGIN, COMMIT, ROLLBACK, SET ...). Same contract as db_exec. */
PGresult *db_exec_sql(struct db_conn *conn, const char *sql);

/*
 * Checks res (may be NULL) against the expected status (PGRES_TUPLES_OK, PGRES_COMMAND_OK).
 * Returns 0 when it matches. Otherwise returns
 *   -WALLET_ESERVICE_UNAVAILABLE for a lost connection (NULL result, CONNECTION_BAD,
 *     SQLSTATE class 08, 57P01-57P03), marking the connection broken so it is replaced;
 *   -WALLET_EINTERNAL_SERVER_ERROR for anything else.
 * *sqlstate (may be NULL) receives the five-character SQLSTATE or "" (static or owned by
 * res). Never logs; the message may contain SQL and must not reach clients.
 */
int db_result_check(struct db_conn *conn,
                    const PGresult *res,
                    ExecStatusType expect,
                    const char **sqlstate);

/* Whether a SQLSTATE means the connection is unusable (class 08, 57P01, 57P02, 57P03). */
bool db_sqlstate_is_connection_error(const char *sqlstate);

/* Marks the connection broken: it is closed instead of reused when released. */
void db_conn_mark_broken(struct db_conn *conn);

/* Whether the connection was found broken (by a check above or PQstatus). */
bool db_conn_is_broken(struct db_conn *conn);

#endif
