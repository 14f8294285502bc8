/*
 * Test helpers for a real PostgreSQL: the throwaway cluster of this test run, and one fresh
 * database per test executable so tests running in parallel never see each other's rows.
 *
 * The cluster is started by the ctest fixture db.cluster_start (test/db.cmake, through
 * scripts/pg-local.sh) before any test labelled db or http, on a free loopback port, and
 * destroyed by db.cluster_stop afterwards. Its URL reaches the tests through
 * WALLET_TEST_DATABASE_URL when set, else the file $WALLET_BUILD_DIR/test-pg/database_url.
 */
#ifndef WALLET_TEST_SUPPORT_TESTDB_H
#define WALLET_TEST_SUPPORT_TESTDB_H

#include <libpq-fe.h>
#include <stddef.h>

/* The URL of the run's cluster (its `wallet` database), or NULL after printing why. */
const char *testdb_cluster_url(void);

/*
 * Creates an empty database named after prefix ([a-z0-9_], the process id and a counter
 * are appended) and writes its URL into url (cap bytes). Returns 0, or -1 after printing why.
 */
int testdb_create(const char *prefix, char *url, size_t cap);

/* Drops a database made by testdb_create (connections to it are terminated). 0 or -1. */
int testdb_drop(const char *url);

/* Connects to url or fails the current test. The caller PQfinishes it. */
PGconn *testdb_connect(const char *url);

/*
 * Runs sql (no parameters) and returns its SQLSTATE: "" when it succeeded, "?????" when no
 * server error code came back. state must hold 6 bytes.
 */
const char *testdb_exec_state(PGconn *pg, const char *sql, char state[6]);

/* Runs sql and fails the current test unless it succeeds. */
void testdb_exec_ok(PGconn *pg, const char *sql);

/* Runs a query returning one value and returns it as a number (fails the test otherwise). */
long long testdb_query_int(PGconn *pg, const char *sql);

#endif
