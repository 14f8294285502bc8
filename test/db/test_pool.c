/*
 * The database pool against a real PostgreSQL (WALLET_TEST_DATABASE_URL): bound and acquire
 * timeout, hand-over to a waiting thread, prepared statements per connection, transactions
 * rolled back on release, and replacement of connections the server killed (idle or in use),
 * the way a PostgreSQL restart kills them.
 */
/* cmocka.h needs these headers first. */
/* clang-format off */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
/* clang-format on */

#include "core/errors.h"
#include "db/pool.h"

#include <pthread.h>
#include <unistd.h>

static const char *db_url;

static const struct db_stmt stmt_pid = {"test_pool_pid", "SELECT pg_backend_pid()", 0, NULL};
static const struct db_stmt stmt_add = {"test_pool_add", "SELECT $1::int + $2::int", 2, NULL};

static struct db_pool *
make_pool(unsigned size, unsigned timeout_ms)
{
    struct db_pool_config cfg = {.conninfo = db_url,
                                 .size = size,
                                 .acquire_timeout_ms = timeout_ms,
                                 .statement_timeout_ms = 5000};
    struct db_pool *p = db_pool_new(&cfg);
    assert_non_null(p);
    return p;
}

static long
backend_pid(struct db_conn *c)
{
    PGresult *r = db_exec(c, &stmt_pid, NULL);
    assert_int_equal(db_result_check(c, r, PGRES_TUPLES_OK, NULL), 0);
    long pid = atol(PQgetvalue(r, 0, 0));
    PQclear(r);
    return pid;
}

/* Terminates a backend from a separate connection, as a server restart would. */
static void
terminate_backend(long pid)
{
    PGconn *admin = PQconnectdb(db_url);
    assert_int_equal(PQstatus(admin), CONNECTION_OK);
    char sql[96];
    snprintf(sql, sizeof(sql), "SELECT pg_terminate_backend(%ld)", pid);
    PGresult *r = PQexec(admin, sql);
    assert_int_equal(PQresultStatus(r), PGRES_TUPLES_OK);
    PQclear(r);
    /* Wait until the backend is really gone. */
    for (int i = 0; i < 200; i++) {
        snprintf(sql, sizeof(sql), "SELECT 1 FROM pg_stat_activity WHERE pid = %ld", pid);
        r = PQexec(admin, sql);
        int gone = PQntuples(r) == 0;
        PQclear(r);
        if (gone)
            break;
        usleep(10000);
    }
    PQfinish(admin);
}

static void
bound_and_timeout(void **state)
{
    (void)state;
    struct db_pool *p = make_pool(2, 100);
    struct db_conn *a, *b, *c;
    assert_int_equal(db_pool_acquire(p, 0, &a), 0);
    assert_int_equal(db_pool_acquire(p, 0, &b), 0);
    assert_ptr_not_equal(a, b);
    assert_int_equal(db_pool_acquire(p, 50, &c), -WALLET_ESERVICE_UNAVAILABLE);
    assert_null(c);
    struct db_pool_stats st;
    db_pool_get_stats(p, &st);
    assert_int_equal(st.size, 2);
    assert_int_equal(st.open, 2);
    assert_int_equal(st.in_use, 2);
    assert_int_equal(st.timeouts, 1);
    db_pool_release(p, a);
    assert_int_equal(db_pool_acquire(p, 50, &c), 0);
    assert_ptr_equal(c, a); /* reused, not reopened */
    db_pool_release(p, b);
    db_pool_release(p, c);
    db_pool_get_stats(p, &st);
    assert_int_equal(st.in_use, 0);
    assert_int_equal(st.open, 2);
    db_pool_free(p);
}

struct waiter {
    struct db_pool *pool;
    int rc;
    struct db_conn *got;
};

static void *
wait_for_conn(void *arg)
{
    struct waiter *w = arg;
    w->rc = db_pool_acquire(w->pool, 10000, &w->got);
    return NULL;
}

static void
release_wakes_a_waiter(void **state)
{
    (void)state;
    struct db_pool *p = make_pool(1, 100);
    struct db_conn *a;
    assert_int_equal(db_pool_acquire(p, 0, &a), 0);
    struct waiter w = {.pool = p, .rc = 1};
    pthread_t t;
    pthread_create(&t, NULL, wait_for_conn, &w);
    /* Release only once the other thread is waiting. */
    for (int i = 0; i < 1000; i++) {
        struct db_pool_stats st;
        db_pool_get_stats(p, &st);
        if (st.waiting == 1)
            break;
        usleep(1000);
    }
    db_pool_release(p, a);
    pthread_join(t, NULL);
    assert_int_equal(w.rc, 0);
    assert_ptr_equal(w.got, a);
    db_pool_release(p, w.got);
    db_pool_free(p);
}

static void
statements_are_prepared_once_per_connection(void **state)
{
    (void)state;
    struct db_pool *p = make_pool(1, 100);
    struct db_conn *c;
    assert_int_equal(db_pool_acquire(p, 0, &c), 0);
    for (int i = 0; i < 3; i++) {
        const char *params[] = {"40", "2"};
        PGresult *r = db_exec(c, &stmt_add, params);
        assert_int_equal(db_result_check(c, r, PGRES_TUPLES_OK, NULL), 0);
        assert_string_equal(PQgetvalue(r, 0, 0), "42");
        PQclear(r);
    }
    PGresult *r =
        db_exec_sql(c, "SELECT count(*) FROM pg_prepared_statements WHERE name = 'test_pool_add'");
    assert_int_equal(db_result_check(c, r, PGRES_TUPLES_OK, NULL), 0);
    assert_string_equal(PQgetvalue(r, 0, 0), "1");
    PQclear(r);
    /* An SQL error is internal, not a connection problem; the connection stays usable. */
    r = db_exec_sql(c, "SELECT 1/0");
    const char *sqlstate = NULL;
    assert_int_equal(db_result_check(c, r, PGRES_TUPLES_OK, &sqlstate),
                     -WALLET_EINTERNAL_SERVER_ERROR);
    assert_string_equal(sqlstate, "22012");
    PQclear(r);
    assert_false(db_conn_is_broken(c));
    db_pool_release(p, c);
    db_pool_free(p);
}

static void
open_transaction_is_rolled_back_on_release(void **state)
{
    (void)state;
    struct db_pool *p = make_pool(1, 100);
    struct db_conn *c;
    assert_int_equal(db_pool_acquire(p, 0, &c), 0);
    PGresult *r = db_exec_sql(c, "BEGIN");
    assert_int_equal(db_result_check(c, r, PGRES_COMMAND_OK, NULL), 0);
    PQclear(r);
    assert_int_equal(PQtransactionStatus(db_conn_pg(c)), PQTRANS_INTRANS);
    db_pool_release(p, c);
    assert_int_equal(db_pool_acquire(p, 0, &c), 0);
    assert_int_equal(PQtransactionStatus(db_conn_pg(c)), PQTRANS_IDLE);
    db_pool_release(p, c);
    db_pool_free(p);
}

static void
killed_idle_connection_is_replaced(void **state)
{
    (void)state;
    struct db_pool *p = make_pool(1, 100);
    struct db_conn *c;
    assert_int_equal(db_pool_acquire(p, 0, &c), 0);
    long pid = backend_pid(c);
    db_pool_release(p, c);
    terminate_backend(pid);
    /* The next request gets a working connection straight away. */
    assert_int_equal(db_pool_acquire(p, 0, &c), 0);
    long pid2 = backend_pid(c);
    assert_true(pid2 != pid);
    db_pool_release(p, c);
    struct db_pool_stats st;
    db_pool_get_stats(p, &st);
    assert_int_equal(st.reconnects, 1);
    db_pool_free(p);
}

static void
killed_busy_connection_fails_cleanly_then_recovers(void **state)
{
    (void)state;
    struct db_pool *p = make_pool(1, 100);
    struct db_conn *c;
    assert_int_equal(db_pool_acquire(p, 0, &c), 0);
    long pid = backend_pid(c);
    terminate_backend(pid);
    /* The request in flight: its next statement fails as SERVICE_UNAVAILABLE. */
    const char *params[] = {"1", "1"};
    PGresult *r = db_exec(c, &stmt_add, params);
    assert_int_equal(db_result_check(c, r, PGRES_TUPLES_OK, NULL), -WALLET_ESERVICE_UNAVAILABLE);
    PQclear(r);
    assert_true(db_conn_is_broken(c));
    db_pool_release(p, c);
    /* The next one works on a new connection, with its statements prepared afresh. */
    assert_int_equal(db_pool_acquire(p, 0, &c), 0);
    r = db_exec(c, &stmt_add, params);
    assert_int_equal(db_result_check(c, r, PGRES_TUPLES_OK, NULL), 0);
    assert_string_equal(PQgetvalue(r, 0, 0), "2");
    PQclear(r);
    db_pool_release(p, c);
    assert_int_equal(db_pool_ping(p), 0);
    db_pool_free(p);
}

static void
unreachable_database_is_unavailable(void **state)
{
    (void)state;
    /* Port 1 on loopback refuses at once. */
    struct db_pool_config cfg = {.conninfo = "postgresql://nobody@127.0.0.1:1/none", .size = 2};
    struct db_pool *p = db_pool_new(&cfg);
    struct db_conn *c;
    assert_int_equal(db_pool_acquire(p, 0, &c), -WALLET_ESERVICE_UNAVAILABLE);
    assert_int_equal(db_pool_ping(p), -1);
    struct db_pool_stats st;
    db_pool_get_stats(p, &st);
    assert_int_equal(st.open, 0);
    assert_int_equal(st.connect_failures, 1);
    db_pool_close(p);
    db_pool_free(p);
}

int
main(void)
{
    db_url = getenv("WALLET_TEST_DATABASE_URL");
    if (db_url == NULL || db_url[0] == '\0') {
        fprintf(stderr, "WALLET_TEST_DATABASE_URL is not set\n");
        return 1;
    }
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(bound_and_timeout),
        cmocka_unit_test(release_wakes_a_waiter),
        cmocka_unit_test(statements_are_prepared_once_per_connection),
        cmocka_unit_test(open_transaction_is_rolled_back_on_release),
        cmocka_unit_test(killed_idle_connection_is_replaced),
        cmocka_unit_test(killed_busy_connection_fails_cleanly_then_recovers),
        cmocka_unit_test(unreachable_database_is_unavailable),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
