/*
 * `walletd seed-demo` (CONTRACT.md §1): demo users, accounts and four weeks of history for
 * development, so the dashboard's charts have something to show. Refuses in production.
 *
 * Users and accounts are added when missing (found by username and by nickname). Every
 * movement goes through the ledger (src/app/ledger.c) exactly as a request would make it,
 * rules, double entry and audit included, with a fixed idempotency key per movement and a
 * time in the past: running seed-demo again replays those keys and moves no money twice.
 * A session advisory lock makes two runs at once take turns.
 */
#include "app/ledger.h"
#include "commands.h"
#include "core/arena.h"
#include "core/errors.h"
#include "crypto/init.h"
#include "crypto/password.h"
#include "db/db.h"
#include "db/pool.h"

#include <inttypes.h>
#include <sodium.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

/* Held for the whole run ("walletsd" in ASCII). */
#define SEED_LOCK_KEY "8602275976068756324"
#define DEMO_PASSWORD "wallet-demo-pass-2026"
#define DAY_MS INT64_C(86400000)
#define HISTORY_DAYS 28

struct demo_user {
    const char *username;
    const char *email;
    const char *display_name;
    const char *role;
};

static const struct demo_user demo_users[] = {
    {"alice", "alice@demo.wallet.test", "Alice Sharma", "USER"},
    {"bob", "bob@demo.wallet.test", "Bob Iyer", "USER"},
    {"carol", "carol@demo.wallet.test", "Carol D'Souza", "USER"},
    {"demo.admin", "admin@demo.wallet.test", "Demo Admin", "ADMIN"},
};
enum { ALICE, BOB, CAROL, ADMIN, NUSERS };

struct demo_account {
    int owner;
    const char *type;
    const char *nickname;
    int64_t credit_limit; /* minor units */
};

static const struct demo_account demo_accounts[] = {
    {ALICE, "CHECKING", "Everyday", 0},
    {ALICE, "SAVINGS", "Rainy day", 0},
    {BOB, "CHECKING", "Main", 0},
    {BOB, "CREDIT", "Credit line", 5000000},
    {CAROL, "CHECKING", "Main", 0},
};
enum { ALICE_CHK, ALICE_SAV, BOB_CHK, BOB_CRD, CAROL_CHK, NACCOUNTS };

#define DEPOSIT (-1)

/* A movement of the history. Amounts in paise, at most 10,000.00 (no KYC in the demo). */
struct demo_move {
    int from; /* account index, or DEPOSIT */
    int to;
    int64_t amount;
    const char *memo;
    int days_ago;
    int hour; /* UTC hour of that day */
};

static const char *const memos[] = {
    "Groceries",
    "Chai and samosas",
    "Rent share",
    "Movie night",
    "Electricity bill",
    "Books",
    "Dinner",
    "Cab home",
    "Birthday gift",
    "Concert tickets",
    "Phone recharge",
    "Weekend trip",
};

struct seed {
    struct db_conn *conn;
    PGconn *pg;
    struct db_error e;
    struct arena arena;
    int64_t user_ids[NUSERS];
    int64_t account_ids[NACCOUNTS];
    int64_t now_ms;
    int added;    /* movements recorded by this run */
    int replayed; /* movements an earlier run recorded */
};

/* Runs a statement expecting at most one row; *out gets its first column when there is one. */
static int
query_id(struct seed *s, const char *sql, int n, const char *const *params, int64_t *out)
{
    PGresult *res = db_pg_query(s->pg, sql, n, params, PGRES_TUPLES_OK, &s->e);
    if (res == NULL)
        return -1;
    int rows = PQntuples(res);
    if (rows == 1)
        *out = strtoll(PQgetvalue(res, 0, 0), NULL, 10);
    PQclear(res);
    return rows == 1 ? 0 : 1;
}

static int
add_users(struct seed *s)
{
    for (int i = 0; i < NUSERS; i++) {
        const struct demo_user *u = &demo_users[i];
        const char *name[1] = {u->username};
        int rc = query_id(
            s, "SELECT id FROM users WHERE lower(username) = lower($1)", 1, name, &s->user_ids[i]);
        if (rc <= 0) {
            if (rc < 0)
                return -1;
            continue;
        }
        char hash[PW_HASH_MAX];
        if (pw_hash(DEMO_PASSWORD, strlen(DEMO_PASSWORD), hash) < 0) {
            snprintf(s->e.message, sizeof(s->e.message), "cannot hash the demo password");
            return -1;
        }
        const char *params[5] = {u->username, u->email, u->display_name, hash, u->role};
        if (query_id(s,
                     "INSERT INTO users (username, email, display_name, password_hash, role, "
                     "created_at) VALUES ($1, $2, $3, $4, $5, now() - interval '31 days') "
                     "RETURNING id",
                     5,
                     params,
                     &s->user_ids[i]) != 0)
            return -1;
    }
    return 0;
}

static int
add_accounts(struct seed *s)
{
    for (int i = 0; i < NACCOUNTS; i++) {
        const struct demo_account *a = &demo_accounts[i];
        char owner[24], limit[24];
        snprintf(owner, sizeof(owner), "%" PRId64, s->user_ids[a->owner]);
        snprintf(limit, sizeof(limit), "%" PRId64, a->credit_limit);
        const char *find[2] = {owner, a->nickname};
        int rc = query_id(s,
                          "SELECT id FROM accounts WHERE user_id = $1::bigint AND nickname = $2 "
                          "ORDER BY id LIMIT 1",
                          2,
                          find,
                          &s->account_ids[i]);
        /* A random 12-digit number, the first digit 1-9; drawn again if it is taken. */
        for (int attempt = 0; rc == 1 && attempt < 10; attempt++) {
            char number[13];
            number[0] = (char)('1' + randombytes_uniform(9));
            for (int d = 1; d < 12; d++)
                number[d] = (char)('0' + randombytes_uniform(10));
            number[12] = '\0';
            const char *params[5] = {owner, a->type, a->nickname, number, limit};
            rc = query_id(s,
                          "INSERT INTO accounts (user_id, type, nickname, number, credit_limit, "
                          "created_at) VALUES ($1, $2, $3, $4, $5, now() - interval '31 days') "
                          "ON CONFLICT (number) DO NOTHING RETURNING id",
                          5,
                          params,
                          &s->account_ids[i]);
        }
        if (rc != 0)
            return -1;
    }
    return 0;
}

/* Records move number index (its key: "seed-demo-<index>", in its actor's scope). */
static int
add_move(struct seed *s, int index, const struct demo_move *m)
{
    bool deposit = m->from == DEPOSIT;
    char key[32];
    snprintf(key, sizeof(key), "seed-demo-%d", index);
    struct app_ledger_move lm = {
        .kind = deposit ? APP_LEDGER_DEPOSIT : APP_LEDGER_TRANSFER,
        .actor_id = deposit ? s->user_ids[ADMIN] : s->user_ids[demo_accounts[m->from].owner],
        .from_account_id = deposit ? 0 : s->account_ids[m->from],
        .to_account_id = s->account_ids[m->to],
        .amount = m->amount,
        .memo = m->memo,
        .idempotency_key = key,
        .request_id = "seed-demo",
        .at_ms = (s->now_ms / DAY_MS - m->days_ago) * DAY_MS + m->hour * INT64_C(3600000),
    };
    if (lm.at_ms > s->now_ms)
        lm.at_ms = s->now_ms - INT64_C(60000);
    struct app_ledger_transfer t;
    const char *why;
    int rc = app_ledger_move(s->conn, &s->arena, &lm, &t, &why);
    arena_reset(&s->arena);
    if (rc < 0) {
        snprintf(s->e.message,
                 sizeof(s->e.message),
                 "movement %d refused: %s (%s)",
                 index,
                 wallet_err_code(rc),
                 why ? why : wallet_err_message(rc));
        return -1;
    }
    if (t.replayed)
        s->replayed++;
    else
        s->added++;
    return 0;
}

/* A tiny deterministic generator, so every run builds the same history. */
static uint32_t
lcg(uint32_t *state)
{
    *state = *state * 1664525u + 1013904223u;
    return *state >> 8;
}

static int
add_history(struct seed *s)
{
    static const struct demo_move opening[] = {
        {DEPOSIT, ALICE_CHK, 30000000, "Opening deposit", HISTORY_DAYS + 2, 9},
        {DEPOSIT, BOB_CHK, 15000000, "Opening deposit", HISTORY_DAYS + 2, 10},
        {DEPOSIT, CAROL_CHK, 12000000, "Opening deposit", HISTORY_DAYS + 1, 11},
    };
    int index = 0;
    for (size_t i = 0; i < sizeof(opening) / sizeof(opening[0]); i++)
        if (add_move(s, index++, &opening[i]) < 0)
            return -1;
    /* Every day: two to four payments among the three; salaries on day 1 and day 15. */
    static const int spenders[] = {ALICE_CHK, BOB_CHK, CAROL_CHK, BOB_CRD, ALICE_CHK, CAROL_CHK};
    static const int payees[] = {ALICE_CHK, BOB_CHK, CAROL_CHK, ALICE_SAV};
    uint32_t state = 2026;
    for (int day = HISTORY_DAYS; day >= 0; day--) {
        if (day == 15 || day == 1) {
            struct demo_move salary[] = {
                {DEPOSIT, ALICE_CHK, 8500000, "Salary", day, 6},
                {DEPOSIT, BOB_CHK, 7200000, "Salary", day, 6},
                {DEPOSIT, CAROL_CHK, 6400000, "Salary", day, 7},
            };
            for (size_t i = 0; i < 3; i++)
                if (add_move(s, index++, &salary[i]) < 0)
                    return -1;
        }
        if (day == 14) {
            struct demo_move save = {ALICE_CHK, ALICE_SAV, 1000000, "Monthly savings", day, 8};
            if (add_move(s, index++, &save) < 0)
                return -1;
        }
        int count = 2 + (int)(lcg(&state) % 3);
        for (int k = 0; k < count; k++) {
            struct demo_move m;
            m.from = spenders[lcg(&state) % (sizeof(spenders) / sizeof(spenders[0]))];
            do
                m.to = payees[lcg(&state) % (sizeof(payees) / sizeof(payees[0]))];
            while (m.to == m.from || demo_accounts[m.to].owner == demo_accounts[m.from].owner);
            m.amount = 5000 + (int64_t)(lcg(&state) % 300) * 1000; /* 50.00 - 3,040.00 */
            m.memo = memos[lcg(&state) % (sizeof(memos) / sizeof(memos[0]))];
            m.days_ago = day;
            m.hour = 8 + 4 * k;
            if (add_move(s, index++, &m) < 0)
                return -1;
        }
    }
    return 0;
}

static int
seed_all(struct seed *s)
{
    const char *lock[1] = {SEED_LOCK_KEY};
    PGresult *res =
        db_pg_query(s->pg, "SELECT pg_advisory_lock($1::bigint)", 1, lock, PGRES_TUPLES_OK, &s->e);
    if (res == NULL)
        return -1;
    PQclear(res);
    int rc = add_users(s) < 0 || add_accounts(s) < 0 || add_history(s) < 0 ? -1 : 0;
    res =
        db_pg_query(s->pg, "SELECT pg_advisory_unlock($1::bigint)", 1, lock, PGRES_TUPLES_OK, NULL);
    PQclear(res);
    return rc;
}

int
cmd_seed_demo(const struct wallet_config *cfg, int argc, const char **argv)
{
    (void)argv;
    if (argc != 0) {
        walletd_fail("seed-demo takes no arguments");
        return 2;
    }
    if (cfg->production) {
        walletd_fail("seed-demo refuses to run in production (WALLET_ENV=production)");
        return 1;
    }
    if (wallet_crypto_init() < 0) {
        walletd_fail("libsodium cannot be initialised");
        return 1;
    }
    struct db_pool_config pc = {
        .conninfo = cfg->database_url,
        .size = 1,
        .acquire_timeout_ms = 10000,
        .connect_timeout_s = 10,
        .application_name = "walletd seed-demo",
    };
    struct db_pool *pool = db_pool_new(&pc);
    struct seed s;
    memset(&s, 0, sizeof(s));
    if (pool == NULL || db_pool_acquire(pool, 0, &s.conn) < 0) {
        walletd_fail("cannot connect to the database (WALLET_DATABASE_URL)");
        db_pool_free(pool);
        return 1;
    }
    s.pg = db_conn_pg(s.conn);
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    s.now_ms = (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
    arena_init(&s.arena, 0);
    int rc = seed_all(&s);
    arena_free(&s.arena);
    db_pool_release(pool, s.conn);
    db_pool_free(pool);
    if (rc < 0) {
        if (strcmp(s.e.sqlstate, "42P01") == 0)
            walletd_fail("the database has no wallet tables: run walletd migrate first");
        else
            walletd_fail("seed-demo failed: %s", s.e.message);
        return 1;
    }
    if (s.added == 0) {
        printf("demo data already present: nothing added\n");
        return 0;
    }
    printf("demo data added: users alice, bob, carol (USER) and demo.admin (ADMIN), password "
           "%s; %d movements over %d days\n",
           DEMO_PASSWORD,
           s.added,
           HISTORY_DAYS + 2);
    return 0;
}
