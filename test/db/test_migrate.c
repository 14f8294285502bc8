/*
 * `walletd migrate` and the first migration against a real PostgreSQL (the run's throwaway
 * cluster, one fresh database per scenario): all migrations apply; running twice, or two
 * migrators at once (threads with their own connections, and two walletd processes), leaves
 * one schema; a changed or unknown migration is refused; a failing one leaves nothing; and
 * the schema itself refuses the bad states CONTRACT.md §4 rules out.
 */
/* clang-format off */
#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cmocka.h>
/* clang-format on */

#include "db/db.h"
#include "db/migrate.h"
#include "support/testdb.h"

/* Every table the first migration creates, and the migrator's own. */
static const char *const expected_tables[] = {
    "users",
    "refresh_tokens",
    "accounts",
    "transfers",
    "ledger_entries",
    "idempotency_keys",
    "kyc_profiles",
    "cards",
    "audit_log",
    "audit_chain_heads",
    "schema_migrations",
    "ledger_subscribers", /* 0002_ledger_notify.sql: users served by subscriptions */
};
#define NTABLES (sizeof(expected_tables) / sizeof(expected_tables[0]))

static char migrated_url[1024]; /* the database the constraint tests use */

static long long
count_public_tables(PGconn *pg)
{
    return testdb_query_int(pg, "SELECT count(*) FROM pg_tables WHERE schemaname = 'public'");
}

static long long
count_objects(PGconn *pg)
{
    /* Tables, indexes, sequences, functions and triggers of the public schema. */
    return testdb_query_int(pg,
                            "SELECT (SELECT count(*) FROM pg_class c JOIN pg_namespace n ON "
                            "n.oid = c.relnamespace WHERE n.nspname = 'public') + (SELECT "
                            "count(*) FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid "
                            "JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = "
                            "'public' AND NOT t.tgisinternal) + (SELECT count(*) FROM pg_proc p "
                            "JOIN pg_namespace n ON n.oid = p.pronamespace WHERE n.nspname = "
                            "'public')");
}

static int
migrate_url(const char *url, struct db_migrate_result *result, char *err, size_t errlen)
{
    struct db_migration_set set;
    if (db_migrations_embedded(&set, err, errlen) < 0)
        return -1;
    PGconn *pg = NULL;
    struct db_error e;
    int rc = -1;
    if (db_pg_connect(url, 10, "test_migrate", &pg, &e) < 0) {
        snprintf(err, errlen, "connect: %s", e.message);
    } else {
        rc = db_migrate(pg, &set, result, err, errlen);
    }
    PQfinish(pg);
    db_migrations_free(&set);
    return rc;
}

static size_t
embedded_count(void)
{
    struct db_migration_set set;
    char err[256];
    assert_int_equal(db_migrations_embedded(&set, err, sizeof(err)), 0);
    size_t n = set.count;
    db_migrations_free(&set);
    return n;
}

static void
assert_one_schema(PGconn *pg)
{
    assert_int_equal(testdb_query_int(pg, "SELECT count(*) FROM schema_migrations"),
                     (long long)embedded_count());
    for (size_t i = 0; i < NTABLES; i++) {
        char sql[200];
        snprintf(sql,
                 sizeof(sql),
                 "SELECT count(*) FROM pg_tables WHERE schemaname = 'public' AND tablename = '%s'",
                 expected_tables[i]);
        if (testdb_query_int(pg, sql) != 1)
            fail_msg("table %s missing", expected_tables[i]);
    }
    assert_int_equal(count_public_tables(pg), (long long)NTABLES);
    /* The bank's own accounts exist exactly once. */
    assert_int_equal(testdb_query_int(pg,
                                      "SELECT count(*) FROM accounts WHERE system_role IN "
                                      "('FUNDING', 'SUSPENSE') AND user_id IS NULL"),
                     2);
}

/*---------------------------------------------------------------------------------------------
 * Migrating
 *-------------------------------------------------------------------------------------------*/

static void
embedded_names_are_ordered(void **state)
{
    (void)state;
    struct db_migration_set set;
    char err[256];
    assert_int_equal(db_migrations_embedded(&set, err, sizeof(err)), 0);
    assert_true(set.count >= 1);
    assert_string_equal(set.items[0].name, "0001_init.sql");
    assert_int_equal(set.items[0].version, 1);
    for (size_t i = 1; i < set.count; i++)
        assert_true(set.items[i].version > set.items[i - 1].version);
    db_migrations_free(&set);

    assert_int_equal(db_migration_version("0001_init.sql"), 1);
    assert_int_equal(db_migration_version("0042_add-cards.v2.sql"), 42);
    assert_int_equal(db_migration_version("init.sql"), -1);
    assert_int_equal(db_migration_version("0001init.sql"), -1);
    assert_int_equal(db_migration_version("0001_init.txt"), -1);
    assert_int_equal(db_migration_version("0001_in it.sql"), -1);
    assert_int_equal(db_migration_version("0000_zero.sql"), -1);
}

static void
migrate_applies_all_then_nothing(void **state)
{
    (void)state;
    char err[1024];
    struct db_migrate_result r;
    assert_int_equal(testdb_create("migrate", migrated_url, sizeof(migrated_url)), 0);

    if (migrate_url(migrated_url, &r, err, sizeof(err)) < 0)
        fail_msg("first migrate: %s", err);
    assert_int_equal(r.applied, embedded_count());
    assert_int_equal(r.already, 0);

    PGconn *pg = testdb_connect(migrated_url);
    assert_one_schema(pg);
    long long objects = count_objects(pg);

    if (migrate_url(migrated_url, &r, err, sizeof(err)) < 0)
        fail_msg("second migrate: %s", err);
    assert_int_equal(r.applied, 0);
    assert_int_equal(r.already, embedded_count());
    assert_one_schema(pg);
    assert_int_equal(count_objects(pg), objects);
    PQfinish(pg);
}

struct racer {
    const char *url;
    pthread_barrier_t *start;
    int rc;
    struct db_migrate_result result;
    char err[1024];
};

static void *
race_migrate(void *arg)
{
    struct racer *r = arg;
    pthread_barrier_wait(r->start);
    r->rc = migrate_url(r->url, &r->result, r->err, sizeof(r->err));
    return NULL;
}

static void
two_migrators_at_once_leave_one_schema(void **state)
{
    (void)state;
    char url[1024];
    assert_int_equal(testdb_create("migrate_race", url, sizeof(url)), 0);
    pthread_barrier_t start;
    pthread_barrier_init(&start, NULL, 2);
    struct racer a = {.url = url, .start = &start}, b = {.url = url, .start = &start};
    pthread_t ta, tb;
    assert_int_equal(pthread_create(&ta, NULL, race_migrate, &a), 0);
    assert_int_equal(pthread_create(&tb, NULL, race_migrate, &b), 0);
    pthread_join(ta, NULL);
    pthread_join(tb, NULL);
    pthread_barrier_destroy(&start);
    if (a.rc != 0 || b.rc != 0)
        fail_msg("migrators failed: [%s] [%s]", a.err, b.err);
    /* Exactly one of them applied everything; the other found it done. */
    assert_int_equal(a.result.applied + b.result.applied, embedded_count());
    assert_true(a.result.applied == 0 || b.result.applied == 0);

    PGconn *pg = testdb_connect(url);
    assert_one_schema(pg);
    PQfinish(pg);
    testdb_drop(url);
}

/* Runs `walletd migrate` against url in a child process; returns its pid. */
static pid_t
spawn_walletd_migrate(const char *walletd, const char *url)
{
    pid_t pid = fork();
    if (pid == 0) {
        setenv("WALLET_DATABASE_URL", url, 1);
        unsetenv("WALLET_MIGRATIONS_DIR");
        unsetenv("WALLET_ENV");
        execl(walletd, walletd, "migrate", (char *)NULL);
        _exit(127);
    }
    return pid;
}

static void
two_walletd_processes_at_once_leave_one_schema(void **state)
{
    (void)state;
    const char *build = getenv("WALLET_BUILD_DIR");
    char walletd[1024];
    snprintf(walletd, sizeof(walletd), "%s/walletd", build ? build : ".");
    if (access(walletd, X_OK) != 0)
        fail_msg("%s is not built", walletd);
    char url[1024];
    assert_int_equal(testdb_create("migrate_procs", url, sizeof(url)), 0);
    pid_t p1 = spawn_walletd_migrate(walletd, url);
    pid_t p2 = spawn_walletd_migrate(walletd, url);
    assert_true(p1 > 0 && p2 > 0);
    int s1 = 0, s2 = 0;
    assert_int_equal(waitpid(p1, &s1, 0), p1);
    assert_int_equal(waitpid(p2, &s2, 0), p2);
    assert_true(WIFEXITED(s1) && WEXITSTATUS(s1) == 0);
    assert_true(WIFEXITED(s2) && WEXITSTATUS(s2) == 0);
    PGconn *pg = testdb_connect(url);
    assert_one_schema(pg);
    PQfinish(pg);
    testdb_drop(url);
}

static int
migrate_custom(const char *url,
               struct db_migration *items,
               size_t n,
               struct db_migrate_result *r,
               char *err,
               size_t errlen)
{
    struct db_migration_set set;
    if (db_migrations_from(items, n, &set, err, errlen) < 0)
        return -1;
    PGconn *pg = testdb_connect(url);
    int rc = db_migrate(pg, &set, r, err, errlen);
    PQfinish(pg);
    db_migrations_free(&set);
    return rc;
}

static void
changed_unknown_and_failing_migrations_are_refused(void **state)
{
    (void)state;
    char url[1024], err[1024];
    struct db_migrate_result r;
    assert_int_equal(testdb_create("migrate_guard", url, sizeof(url)), 0);

    struct db_migration first[] = {
        {0, "0002_second.sql", "CREATE TABLE second_t (x int)", 0},
        {0, "0001_first.sql", "CREATE TABLE first_t (x int)", 0},
    };
    if (migrate_custom(url, first, 2, &r, err, sizeof(err)) < 0)
        fail_msg("%s", err);
    assert_int_equal(r.applied, 2);
    assert_int_equal(r.latest_version, 2);

    /* The same file with other contents: refused, nothing applied. */
    struct db_migration changed[] = {
        {0, "0001_first.sql", "CREATE TABLE first_t (x bigint)", 0},
        {0, "0002_second.sql", "CREATE TABLE second_t (x int)", 0},
        {0, "0003_third.sql", "CREATE TABLE third_t (x int)", 0},
    };
    assert_int_equal(migrate_custom(url, changed, 3, &r, err, sizeof(err)), -1);
    assert_non_null(strstr(err, "0001_first.sql was changed"));

    /* A binary that does not know an applied version: refused. */
    struct db_migration older[] = {
        {0, "0001_first.sql", "CREATE TABLE first_t (x int)", 0},
    };
    assert_int_equal(migrate_custom(url, older, 1, &r, err, sizeof(err)), -1);
    assert_non_null(strstr(err, "does not know"));

    /* A migration that fails half-way leaves nothing of itself behind. */
    struct db_migration failing[] = {
        {0, "0001_first.sql", "CREATE TABLE first_t (x int)", 0},
        {0, "0002_second.sql", "CREATE TABLE second_t (x int)", 0},
        {0, "0003_broken.sql", "CREATE TABLE third_t (x int); SELECT 1 / 0", 0},
    };
    assert_int_equal(migrate_custom(url, failing, 3, &r, err, sizeof(err)), -1);
    assert_non_null(strstr(err, "0003_broken.sql failed"));
    assert_non_null(strstr(err, "22012")); /* division_by_zero */

    PGconn *pg = testdb_connect(url);
    assert_int_equal(testdb_query_int(pg, "SELECT count(*) FROM schema_migrations"), 2);
    assert_int_equal(
        testdb_query_int(pg, "SELECT count(*) FROM pg_tables WHERE tablename = 'third_t'"), 0);
    /* The lock was released: another session can take it at once. */
    assert_int_equal(testdb_query_int(pg,
                                      "SELECT CASE WHEN pg_try_advisory_lock(8602275976068754791) "
                                      "THEN 1 ELSE 0 END"),
                     1);
    PQfinish(pg);

    /* Duplicate versions and bad names are refused before touching the database. */
    struct db_migration dup[] = {
        {0, "0001_a.sql", "SELECT 1", 0},
        {0, "01_b.sql", "SELECT 1", 0},
    };
    struct db_migration_set set;
    assert_int_equal(db_migrations_from(dup, 2, &set, err, sizeof(err)), -1);
    assert_non_null(strstr(err, "same version"));
    struct db_migration bad[] = {{0, "first.sql", "SELECT 1", 0}};
    assert_int_equal(db_migrations_from(bad, 1, &set, err, sizeof(err)), -1);
    testdb_drop(url);
}

/*---------------------------------------------------------------------------------------------
 * The schema refuses bad states
 *-------------------------------------------------------------------------------------------*/

#define HASH "'$argon2id$v=19$m=65536,t=2,p=1$c2FsdHNhbHQ$aGFzaGhhc2g'"

static void
expect_state(PGconn *pg, const char *sql, const char *expected)
{
    char state[6];
    testdb_exec_state(pg, sql, state);
    if (strcmp(state, expected) != 0)
        fail_msg("expected SQLSTATE %s, got \"%s\" for: %s", expected, state, sql);
}

/* expect_state on the statement made from the printf-style fmt and its arguments. */
static void __attribute__((format(printf, 3, 4)))
expect_statef(PGconn *pg, const char *expected, const char *fmt, ...)
{
    char sql[1024];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(sql, sizeof(sql), fmt, ap);
    va_end(ap);
    assert_true(n >= 0 && (size_t)n < sizeof(sql));
    expect_state(pg, sql, expected);
}

/* A user with one CHECKING and one CREDIT account (limit 1000.00) and ids in the given vars. */
static void
make_fixture(PGconn *pg)
{
    testdb_exec_ok(pg,
                   "INSERT INTO users (username, email, display_name, password_hash) VALUES "
                   "('alice', 'Alice@Example.com', 'Alice', " HASH "), "
                   "('bob', 'bob@example.com', 'Bob', " HASH ")");
    testdb_exec_ok(pg,
                   "INSERT INTO accounts (user_id, type, number, credit_limit) VALUES "
                   "((SELECT id FROM users WHERE username = 'alice'), 'CHECKING', '100000000001', "
                   "0), ((SELECT id FROM users WHERE username = 'alice'), 'CREDIT', "
                   "'100000000002', 100000), ((SELECT id FROM users WHERE username = 'bob'), "
                   "'CHECKING', '100000000003', 0)");
}

static void
constraints_refuse_bad_states(void **state)
{
    (void)state;
    if (migrated_url[0] == '\0')
        fail_msg("the migrate test did not run first");
    PGconn *pg = testdb_connect(migrated_url);
    make_fixture(pg);

    /* Users: case-insensitive uniqueness, username format, known enums. */
    expect_state(pg,
                 "INSERT INTO users (username, email, display_name, password_hash) VALUES "
                 "('alice', 'other@example.com', 'A', " HASH ")",
                 "23505");
    expect_state(pg,
                 "INSERT INTO users (username, email, display_name, password_hash) VALUES "
                 "('alice2', 'ALICE@example.COM', 'A', " HASH ")",
                 "23505");
    expect_state(pg,
                 "INSERT INTO users (username, email, display_name, password_hash) VALUES "
                 "('Alice', 'x@example.com', 'A', " HASH ")",
                 "23514");
    expect_state(pg,
                 "INSERT INTO users (username, email, display_name, password_hash) VALUES "
                 "('ab', 'y@example.com', 'A', " HASH ")",
                 "23514");
    expect_state(pg,
                 "INSERT INTO users (username, email, display_name, password_hash, role) VALUES "
                 "('carol', 'c@example.com', 'C', " HASH ", 'ROOT')",
                 "23514");
    expect_state(pg,
                 "INSERT INTO users (username, email, display_name, password_hash) VALUES "
                 "('carol', 'c@example.com', 'C', 'plaintext-password')",
                 "23514");
    expect_state(pg, "UPDATE users SET status = 'BANNED' WHERE username = 'alice'", "23514");
    expect_state(pg,
                 "INSERT INTO users (username, email, display_name, password_hash) VALUES "
                 "('carol', NULL, 'C', " HASH ")",
                 "23502");

    /* Accounts: overdraft past the credit limit, unknown enums, currency, owner rules. */
    expect_state(pg, "UPDATE accounts SET balance = -1 WHERE number = '100000000001'", "23514");
    expect_state(pg, "UPDATE accounts SET balance = -100000 WHERE number = '100000000002'", "");
    expect_state(
        pg, "UPDATE accounts SET balance = -100001 WHERE number = '100000000002'", "23514");
    expect_state(pg, "UPDATE accounts SET balance = 0 WHERE number = '100000000002'", "");
    expect_state(pg, "UPDATE accounts SET credit_limit = 5 WHERE number = '100000000001'", "23514");
    expect_state(pg, "UPDATE accounts SET type = 'GOLD' WHERE number = '100000000001'", "23514");
    expect_state(pg, "UPDATE accounts SET status = 'OPEN' WHERE number = '100000000001'", "23514");
    expect_state(pg, "UPDATE accounts SET currency = 'inr' WHERE number = '100000000001'", "23514");
    expect_state(pg,
                 "INSERT INTO accounts (user_id, type, number) VALUES (NULL, 'CHECKING', "
                 "'100000000009')",
                 "23514");
    /* Only the funding account may go below zero without limit; not the suspense account. */
    expect_state(
        pg, "UPDATE accounts SET balance = -100000000000000 WHERE system_role = 'FUNDING'", "");
    expect_state(pg, "UPDATE accounts SET balance = 0 WHERE system_role = 'FUNDING'", "");
    expect_state(pg, "UPDATE accounts SET balance = -1 WHERE system_role = 'SUSPENSE'", "23514");
    expect_state(pg,
                 "INSERT INTO accounts (user_id, type, system_role, number) VALUES (NULL, "
                 "'SYSTEM', 'FUNDING', '000000000009')",
                 "23505");

    /* Transfers: amount bounds, kinds, source rules. */
    static const char transfer_sql[] =
        "INSERT INTO transfers (reference, kind, status, from_account_id, to_account_id, "
        "amount, currency, created_by) VALUES ('%s', '%s', '%s', %s, "
        "(SELECT id FROM accounts WHERE number = '100000000003'), %s, 'INR', "
        "(SELECT id FROM users WHERE username = 'alice'))";
    const char *from = "(SELECT id FROM accounts WHERE number = '100000000001')";
    char sql[1024];
    expect_statef(pg, "23514", transfer_sql, "TX-0000-0001", "TRANSFER", "COMPLETED", from, "-5");
    expect_statef(pg, "23514", transfer_sql, "TX-0000-0001", "TRANSFER", "COMPLETED", from, "0");
    expect_statef(
        pg, "23514", transfer_sql, "TX-0000-0001", "TRANSFER", "COMPLETED", from, "1000000000001");
    expect_statef(pg, "23514", transfer_sql, "TX-0000-0001", "TRANSFER", "DONE", from, "100");
    expect_statef(
        pg, "23514", transfer_sql, "TX-0000-0001", "TRANSFER", "COMPLETED", "NULL", "100");
    expect_statef(pg, "23514", transfer_sql, "TX-0000-0001", "DEPOSIT", "COMPLETED", from, "100");
    expect_statef(pg,
                  "23514",
                  transfer_sql,
                  "TX-0000-0001",
                  "TRANSFER",
                  "COMPLETED",
                  "(SELECT id FROM accounts WHERE number = '100000000003')",
                  "100");
    expect_statef(pg, "23514", transfer_sql, "tx-lower-case", "TRANSFER", "COMPLETED", from, "100");
    snprintf(sql,
             sizeof(sql),
             transfer_sql,
             "TX-0000-0001",
             "TRANSFER",
             "COMPLETED",
             from,
             "1000000000000");
    expect_state(pg, sql, "");
    expect_state(pg, sql, "23505"); /* the reference is unique */

    /* Double entry: a transfer whose entries do not sum to zero fails at COMMIT. */
    testdb_exec_ok(pg, "BEGIN");
    testdb_exec_ok(pg,
                   "INSERT INTO ledger_entries (transfer_id, account_id, amount, balance_after) "
                   "SELECT t.id, t.to_account_id, 100, 100 FROM transfers t "
                   "WHERE t.reference = 'TX-0000-0001'");
    expect_state(pg, "COMMIT", "23514");
    testdb_exec_ok(pg, "BEGIN");
    testdb_exec_ok(pg,
                   "INSERT INTO ledger_entries (transfer_id, account_id, amount, balance_after) "
                   "SELECT t.id, t.to_account_id, 100, 100 FROM transfers t "
                   "WHERE t.reference = 'TX-0000-0001' UNION ALL "
                   "SELECT t.id, t.from_account_id, -100, -100 FROM transfers t "
                   "WHERE t.reference = 'TX-0000-0001'");
    expect_state(pg, "COMMIT", "");
    expect_state(pg,
                 "INSERT INTO ledger_entries (transfer_id, account_id, amount, balance_after) "
                 "SELECT id, to_account_id, 0, 0 FROM transfers WHERE reference = 'TX-0000-0001'",
                 "23514");
    /* Ledger entries are never changed or removed. */
    expect_state(pg, "UPDATE ledger_entries SET amount = 5", "42501");
    expect_state(pg, "DELETE FROM ledger_entries", "42501");

    /* Idempotency keys: one per (user, key); printable ASCII of 1-255 characters. */
    static const char idem_sql[] =
        "INSERT INTO idempotency_keys (user_id, key, request_hash) VALUES "
        "((SELECT id FROM users WHERE username = '%s'), '%s', sha256('x'))";
    snprintf(sql, sizeof(sql), idem_sql, "alice", "key-1");
    expect_state(pg, sql, "");
    expect_state(pg, sql, "23505");
    expect_statef(pg, "", idem_sql, "bob", "key-1"); /* another user's same key is fine */
    expect_statef(pg, "23514", idem_sql, "alice", "");

    /* Audit log: append-only, refused by the database itself; chains cannot fork. */
    static const char audit_sql[] =
        "INSERT INTO audit_log (chain, seq, prev_hash, hash, action, details) VALUES "
        "('system', %d, repeat('0', 64), repeat('%c', 64), 'TEST', '%s')";
    expect_statef(pg, "", audit_sql, 1, 'a', "{\"k\":1}");
    expect_statef(pg, "23505", audit_sql, 1, 'b', "{}");
    expect_statef(pg, "23514", audit_sql, 2, 'b', "[1]");
    expect_state(pg, "UPDATE audit_log SET action = 'FORGED'", "42501");
    expect_state(pg, "DELETE FROM audit_log", "42501");
    expect_state(pg, "TRUNCATE audit_log", "42501");
    assert_int_equal(testdb_query_int(pg, "SELECT count(*) FROM audit_log"), 1);

    /* KYC: one Aadhaar (blind index) per user; a submission is complete or absent. */
    static const char kyc_sql[] =
        "INSERT INTO kyc_profiles (user_id, status, aadhaar_ciphertext, aadhaar_key_id, "
        "aadhaar_last4, aadhaar_blind_index, document_type, document_ciphertext, "
        "document_key_id, document_last4, submitted_at) VALUES ((SELECT id FROM users WHERE "
        "username = '%s'), 'PENDING', decode(repeat('ab', 52), 'hex'), 1, '1234', "
        "sha256('same'), '%s', decode(repeat('cd', 50), 'hex'), 1, '234F', now())";
    expect_statef(pg, "", kyc_sql, "alice", "PAN");
    expect_statef(pg, "23505", kyc_sql, "bob", "PAN");
    expect_statef(pg, "23514", kyc_sql, "bob", "NATIONAL_ID");
    expect_state(pg,
                 "INSERT INTO kyc_profiles (user_id, status) VALUES ((SELECT id FROM users "
                 "WHERE username = 'bob'), 'VERIFIED')",
                 "23514");

    /* Cards: known kinds, months 1-12, positive daily limit. */
    static const char card_sql[] =
        "INSERT INTO cards (account_id, kind, brand, number_ciphertext, key_id, last4, "
        "expiry_month, expiry_year, daily_limit) VALUES ((SELECT id FROM accounts WHERE number "
        "= '100000000001'), '%s', 'VISA', decode(repeat('ef', 56), 'hex'), 1, '4242', %d, 2030, "
        "%s)";
    expect_statef(pg, "", card_sql, "VIRTUAL", 12, "5000000");
    expect_statef(pg, "23514", card_sql, "METAL", 12, "5000000");
    expect_statef(pg, "23514", card_sql, "VIRTUAL", 13, "5000000");
    expect_statef(pg, "23514", card_sql, "VIRTUAL", 1, "0");

    /* Money is never floating point: every amount column is bigint. */
    assert_int_equal(testdb_query_int(pg,
                                      "SELECT count(*) FROM information_schema.columns WHERE "
                                      "table_schema = 'public' AND data_type IN ('real', "
                                      "'double precision', 'money')"),
                     0);
    PQfinish(pg);
}

static int
teardown_group(void **state)
{
    (void)state;
    if (migrated_url[0] != '\0')
        testdb_drop(migrated_url);
    return 0;
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(embedded_names_are_ordered),
        cmocka_unit_test(migrate_applies_all_then_nothing),
        cmocka_unit_test(two_migrators_at_once_leave_one_schema),
        cmocka_unit_test(two_walletd_processes_at_once_leave_one_schema),
        cmocka_unit_test(changed_unknown_and_failing_migrations_are_refused),
        cmocka_unit_test(constraints_refuse_bad_states),
    };
    return cmocka_run_group_tests(tests, NULL, teardown_group);
}
