/*
 * History (contract §4 "Lists", issue 5 "History" and "No N+1"): Query.transfers (filters,
 * keyset pages newest first, totalCount), Account.entries and Query.cashFlow.
 *
 * Each list is one statement for its page. The objects a page refers to (a transfer's
 * accounts and parties, an entry's transfer) come through the model layer's batch loaders,
 * so a page of 100 transfers with from, to, fromAccount and toAccount costs three statements
 * whatever its size; the entries of every account of a list (me.accounts[].entries) are one
 * statement too.
 *
 * Cursors are keyset positions: a transfer's (created_at to the microsecond, id), an entry's
 * id. The next page starts strictly after them, so rows inserted meanwhile never make a page
 * repeat or skip an item.
 */
#include "core/arena.h"
#include "core/errors.h"
#include "core/strbuf.h"
#include "model.h"
#include "resolvers_internal.h"

#include <string.h>

/* Exact UTC text of a timestamptz, microseconds included: a transfer cursor's time. */
#define TS_TEXT(col) "to_char(" col " AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.US\"Z\"')"
#define TS_TEXT_LEN 27 /* "2026-11-24T08:00:00.123456Z" */

/*---------------------------------------------------------------------------------------------
 * Query.transfers
 *-------------------------------------------------------------------------------------------*/

/*
 * $1 the user whose accounts are in scope (NULL: every account), $2 one account (NULL: all in
 * scope), $3 direction IN/OUT/ANY relative to them, $4 status, $5 since (included), $6 until
 * (excluded). With neither $1 nor $2 (an ADMIN's view of everything) the direction has
 * nothing to refer to.
 */
#define SCOPE                                                                                      \
    "(SELECT s.id FROM accounts s WHERE ($1::bigint IS NULL OR s.user_id = $1::bigint)"            \
    " AND ($2::bigint IS NULL OR s.id = $2::bigint))"
#define TRANSFER_FILTER                                                                            \
    "(($1::bigint IS NULL AND $2::bigint IS NULL)"                                                 \
    " OR ($3::text <> 'IN' AND t.from_account_id IN " SCOPE ")"                                    \
    " OR ($3::text <> 'OUT' AND t.to_account_id IN " SCOPE "))"                                    \
    " AND ($4::text IS NULL OR t.status = $4::text)"                                               \
    " AND ($5::timestamptz IS NULL OR t.created_at >= $5::timestamptz)"                            \
    " AND ($6::timestamptz IS NULL OR t.created_at < $6::timestamptz)"

/*
 * The total and one page ($7, $8: the cursor's time and id; $9 rows) in one statement: at
 * least one row, whose transfer columns are NULL when the page is empty.
 */
static const struct db_stmt stmt_transfers = {
    "res_history_transfers",
    "WITH total AS (SELECT count(*) AS total FROM transfers t WHERE " TRANSFER_FILTER "), "
    "page AS (SELECT t.id FROM transfers t WHERE " TRANSFER_FILTER
    " AND ($7::timestamptz IS NULL OR (t.created_at, t.id) < ($7::timestamptz, $8::bigint))"
    " ORDER BY t.created_at DESC, t.id DESC LIMIT $9::int) "
    "SELECT total.total, " RES_TRANSFER_COLUMNS
    ", " TS_TEXT("t.created_at") " AS cursor_at "
                                 "FROM total LEFT JOIN (page JOIN (" RES_TRANSFER_FROM
                                 ") ON t.id = page.id) ON true "
                                 "ORDER BY t.created_at DESC, t.id DESC",
    9,
    NULL,
};

/* Whether s is TS_TEXT's output (so a forged cursor cannot reach the database as garbage). */
static bool
ts_text_valid(const char *s)
{
    static const char shape[] = "dddd-dd-ddTdd:dd:dd.ddddddZ";
    if (strlen(s) != TS_TEXT_LEN)
        return false;
    for (size_t i = 0; i < TS_TEXT_LEN; i++) {
        if (shape[i] == 'd' ? (s[i] < '0' || s[i] > '9') : s[i] != shape[i])
            return false;
    }
    return true;
}

/* An enum or string member of an input object as an arena string, or NULL. */
static const char *
name_member(struct arena *a, const struct gql_val *obj, const char *key)
{
    const struct gql_val *v = gql_val_object_get(obj, key);
    if (v == NULL || (v->kind != GQL_VAL_ENUM && v->kind != GQL_VAL_STRING))
        return NULL;
    return arena_strndup(a, v->u.string.ptr, v->u.string.len);
}

/*
 * An optional account id argument: 0 when absent; else an account the caller may see
 * (NOT_FOUND otherwise).
 */
static int
visible_account_arg(const struct gql_resolve_info *info, const struct gql_val *v, int64_t *id)
{
    *id = 0;
    if (gql_val_is_null(v))
        return 0;
    int rc = res_id_expect(info, v, "accountId", RES_ID_ACCOUNT, id);
    if (rc < 0)
        return rc;
    const struct res_account *acc;
    if ((rc = res_load_account(info, *id, &acc)) < 0)
        return rc;
    if (acc == NULL || !res_can_see_account(app_request_of(info), acc))
        return gql_resolve_error(info, "NOT_FOUND", "Account not found");
    return 0;
}

static int
query_transfers(const struct gql_resolve_info *info, struct gql_val *out)
{
    int rc = app_require_user(info);
    if (rc < 0)
        return rc;
    struct app_request *r = app_request_of(info);
    struct arena *a = info->arena;
    struct res_page page;
    if ((rc = res_page_args(info, "transfers", &page)) < 0)
        return rc;
    if (page.has_after && !ts_text_valid(page.after.text))
        return gql_resolve_error(info, "BAD_USER_INPUT", "Invalid cursor");
    const struct gql_val *filter = gql_resolve_arg(info, "filter");
    int64_t account_id;
    if ((rc = visible_account_arg(info, gql_val_object_get(filter, "accountId"), &account_id)) < 0)
        return rc;
    const char *direction = name_member(a, filter, "direction");
    const char *params[] = {
        res_is_admin(r) ? NULL : res_i64(a, r->user.id),
        account_id ? res_i64(a, account_id) : NULL,
        direction ? direction : "ANY",
        name_member(a, filter, "status"),
        name_member(a, filter, "since"),
        name_member(a, filter, "until"),
        page.has_after ? page.after.text : NULL,
        page.has_after ? res_i64(a, page.after.a) : NULL,
        res_i64(a, page.first + 1),
    };
    PGresult *res;
    if ((rc = res_exec(r, &stmt_transfers, params, PGRES_TUPLES_OK, &res, NULL)) < 0)
        return app_fail(info, rc);
    int64_t total;
    if (PQntuples(res) < 1 || res_get_i64(res, 0, "total", &total) < 0)
        return app_fail(info, WALLET_EINTERNAL_SERVER_ERROR);
    int rows = PQgetisnull(res, 0, PQfnumber(res, "id")) ? 0 : PQntuples(res);
    size_t n = rows > page.first ? (size_t)page.first : (size_t)rows;
    struct gql_val *nodes = arena_calloc(a, n + 1, sizeof(*nodes));
    const char **cursors = arena_calloc(a, n + 1, sizeof(*cursors));
    struct res_transfer *ts = arena_calloc(a, n + 1, sizeof(*ts));
    for (size_t i = 0; i < n; i++) {
        if (res_transfer_from_row(a, res, (int)i, &ts[i]) < 0)
            return app_fail(info, WALLET_EINTERNAL_SERVER_ERROR);
        struct res_cursor c = {"transfers", ts[i].id, 0, res_get_text(a, res, (int)i, "cursor_at")};
        nodes[i] = res_transfer_val(r, &ts[i]);
        cursors[i] = res_cursor_encode(a, &c);
    }
    *out = res_connection_val(a, nodes, cursors, n, rows > page.first, page.has_after, &total);
    return 0;
}

/*---------------------------------------------------------------------------------------------
 * Account.entries
 *-------------------------------------------------------------------------------------------*/

/* $3 newest entries of each account of $1 older than entry $2 (NULL: the newest). */
static const struct db_stmt stmt_entries = {
    "res_history_entries",
    "SELECT x.id AS for_account, " RES_LEDGER_ENTRY_COLUMNS " FROM unnest($1::bigint[]) AS x (id) "
    "CROSS JOIN LATERAL (SELECT * FROM ledger_entries l WHERE l.account_id = x.id"
    " AND ($2::bigint IS NULL OR l.id < $2::bigint) ORDER BY l.id DESC LIMIT $3::int) e "
    "ORDER BY x.id, e.id DESC",
    3,
    NULL,
};

/* The entries of every visible account of the parent list, loaded by the first item. */
struct entries_batch {
    PGresult *res;
    int rc; /* the load's error, 0 when loaded */
};

/* The visible accounts among the parent's result (the whole list, or the one account). */
static const char *
batch_account_ids(const struct gql_resolve_info *info, const struct res_account *self)
{
    struct app_request *r = app_request_of(info);
    struct strbuf sb = STRBUF_INIT;
    strbuf_putc(&sb, '{');
    strbuf_append_int(&sb, self->id);
    const struct gql_val *list = info->parent_result;
    for (size_t i = 0; list != NULL && list->kind == GQL_VAL_LIST && i < list->u.list.count; i++) {
        const struct res_account *acc = res_opaque(&list->u.list.items[i], RES_TYPE_ACCOUNT);
        if (acc != NULL && acc != self && res_can_see_account(r, acc)) {
            strbuf_putc(&sb, ',');
            strbuf_append_int(&sb, acc->id);
        }
    }
    strbuf_putc(&sb, '}');
    const char *s = arena_strndup(info->arena, sb.data, sb.len);
    strbuf_free(&sb);
    return s;
}

static int
account_entries(const struct gql_resolve_info *info, struct gql_val *out)
{
    const struct res_account *acc = res_opaque(info->source, RES_TYPE_ACCOUNT);
    if (acc == NULL)
        return app_fail(info, WALLET_EINTERNAL_SERVER_ERROR);
    struct app_request *r = app_request_of(info);
    struct arena *a = info->arena;
    if (!res_can_see_account(r, acc))
        return gql_resolve_error(info, "NOT_FOUND", "Account not found");
    struct res_page page;
    int rc = res_page_args(info, "entries", &page);
    if (rc < 0)
        return rc;

    struct entries_batch *b = *info->batch;
    if (b == NULL) {
        b = arena_calloc(a, 1, sizeof(*b));
        *info->batch = b;
        const char *params[] = {
            batch_account_ids(info, acc),
            page.has_after ? res_i64(a, page.after.a) : NULL,
            res_i64(a, page.first + 1),
        };
        b->rc = res_exec(r, &stmt_entries, params, PGRES_TUPLES_OK, &b->res, NULL);
    }
    if (b->rc < 0)
        return app_fail(info, b->rc);

    /* This account's rows: newest first, first + 1 of them at most. */
    int total = PQntuples(b->res);
    int col = PQfnumber(b->res, "for_account");
    struct res_ledger_entry *es = arena_calloc(a, (size_t)page.first + 1, sizeof(*es));
    struct gql_val *nodes = arena_calloc(a, (size_t)page.first + 1, sizeof(*nodes));
    const char **cursors = arena_calloc(a, (size_t)page.first + 1, sizeof(*cursors));
    const char *self = res_i64(a, acc->id);
    size_t n = 0;
    bool has_next = false;
    for (int i = 0; i < total; i++) {
        if (strcmp(PQgetvalue(b->res, i, col), self) != 0)
            continue;
        if (n == (size_t)page.first) {
            has_next = true;
            break;
        }
        if (res_ledger_entry_from_row(a, b->res, i, &es[n]) < 0)
            return app_fail(info, WALLET_EINTERNAL_SERVER_ERROR);
        struct res_cursor c = {"entries", es[n].id, 0, NULL};
        nodes[n] = res_ledger_entry_val(r, &es[n]);
        cursors[n] = res_cursor_encode(a, &c);
        n++;
    }
    *out = res_connection_val(a, nodes, cursors, n, has_next, page.has_after, NULL);
    return 0;
}

/*---------------------------------------------------------------------------------------------
 * Query.cashFlow
 *-------------------------------------------------------------------------------------------*/

/*
 * Daily totals in and out of the accounts of user $1 (NULL: any user) or of account $2
 * (NULL: all of them), for the last $3 UTC days, today included, oldest first, every day
 * present. Incoming sums the positive ledger lines, outgoing the negative ones (as a positive
 * amount): held money counts as outgoing when it leaves, as incoming when it arrives.
 */
static const struct db_stmt stmt_cash_flow = {
    "res_history_cash_flow",
    "WITH acc AS (SELECT a.id FROM accounts a WHERE ($1::bigint IS NULL OR a.user_id = $1::bigint)"
    " AND ($2::bigint IS NULL OR a.id = $2::bigint)), "
    "today AS (SELECT (now() AT TIME ZONE 'UTC')::date AS d), "
    "agg AS (SELECT (e.created_at AT TIME ZONE 'UTC')::date AS day,"
    " coalesce(sum(e.amount) FILTER (WHERE e.amount > 0), 0) AS incoming,"
    " coalesce(-sum(e.amount) FILTER (WHERE e.amount < 0), 0) AS outgoing"
    " FROM ledger_entries e, today WHERE e.account_id IN (SELECT id FROM acc)"
    " AND e.created_at >= (today.d - ($3::int - 1))::timestamp AT TIME ZONE 'UTC' GROUP BY 1) "
    "SELECT to_char(d.day, 'YYYY-MM-DD') AS day, coalesce(agg.incoming, 0) AS incoming,"
    " coalesce(agg.outgoing, 0) AS outgoing "
    "FROM (SELECT today.d - k AS day FROM today, generate_series(0, $3::int - 1) AS k) d "
    "LEFT JOIN agg ON agg.day = d.day ORDER BY d.day",
    3,
    NULL,
};

#define CASH_FLOW_DAYS_MAX 366

static int
query_cash_flow(const struct gql_resolve_info *info, struct gql_val *out)
{
    int rc = app_require_user(info);
    if (rc < 0)
        return rc;
    struct app_request *r = app_request_of(info);
    struct arena *a = info->arena;
    const struct gql_val *days = gql_resolve_arg(info, "days");
    int64_t ndays = days != NULL && days->kind == GQL_VAL_INT ? days->u.int_ : 0;
    if (ndays < 1 || ndays > CASH_FLOW_DAYS_MAX)
        return gql_resolve_error(
            info, "BAD_USER_INPUT", "days must be between 1 and %d", CASH_FLOW_DAYS_MAX);
    int64_t account_id;
    if ((rc = visible_account_arg(info, gql_resolve_arg(info, "accountId"), &account_id)) < 0)
        return rc;
    const char *params[] = {
        account_id ? NULL : res_i64(a, r->user.id),
        account_id ? res_i64(a, account_id) : NULL,
        res_i64(a, ndays),
    };
    PGresult *res;
    if ((rc = res_exec(r, &stmt_cash_flow, params, PGRES_TUPLES_OK, &res, NULL)) < 0)
        return app_fail(info, rc);
    int n = PQntuples(res);
    if (n != ndays)
        return app_fail(info, WALLET_EINTERNAL_SERVER_ERROR);
    struct gql_val list = gql_val_list(a, (size_t)n);
    for (int i = 0; i < n; i++) {
        int64_t in, outgoing;
        const char *day = res_get_text(a, res, i, "day");
        if (day == NULL || res_get_i64(res, i, "incoming", &in) < 0 ||
            res_get_i64(res, i, "outgoing", &outgoing) < 0)
            return app_fail(info, WALLET_EINTERNAL_SERVER_ERROR);
        struct gql_val point = gql_val_object(a, 3);
        gql_val_object_set(a, &point, "day", gql_val_string_ref(day, strlen(day)));
        gql_val_object_set(a, &point, "incoming", res_money_val(in));
        gql_val_object_set(a, &point, "outgoing", res_money_val(outgoing));
        list.u.list.items[i] = point;
    }
    *out = list;
    return 0;
}

const struct gql_resolver_binding res_history_bindings[] = {
    {"Query.transfers", query_transfers, NULL},
    {"Account.entries", account_entries, NULL},
    {"Query.cashFlow", query_cash_flow, NULL},
};
const size_t res_history_binding_count =
    sizeof(res_history_bindings) / sizeof(res_history_bindings[0]);
