/*
 * People (contract §4 "Visibility"): the fields of User and PublicUser, Query.me, the payee
 * directory Query.users, and Query.node for every Node type.
 *
 * A USER sees their own User; of other users only the PublicUser view (id, username,
 * displayName). A user has one global id ("User:<id>") under both views: node() of another
 * user's id answers their PublicUser.
 */
#include "core/arena.h"
#include "core/errors.h"
#include "model.h"
#include "resolvers_internal.h"

#include <string.h>

static const struct res_user *
user_src(const struct gql_resolve_info *info)
{
    const struct res_user *u = res_opaque(info->source, RES_TYPE_USER);
    return u ? u : res_opaque(info->source, RES_TYPE_PUBLIC_USER);
}

static struct gql_val
str_val(const char *s)
{
    return s ? gql_val_string_ref(s, strlen(s)) : gql_val_null();
}

static const char *const role_names[] = {"USER", "ADMIN"};
static const char *const status_names[] = {"ACTIVE", "LOCKED", "DISABLED"};

/* User.* and PublicUser.* scalar fields. */
static int
user_field(const struct gql_resolve_info *info, struct gql_val *out)
{
    const struct res_user *u = user_src(info);
    if (u == NULL)
        return app_fail(info, WALLET_EINTERNAL_SERVER_ERROR);
    const char *f = info->field_name;
    if (strcmp(f, "id") == 0)
        *out = res_id_val(info->arena, RES_ID_USER, u->id);
    else if (strcmp(f, "username") == 0)
        *out = str_val(u->username);
    else if (strcmp(f, "displayName") == 0)
        *out = str_val(u->display_name);
    else if (strcmp(f, "email") == 0)
        *out = str_val(u->email);
    else if (strcmp(f, "role") == 0)
        *out = str_val(role_names[u->role == APP_ROLE_ADMIN]);
    else if (strcmp(f, "status") == 0)
        *out = str_val(status_names[u->status <= APP_USER_DISABLED ? u->status : 0]);
    else if (strcmp(f, "createdAt") == 0)
        *out = res_datetime_val(u->created_at_ms);
    else
        return app_fail(info, WALLET_EINTERNAL_SERVER_ERROR);
    return 0;
}

static int
user_accounts(const struct gql_resolve_info *info, struct gql_val *out)
{
    const struct res_user *u = res_opaque(info->source, RES_TYPE_USER);
    if (u == NULL)
        return app_fail(info, WALLET_EINTERNAL_SERVER_ERROR);
    const struct res_account *const *items;
    size_t n;
    int rc = res_load_user_accounts(info, u->id, &items, &n);
    if (rc < 0)
        return rc;
    struct app_request *r = app_request_of(info);
    *out = gql_val_list(info->arena, n);
    for (size_t i = 0; i < n; i++)
        out->u.list.items[i] = res_account_val(r, items[i]);
    return 0;
}

static int
user_cards(const struct gql_resolve_info *info, struct gql_val *out)
{
    const struct res_user *u = res_opaque(info->source, RES_TYPE_USER);
    if (u == NULL)
        return app_fail(info, WALLET_EINTERNAL_SERVER_ERROR);
    const struct res_card *const *items;
    size_t n;
    int rc = res_load_user_cards(info, u->id, &items, &n);
    if (rc < 0)
        return rc;
    struct app_request *r = app_request_of(info);
    *out = gql_val_list(info->arena, n);
    for (size_t i = 0; i < n; i++)
        out->u.list.items[i] = res_card_val(r, items[i]);
    return 0;
}

static int
user_kyc(const struct gql_resolve_info *info, struct gql_val *out)
{
    const struct res_user *u = res_opaque(info->source, RES_TYPE_USER);
    if (u == NULL)
        return app_fail(info, WALLET_EINTERNAL_SERVER_ERROR);
    return res_load_user_kyc(info, u->id, out);
}

/* Query.me: null without a token. */
static int
query_me(const struct gql_resolve_info *info, struct gql_val *out)
{
    struct app_request *r = app_request_of(info);
    if (!r->authenticated)
        return 0;
    const struct res_user *u;
    int rc = res_load_user(info, r->user.id, &u);
    if (rc < 0)
        return rc;
    if (u == NULL)
        return app_fail(info, WALLET_EUNAUTHENTICATED);
    *out = res_user_val(r, u);
    return 0;
}

/*
 * The payee directory: users whose username or display name starts with `search` (ignoring
 * case), DISABLED users left out, ordered by username (unique), keyset on it.
 */
static const struct db_stmt stmt_directory = {
    "res_users_directory",
    "SELECT " RES_USER_COLUMNS " FROM users u "
    "WHERE u.status <> 'DISABLED' "
    "AND ($1::text IS NULL OR lower(u.username) LIKE lower($1) "
    "     OR lower(u.display_name) LIKE lower($1)) "
    "AND ($2::text IS NULL OR u.username > $2) "
    "ORDER BY u.username LIMIT $3::int",
    3,
    NULL,
};

#define SEARCH_MAX 64

static int
query_users(const struct gql_resolve_info *info, struct gql_val *out)
{
    int rc = app_require_user(info);
    if (rc < 0)
        return rc;
    struct app_request *r = app_request_of(info);
    struct res_page page;
    if ((rc = res_page_args(info, "users", &page)) < 0)
        return rc;
    const char *search = NULL;
    const struct gql_val *sv = gql_resolve_arg(info, "search");
    if (sv != NULL && sv->kind == GQL_VAL_STRING) {
        if (sv->u.string.len > SEARCH_MAX || memchr(sv->u.string.ptr, '\0', sv->u.string.len))
            return gql_resolve_error(
                info, "BAD_USER_INPUT", "search must be at most %d characters", SEARCH_MAX);
        /* Leading and trailing spaces are not part of a name. */
        const char *s = sv->u.string.ptr;
        size_t len = sv->u.string.len;
        while (len > 0 && s[0] == ' ')
            s++, len--;
        while (len > 0 && s[len - 1] == ' ')
            len--;
        if (len > 0)
            search = arena_strndup(info->arena, s, len);
    }
    const char *params[] = {
        search ? res_like_prefix(info->arena, search) : NULL,
        page.has_after ? page.after.text : NULL,
        res_i64(info->arena, page.first + 1),
    };
    PGresult *res;
    if ((rc = res_exec(r, &stmt_directory, params, PGRES_TUPLES_OK, &res, NULL)) < 0)
        return app_fail(info, rc);
    int n = PQntuples(res);
    bool has_next = n > page.first;
    if (has_next)
        n = page.first;
    struct res_user *rows = arena_calloc(info->arena, (size_t)n + 1, sizeof(*rows));
    struct gql_val *nodes = arena_calloc(info->arena, (size_t)n + 1, sizeof(*nodes));
    const char **cursors = arena_calloc(info->arena, (size_t)n + 1, sizeof(*cursors));
    for (int i = 0; i < n; i++) {
        if (res_user_from_row(info->arena, res, i, &rows[i]) < 0)
            return app_fail(info, WALLET_EINTERNAL_SERVER_ERROR);
        nodes[i] = res_public_user_val(r, &rows[i]);
        struct res_cursor c = {"users", rows[i].id, 0, rows[i].username};
        cursors[i] = res_cursor_encode(info->arena, &c);
    }
    *out =
        res_connection_val(info->arena, nodes, cursors, (size_t)n, has_next, page.has_after, NULL);
    return 0;
}

/* Query.node: any Node the caller may see; NOT_FOUND (and null) for anything else. */
static int
query_node(const struct gql_resolve_info *info, struct gql_val *out)
{
    int rc = app_require_user(info);
    if (rc < 0)
        return rc;
    struct app_request *r = app_request_of(info);
    const struct gql_val *idv = gql_resolve_arg(info, "id");
    enum res_id_type type;
    int64_t id;
    if (idv == NULL || idv->kind != GQL_VAL_STRING ||
        res_id_decode(idv->u.string.ptr, idv->u.string.len, &type, &id) < 0)
        return gql_resolve_error(info, "BAD_USER_INPUT", "Invalid ID for id");
    switch (type) {
    case RES_ID_USER: {
        const struct res_user *u;
        if ((rc = res_load_user(info, id, &u)) < 0)
            return rc;
        if (u == NULL)
            break;
        *out = res_can_see_user(r, u->id) ? res_user_val(r, u) : res_public_user_val(r, u);
        return 0;
    }
    case RES_ID_ACCOUNT: {
        const struct res_account *acc;
        if ((rc = res_load_account(info, id, &acc)) < 0)
            return rc;
        if (acc == NULL || acc->user_id == 0 || !res_can_see_account(r, acc))
            break;
        *out = res_account_val(r, acc);
        return 0;
    }
    case RES_ID_TRANSFER: {
        const struct res_transfer *t;
        if ((rc = res_load_transfer(info, id, &t)) < 0)
            return rc;
        if (t == NULL || !res_can_see_transfer(r, t))
            break;
        *out = res_transfer_val(r, t);
        return 0;
    }
    case RES_ID_CARD: {
        const struct res_card *c;
        if ((rc = res_load_card(info, id, &c)) < 0)
            return rc;
        if (c == NULL || !res_can_see_user(r, c->user_id))
            break;
        *out = res_card_val(r, c);
        return 0;
    }
    default:
        /* LedgerEntry and AuditEntry ids name no Node. */
        break;
    }
    return app_fail(info, WALLET_ENOT_FOUND);
}

const struct gql_resolver_binding res_users_bindings[] = {
    {"User.id", user_field, NULL},
    {"User.username", user_field, NULL},
    {"User.email", user_field, NULL},
    {"User.displayName", user_field, NULL},
    {"User.role", user_field, NULL},
    {"User.status", user_field, NULL},
    {"User.createdAt", user_field, NULL},
    {"User.accounts", user_accounts, NULL},
    {"User.kyc", user_kyc, NULL},
    {"User.cards", user_cards, NULL},
    {"PublicUser.id", user_field, NULL},
    {"PublicUser.username", user_field, NULL},
    {"PublicUser.displayName", user_field, NULL},
    {"Query.me", query_me, NULL},
    {"Query.users", query_users, NULL},
    {"Query.node", query_node, NULL},
};
const size_t res_users_binding_count = sizeof(res_users_bindings) / sizeof(res_users_bindings[0]);
