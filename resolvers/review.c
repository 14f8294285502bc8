/*
 * Reviews of held transfers (contract §4: "A single transfer of 200,000.00 or more becomes
 * PENDING_REVIEW: the money leaves the sender at once into the bank's suspense account, and
 * reaches the receiver when an ADMIN approves it, or goes back on rejection"):
 * Mutation.reviewTransfer. The money moves in src/app/ledger.c.
 */
#include "app/ledger.h"
#include "ledger_internal.h"
#include "model.h"
#include "resolvers_internal.h"

static int
mutation_review_transfer(const struct gql_resolve_info *info, struct gql_val *out)
{
    int rc = app_require_admin(info);
    if (rc < 0)
        return rc;
    struct app_request *r = app_request_of(info);
    struct app_ledger_review rv = {
        .actor_id = r->user.id,
        .request_id = r->request_id,
        .client_ip = r->client_ip,
    };
    const struct gql_val *approve = gql_resolve_arg(info, "approve");
    if (approve == NULL || approve->kind != GQL_VAL_BOOLEAN)
        return gql_resolve_error(info, "BAD_USER_INPUT", "approve is required");
    rv.approve = approve->u.boolean;
    if ((rc = res_id_expect(info,
                            gql_resolve_arg(info, "transferId"),
                            "transferId",
                            RES_ID_TRANSFER,
                            &rv.transfer_id)) < 0 ||
        (rc = res_text_arg(info, info->args, "note", &rv.note)) < 0)
        return rc;

    struct db_conn *db;
    if ((rc = app_request_db(r, &db)) < 0)
        return app_fail(info, rc);
    struct app_ledger_transfer t;
    const char *why;
    if ((rc = app_ledger_review(db, info->arena, &rv, &t, &why)) < 0)
        return res_ledger_error(info, rc, why);
    *out = res_ledger_transfer_val(r, &t);
    return 0;
}

const struct gql_resolver_binding res_review_bindings[] = {
    {"Mutation.reviewTransfer", mutation_review_transfer, NULL},
};
const size_t res_review_binding_count =
    sizeof(res_review_bindings) / sizeof(res_review_bindings[0]);
