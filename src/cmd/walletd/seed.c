/*
 * `walletd seed-demo` (CONTRACT.md §1): adds demo users, accounts and a month of history for
 * development. Refuses in production. Runs in one transaction under an advisory lock and adds
 * nothing when the demo users exist already, so running it twice (or twice at once) adds
 * nothing twice.
 *
 * The history is written as the wallet writes it: every movement is a transfers row with one
 * debit and one credit ledger entry and both balances updated (deposits from the bank's
 * FUNDING account; the large transfer held in the SUSPENSE account, PENDING_REVIEW), so the
 * database's own constraints check it and all balances still sum to zero.
 */
#include "commands.h"
#include "crypto/init.h"
#include "crypto/password.h"
#include "crypto/tokens.h"
#include "db/db.h"

#include <inttypes.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

/* Held for the seeding transaction ("walletsd" in ASCII). */
#define SEED_LOCK_KEY "8602275976068756324"
#define DEMO_PASSWORD "wallet-demo-pass-2026"

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

/* Oldest first, so ids and times grow together. Amounts in paise. */
struct demo_move {
    int from; /* account index, or DEPOSIT */
    int to;
    int64_t amount;
    const char *memo;
    int days_ago;
    bool held; /* 200,000.00 or more: PENDING_REVIEW, money in the suspense account */
};

static const struct demo_move demo_moves[] = {
    {DEPOSIT, ALICE_CHK, 30000000, "Opening deposit", 30, false},
    {DEPOSIT, BOB_CHK, 5000000, "Opening deposit", 30, false},
    {DEPOSIT, CAROL_CHK, 2500000, "Opening deposit", 29, false},
    {ALICE_CHK, BOB_CHK, 125000, "Dinner", 20, false},
    {ALICE_CHK, ALICE_SAV, 2000000, "Monthly savings", 15, false},
    {BOB_CHK, CAROL_CHK, 50000, "Books", 10, false},
    {CAROL_CHK, ALICE_CHK, 20000, "Chai and samosas", 7, false},
    {BOB_CRD, CAROL_CHK, 300000, "Concert tickets", 5, false},
    {ALICE_CHK, BOB_CHK, 20000000, "Car down payment", 1, true},
};

struct seed {
    PGconn *pg;
    struct db_error e;
    char user_ids[NUSERS][24];
    char account_ids[NACCOUNTS][24];
    char funding_id[24];
    char suspense_id[24];
};

/* Runs a statement expecting one row and copies its first column into out. */
static int
query_one(struct seed *s, const char *sql, int n, const char *const *params, char out[24])
{
    PGresult *res = db_pg_query(s->pg, sql, n, params, PGRES_TUPLES_OK, &s->e);
    if (res == NULL)
        return -1;
    int rows = PQntuples(res);
    if (rows == 1 && out != NULL)
        snprintf(out, 24, "%s", PQgetvalue(res, 0, 0));
    PQclear(res);
    return rows == 1 ? 0 : 1;
}

static int
add_users(struct seed *s)
{
    for (int i = 0; i < NUSERS; i++) {
        const struct demo_user *u = &demo_users[i];
        char hash[PW_HASH_MAX];
        if (pw_hash(DEMO_PASSWORD, strlen(DEMO_PASSWORD), hash) < 0) {
            snprintf(s->e.message, sizeof(s->e.message), "cannot hash the demo password");
            return -1;
        }
        const char *params[5] = {u->username, u->email, u->display_name, hash, u->role};
        int rc = query_one(s,
                           "INSERT INTO users (username, email, display_name, password_hash, role) "
                           "VALUES ($1, $2, $3, $4, $5) RETURNING id",
                           5,
                           params,
                           s->user_ids[i]);
        if (rc != 0)
            return -1;
    }
    return 0;
}

static int
add_accounts(struct seed *s)
{
    for (int i = 0; i < NACCOUNTS; i++) {
        const struct demo_account *a = &demo_accounts[i];
        char limit[24];
        snprintf(limit, sizeof(limit), "%" PRId64, a->credit_limit);
        /* A random 12-digit number; drawn again in the unlikely case it is taken. */
        int rc = 1;
        for (int attempt = 0; attempt < 10 && rc == 1; attempt++) {
            char number[13];
            token_random_string("0123456789", 10, number, 12);
            const char *params[5] = {s->user_ids[a->owner], a->type, a->nickname, number, limit};
            rc = query_one(s,
                           "INSERT INTO accounts (user_id, type, nickname, number, credit_limit, "
                           "created_at) VALUES ($1, $2, $3, $4, $5, now() - interval '31 days') "
                           "ON CONFLICT (number) DO NOTHING RETURNING id",
                           5,
                           params,
                           s->account_ids[i]);
        }
        if (rc != 0)
            return -1;
    }
    return 0;
}

/* Adds amount to an account's balance and writes its ledger entry. */
static int
post_entry(struct seed *s,
           const char *transfer_id,
           const char *account_id,
           int64_t amount,
           const char *days)
{
    char amount_s[24], balance[24];
    snprintf(amount_s, sizeof(amount_s), "%" PRId64, amount);
    const char *upd[2] = {account_id, amount_s};
    if (query_one(s,
                  "UPDATE accounts SET balance = balance + $2::bigint, updated_at = now() "
                  "WHERE id = $1 RETURNING balance",
                  2,
                  upd,
                  balance) != 0)
        return -1;
    const char *ins[5] = {transfer_id, account_id, amount_s, balance, days};
    PGresult *res = db_pg_query(s->pg,
                                "INSERT INTO ledger_entries (transfer_id, account_id, amount, "
                                "balance_after, created_at) VALUES ($1, $2, $3, $4, "
                                "now() - make_interval(days => $5::int))",
                                5,
                                ins,
                                PGRES_COMMAND_OK,
                                &s->e);
    if (res == NULL)
        return -1;
    PQclear(res);
    return 0;
}

static int
add_move(struct seed *s, const struct demo_move *m)
{
    bool deposit = m->from == DEPOSIT;
    const char *from = deposit ? NULL : s->account_ids[m->from];
    const char *to = s->account_ids[m->to];
    const char *creator = deposit ? s->user_ids[ADMIN] : s->user_ids[demo_accounts[m->from].owner];
    char amount[24], days[12], transfer_id[24];
    snprintf(amount, sizeof(amount), "%" PRId64, m->amount);
    snprintf(days, sizeof(days), "%d", m->days_ago);

    int rc = 1;
    for (int attempt = 0; attempt < 10 && rc == 1; attempt++) {
        char ref[TOKEN_REF_MAX];
        token_transfer_ref_new(ref);
        const char *params[9] = {
            ref,
            deposit ? "DEPOSIT" : "TRANSFER",
            m->held ? "PENDING_REVIEW" : "COMPLETED",
            from,
            to,
            amount,
            m->memo,
            creator,
            days,
        };
        rc = query_one(s,
                       "INSERT INTO transfers (reference, kind, status, from_account_id, "
                       "to_account_id, amount, currency, memo, review_reason, created_by, "
                       "created_at) VALUES ($1, $2, $3, $4, $5, $6, 'INR', $7, "
                       "CASE WHEN $3 = 'PENDING_REVIEW' THEN 'amount of 200000.00 or more needs "
                       "review' END, $8, now() - make_interval(days => $9::int)) "
                       "ON CONFLICT (reference) DO NOTHING RETURNING id",
                       9,
                       params,
                       transfer_id);
    }
    if (rc != 0)
        return -1;
    const char *debit = deposit ? s->funding_id : from;
    const char *credit = m->held ? s->suspense_id : to;
    if (post_entry(s, transfer_id, debit, -m->amount, days) < 0 ||
        post_entry(s, transfer_id, credit, m->amount, days) < 0)
        return -1;
    return 0;
}

static int
seed_all(struct seed *s, bool *already)
{
    const char *lock[1] = {SEED_LOCK_KEY};
    PGresult *res = db_pg_query(
        s->pg, "SELECT pg_advisory_xact_lock($1::bigint)", 1, lock, PGRES_TUPLES_OK, &s->e);
    if (res == NULL)
        return -1;
    PQclear(res);

    char count[24];
    const char *names[1] = {"{alice,bob,carol,demo.admin}"};
    if (query_one(s,
                  "SELECT count(*) FROM users WHERE lower(username) = ANY($1::text[])",
                  1,
                  names,
                  count) != 0)
        return -1;
    if (strcmp(count, "0") != 0) {
        *already = true;
        return 0;
    }
    const char *funding[1] = {"FUNDING"};
    const char *suspense[1] = {"SUSPENSE"};
    static const char role_sql[] =
        "SELECT id FROM accounts WHERE system_role = $1 AND currency = 'INR'";
    if (query_one(s, role_sql, 1, funding, s->funding_id) != 0 ||
        query_one(s, role_sql, 1, suspense, s->suspense_id) != 0) {
        snprintf(s->e.message, sizeof(s->e.message), "the bank's INR accounts are missing");
        return -1;
    }
    if (add_users(s) < 0 || add_accounts(s) < 0)
        return -1;
    for (size_t i = 0; i < sizeof(demo_moves) / sizeof(demo_moves[0]); i++) {
        if (add_move(s, &demo_moves[i]) < 0)
            return -1;
    }
    return 0;
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
    struct seed s;
    memset(&s, 0, sizeof(s));
    s.pg = walletd_connect(cfg);
    if (s.pg == NULL)
        return 1;
    bool already = false;
    if (db_pg_begin(s.pg, &s.e) < 0 || seed_all(&s, &already) < 0 || db_pg_commit(s.pg, &s.e) < 0) {
        db_pg_rollback(s.pg);
        if (strcmp(s.e.sqlstate, "42P01") == 0)
            walletd_fail("the database has no wallet tables: run walletd migrate first");
        else
            walletd_fail("seed-demo failed: %s", s.e.message);
        PQfinish(s.pg);
        return 1;
    }
    PQfinish(s.pg);
    if (already) {
        printf("demo data already present: nothing added\n");
        return 0;
    }
    printf("demo data added: users alice, bob, carol (USER) and demo.admin (ADMIN), "
           "password %s\n",
           DEMO_PASSWORD);
    return 0;
}
