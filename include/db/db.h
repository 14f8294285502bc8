/*
 * A thin, checked layer over libpq for code that holds a PGconn of its own: walletd's
 * command-line subcommands (migrate, create-admin, seed-demo), the readiness probe and tests.
 * The server's request path uses the connection pool (db/pool.h) instead.
 *
 * Every PGresult is checked against the status the caller expects; on failure the SQLSTATE,
 * the violated constraint and the server's message are copied into a struct db_error, and
 * the SQLSTATE is mapped to what the caller can do about it (enum db_fault). The message is
 * for logs and operators only: it may quote values from the statement and must never reach
 * an API client. Passwords in connection strings are never copied into errors.
 *
 * libpq's notices (e.g. "relation already exists, skipping") are logged at debug level
 * instead of being printed on standard error, so standard error stays one JSON object a line.
 */
#ifndef WALLET_DB_DB_H
#define WALLET_DB_DB_H

#include <libpq-fe.h>
#include <stdbool.h>
#include <stddef.h>

/* What a SQLSTATE means to the code that got it. */
enum db_fault {
    DB_FAULT_NONE = 0,
    DB_FAULT_CONNECTION,  /* class 08, 57P01-57P03, or no result: the connection is gone */
    DB_FAULT_RETRY,       /* 40001 serialization, 40P01 deadlock, 55P03 lock timeout: retry */
    DB_FAULT_UNIQUE,      /* 23505 unique_violation */
    DB_FAULT_FOREIGN_KEY, /* 23503 foreign_key_violation */
    DB_FAULT_CHECK,       /* 23514 check_violation (also the ledger's balance trigger) */
    DB_FAULT_NOT_NULL,    /* 23502 not_null_violation */
    DB_FAULT_REFUSED,     /* P0001 raise_exception, 42501 insufficient_privilege (append-only) */
    DB_FAULT_DATA,        /* class 22: a value of the wrong form or out of range */
    DB_FAULT_CANCELED,    /* 57014 query_canceled (statement_timeout) */
    DB_FAULT_OTHER,       /* anything else: a bug or an unexpected schema */
};

/* Detail of a failed call. */
struct db_error {
    enum db_fault fault;
    char sqlstate[6];    /* "23505", or "" without a server error */
    char constraint[64]; /* the violated constraint's name, or "" */
    char message[256];   /* server or libpq message: logs only, never clients */
};

/* Maps a SQLSTATE (NULL or "" = no server error) to a fault. */
enum db_fault db_sqlstate_fault(const char *sqlstate);

/* A stable lower-case name of a fault for logs ("unique", "check", ...). */
const char *db_fault_name(enum db_fault fault);

/* Whether conninfo is a connection string or URI libpq can parse (it connects nowhere). */
bool db_conninfo_valid(const char *conninfo);

/*
 * Opens a connection. connect_timeout_s (0 = 5) and application_name (NULL = "walletd") apply
 * unless conninfo sets them itself. Returns 0 with *out set, or -1 with err filled (*out NULL).
 * The caller closes it with PQfinish.
 */
int db_pg_connect(const char *conninfo,
                  int connect_timeout_s,
                  const char *application_name,
                  PGconn **out,
                  struct db_error *err);

/*
 * Checks res (NULL = the statement could not be sent) for status expect. Returns 0, or -1
 * with err filled (err may be NULL). Does not clear res.
 */
int db_pg_check(PGconn *pg, const PGresult *res, ExecStatusType expect, struct db_error *err);

/*
 * Runs SQL text without parameters (it may hold several statements; only the last one's
 * status is checked, and it must return no rows: PGRES_COMMAND_OK or an empty PGRES_TUPLES_OK
 * are both accepted). Returns 0 or -1 with err filled.
 */
int db_pg_run(PGconn *pg, const char *sql, struct db_error *err);

/*
 * Runs one statement with text parameters params[0..nparams) (NULL entries are SQL NULL) and
 * checks it for status expect. Returns the result, which the caller PQclears, or NULL with
 * err filled.
 */
PGresult *db_pg_query(PGconn *pg,
                      const char *sql,
                      int nparams,
                      const char *const *params,
                      ExecStatusType expect,
                      struct db_error *err);

/* BEGIN, COMMIT; 0 or -1 with err filled. */
int db_pg_begin(PGconn *pg, struct db_error *err);
int db_pg_commit(PGconn *pg, struct db_error *err);
/* ROLLBACK, ignoring failure (the connection may be gone). */
void db_pg_rollback(PGconn *pg);

#endif
