/*
 * Accounts (contract §4 "Visibility", "Money and transfers"): the fields of Account (entries
 * belongs to resolvers/history.c), Query.account and Mutation.openAccount.
 *
 * The owner (or an ADMIN) sees every field. Anyone else reaches an account only as the other
 * side of a transfer they may see, and gets its public fields: id, owner, type, status,
 * currency, maskedNumber, createdAt; nickname is null and balance, available and creditLimit
 * answer NOT_FOUND.
 */
#include "app/audit.h"
#include "core/arena.h"
#include "core/errors.h"
#include "model.h"
#include "resolvers_internal.h"

#include <sodium.h>
#include <stdlib.h>
#include <string.h>

/* Default credit line of a new CREDIT account: 50,000.00 INR in paise. */
#define CREDIT_LIMIT_DEFAULT INT64_C(5000000)
/* Accounts a user may hold that are not CLOSED. */
#define MAX_OPEN_ACCOUNTS 10
/* Draws of a random account number before giving up (12 random digits rarely collide). */
#define NUMBER_ATTEMPTS 8

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

/*---------------------------------------------------------------------------------------------
 * Opening accounts
 *-------------------------------------------------------------------------------------------*/

static const struct db_stmt stmt_account_insert = {
    "res_accounts_insert",
    "INSERT INTO accounts AS a (user_id, type, currency, nickname, number, credit_limit) "
    "VALUES ($1::bigint, $2, $3, $4, $5, $6::bigint) "
    "ON CONFLICT (number) DO NOTHING RETURNING " RES_ACCOUNT_COLUMNS,
    6,
    NULL,
};

/* 12 random digits, the first 1-9 (the bank's own accounts start with 0). */
static void
account_number_new(char out[13])
{
    out[0] = (char)('1' + randombytes_uniform(9));
    for (int i = 1; i < 12; i++)
        out[i] = (char)('0' + randombytes_uniform(10));
    out[12] = '\0';
}

int
res_account_create(struct app_request *r,
                   int64_t user_id,
                   const char *type,
                   const char *currency,
                   const char *nickname,
                   int64_t credit_limit,
                   const struct res_account **out)
{
    for (int attempt = 0; attempt < NUMBER_ATTEMPTS; attempt++) {
        char number[13];
        account_number_new(number);
        const char *params[] = {
            res_i64(r->arena, user_id),
            type,
            currency,
            nickname,
            number,
            res_i64(r->arena, credit_limit),
        };
        PGresult *res;
        int rc = res_exec(r, &stmt_account_insert, params, PGRES_TUPLES_OK, &res, NULL);
        if (rc < 0)
            return rc;
        if (PQntuples(res) == 0)
            continue; /* the number is taken: draw another */
        struct res_account *acc = arena_calloc(r->arena, 1, sizeof(*acc));
        if (res_account_from_row(r->arena, res, 0, acc) < 0)
            return -WALLET_EINTERNAL_SERVER_ERROR;
        *out = acc;
        return 0;
    }
    return -WALLET_EINTERNAL_SERVER_ERROR;
}

/* Locks the owner's row (so two openAccount calls count one after the other) and counts. */
static const struct db_stmt stmt_open_count = {
    "res_accounts_open_count",
    "SELECT (SELECT count(*) FROM accounts WHERE user_id = u.id AND status <> 'CLOSED') "
    "FROM users u WHERE u.id = $1::bigint FOR UPDATE",
    1,
    NULL,
};

static int
mutation_open_account(const struct gql_resolve_info *info, struct gql_val *out)
{
    int rc = app_require_user(info);
    if (rc < 0)
        return rc;
    struct app_request *r = app_request_of(info);
    const struct gql_val *input = gql_resolve_arg(info, "input");
    const struct gql_val *type = gql_val_object_get(input, "type");
    if (type == NULL || (type->kind != GQL_VAL_ENUM && type->kind != GQL_VAL_STRING))
        return gql_resolve_error(info, "BAD_USER_INPUT", "type is required");
    const char *type_name = arena_strndup(info->arena, type->u.string.ptr, type->u.string.len);

    const char *currency = "INR";
    const struct gql_val *cv = gql_val_object_get(input, "currency");
    if (cv != NULL && cv->kind == GQL_VAL_STRING)
        currency = arena_strndup(info->arena, cv->u.string.ptr, cv->u.string.len);
    else if (cv != NULL && cv->kind == GQL_VAL_NULL)
        return gql_resolve_error(info, "BAD_USER_INPUT", "currency must not be null");
    if (strcmp(currency, "INR") != 0)
        return gql_resolve_error(
            info, "BAD_USER_INPUT", "Unsupported currency: accounts are opened in INR");

    const char *nickname = NULL;
    const struct gql_val *nv = res_input_string(input, "nickname");
    if (nv != NULL &&
        res_text_check(info->arena, nv->u.string.ptr, nv->u.string.len, 1, 64, &nickname) < 0)
        return gql_resolve_error(
            info, "BAD_USER_INPUT", "nickname must be 1-64 printable characters");
    int64_t limit = strcmp(type_name, "CREDIT") == 0 ? CREDIT_LIMIT_DEFAULT : 0;

    if ((rc = res_begin(r)) < 0)
        return app_fail(info, rc);
    const char *uid = res_i64(info->arena, r->user.id);
    const char *count_params[] = {uid};
    PGresult *res;
    if ((rc = res_exec(r, &stmt_open_count, count_params, PGRES_TUPLES_OK, &res, NULL)) < 0)
        goto out_fail;
    if (PQntuples(res) != 1) {
        rc = -WALLET_EUNAUTHENTICATED;
        goto out_fail;
    }
    if (atoll(PQgetvalue(res, 0, 0)) >= MAX_OPEN_ACCOUNTS) {
        res_rollback(r);
        return gql_resolve_error(info,
                                 "BAD_USER_INPUT",
                                 "A user may hold at most %d accounts that are not closed",
                                 MAX_OPEN_ACCOUNTS);
    }
    const struct res_account *acc;
    if ((rc = res_account_create(r, r->user.id, type_name, currency, nickname, limit, &acc)) < 0)
        goto out_fail;
    struct app_audit_details d;
    app_audit_details_init(&d);
    app_audit_details_str(&d, "type", type_name);
    app_audit_details_str(&d, "currency", currency);
    app_audit_details_int(&d, "creditLimitMinor", limit);
    rc = res_audit_commit(r, &d, "ACCOUNT_OPEN", "account", res_i64(info->arena, acc->id));
    if (rc < 0)
        goto out_fail;
    *out = res_account_val(r, acc);
    return 0;

out_fail:
    res_rollback(r);
    return app_fail(info, rc);
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
    {"Mutation.openAccount", mutation_open_account, NULL},
};
const size_t res_accounts_binding_count =
    sizeof(res_accounts_bindings) / sizeof(res_accounts_bindings[0]);
