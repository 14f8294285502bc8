/*
 * Accounts (contract §4 "Visibility", "Money and transfers"): the fields of Account (entries
 * belongs to resolvers/history.c), Query.account and Mutation.openAccount.
 *
 * The owner (or an ADMIN) sees every field. Anyone else reaches an account only as the other
 * side of a transfer they may see, and gets its public fields: id, owner, type, status,
 * currency, maskedNumber, createdAt; nickname is null and balance, available and creditLimit
 * answer NOT_FOUND.
 */
#include "core/arena.h"
#include "core/errors.h"
#include "model.h"
#include "resolvers_internal.h"

#include <string.h>

static struct gql_val
str_val(const char *s)
{
    return s ? gql_val_string_ref(s, strlen(s)) : gql_val_null();
}

/* "XXXXXXXX4821": every character but the last four replaced by X. */
static struct gql_val
masked_number(struct arena *a, const char *number)
{
    size_t len = strlen(number);
    char *m = arena_alloc(a, len + 1);
    for (size_t i = 0; i < len; i++)
        m[i] = i + 4 < len ? 'X' : number[i];
    m[len] = '\0';
    return gql_val_string_ref(m, len);
}

static int
account_field(const struct gql_resolve_info *info, struct gql_val *out)
{
    const struct res_account *acc = res_opaque(info->source, RES_TYPE_ACCOUNT);
    if (acc == NULL)
        return app_fail(info, WALLET_EINTERNAL_SERVER_ERROR);
    struct app_request *r = app_request_of(info);
    bool owner_view = res_can_see_account(r, acc);
    const char *f = info->field_name;
    if (strcmp(f, "id") == 0)
        *out = res_id_val(info->arena, RES_ID_ACCOUNT, acc->id);
    else if (strcmp(f, "type") == 0)
        *out = str_val(acc->type);
    else if (strcmp(f, "status") == 0)
        *out = str_val(acc->status);
    else if (strcmp(f, "currency") == 0)
        *out = str_val(acc->currency);
    else if (strcmp(f, "maskedNumber") == 0)
        *out = masked_number(info->arena, acc->number);
    else if (strcmp(f, "createdAt") == 0)
        *out = res_datetime_val(acc->created_at_ms);
    else if (strcmp(f, "nickname") == 0)
        *out = owner_view ? str_val(acc->nickname) : gql_val_null();
    else if (!owner_view)
        return app_fail(info, WALLET_ENOT_FOUND);
    else if (strcmp(f, "balance") == 0)
        *out = res_money_val(acc->balance);
    else if (strcmp(f, "creditLimit") == 0)
        *out = res_money_val(acc->credit_limit);
    else if (strcmp(f, "available") == 0)
        /* Balance plus the unused credit line: how far the balance may still go down. */
        *out = res_money_val(strcmp(acc->type, "CREDIT") == 0 ? acc->balance + acc->credit_limit
                                                              : acc->balance);
    else
        return app_fail(info, WALLET_EINTERNAL_SERVER_ERROR);
    return 0;
}

static int
account_owner(const struct gql_resolve_info *info, struct gql_val *out)
{
    const struct res_account *acc = res_opaque(info->source, RES_TYPE_ACCOUNT);
    if (acc == NULL)
        return app_fail(info, WALLET_EINTERNAL_SERVER_ERROR);
    const struct res_user *u;
    int rc = res_load_user(info, acc->user_id, &u);
    if (rc < 0)
        return rc;
    if (u == NULL)
        return app_fail(info, WALLET_ENOT_FOUND); /* the bank's own accounts have no owner */
    *out = res_public_user_val(app_request_of(info), u);
    return 0;
}

/* Query.account: the caller's own account (any for an ADMIN), else NOT_FOUND. */
static int
query_account(const struct gql_resolve_info *info, struct gql_val *out)
{
    int rc = app_require_user(info);
    if (rc < 0)
        return rc;
    int64_t id;
    if ((rc = res_id_expect(info, gql_resolve_arg(info, "id"), "id", RES_ID_ACCOUNT, &id)) < 0)
        return rc;
    const struct res_account *acc;
    if ((rc = res_load_account(info, id, &acc)) < 0)
        return rc;
    struct app_request *r = app_request_of(info);
    if (acc == NULL || acc->user_id == 0 || !res_can_see_account(r, acc))
        return app_fail(info, WALLET_ENOT_FOUND);
    *out = res_account_val(r, acc);
    return 0;
}

const struct gql_resolver_binding res_accounts_bindings[] = {
    {"Account.id", account_field, NULL},
    {"Account.owner", account_owner, NULL},
    {"Account.type", account_field, NULL},
    {"Account.status", account_field, NULL},
    {"Account.currency", account_field, NULL},
    {"Account.nickname", account_field, NULL},
    {"Account.maskedNumber", account_field, NULL},
    {"Account.balance", account_field, NULL},
    {"Account.available", account_field, NULL},
    {"Account.creditLimit", account_field, NULL},
    {"Account.createdAt", account_field, NULL},
    {"Query.account", query_account, NULL},
};
const size_t res_accounts_binding_count =
    sizeof(res_accounts_bindings) / sizeof(res_accounts_bindings[0]);
