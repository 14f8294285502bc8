/*
 * The audit writer against a real PostgreSQL (src/app/audit.c, contract §4 "Audit"):
 * writers of different chains never wait for each other (one connection holds a chain's head
 * lock in an open transaction; another appends to a second chain under a short lock_timeout
 * and succeeds, while appending to the held chain times out), concurrent writers of one
 * chain never fork it, a rolled-back entry leaves no trace, the verifier catches a moved head,
 * and the details builder refuses secret-looking keys.
 */
/* cmocka.h needs these system headers before it. */
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

#include "app/audit.h"
#include "core/arena.h"
#include "db/migrate.h"
#include "support/testdb.h"

#include <pthread.h>

static char url[512];
static long users[3];

static int
setup(void **state)
{
    (void)state;
    if (testdb_create("audit_chains", url, sizeof(url)) < 0)
        return -1;
    PGconn *pg = PQconnectdb(url);
    if (PQstatus(pg) != CONNECTION_OK)
        return -1;
    struct db_migration_set set;
    char err[256];
    int rc = db_migrations_embedded(&set, err, sizeof(err));
    if (rc == 0) {
        rc = db_migrate(pg, &set, NULL, err, sizeof(err));
        db_migrations_free(&set);
    }
    if (rc < 0) {
        fprintf(stderr, "migrate: %s\n", err);
        PQfinish(pg);
        return -1;
    }
    for (int i = 0; i < 3; i++) {
        char sql[512];
        snprintf(sql,
                 sizeof(sql),
                 "INSERT INTO users (username, email, display_name, password_hash) VALUES "
                 "('auditor%d', 'auditor%d@example.com', 'A', '$argon2id$v=19$m=1,t=1,p=1$x$y') "
                 "RETURNING id",
                 i,
                 i);
        PGresult *r = PQexec(pg, sql);
        if (PQresultStatus(r) != PGRES_TUPLES_OK) {
            PQclear(r);
            PQfinish(pg);
            return -1;
        }
        users[i] = atol(PQgetvalue(r, 0, 0));
        PQclear(r);
    }
    PQfinish(pg);
    return 0;
}

static int
teardown(void **state)
{
    (void)state;
    return testdb_drop(url);
}

static int
append(PGconn *pg, long actor, const char *action)
{
    struct app_audit_entry e = {
        .actor_id = actor,
        .action = action,
        .target_type = "user",
        .target_id = "1",
        .request_id = "req-1",
        .ip = "127.0.0.1",
        .details = "{\"n\":1}",
    };
    return app_audit_append_pg(pg, &e, NULL);
}

static void
verify_ok(PGconn *pg)
{
    struct app_audit_verification v;
    assert_int_equal(app_audit_verify_pg(pg, &v), 0);
    assert_true(v.ok);
    assert_int_equal(v.first_broken_id, 0);
    assert_int_equal(v.checked, testdb_query_int(pg, "SELECT count(*) FROM audit_log"));
}

/* The premise of partitioned chains: a held chain head blocks its chain only. */
static void
independent_chains_do_not_wait(void **state)
{
    (void)state;
    PGconn *a = testdb_connect(url);
    PGconn *b = testdb_connect(url);
    testdb_exec_ok(b, "SET lock_timeout = '300ms'");
    /* Both chains exist already. */
    assert_int_equal(append(a, users[0], "SETUP"), 0);
    assert_int_equal(append(a, users[1], "SETUP"), 0);

    /* A appends to user 0's chain and keeps its transaction (and the head lock) open. */
    testdb_exec_ok(a, "BEGIN");
    assert_int_equal(append(a, users[0], "HELD"), 0);

    /* B writes to other chains without waiting: user 1's, a new one, and 'system'. */
    assert_int_equal(append(b, users[1], "FREE"), 0);
    assert_int_equal(append(b, users[2], "FREE"), 0);
    assert_int_equal(append(b, 0, "FREE"), 0);
    /* ...but a write to the held chain has to wait: here it times out. */
    assert_int_equal(append(b, users[0], "BLOCKED"), -1);
    char state6[6];
    testdb_exec_state(b, "ROLLBACK", state6);

    testdb_exec_ok(a, "COMMIT");
    assert_int_equal(append(b, users[0], "AFTER"), 0);
    assert_int_equal(testdb_query_int(b, "SELECT count(*) FROM audit_log WHERE action='BLOCKED'"),
                     0);
    verify_ok(b);
    PQfinish(a);
    PQfinish(b);
}

#define WRITERS 4
#define PER_WRITER 25

static void *
writer(void *arg)
{
    (void)arg;
    PGconn *pg = PQconnectdb(url);
    long failures = 0;
    for (int i = 0; i < PER_WRITER; i++) {
        /* Each entry inside a transaction that also does other work first. */
        PGresult *r = PQexec(pg, "BEGIN");
        PQclear(r);
        r = PQexec(pg, "SELECT pg_sleep(0.001)");
        PQclear(r);
        if (append(pg, users[2], "RACE") < 0)
            failures++;
        r = PQexec(pg, "COMMIT");
        if (PQresultStatus(r) != PGRES_COMMAND_OK)
            failures++;
        PQclear(r);
    }
    PQfinish(pg);
    return (void *)failures;
}

static void
concurrent_writers_never_fork(void **state)
{
    (void)state;
    PGconn *pg = testdb_connect(url);
    char sql[256];
    snprintf(sql, sizeof(sql), "SELECT count(*) FROM audit_log WHERE chain='user:%ld'", users[2]);
    long before = testdb_query_int(pg, sql);
    pthread_t t[WRITERS];
    for (int i = 0; i < WRITERS; i++)
        assert_int_equal(pthread_create(&t[i], NULL, writer, NULL), 0);
    for (int i = 0; i < WRITERS; i++) {
        void *failures;
        pthread_join(t[i], &failures);
        assert_int_equal((long)failures, 0);
    }
    long after = testdb_query_int(pg, sql);
    assert_int_equal(after - before, WRITERS * PER_WRITER);
    /* One chain: seq 1..n without gaps or duplicates, each linked to the one before. */
    snprintf(sql,
             sizeof(sql),
             "SELECT count(*) FROM audit_log a JOIN audit_log p ON p.chain = a.chain AND "
             "p.seq = a.seq - 1 WHERE a.chain = 'user:%ld' AND a.prev_hash = p.hash",
             users[2]);
    assert_int_equal(testdb_query_int(pg, sql), after - 1);
    snprintf(sql, sizeof(sql), "SELECT max(seq) FROM audit_log WHERE chain='user:%ld'", users[2]);
    assert_int_equal(testdb_query_int(pg, sql), after);
    verify_ok(pg);
    PQfinish(pg);
}

static void
rollback_leaves_no_trace(void **state)
{
    (void)state;
    PGconn *pg = testdb_connect(url);
    long entries = testdb_query_int(pg, "SELECT count(*) FROM audit_log");
    long heads = testdb_query_int(pg, "SELECT sum(seq) FROM audit_chain_heads");
    testdb_exec_ok(pg, "BEGIN");
    assert_int_equal(append(pg, users[1], "ROLLED_BACK"), 0);
    testdb_exec_ok(pg, "ROLLBACK");
    assert_int_equal(testdb_query_int(pg, "SELECT count(*) FROM audit_log"), entries);
    assert_int_equal(testdb_query_int(pg, "SELECT sum(seq) FROM audit_chain_heads"), heads);
    /* A malformed entry fails and leaves nothing either. */
    struct app_audit_entry bad = {.actor_id = users[1], .action = "BAD", .details = "[1,2]"};
    assert_int_equal(app_audit_append_pg(pg, &bad, NULL), -1);
    assert_int_equal(testdb_query_int(pg, "SELECT count(*) FROM audit_log"), entries);
    assert_int_equal(PQtransactionStatus(pg), PQTRANS_IDLE);
    verify_ok(pg);
    PQfinish(pg);
}

static void
verifier_catches_moved_head(void **state)
{
    (void)state;
    PGconn *pg = testdb_connect(url);
    char sql[256];
    snprintf(sql,
             sizeof(sql),
             "UPDATE audit_chain_heads SET seq = seq + 1 WHERE chain = 'user:%ld'",
             users[1]);
    testdb_exec_ok(pg, sql);
    struct app_audit_verification v;
    assert_int_equal(app_audit_verify_pg(pg, &v), 0);
    assert_false(v.ok);
    snprintf(sql, sizeof(sql), "SELECT max(id) FROM audit_log WHERE chain = 'user:%ld'", users[1]);
    assert_int_equal(v.first_broken_id, testdb_query_int(pg, sql));
    snprintf(sql,
             sizeof(sql),
             "UPDATE audit_chain_heads SET seq = seq - 1 WHERE chain = 'user:%ld'",
             users[1]);
    testdb_exec_ok(pg, sql);
    verify_ok(pg);
    PQfinish(pg);
}

static void
details_builder(void **state)
{
    (void)state;
    struct arena a;
    arena_init(&a, 0);
    struct app_audit_details d;
    app_audit_details_init(&d);
    app_audit_details_str(&d, "reason", "say \"hi\"\n");
    app_audit_details_int(&d, "amountMinor", -125);
    app_audit_details_bool(&d, "ok", true);
    app_audit_details_str(&d, "memo", NULL);
    assert_string_equal(app_audit_details_finish(&d, &a),
                        "{\"reason\":\"say \\\"hi\\\"\\n\",\"amountMinor\":-125,\"ok\":true,"
                        "\"memo\":null}");
    const char *secret_keys[] = {"password",
                                 "newPassword",
                                 "refreshToken",
                                 "accessToken",
                                 "aadhaar",
                                 "cvv",
                                 "cardNumber",
                                 "card_number",
                                 "documentNumber",
                                 "jwtSecret",
                                 "Authorization"};
    for (size_t i = 0; i < sizeof(secret_keys) / sizeof(secret_keys[0]); i++) {
        app_audit_details_init(&d);
        app_audit_details_str(&d, "fine", "x");
        app_audit_details_str(&d, secret_keys[i], "x");
        if (app_audit_details_finish(&d, &a) != NULL)
            fail_msg("key %s accepted", secret_keys[i]);
    }
    arena_free(&a);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(independent_chains_do_not_wait),
        cmocka_unit_test(concurrent_writers_never_fork),
        cmocka_unit_test(rollback_leaves_no_trace),
        cmocka_unit_test(verifier_catches_moved_head),
        cmocka_unit_test(details_builder),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
