/*
 * The audit log's read side (contract §4 "Audit"; both ADMIN only): Query.auditLog, newest
 * first with keyset pagination and filters by action and actor, and Query.verifyAuditLog,
 * which walks every hash chain (src/app/audit.c app_audit_verify).
 *
 * AuditEntry values are plain OBJECTs; their actors (PublicUser) are loaded for the whole
 * page in one statement through the model's user loader.
 */
#include "app/audit.h"
#include "core/arena.h"
#include "core/errors.h"
#include "model.h"
#include "resolvers_internal.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

static const struct db_stmt stmt_audit_page = {
    "res_audit_page",
    "SELECT id, " RES_MS(
        "at") " AS at_ms, actor_id, action, target_type, target_id, request_id, "
              "ip, details, hash FROM audit_log "
              "WHERE ($1::text IS NULL OR action = $1) AND ($2::bigint IS NULL OR actor_id = "
              "$2::bigint) "
              "AND ($3::bigint IS NULL OR id < $3::bigint) ORDER BY id DESC LIMIT $4::int",
    4,
    NULL,
};

static struct gql_val
str_val(struct arena *a, const PGresult *res, int row, const char *column)
{
    const char *s = res_get_text(a, res, row, column);
    return s ? gql_val_string_ref(s, strlen(s)) : gql_val_null();
}

/* targetId: the global id when the target is a Node-like row we know, else the raw text. */
static struct gql_val
target_val(struct arena *a, const char *type, const char *id)
{
    if (id == NULL)
        return gql_val_null();
    static const struct {
        const char *type;
        enum res_id_type id_type;
    } known[] = {
        {"user", RES_ID_USER},
        {"account", RES_ID_ACCOUNT},
        {"transfer", RES_ID_TRANSFER},
        {"card", RES_ID_CARD},
    };
    char *end;
    long long n = strtoll(id, &end, 10);
    for (size_t i = 0; type != NULL && i < sizeof(known) / sizeof(known[0]); i++)
        if (strcmp(type, known[i].type) == 0 && *end == '\0' && end != id && n > 0)
            return res_id_val(a, known[i].id_type, (int64_t)n);
    return gql_val_string_ref(id, strlen(id));
}

static int
query_audit_log(const struct gql_resolve_info *info, struct gql_val *out)
{
    int rc = app_require_admin(info);
    if (rc < 0)
        return rc;
    struct app_request *r = app_request_of(info);
    struct arena *a = info->arena;
    struct res_page page;
    if ((rc = res_page_args(info, "auditLog", &page)) < 0)
        return rc;
    const char *action = NULL;
    const struct gql_val *av = gql_resolve_arg(info, "action");
    if (av != NULL && av->kind == GQL_VAL_STRING) {
        if (av->u.string.len == 0 || av->u.string.len > 64)
            return gql_resolve_error(info, "BAD_USER_INPUT", "action must be 1-64 characters");
        action = arena_strndup(a, av->u.string.ptr, av->u.string.len);
    }
    const char *actor = NULL;
    const struct gql_val *actv = gql_resolve_arg(info, "actorId");
    if (actv != NULL && actv->kind != GQL_VAL_NULL) {
        enum res_id_type t;
        int64_t id;
        if (actv->kind != GQL_VAL_STRING ||
            res_id_decode(actv->u.string.ptr, actv->u.string.len, &t, &id) < 0 || t != RES_ID_USER)
            return gql_resolve_error(info, "BAD_USER_INPUT", "actorId must be a User id");
        actor = res_i64(a, id);
    }
    const char *params[] = {
        action,
        actor,
        page.has_after ? res_i64(a, page.after.a) : NULL,
        res_i64(a, page.first + 1),
    };
    PGresult *res;
    if ((rc = res_exec(r, &stmt_audit_page, params, PGRES_TUPLES_OK, &res, NULL)) < 0)
        return app_fail(info, rc);
    int n = PQntuples(res);
    bool has_next = n > page.first;
    if (has_next)
        n = page.first;
    struct gql_val *nodes = arena_calloc(a, (size_t)n + 1, sizeof(*nodes));
    const char **cursors = arena_calloc(a, (size_t)n + 1, sizeof(*cursors));
    int64_t *actors = arena_calloc(a, (size_t)n + 1, sizeof(*actors));
    /* Every actor of the page pending first, so the loads below cost one statement. */
    for (int i = 0; i < n; i++) {
        if (res_get_i64(res, i, "actor_id", &actors[i]) < 0)
            actors[i] = 0;
        res_want_user(r, actors[i]);
    }
    for (int i = 0; i < n; i++) {
        int64_t id, at;
        if (res_get_i64(res, i, "id", &id) < 0 || res_get_i64(res, i, "at_ms", &at) < 0)
            return app_fail(info, WALLET_EINTERNAL_SERVER_ERROR);
        struct gql_val e = gql_val_object(a, 9);
        gql_val_object_set(a, &e, "id", res_id_val(a, RES_ID_AUDIT_ENTRY, id));
        gql_val_object_set(a, &e, "at", res_datetime_val(at));
        struct gql_val actor_val = gql_val_null();
        if (actors[i] > 0) {
            const struct res_user *u;
            if ((rc = res_load_user(info, actors[i], &u)) < 0)
                return rc;
            if (u != NULL)
                actor_val = res_public_user_val(r, u);
        }
        gql_val_object_set(a, &e, "actor", actor_val);
        gql_val_object_set(a, &e, "action", str_val(a, res, i, "action"));
        gql_val_object_set(a,
                           &e,
                           "targetId",
                           target_val(a,
                                      res_get_text(a, res, i, "target_type"),
                                      res_get_text(a, res, i, "target_id")));
        gql_val_object_set(a, &e, "requestId", str_val(a, res, i, "request_id"));
        gql_val_object_set(a, &e, "ip", str_val(a, res, i, "ip"));
        gql_val_object_set(a, &e, "details", str_val(a, res, i, "details"));
        gql_val_object_set(a, &e, "hash", str_val(a, res, i, "hash"));
        nodes[i] = e;
        struct res_cursor c = {"auditLog", id, 0, NULL};
        cursors[i] = res_cursor_encode(a, &c);
    }
    *out = res_connection_val(a, nodes, cursors, (size_t)n, has_next, page.has_after, NULL);
    return 0;
}

static int
query_verify_audit_log(const struct gql_resolve_info *info, struct gql_val *out)
{
    int rc = app_require_admin(info);
    if (rc < 0)
        return rc;
    struct app_request *r = app_request_of(info);
    struct db_conn *db;
    if ((rc = app_request_db(r, &db)) < 0)
        return app_fail(info, rc);
    struct app_audit_verification v;
    if ((rc = app_audit_verify(db, &v)) < 0) {
        if (rc == -WALLET_ESERVICE_UNAVAILABLE)
            app_request_set_db_failed(r);
        return app_fail(info, rc);
    }
    struct arena *a = info->arena;
    struct gql_val o = gql_val_object(a, 3);
    gql_val_object_set(a, &o, "ok", gql_val_boolean(v.ok));
    gql_val_object_set(
        a, &o, "checked", gql_val_int(v.checked > INT32_MAX ? INT32_MAX : v.checked));
    gql_val_object_set(a,
                       &o,
                       "firstBrokenId",
                       v.first_broken_id > 0 ? res_id_val(a, RES_ID_AUDIT_ENTRY, v.first_broken_id)
                                             : gql_val_null());
    *out = o;
    return 0;
}

const struct gql_resolver_binding res_audit_log_bindings[] = {
    {"Query.auditLog", query_audit_log, NULL},
    {"Query.verifyAuditLog", query_verify_audit_log, NULL},
};
const size_t res_audit_log_binding_count =
    sizeof(res_audit_log_bindings) / sizeof(res_audit_log_bindings[0]);
