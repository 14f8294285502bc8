/*
 * The shared model layer: row parsing, OPAQUE values, per-request batch loaders, visibility
 * helpers, and the field resolvers of Transfer and LedgerEntry (see resolvers/model.h).
 */
#include "model.h"

#include "core/arena.h"
#include "core/errors.h"
#include "core/strbuf.h"

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/*---------------------------------------------------------------------------------------------
 * Per-request state: id -> object maps with a pending set each.
 *-------------------------------------------------------------------------------------------*/

enum { SLOT_EMPTY = 0, SLOT_PENDING, SLOT_LOADED };

struct id_slot {
    int64_t key;
    int state;         /* SLOT_* */
    const void *value; /* the object (NULL: no such row) when SLOT_LOADED */
};

/* Open addressing with linear probing; capacity a power of two, at most half full. */
struct id_map {
    struct id_slot *slots;
    size_t cap;
    size_t used;
    size_t pending;
};

/* The accounts of one user (User.accounts). */
struct account_list {
    const struct res_account **items;
    size_t count;
};

/* The cards of one user (User.cards). */
struct card_list {
    const struct res_card **items;
    size_t count;
};

struct res_state {
    struct id_map users;
    struct id_map accounts;
    struct id_map transfers;
    struct id_map user_accounts; /* user id -> struct account_list */
    struct id_map cards;
    struct id_map user_cards; /* user id -> struct card_list */
    struct id_map user_kyc;   /* user id -> struct gql_val (KycProfile OBJECT) */
    unsigned statements;
    bool in_tx;        /* res_begin ran and neither res_commit nor res_rollback since */
    int64_t viewer_id; /* a user who signed in during this request (res_set_viewer) */
};

static struct res_state *
state_of(struct app_request *r)
{
    if (r->res_state == NULL)
        r->res_state = arena_calloc(r->arena, 1, sizeof(struct res_state));
    return r->res_state;
}

static size_t
slot_index(int64_t key, size_t cap)
{
    uint64_t h = (uint64_t)key * UINT64_C(0x9E3779B97F4A7C15);
    return (size_t)(h >> 32) & (cap - 1);
}

static struct id_slot *
map_find(const struct id_map *m, int64_t key)
{
    if (m->cap == 0)
        return NULL;
    for (size_t i = slot_index(key, m->cap);; i = (i + 1) & (m->cap - 1)) {
        struct id_slot *s = &m->slots[i];
        if (s->state == SLOT_EMPTY)
            return NULL;
        if (s->key == key)
            return s;
    }
}

static void map_grow(struct arena *a, struct id_map *m);

/* The slot of key, created empty (state SLOT_EMPTY) if absent. */
static struct id_slot *
map_slot(struct arena *a, struct id_map *m, int64_t key)
{
    if ((m->used + 1) * 2 > m->cap)
        map_grow(a, m);
    for (size_t i = slot_index(key, m->cap);; i = (i + 1) & (m->cap - 1)) {
        struct id_slot *s = &m->slots[i];
        if (s->state == SLOT_EMPTY) {
            s->key = key;
            m->used++;
            return s;
        }
        if (s->key == key)
            return s;
    }
}

static void
map_grow(struct arena *a, struct id_map *m)
{
    size_t cap = m->cap ? m->cap * 2 : 64;
    struct id_slot *old = m->slots;
    size_t old_cap = m->cap;
    m->slots = arena_calloc(a, cap, sizeof(struct id_slot));
    m->cap = cap;
    m->used = 0;
    for (size_t i = 0; i < old_cap; i++) {
        if (old[i].state == SLOT_EMPTY)
            continue;
        for (size_t k = slot_index(old[i].key, cap);; k = (k + 1) & (cap - 1)) {
            if (m->slots[k].state == SLOT_EMPTY) {
                m->slots[k] = old[i];
                m->used++;
                break;
            }
        }
    }
}

static void
map_want(struct arena *a, struct id_map *m, int64_t key)
{
    if (key <= 0)
        return;
    struct id_slot *s = map_slot(a, m, key);
    if (s->state == SLOT_EMPTY) {
        s->state = SLOT_PENDING;
        m->pending++;
    }
}

static void
map_put(struct arena *a, struct id_map *m, int64_t key, const void *value)
{
    struct id_slot *s = map_slot(a, m, key);
    if (s->state == SLOT_PENDING)
        m->pending--;
    s->state = SLOT_LOADED;
    s->value = value;
}

/* Marks every pending key as loaded without a row. */
static void
map_settle(struct id_map *m)
{
    for (size_t i = 0; i < m->cap && m->pending > 0; i++) {
        if (m->slots[i].state == SLOT_PENDING) {
            m->slots[i].state = SLOT_LOADED;
            m->slots[i].value = NULL;
            m->pending--;
        }
    }
}

/* The pending keys as a PostgreSQL array literal "{1,2,3}" (arena string). */
static const char *
map_pending_array(struct arena *a, const struct id_map *m)
{
    struct strbuf sb = STRBUF_INIT;
    strbuf_putc(&sb, '{');
    bool first = true;
    for (size_t i = 0; i < m->cap; i++) {
        if (m->slots[i].state != SLOT_PENDING)
            continue;
        if (!first)
            strbuf_putc(&sb, ',');
        strbuf_append_int(&sb, m->slots[i].key);
        first = false;
    }
    strbuf_putc(&sb, '}');
    char *s = arena_strndup(a, sb.data, sb.len);
    strbuf_free(&sb);
    return s;
}

static void
map_forget(struct id_map *m, int64_t key)
{
    struct id_slot *s = map_find(m, key);
    if (s == NULL)
        return;
    if (s->state == SLOT_LOADED) {
        /* Back to pending: the next load reads the row again. */
        s->state = SLOT_PENDING;
        s->value = NULL;
        m->pending++;
    }
}

/*---------------------------------------------------------------------------------------------
 * Statements and column access
 *-------------------------------------------------------------------------------------------*/

int
res_exec(struct app_request *r,
         const struct db_stmt *st,
         const char *const *params,
         ExecStatusType expect,
         PGresult **out,
         const char **sqlstate)
{
    struct db_conn *db;
    *out = NULL;
    if (sqlstate != NULL)
        *sqlstate = "";
    int rc = app_request_db(r, &db);
    if (rc < 0)
        return rc;
    state_of(r)->statements++;
    PGresult *res = db_exec(db, st, params);
    if (res != NULL)
        arena_defer(r->arena, (void (*)(void *))PQclear, res);
    rc = app_db_check_state(r, res, expect, sqlstate);
    if (rc < 0)
        return rc;
    *out = res;
    return 0;
}

int
res_exec_sql(struct app_request *r, const char *sql, ExecStatusType expect)
{
    struct db_conn *db;
    int rc = app_request_db(r, &db);
    if (rc < 0)
        return rc;
    state_of(r)->statements++;
    PGresult *res = db_exec_sql(db, sql);
    rc = app_db_check(r, res, expect);
    PQclear(res);
    return rc;
}

unsigned
res_statement_count(const struct app_request *r)
{
    const struct res_state *s = r->res_state;
    return s ? s->statements : 0;
}

const char *
res_i64(struct arena *a, int64_t v)
{
    return arena_sprintf(a, "%" PRId64, v);
}

int
res_get_i64(const PGresult *res, int row, const char *column, int64_t *out)
{
    int col = PQfnumber(res, column);
    if (col < 0 || PQgetisnull(res, row, col))
        return -1;
    const char *s = PQgetvalue(res, row, col);
    char *end;
    errno = 0;
    long long v = strtoll(s, &end, 10);
    if (end == s || *end != '\0' || errno != 0)
        return -1;
    *out = (int64_t)v;
    return 0;
}

const char *
res_get_text(struct arena *a, const PGresult *res, int row, const char *column)
{
    int col = PQfnumber(res, column);
    if (col < 0 || PQgetisnull(res, row, col))
        return NULL;
    return arena_strndup(a, PQgetvalue(res, row, col), (size_t)PQgetlength(res, row, col));
}

/* Like res_get_i64, with 0 for SQL NULL. */
static int
get_i64_or_zero(const PGresult *res, int row, const char *column, int64_t *out)
{
    int col = PQfnumber(res, column);
    if (col < 0)
        return -1;
    if (PQgetisnull(res, row, col)) {
        *out = 0;
        return 0;
    }
    return res_get_i64(res, row, column, out);
}

static struct gql_val
str_or_null(const char *s)
{
    return s ? gql_val_string_ref(s, strlen(s)) : gql_val_null();
}

struct gql_val
res_money_val(int64_t minor)
{
    return gql_val_int(minor);
}

struct gql_val
res_datetime_val(int64_t ms)
{
    return gql_val_int(ms);
}

/*---------------------------------------------------------------------------------------------
 * Rows
 *-------------------------------------------------------------------------------------------*/

int
res_user_from_row(struct arena *a, const PGresult *res, int row, struct res_user *out)
{
    memset(out, 0, sizeof(*out));
    const char *role = res_get_text(a, res, row, "role");
    const char *status = res_get_text(a, res, row, "status");
    out->username = res_get_text(a, res, row, "username");
    out->email = res_get_text(a, res, row, "email");
    out->display_name = res_get_text(a, res, row, "display_name");
    if (res_get_i64(res, row, "id", &out->id) < 0 ||
        res_get_i64(res, row, "created_at_ms", &out->created_at_ms) < 0 || role == NULL ||
        status == NULL || out->username == NULL || out->email == NULL || out->display_name == NULL)
        return -1;
    out->role = strcmp(role, "ADMIN") == 0 ? APP_ROLE_ADMIN : APP_ROLE_USER;
    if (strcmp(status, "LOCKED") == 0)
        out->status = APP_USER_LOCKED;
    else if (strcmp(status, "DISABLED") == 0)
        out->status = APP_USER_DISABLED;
    else
        out->status = APP_USER_ACTIVE;
    return 0;
}

int
res_account_from_row(struct arena *a, const PGresult *res, int row, struct res_account *out)
{
    memset(out, 0, sizeof(*out));
    out->type = res_get_text(a, res, row, "type");
    out->status = res_get_text(a, res, row, "status");
    out->currency = res_get_text(a, res, row, "currency");
    out->nickname = res_get_text(a, res, row, "nickname");
    out->number = res_get_text(a, res, row, "number");
    if (res_get_i64(res, row, "id", &out->id) < 0 ||
        get_i64_or_zero(res, row, "user_id", &out->user_id) < 0 ||
        res_get_i64(res, row, "balance", &out->balance) < 0 ||
        res_get_i64(res, row, "credit_limit", &out->credit_limit) < 0 ||
        res_get_i64(res, row, "created_at_ms", &out->created_at_ms) < 0 || out->type == NULL ||
        out->status == NULL || out->currency == NULL || out->number == NULL)
        return -1;
    return 0;
}

int
res_transfer_from_row(struct arena *a, const PGresult *res, int row, struct res_transfer *out)
{
    memset(out, 0, sizeof(*out));
    out->reference = res_get_text(a, res, row, "reference");
    out->kind = res_get_text(a, res, row, "kind");
    out->status = res_get_text(a, res, row, "status");
    out->currency = res_get_text(a, res, row, "currency");
    out->memo = res_get_text(a, res, row, "memo");
    out->review_reason = res_get_text(a, res, row, "review_reason");
    if (res_get_i64(res, row, "id", &out->id) < 0 ||
        get_i64_or_zero(res, row, "from_account_id", &out->from_account_id) < 0 ||
        res_get_i64(res, row, "to_account_id", &out->to_account_id) < 0 ||
        get_i64_or_zero(res, row, "from_user_id", &out->from_user_id) < 0 ||
        get_i64_or_zero(res, row, "to_user_id", &out->to_user_id) < 0 ||
        res_get_i64(res, row, "amount", &out->amount) < 0 ||
        res_get_i64(res, row, "created_at_ms", &out->created_at_ms) < 0 || out->reference == NULL ||
        out->kind == NULL || out->status == NULL || out->currency == NULL)
        return -1;
    return 0;
}

int
res_ledger_entry_from_row(struct arena *a,
                          const PGresult *res,
                          int row,
                          struct res_ledger_entry *out)
{
    (void)a;
    memset(out, 0, sizeof(*out));
    if (res_get_i64(res, row, "id", &out->id) < 0 ||
        res_get_i64(res, row, "account_id", &out->account_id) < 0 ||
        res_get_i64(res, row, "transfer_id", &out->transfer_id) < 0 ||
        res_get_i64(res, row, "amount", &out->amount) < 0 ||
        res_get_i64(res, row, "balance_after", &out->balance_after) < 0 ||
        res_get_i64(res, row, "at_ms", &out->at_ms) < 0)
        return -1;
    return 0;
}

int
res_card_from_row(struct arena *a, const PGresult *res, int row, struct res_card *out)
{
    memset(out, 0, sizeof(*out));
    out->kind = res_get_text(a, res, row, "kind");
    out->status = res_get_text(a, res, row, "status");
    out->brand = res_get_text(a, res, row, "brand");
    out->last4 = res_get_text(a, res, row, "last4");
    if (res_get_i64(res, row, "id", &out->id) < 0 ||
        res_get_i64(res, row, "account_id", &out->account_id) < 0 ||
        get_i64_or_zero(res, row, "user_id", &out->user_id) < 0 ||
        res_get_i64(res, row, "expiry_month", &out->expiry_month) < 0 ||
        res_get_i64(res, row, "expiry_year", &out->expiry_year) < 0 ||
        res_get_i64(res, row, "daily_limit", &out->daily_limit) < 0 ||
        res_get_i64(res, row, "created_at_ms", &out->created_at_ms) < 0 || out->kind == NULL ||
        out->status == NULL || out->brand == NULL || out->last4 == NULL)
        return -1;
    return 0;
}

/*---------------------------------------------------------------------------------------------
 * Values
 *-------------------------------------------------------------------------------------------*/

struct gql_val
res_user_val(struct app_request *r, const struct res_user *u)
{
    struct res_state *s = state_of(r);
    map_put(r->arena, &s->users, u->id, u);
    map_want(r->arena, &s->user_accounts, u->id);
    map_want(r->arena, &s->user_cards, u->id);
    map_want(r->arena, &s->user_kyc, u->id);
    return gql_val_opaque((void *)u, RES_TYPE_USER);
}

struct gql_val
res_public_user_val(struct app_request *r, const struct res_user *u)
{
    struct res_state *s = state_of(r);
    map_put(r->arena, &s->users, u->id, u);
    return gql_val_opaque((void *)u, RES_TYPE_PUBLIC_USER);
}

struct gql_val
res_account_val(struct app_request *r, const struct res_account *acc)
{
    struct res_state *s = state_of(r);
    map_put(r->arena, &s->accounts, acc->id, acc);
    map_want(r->arena, &s->users, acc->user_id);
    return gql_val_opaque((void *)acc, RES_TYPE_ACCOUNT);
}

struct gql_val
res_transfer_val(struct app_request *r, const struct res_transfer *t)
{
    struct res_state *s = state_of(r);
    map_put(r->arena, &s->transfers, t->id, t);
    map_want(r->arena, &s->accounts, t->from_account_id);
    map_want(r->arena, &s->accounts, t->to_account_id);
    map_want(r->arena, &s->users, t->from_user_id);
    map_want(r->arena, &s->users, t->to_user_id);
    return gql_val_opaque((void *)t, RES_TYPE_TRANSFER);
}

struct gql_val
res_ledger_entry_val(struct app_request *r, const struct res_ledger_entry *e)
{
    struct res_state *s = state_of(r);
    map_want(r->arena, &s->transfers, e->transfer_id);
    return gql_val_opaque((void *)e, RES_TYPE_LEDGER_ENTRY);
}

struct gql_val
res_card_val(struct app_request *r, const struct res_card *c)
{
    struct res_state *s = state_of(r);
    map_put(r->arena, &s->cards, c->id, c);
    map_want(r->arena, &s->accounts, c->account_id);
    return gql_val_opaque((void *)c, RES_TYPE_CARD);
}

const void *
res_opaque(const struct gql_val *v, const char *type_name)
{
    if (v == NULL || v->kind != GQL_VAL_OPAQUE || v->u.opaque.type_name == NULL ||
        strcmp(v->u.opaque.type_name, type_name) != 0)
        return NULL;
    return v->u.opaque.ptr;
}

/*---------------------------------------------------------------------------------------------
 * Loaders
 *-------------------------------------------------------------------------------------------*/

static const struct db_stmt stmt_users_by_ids = {
    "res_model_users_by_ids",
    "SELECT " RES_USER_COLUMNS " FROM users u WHERE u.id = ANY($1::bigint[])",
    1,
    NULL,
};

static const struct db_stmt stmt_accounts_by_ids = {
    "res_model_accounts_by_ids",
    "SELECT " RES_ACCOUNT_COLUMNS " FROM accounts a WHERE a.id = ANY($1::bigint[])",
    1,
    NULL,
};

static const struct db_stmt stmt_transfers_by_ids = {
    "res_model_transfers_by_ids",
    "SELECT " RES_TRANSFER_COLUMNS " FROM " RES_TRANSFER_FROM " WHERE t.id = ANY($1::bigint[])",
    1,
    NULL,
};

static const struct db_stmt stmt_accounts_by_users = {
    "res_model_accounts_by_users",
    "SELECT " RES_ACCOUNT_COLUMNS " FROM accounts a WHERE a.user_id = ANY($1::bigint[]) "
    "ORDER BY a.user_id, a.id",
    1,
    NULL,
};

static const struct db_stmt stmt_cards_by_ids = {
    "res_model_cards_by_ids",
    "SELECT " RES_CARD_COLUMNS " FROM " RES_CARD_FROM " WHERE c.id = ANY($1::bigint[])",
    1,
    NULL,
};

static const struct db_stmt stmt_cards_by_users = {
    "res_model_cards_by_users",
    "SELECT " RES_CARD_COLUMNS " FROM " RES_CARD_FROM " WHERE ca.user_id = ANY($1::bigint[]) "
    "ORDER BY ca.user_id, c.id",
    1,
    NULL,
};

static const struct db_stmt stmt_kyc_by_users = {
    "res_model_kyc_by_users",
    "SELECT k.user_id, k.status, k.aadhaar_last4, k.document_type, "
    "k.document_last4, " RES_MS("k.submitted_at") " AS submitted_at_ms, " RES_MS(
        "k.reviewed_at") " AS reviewed_at_ms, "
                         "k.review_note FROM kyc_profiles k WHERE k.user_id = "
                         "ANY($1::bigint[])",
    1,
    NULL,
};

void
res_want_user(struct app_request *r, int64_t id)
{
    map_want(r->arena, &state_of(r)->users, id);
}

void
res_want_account(struct app_request *r, int64_t id)
{
    map_want(r->arena, &state_of(r)->accounts, id);
}

void
res_want_transfer(struct app_request *r, int64_t id)
{
    map_want(r->arena, &state_of(r)->transfers, id);
}

/* Loads every pending user. Returns 0 or a negative contract error. */
static int
batch_users(struct app_request *r)
{
    struct res_state *s = state_of(r);
    const char *params[] = {map_pending_array(r->arena, &s->users)};
    PGresult *res;
    int rc = res_exec(r, &stmt_users_by_ids, params, PGRES_TUPLES_OK, &res, NULL);
    if (rc < 0)
        return rc;
    int n = PQntuples(res);
    struct res_user *rows = arena_calloc(r->arena, (size_t)n + 1, sizeof(*rows));
    for (int i = 0; i < n; i++) {
        if (res_user_from_row(r->arena, res, i, &rows[i]) < 0)
            return -WALLET_EINTERNAL_SERVER_ERROR;
        map_put(r->arena, &s->users, rows[i].id, &rows[i]);
    }
    map_settle(&s->users);
    return 0;
}

static int
batch_accounts(struct app_request *r)
{
    struct res_state *s = state_of(r);
    const char *params[] = {map_pending_array(r->arena, &s->accounts)};
    PGresult *res;
    int rc = res_exec(r, &stmt_accounts_by_ids, params, PGRES_TUPLES_OK, &res, NULL);
    if (rc < 0)
        return rc;
    int n = PQntuples(res);
    struct res_account *rows = arena_calloc(r->arena, (size_t)n + 1, sizeof(*rows));
    for (int i = 0; i < n; i++) {
        if (res_account_from_row(r->arena, res, i, &rows[i]) < 0)
            return -WALLET_EINTERNAL_SERVER_ERROR;
        map_put(r->arena, &s->accounts, rows[i].id, &rows[i]);
        map_want(r->arena, &s->users, rows[i].user_id);
    }
    map_settle(&s->accounts);
    return 0;
}

static int
batch_transfers(struct app_request *r)
{
    struct res_state *s = state_of(r);
    const char *params[] = {map_pending_array(r->arena, &s->transfers)};
    PGresult *res;
    int rc = res_exec(r, &stmt_transfers_by_ids, params, PGRES_TUPLES_OK, &res, NULL);
    if (rc < 0)
        return rc;
    int n = PQntuples(res);
    struct res_transfer *rows = arena_calloc(r->arena, (size_t)n + 1, sizeof(*rows));
    for (int i = 0; i < n; i++) {
        if (res_transfer_from_row(r->arena, res, i, &rows[i]) < 0)
            return -WALLET_EINTERNAL_SERVER_ERROR;
        (void)res_transfer_val(r, &rows[i]); /* caches it and primes its references */
    }
    map_settle(&s->transfers);
    return 0;
}

static int
batch_user_accounts(struct app_request *r)
{
    struct res_state *s = state_of(r);
    const char *params[] = {map_pending_array(r->arena, &s->user_accounts)};
    PGresult *res;
    int rc = res_exec(r, &stmt_accounts_by_users, params, PGRES_TUPLES_OK, &res, NULL);
    if (rc < 0)
        return rc;
    int n = PQntuples(res);
    struct res_account *rows = arena_calloc(r->arena, (size_t)n + 1, sizeof(*rows));
    const struct res_account **ptrs = arena_calloc(r->arena, (size_t)n + 1, sizeof(*ptrs));
    int start = 0;
    for (int i = 0; i < n; i++) {
        if (res_account_from_row(r->arena, res, i, &rows[i]) < 0)
            return -WALLET_EINTERNAL_SERVER_ERROR;
        map_put(r->arena, &s->accounts, rows[i].id, &rows[i]);
        ptrs[i] = &rows[i];
        /* Rows come ordered by user: close a group at each change of user. */
        if (i + 1 == n || PQgetisnull(res, i + 1, PQfnumber(res, "user_id")) ||
            strcmp(PQgetvalue(res, i + 1, PQfnumber(res, "user_id")),
                   PQgetvalue(res, i, PQfnumber(res, "user_id"))) != 0) {
            struct account_list *l = arena_calloc(r->arena, 1, sizeof(*l));
            l->items = &ptrs[start];
            l->count = (size_t)(i + 1 - start);
            map_put(r->arena, &s->user_accounts, rows[i].user_id, l);
            start = i + 1;
        }
    }
    /* Users without accounts get an empty list. */
    static const struct account_list empty = {NULL, 0};
    for (size_t i = 0; i < s->user_accounts.cap; i++) {
        if (s->user_accounts.slots[i].state == SLOT_PENDING) {
            s->user_accounts.slots[i].state = SLOT_LOADED;
            s->user_accounts.slots[i].value = &empty;
            s->user_accounts.pending--;
        }
    }
    return 0;
}

static int
batch_cards(struct app_request *r)
{
    struct res_state *s = state_of(r);
    const char *params[] = {map_pending_array(r->arena, &s->cards)};
    PGresult *res;
    int rc = res_exec(r, &stmt_cards_by_ids, params, PGRES_TUPLES_OK, &res, NULL);
    if (rc < 0)
        return rc;
    int n = PQntuples(res);
    struct res_card *rows = arena_calloc(r->arena, (size_t)n + 1, sizeof(*rows));
    for (int i = 0; i < n; i++) {
        if (res_card_from_row(r->arena, res, i, &rows[i]) < 0)
            return -WALLET_EINTERNAL_SERVER_ERROR;
        (void)res_card_val(r, &rows[i]);
    }
    map_settle(&s->cards);
    return 0;
}

static int
batch_user_cards(struct app_request *r)
{
    struct res_state *s = state_of(r);
    const char *params[] = {map_pending_array(r->arena, &s->user_cards)};
    PGresult *res;
    int rc = res_exec(r, &stmt_cards_by_users, params, PGRES_TUPLES_OK, &res, NULL);
    if (rc < 0)
        return rc;
    int n = PQntuples(res);
    struct res_card *rows = arena_calloc(r->arena, (size_t)n + 1, sizeof(*rows));
    const struct res_card **ptrs = arena_calloc(r->arena, (size_t)n + 1, sizeof(*ptrs));
    int start = 0;
    for (int i = 0; i < n; i++) {
        if (res_card_from_row(r->arena, res, i, &rows[i]) < 0)
            return -WALLET_EINTERNAL_SERVER_ERROR;
        (void)res_card_val(r, &rows[i]);
        ptrs[i] = &rows[i];
    }
    for (int i = 0; i < n; i++) {
        if (i + 1 < n && rows[i + 1].user_id == rows[i].user_id)
            continue;
        struct card_list *l = arena_calloc(r->arena, 1, sizeof(*l));
        l->items = &ptrs[start];
        l->count = (size_t)(i + 1 - start);
        map_put(r->arena, &s->user_cards, rows[i].user_id, l);
        start = i + 1;
    }
    static const struct card_list empty = {NULL, 0};
    for (size_t i = 0; i < s->user_cards.cap; i++) {
        if (s->user_cards.slots[i].state == SLOT_PENDING) {
            s->user_cards.slots[i].state = SLOT_LOADED;
            s->user_cards.slots[i].value = &empty;
            s->user_cards.pending--;
        }
    }
    return 0;
}

/* "XXXX XXXX 1234" */
static struct gql_val
aadhaar_masked(struct arena *a, const char *last4)
{
    if (last4 == NULL)
        return gql_val_null();
    return gql_val_string_ref(arena_sprintf(a, "XXXX XXXX %s", last4), 14);
}

/* The document number masked but for its last four characters. */
static struct gql_val
document_masked(struct arena *a, const char *last4)
{
    if (last4 == NULL)
        return gql_val_null();
    char *m = arena_sprintf(a, "XXXXXX%s", last4);
    return gql_val_string_ref(m, strlen(m));
}

static struct gql_val
kyc_value(struct arena *a, const PGresult *res, int row)
{
    struct gql_val v = gql_val_object(a, 7);
    const char *status = row >= 0 ? res_get_text(a, res, row, "status") : NULL;
    gql_val_object_set(a, &v, "status", str_or_null(status ? status : "NONE"));
    if (row < 0) {
        gql_val_object_set(a, &v, "aadhaarMasked", gql_val_null());
        gql_val_object_set(a, &v, "documentType", gql_val_null());
        gql_val_object_set(a, &v, "documentMasked", gql_val_null());
        gql_val_object_set(a, &v, "submittedAt", gql_val_null());
        gql_val_object_set(a, &v, "reviewedAt", gql_val_null());
        gql_val_object_set(a, &v, "reviewNote", gql_val_null());
        return v;
    }
    int64_t ms;
    gql_val_object_set(
        a, &v, "aadhaarMasked", aadhaar_masked(a, res_get_text(a, res, row, "aadhaar_last4")));
    gql_val_object_set(
        a, &v, "documentType", str_or_null(res_get_text(a, res, row, "document_type")));
    gql_val_object_set(
        a, &v, "documentMasked", document_masked(a, res_get_text(a, res, row, "document_last4")));
    gql_val_object_set(a,
                       &v,
                       "submittedAt",
                       res_get_i64(res, row, "submitted_at_ms", &ms) == 0 ? res_datetime_val(ms)
                                                                          : gql_val_null());
    gql_val_object_set(a,
                       &v,
                       "reviewedAt",
                       res_get_i64(res, row, "reviewed_at_ms", &ms) == 0 ? res_datetime_val(ms)
                                                                         : gql_val_null());
    gql_val_object_set(a, &v, "reviewNote", str_or_null(res_get_text(a, res, row, "review_note")));
    return v;
}

struct gql_val
res_kyc_val(struct arena *a, const PGresult *res, int row)
{
    return kyc_value(a, res, row);
}

static int
batch_user_kyc(struct app_request *r)
{
    struct res_state *s = state_of(r);
    const char *params[] = {map_pending_array(r->arena, &s->user_kyc)};
    PGresult *res;
    int rc = res_exec(r, &stmt_kyc_by_users, params, PGRES_TUPLES_OK, &res, NULL);
    if (rc < 0)
        return rc;
    for (int i = 0; i < PQntuples(res); i++) {
        int64_t uid;
        if (res_get_i64(res, i, "user_id", &uid) < 0)
            return -WALLET_EINTERNAL_SERVER_ERROR;
        struct gql_val *v = arena_alloc(r->arena, sizeof(*v));
        *v = kyc_value(r->arena, res, i);
        map_put(r->arena, &s->user_kyc, uid, v);
    }
    struct gql_val *none = arena_alloc(r->arena, sizeof(*none));
    *none = kyc_value(r->arena, NULL, -1);
    for (size_t i = 0; i < s->user_kyc.cap; i++) {
        if (s->user_kyc.slots[i].state == SLOT_PENDING) {
            s->user_kyc.slots[i].state = SLOT_LOADED;
            s->user_kyc.slots[i].value = none;
            s->user_kyc.pending--;
        }
    }
    return 0;
}

/* The shared shape of the loaders. */
static int
load_one(const struct gql_resolve_info *info,
         struct id_map *(*map_of)(struct res_state *),
         int (*batch)(struct app_request *),
         int64_t id,
         const void **out)
{
    struct app_request *r = app_request_of(info);
    struct res_state *s = state_of(r);
    struct id_map *m = map_of(s);
    *out = NULL;
    if (id <= 0)
        return 0;
    struct id_slot *slot = map_find(m, id);
    if (slot == NULL || slot->state != SLOT_LOADED) {
        map_want(r->arena, m, id);
        int rc = batch(r);
        if (rc < 0)
            return app_fail(info, rc);
        slot = map_find(m, id);
    }
    *out = slot != NULL ? slot->value : NULL;
    return 0;
}

static struct id_map *
users_map(struct res_state *s)
{
    return &s->users;
}

static struct id_map *
accounts_map(struct res_state *s)
{
    return &s->accounts;
}

static struct id_map *
transfers_map(struct res_state *s)
{
    return &s->transfers;
}

static struct id_map *
user_accounts_map(struct res_state *s)
{
    return &s->user_accounts;
}

static struct id_map *
cards_map(struct res_state *s)
{
    return &s->cards;
}

static struct id_map *
user_cards_map(struct res_state *s)
{
    return &s->user_cards;
}

static struct id_map *
user_kyc_map(struct res_state *s)
{
    return &s->user_kyc;
}

int
res_load_card(const struct gql_resolve_info *info, int64_t id, const struct res_card **out)
{
    const void *v;
    int rc = load_one(info, cards_map, batch_cards, id, &v);
    *out = v;
    return rc;
}

int
res_load_user_cards(const struct gql_resolve_info *info,
                    int64_t user_id,
                    const struct res_card *const **out,
                    size_t *count)
{
    const void *v;
    int rc = load_one(info, user_cards_map, batch_user_cards, user_id, &v);
    const struct card_list *l = v;
    *out = l ? l->items : NULL;
    *count = l ? l->count : 0;
    return rc;
}

int
res_load_user_kyc(const struct gql_resolve_info *info, int64_t user_id, struct gql_val *out)
{
    const void *v;
    int rc = load_one(info, user_kyc_map, batch_user_kyc, user_id, &v);
    if (rc == 0 && v != NULL)
        *out = *(const struct gql_val *)v;
    return rc;
}

int
res_load_user(const struct gql_resolve_info *info, int64_t id, const struct res_user **out)
{
    const void *v;
    int rc = load_one(info, users_map, batch_users, id, &v);
    *out = v;
    return rc;
}

int
res_load_account(const struct gql_resolve_info *info, int64_t id, const struct res_account **out)
{
    const void *v;
    int rc = load_one(info, accounts_map, batch_accounts, id, &v);
    *out = v;
    return rc;
}

int
res_load_transfer(const struct gql_resolve_info *info, int64_t id, const struct res_transfer **out)
{
    const void *v;
    int rc = load_one(info, transfers_map, batch_transfers, id, &v);
    *out = v;
    return rc;
}

int
res_load_user_accounts(const struct gql_resolve_info *info,
                       int64_t user_id,
                       const struct res_account *const **out,
                       size_t *count)
{
    const void *v;
    int rc = load_one(info, user_accounts_map, batch_user_accounts, user_id, &v);
    const struct account_list *l = v;
    *out = l ? l->items : NULL;
    *count = l ? l->count : 0;
    return rc;
}

void
res_forget_account(struct app_request *r, int64_t id)
{
    struct res_state *s = state_of(r);
    map_forget(&s->accounts, id);
    /* The owner's account list holds the old struct too. */
    for (size_t i = 0; i < s->user_accounts.cap; i++) {
        if (s->user_accounts.slots[i].state == SLOT_LOADED) {
            s->user_accounts.slots[i].state = SLOT_PENDING;
            s->user_accounts.pending++;
        }
    }
}

void
res_forget_user(struct app_request *r, int64_t id)
{
    map_forget(&state_of(r)->users, id);
}

/*---------------------------------------------------------------------------------------------
 * Visibility
 *-------------------------------------------------------------------------------------------*/

bool
res_is_admin(const struct app_request *r)
{
    return r->authenticated && r->user.role == APP_ROLE_ADMIN;
}

void
res_set_viewer(struct app_request *r, int64_t user_id)
{
    state_of(r)->viewer_id = user_id;
}

bool
res_can_see_user(const struct app_request *r, int64_t user_id)
{
    const struct res_state *s = r->res_state;
    if (user_id > 0 && s != NULL && s->viewer_id == user_id)
        return true;
    return r->authenticated && (r->user.role == APP_ROLE_ADMIN || r->user.id == user_id);
}

bool
res_can_see_account(const struct app_request *r, const struct res_account *acc)
{
    return acc != NULL && res_can_see_user(r, acc->user_id);
}

bool
res_can_see_transfer(const struct app_request *r, const struct res_transfer *t)
{
    if (t == NULL)
        return false;
    return (t->from_user_id != 0 && res_can_see_user(r, t->from_user_id)) ||
           res_can_see_user(r, t->to_user_id);
}

/*---------------------------------------------------------------------------------------------
 * Field resolvers: Transfer and LedgerEntry
 *-------------------------------------------------------------------------------------------*/

static struct gql_val
str_val(const char *s)
{
    return s ? gql_val_string_ref(s, strlen(s)) : gql_val_null();
}

static const struct res_transfer *
transfer_src(const struct gql_resolve_info *info)
{
    return res_opaque(info->source, RES_TYPE_TRANSFER);
}

/* Resolvers of Transfer's scalar fields: one function, the field name picks the member. */
static int
transfer_field(const struct gql_resolve_info *info, struct gql_val *out)
{
    const struct res_transfer *t = transfer_src(info);
    if (t == NULL)
        return app_fail(info, WALLET_EINTERNAL_SERVER_ERROR);
    const char *f = info->field_name;
    struct arena *a = info->arena;
    if (strcmp(f, "id") == 0)
        *out = res_id_val(a, RES_ID_TRANSFER, t->id);
    else if (strcmp(f, "reference") == 0)
        *out = str_val(t->reference);
    else if (strcmp(f, "kind") == 0)
        *out = str_val(t->kind);
    else if (strcmp(f, "status") == 0)
        *out = str_val(t->status);
    else if (strcmp(f, "amount") == 0)
        *out = res_money_val(t->amount);
    else if (strcmp(f, "currency") == 0)
        *out = str_val(t->currency);
    else if (strcmp(f, "memo") == 0)
        *out = str_val(t->memo);
    else if (strcmp(f, "reviewReason") == 0)
        *out = str_val(t->review_reason);
    else if (strcmp(f, "createdAt") == 0)
        *out = res_datetime_val(t->created_at_ms);
    else
        return app_fail(info, WALLET_EINTERNAL_SERVER_ERROR);
    return 0;
}

/* An account of a transfer (fromAccount / toAccount). */
static int
transfer_account(const struct gql_resolve_info *info, int64_t id, struct gql_val *out)
{
    if (id == 0)
        return 0; /* a DEPOSIT has no source account */
    const struct res_account *acc;
    int rc = res_load_account(info, id, &acc);
    if (rc < 0)
        return rc;
    if (acc == NULL)
        return app_fail(info, WALLET_EINTERNAL_SERVER_ERROR);
    *out = res_account_val(app_request_of(info), acc);
    return 0;
}

static int
transfer_from_account(const struct gql_resolve_info *info, struct gql_val *out)
{
    const struct res_transfer *t = transfer_src(info);
    if (t == NULL)
        return app_fail(info, WALLET_EINTERNAL_SERVER_ERROR);
    return transfer_account(info, t->from_account_id, out);
}

static int
transfer_to_account(const struct gql_resolve_info *info, struct gql_val *out)
{
    const struct res_transfer *t = transfer_src(info);
    if (t == NULL)
        return app_fail(info, WALLET_EINTERNAL_SERVER_ERROR);
    return transfer_account(info, t->to_account_id, out);
}

/* A party of a transfer (from / to) as a PublicUser. */
static int
transfer_party(const struct gql_resolve_info *info, int64_t user_id, struct gql_val *out)
{
    if (user_id == 0)
        return 0; /* a DEPOSIT, or the bank's own account */
    const struct res_user *u;
    int rc = res_load_user(info, user_id, &u);
    if (rc < 0)
        return rc;
    if (u == NULL)
        return app_fail(info, WALLET_EINTERNAL_SERVER_ERROR);
    *out = res_public_user_val(app_request_of(info), u);
    return 0;
}

static int
transfer_from(const struct gql_resolve_info *info, struct gql_val *out)
{
    const struct res_transfer *t = transfer_src(info);
    if (t == NULL)
        return app_fail(info, WALLET_EINTERNAL_SERVER_ERROR);
    return transfer_party(info, t->from_user_id, out);
}

static int
transfer_to(const struct gql_resolve_info *info, struct gql_val *out)
{
    const struct res_transfer *t = transfer_src(info);
    if (t == NULL)
        return app_fail(info, WALLET_EINTERNAL_SERVER_ERROR);
    return transfer_party(info, t->to_user_id, out);
}

static int
ledger_entry_field(const struct gql_resolve_info *info, struct gql_val *out)
{
    const struct res_ledger_entry *e = res_opaque(info->source, RES_TYPE_LEDGER_ENTRY);
    if (e == NULL)
        return app_fail(info, WALLET_EINTERNAL_SERVER_ERROR);
    const char *f = info->field_name;
    if (strcmp(f, "id") == 0)
        *out = res_id_val(info->arena, RES_ID_LEDGER_ENTRY, e->id);
    else if (strcmp(f, "amount") == 0)
        *out = res_money_val(e->amount);
    else if (strcmp(f, "balanceAfter") == 0)
        *out = res_money_val(e->balance_after);
    else if (strcmp(f, "at") == 0)
        *out = res_datetime_val(e->at_ms);
    else
        return app_fail(info, WALLET_EINTERNAL_SERVER_ERROR);
    return 0;
}

static int
ledger_entry_transfer(const struct gql_resolve_info *info, struct gql_val *out)
{
    const struct res_ledger_entry *e = res_opaque(info->source, RES_TYPE_LEDGER_ENTRY);
    if (e == NULL)
        return app_fail(info, WALLET_EINTERNAL_SERVER_ERROR);
    const struct res_transfer *t;
    int rc = res_load_transfer(info, e->transfer_id, &t);
    if (rc < 0)
        return rc;
    if (t == NULL)
        return app_fail(info, WALLET_EINTERNAL_SERVER_ERROR);
    *out = res_transfer_val(app_request_of(info), t);
    return 0;
}

static int
card_field(const struct gql_resolve_info *info, struct gql_val *out)
{
    const struct res_card *c = res_opaque(info->source, RES_TYPE_CARD);
    if (c == NULL)
        return app_fail(info, WALLET_EINTERNAL_SERVER_ERROR);
    const char *f = info->field_name;
    if (strcmp(f, "id") == 0)
        *out = res_id_val(info->arena, RES_ID_CARD, c->id);
    else if (strcmp(f, "kind") == 0)
        *out = str_or_null(c->kind);
    else if (strcmp(f, "status") == 0)
        *out = str_or_null(c->status);
    else if (strcmp(f, "brand") == 0)
        *out = str_or_null(c->brand);
    else if (strcmp(f, "last4") == 0)
        *out = str_or_null(c->last4);
    else if (strcmp(f, "expiryMonth") == 0)
        *out = gql_val_int(c->expiry_month);
    else if (strcmp(f, "expiryYear") == 0)
        *out = gql_val_int(c->expiry_year);
    else if (strcmp(f, "dailyLimit") == 0)
        *out = res_money_val(c->daily_limit);
    else if (strcmp(f, "createdAt") == 0)
        *out = res_datetime_val(c->created_at_ms);
    else
        return app_fail(info, WALLET_EINTERNAL_SERVER_ERROR);
    return 0;
}

static int
card_account(const struct gql_resolve_info *info, struct gql_val *out)
{
    const struct res_card *c = res_opaque(info->source, RES_TYPE_CARD);
    if (c == NULL)
        return app_fail(info, WALLET_EINTERNAL_SERVER_ERROR);
    return transfer_account(info, c->account_id, out);
}

const struct gql_resolver_binding res_model_bindings[] = {
    {"Card.id", card_field, NULL},
    {"Card.account", card_account, NULL},
    {"Card.kind", card_field, NULL},
    {"Card.status", card_field, NULL},
    {"Card.brand", card_field, NULL},
    {"Card.last4", card_field, NULL},
    {"Card.expiryMonth", card_field, NULL},
    {"Card.expiryYear", card_field, NULL},
    {"Card.dailyLimit", card_field, NULL},
    {"Card.createdAt", card_field, NULL},
    {"Transfer.id", transfer_field, NULL},
    {"Transfer.reference", transfer_field, NULL},
    {"Transfer.kind", transfer_field, NULL},
    {"Transfer.status", transfer_field, NULL},
    {"Transfer.fromAccount", transfer_from_account, NULL},
    {"Transfer.toAccount", transfer_to_account, NULL},
    {"Transfer.from", transfer_from, NULL},
    {"Transfer.to", transfer_to, NULL},
    {"Transfer.amount", transfer_field, NULL},
    {"Transfer.currency", transfer_field, NULL},
    {"Transfer.memo", transfer_field, NULL},
    {"Transfer.reviewReason", transfer_field, NULL},
    {"Transfer.createdAt", transfer_field, NULL},
    {"LedgerEntry.id", ledger_entry_field, NULL},
    {"LedgerEntry.transfer", ledger_entry_transfer, NULL},
    {"LedgerEntry.amount", ledger_entry_field, NULL},
    {"LedgerEntry.balanceAfter", ledger_entry_field, NULL},
    {"LedgerEntry.at", ledger_entry_field, NULL},
};
const size_t res_model_binding_count = sizeof(res_model_bindings) / sizeof(res_model_bindings[0]);

/*---------------------------------------------------------------------------------------------
 * Transactions and input text
 *-------------------------------------------------------------------------------------------*/

int
res_begin(struct app_request *r)
{
    int rc = res_exec_sql(r, "BEGIN", PGRES_COMMAND_OK);
    if (rc == 0)
        state_of(r)->in_tx = true;
    return rc;
}

int
res_commit(struct app_request *r)
{
    int rc = res_exec_sql(r, "COMMIT", PGRES_COMMAND_OK);
    state_of(r)->in_tx = false;
    return rc;
}

void
res_rollback(struct app_request *r)
{
    struct res_state *s = state_of(r);
    if (!s->in_tx)
        return;
    s->in_tx = false;
    struct db_conn *db;
    if (app_request_db(r, &db) < 0)
        return;
    PGresult *res = db_exec_sql(db, "ROLLBACK");
    PQclear(res);
}

int
res_audit_commit(struct app_request *r,
                 struct app_audit_details *d,
                 const char *action,
                 const char *target_type,
                 const char *target_id)
{
    const char *details = app_audit_details_finish(d, r->arena);
    if (details == NULL)
        return -WALLET_EINTERNAL_SERVER_ERROR;
    int rc = app_audit_request(r, NULL, 0, action, target_type, target_id, details);
    if (rc < 0)
        return rc;
    return res_commit(r);
}

/* Decodes one UTF-8 character at s[0..len); returns its length or 0 when invalid. */
static size_t
utf8_char(const unsigned char *s, size_t len, uint32_t *cp)
{
    if (s[0] < 0x80) {
        *cp = s[0];
        return 1;
    }
    size_t n;
    uint32_t c;
    if ((s[0] & 0xE0) == 0xC0) {
        n = 2;
        c = s[0] & 0x1F;
    } else if ((s[0] & 0xF0) == 0xE0) {
        n = 3;
        c = s[0] & 0x0F;
    } else if ((s[0] & 0xF8) == 0xF0) {
        n = 4;
        c = s[0] & 0x07;
    } else {
        return 0;
    }
    if (n > len)
        return 0;
    for (size_t i = 1; i < n; i++) {
        if ((s[i] & 0xC0) != 0x80)
            return 0;
        c = (c << 6) | (s[i] & 0x3F);
    }
    /* Overlong forms, surrogates and values beyond U+10FFFF are invalid. */
    if ((n == 2 && c < 0x80) || (n == 3 && c < 0x800) || (n == 4 && c < 0x10000) ||
        (c >= 0xD800 && c <= 0xDFFF) || c > 0x10FFFF)
        return 0;
    *cp = c;
    return n;
}

int
res_text_check(struct arena *a,
               const char *s,
               size_t len,
               size_t min_chars,
               size_t max_chars,
               const char **out)
{
    while (len > 0 && s[0] == ' ') {
        s++;
        len--;
    }
    while (len > 0 && s[len - 1] == ' ')
        len--;
    size_t chars = 0;
    for (size_t i = 0; i < len;) {
        uint32_t cp;
        size_t n = utf8_char((const unsigned char *)s + i, len - i, &cp);
        if (n == 0 || cp < 0x20 || cp == 0x7F || (cp >= 0x80 && cp <= 0x9F) || cp == 0x2028 ||
            cp == 0x2029)
            return -1;
        i += n;
        chars++;
    }
    if (chars < min_chars || chars > max_chars)
        return -1;
    *out = arena_strndup(a, s, len);
    return 0;
}

const struct gql_val *
res_input_string(const struct gql_val *obj, const char *key)
{
    const struct gql_val *v = gql_val_object_get(obj, key);
    return v != NULL && v->kind == GQL_VAL_STRING ? v : NULL;
}

const char *
res_like_prefix(struct arena *a, const char *s)
{
    size_t len = strlen(s);
    char *out = arena_alloc(a, len * 2 + 2);
    size_t o = 0;
    for (size_t i = 0; i < len; i++) {
        if (s[i] == '\\' || s[i] == '%' || s[i] == '_')
            out[o++] = '\\';
        out[o++] = s[i];
    }
    out[o++] = '%';
    out[o] = '\0';
    return out;
}
