/*
 * The resolver registry (see include/resolvers/resolvers.h): one section per owner file.
 *
 * To add resolvers: define `const struct gql_resolver_binding res_<file>_bindings[]` and its
 * count in your file, declare them in resolvers_internal.h, list them in `tables` below, and
 * delete your coordinates from `res_pending_coordinates`. The start-up check fails on a field
 * with no binding and on a binding that names no field, so the two lists cannot drift.
 */
#include "app/request.h"
#include "core/errors.h"
#include "gql/custom_scalars.h"
#include "gql/error.h"
#include "gql/schema.h"
#include "resolvers/resolvers.h"
#include "resolvers/system.h"
#include "resolvers_internal.h"

#include <string.h>

struct table {
    const char *owner;
    const struct gql_resolver_binding *bindings;
    const size_t *count;
};

static const struct table tables[] = {
    {"resolvers/model.c", res_model_bindings, &res_model_binding_count},
    {"resolvers/users.c", res_users_bindings, &res_users_binding_count},
    {"resolvers/kyc.c", res_kyc_bindings, &res_kyc_binding_count},
    {"resolvers/cards.c", res_cards_bindings, &res_cards_binding_count},
    {"resolvers/accounts.c", res_accounts_bindings, &res_accounts_binding_count},
    {"resolvers/auth.c", res_auth_bindings, &res_auth_binding_count},
    {"resolvers/admin.c", res_admin_bindings, &res_admin_binding_count},
    {"resolvers/audit_log.c", res_audit_log_bindings, &res_audit_log_binding_count},
    {"resolvers/transfers.c", res_transfers_bindings, &res_transfers_binding_count},
    {"resolvers/deposits.c", res_deposits_bindings, &res_deposits_binding_count},
    {"resolvers/review.c", res_review_bindings, &res_review_binding_count},
    {"resolvers/history.c", res_history_bindings, &res_history_binding_count},
    {"resolvers/subscriptions.c", res_subscriptions_bindings, &res_subscriptions_binding_count},
};

/*
 * Types whose values are plain OBJECTs (built with gql_val_object), so the default property
 * resolver reads their fields.
 */
static const char *const default_resolved[] = {
    "PageInfo",
    "PublicUserEdge",
    "PublicUserConnection",
    "TransferEdge",
    "TransferConnection",
    "LedgerEntryEdge",
    "LedgerEntryConnection",
    "AuditEntryEdge",
    "AuditEntryConnection",
    "UserEdge",
    "UserConnection",
    "AuthPayload",
    "KycProfile",
    "AuditEntry",
    "AuditVerification",
    "CashFlowPoint",
    "IssuedCard",
};

/*
 * Fields whose owners have not landed their resolvers yet, grouped by owner. Each answers
 * INTERNAL_SERVER_ERROR until then, so the server starts and everything else works. Delete
 * your lines when you bind the real ones.
 */
const char *const res_pending_coordinates[] = {
    NULL,
};

static int
res_pending(const struct gql_resolve_info *info, struct gql_val *out)
{
    (void)out;
    return app_fail(info, WALLET_EINTERNAL_SERVER_ERROR);
}

int
res_register_all(struct gql_schema *schema, struct gql_error_list *errors)
{
    int rc = 0;
    if (gql_schema_set_scalar(schema, "Money", &gql_scalars_decimal2, NULL, errors) < 0 ||
        gql_schema_set_scalar(schema, "DateTime", &gql_scalars_datetime, NULL, errors) < 0 ||
        gql_schema_set_scalar(schema, "Date", &gql_scalars_date, NULL, errors) < 0)
        rc = -1;

    /* system.c (HTTP engineer): systemStatus, setChaos; http_serve binds them too. */
    if (res_system_register(schema, errors) < 0)
        rc = -1;

    for (size_t i = 0; i < sizeof(tables) / sizeof(tables[0]); i++) {
        if (gql_schema_bind_all(schema, tables[i].bindings, *tables[i].count) < 0) {
            gql_error_add(errors, NULL, "Cannot bind the resolvers of %s.", tables[i].owner);
            rc = -1;
        }
    }
    for (size_t i = 0; res_pending_coordinates[i] != NULL; i++)
        if (gql_schema_bind(schema, res_pending_coordinates[i], res_pending, NULL) < 0)
            rc = -1;
    for (size_t i = 0; i < sizeof(default_resolved) / sizeof(default_resolved[0]); i++) {
        if (gql_schema_allow_default_resolver(schema, default_resolved[i]) < 0) {
            gql_error_add(errors, NULL, "No object type %s in the schema.", default_resolved[i]);
            rc = -1;
        }
    }
    return rc;
}

int
res_bind_all(struct gql_schema *schema, struct gql_error_list *errors, void *userdata)
{
    (void)userdata;
    return res_register_all(schema, errors);
}
