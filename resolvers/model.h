/*
 * The shared model layer of the resolvers: how wallet objects flow between resolvers.
 *
 * Rows are loaded into C structs in the request arena (struct res_user, res_account,
 * res_transfer, res_ledger_entry) and returned to the engine as OPAQUE values naming their
 * GraphQL type (so the Node interface resolves without a type resolver). The field resolvers
 * of those types (bound in registry.c) read the structs; fields that point to other objects
 * (Transfer.fromAccount, Transfer.to, Account.owner, LedgerEntry.transfer, User.accounts)
 * go through per-request BATCH LOADERS:
 *
 *   - Every value constructor (res_transfer_val, res_account_val, ...) "primes" the request's
 *     loaders with the ids its object refers to (a transfer: both accounts and both users).
 *   - The first field resolver that needs an object not yet cached loads every id pending in
 *     that loader with one `WHERE id = ANY($1)` statement, and caches all of them.
 *
 * So a page of 100 transfers asking from, to, fromAccount, toAccount and their owners costs
 * one statement for the page, one for all the accounts and one for all the users, whatever
 * the page size (issue 5 "No N+1"). A resolver that returns transfers only has to build
 * them with res_transfer_from_row + res_transfer_val (or res_transfer_list_val).
 *
 * Visibility (contract §4 "Visibility"): a USER sees their own user, accounts, transfers
 * (sent or received), cards and KYC; of others only PublicUser. res_can_see_* answer that;
 * constructors do NOT check it: check before returning a User or an Account as such.
 * An account reached through a visible transfer but owned by someone else (the other side
 * of a transfer) is shown with its public fields only (id, owner, type, status, currency,
 * maskedNumber, createdAt); its nickname is null and balance, available, creditLimit and
 * entries answer NOT_FOUND.
 *
 * Money is int64 minor units (Money scalar = decimal2 INT), times are int64 milliseconds since
 * the Unix epoch (DateTime accepts INT ms). Strings are NUL-terminated arena copies.
 * Everything here is for one request on one thread.
 */
#ifndef WALLET_RESOLVERS_MODEL_H
#define WALLET_RESOLVERS_MODEL_H

#include "app/audit.h"
#include "app/request.h"
#include "gql/execute.h"
#include "gql/schema.h"
#include "gql/value.h"
#include "resolvers/ids.h"

#include <libpq-fe.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/*---------------------------------------------------------------------------------------------
 * Objects
 *-------------------------------------------------------------------------------------------*/

struct res_user {
    int64_t id;
    const char *username;
    const char *email;
    const char *display_name;
    enum app_role role;
    enum app_user_status status;
    int64_t created_at_ms;
};

struct res_account {
    int64_t id;
    int64_t user_id;      /* owner; 0 for the bank's own FUNDING/SUSPENSE accounts */
    const char *type;     /* AccountType: CHECKING, SAVINGS, CREDIT, INVESTMENT (bank: other) */
    const char *status;   /* AccountStatus: ACTIVE, FROZEN, CLOSED */
    const char *currency; /* ISO 4217, "INR" */
    const char *nickname; /* NULL when none */
    const char *number;   /* the full account number: only maskedNumber is ever shown */
    int64_t balance;      /* minor units */
    int64_t credit_limit; /* minor units, >= 0 */
    int64_t created_at_ms;
};

struct res_transfer {
    int64_t id;
    const char *reference;   /* "TX-7GQ2-84KD" */
    const char *kind;        /* TransferKind */
    const char *status;      /* TransferStatus */
    int64_t from_account_id; /* 0 for a DEPOSIT */
    int64_t to_account_id;
    int64_t from_user_id; /* owner of the source account; 0 for a DEPOSIT or the bank */
    int64_t to_user_id;   /* owner of the destination account */
    int64_t amount;       /* minor units, > 0 */
    const char *currency;
    const char *memo;          /* NULL when none */
    const char *review_reason; /* NULL when none */
    int64_t created_at_ms;
};

struct res_ledger_entry {
    int64_t id;
    int64_t account_id;
    int64_t transfer_id;
    int64_t amount;        /* signed: negative for money out of the account */
    int64_t balance_after; /* minor units */
    int64_t at_ms;
};

struct res_card {
    int64_t id;
    int64_t account_id;
    int64_t user_id;    /* owner of the account */
    const char *kind;   /* CardKind */
    const char *status; /* CardStatus */
    const char *brand;
    const char *last4;
    int64_t expiry_month;
    int64_t expiry_year;
    int64_t daily_limit; /* minor units */
    int64_t created_at_ms;
};

/* GraphQL type names of the OPAQUE values. */
#define RES_TYPE_USER "User"
#define RES_TYPE_PUBLIC_USER "PublicUser"
#define RES_TYPE_ACCOUNT "Account"
#define RES_TYPE_TRANSFER "Transfer"
#define RES_TYPE_LEDGER_ENTRY "LedgerEntry"
#define RES_TYPE_CARD "Card"

/*---------------------------------------------------------------------------------------------
 * Canonical SELECT lists. Write queries as
 *     "SELECT " RES_TRANSFER_COLUMNS " FROM " RES_TRANSFER_FROM " WHERE ... ORDER BY t.id DESC"
 * so that res_*_from_row can read the rows (columns are found by name, so extra columns are
 * fine). Aliases: users u, accounts a, transfers t (with fa/ta: its accounts), ledger_entries e.
 *-------------------------------------------------------------------------------------------*/

#define RES_MS(col) "floor(extract(epoch FROM " col ") * 1000)::bigint"

#define RES_USER_COLUMNS                                                                           \
    "u.id, u.username, u.email, u.display_name, u.role, u.status, " RES_MS(                        \
        "u.created_at") " AS created_at_ms"

#define RES_ACCOUNT_COLUMNS                                                                        \
    "a.id, a.user_id, a.type, a.status, a.currency, a.nickname, a.number, a.balance, "             \
    "a.credit_limit, " RES_MS("a.created_at") " AS created_at_ms"

#define RES_TRANSFER_COLUMNS                                                                       \
    "t.id, t.reference, t.kind, t.status, t.from_account_id, t.to_account_id, "                    \
    "fa.user_id AS from_user_id, ta.user_id AS to_user_id, t.amount, t.currency, t.memo, "         \
    "t.review_reason, " RES_MS("t.created_at") " AS created_at_ms"
#define RES_TRANSFER_FROM                                                                          \
    "transfers t JOIN accounts ta ON ta.id = t.to_account_id "                                     \
    "LEFT JOIN accounts fa ON fa.id = t.from_account_id"

#define RES_LEDGER_ENTRY_COLUMNS                                                                   \
    "e.id, e.account_id, e.transfer_id, e.amount, e.balance_after, " RES_MS(                       \
        "e.created_at") " AS at_ms"

#define RES_CARD_COLUMNS                                                                           \
    "c.id, c.account_id, ca.user_id, c.kind, c.status, c.brand, c.last4, c.expiry_month, "         \
    "c.expiry_year, c.daily_limit, " RES_MS("c.created_at") " AS created_at_ms"
#define RES_CARD_FROM "cards c JOIN accounts ca ON ca.id = c.account_id"

/*
 * Read row `row` of res into *out (strings copied into a). Columns are looked up by name
 * (id, username, ... as in the lists above; a missing nullable column reads as NULL).
 * Return 0, or -1 when a required column is missing or malformed (a programming error:
 * answer INTERNAL_SERVER_ERROR).
 */
int res_user_from_row(struct arena *a, const PGresult *res, int row, struct res_user *out);
int res_account_from_row(struct arena *a, const PGresult *res, int row, struct res_account *out);
int res_transfer_from_row(struct arena *a, const PGresult *res, int row, struct res_transfer *out);
int res_ledger_entry_from_row(struct arena *a,
                              const PGresult *res,
                              int row,
                              struct res_ledger_entry *out);
int res_card_from_row(struct arena *a, const PGresult *res, int row, struct res_card *out);

/*---------------------------------------------------------------------------------------------
 * Values. Each copies nothing (the struct must live in the request arena), primes the
 * request's loaders with the ids the object refers to, and caches the object itself so a
 * later lookup by id does not query again.
 *-------------------------------------------------------------------------------------------*/

/* A User (full view: only for the user themself or an ADMIN). */
struct gql_val res_user_val(struct app_request *r, const struct res_user *u);
/* A PublicUser (id, username, displayName) of any user. */
struct gql_val res_public_user_val(struct app_request *r, const struct res_user *u);
/* An Account (full or public view, decided per field by visibility). */
struct gql_val res_account_val(struct app_request *r, const struct res_account *acc);
struct gql_val res_transfer_val(struct app_request *r, const struct res_transfer *t);
struct gql_val res_ledger_entry_val(struct app_request *r, const struct res_ledger_entry *e);
/* A Card (the caller must own it or be an ADMIN). */
struct gql_val res_card_val(struct app_request *r, const struct res_card *c);

/* The struct behind an OPAQUE value of the given type name, or NULL. */
const void *res_opaque(const struct gql_val *v, const char *type_name);

/*---------------------------------------------------------------------------------------------
 * Batch loaders (per request). want: adds an id to the pending set (no query). load: returns
 * the cached object, or loads every pending id of that kind (this one included) in one
 * statement first. *out is NULL when no such row exists. Returns 0, or GQL_RESOLVE_ERROR with
 * the error recorded on info's field (SERVICE_UNAVAILABLE / INTERNAL_SERVER_ERROR).
 *-------------------------------------------------------------------------------------------*/

void res_want_user(struct app_request *r, int64_t id);
void res_want_account(struct app_request *r, int64_t id);
void res_want_transfer(struct app_request *r, int64_t id);

int res_load_user(const struct gql_resolve_info *info, int64_t id, const struct res_user **out);
int
res_load_account(const struct gql_resolve_info *info, int64_t id, const struct res_account **out);
int
res_load_transfer(const struct gql_resolve_info *info, int64_t id, const struct res_transfer **out);

/*
 * The accounts of a user (oldest first), loaded for every user whose full User value was
 * built in this request in one statement. *out is an arena array of *count pointers.
 */
int res_load_user_accounts(const struct gql_resolve_info *info,
                           int64_t user_id,
                           const struct res_account *const **out,
                           size_t *count);

/*
 * The cards of a user's accounts (oldest first) and the user's KycProfile value (an OBJECT
 * read by the default resolver: status NONE with nulls when no profile exists), each loaded
 * for every user whose full User value was built in this request in one statement.
 */
int res_load_user_cards(const struct gql_resolve_info *info,
                        int64_t user_id,
                        const struct res_card *const **out,
                        size_t *count);
int res_load_user_kyc(const struct gql_resolve_info *info, int64_t user_id, struct gql_val *out);

/*
 * A KycProfile value (OBJECT, masked forms only) from row `row` of res, which has the columns
 * status, aadhaar_last4, document_type, document_last4, submitted_at_ms, reviewed_at_ms and
 * review_note; res NULL (row -1) gives the profile of a user who never submitted.
 */
struct gql_val res_kyc_val(struct arena *a, const PGresult *res, int row);

/* A card by id (NULL when none). */
int res_load_card(const struct gql_resolve_info *info, int64_t id, const struct res_card **out);

/*
 * Forgets a cached object after the resolver changed its row (e.g. setAccountStatus), so the
 * next load reads it again. Values already built keep pointing to the old struct: build the
 * returned value from the fresh row.
 */
void res_forget_account(struct app_request *r, int64_t id);
void res_forget_user(struct app_request *r, int64_t id);

/*
 * Statements run by this request through the model layer's helpers (res_exec), for tests
 * and logs.
 */
unsigned res_statement_count(const struct app_request *r);

/*---------------------------------------------------------------------------------------------
 * Visibility and common resolver helpers.
 *-------------------------------------------------------------------------------------------*/

bool res_is_admin(const struct app_request *r);
/*
 * Lets the rest of this response show user_id's own objects: register, login and
 * refreshToken return the signed-in user's AuthPayload to a request that carried no token.
 */
void res_set_viewer(struct app_request *r, int64_t user_id);
/* The caller is this user, or an ADMIN. */
bool res_can_see_user(const struct app_request *r, int64_t user_id);
/* The caller owns the account, or is an ADMIN. */
bool res_can_see_account(const struct app_request *r, const struct res_account *acc);
/* The caller sent or received the transfer (owns either account), or is an ADMIN. */
bool res_can_see_transfer(const struct app_request *r, const struct res_transfer *t);

/*
 * Runs st with params on the request's connection (acquired lazily), checks the status and
 * ties the result to the request arena (PQclear at the end of the request). Returns 0 with
 * *out set, or a negative contract error (-WALLET_ESERVICE_UNAVAILABLE,
 * -WALLET_EINTERNAL_SERVER_ERROR); *sqlstate (may be NULL) as db_result_check gives it.
 * Counted by res_statement_count.
 */
int res_exec(struct app_request *r,
             const struct db_stmt *st,
             const char *const *params,
             ExecStatusType expect,
             PGresult **out,
             const char **sqlstate);

/* Like res_exec for a parameterless SQL text (BEGIN, COMMIT, ROLLBACK). */
int res_exec_sql(struct app_request *r, const char *sql, ExecStatusType expect);

/* An int64 as decimal text in the arena (for statement parameters). */
const char *res_i64(struct arena *a, int64_t v);

/* Reads an int64 column value (decimal text); -1 when NULL or malformed. */
int res_get_i64(const PGresult *res, int row, const char *column, int64_t *out);
/* A text column copied into the arena, or NULL when SQL NULL or missing. */
const char *res_get_text(struct arena *a, const PGresult *res, int row, const char *column);

/* A Money value (decimal2 scalar) of minor units. */
struct gql_val res_money_val(int64_t minor);
/* A DateTime value of milliseconds since the epoch. */
struct gql_val res_datetime_val(int64_t ms);

/*---------------------------------------------------------------------------------------------
 * Transactions and input text.
 *-------------------------------------------------------------------------------------------*/

/* BEGIN / COMMIT on the request's connection: 0 or a negative contract error. */
int res_begin(struct app_request *r);
int res_commit(struct app_request *r);
/* ROLLBACK when a transaction is open on the request's connection (failures ignored). */
void res_rollback(struct app_request *r);

/*
 * Ends a mutation's transaction: finishes the audit details d, appends the request's audit
 * entry (action on target_type/target_id) and commits, so the change and its audit row land
 * together. 0, or a negative contract error with the transaction still open (roll it back).
 */
int res_audit_commit(struct app_request *r,
                     struct app_audit_details *d,
                     const char *action,
                     const char *target_type,
                     const char *target_id);

/*
 * Checks a human-readable text input s[0..len): trimmed of ASCII spaces at both ends, then
 * valid UTF-8 of min_chars..max_chars code points without control characters (C0, DEL, C1)
 * or U+2028/U+2029. Returns 0 with *out set to the trimmed copy in a, or -1.
 */
int res_text_check(struct arena *a,
                   const char *s,
                   size_t len,
                   size_t min_chars,
                   size_t max_chars,
                   const char **out);

/*
 * A LIKE pattern matching every text that starts with s: '\\', '%' and '_' escaped with
 * '\\' (the default escape), then '%'. Arena string. Use with lower() on both sides to match
 * the lower(...) text_pattern_ops indexes.
 */
const char *res_like_prefix(struct arena *a, const char *s);

/* The STRING value of an input object's member (NULL when absent, null or not a string). */
const struct gql_val *res_input_string(const struct gql_val *obj, const char *key);

#endif
