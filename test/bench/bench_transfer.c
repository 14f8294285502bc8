/*
 * Transfer throughput benchmark (issue 5 "Speed by design"): transfers a second of the
 * ledger's C function (src/app/ledger.c app_ledger_move: every rule, idempotency, audit,
 * two pipelined round trips) from many threads on their own connections, against pgbench
 * running the same SQL statements with the same pipelines and clients on the same throwaway
 * cluster in the same run. Prints both rates and their ratio (target: at least 80%).
 *
 * pgbench runs the ledger's own statement texts (the exported db_stmt definitions), with
 * every parameter that only C computes between the round trips (the transfer's id and
 * reference, the audit entry's place in its chain, its hash and time) replaced by a SQL
 * expression that gives the database the same work: currval of the id drawn in round trip 1,
 * the chain head's seq and hash read in SQL, a constant hash. pgbench checks no rule; the
 * C side does all of them.
 *
 * The cluster is the HTTP harness's throwaway one (test/http/harness.c), restarted with
 * durable commits (fsync and synchronous_commit on, as a production server runs) unless
 * --fast is given. A program, not a ctest: its numbers depend on the machine.
 *
 * Usage: bench_transfer [--seconds S] [--clients N] [--accounts N] [--rounds N] [--fast]
 *        bench_transfer --print-script   (the pgbench script, with -D nusers, ubase, abase)
 * Needs walletd built (for `walletd migrate`; WALLET_BUILD_DIR, set at build time) and
 * pgbench on PATH or in WALLET_PG_BINDIR.
 */
#include "app/audit.h"
#include "app/idempotency.h"
#include "app/ledger.h"
#include "core/arena.h"
#include "core/errors.h"
#include "core/strbuf.h"
#include "crypto/init.h"
#include "db/pool.h"
#include "http/harness.h"

#include <libpq-fe.h>
#include <pthread.h>
#include <pwd.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#ifndef WALLET_BUILD_DIR
#define WALLET_BUILD_DIR "."
#endif

struct options {
    int seconds;
    int clients;
    int accounts;
    int rounds;
    bool fast;
};

static double
now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void
die(const char *what)
{
    fprintf(stderr, "bench_transfer: %s\n", what);
    exit(1);
}

/*---------------------------------------------------------------------------------------------
 * The cluster
 *-------------------------------------------------------------------------------------------*/

static const char *
pg_bindir(void)
{
    const char *env = getenv("WALLET_PG_BINDIR");
    return env && *env ? env : "/usr/lib/postgresql/15/bin";
}

/* Restarts the harness's cluster with durable commits (the harness turns them off). */
static void
restart_durable(struct th_pg *pg)
{
    if (th_pg_stop(pg) != 0)
        die("cannot stop the cluster");
    char cmd[2048];
    snprintf(cmd,
             sizeof(cmd),
             "%s/pg_ctl -D %s/data -w -t 30 -l %s/server.log -o \"-p %d -k %s "
             "-c listen_addresses=127.0.0.1 -c fsync=on -c synchronous_commit=on "
             "-c max_connections=100\" start >/dev/null",
             pg_bindir(),
             pg->dir,
             pg->dir,
             pg->port,
             pg->dir);
    char full[2400];
    if (geteuid() == 0) {
        /* PostgreSQL refuses root: run it as the user that owns the cluster directory. */
        const char *owner = getenv("PG_LOCAL_USER");
        if (owner == NULL || getpwnam(owner) == NULL)
            owner = getpwnam("postgres") ? "postgres" : "walletpg";
        snprintf(full, sizeof(full), "runuser -u %s -- sh -c '%s'", owner, cmd);
    } else {
        snprintf(full, sizeof(full), "sh -c '%s'", cmd);
    }
    if (system(full) != 0)
        die("cannot restart the cluster with durable commits");
}

static PGresult *
sql(PGconn *pg, const char *text, ExecStatusType expect)
{
    PGresult *r = PQexec(pg, text);
    if (PQresultStatus(r) != expect) {
        fprintf(stderr, "bench_transfer: %s\n%s", text, PQerrorMessage(pg));
        exit(1);
    }
    return r;
}

/* Users bench1..benchN with one CHECKING account each, and an ADMIN to fund them. */
struct world {
    int n;
    long long *user_ids;
    long long *account_ids;
    long long admin_id;
};

static void
seed(const char *url, int n, struct world *w)
{
    PGconn *pg = PQconnectdb(url);
    if (PQstatus(pg) != CONNECTION_OK)
        die("cannot connect");
    char text[1024];
    PQclear(sql(pg,
                "INSERT INTO users (username, email, display_name, password_hash, role) VALUES "
                "('benchadmin', 'benchadmin@bench.test', 'Bench admin', "
                "'$argon2id$v=19$m=65536,t=2,p=1$c2FsdHNhbHQ$aGFzaA', 'ADMIN')",
                PGRES_COMMAND_OK));
    snprintf(text,
             sizeof(text),
             "INSERT INTO users (username, email, display_name, password_hash) "
             "SELECT 'bench' || g, 'bench' || g || '@bench.test', 'Bench ' || g, "
             "'$argon2id$v=19$m=65536,t=2,p=1$c2FsdHNhbHQ$aGFzaA' FROM generate_series(1, %d) g",
             n);
    PQclear(sql(pg, text, PGRES_COMMAND_OK));
    PQclear(sql(pg,
                "INSERT INTO accounts (user_id, type, number) SELECT id, 'CHECKING', "
                "lpad(id::text, 12, '7') FROM users WHERE username LIKE 'bench%' AND role = "
                "'USER' ORDER BY id",
                PGRES_COMMAND_OK));
    PGresult *r = sql(pg,
                      "SELECT u.id, a.id FROM users u JOIN accounts a ON a.user_id = u.id "
                      "WHERE u.role = 'USER' AND u.username LIKE 'bench%' ORDER BY u.id",
                      PGRES_TUPLES_OK);
    if (PQntuples(r) != n)
        die("seeding went wrong");
    w->n = n;
    w->user_ids = calloc((size_t)n, sizeof(long long));
    w->account_ids = calloc((size_t)n, sizeof(long long));
    for (int i = 0; i < n; i++) {
        w->user_ids[i] = atoll(PQgetvalue(r, i, 0));
        w->account_ids[i] = atoll(PQgetvalue(r, i, 1));
        /* pgbench addresses users and accounts as base + index: they must be contiguous. */
        if (w->user_ids[i] != w->user_ids[0] + i || w->account_ids[i] != w->account_ids[0] + i)
            die("user and account ids are not contiguous");
    }
    PQclear(r);
    r = sql(pg, "SELECT id FROM users WHERE username = 'benchadmin'", PGRES_TUPLES_OK);
    w->admin_id = atoll(PQgetvalue(r, 0, 0));
    PQclear(r);
    PQfinish(pg);
}

/*---------------------------------------------------------------------------------------------
 * The C side
 *-------------------------------------------------------------------------------------------*/

struct worker {
    struct db_pool *pool;
    const struct world *w;
    int index;
    int round;
    double seconds;
    pthread_barrier_t *start;
    long done;
    long failed;
    int last_error;
};

static uint64_t
next_rand(uint64_t *s)
{
    *s ^= *s >> 12;
    *s ^= *s << 25;
    *s ^= *s >> 27;
    return *s * UINT64_C(2685821657736338717);
}

static void *
work(void *arg)
{
    struct worker *k = arg;
    struct db_conn *conn;
    if (db_pool_acquire(k->pool, 10000, &conn) < 0)
        die("no connection");
    struct arena a;
    arena_init(&a, 0);
    uint64_t seed = UINT64_C(0x9E3779B97F4A7C15) * (uint64_t)(k->index + 1 + 1000 * k->round);
    pthread_barrier_wait(k->start);
    double end = now_s() + k->seconds;
    for (long i = 0; now_s() < end; i++) {
        int n = k->w->n;
        int from = (int)(next_rand(&seed) % (uint64_t)n);
        int to = (from + 1 + (int)(next_rand(&seed) % (uint64_t)(n - 1))) % n;
        char key[48];
        snprintf(key, sizeof(key), "bench-%d-%d-%ld", k->round, k->index, i);
        struct app_ledger_move m = {
            .kind = APP_LEDGER_TRANSFER,
            .actor_id = k->w->user_ids[from],
            .from_account_id = k->w->account_ids[from],
            .to_account_id = k->w->account_ids[to],
            .amount = 1,
            .idempotency_key = key,
            .request_id = "bench",
            .client_ip = "127.0.0.1",
        };
        struct app_ledger_transfer t;
        const char *why;
        int rc = app_ledger_move(conn, &a, &m, &t, &why);
        if (rc == 0) {
            k->done++;
        } else {
            k->failed++;
            k->last_error = rc;
        }
        arena_reset(&a);
    }
    arena_free(&a);
    db_pool_release(k->pool, conn);
    return NULL;
}

static double
run_ours(const char *url, const struct world *w, const struct options *o, int round, long *failed)
{
    struct db_pool_config cfg = {.conninfo = url, .size = (unsigned)o->clients};
    struct db_pool *pool = db_pool_new(&cfg);
    if (pool == NULL)
        die("cannot make the pool");
    pthread_barrier_t start;
    pthread_barrier_init(&start, NULL, (unsigned)o->clients + 1);
    struct worker *ks = calloc((size_t)o->clients, sizeof(*ks));
    pthread_t *ts = calloc((size_t)o->clients, sizeof(*ts));
    for (int i = 0; i < o->clients; i++) {
        ks[i] = (struct worker){pool, w, i, round, o->seconds, &start, 0, 0, 0};
        pthread_create(&ts[i], NULL, work, &ks[i]);
    }
    pthread_barrier_wait(&start);
    double t0 = now_s();
    long done = 0;
    *failed = 0;
    int last_error = 0;
    for (int i = 0; i < o->clients; i++) {
        pthread_join(ts[i], NULL);
        done += ks[i].done;
        *failed += ks[i].failed;
        if (ks[i].last_error)
            last_error = ks[i].last_error;
    }
    double elapsed = now_s() - t0;
    if (last_error)
        fprintf(stderr,
                "bench_transfer: some transfers failed, e.g. %s\n",
                wallet_err_code(last_error));
    pthread_barrier_destroy(&start);
    free(ks);
    free(ts);
    db_pool_free(pool);
    return (double)done / elapsed;
}

/*---------------------------------------------------------------------------------------------
 * The pgbench side
 *-------------------------------------------------------------------------------------------*/

/*
 * Appends st's SQL with each $n replaced by subst[n - 1], and ";\n". pgbench takes every
 * ":name" for a variable, inside string literals too (the audit time format "HH24:MI:SS", JSON
 * text): there a ':' before a name character is written as ' || ':' || ', the same string.
 */
static void
script_statement(struct strbuf *out, const struct db_stmt *st, const char *const *subst)
{
    struct strbuf sql = STRBUF_INIT;
    for (const char *p = st->sql; *p;) {
        if (*p == '$' && p[1] >= '1' && p[1] <= '9') {
            int n = 0;
            p++;
            while (*p >= '0' && *p <= '9')
                n = n * 10 + (*p++ - '0');
            if (n < 1 || n > st->nparams)
                die("bad parameter number in a statement");
            strbuf_putc(&sql, '(');
            strbuf_puts(&sql, subst[n - 1]);
            strbuf_putc(&sql, ')');
        } else {
            strbuf_putc(&sql, *p++);
        }
    }
    bool quoted = false;
    for (const char *p = strbuf_cstr(&sql); *p; p++) {
        if (*p == '\'')
            quoted = !quoted;
        if (quoted && p[0] == ':' &&
            ((p[1] >= 'A' && p[1] <= 'Z') || (p[1] >= 'a' && p[1] <= 'z') ||
             (p[1] >= '0' && p[1] <= '9') || p[1] == '_'))
            strbuf_puts(out, "' || ':' || '");
        else
            strbuf_putc(out, *p);
    }
    strbuf_free(&sql);
    strbuf_puts(out, ";\n");
}

#define ID "currval(pg_get_serial_sequence('transfers', 'id'))"
#define HEX "upper(lpad(to_hex(" ID "), 8, '0'))"
#define CHAIN "('user:' || :uid::text)"
#define HASH "'5b2a1f0c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8'"

static void
write_script(const char *path)
{
    static const char details[] =
        "'{\"reference\":\"TX-0000-0000\",\"status\":\"COMPLETED\",\"amountMinor\":1,"
        "\"currency\":\"INR\",\"fromAccountId\":1,\"toAccountId\":2}'";
    static const char response[] =
        "'{\"id\":1,\"reference\":\"TX-0000-0000\",\"kind\":\"TRANSFER\",\"status\":"
        "\"COMPLETED\",\"fromAccountId\":1,\"toAccountId\":2,\"fromUserId\":1,\"toUserId\":2,"
        "\"amount\":1,\"currency\":\"INR\",\"memo\":null,\"reviewReason\":null,"
        "\"createdAtMs\":1700000000000}'";
    const char *none[1] = {NULL};
    struct strbuf s = STRBUF_INIT;
    strbuf_puts(&s,
                "\\set u random(1, :nusers)\n"
                "\\set v random(1, :nusers - 1)\n"
                "\\set uid :ubase + :u\n"
                "\\set src :abase + :u\n"
                "\\set dst :abase + 1 + ((:u + :v - 1) % :nusers)\n"
                "\\set key random(1, 1000000000000)\n"
                "\\startpipeline\n");
    script_statement(&s, &app_ledger_stmt_begin, none);
    const char *claim_p[] = {":uid", ":key", "repeat('0', 64)"};
    script_statement(&s, &app_idempotency_stmt_claim, claim_p);
    const char *probe_p[] = {":uid", ":key"};
    script_statement(&s, &app_idempotency_stmt_probe, probe_p);
    const char *lock_p[] = {":src", ":dst", "NULL", "NULL"};
    script_statement(&s, &app_ledger_stmt_lock, lock_p);
    const char *head_p[] = {CHAIN};
    script_statement(&s, &app_audit_stmt_head, head_p);
    const char *prelude_p[] = {":uid"};
    script_statement(&s, &app_ledger_stmt_prelude, prelude_p);
    strbuf_puts(&s, "\\endpipeline\n\\startpipeline\n");
    const char *move_p[] = {
        ID,
        "('TX-' || substr(" HEX ", 1, 4) || '-' || substr(" HEX ", 5, 4))",
        "'TRANSFER'",
        "'COMPLETED'",
        ":src",
        ":dst",
        "1",
        "'INR'",
        "NULL",
        "NULL",
        ":uid",
        "NULL",
        ":src",
        ":dst",
    };
    script_statement(&s, &app_ledger_stmt_move, move_p);
    const char *complete_p[] = {":uid", ":key", ID, response};
    script_statement(&s, &app_idempotency_stmt_complete, complete_p);
    const char *append_p[] = {
        CHAIN,
        "(SELECT h.seq + 1 FROM audit_chain_heads h WHERE h.chain = " CHAIN ")",
        "(SELECT h.hash FROM audit_chain_heads h WHERE h.chain = " CHAIN ")",
        HASH,
        "clock_timestamp()",
        ":uid",
        "'TRANSFER'",
        "'transfer'",
        ID "::text",
        "'bench'",
        "'127.0.0.1'",
        details,
    };
    script_statement(&s, &app_audit_stmt_append, append_p);
    script_statement(&s, &app_ledger_stmt_commit, none);
    strbuf_puts(&s, "\\endpipeline\n");
    FILE *f = fopen(path, "w");
    if (f == NULL || fwrite(s.data, 1, s.len, f) != s.len || fclose(f) != 0)
        die("cannot write the pgbench script");
    strbuf_free(&s);
}

static double
run_pgbench(const char *url, const struct world *w, const struct options *o, const char *script)
{
    char cmd[4096];
    const char *bindir = getenv("WALLET_PG_BINDIR");
    snprintf(cmd,
             sizeof(cmd),
             "%s%spgbench -n -M prepared -c %d -j 2 -T %d --max-tries=5 -D nusers=%d "
             "-D ubase=%lld -D abase=%lld -f %s '%s' 2>&1",
             bindir ? bindir : "",
             bindir ? "/" : "",
             o->clients,
             o->seconds,
             w->n,
             w->user_ids[0] - 1,
             w->account_ids[0] - 1,
             script,
             url);
    FILE *p = popen(cmd, "r");
    if (p == NULL)
        die("cannot run pgbench");
    char line[1024];
    double tps = -1;
    long failed = -1;
    while (fgets(line, sizeof(line), p) != NULL) {
        if (strncmp(line, "tps = ", 6) == 0)
            tps = atof(line + 6);
        else if (strncmp(line, "number of failed transactions: ", 31) == 0)
            failed = atol(line + 31);
        else if (strstr(line, "error") != NULL || strstr(line, "ERROR") != NULL)
            fputs(line, stderr);
    }
    if (pclose(p) != 0 || tps < 0)
        die("pgbench failed (see above)");
    if (failed > 0)
        fprintf(stderr, "bench_transfer: pgbench had %ld failed transactions\n", failed);
    return tps;
}

int
main(int argc, char **argv)
{
    struct options o = {5, 8, 64, 2, false};
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--seconds") == 0 && i + 1 < argc)
            o.seconds = atoi(argv[++i]);
        else if (strcmp(argv[i], "--clients") == 0 && i + 1 < argc)
            o.clients = atoi(argv[++i]);
        else if (strcmp(argv[i], "--accounts") == 0 && i + 1 < argc)
            o.accounts = atoi(argv[++i]);
        else if (strcmp(argv[i], "--rounds") == 0 && i + 1 < argc)
            o.rounds = atoi(argv[++i]);
        else if (strcmp(argv[i], "--fast") == 0)
            o.fast = true;
        else if (strcmp(argv[i], "--print-script") == 0) {
            write_script("/dev/stdout");
            return 0;
        } else {
            fprintf(stderr,
                    "usage: bench_transfer [--seconds S] [--clients N] [--accounts N] "
                    "[--rounds N] [--fast]\n");
            return 2;
        }
    }
    if (o.seconds < 1 || o.clients < 1 || o.accounts < 2 || o.rounds < 1)
        die("bad arguments");
    if (wallet_crypto_init() < 0)
        die("libsodium cannot be initialised");
    if (getenv("WALLET_BUILD_DIR") == NULL)
        setenv("WALLET_BUILD_DIR", WALLET_BUILD_DIR, 1);

    struct th_pg pg;
    if (th_pg_create_own(&pg) != 0 || th_walletd_migrate(pg.url) != 0)
        die("cannot create and migrate a cluster (is walletd built?)");
    if (!o.fast)
        restart_durable(&pg);
    struct world w;
    seed(pg.url, o.accounts, &w);

    /* Fund every account through the ledger itself. */
    {
        struct db_pool_config cfg = {.conninfo = pg.url, .size = 1};
        struct db_pool *pool = db_pool_new(&cfg);
        struct db_conn *conn;
        if (pool == NULL || db_pool_acquire(pool, 10000, &conn) < 0)
            die("no connection");
        struct arena a;
        arena_init(&a, 0);
        for (int i = 0; i < w.n; i++) {
            char key[32];
            snprintf(key, sizeof(key), "fund-%d", i);
            struct app_ledger_move m = {
                .kind = APP_LEDGER_DEPOSIT,
                .actor_id = w.admin_id,
                .to_account_id = w.account_ids[i],
                .amount = 100000,
                .idempotency_key = key,
            };
            struct app_ledger_transfer t;
            const char *why;
            if (app_ledger_move(conn, &a, &m, &t, &why) < 0)
                die("funding failed");
            arena_reset(&a);
        }
        arena_free(&a);
        db_pool_release(pool, conn);
        db_pool_free(pool);
    }

    char script[512];
    snprintf(script, sizeof(script), "%s/bench_transfer.pgbench", pg.dir);
    write_script(script);

    printf("transfers, %d clients, %d accounts, %d s per run, %s commits\n",
           o.clients,
           o.accounts,
           o.seconds,
           o.fast ? "asynchronous" : "durable");
    double best_ours = 0, best_pgbench = 0;
    for (int round = 0; round < o.rounds; round++) {
        long failed;
        double ours = run_ours(pg.url, &w, &o, round, &failed);
        double theirs = run_pgbench(pg.url, &w, &o, script);
        printf("round %d: ledger (C) %8.0f transfers/s%s   pgbench (same SQL) %8.0f tps\n",
               round + 1,
               ours,
               failed ? " (some failed)" : "",
               theirs);
        if (ours > best_ours)
            best_ours = ours;
        if (theirs > best_pgbench)
            best_pgbench = theirs;
    }
    printf("best: ledger %.0f/s, pgbench %.0f/s, ratio %.0f%% (target >= 80%%)\n",
           best_ours,
           best_pgbench,
           100.0 * best_ours / best_pgbench);

    /* The books still balance after both kinds of load. */
    PGconn *c = PQconnectdb(pg.url);
    PGresult *r = sql(c, "SELECT coalesce(sum(balance), 0) FROM accounts", PGRES_TUPLES_OK);
    bool balanced = strcmp(PQgetvalue(r, 0, 0), "0") == 0;
    PQclear(r);
    PQfinish(c);
    th_pg_destroy(&pg);
    if (!balanced)
        die("the balances no longer sum to zero");
    return 0;
}
