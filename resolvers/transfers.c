/*
 * Transfers (contract §4 "Money and transfers", "Idempotency"): Mutation.transfer and
 * Query.transfer, plus the input helpers the deposit and review resolvers share
 * (ledger_internal.h). The money moves in src/app/ledger.c; Transfer's fields are the model
 * layer's (model.c).
 */
#include "app/idempotency.h"
#include "app/ledger.h"
#include "core/arena.h"
#include "core/errors.h"
#include "ledger_internal.h"
#include "model.h"
#include "resolvers_internal.h"

#include <string.h>

/*---------------------------------------------------------------------------------------------
 * Shared helpers
 *-------------------------------------------------------------------------------------------*/

int
res_amount_arg(const struct gql_resolve_info *info, const struct gql_val *input, int64_t *out)
{
    const struct gql_val *v = gql_val_object_get(input, "amount");
    if (v == NULL || v->kind != GQL_VAL_INT)
        return gql_resolve_error(info, "BAD_USER_INPUT", "amount is required");
    if (v->u.int_ <= 0)
        return gql_resolve_error(info, "BAD_USER_INPUT", "amount must be above 0.00");
    if (v->u.int_ > APP_LEDGER_AMOUNT_MAX)
        return gql_resolve_error(
            info, "BAD_USER_INPUT", "amount must be at most 10,000,000,000.00");
    *out = v->u.int_;
    return 0;
}

int
res_text_arg(const struct gql_resolve_info *info,
             const struct gql_val *input,
             const char *key,
             const char **out)
{
    *out = NULL;
    const struct gql_val *v = gql_val_object_get(input, key);
    if (gql_val_is_null(v))
        return 0;
    const char *text;
    if (v->kind != GQL_VAL_STRING ||
        res_text_check(
            info->arena, v->u.string.ptr, v->u.string.len, 0, APP_LEDGER_TEXT_MAX, &text) < 0)
        return gql_resolve_error(
            info, "BAD_USER_INPUT", "%s must be at most 500 printable characters", key);
    *out = text[0] != '\0' ? text : NULL;
    return 0;
}

int
res_idempotency_key_arg(const struct gql_resolve_info *info,
                        const struct gql_val *input,
                        const char **out)
{
    const struct gql_val *v = res_input_string(input, "idempotencyKey");
    const char *why;
    if (app_idempotency_key_pick(v ? v->u.string.ptr : NULL,
                                 v ? v->u.string.len : 0,
                                 app_request_of(info)->idempotency_key,
                                 out,
                                 &why) < 0)
        return gql_resolve_error(info, "BAD_USER_INPUT", "%s", why);
    /* The input's string is not NUL-terminated. */
    if (v != NULL && *out == v->u.string.ptr)
        *out = arena_strndup(info->arena, v->u.string.ptr, v->u.string.len);
    return 0;
}

int
res_ledger_error(const struct gql_resolve_info *info, int rc, const char *why)
{
    struct app_request *r = app_request_of(info);
    switch (-rc) {
    case WALLET_EINSUFFICIENT_FUNDS:
    case WALLET_EACCOUNT_FROZEN:
    case WALLET_ELIMIT_EXCEEDED:
    case WALLET_EKYC_REQUIRED:
        if (r->svc != NULL && r->svc->metrics != NULL)
            app_metrics_transfer(r->svc->metrics, "FAILED");
        break;
    case WALLET_ESERVICE_UNAVAILABLE:
        app_request_set_db_failed(r);
        break;
    default:
        break;
    }
    if (why == NULL)
        return app_fail(info, rc);
    return gql_resolve_error(info, wallet_err_code(rc), "%s", why);
}

struct gql_val
res_ledger_transfer_val(struct app_request *r, const struct app_ledger_transfer *t)
{
    struct res_transfer *v = arena_calloc(r->arena, 1, sizeof(*v));
    v->id = t->id;
    v->reference = t->reference;
    v->kind = t->kind;
    v->status = t->status;
    v->from_account_id = t->from_account_id;
    v->to_account_id = t->to_account_id;
    v->from_user_id = t->from_user_id;
    v->to_user_id = t->to_user_id;
    v->amount = t->amount;
    v->currency = t->currency;
    v->memo = t->memo;
    v->review_reason = t->review_reason;
    v->created_at_ms = t->created_at_ms;
    if (t->from_account_id != 0)
        res_forget_account(r, t->from_account_id);
    res_forget_account(r, t->to_account_id);
    if (!t->replayed && r->svc != NULL && r->svc->metrics != NULL)
        app_metrics_transfer(r->svc->metrics, t->status);
    return res_transfer_val(r, v);
}

int
res_ledger_move(const struct gql_resolve_info *info,
                const struct app_ledger_move *m,
                struct gql_val *out)
{
    struct app_request *r = app_request_of(info);
    struct db_conn *db;
    int rc = app_request_db(r, &db);
    if (rc < 0)
        return app_fail(info, rc);
    struct app_ledger_transfer t;
    const char *why;
    if ((rc = app_ledger_move(db, info->arena, m, &t, &why)) < 0)
        return res_ledger_error(info, rc, why);
    *out = res_ledger_transfer_val(r, &t);
    return 0;
}

/*---------------------------------------------------------------------------------------------
 * Mutation.transfer
 *-------------------------------------------------------------------------------------------*/

/* A username as the ledger looks it up: 3-32 of [a-z0-9_.] after lower-casing, else NULL. */
static const char *
username_arg(struct arena *a, const struct gql_val *v)
{
    if (v->kind != GQL_VAL_STRING || v->u.string.len < 3 || v->u.string.len > 32)
        return NULL;
    char *s = arena_strndup(a, v->u.string.ptr, v->u.string.len);
    for (char *p = s; *p; p++) {
        if (*p >= 'A' && *p <= 'Z')
            *p = (char)(*p - 'A' + 'a');
        if (!((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') || *p == '_' || *p == '.'))
            return NULL;
    }
    return s;
}

static int
mutation_transfer(const struct gql_resolve_info *info, struct gql_val *out)
{
    int rc = app_require_user(info);
    if (rc < 0)
        return rc;
    struct app_request *r = app_request_of(info);
    const struct gql_val *input = gql_resolve_arg(info, "input");
    struct app_ledger_move m = {
        .kind = APP_LEDGER_TRANSFER,
        .actor_id = r->user.id,
        .request_id = r->request_id,
        .client_ip = r->client_ip,
    };
    if ((rc = res_id_expect(info,
                            gql_val_object_get(input, "fromAccountId"),
                            "fromAccountId",
                            RES_ID_ACCOUNT,
                            &m.from_account_id)) < 0)
        return rc;
    const struct gql_val *to_id = gql_val_object_get(input, "toAccountId");
    const struct gql_val *to_name = gql_val_object_get(input, "toUsername");
    if (gql_val_is_null(to_id) == gql_val_is_null(to_name))
        return gql_resolve_error(
            info, "BAD_USER_INPUT", "Give exactly one of toAccountId and toUsername");
    if (!gql_val_is_null(to_id)) {
        if ((rc = res_id_expect(info, to_id, "toAccountId", RES_ID_ACCOUNT, &m.to_account_id)) < 0)
            return rc;
        if (m.to_account_id == m.from_account_id)
            return gql_resolve_error(
                info, "BAD_USER_INPUT", "Source and destination must be different accounts");
    } else if ((m.to_username = username_arg(info->arena, to_name)) == NULL) {
        return gql_resolve_error(info, "NOT_FOUND", "No such recipient");
    }
    if ((rc = res_amount_arg(info, input, &m.amount)) < 0 ||
        (rc = res_text_arg(info, input, "memo", &m.memo)) < 0 ||
        (rc = res_idempotency_key_arg(info, input, &m.idempotency_key)) < 0)
        return rc;
    /* Every attempt counts (a retry with the same key too): the limit is checked in memory
     * before the database is asked anything. */
    if (app_request_rate_limit(r, APP_RL_TRANSFER, 1, NULL) < 0)
        return gql_resolve_error(info, "RATE_LIMITED", "Too many transfers; try again later");

    return res_ledger_move(info, &m, out);
}

/*---------------------------------------------------------------------------------------------
 * Query.transfer
 *-------------------------------------------------------------------------------------------*/

/* A transfer the caller sent or received (any for an ADMIN), else NOT_FOUND. */
static int
query_transfer(const struct gql_resolve_info *info, struct gql_val *out)
{
    int rc = app_require_user(info);
    if (rc < 0)
        return rc;
    int64_t id;
    if ((rc = res_id_expect(info, gql_resolve_arg(info, "id"), "id", RES_ID_TRANSFER, &id)) < 0)
        return rc;
    const struct res_transfer *t;
    if ((rc = res_load_transfer(info, id, &t)) < 0)
        return rc;
    struct app_request *r = app_request_of(info);
    if (t == NULL || !res_can_see_transfer(r, t))
        return gql_resolve_error(info, "NOT_FOUND", "Transfer not found");
    *out = res_transfer_val(r, t);
    return 0;
}

const struct gql_resolver_binding res_transfers_bindings[] = {
    {"Mutation.transfer", mutation_transfer, NULL},
    {"Query.transfer", query_transfer, NULL},
};
const size_t res_transfers_binding_count =
    sizeof(res_transfers_bindings) / sizeof(res_transfers_bindings[0]);
