/*
 * ADMIN operations on people and accounts (contract §4 "Visibility": operations marked ADMIN
 * answer FORBIDDEN to a USER and UNAUTHENTICATED without a token): adminUsers,
 * setAccountStatus and unlockUser. Every change is audited in its own transaction.
 */
#include "app/audit.h"
#include "core/arena.h"
#include "core/errors.h"
#include "model.h"
#include "resolvers_internal.h"

#include <stdlib.h>
#include <string.h>

#define SEARCH_MAX 254
#define REASON_MAX 500

/* Users whose username, display name or email starts with the search text, by username. */
static const struct db_stmt stmt_admin_users = {
    "res_admin_users",
    "SELECT " RES_USER_COLUMNS " FROM users u "
    "WHERE ($1::text IS NULL OR lower(u.username) LIKE lower($1) "
    "     OR lower(u.display_name) LIKE lower($1) "
    "     OR lower(u.email) LIKE lower($1)) "
    "AND ($2::text IS NULL OR u.username > $2) "
    "ORDER BY u.username LIMIT $3::int",
    3,
    NULL,
};

static int
query_admin_users(const struct gql_resolve_info *info, struct gql_val *out)
{
    int rc = app_require_admin(info);
    if (rc < 0)
        return rc;
    struct app_request *r = app_request_of(info);
    struct arena *a = info->arena;
    struct res_page page;
    if ((rc = res_page_args(info, "adminUsers", &page)) < 0)
        return rc;
    const char *search = NULL;
    const struct gql_val *sv = gql_resolve_arg(info, "search");
    if (sv != NULL && sv->kind == GQL_VAL_STRING && sv->u.string.len > 0) {
        if (res_text_check(a, sv->u.string.ptr, sv->u.string.len, 0, SEARCH_MAX, &search) < 0)
            return gql_resolve_error(info,
                                     "BAD_USER_INPUT",
                                     "search must be at most %d printable characters",
                                     SEARCH_MAX);
        if (search[0] == '\0')
            search = NULL;
    }
    const char *params[] = {
        search ? res_like_prefix(a, search) : NULL,
        page.has_after ? page.after.text : NULL,
        res_i64(a, page.first + 1),
    };
    PGresult *res;
    if ((rc = res_exec(r, &stmt_admin_users, params, PGRES_TUPLES_OK, &res, NULL)) < 0)
        return app_fail(info, rc);
    int n = PQntuples(res);
    bool has_next = n > page.first;
    if (has_next)
        n = page.first;
    struct res_user *rows = arena_calloc(a, (size_t)n + 1, sizeof(*rows));
    struct gql_val *nodes = arena_calloc(a, (size_t)n + 1, sizeof(*nodes));
    const char **cursors = arena_calloc(a, (size_t)n + 1, sizeof(*cursors));
    for (int i = 0; i < n; i++) {
        if (res_user_from_row(a, res, i, &rows[i]) < 0)
            return app_fail(info, WALLET_EINTERNAL_SERVER_ERROR);
        nodes[i] = res_user_val(r, &rows[i]);
        struct res_cursor c = {"adminUsers", rows[i].id, 0, rows[i].username};
        cursors[i] = res_cursor_encode(a, &c);
    }
    *out = res_connection_val(a, nodes, cursors, (size_t)n, has_next, page.has_after, NULL);
    return 0;
}

/*---------------------------------------------------------------------------------------------
 * setAccountStatus
 *-------------------------------------------------------------------------------------------*/

static const struct db_stmt stmt_account_lock = {
    "res_admin_account_lock",
    "SELECT " RES_ACCOUNT_COLUMNS " FROM accounts a WHERE a.id = $1::bigint FOR UPDATE",
    1,
    NULL,
};

static const struct db_stmt stmt_account_set_status = {
    "res_admin_account_set_status",
    "UPDATE accounts a SET status = $2, updated_at = now() WHERE a.id = $1::bigint "
    "RETURNING " RES_ACCOUNT_COLUMNS,
    2,
    NULL,
};

/*
 * ACTIVE <-> FROZEN freely; CLOSED only with a zero balance and for good (a closed account is
 * never reopened). The bank's own accounts are not reachable here (NOT_FOUND).
 */
static int
mutation_set_account_status(const struct gql_resolve_info *info, struct gql_val *out)
{
    int rc = app_require_admin(info);
    if (rc < 0)
        return rc;
    struct app_request *r = app_request_of(info);
    struct arena *a = info->arena;
    int64_t id;
    if ((rc = res_id_expect(
             info, gql_resolve_arg(info, "accountId"), "accountId", RES_ID_ACCOUNT, &id)) < 0)
        return rc;
    const struct gql_val *sv = gql_resolve_arg(info, "status");
    if (sv == NULL || (sv->kind != GQL_VAL_ENUM && sv->kind != GQL_VAL_STRING))
        return gql_resolve_error(info, "BAD_USER_INPUT", "status is required");
    const char *status = arena_strndup(a, sv->u.string.ptr, sv->u.string.len);
    const struct gql_val *rv = gql_resolve_arg(info, "reason");
    const char *reason = NULL;
    if (rv == NULL || rv->kind != GQL_VAL_STRING ||
        res_text_check(a, rv->u.string.ptr, rv->u.string.len, 1, REASON_MAX, &reason) < 0)
        return gql_resolve_error(
            info, "BAD_USER_INPUT", "reason is required: 1-%d printable characters", REASON_MAX);

    if ((rc = res_begin(r)) < 0)
        return app_fail(info, rc);
    const char *id_text = res_i64(a, id);
    const char *lock_params[] = {id_text};
    PGresult *res;
    if ((rc = res_exec(r, &stmt_account_lock, lock_params, PGRES_TUPLES_OK, &res, NULL)) < 0)
        goto out_fail;
    struct res_account before;
    if (PQntuples(res) != 1 || res_account_from_row(a, res, 0, &before) < 0 ||
        before.user_id == 0) {
        res_rollback(r);
        return app_fail(info, WALLET_ENOT_FOUND);
    }
    if (strcmp(before.status, "CLOSED") == 0 && strcmp(status, "CLOSED") != 0) {
        res_rollback(r);
        return gql_resolve_error(info, "BAD_USER_INPUT", "A closed account cannot be reopened");
    }
    if (strcmp(status, "CLOSED") == 0 && strcmp(before.status, "CLOSED") != 0 &&
        before.balance != 0) {
        res_rollback(r);
        return gql_resolve_error(
            info, "BAD_USER_INPUT", "Only an account with a zero balance can be closed");
    }
    const char *set_params[] = {id_text, status};
    if ((rc = res_exec(r, &stmt_account_set_status, set_params, PGRES_TUPLES_OK, &res, NULL)) < 0)
        goto out_fail;
    struct res_account *after = arena_calloc(a, 1, sizeof(*after));
    if (PQntuples(res) != 1 || res_account_from_row(a, res, 0, after) < 0) {
        rc = -WALLET_EINTERNAL_SERVER_ERROR;
        goto out_fail;
    }
    struct app_audit_details d;
    app_audit_details_init(&d);
    app_audit_details_str(&d, "from", before.status);
    app_audit_details_str(&d, "to", status);
    app_audit_details_str(&d, "reason", reason);
    app_audit_details_int(&d, "ownerId", before.user_id);
    if ((rc = res_audit_commit(r, &d, "ACCOUNT_STATUS_CHANGE", "account", id_text)) < 0)
        goto out_fail;
    res_forget_account(r, id);
    *out = res_account_val(r, after);
    return 0;

out_fail:
    res_rollback(r);
    return app_fail(info, rc);
}

/*---------------------------------------------------------------------------------------------
 * unlockUser
 *-------------------------------------------------------------------------------------------*/

static const struct db_stmt stmt_user_lock = {
    "res_admin_user_lock",
    "SELECT " RES_USER_COLUMNS " FROM users u WHERE u.id = $1::bigint FOR UPDATE",
    1,
    NULL,
};

static const struct db_stmt stmt_user_unlock = {
    "res_admin_user_unlock",
    "UPDATE users u SET status = 'ACTIVE', failed_logins = 0, locked_until = NULL, "
    "updated_at = now() WHERE u.id = $1::bigint RETURNING " RES_USER_COLUMNS,
    1,
    NULL,
};

/* LOCKED -> ACTIVE (and the failure count restarts). An ACTIVE user is returned unchanged. */
static int
mutation_unlock_user(const struct gql_resolve_info *info, struct gql_val *out)
{
    int rc = app_require_admin(info);
    if (rc < 0)
        return rc;
    struct app_request *r = app_request_of(info);
    struct arena *a = info->arena;
    int64_t id;
    if ((rc = res_id_expect(info, gql_resolve_arg(info, "userId"), "userId", RES_ID_USER, &id)) < 0)
        return rc;
    if ((rc = res_begin(r)) < 0)
        return app_fail(info, rc);
    const char *id_text = res_i64(a, id);
    const char *params[] = {id_text};
    PGresult *res;
    if ((rc = res_exec(r, &stmt_user_lock, params, PGRES_TUPLES_OK, &res, NULL)) < 0)
        goto out_fail;
    struct res_user *u = arena_calloc(a, 1, sizeof(*u));
    if (PQntuples(res) != 1 || res_user_from_row(a, res, 0, u) < 0) {
        res_rollback(r);
        return app_fail(info, WALLET_ENOT_FOUND);
    }
    if (u->status == APP_USER_DISABLED) {
        res_rollback(r);
        return gql_resolve_error(info, "BAD_USER_INPUT", "A disabled user cannot be unlocked");
    }
    if (u->status == APP_USER_LOCKED) {
        if ((rc = res_exec(r, &stmt_user_unlock, params, PGRES_TUPLES_OK, &res, NULL)) < 0)
            goto out_fail;
        if (PQntuples(res) != 1 || res_user_from_row(a, res, 0, u) < 0) {
            rc = -WALLET_EINTERNAL_SERVER_ERROR;
            goto out_fail;
        }
        if ((rc = app_audit_request(r, NULL, 0, "USER_UNLOCK", "user", id_text, "{}")) < 0)
            goto out_fail;
    }
    if ((rc = res_commit(r)) < 0)
        goto out_fail;
    res_forget_user(r, id);
    *out = res_user_val(r, u);
    return 0;

out_fail:
    res_rollback(r);
    return app_fail(info, rc);
}

const struct gql_resolver_binding res_admin_bindings[] = {
    {"Query.adminUsers", query_admin_users, NULL},
    {"Mutation.setAccountStatus", mutation_set_account_status, NULL},
    {"Mutation.unlockUser", mutation_unlock_user, NULL},
};
const size_t res_admin_binding_count = sizeof(res_admin_bindings) / sizeof(res_admin_bindings[0]);
