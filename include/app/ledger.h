/*
 * The money-movement core (contract §4 "Money and transfers", "Idempotency"; issue 5
 * "Transfers", "Speed by design"): transfers between accounts, deposits from the bank's
 * FUNDING account, and the review of transfers held in its SUSPENSE account.
 *
 * Every call is one database transaction that either records the whole movement or nothing:
 * the idempotency key row, both account rows locked with SELECT ... FOR UPDATE in ascending
 * id order (balances re-read after locking), one debit and one credit ledger line each with
 * its balance_after, both balances, the transfer row, the key's result and the audit entry
 * (app/audit.h, in the actor's chain). The business rules are checked in C on the locked
 * rows; the database's CHECK constraints and unique indexes back them up.
 *
 * Round trips decide a transfer's throughput, so the statements go to PostgreSQL together,
 * in libpq pipeline mode, prepared on the connection:
 *
 *   1. BEGIN, claim the idempotency key, read it back, lock the accounts, lock the actor's
 *      audit chain head, read the sender's KYC status and today's total and draw the new
 *      transfer's id;
 *   2. the movement (transfer row, both balances, both ledger lines, in one statement), the
 *      key's result, the audit entry and COMMIT;
 *
 * or, when a rule refuses the transfer or the key was used before, ROLLBACK as the second
 * round trip. The audit head lock taken in round trip 1 also serialises one actor's
 * movements, so the per-day limits count every earlier transfer of the day. A transaction
 * the database refuses for concurrency (SQLSTATE 40001, 40P01, 55P03) or a reference that
 * happened to be taken is retried from the start, at most APP_LEDGER_MAX_ATTEMPTS times.
 *
 * The connection must have no transaction open; it is left the same way (and out of
 * pipeline mode) on return, or marked broken when it was lost.
 */
#ifndef WALLET_APP_LEDGER_H
#define WALLET_APP_LEDGER_H

#include "db/pool.h"

#include <stdbool.h>
#include <stdint.h>

struct arena;

/* Contract limits in minor units (paise). */
#define APP_LEDGER_AMOUNT_MAX INT64_C(1000000000000)        /* 10,000,000,000.00 */
#define APP_LEDGER_UNVERIFIED_PER_TRANSFER INT64_C(1000000) /* 10,000.00 without VERIFIED KYC */
#define APP_LEDGER_UNVERIFIED_PER_DAY INT64_C(2500000)      /* 25,000.00 sent a UTC day */
#define APP_LEDGER_VERIFIED_PER_DAY INT64_C(100000000)      /* 1,000,000.00 sent a UTC day */
#define APP_LEDGER_REVIEW_THRESHOLD INT64_C(20000000)       /* 200,000.00: PENDING_REVIEW */

/* Longest memo and review note (the database's CHECKs). */
#define APP_LEDGER_TEXT_MAX 500

/* Attempts of one call when the database refuses a transaction for concurrency. */
#define APP_LEDGER_MAX_ATTEMPTS 5

enum app_ledger_kind {
    APP_LEDGER_TRANSFER = 0, /* from one of the actor's accounts */
    APP_LEDGER_DEPOSIT,      /* from the bank's FUNDING account (the actor is an ADMIN) */
};

/* A transfer or a deposit to record. */
struct app_ledger_move {
    enum app_ledger_kind kind;
    int64_t actor_id;            /* users.id of the caller: the sender, or the depositing ADMIN */
    int64_t from_account_id;     /* TRANSFER: the source, which must be the actor's; else 0 */
    int64_t to_account_id;       /* the destination, or 0 with to_username */
    const char *to_username;     /* TRANSFER: that user's oldest ACTIVE CHECKING account */
    int64_t amount;              /* minor units, 1..APP_LEDGER_AMOUNT_MAX */
    const char *memo;            /* checked text of at most APP_LEDGER_TEXT_MAX characters, or
                                    NULL */
    const char *idempotency_key; /* required (app_idempotency_key_valid) */
    const char *request_id;      /* for the audit entry (may be NULL) */
    const char *client_ip;       /* for the audit entry (may be NULL) */
    int64_t at_ms;               /* 0: now; else the movement's time (seed-demo's history) */
};

/* An ADMIN's decision on a PENDING_REVIEW transfer. */
struct app_ledger_review {
    int64_t actor_id;       /* the ADMIN */
    int64_t transfer_id;    /* transfers.id */
    bool approve;           /* true: suspense -> receiver (COMPLETED); false: back (REJECTED) */
    const char *note;       /* checked text, or NULL */
    const char *request_id; /* for the audit entry (may be NULL) */
    const char *client_ip;  /* for the audit entry (may be NULL) */
};

/* A transfer as recorded and answered; strings live in the caller's arena. */
struct app_ledger_transfer {
    int64_t id;
    const char *reference;     /* "TX-7GQ2-84KD" */
    const char *kind;          /* "TRANSFER" or "DEPOSIT" */
    const char *status;        /* "COMPLETED", "PENDING_REVIEW" or "REJECTED" */
    int64_t from_account_id;   /* 0 for a DEPOSIT */
    int64_t to_account_id;     /* the receiver's account (not the suspense account) */
    int64_t from_user_id;      /* owner of the source; 0 for a DEPOSIT */
    int64_t to_user_id;        /* owner of the destination */
    int64_t amount;            /* minor units */
    const char *currency;      /* "INR" */
    const char *memo;          /* NULL when none */
    const char *review_reason; /* NULL when none */
    int64_t created_at_ms;
    bool replayed; /* recorded by an earlier request with the same key and input */
};

/*
 * Records a transfer or a deposit, or answers the one an earlier request with the same
 * idempotency key and input recorded (out->replayed; no money moves again). Returns 0 with
 * *out filled, or a negative contract error with *why set to a client-safe message:
 *   NOT_FOUND            the source is not the actor's, or no such destination (for
 *                        toUsername: no such user with a CHECKING account)
 *   BAD_USER_INPUT       source and destination are the same account; other currencies
 *   ACCOUNT_FROZEN       the source or the destination is not ACTIVE
 *   KYC_REQUIRED         without VERIFIED KYC: above 10,000.00, or 25,000.00 sent today
 *   LIMIT_EXCEEDED       with it: above 1,000,000.00 sent today
 *   INSUFFICIENT_FUNDS   the source would go below minus its credit limit
 *   IDEMPOTENCY_KEY_REUSED, IDEMPOTENCY_IN_PROGRESS   see app/idempotency.h
 *   SERVICE_UNAVAILABLE  the connection was lost, or concurrency retries ran out
 *   INTERNAL_SERVER_ERROR anything else
 * A refused request leaves nothing behind, its key included. m's fields are checked by the
 * caller (amount range, key syntax, text).
 */
int app_ledger_move(struct db_conn *conn,
                    struct arena *a,
                    const struct app_ledger_move *m,
                    struct app_ledger_transfer *out,
                    const char **why);

/*
 * Approves (suspense -> receiver, COMPLETED) or rejects (suspense -> sender, REJECTED, the
 * note or a default as reviewReason) a PENDING_REVIEW transfer. Returns 0 with *out set to
 * the reviewed transfer, or a negative contract error with *why: NOT_FOUND (no such
 * transfer), BAD_USER_INPUT (not PENDING_REVIEW), ACCOUNT_FROZEN (approval into an account
 * that is no longer ACTIVE), SERVICE_UNAVAILABLE, INTERNAL_SERVER_ERROR.
 */
int app_ledger_review(struct db_conn *conn,
                      struct arena *a,
                      const struct app_ledger_review *rv,
                      struct app_ledger_transfer *out,
                      const char **why);

/*---------------------------------------------------------------------------------------------
 * The statements of a transfer, in pipeline order, for test/bench/bench_transfer.c, which
 * runs the same SQL through pgbench. Round trip 1: begin, app_idempotency_stmt_claim,
 * app_idempotency_stmt_probe, lock, app_audit_stmt_head, prelude; round trip 2: move,
 * app_idempotency_stmt_complete, app_audit_stmt_append, commit.
 *-------------------------------------------------------------------------------------------*/

/* BEGIN. */
extern const struct db_stmt app_ledger_stmt_begin;
/*
 * Locks the movement's accounts FOR UPDATE in id order: $1 source id (NULL for a deposit),
 * $2 destination id (NULL with $3), $3 destination username, $4 system role of the bank
 * account also needed ('FUNDING', 'SUSPENSE' or NULL), in the source's (else the
 * destination's) currency. Columns id, user_id, status, currency, balance, credit_limit,
 * system_role, dest_id (the destination's id).
 */
extern const struct db_stmt app_ledger_stmt_lock;
/*
 * $1 actor: transfer_id (the new transfer's id), now_ms, kyc (the actor's KYC status or NULL),
 * sent_today (minor units of TRANSFERs made today, UTC, not REJECTED).
 */
extern const struct db_stmt app_ledger_stmt_prelude;
/*
 * The movement: $1 id, $2 reference, $3 kind, $4 status, $5 source (NULL), $6 destination,
 * $7 amount, $8 currency, $9 memo, $10 review reason, $11 created_by, $12 created_at (NULL:
 * now), $13 debited account, $14 credited account. INSERT 0 2 (the ledger lines).
 */
extern const struct db_stmt app_ledger_stmt_move;
/* COMMIT. */
extern const struct db_stmt app_ledger_stmt_commit;

#endif
