/*
 * The ledger's C function against a real PostgreSQL (src/app/ledger.c, no HTTP): what it
 * leaves on the connection whatever the outcome (no transaction, no pipeline), the answers
 * it gives for new, replayed, reused and refused requests, transfers in opposite directions
 * between the same accounts from several connections at once (locks taken in id order: none
 * fails), and transactions refused for concurrency under SERIALIZABLE, retried inside the
 * call: every call either records its whole movement or nothing, and the books balance.
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

#include "app/ledger.h"
#include "core/arena.h"
#include "core/errors.h"
#include "crypto/init.h"
#include "db/db.h"
#include "db/migrate.h"
#include "db/pool.h"
#include "support/testdb.h"

#include <pthread.h>
#include <time.h>

static char url[1024];
static PGconn *pg;
static struct db_pool *pool;
static long long admin_id, user_ids[2], account_ids[2];

static long long
value(const char *sql)
{
    return testdb_query_int(pg, sql);
}

static int
setup(void **state)
{
    (void)state;
    if (wallet_crypto_init() < 0 || testdb_create("ledger", url, sizeof(url)) < 0)
        return -1;
    struct db_migration_set set;
    char err[512];
    if (db_migrations_embedded(&set, err, sizeof(err)) < 0)
        return -1;
    pg = testdb_connect(url);
    int rc = db_migrate(pg, &set, NULL, err, sizeof(err));
    db_migrations_free(&set);
    if (rc < 0) {
        fprintf(stderr, "migrate: %s\n", err);
        return -1;
    }
    testdb_exec_ok(
        pg,
        "INSERT INTO users (username, email, display_name, password_hash, role) "
        "SELECT n, n || '@ledger.test', n, '$argon2id$v=19$m=65536,t=2,p=1$c2FsdA$aGFzaA', "
        "CASE WHEN n = 'ledger_admin' THEN 'ADMIN' ELSE 'USER' END "
        "FROM unnest(ARRAY['ledger_admin', 'ledger_a', 'ledger_b']) n");
    testdb_exec_ok(pg,
                   "INSERT INTO accounts (user_id, type, number) SELECT id, 'CHECKING', "
                   "lpad(id::text, 12, '5') FROM users WHERE username IN ('ledger_a', 'ledger_b')");
    admin_id = value("SELECT id FROM users WHERE username = 'ledger_admin'");
    user_ids[0] = value("SELECT id FROM users WHERE username = 'ledger_a'");
    user_ids[1] = value("SELECT id FROM users WHERE username = 'ledger_b'");
    char sql[256];
    for (int i = 0; i < 2; i++) {
        snprintf(sql, sizeof(sql), "SELECT id FROM accounts WHERE user_id = %lld", user_ids[i]);
        account_ids[i] = value(sql);
    }
    struct db_pool_config cfg = {.conninfo = url, .size = 4};
    pool = db_pool_new(&cfg);
    return pool != NULL ? 0 : -1;
}

static int
teardown(void **state)
{
    (void)state;
    db_pool_free(pool);
    PQfinish(pg);
    testdb_drop(url);
    return 0;
}

static long long
balance(int i)
{
    char sql[128];
    snprintf(sql, sizeof(sql), "SELECT balance FROM accounts WHERE id = %lld", account_ids[i]);
    return value(sql);
}

static void
books_balance(void)
{
    assert_int_equal(value("SELECT coalesce(sum(balance), 0) FROM accounts"), 0);
    assert_int_equal(value("SELECT count(*) FROM accounts a WHERE a.balance <> (SELECT "
                           "coalesce(sum(l.amount), 0) FROM ledger_entries l WHERE "
                           "l.account_id = a.id)"),
                     0);
}

static int
move(struct db_conn *conn,
     enum app_ledger_kind kind,
     int from,
     int to,
     int64_t amount,
     const char *key,
     struct app_ledger_transfer *out)
{
    struct arena a;
    arena_init(&a, 0);
    struct app_ledger_move m = {
        .kind = kind,
        .actor_id = kind == APP_LEDGER_DEPOSIT ? admin_id : user_ids[from],
        .from_account_id = kind == APP_LEDGER_DEPOSIT ? 0 : account_ids[from],
        .to_account_id = account_ids[to],
        .amount = amount,
        .idempotency_key = key,
    };
    struct app_ledger_transfer t;
    const char *why;
    int rc = app_ledger_move(conn, &a, &m, &t, &why);
    if (out != NULL && rc == 0) {
        *out = t;
        out->reference = NULL; /* arena strings die here */
        out->kind = NULL;
        out->status = NULL;
        out->currency = NULL;
        out->memo = NULL;
        out->review_reason = NULL;
    }
    arena_free(&a);
    return rc;
}

static void
assert_clean(struct db_conn *conn)
{
    PGconn *c = db_conn_pg(conn);
    assert_int_equal(PQtransactionStatus(c), PQTRANS_IDLE);
    assert_int_equal(PQpipelineStatus(c), PQ_PIPELINE_OFF);
    assert_false(db_conn_is_broken(conn));
    PGresult *r = db_exec_sql(conn, "SELECT 1");
    assert_int_equal(PQresultStatus(r), PGRES_TUPLES_OK);
    PQclear(r);
}

static void
outcomes_leave_the_connection_clean(void **state)
{
    (void)state;
    struct db_conn *conn;
    assert_int_equal(db_pool_acquire(pool, 0, &conn), 0);
    struct app_ledger_transfer t, again;
    assert_int_equal(move(conn, APP_LEDGER_DEPOSIT, 0, 0, 10000, "clean-dep", &t), 0);
    assert_false(t.replayed);
    assert_clean(conn);
    assert_int_equal(move(conn, APP_LEDGER_TRANSFER, 0, 1, 2500, "clean-1", &t), 0);
    assert_true(t.id > 0);
    assert_false(t.replayed);
    assert_int_equal(t.from_user_id, user_ids[0]);
    assert_int_equal(t.to_user_id, user_ids[1]);
    assert_clean(conn);
    /* Replay: the same transfer, nothing moved. */
    assert_int_equal(move(conn, APP_LEDGER_TRANSFER, 0, 1, 2500, "clean-1", &again), 0);
    assert_true(again.replayed);
    assert_int_equal(again.id, t.id);
    assert_int_equal(again.created_at_ms, t.created_at_ms);
    assert_clean(conn);
    /* The same key for a deposit by the same actor would be other input; for a transfer
     * of another amount too. */
    assert_int_equal(move(conn, APP_LEDGER_TRANSFER, 0, 1, 2501, "clean-1", NULL),
                     -WALLET_EIDEMPOTENCY_KEY_REUSED);
    assert_clean(conn);
    /* Refusals roll back, key included. */
    assert_int_equal(move(conn, APP_LEDGER_TRANSFER, 0, 1, 100000, "clean-2", NULL),
                     -WALLET_EINSUFFICIENT_FUNDS);
    assert_clean(conn);
    assert_int_equal(move(conn, APP_LEDGER_TRANSFER, 1, 0, 1, "clean-3", NULL), 0);
    char sql[160];
    snprintf(sql,
             sizeof(sql),
             "SELECT count(*) FROM idempotency_keys WHERE user_id = %lld AND key = 'clean-2'",
             user_ids[0]);
    assert_int_equal(value(sql), 0);
    assert_int_equal(balance(0), 10000 - 2500 + 1);
    assert_int_equal(balance(1), 2500 - 1);
    db_pool_release(pool, conn);
    books_balance();
}

/*---------------------------------------------------------------------------------------------
 * Several connections at once
 *-------------------------------------------------------------------------------------------*/

#define WORKERS 4
#define MOVES 100

struct worker {
    int index;
    bool serializable;
    int done;
    int unavailable;
    int other; /* any other outcome: a failure of the test */
};

static void *
work(void *arg)
{
    struct worker *k = arg;
    struct db_conn *conn;
    if (db_pool_acquire(pool, 10000, &conn) < 0) {
        k->other = MOVES;
        return NULL;
    }
    if (k->serializable) {
        PGresult *r = db_exec_sql(conn,
                                  "SET SESSION CHARACTERISTICS AS TRANSACTION ISOLATION LEVEL "
                                  "SERIALIZABLE");
        PQclear(r);
    }
    /* Even workers pay a -> b, odd ones b -> a: the same two rows, opposite directions. */
    int from = k->index % 2, to = 1 - from;
    for (int i = 0; i < MOVES; i++) {
        char key[48];
        snprintf(key, sizeof(key), "w%s-%d-%d", k->serializable ? "s" : "r", k->index, i);
        int rc = move(conn, APP_LEDGER_TRANSFER, from, to, 1, key, NULL);
        if (rc == 0)
            k->done++;
        else if (rc == -WALLET_ESERVICE_UNAVAILABLE)
            k->unavailable++;
        else
            k->other++;
    }
    if (k->serializable) {
        PGresult *r = db_exec_sql(conn,
                                  "SET SESSION CHARACTERISTICS AS TRANSACTION ISOLATION LEVEL "
                                  "READ COMMITTED");
        PQclear(r);
    }
    db_pool_release(pool, conn);
    return NULL;
}

static void
run_workers(bool serializable, struct worker ks[WORKERS])
{
    pthread_t ts[WORKERS];
    for (int i = 0; i < WORKERS; i++) {
        ks[i] = (struct worker){i, serializable, 0, 0, 0};
        pthread_create(&ts[i], NULL, work, &ks[i]);
    }
    for (int i = 0; i < WORKERS; i++)
        pthread_join(ts[i], NULL);
}

static long long
transfer_count(void)
{
    return value("SELECT count(*) FROM transfers WHERE kind = 'TRANSFER'");
}

static void
opposite_directions_never_fail(void **state)
{
    (void)state;
    long long before = transfer_count();
    long long a = balance(0), b = balance(1);
    struct worker ks[WORKERS];
    run_workers(false, ks);
    for (int i = 0; i < WORKERS; i++) {
        assert_int_equal(ks[i].done, MOVES);
        assert_int_equal(ks[i].other + ks[i].unavailable, 0);
    }
    /* As many paise went each way. */
    assert_int_equal(balance(0), a);
    assert_int_equal(balance(1), b);
    assert_int_equal(transfer_count(), before + WORKERS * MOVES);
    books_balance();
}

static void
serializable_load_records_whole_movements(void **state)
{
    (void)state;
    long long before = transfer_count();
    struct worker ks[WORKERS];
    run_workers(true, ks);
    int done = 0, unavailable = 0;
    for (int i = 0; i < WORKERS; i++) {
        assert_int_equal(ks[i].other, 0);
        done += ks[i].done;
        unavailable += ks[i].unavailable;
    }
    print_message("serializable: %d recorded, %d gave up after retries\n", done, unavailable);
    assert_true(done > 0);
    /* Exactly the recorded transfers exist: a refused attempt left nothing behind. */
    assert_int_equal(transfer_count(), before + done);
    books_balance();
}

/* One call on a SERIALIZABLE connection whose first attempt is sure to be refused. */
struct conflicted {
    struct db_conn *conn;
    int rc;
};

static void *
conflicted_call(void *arg)
{
    struct conflicted *c = arg;
    c->rc = move(c->conn, APP_LEDGER_TRANSFER, 0, 1, 1, "conflict-1", NULL);
    return NULL;
}

static void
serialization_failure_is_retried(void **state)
{
    (void)state;
    struct conflicted c = {NULL, -1};
    assert_int_equal(db_pool_acquire(pool, 0, &c.conn), 0);
    PGresult *r = db_exec_sql(c.conn,
                              "SET SESSION CHARACTERISTICS AS TRANSACTION ISOLATION LEVEL "
                              "SERIALIZABLE");
    assert_int_equal(PQresultStatus(r), PGRES_COMMAND_OK);
    PQclear(r);
    long long before = transfer_count();
    long long a = balance(0);
    /* Another transaction changes the source row and holds it... */
    PGconn *other = testdb_connect(url);
    char sql[160];
    snprintf(sql,
             sizeof(sql),
             "BEGIN; UPDATE accounts SET updated_at = now() WHERE id = %lld",
             account_ids[0]);
    testdb_exec_ok(other, sql);
    /* ...until the call, its snapshot taken, waits for the row lock... */
    pthread_t t;
    pthread_create(&t, NULL, conflicted_call, &c);
    for (int i = 0; i < 1000; i++) {
        long long waiting = value("SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = "
                                  "'Lock' AND datname = current_database()");
        if (waiting > 0)
            break;
        struct timespec ts = {0, 5000000};
        nanosleep(&ts, NULL);
    }
    /* ...so committing it makes that attempt fail with 40001; the call runs again. */
    testdb_exec_ok(other, "COMMIT");
    pthread_join(t, NULL);
    PQfinish(other);
    assert_int_equal(c.rc, 0);
    assert_int_equal(transfer_count(), before + 1);
    assert_int_equal(balance(0), a - 1);
    r = db_exec_sql(c.conn,
                    "SET SESSION CHARACTERISTICS AS TRANSACTION ISOLATION LEVEL READ COMMITTED");
    PQclear(r);
    db_pool_release(pool, c.conn);
    books_balance();
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(outcomes_leave_the_connection_clean),
        cmocka_unit_test(opposite_directions_never_fail),
        cmocka_unit_test(serializable_load_records_whole_movements),
        cmocka_unit_test(serialization_failure_is_retried),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
