/*
 * Deposits (contract §4 "Money and transfers": "Deposits (ADMIN) move money from the bank's
 * funding account"): Mutation.deposit. The money moves in src/app/ledger.c, with the same
 * idempotency and audit as a transfer.
 */
#include "app/ledger.h"
#include "ledger_internal.h"
#include "model.h"
#include "resolvers_internal.h"

static int
mutation_deposit(const struct gql_resolve_info *info, struct gql_val *out)
{
    int rc = app_require_admin(info);
    if (rc < 0)
        return rc;
    struct app_request *r = app_request_of(info);
    const struct gql_val *input = gql_resolve_arg(info, "input");
    struct app_ledger_move m = {
        .kind = APP_LEDGER_DEPOSIT,
        .actor_id = r->user.id,
        .request_id = r->request_id,
        .client_ip = r->client_ip,
    };
    if ((rc = res_id_expect(info,
                            gql_val_object_get(input, "accountId"),
                            "accountId",
                            RES_ID_ACCOUNT,
                            &m.to_account_id)) < 0 ||
        (rc = res_amount_arg(info, input, &m.amount)) < 0 ||
        (rc = res_text_arg(info, input, "memo", &m.memo)) < 0 ||
        (rc = res_idempotency_key_arg(info, input, &m.idempotency_key)) < 0)
        return rc;
    return res_ledger_move(info, &m, out);
}

const struct gql_resolver_binding res_deposits_bindings[] = {
    {"Mutation.deposit", mutation_deposit, NULL},
};
const size_t res_deposits_binding_count =
    sizeof(res_deposits_bindings) / sizeof(res_deposits_bindings[0]);
