/*
 * The money-movement core: transfers, deposits and reviews, each one transaction of two
 * pipelined round trips (see include/app/ledger.h; contract §4 "Money and transfers").
 */
#include "app/ledger.h"

#include "app/audit.h"
#include "app/idempotency.h"
#include "core/arena.h"
#include "core/errors.h"
#include "core/money.h"
#include "core/strbuf.h"
#include "crypto/tokens.h"
#include "gql/custom_scalars.h"

#include <errno.h>
#include <inttypes.h>
#include <jansson.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/*---------------------------------------------------------------------------------------------
 * Statements
 *-------------------------------------------------------------------------------------------*/

const struct db_stmt app_ledger_stmt_begin = {"app_ledger_begin", "BEGIN", 0, NULL};
const struct db_stmt app_ledger_stmt_commit = {"app_ledger_commit", "COMMIT", 0, NULL};

#define LOCKED_COLUMNS                                                                             \
    "a.id, a.user_id, a.status, a.currency, a.balance, a.credit_limit, a.system_role"

const struct db_stmt app_ledger_stmt_lock = {
    "app_ledger_lock",
    "WITH dest AS ("
    "  SELECT coalesce($2::bigint, ("
    "    SELECT c.id FROM accounts c JOIN users u ON u.id = c.user_id"
    "    WHERE lower(u.username) = lower($3::text) AND c.type = 'CHECKING'"
    "    ORDER BY c.status = 'ACTIVE' DESC, c.id LIMIT 1)) AS id) "
    "SELECT " LOCKED_COLUMNS ", (SELECT id FROM dest) AS dest_id FROM accounts a "
    "WHERE a.id = $1::bigint OR a.id = (SELECT id FROM dest) OR a.id = ("
    "  SELECT s.id FROM accounts s WHERE s.system_role = $4::text AND s.currency = ("
    "    SELECT x.currency FROM accounts x"
    "    WHERE x.id = coalesce($1::bigint, (SELECT id FROM dest)))) "
    "ORDER BY a.id FOR UPDATE OF a",
    4,
    NULL,
};

const struct db_stmt app_ledger_stmt_prelude = {
    "app_ledger_prelude",
    "SELECT nextval(pg_get_serial_sequence('transfers', 'id')) AS transfer_id, "
    "floor(extract(epoch FROM now()) * 1000)::bigint AS now_ms, "
    "(SELECT k.status FROM kyc_profiles k WHERE k.user_id = $1::bigint) AS kyc, "
    "(SELECT coalesce(sum(t.amount), 0) FROM transfers t WHERE t.created_by = $1::bigint "
    " AND t.kind = 'TRANSFER' AND t.status <> 'REJECTED' "
    " AND t.created_at >= date_trunc('day', now(), 'UTC')) AS sent_today",
    1,
    NULL,
};

/*
 * The balances move in one UPDATE joined with the new transfer row (so nothing moves without
 * it), and the ledger lines take each account's balance after the update.
 */
const struct db_stmt app_ledger_stmt_move = {
    "app_ledger_move",
    "WITH t AS ("
    "  INSERT INTO transfers (id, reference, kind, status, from_account_id, to_account_id,"
    "                         amount, currency, memo, review_reason, created_by, created_at)"
    "  OVERRIDING SYSTEM VALUE"
    "  VALUES ($1::bigint, $2, $3, $4, $5::bigint, $6::bigint, $7::bigint, $8, $9, $10,"
    "          $11::bigint, coalesce($12::timestamptz, now()))"
    "  RETURNING id, created_at), "
    "m AS ("
    "  UPDATE accounts a SET balance = a.balance + v.delta, updated_at = now()"
    "  FROM (VALUES ($13::bigint, -$7::bigint), ($14::bigint, $7::bigint)) AS v (id, delta), t"
    "  WHERE a.id = v.id RETURNING a.id, v.delta, a.balance) "
    "INSERT INTO ledger_entries (transfer_id, account_id, amount, balance_after, created_at) "
    "SELECT t.id, m.id, m.delta, m.balance, t.created_at FROM t, m",
    14,
    NULL,
};

#define TRANSFER_ROW_COLUMNS                                                                       \
    "t.id, t.reference, t.kind, t.status, t.from_account_id, t.to_account_id, "                    \
    "fa.user_id AS from_user_id, ta.user_id AS to_user_id, t.amount, t.currency, t.memo, "         \
    "t.review_reason, floor(extract(epoch FROM t.created_at) * 1000)::bigint AS created_at_ms"

/* Locks a transfer under review ($1). NO KEY UPDATE: ledger lines' foreign keys still pass. */
static const struct db_stmt stmt_review_transfer = {
    "app_ledger_review_transfer",
    "SELECT " TRANSFER_ROW_COLUMNS " FROM transfers t "
    "JOIN accounts ta ON ta.id = t.to_account_id "
    "LEFT JOIN accounts fa ON fa.id = t.from_account_id "
    "WHERE t.id = $1::bigint FOR NO KEY UPDATE OF t",
    1,
    NULL,
};

/* Locks the suspense account and the receiver ($2 true) or the sender of transfer $1. */
static const struct db_stmt stmt_review_accounts = {
    "app_ledger_review_accounts",
    "SELECT " LOCKED_COLUMNS ", NULL::bigint AS dest_id FROM transfers t, accounts a "
    "WHERE t.id = $1::bigint AND a.id IN ("
    "  CASE WHEN $2::boolean THEN t.to_account_id ELSE t.from_account_id END,"
    "  (SELECT s.id FROM accounts s WHERE s.system_role = 'SUSPENSE' AND s.currency = t.currency))"
    " ORDER BY a.id FOR UPDATE OF a",
    2,
    NULL,
};

/* $1 transfer, $2 status, $3 review reason (NULL keeps), $4 note, $5 reviewer, $6 debited
 * (suspense), $7 credited, $8 amount. */
static const struct db_stmt stmt_review_move = {
    "app_ledger_review_move",
    "WITH t AS ("
    "  UPDATE transfers SET status = $2, review_reason = coalesce($3, review_reason),"
    "         review_note = $4, reviewed_at = now(), reviewed_by = $5::bigint"
    "  WHERE id = $1::bigint AND status = 'PENDING_REVIEW' RETURNING id), "
    "m AS ("
    "  UPDATE accounts a SET balance = a.balance + v.delta, updated_at = now()"
    "  FROM (VALUES ($6::bigint, -$8::bigint), ($7::bigint, $8::bigint)) AS v (id, delta), t"
    "  WHERE a.id = v.id RETURNING a.id, v.delta, a.balance) "
    "INSERT INTO ledger_entries (transfer_id, account_id, amount, balance_after, created_at) "
    "SELECT t.id, m.id, m.delta, m.balance, now() FROM t, m",
    8,
    NULL,
};

/* Every statement a call may queue: prepared before the pipeline starts. */
static const struct db_stmt *const all_statements[] = {
    &app_ledger_stmt_begin,
    &app_ledger_stmt_commit,
    &app_ledger_stmt_lock,
    &app_ledger_stmt_prelude,
    &app_ledger_stmt_move,
    &stmt_review_transfer,
    &stmt_review_accounts,
    &stmt_review_move,
    &app_idempotency_stmt_claim,
    &app_idempotency_stmt_probe,
    &app_idempotency_stmt_complete,
    &app_audit_stmt_head,
    &app_audit_stmt_append,
};

/*---------------------------------------------------------------------------------------------
 * Pipelines: statements queued, one sync, every result checked.
 *-------------------------------------------------------------------------------------------*/

/* Returned by pipe_sync for a transaction worth running again from the start. */
#define RETRY 1
#define PIPE_MAX 8

struct pipe {
    struct db_conn *conn;
    PGconn *pg;
    size_t n; /* statements queued since the last sync */
    ExecStatusType expect[PIPE_MAX];
    PGresult *res[PIPE_MAX]; /* results of the last sync (owned) */
    bool send_failed;        /* a statement could not be queued */
};

static void
pipe_clear(struct pipe *p)
{
    for (size_t i = 0; i < PIPE_MAX; i++) {
        PQclear(p->res[i]);
        p->res[i] = NULL;
    }
    p->n = 0;
}

/* Prepares every statement on the connection (once per connection) and enters pipeline mode. */
static int
pipe_open(struct pipe *p, struct db_conn *conn)
{
    memset(p, 0, sizeof(*p));
    p->conn = conn;
    p->pg = db_conn_pg(conn);
    if (db_conn_is_broken(conn) || PQtransactionStatus(p->pg) != PQTRANS_IDLE)
        return -WALLET_EINTERNAL_SERVER_ERROR;
    for (size_t i = 0; i < sizeof(all_statements) / sizeof(all_statements[0]); i++)
        if (db_conn_prepare(conn, all_statements[i]) < 0)
            return db_conn_is_broken(conn) ? -WALLET_ESERVICE_UNAVAILABLE
                                           : -WALLET_EINTERNAL_SERVER_ERROR;
    if (PQenterPipelineMode(p->pg) != 1)
        return -WALLET_EINTERNAL_SERVER_ERROR;
    return 0;
}

static void
pipe_send(struct pipe *p,
          const struct db_stmt *st,
          const char *const *params,
          ExecStatusType expect)
{
    if (p->send_failed || p->n == PIPE_MAX) {
        p->send_failed = true;
        return;
    }
    if (PQsendQueryPrepared(p->pg, st->name, st->nparams, params, NULL, NULL, 0) != 1) {
        p->send_failed = true;
        return;
    }
    p->expect[p->n++] = expect;
}

/* What a failed statement means for the transaction. */
static int
classify(const PGresult *r, const char *sqlstate, const char **why)
{
    const char *constraint = PQresultErrorField(r, PG_DIAG_CONSTRAINT_NAME);
    if (strcmp(sqlstate, "40001") == 0 || strcmp(sqlstate, "40P01") == 0 ||
        strcmp(sqlstate, "55P03") == 0)
        return RETRY;
    /* A random reference that happened to be taken: draw another. */
    if (strcmp(sqlstate, "23505") == 0 && constraint != NULL &&
        strcmp(constraint, "transfers_reference_key") == 0)
        return RETRY;
    /* The CHECK behind the C rule: an overdraft never commits. */
    if (strcmp(sqlstate, "23514") == 0 && constraint != NULL &&
        strcmp(constraint, "accounts_balance_within_limit") == 0) {
        *why = "Insufficient funds";
        return -WALLET_EINSUFFICIENT_FUNDS;
    }
    return -WALLET_EINTERNAL_SERVER_ERROR;
}

/*
 * Sends a sync and reads every queued statement's result, checking each against its expected
 * status. Returns 0; RETRY; -WALLET_ESERVICE_UNAVAILABLE (connection lost: marked broken);
 * or another negative contract error (*why set when it is not internal).
 */
static int
pipe_sync(struct pipe *p, const char **why)
{
    if (p->send_failed || PQpipelineSync(p->pg) != 1) {
        db_conn_mark_broken(p->conn);
        return -WALLET_ESERVICE_UNAVAILABLE;
    }
    int rc = 0;
    for (size_t i = 0; i < p->n; i++) {
        PGresult *r = PQgetResult(p->pg);
        p->res[i] = r;
        if (r == NULL) {
            db_conn_mark_broken(p->conn);
            return -WALLET_ESERVICE_UNAVAILABLE;
        }
        /* Each statement's results end with a NULL. */
        PGresult *end = PQgetResult(p->pg);
        if (end != NULL) {
            PQclear(end);
            db_conn_mark_broken(p->conn);
            return -WALLET_ESERVICE_UNAVAILABLE;
        }
        if (rc != 0 || PQresultStatus(r) == PGRES_PIPELINE_ABORTED)
            continue; /* the first failure decides */
        const char *sqlstate = "";
        int crc = db_result_check(p->conn, r, p->expect[i], &sqlstate);
        if (crc == -WALLET_ESERVICE_UNAVAILABLE)
            return crc;
        if (crc < 0)
            rc = classify(r, sqlstate, why);
    }
    PGresult *sync = PQgetResult(p->pg);
    bool synced = sync != NULL && PQresultStatus(sync) == PGRES_PIPELINE_SYNC;
    PQclear(sync);
    if (!synced) {
        db_conn_mark_broken(p->conn);
        return -WALLET_ESERVICE_UNAVAILABLE;
    }
    return rc;
}

/* Leaves pipeline mode and ends a transaction still open (rolled back). */
static void
pipe_close(struct pipe *p)
{
    pipe_clear(p);
    if (db_conn_is_broken(p->conn))
        return;
    if (PQpipelineStatus(p->pg) != PQ_PIPELINE_OFF && PQexitPipelineMode(p->pg) != 1) {
        db_conn_mark_broken(p->conn);
        return;
    }
    PGTransactionStatusType ts = PQtransactionStatus(p->pg);
    if (ts == PQTRANS_INTRANS || ts == PQTRANS_INERROR) {
        PGresult *r = db_exec_sql(p->conn, "ROLLBACK");
        if (db_result_check(p->conn, r, PGRES_COMMAND_OK, NULL) < 0)
            db_conn_mark_broken(p->conn);
        PQclear(r);
    }
}

/* Whether a command result affected exactly n rows. */
static bool
affected(const PGresult *r, const char *n)
{
    return r != NULL && strcmp(PQcmdTuples((PGresult *)r), n) == 0;
}

/*---------------------------------------------------------------------------------------------
 * Rows
 *-------------------------------------------------------------------------------------------*/

static int
get_i64(const PGresult *res, int row, const char *column, int64_t *out)
{
    int col = PQfnumber(res, column);
    if (col < 0)
        return -1;
    if (PQgetisnull(res, row, col)) {
        *out = 0;
        return 0;
    }
    const char *s = PQgetvalue(res, row, col);
    char *end;
    errno = 0;
    long long v = strtoll(s, &end, 10);
    if (end == s || *end != '\0' || errno != 0)
        return -1;
    *out = (int64_t)v;
    return 0;
}

/* A text column copied into the arena; NULL when SQL NULL or missing. */
static const char *
get_text(struct arena *a, const PGresult *res, int row, const char *column)
{
    int col = PQfnumber(res, column);
    if (col < 0 || PQgetisnull(res, row, col))
        return NULL;
    return arena_strndup(a, PQgetvalue(res, row, col), (size_t)PQgetlength(res, row, col));
}

/* A locked account row. */
struct locked {
    int64_t id;
    int64_t user_id; /* 0 for the bank's own accounts */
    const char *status;
    const char *currency;
    int64_t balance;
    int64_t credit_limit;
    const char *system_role; /* NULL for a customer's account */
};

struct locked_set {
    struct locked rows[3];
    int n;
    int64_t dest_id; /* the destination the lock statement resolved (0: none) */
};

static int
read_locked(struct arena *a, const PGresult *res, struct locked_set *out)
{
    memset(out, 0, sizeof(*out));
    int n = PQntuples(res);
    if (n > 3)
        return -1;
    for (int i = 0; i < n; i++) {
        struct locked *l = &out->rows[i];
        l->status = get_text(a, res, i, "status");
        l->currency = get_text(a, res, i, "currency");
        l->system_role = get_text(a, res, i, "system_role");
        if (get_i64(res, i, "id", &l->id) < 0 || get_i64(res, i, "user_id", &l->user_id) < 0 ||
            get_i64(res, i, "balance", &l->balance) < 0 ||
            get_i64(res, i, "credit_limit", &l->credit_limit) < 0 ||
            get_i64(res, i, "dest_id", &out->dest_id) < 0 || l->status == NULL ||
            l->currency == NULL)
            return -1;
    }
    out->n = n;
    return 0;
}

static const struct locked *
locked_by_id(const struct locked_set *s, int64_t id)
{
    for (int i = 0; id > 0 && i < s->n; i++)
        if (s->rows[i].id == id)
            return &s->rows[i];
    return NULL;
}

static const struct locked *
locked_by_role(const struct locked_set *s, const char *role)
{
    for (int i = 0; role != NULL && i < s->n; i++)
        if (s->rows[i].system_role != NULL && strcmp(s->rows[i].system_role, role) == 0)
            return &s->rows[i];
    return NULL;
}

static int
read_transfer_row(struct arena *a, const PGresult *res, struct app_ledger_transfer *t)
{
    memset(t, 0, sizeof(*t));
    t->reference = get_text(a, res, 0, "reference");
    t->kind = get_text(a, res, 0, "kind");
    t->status = get_text(a, res, 0, "status");
    t->currency = get_text(a, res, 0, "currency");
    t->memo = get_text(a, res, 0, "memo");
    t->review_reason = get_text(a, res, 0, "review_reason");
    if (get_i64(res, 0, "id", &t->id) < 0 ||
        get_i64(res, 0, "from_account_id", &t->from_account_id) < 0 ||
        get_i64(res, 0, "to_account_id", &t->to_account_id) < 0 ||
        get_i64(res, 0, "from_user_id", &t->from_user_id) < 0 ||
        get_i64(res, 0, "to_user_id", &t->to_user_id) < 0 ||
        get_i64(res, 0, "amount", &t->amount) < 0 ||
        get_i64(res, 0, "created_at_ms", &t->created_at_ms) < 0 || t->reference == NULL ||
        t->kind == NULL || t->status == NULL || t->currency == NULL)
        return -1;
    return 0;
}

/*---------------------------------------------------------------------------------------------
 * The answer stored with an idempotency key: the transfer as first answered, as JSON
 * (integers for money and times, never floats).
 *-------------------------------------------------------------------------------------------*/

static void
json_member_str(struct strbuf *sb, const char *key, const char *value)
{
    strbuf_printf(sb, ",\"%s\":", key);
    if (value == NULL)
        strbuf_puts(sb, "null");
    else
        strbuf_append_json_string(sb, value, strlen(value));
}

static const char *
transfer_json(struct arena *a, const struct app_ledger_transfer *t)
{
    struct strbuf sb = STRBUF_INIT;
    strbuf_printf(&sb, "{\"id\":%" PRId64, t->id);
    json_member_str(&sb, "reference", t->reference);
    json_member_str(&sb, "kind", t->kind);
    json_member_str(&sb, "status", t->status);
    strbuf_printf(&sb,
                  ",\"fromAccountId\":%" PRId64 ",\"toAccountId\":%" PRId64
                  ",\"fromUserId\":%" PRId64 ",\"toUserId\":%" PRId64 ",\"amount\":%" PRId64,
                  t->from_account_id,
                  t->to_account_id,
                  t->from_user_id,
                  t->to_user_id,
                  t->amount);
    json_member_str(&sb, "currency", t->currency);
    json_member_str(&sb, "memo", t->memo);
    json_member_str(&sb, "reviewReason", t->review_reason);
    strbuf_printf(&sb, ",\"createdAtMs\":%" PRId64 "}", t->created_at_ms);
    const char *s = arena_strndup(a, sb.data, sb.len);
    strbuf_free(&sb);
    return s;
}

static const char *
json_str(struct arena *a, const json_t *obj, const char *key, bool *ok)
{
    const json_t *v = json_object_get(obj, key);
    if (json_is_null(v))
        return NULL;
    if (!json_is_string(v)) {
        *ok = false;
        return NULL;
    }
    return arena_strndup(a, json_string_value(v), json_string_length(v));
}

static int64_t
json_int(const json_t *obj, const char *key, bool *ok)
{
    const json_t *v = json_object_get(obj, key);
    if (!json_is_integer(v)) {
        *ok = false;
        return 0;
    }
    return (int64_t)json_integer_value(v);
}

static int
transfer_from_json(struct arena *a, const char *text, struct app_ledger_transfer *t)
{
    json_error_t err;
    json_t *o = json_loads(text, 0, &err);
    if (!json_is_object(o)) {
        json_decref(o);
        return -1;
    }
    bool ok = true;
    memset(t, 0, sizeof(*t));
    t->id = json_int(o, "id", &ok);
    t->reference = json_str(a, o, "reference", &ok);
    t->kind = json_str(a, o, "kind", &ok);
    t->status = json_str(a, o, "status", &ok);
    t->from_account_id = json_int(o, "fromAccountId", &ok);
    t->to_account_id = json_int(o, "toAccountId", &ok);
    t->from_user_id = json_int(o, "fromUserId", &ok);
    t->to_user_id = json_int(o, "toUserId", &ok);
    t->amount = json_int(o, "amount", &ok);
    t->currency = json_str(a, o, "currency", &ok);
    t->memo = json_str(a, o, "memo", &ok);
    t->review_reason = json_str(a, o, "reviewReason", &ok);
    t->created_at_ms = json_int(o, "createdAtMs", &ok);
    json_decref(o);
    if (!ok || t->reference == NULL || t->kind == NULL || t->status == NULL || t->currency == NULL)
        return -1;
    return 0;
}

/*---------------------------------------------------------------------------------------------
 * Transfers and deposits
 *-------------------------------------------------------------------------------------------*/

#define HOLD_REASON "Transfers of 200,000.00 or more are held for review"
#define REJECT_REASON "Rejected by review"

static const char *
i64_text(struct arena *a, int64_t v)
{
    return arena_sprintf(a, "%" PRId64, v);
}

/* The rules of contract §4 on the locked rows. 0, or a contract error with *why. */
static int
check_move(const struct app_ledger_move *m,
           const struct locked *src,
           const struct locked *dst,
           const struct locked *bank,
           const char *kyc,
           int64_t sent_today,
           const char **why)
{
    bool transfer = m->kind == APP_LEDGER_TRANSFER;
    if (transfer && (src == NULL || src->user_id != m->actor_id)) {
        *why = "Source account not found";
        return -WALLET_ENOT_FOUND;
    }
    if (dst == NULL || dst->user_id == 0) {
        *why = m->to_username != NULL ? "No such recipient" : "Destination account not found";
        return -WALLET_ENOT_FOUND;
    }
    if (transfer && dst->id == src->id) {
        *why = "Source and destination must be different accounts";
        return -WALLET_EBAD_USER_INPUT;
    }
    if (transfer && strcmp(src->status, "ACTIVE") != 0) {
        *why = "Source account is not active";
        return -WALLET_EACCOUNT_FROZEN;
    }
    if (strcmp(dst->status, "ACTIVE") != 0) {
        *why = "Destination account is not active";
        return -WALLET_EACCOUNT_FROZEN;
    }
    if (transfer && strcmp(src->currency, dst->currency) != 0) {
        *why = "Source and destination accounts have different currencies";
        return -WALLET_EBAD_USER_INPUT;
    }
    int64_t after;
    if (!transfer) {
        /* The funding account may go negative without limit. */
        if (bank == NULL || money_add(dst->balance, m->amount, &after) < 0 ||
            money_sub(bank->balance, m->amount, &after) < 0) {
            *why = NULL;
            return -WALLET_EINTERNAL_SERVER_ERROR;
        }
        return 0;
    }
    if (m->amount >= APP_LEDGER_REVIEW_THRESHOLD && bank == NULL)
        return -WALLET_EINTERNAL_SERVER_ERROR; /* no suspense account in this currency */
    int64_t day_total;
    if (money_add(sent_today, m->amount, &day_total) < 0)
        day_total = INT64_MAX;
    if (kyc == NULL || strcmp(kyc, "VERIFIED") != 0) {
        if (m->amount > APP_LEDGER_UNVERIFIED_PER_TRANSFER) {
            *why = "Without verified KYC a transfer may be at most 10,000.00";
            return -WALLET_EKYC_REQUIRED;
        }
        if (day_total > APP_LEDGER_UNVERIFIED_PER_DAY) {
            *why = "Without verified KYC at most 25,000.00 may be sent per day";
            return -WALLET_EKYC_REQUIRED;
        }
    } else if (day_total > APP_LEDGER_VERIFIED_PER_DAY) {
        *why = "At most 1,000,000.00 may be sent per day";
        return -WALLET_ELIMIT_EXCEEDED;
    }
    if (money_sub(src->balance, m->amount, &after) < 0 || after < -src->credit_limit ||
        money_add(dst->balance, m->amount, &after) < 0) {
        *why = "Insufficient funds";
        return -WALLET_EINSUFFICIENT_FUNDS;
    }
    return 0;
}

/* The request's canonical input (everything that decides the outcome but the key). */
static void
move_hash(struct arena *a, const struct app_ledger_move *m, char out[APP_IDEMPOTENCY_HASH_HEX_MAX])
{
    const char *to = m->to_username != NULL ? arena_sprintf(a, "@%s", m->to_username)
                                            : i64_text(a, m->to_account_id);
    const char *fields[] = {
        m->kind == APP_LEDGER_TRANSFER ? "transfer" : "deposit",
        i64_text(a, m->from_account_id),
        to,
        i64_text(a, m->amount),
        m->memo,
    };
    app_idempotency_request_hash(fields, sizeof(fields) / sizeof(fields[0]), out);
}

/* Audit details of a movement: no secret, no key. */
static const char *
move_details(struct arena *a, const struct app_ledger_transfer *t)
{
    struct app_audit_details d;
    app_audit_details_init(&d);
    app_audit_details_str(&d, "reference", t->reference);
    app_audit_details_str(&d, "status", t->status);
    app_audit_details_int(&d, "amountMinor", t->amount);
    app_audit_details_str(&d, "currency", t->currency);
    if (t->from_account_id != 0)
        app_audit_details_int(&d, "fromAccountId", t->from_account_id);
    app_audit_details_int(&d, "toAccountId", t->to_account_id);
    return app_audit_details_finish(&d, a);
}

static int
move_once(struct db_conn *conn,
          struct arena *a,
          const struct app_ledger_move *m,
          const char *request_hash,
          struct app_ledger_transfer *out,
          const char **why)
{
    bool transfer = m->kind == APP_LEDGER_TRANSFER;
    bool held = transfer && m->amount >= APP_LEDGER_REVIEW_THRESHOLD;
    const char *role = !transfer ? "FUNDING" : held ? "SUSPENSE" : NULL;
    struct app_audit_entry ae = {
        .actor_id = m->actor_id,
        .action = transfer ? "TRANSFER" : "DEPOSIT",
        .target_type = "transfer",
        .request_id = m->request_id,
        .ip = m->client_ip,
    };
    char chain[APP_AUDIT_CHAIN_MAX + 1];
    app_audit_chain_of(&ae, chain);
    const char *actor = i64_text(a, m->actor_id);

    struct pipe p;
    int rc = pipe_open(&p, conn);
    if (rc < 0)
        goto out;

    /* Round trip 1: the key, the locks, what the rules need. */
    const char *claim[] = {actor, m->idempotency_key, request_hash};
    const char *probe[] = {actor, m->idempotency_key};
    const char *lock[] = {
        transfer ? i64_text(a, m->from_account_id) : NULL,
        m->to_username == NULL ? i64_text(a, m->to_account_id) : NULL,
        m->to_username,
        role,
    };
    const char *head[] = {chain};
    const char *prelude[] = {actor};
    enum { R_BEGIN, R_CLAIM, R_PROBE, R_LOCK, R_HEAD, R_PRELUDE };
    pipe_send(&p, &app_ledger_stmt_begin, NULL, PGRES_COMMAND_OK);
    pipe_send(&p, &app_idempotency_stmt_claim, claim, PGRES_TUPLES_OK);
    pipe_send(&p, &app_idempotency_stmt_probe, probe, PGRES_TUPLES_OK);
    pipe_send(&p, &app_ledger_stmt_lock, lock, PGRES_TUPLES_OK);
    pipe_send(&p, &app_audit_stmt_head, head, PGRES_TUPLES_OK);
    pipe_send(&p, &app_ledger_stmt_prelude, prelude, PGRES_TUPLES_OK);
    if ((rc = pipe_sync(&p, why)) != 0)
        goto out;

    int64_t replay_id;
    const char *response;
    switch (app_idempotency_outcome(
        p.res[R_CLAIM], p.res[R_PROBE], request_hash, &replay_id, &response)) {
    case APP_IDEMPOTENCY_NEW:
        break;
    case APP_IDEMPOTENCY_REPLAY:
        if (transfer_from_json(a, response, out) < 0 || out->id != replay_id) {
            rc = -WALLET_EINTERNAL_SERVER_ERROR;
            goto out;
        }
        out->replayed = true;
        rc = 0;
        goto out; /* rolled back: nothing of this request remains */
    case APP_IDEMPOTENCY_REUSED:
        *why = "This idempotency key was already used with other input";
        rc = -WALLET_EIDEMPOTENCY_KEY_REUSED;
        goto out;
    case APP_IDEMPOTENCY_IN_PROGRESS:
        *why = "A request with this idempotency key is still in progress";
        rc = -WALLET_EIDEMPOTENCY_IN_PROGRESS;
        goto out;
    default:
        rc = -WALLET_EINTERNAL_SERVER_ERROR;
        goto out;
    }

    struct locked_set rows;
    int64_t transfer_id, now_ms, sent_today;
    if (read_locked(a, p.res[R_LOCK], &rows) < 0 || PQntuples(p.res[R_PRELUDE]) != 1 ||
        get_i64(p.res[R_PRELUDE], 0, "transfer_id", &transfer_id) < 0 ||
        get_i64(p.res[R_PRELUDE], 0, "now_ms", &now_ms) < 0 ||
        get_i64(p.res[R_PRELUDE], 0, "sent_today", &sent_today) < 0) {
        rc = -WALLET_EINTERNAL_SERVER_ERROR;
        goto out;
    }
    const char *kyc = get_text(a, p.res[R_PRELUDE], 0, "kyc");
    const struct locked *src = transfer ? locked_by_id(&rows, m->from_account_id) : NULL;
    const struct locked *dst = locked_by_id(&rows, rows.dest_id);
    const struct locked *bank = locked_by_role(&rows, role);
    if ((rc = check_move(m, src, dst, bank, kyc, sent_today, why)) < 0)
        goto out;

    /* The transfer as it will be recorded and answered. */
    char reference[TOKEN_REF_MAX];
    token_transfer_ref_new(reference);
    memset(out, 0, sizeof(*out));
    out->id = transfer_id;
    out->reference = arena_strdup(a, reference);
    out->kind = transfer ? "TRANSFER" : "DEPOSIT";
    out->status = held ? "PENDING_REVIEW" : "COMPLETED";
    out->from_account_id = transfer ? src->id : 0;
    out->to_account_id = dst->id;
    out->from_user_id = transfer ? src->user_id : 0;
    out->to_user_id = dst->user_id;
    out->amount = m->amount;
    out->currency = dst->currency;
    out->memo = m->memo;
    out->review_reason = held ? HOLD_REASON : NULL;
    out->created_at_ms = m->at_ms != 0 ? m->at_ms : now_ms;

    const char *id_text = i64_text(a, transfer_id);
    ae.target_id = id_text;
    ae.details = move_details(a, out);
    struct app_audit_link link;
    if (ae.details == NULL || app_audit_link(&ae, p.res[R_HEAD], &link) < 0) {
        rc = -WALLET_EINTERNAL_SERVER_ERROR;
        goto out;
    }
    const char *at = NULL;
    if (m->at_ms != 0) {
        char buf[GQL_DATETIME_FMT_MAX];
        if (gql_datetime_format(m->at_ms, buf) < 0) {
            rc = -WALLET_EINTERNAL_SERVER_ERROR;
            goto out;
        }
        at = arena_strdup(a, buf);
    }
    pipe_clear(&p);

    /* Round trip 2: the movement, the key's answer, the audit entry, COMMIT. */
    const char *move[] = {
        id_text,
        out->reference,
        out->kind,
        out->status,
        transfer ? i64_text(a, src->id) : NULL,
        i64_text(a, dst->id),
        i64_text(a, m->amount),
        out->currency,
        m->memo,
        out->review_reason,
        actor,
        at,
        i64_text(a, transfer ? src->id : bank->id),
        i64_text(a, held ? bank->id : dst->id),
    };
    const char *complete[] = {actor, m->idempotency_key, id_text, transfer_json(a, out)};
    enum { W_MOVE, W_COMPLETE, W_AUDIT, W_COMMIT };
    pipe_send(&p, &app_ledger_stmt_move, move, PGRES_COMMAND_OK);
    pipe_send(&p, &app_idempotency_stmt_complete, complete, PGRES_COMMAND_OK);
    pipe_send(&p, &app_audit_stmt_append, link.params, PGRES_TUPLES_OK);
    pipe_send(&p, &app_ledger_stmt_commit, NULL, PGRES_COMMAND_OK);
    if ((rc = pipe_sync(&p, why)) != 0)
        goto out;
    if (!affected(p.res[W_MOVE], "2") || !affected(p.res[W_COMPLETE], "1") ||
        PQntuples(p.res[W_AUDIT]) != 1) {
        /* Committed but not as written: a bug worth an internal error, never a retry. */
        rc = -WALLET_EINTERNAL_SERVER_ERROR;
        goto out;
    }
    rc = 0;

out:
    pipe_close(&p);
    return rc;
}

/* Waits a little before running a refused transaction again, longer each time. */
static void
retry_pause(int attempt)
{
    long us = 500L * attempt + (long)randombytes_uniform(1000);
    struct timespec ts = {0, us * 1000L};
    nanosleep(&ts, NULL);
}

int
app_ledger_move(struct db_conn *conn,
                struct arena *a,
                const struct app_ledger_move *m,
                struct app_ledger_transfer *out,
                const char **why)
{
    *why = NULL;
    char request_hash[APP_IDEMPOTENCY_HASH_HEX_MAX];
    move_hash(a, m, request_hash);
    for (int attempt = 1;; attempt++) {
        int rc = move_once(conn, a, m, request_hash, out, why);
        if (rc != RETRY)
            return rc;
        if (attempt == APP_LEDGER_MAX_ATTEMPTS) {
            *why = "The transfer met too much concurrent activity; try again";
            return -WALLET_ESERVICE_UNAVAILABLE;
        }
        retry_pause(attempt);
    }
}

/*---------------------------------------------------------------------------------------------
 * Reviews
 *-------------------------------------------------------------------------------------------*/

static int
review_once(struct db_conn *conn,
            struct arena *a,
            const struct app_ledger_review *rv,
            struct app_ledger_transfer *out,
            const char **why)
{
    struct app_audit_entry ae = {
        .actor_id = rv->actor_id,
        .action = rv->approve ? "TRANSFER_APPROVE" : "TRANSFER_REJECT",
        .target_type = "transfer",
        .request_id = rv->request_id,
        .ip = rv->client_ip,
    };
    char chain[APP_AUDIT_CHAIN_MAX + 1];
    app_audit_chain_of(&ae, chain);
    const char *id_text = i64_text(a, rv->transfer_id);

    struct pipe p;
    int rc = pipe_open(&p, conn);
    if (rc < 0)
        goto out;

    /* Round trip 1: the transfer, the suspense account and the other side, the audit head. */
    const char *tr[] = {id_text};
    const char *acc[] = {id_text, rv->approve ? "true" : "false"};
    const char *head[] = {chain};
    enum { R_BEGIN, R_TRANSFER, R_ACCOUNTS, R_HEAD };
    pipe_send(&p, &app_ledger_stmt_begin, NULL, PGRES_COMMAND_OK);
    pipe_send(&p, &stmt_review_transfer, tr, PGRES_TUPLES_OK);
    pipe_send(&p, &stmt_review_accounts, acc, PGRES_TUPLES_OK);
    pipe_send(&p, &app_audit_stmt_head, head, PGRES_TUPLES_OK);
    if ((rc = pipe_sync(&p, why)) != 0)
        goto out;

    if (PQntuples(p.res[R_TRANSFER]) != 1) {
        *why = "Transfer not found";
        rc = -WALLET_ENOT_FOUND;
        goto out;
    }
    struct locked_set rows;
    if (read_transfer_row(a, p.res[R_TRANSFER], out) < 0 ||
        read_locked(a, p.res[R_ACCOUNTS], &rows) < 0) {
        rc = -WALLET_EINTERNAL_SERVER_ERROR;
        goto out;
    }
    if (strcmp(out->status, "PENDING_REVIEW") != 0) {
        *why = "Only a PENDING_REVIEW transfer can be reviewed";
        rc = -WALLET_EBAD_USER_INPUT;
        goto out;
    }
    const struct locked *suspense = locked_by_role(&rows, "SUSPENSE");
    const struct locked *other =
        locked_by_id(&rows, rv->approve ? out->to_account_id : out->from_account_id);
    if (suspense == NULL || other == NULL || suspense->balance < out->amount) {
        rc = -WALLET_EINTERNAL_SERVER_ERROR;
        goto out;
    }
    /* Approval needs a receiver that still takes money; a rejection always returns it. */
    if (rv->approve && strcmp(other->status, "ACTIVE") != 0) {
        *why = "Destination account is not active";
        rc = -WALLET_EACCOUNT_FROZEN;
        goto out;
    }
    out->status = rv->approve ? "COMPLETED" : "REJECTED";
    if (!rv->approve)
        out->review_reason = rv->note != NULL ? rv->note : REJECT_REASON;

    struct app_audit_details d;
    app_audit_details_init(&d);
    app_audit_details_str(&d, "reference", out->reference);
    app_audit_details_str(&d, "status", out->status);
    app_audit_details_int(&d, "amountMinor", out->amount);
    app_audit_details_str(&d, "note", rv->note);
    ae.target_id = id_text;
    ae.details = app_audit_details_finish(&d, a);
    struct app_audit_link link;
    if (ae.details == NULL || app_audit_link(&ae, p.res[R_HEAD], &link) < 0) {
        rc = -WALLET_EINTERNAL_SERVER_ERROR;
        goto out;
    }
    pipe_clear(&p);

    /* Round trip 2: status, movement out of suspense, audit entry, COMMIT. */
    const char *move[] = {
        id_text,
        out->status,
        rv->approve ? NULL : out->review_reason,
        rv->note,
        i64_text(a, rv->actor_id),
        i64_text(a, suspense->id),
        i64_text(a, other->id),
        i64_text(a, out->amount),
    };
    enum { W_MOVE, W_AUDIT, W_COMMIT };
    pipe_send(&p, &stmt_review_move, move, PGRES_COMMAND_OK);
    pipe_send(&p, &app_audit_stmt_append, link.params, PGRES_TUPLES_OK);
    pipe_send(&p, &app_ledger_stmt_commit, NULL, PGRES_COMMAND_OK);
    if ((rc = pipe_sync(&p, why)) != 0)
        goto out;
    rc = affected(p.res[W_MOVE], "2") && PQntuples(p.res[W_AUDIT]) == 1
             ? 0
             : -WALLET_EINTERNAL_SERVER_ERROR;

out:
    pipe_close(&p);
    return rc;
}

int
app_ledger_review(struct db_conn *conn,
                  struct arena *a,
                  const struct app_ledger_review *rv,
                  struct app_ledger_transfer *out,
                  const char **why)
{
    *why = NULL;
    for (int attempt = 1;; attempt++) {
        int rc = review_once(conn, a, rv, out, why);
        if (rc != RETRY)
            return rc;
        if (attempt == APP_LEDGER_MAX_ATTEMPTS) {
            *why = "The review met too much concurrent activity; try again";
            return -WALLET_ESERVICE_UNAVAILABLE;
        }
        retry_pause(attempt);
    }
}
