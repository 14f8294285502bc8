/*
 * Sealing key rotation in small batches (include/app/rotate.h).
 */
#include "app/rotate.h"

#include "app/kyc.h"
#include "db/db.h"

#include <inttypes.h>
#include <sodium.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define DEFAULT_BATCH 100
#define DEFAULT_PASSES 5
#define MAX_BATCH 10000

struct stmt {
    const char *name;
    const char *sql;
    int nparams;
};

/* $1 after user_id, $2 current key id, $3 batch size. */
static const struct stmt st_kyc_pick = {
    "app_rotate_kyc_pick",
    "SELECT user_id, aadhaar_ciphertext, aadhaar_key_id, aadhaar_blind_index, "
    "document_ciphertext, document_key_id FROM kyc_profiles "
    "WHERE user_id > $1::bigint AND (aadhaar_key_id <> $2::bigint OR document_key_id <> "
    "$2::bigint) ORDER BY user_id LIMIT $3::int FOR UPDATE SKIP LOCKED",
    3,
};

static const struct stmt st_kyc_update = {
    "app_rotate_kyc_update",
    "UPDATE kyc_profiles SET aadhaar_ciphertext = $2::bytea, aadhaar_key_id = $3::bigint, "
    "aadhaar_blind_index = $4::bytea, document_ciphertext = $5::bytea, document_key_id = "
    "$6::bigint, updated_at = now() WHERE user_id = $1::bigint",
    6,
};

/* $1 after card id, $2 current key id, $3 batch size. */
static const struct stmt st_card_pick = {
    "app_rotate_card_pick",
    "SELECT c.id, a.user_id, c.number_ciphertext, c.key_id FROM cards c "
    "JOIN accounts a ON a.id = c.account_id WHERE c.id > $1::bigint AND c.key_id <> $2::bigint "
    "ORDER BY c.id LIMIT $3::int FOR UPDATE OF c SKIP LOCKED",
    3,
};

static const struct stmt st_card_update = {
    "app_rotate_card_update",
    "UPDATE cards SET number_ciphertext = $2::bytea, key_id = $3::bigint, updated_at = now() "
    "WHERE id = $1::bigint",
    3,
};

/* $1 current key id. */
static const struct stmt st_remaining = {
    "app_rotate_remaining",
    "SELECT (SELECT count(*) FROM kyc_profiles WHERE aadhaar_key_id <> $1::bigint) + "
    "(SELECT count(*) FROM kyc_profiles WHERE document_key_id <> $1::bigint) + "
    "(SELECT count(*) FROM cards WHERE key_id <> $1::bigint)",
    1,
};

static const struct stmt *const all_stmts[] = {
    &st_kyc_pick, &st_kyc_update, &st_card_pick, &st_card_update, &st_remaining};

struct run {
    PGconn *pg;
    const struct seal_keyring *kr;
    char cur[APP_ID_TEXT_MAX]; /* current key id as text */
    unsigned batch;
    unsigned max_batches;
    struct app_rotate_report *rep;
    uint64_t unreadable; /* this pass */
    char first_unreadable[96];
    char *err;
    size_t errlen;
};

static int
prepare_all(struct run *r)
{
    for (size_t i = 0; i < sizeof(all_stmts) / sizeof(all_stmts[0]); i++) {
        const struct stmt *st = all_stmts[i];
        PGresult *res = PQprepare(r->pg, st->name, st->sql, st->nparams, NULL);
        struct db_error e;
        if (db_pg_check(r->pg, res, PGRES_COMMAND_OK, &e) < 0 &&
            strcmp(e.sqlstate, "42P05") != 0) { /* already prepared on this connection */
            snprintf(r->err, r->errlen, "cannot prepare the rotation statements: %s", e.message);
            PQclear(res);
            return -1;
        }
        PQclear(res);
    }
    return 0;
}

static PGresult *
run_stmt(struct run *r, const struct stmt *st, const char *const *params, ExecStatusType expect)
{
    struct db_error e;
    PGresult *res = PQexecPrepared(r->pg, st->name, st->nparams, params, NULL, NULL, 0);
    if (db_pg_check(r->pg, res, expect, &e) < 0) {
        if (e.fault == DB_FAULT_UNIQUE)
            snprintf(r->err,
                     r->errlen,
                     "two KYC profiles hold the same Aadhaar number (%s); fix them, then run "
                     "rotate-keys again",
                     e.constraint);
        else
            snprintf(r->err, r->errlen, "database error during the rotation: %s", e.message);
        PQclear(res);
        return NULL;
    }
    return res;
}

static void
note_unreadable(struct run *r, const char *what, const char *row_id, const char *part)
{
    if (r->unreadable++ == 0)
        snprintf(
            r->first_unreadable, sizeof(r->first_unreadable), "%s %s (%s)", what, row_id, part);
}

/* Re-seals one sealed value of a row if it is not under the current key. */
struct resealed {
    const char *hex;    /* the value to store */
    const char *key_id; /* its key id */
    bool changed;
    bool unreadable;
    char hex_buf[APP_SEALED_HEX_MAX];
    char key_buf[APP_ID_TEXT_MAX];
    char blind_buf[APP_BLIND_HEX_MAX]; /* Aadhaar: the new blind index */
};

static int
reseal_value(struct run *r,
             int64_t owner,
             enum seal_field field,
             int64_t record,
             const char *hex,
             const char *key_id,
             struct resealed *out)
{
    out->hex = hex;
    out->key_id = key_id;
    out->changed = false;
    out->unreadable = false;
    out->blind_buf[0] = '\0';
    if (strcmp(key_id, r->cur) == 0)
        return 0;
    char pt[APP_SEALED_PLAINTEXT_MAX + 1];
    size_t len;
    int rc = app_sealed_open(
        r->kr, owner, field, record, strtoll(key_id, NULL, 10), hex, pt, sizeof(pt), &len);
    if (rc != SEAL_OK) {
        out->unreadable = true;
        return 0;
    }
    rc = app_sealed_seal(r->kr, owner, field, record, pt, len, out->hex_buf, out->key_buf);
    if (rc == SEAL_OK && field == SEAL_FIELD_AADHAAR)
        rc = app_blind_index_hex(r->kr, field, pt, len, 0, out->blind_buf);
    sodium_memzero(pt, sizeof(pt));
    if (rc != SEAL_OK) {
        snprintf(r->err, r->errlen, "cannot re-seal a value (sealing error %d)", rc);
        return -1;
    }
    out->hex = out->hex_buf;
    out->key_id = out->key_buf;
    out->changed = true;
    return 0;
}

/*
 * Opens a batch's transaction and runs pick (params: after, the current key id, the batch
 * size) in it. Returns the rows (the caller PQclears them) or NULL with r->err set and the
 * transaction rolled back.
 */
static PGresult *
batch_open(struct run *r, const struct stmt *pick, int64_t after)
{
    struct db_error e;
    char after_s[APP_ID_TEXT_MAX], n_s[APP_ID_TEXT_MAX];
    snprintf(after_s, sizeof(after_s), "%" PRId64, after);
    snprintf(n_s, sizeof(n_s), "%u", r->batch);
    if (db_pg_begin(r->pg, &e) < 0) {
        snprintf(r->err, r->errlen, "cannot begin a batch: %s", e.message);
        return NULL;
    }
    const char *pick_params[] = {after_s, r->cur, n_s};
    PGresult *res = run_stmt(r, pick, pick_params, PGRES_TUPLES_OK);
    if (res == NULL)
        db_pg_rollback(r->pg);
    return res;
}

/* Commits a batch's transaction. Returns 0, or -1 with r->err set and the batch rolled back. */
static int
batch_commit(struct run *r)
{
    struct db_error e;
    if (db_pg_commit(r->pg, &e) < 0) {
        snprintf(r->err, r->errlen, "cannot commit a batch: %s", e.message);
        db_pg_rollback(r->pg);
        return -1;
    }
    return 0;
}

/* One batch of KYC profiles after *after; sets *picked to the number of rows looked at. */
static int
kyc_batch(struct run *r, int64_t *after, int *picked)
{
    PGresult *res = batch_open(r, &st_kyc_pick, *after);
    if (res == NULL)
        return -1;
    *picked = PQntuples(res);
    uint64_t aadhaar = 0, documents = 0;
    for (int i = 0; i < *picked; i++) {
        const char *uid = PQgetvalue(res, i, 0);
        int64_t owner = strtoll(uid, NULL, 10);
        *after = owner;
        struct resealed a, d;
        if (reseal_value(
                r, owner, SEAL_FIELD_AADHAAR, 0, PQgetvalue(res, i, 1), PQgetvalue(res, i, 2), &a) <
                0 ||
            reseal_value(r,
                         owner,
                         SEAL_FIELD_DOCUMENT,
                         0,
                         PQgetvalue(res, i, 4),
                         PQgetvalue(res, i, 5),
                         &d) < 0)
            goto out_clear;
        if (a.unreadable)
            note_unreadable(r, "user", uid, "aadhaar");
        if (d.unreadable)
            note_unreadable(r, "user", uid, "document");
        if (!a.changed && !d.changed)
            continue;
        const char *upd[] = {
            uid,
            a.hex,
            a.key_id,
            a.changed ? a.blind_buf : PQgetvalue(res, i, 3),
            d.hex,
            d.key_id,
        };
        PGresult *u = run_stmt(r, &st_kyc_update, upd, PGRES_COMMAND_OK);
        if (u == NULL)
            goto out_clear;
        PQclear(u);
        aadhaar += a.changed;
        documents += d.changed;
    }
    PQclear(res);
    if (batch_commit(r) < 0)
        return -1;
    r->rep->aadhaar += aadhaar;
    r->rep->blind_indexes += aadhaar;
    r->rep->documents += documents;
    if (*picked > 0)
        r->rep->batches++;
    return 0;

out_clear:
    PQclear(res);
    db_pg_rollback(r->pg);
    return -1;
}

/* One batch of cards after *after. */
static int
card_batch(struct run *r, int64_t *after, int *picked)
{
    PGresult *res = batch_open(r, &st_card_pick, *after);
    if (res == NULL)
        return -1;
    *picked = PQntuples(res);
    uint64_t cards = 0;
    for (int i = 0; i < *picked; i++) {
        const char *cid = PQgetvalue(res, i, 0);
        int64_t card = strtoll(cid, NULL, 10);
        int64_t owner = strtoll(PQgetvalue(res, i, 1), NULL, 10);
        *after = card;
        struct resealed c;
        if (reseal_value(r,
                         owner,
                         SEAL_FIELD_CARD_NUMBER,
                         card,
                         PQgetvalue(res, i, 2),
                         PQgetvalue(res, i, 3),
                         &c) < 0)
            goto out_clear;
        if (c.unreadable)
            note_unreadable(r, "card", cid, "number");
        if (!c.changed)
            continue;
        const char *upd[] = {cid, c.hex, c.key_id};
        PGresult *u = run_stmt(r, &st_card_update, upd, PGRES_COMMAND_OK);
        if (u == NULL)
            goto out_clear;
        PQclear(u);
        cards++;
    }
    PQclear(res);
    if (batch_commit(r) < 0)
        return -1;
    r->rep->cards += cards;
    if (*picked > 0)
        r->rep->batches++;
    return 0;

out_clear:
    PQclear(res);
    db_pg_rollback(r->pg);
    return -1;
}

static int
count_remaining(struct run *r, uint64_t *out)
{
    const char *params[] = {r->cur};
    PGresult *res = run_stmt(r, &st_remaining, params, PGRES_TUPLES_OK);
    if (res == NULL)
        return -1;
    *out = PQntuples(res) == 1 ? strtoull(PQgetvalue(res, 0, 0), NULL, 10) : 0;
    PQclear(res);
    return 0;
}

static void
sleep_ms(long ms)
{
    struct timespec ts = {ms / 1000, (ms % 1000) * 1000000L};
    nanosleep(&ts, NULL);
}

/* 1 when max_batches is reached. */
static bool
out_of_batches(const struct run *r)
{
    return r->max_batches > 0 && r->rep->batches >= r->max_batches;
}

int
app_rotate_keys(PGconn *pg,
                const struct seal_keyring *kr,
                const struct app_rotate_options *o,
                struct app_rotate_report *out,
                char *err,
                size_t errlen)
{
    memset(out, 0, sizeof(*out));
    struct run r = {
        .pg = pg,
        .kr = kr,
        .batch = o && o->batch_size ? o->batch_size : DEFAULT_BATCH,
        .max_batches = o ? o->max_batches : 0,
        .rep = out,
        .err = err,
        .errlen = errlen,
    };
    if (r.batch > MAX_BATCH)
        r.batch = MAX_BATCH;
    unsigned passes = o && o->passes ? o->passes : DEFAULT_PASSES;
    snprintf(r.cur, sizeof(r.cur), "%" PRIu32, seal_current_key_id(kr));
    if (prepare_all(&r) < 0)
        return -1;

    for (unsigned pass = 0; pass < passes; pass++) {
        r.unreadable = 0;
        r.first_unreadable[0] = '\0';
        int64_t after = 0;
        int picked;
        do {
            if (out_of_batches(&r))
                goto out_report;
            if (kyc_batch(&r, &after, &picked) < 0)
                return -1;
        } while (picked > 0);
        after = 0;
        do {
            if (out_of_batches(&r))
                goto out_report;
            if (card_batch(&r, &after, &picked) < 0)
                return -1;
        } while (picked > 0);
        if (count_remaining(&r, &out->remaining) < 0)
            return -1;
        /* What is left is unreadable, or was locked by a request while we passed: retry. */
        if (out->remaining <= r.unreadable)
            break;
        sleep_ms(200);
    }

out_report:
    if (count_remaining(&r, &out->remaining) < 0)
        return -1;
    out->unreadable = r.unreadable;
    snprintf(out->first_unreadable, sizeof(out->first_unreadable), "%s", r.first_unreadable);
    if (out->unreadable > 0)
        return APP_ROTATE_UNREADABLE;
    return out->remaining > 0 ? APP_ROTATE_UNFINISHED : 0;
}
