/*
 * The audit log (contract §4 "Audit"): append-only, hash-chained entries written in the same
 * transaction as the change they record, and the verifier that walks every chain.
 *
 * Chains. Entries are partitioned into chains so that writers who share nothing never queue
 * behind one chain head: by default an entry goes to its actor's chain "user:<id>", or to
 * "system" when there is no actor (anonymous sign-in attempts, start-up events). A writer
 * locks its chain's head row (table audit_chain_heads, INSERT ... ON CONFLICT DO UPDATE, which
 * also creates a new chain's head), computes
 *     hash = SHA-256(prev_hash || canonical(chain, seq, at, actor_id, action, target_type,
 *                                            target_id, request_id, ip, details))
 * (crypto/audit_hash.h audit_hash_link_fields), inserts the entry with seq = head.seq + 1 and
 * moves the head, in two statements. The head lock serialises writers of one chain until
 * their transactions end, so concurrent writers can never fork a chain (UNIQUE (chain, seq)
 * backs this up); writers of other chains never touch that row.
 *
 * Transactions. Append inside the caller's transaction, AFTER its other writes and locks and
 * just before COMMIT: the head lock is then held only for the commit, and the order of locks
 * (rows first, audit head last) cannot deadlock. When the connection has no transaction open,
 * the append runs in one of its own. Rolled back with the caller's transaction, an entry
 * never existed (and neither did the head move).
 *
 * Details are a JSON object text, stored and hashed exactly as given. They never hold a
 * secret, a token or a full identity number: build them with struct app_audit_details, which
 * refuses keys naming secrets (password, token, secret, aadhaar, cvv, card number, ...).
 */
#ifndef WALLET_APP_AUDIT_H
#define WALLET_APP_AUDIT_H

#include "app/request.h"
#include "core/strbuf.h"
#include "crypto/audit_hash.h"
#include "db/pool.h"

#include <libpq-fe.h>
#include <stdbool.h>
#include <stdint.h>

/* Chain of entries without an actor. */
#define APP_AUDIT_SYSTEM_CHAIN "system"
/* Longest chain name (the database's CHECK allows 64). */
#define APP_AUDIT_CHAIN_MAX 64

/* One entry to append. Every string may be NULL unless marked required. */
struct app_audit_entry {
    int64_t actor_id;        /* users.id of who acted, 0 = nobody (anonymous or the system) */
    const char *chain;       /* NULL: "user:<actor_id>", or "system" when actor_id is 0 */
    const char *action;      /* required, e.g. "LOGIN_FAILED" ([A-Za-z][A-Za-z0-9_.:-]*) */
    const char *target_type; /* e.g. "user", "account", "transfer" ([a-z][a-z_]*) */
    const char *target_id;   /* the target row's id as text */
    const char *request_id;  /* X-Request-ID of the request */
    const char *ip;          /* client IP */
    const char *details;     /* JSON object text; NULL = "{}" */
};

/*
 * Appends e on a pooled connection (inside its open transaction, or in one of its own).
 * Returns 0 with *id (may be NULL) set to the new entry's id, or -WALLET_ESERVICE_UNAVAILABLE
 * (connection lost) / -WALLET_EINTERNAL_SERVER_ERROR (anything else; e.g. details that are
 * not a JSON object). On failure inside the caller's transaction, the caller must roll back.
 */
int app_audit_append(struct db_conn *conn, const struct app_audit_entry *e, int64_t *id);

/* The same on a plain libpq connection (walletd subcommands): 0 or -1. */
int app_audit_append_pg(PGconn *pg, const struct app_audit_entry *e, int64_t *id);

/*
 * Appends an entry for request r: actor_id as given (0: the signed-in user, if any), the
 * request id and client IP from r, the default chain of the actor. conn NULL means the
 * request's own connection. Returns 0 or a negative contract error.
 */
int app_audit_request(struct app_request *r,
                      struct db_conn *conn,
                      int64_t actor_id,
                      const char *action,
                      const char *target_type,
                      const char *target_id,
                      const char *details);

/*
 * The audit writer for app_services.audit (app_audit_fn): app_audit_request with the
 * signed-in user as actor.
 */
int app_audit_write(struct app_request *r,
                    struct db_conn *conn,
                    const char *action,
                    const char *target_type,
                    const char *target_id,
                    const char *details_json);

/*---------------------------------------------------------------------------------------------
 * Pipelined appends, for writers that send a transaction's statements together (libpq
 * pipeline mode; src/app/ledger.c). Queue app_audit_stmt_head ($1: the chain, from
 * app_audit_chain_of) with the transaction's other locks, AFTER them (rows first, audit head
 * last); from the row it returns, app_audit_link computes the entry's place and hash and the
 * parameters of app_audit_stmt_append, which is queued with the writes before COMMIT. The
 * head stays locked from the first round trip to COMMIT, which also serialises one actor's
 * writers (what their per-day limits need). app_audit_append does the same, one statement at
 * a time.
 *-------------------------------------------------------------------------------------------*/

/* Locks (creating if new) and reads a chain's head: $1 chain -> seq, hash, the entry's time. */
extern const struct db_stmt app_audit_stmt_head;
/* Inserts the entry and moves the head: APP_AUDIT_APPEND_PARAMS parameters -> the entry id. */
extern const struct db_stmt app_audit_stmt_append;
#define APP_AUDIT_APPEND_PARAMS 12

/* An entry placed in its chain, with the parameters of app_audit_stmt_append. */
struct app_audit_link {
    char chain[APP_AUDIT_CHAIN_MAX + 1];
    char seq[24];
    char prev[AUDIT_HASH_HEX_MAX];
    char at[40];
    char actor[24];
    char hash[AUDIT_HASH_HEX_MAX];
    const char *params[APP_AUDIT_APPEND_PARAMS]; /* point into this struct and e's strings */
};

/* The chain e is appended to: e->chain, else "user:<actor_id>", else "system". */
void app_audit_chain_of(const struct app_audit_entry *e, char out[APP_AUDIT_CHAIN_MAX + 1]);

/*
 * Places e after the head row app_audit_stmt_head returned (head) and fills l. e's strings
 * must outlive l. Returns 0, or -1 when e has no action or head is not one head row.
 */
int app_audit_link(const struct app_audit_entry *e, const PGresult *head, struct app_audit_link *l);

/*---------------------------------------------------------------------------------------------
 * Details builder: {"key":value,...} with JSON escaping; keys naming secrets are refused.
 *-------------------------------------------------------------------------------------------*/

struct app_audit_details {
    struct strbuf sb; /* the object being built (malloc'd; app_audit_details_finish frees) */
    bool refused;     /* a key named a secret: the whole object is refused */
};

void app_audit_details_init(struct app_audit_details *d);
void app_audit_details_str(struct app_audit_details *d, const char *key, const char *value);
void app_audit_details_int(struct app_audit_details *d, const char *key, int64_t value);
void app_audit_details_bool(struct app_audit_details *d, const char *key, bool value);
/*
 * Closes the object and returns it as a NUL-terminated string copied into arena a, or NULL
 * when a key named a secret (a programming error: the caller fails its request). Frees d's
 * buffer either way.
 */
const char *app_audit_details_finish(struct app_audit_details *d, struct arena *a);

/* Whether a details key names a secret (so it is refused). */
bool app_audit_key_is_secret(const char *key);

/*---------------------------------------------------------------------------------------------
 * Verification
 *-------------------------------------------------------------------------------------------*/

struct app_audit_verification {
    bool ok;                 /* every chain verified */
    int64_t checked;         /* entries checked */
    int64_t first_broken_id; /* lowest id of an entry where a chain breaks, 0 = none (also
                                when a chain's head points past its last remaining entry
                                and that chain has no entry left) */
};

/*
 * Walks every chain in (chain, seq) order in one REPEATABLE READ READ ONLY snapshot,
 * recomputing each hash, checking seq continuity, prev_hash links and that each chain head
 * matches its last entry. The connection must have no transaction open. Returns 0 with *out
 * filled, or a negative contract error.
 */
int app_audit_verify(struct db_conn *conn, struct app_audit_verification *out);

/* The same on a plain libpq connection: 0 or -1. */
int app_audit_verify_pg(PGconn *pg, struct app_audit_verification *out);

#endif
