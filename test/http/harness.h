/*
 * Test harness for the HTTP tests: a private throwaway PostgreSQL cluster, a real walletd
 * started as a child process on a free port, and a small raw-socket HTTP/1.1 client.
 *
 * Nothing here mocks anything: requests cross a real TCP connection to a real walletd that
 * talks to a real PostgreSQL. walletd's standard error (its JSON log) goes to a file the test
 * can read back (the log-secrets test greps it).
 */
#ifndef WALLET_TEST_HTTP_HARNESS_H
#define WALLET_TEST_HTTP_HARNESS_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

/*---------------------------------------------------------------------------------------------
 * PostgreSQL
 *-------------------------------------------------------------------------------------------*/

struct th_pg {
    char dir[256];   /* own cluster: its directory (data + socket); else a scratch folder */
    int port;        /* own cluster: its loopback port */
    char url[512];   /* connection string for WALLET_DATABASE_URL */
    bool shared;     /* a database in the test run's cluster (test/db.cmake), not our own */
    char dbname[64]; /* shared: the database created for this test */
    char admin[512]; /* shared: connection string of the cluster's maintenance database */
};

/*
 * A fresh database "wallet" to test against: in the test run's shared cluster when the
 * ctest fixture provides one (WALLET_TEST_DATABASE_URL), else in a cluster of our own.
 */
int th_pg_create(struct th_pg *pg);

/* initdb + start a cluster of our own on a free loopback port, with database "wallet". */
int th_pg_create_own(struct th_pg *pg);
/*
 * pg_ctl stop -m fast / start again on the same port (readiness and reconnect tests); only for
 * a cluster of our own (th_pg_create_own): -1 on a shared one.
 */
int th_pg_stop(struct th_pg *pg);
int th_pg_start(struct th_pg *pg);
/* Drops the database (shared), or stops the cluster and removes its directory (own). */
void th_pg_destroy(struct th_pg *pg);
/* Runs one SQL statement through psql against pg's database; 0 on success. */
int th_pg_sql(const struct th_pg *pg, const char *sql);

/* Runs sql and copies the first column of its first row into out; 0 on success. */
int th_pg_value(const struct th_pg *pg, const char *sql, char *out, size_t cap);

/*
 * Prepares the schema: `walletd migrate` when walletd can migrate, else a users table with
 * the columns the HTTP layer reads. 0 on success.
 */
int th_pg_schema(const struct th_pg *pg);

/* Inserts an ACTIVE user with role "USER" or "ADMIN"; returns its id, or -1. */
long th_pg_create_user(const struct th_pg *pg, const char *username, const char *role);

/*---------------------------------------------------------------------------------------------
 * walletd
 *-------------------------------------------------------------------------------------------*/

struct th_walletd {
    pid_t pid;
    int port;
    char log_path[300]; /* its standard error */
};

/*
 * Starts build/walletd serve with WALLET_DATABASE_URL=db_url, WALLET_LISTEN on a free port,
 * the extra environment entries env[] ("NAME=value", NULL-terminated, may be NULL), and
 * waits until GET /health answers (at most 15 s). Returns 0 or -1 (with a message on stderr).
 */
int th_walletd_start(struct th_walletd *w, const char *db_url, const char *const *env);

/* Sends SIGTERM and waits (at most timeout_ms) for the exit; returns the exit status, or -1. */
int th_walletd_stop(struct th_walletd *w, int timeout_ms);

/* Deletes walletd's log file (call when the test no longer needs it). */
void th_walletd_remove_log(struct th_walletd *w);

/* Reads walletd's log so far into a malloc'd NUL-terminated string (caller frees). */
char *th_walletd_log(const struct th_walletd *w);

/* Runs `build/walletd migrate` against db_url; 0 on success. */
int th_walletd_migrate(const char *db_url);

/* The walletd binary ($WALLET_WALLETD, else $WALLET_BUILD_DIR/walletd), or NULL if missing. */
const char *th_walletd_path(void);

/*---------------------------------------------------------------------------------------------
 * HTTP client
 *-------------------------------------------------------------------------------------------*/

#define TH_MAX_HEADERS 64

struct th_response {
    int status; /* 0 when no response came */
    int nheaders;
    char *names[TH_MAX_HEADERS];
    char *values[TH_MAX_HEADERS];
    char *body; /* NUL-terminated */
    size_t body_len;
    bool closed; /* the server closed the connection after the response */
    char *raw;   /* owns the strings above */
};

/* Frees a response's storage. */
void th_response_free(struct th_response *r);

/* The value of a header (case-insensitive name), or NULL. */
const char *th_header(const struct th_response *r, const char *name);

/* Opens a TCP connection to 127.0.0.1:port; returns the socket or -1. */
int th_connect(int port);

/* Writes all of buf; 0 or -1. */
int th_send_all(int fd, const void *buf, size_t len);

/* Reads one response from fd (Content-Length, chunked, or until close), at most timeout_ms. */
int th_read_response(int fd, struct th_response *out, int timeout_ms);

/*
 * One request on a fresh connection: method, path (with query string), extra header lines
 * ("Name: value\r\n" each, may be NULL), body (may be NULL). Adds Host, Content-Length when
 * there is a body, and Connection: close. Returns 0 with *out filled, or -1.
 */
int th_request(int port,
               const char *method,
               const char *path,
               const char *headers,
               const char *body,
               size_t body_len,
               struct th_response *out);

/* POST /graphql with Content-Type application/json, the given Accept (NULL: none) and body. */
int th_graphql(int port,
               const char *accept,
               const char *extra_headers,
               const char *body,
               struct th_response *out);

/*
 * Signs an HS256 access token for user id sub (role claim given) with secret, valid for
 * ttl_s seconds from now, into out (JWT_MAX_TOKEN bytes).
 */
void th_token(const char *secret, long sub, const char *role, long ttl_s, char *out);

/* Percent-encodes s for a query string into a malloc'd string. */
char *th_urlencode(const char *s);

#endif
