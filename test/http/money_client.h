/*
 * Shared support of the money tests over HTTP (test_transfer*.c, test_idempotency*.c,
 * test_history*.c; added to them by test/money.cmake): a throwaway PostgreSQL and a real
 * walletd (test/http/harness.h), users and accounts made directly in the database, signed
 * access tokens, GraphQL calls whose answers are parsed with jansson, and the ledger's
 * invariants checked in SQL.
 *
 * Every mc_* function that can fail fails the running cmocka test itself.
 */
#ifndef WALLET_TEST_HTTP_MONEY_CLIENT_H
#define WALLET_TEST_HTTP_MONEY_CLIENT_H

#include "crypto/jwt.h"
#include "http/harness.h"

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

#define MC_JWT_SECRET "money-tests-secret-0123456789abcdef0123456789ab"
#define MC_SEAL_KEY "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8="

struct mc_env {
    struct th_pg pg;
    struct th_walletd w;
};

struct mc_user {
    long id;
    char name[40];
    char token[JWT_MAX_TOKEN];
};

/*
 * Creates a database (in the test run's shared cluster when there is one: harness.h
 * th_pg_create), migrates it and starts walletd with the test keys and extra_env
 * ("NAME=value" entries, NULL-terminated, may be NULL). 0 or -1 (for cmocka group setup).
 */
int mc_start(struct mc_env *e, const char *const *extra_env);
/* The same in a cluster of the test's own (whose settings and log the test may change). */
int mc_start_own(struct mc_env *e, const char *const *extra_env);
/* Stops walletd (expecting a clean exit) and removes the cluster. */
void mc_stop(struct mc_env *e);

/* A new ACTIVE user with role "USER" or "ADMIN" (name unique per test run) and a token. */
void mc_user(struct mc_env *e, struct mc_user *u, const char *name, const char *role);
/*
 * A new account of u (type CHECKING, SAVINGS, CREDIT, INVESTMENT), status ACTIVE, credit
 * limit in minor units, currency (NULL: INR). Returns its row id; gid receives its global id.
 */
long mc_account(struct mc_env *e,
                const struct mc_user *u,
                const char *type,
                long long credit_limit,
                const char *currency,
                char gid[64]);
/* The global id of an account or transfer row. */
void mc_account_gid(long id, char gid[64]);
void mc_transfer_gid(long id, char gid[64]);
/* Gives user_id a VERIFIED KYC profile (placeholder sealed values). */
void mc_kyc_verified(struct mc_env *e, long user_id);

/*
 * POST /graphql with the token (NULL: none), extra header lines (NULL: none), the query and
 * variables (a JSON object text, NULL: none). Returns the parsed body (caller json_decref);
 * *status (may be NULL) gets the HTTP status; *raw (may be NULL) a malloc'd copy of the body.
 */
json_t *mc_gql(const struct mc_env *e,
               const char *token,
               const char *headers,
               const char *query,
               const char *variables,
               int *status,
               char **raw);

/* The value at a dotted path under "data" ("transfer.status"; list items by number), or NULL. */
json_t *mc_data(json_t *resp, const char *path);
/* A string at a path under "data", or NULL. */
const char *mc_str(json_t *resp, const char *path);
/* extensions.code of the first error, or NULL when there is none. */
const char *mc_code(json_t *resp);
/* Fails the test unless the response has no errors. */
void mc_ok(json_t *resp);
/* Fails the test unless the first error's code is code. */
void mc_expect_code(json_t *resp, const char *code);

/* "12.34" -> 1234 (fails the test on anything else). */
long long mc_minor(const char *money);

/* A deposit by admin (an ADMIN mc_user) into account gid; returns the transfer's global id. */
void mc_deposit(struct mc_env *e,
                const struct mc_user *admin,
                const char *gid,
                const char *amount,
                char transfer_gid[64]);

/* A user with one CHECKING account: the user, the account's row id and its global id. */
struct mc_party {
    struct mc_user u;
    long account;
    char gid[64];
};

/*
 * A new USER named name with one CHECKING account into which admin deposits balance (a Money
 * text, or NULL for none).
 */
void mc_party(struct mc_env *e,
              const struct mc_user *admin,
              struct mc_party *p,
              const char *name,
              const char *balance);

/* Runs a query returning one integer (printf-style SQL); fails the test otherwise. */
long long mc_sql_int(struct mc_env *e, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Runs a statement (printf-style SQL); fails the test unless it succeeds. */
void mc_sql(struct mc_env *e, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* The balance of account row id in minor units, read in SQL. */
long long mc_balance(struct mc_env *e, long account);
/* How many transfers (of every kind) there are. */
long long mc_transfer_count(struct mc_env *e);

/*
 * The ledger's invariants (contract §4 "Double entry"): all balances, the bank's included,
 * sum to zero; every balance equals the sum of its ledger entries; no account but the bank's
 * funding one is below minus its credit limit; every transfer's entries sum to zero; the
 * audit chains verify.
 */
void mc_check_invariants(struct mc_env *e, const struct mc_user *admin);

#endif
