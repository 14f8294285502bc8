/*
 * Subscription.ledger: the event loader and the root field's resolver (see
 * include/resolvers/subscriptions.h).
 */
#include "resolvers/subscriptions.h"

#include "core/errors.h"
#include "model.h"
#include "resolvers_internal.h"

/* The entry, only when it is a line of an account of user $2. */
static const struct db_stmt stmt_ledger_event = {
    "res_subscriptions_ledger_event",
    "SELECT " RES_LEDGER_ENTRY_COLUMNS " FROM ledger_entries e "
    "JOIN accounts a ON a.id = e.account_id "
    "WHERE e.id = $1::bigint AND a.user_id = $2::bigint",
    2,
    NULL,
};

int
res_ledger_event(struct app_request *r, int64_t entry_id, struct gql_val *event)
{
    if (!r->authenticated || entry_id <= 0)
        return 1;
    const char *params[] = {res_i64(r->arena, entry_id), res_i64(r->arena, r->user.id)};
    PGresult *res;
    int rc = res_exec(r, &stmt_ledger_event, params, PGRES_TUPLES_OK, &res, NULL);
    if (rc < 0)
        return rc;
    if (PQntuples(res) != 1)
        return 1;
    struct res_ledger_entry *e = arena_calloc(r->arena, 1, sizeof(*e));
    if (res_ledger_entry_from_row(r->arena, res, 0, e) < 0)
        return -WALLET_EINTERNAL_SERVER_ERROR;
    *event = res_ledger_entry_val(r, e);
    return 0;
}

/*
 * The root field maps the event to itself: the source is the root value, the LedgerEntry
 * res_ledger_event() loaded. Anything else (a subscription executed without an event) is an
 * internal error, never another user's data.
 */
static int
subscription_ledger(const struct gql_resolve_info *info, struct gql_val *out)
{
    int rc = app_require_user(info);
    if (rc < 0)
        return rc;
    if (res_opaque(info->source, RES_TYPE_LEDGER_ENTRY) == NULL)
        return app_fail(info, WALLET_EINTERNAL_SERVER_ERROR);
    *out = *info->source;
    return 0;
}

const struct gql_resolver_binding res_subscriptions_bindings[] = {
    {"Subscription.ledger", subscription_ledger, NULL},
};
const size_t res_subscriptions_binding_count =
    sizeof(res_subscriptions_bindings) / sizeof(res_subscriptions_bindings[0]);
