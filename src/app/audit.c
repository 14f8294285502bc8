/*
 * The audit log writer and verifier (see include/app/audit.h; contract §4 "Audit").
 *
 * Both run either on a pooled connection (prepared statements, db/pool.h) or on a plain
 * libpq connection (walletd subcommands); a small runner hides the difference.
 */
#include "app/audit.h"

#include "core/arena.h"
#include "core/errors.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* The entry's time, as hashed and as re-read by the verifier: UTC with microseconds. */
#define AT_TEXT(col) "to_char(" col " AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.US\"Z\"')"

/*
 * Locks the chain's head (creating it at seq 0 for a new chain) and reads it, with the time
 * the entry is stamped with, taken after the lock so times grow along a chain.
 */
const struct db_stmt app_audit_stmt_head = {
    "app_audit_head",
    "INSERT INTO audit_chain_heads AS h (chain, seq, hash) "
    "VALUES ($1, 0, repeat('0', 64)) "
    "ON CONFLICT (chain) DO UPDATE SET updated_at = now() "
    "RETURNING h.seq, h.hash, " AT_TEXT("clock_timestamp()"),
    1,
    NULL,
};

/* Inserts the entry and moves the head, in one statement. */
const struct db_stmt app_audit_stmt_append = {
    "app_audit_append",
    "WITH ins AS ("
    "  INSERT INTO audit_log (chain, seq, prev_hash, hash, at, actor_id, action, target_type,"
    "                         target_id, request_id, ip, details)"
    "  VALUES ($1, $2::bigint, $3, $4, $5::timestamptz, $6::bigint, $7, $8, $9, $10, $11, $12)"
    "  RETURNING id) "
    "UPDATE audit_chain_heads SET seq = $2::bigint, hash = $4, updated_at = now() "
    "WHERE chain = $1 RETURNING (SELECT id FROM ins)",
    12,
    NULL,
};

/* One page of the walk in (chain, seq) order. */
#define VERIFY_PAGE 2000
static const struct db_stmt stmt_verify_page = {
    "app_audit_verify_page",
    "SELECT id, chain, seq, prev_hash, hash, " AT_TEXT(
        "at") " AS at_text, actor_id, action, "
              "target_type, target_id, request_id, ip, details FROM audit_log "
              "WHERE (chain, seq) > ($1, $2::bigint) ORDER BY chain, seq LIMIT 2000",
    2,
    NULL,
};

/*
 * Chains whose head disagrees with their last entry (an entry removed from the end, or a
 * head moved by hand), with the id of that last entry (NULL when none is left).
 */
static const struct db_stmt stmt_verify_heads = {
    "app_audit_verify_heads",
    "SELECT h.chain, l.id FROM audit_chain_heads h "
    "LEFT JOIN LATERAL (SELECT a.id, a.seq, a.hash FROM audit_log a WHERE a.chain = h.chain "
    "                   ORDER BY a.seq DESC LIMIT 1) l ON true "
    "WHERE (l.id IS NULL AND h.seq > 0) OR l.seq <> h.seq OR l.hash <> h.hash "
    "UNION ALL "
    "SELECT a.chain, max(a.id) FROM audit_log a "
    "WHERE NOT EXISTS (SELECT 1 FROM audit_chain_heads h WHERE h.chain = a.chain) "
    "GROUP BY a.chain",
    0,
    NULL,
};

/*---------------------------------------------------------------------------------------------
 * Runner: a pooled connection or a plain one.
 *-------------------------------------------------------------------------------------------*/

struct runner {
    struct db_conn *conn; /* pooled, or NULL */
    PGconn *pg;           /* the libpq connection (of conn when pooled) */
};

static PGresult *
run(const struct runner *x, const struct db_stmt *st, const char *const *params)
{
    if (x->conn != NULL)
        return db_exec(x->conn, st, params);
    return PQexecParams(x->pg, st->sql, st->nparams, NULL, params, NULL, NULL, 0);
}

/* 0 when res has status expect; else a negative contract error. */
static int
check(const struct runner *x, const PGresult *res, ExecStatusType expect)
{
    if (x->conn != NULL)
        return db_result_check(x->conn, res, expect, NULL);
    if (res == NULL || PQresultStatus(res) != expect)
        return -WALLET_EINTERNAL_SERVER_ERROR;
    return 0;
}

static void
rollback(const struct runner *x)
{
    PGresult *rb = x->conn ? db_exec_sql(x->conn, "ROLLBACK") : PQexec(x->pg, "ROLLBACK");
    PQclear(rb);
}

static int
run_sql(const struct runner *x, const char *sql)
{
    PGresult *res = x->conn ? db_exec_sql(x->conn, sql) : PQexec(x->pg, sql);
    int rc = check(x, res, PGRES_COMMAND_OK);
    PQclear(res);
    return rc;
}

/*---------------------------------------------------------------------------------------------
 * Hashing
 *-------------------------------------------------------------------------------------------*/

/* The hashed fields of an entry, in their canonical order. */
enum {
    F_CHAIN,
    F_SEQ,
    F_AT,
    F_ACTOR,
    F_ACTION,
    F_TARGET_TYPE,
    F_TARGET_ID,
    F_REQUEST_ID,
    F_IP,
    F_DETAILS,
    F_COUNT
};

static int
entry_hash(const char *prev_hex, const char *const fields[F_COUNT], char out[AUDIT_HASH_HEX_MAX])
{
    size_t lens[F_COUNT];
    for (int i = 0; i < F_COUNT; i++)
        lens[i] = fields[i] ? strlen(fields[i]) : 0;
    return audit_hash_link_fields(prev_hex, fields, lens, F_COUNT, out);
}

/*---------------------------------------------------------------------------------------------
 * Appending
 *-------------------------------------------------------------------------------------------*/

/* X-Request-ID shape (contract §2): 1-128 of [A-Za-z0-9._-]. */
static bool
request_id_valid(const char *s)
{
    if (s == NULL)
        return false;
    size_t n = strlen(s);
    if (n < 1 || n > 128)
        return false;
    for (size_t i = 0; i < n; i++) {
        char c = s[i];
        if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
              c == '.' || c == '_' || c == '-'))
            return false;
    }
    return true;
}

void
app_audit_chain_of(const struct app_audit_entry *e, char out[APP_AUDIT_CHAIN_MAX + 1])
{
    if (e->chain != NULL)
        snprintf(out, APP_AUDIT_CHAIN_MAX + 1, "%s", e->chain);
    else if (e->actor_id > 0)
        snprintf(out, APP_AUDIT_CHAIN_MAX + 1, "user:%" PRId64, e->actor_id);
    else
        snprintf(out, APP_AUDIT_CHAIN_MAX + 1, "%s", APP_AUDIT_SYSTEM_CHAIN);
}

int
app_audit_link(const struct app_audit_entry *e, const PGresult *head, struct app_audit_link *l)
{
    if (e->action == NULL || e->action[0] == '\0' || PQntuples(head) != 1 || PQnfields(head) < 3)
        return -1;
    app_audit_chain_of(e, l->chain);
    snprintf(l->seq, sizeof(l->seq), "%lld", strtoll(PQgetvalue(head, 0, 0), NULL, 10) + 1);
    snprintf(l->prev, sizeof(l->prev), "%s", PQgetvalue(head, 0, 1));
    snprintf(l->at, sizeof(l->at), "%s", PQgetvalue(head, 0, 2));
    snprintf(l->actor, sizeof(l->actor), "%" PRId64, e->actor_id);
    const char *details = e->details ? e->details : "{}";
    /* Context the table's CHECKs would refuse is left out rather than losing the entry. */
    const char *request_id = request_id_valid(e->request_id) ? e->request_id : NULL;
    const char *ip = e->ip != NULL && e->ip[0] != '\0' && strlen(e->ip) <= 64 ? e->ip : NULL;
    const char *fields[F_COUNT] = {
        [F_CHAIN] = l->chain,
        [F_SEQ] = l->seq,
        [F_AT] = l->at,
        [F_ACTOR] = e->actor_id > 0 ? l->actor : NULL,
        [F_ACTION] = e->action,
        [F_TARGET_TYPE] = e->target_type,
        [F_TARGET_ID] = e->target_id,
        [F_REQUEST_ID] = request_id,
        [F_IP] = ip,
        [F_DETAILS] = details,
    };
    if (entry_hash(l->prev, fields, l->hash) < 0)
        return -1;
    const char *params[APP_AUDIT_APPEND_PARAMS] = {
        l->chain,
        l->seq,
        l->prev,
        l->hash,
        l->at,
        fields[F_ACTOR],
        e->action,
        e->target_type,
        e->target_id,
        fields[F_REQUEST_ID],
        fields[F_IP],
        details,
    };
    memcpy(l->params, params, sizeof(params));
    return 0;
}

static int
append(const struct runner *x, const struct app_audit_entry *e, int64_t *id)
{
    if (e->action == NULL || e->action[0] == '\0')
        return -WALLET_EINTERNAL_SERVER_ERROR;
    PGTransactionStatusType ts = PQtransactionStatus(x->pg);
    if (ts == PQTRANS_INERROR || ts == PQTRANS_UNKNOWN || ts == PQTRANS_ACTIVE)
        return -WALLET_EINTERNAL_SERVER_ERROR;
    bool own_tx = ts == PQTRANS_IDLE;
    int rc;
    if (own_tx && (rc = run_sql(x, "BEGIN")) < 0)
        return rc;

    struct app_audit_link l;
    app_audit_chain_of(e, l.chain);
    const char *head_params[] = {l.chain};
    PGresult *head = run(x, &app_audit_stmt_head, head_params);
    if ((rc = check(x, head, PGRES_TUPLES_OK)) < 0 || app_audit_link(e, head, &l) < 0) {
        rc = rc < 0 ? rc : -WALLET_EINTERNAL_SERVER_ERROR;
        PQclear(head);
        goto out_rollback;
    }
    PQclear(head);

    PGresult *res = run(x, &app_audit_stmt_append, l.params);
    if ((rc = check(x, res, PGRES_TUPLES_OK)) < 0 || PQntuples(res) != 1) {
        rc = rc < 0 ? rc : -WALLET_EINTERNAL_SERVER_ERROR;
        PQclear(res);
        goto out_rollback;
    }
    if (id != NULL)
        *id = strtoll(PQgetvalue(res, 0, 0), NULL, 10);
    PQclear(res);
    if (own_tx && (rc = run_sql(x, "COMMIT")) < 0)
        goto out_rollback;
    return 0;

out_rollback:
    if (own_tx)
        rollback(x);
    return rc;
}

int
app_audit_append(struct db_conn *conn, const struct app_audit_entry *e, int64_t *id)
{
    struct runner x = {conn, db_conn_pg(conn)};
    return append(&x, e, id);
}

int
app_audit_append_pg(PGconn *pg, const struct app_audit_entry *e, int64_t *id)
{
    struct runner x = {NULL, pg};
    return append(&x, e, id) < 0 ? -1 : 0;
}

int
app_audit_request(struct app_request *r,
                  struct db_conn *conn,
                  int64_t actor_id,
                  const char *action,
                  const char *target_type,
                  const char *target_id,
                  const char *details)
{
    int rc;
    if (conn == NULL && (rc = app_request_db(r, &conn)) < 0)
        return rc;
    if (actor_id == 0 && r->authenticated)
        actor_id = r->user.id;
    struct app_audit_entry e = {
        .actor_id = actor_id,
        .action = action,
        .target_type = target_type,
        .target_id = target_id,
        .request_id = r->request_id,
        .ip = r->client_ip,
        .details = details,
    };
    rc = app_audit_append(conn, &e, NULL);
    if (rc == -WALLET_ESERVICE_UNAVAILABLE)
        app_request_set_db_failed(r);
    return rc;
}

int
app_audit_write(struct app_request *r,
                struct db_conn *conn,
                const char *action,
                const char *target_type,
                const char *target_id,
                const char *details_json)
{
    return app_audit_request(r, conn, 0, action, target_type, target_id, details_json);
}

/*---------------------------------------------------------------------------------------------
 * Details
 *-------------------------------------------------------------------------------------------*/

bool
app_audit_key_is_secret(const char *key)
{
    static const char *const words[] = {
        "password",
        "secret",
        "token",
        "authorization",
        "cookie",
        "aadhaar",
        "cvv",
        "cardnumber",
        "card_number",
        "documentnumber",
        "document_number",
        "seal",
    };
    if (key == NULL)
        return true;
    size_t klen = strlen(key);
    for (size_t w = 0; w < sizeof(words) / sizeof(words[0]); w++) {
        size_t wlen = strlen(words[w]);
        for (size_t i = 0; i + wlen <= klen; i++)
            if (strncasecmp(key + i, words[w], wlen) == 0)
                return true;
    }
    return false;
}

void
app_audit_details_init(struct app_audit_details *d)
{
    strbuf_init(&d->sb);
    d->refused = false;
    strbuf_putc(&d->sb, '{');
}

static void
details_key(struct app_audit_details *d, const char *key)
{
    if (app_audit_key_is_secret(key))
        d->refused = true;
    if (d->sb.len > 1)
        strbuf_putc(&d->sb, ',');
    strbuf_append_json_string(&d->sb, key, strlen(key));
    strbuf_putc(&d->sb, ':');
}

void
app_audit_details_str(struct app_audit_details *d, const char *key, const char *value)
{
    details_key(d, key);
    if (value == NULL)
        strbuf_puts(&d->sb, "null");
    else
        strbuf_append_json_string(&d->sb, value, strlen(value));
}

void
app_audit_details_int(struct app_audit_details *d, const char *key, int64_t value)
{
    details_key(d, key);
    strbuf_append_int(&d->sb, value);
}

void
app_audit_details_bool(struct app_audit_details *d, const char *key, bool value)
{
    details_key(d, key);
    strbuf_puts(&d->sb, value ? "true" : "false");
}

const char *
app_audit_details_finish(struct app_audit_details *d, struct arena *a)
{
    strbuf_putc(&d->sb, '}');
    const char *out = d->refused ? NULL : arena_strndup(a, d->sb.data, d->sb.len);
    strbuf_free(&d->sb);
    return out;
}

/*---------------------------------------------------------------------------------------------
 * Verification
 *-------------------------------------------------------------------------------------------*/

static const char *
col(const PGresult *res, int row, int c)
{
    return PQgetisnull(res, row, c) ? NULL : PQgetvalue(res, row, c);
}

static void
note_broken(struct app_audit_verification *out, int64_t id)
{
    out->ok = false;
    if (id > 0 && (out->first_broken_id == 0 || id < out->first_broken_id))
        out->first_broken_id = id;
}

static int
verify(const struct runner *x, struct app_audit_verification *out)
{
    memset(out, 0, sizeof(*out));
    out->ok = true;
    if (PQtransactionStatus(x->pg) != PQTRANS_IDLE)
        return -WALLET_EINTERNAL_SERVER_ERROR;
    int rc = run_sql(x, "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY");
    if (rc < 0)
        return rc;

    char last_chain[APP_AUDIT_CHAIN_MAX + 1] = "";
    char last_seq[24] = "0";
    char prev[AUDIT_HASH_HEX_MAX] = AUDIT_HASH_GENESIS;
    int64_t expect_seq = 1;
    for (;;) {
        const char *params[] = {last_chain, last_seq};
        PGresult *res = run(x, &stmt_verify_page, params);
        if ((rc = check(x, res, PGRES_TUPLES_OK)) < 0) {
            PQclear(res);
            goto out_rollback;
        }
        int n = PQntuples(res);
        for (int i = 0; i < n; i++) {
            int64_t id = strtoll(PQgetvalue(res, i, 0), NULL, 10);
            const char *chain = PQgetvalue(res, i, 1);
            int64_t seq = strtoll(PQgetvalue(res, i, 2), NULL, 10);
            const char *prev_hash = PQgetvalue(res, i, 3);
            const char *hash = PQgetvalue(res, i, 4);
            if (strcmp(chain, last_chain) != 0) {
                /* A new chain starts at seq 1 after the genesis hash. */
                expect_seq = 1;
                snprintf(prev, sizeof(prev), "%s", AUDIT_HASH_GENESIS);
            }
            const char *fields[F_COUNT] = {
                [F_CHAIN] = chain,
                [F_SEQ] = PQgetvalue(res, i, 2),
                [F_AT] = col(res, i, 5),
                [F_ACTOR] = col(res, i, 6),
                [F_ACTION] = col(res, i, 7),
                [F_TARGET_TYPE] = col(res, i, 8),
                [F_TARGET_ID] = col(res, i, 9),
                [F_REQUEST_ID] = col(res, i, 10),
                [F_IP] = col(res, i, 11),
                [F_DETAILS] = col(res, i, 12),
            };
            char computed[AUDIT_HASH_HEX_MAX];
            if (seq != expect_seq || strcmp(prev_hash, prev) != 0 ||
                entry_hash(prev_hash, fields, computed) < 0 || strcmp(computed, hash) != 0)
                note_broken(out, id);
            out->checked++;
            expect_seq = seq + 1;
            snprintf(prev, sizeof(prev), "%s", hash);
            snprintf(last_chain, sizeof(last_chain), "%s", chain);
            snprintf(last_seq, sizeof(last_seq), "%" PRId64, seq);
        }
        PQclear(res);
        if (n < VERIFY_PAGE)
            break;
    }

    PGresult *heads = run(x, &stmt_verify_heads, NULL);
    if ((rc = check(x, heads, PGRES_TUPLES_OK)) < 0) {
        PQclear(heads);
        goto out_rollback;
    }
    for (int i = 0; i < PQntuples(heads); i++) {
        const char *id = col(heads, i, 1);
        note_broken(out, id ? strtoll(id, NULL, 10) : 0);
    }
    PQclear(heads);
    rc = run_sql(x, "COMMIT");
    return rc;

out_rollback:
    rollback(x);
    return rc;
}

int
app_audit_verify(struct db_conn *conn, struct app_audit_verification *out)
{
    struct runner x = {conn, db_conn_pg(conn)};
    return verify(&x, out);
}

int
app_audit_verify_pg(PGconn *pg, struct app_audit_verification *out)
{
    struct runner x = {NULL, pg};
    return verify(&x, out) < 0 ? -1 : 0;
}
