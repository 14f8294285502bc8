/*
 * The request context: lazy database connection, failure tracking and resolver helpers
 * (see include/app/request.h).
 */
#include "app/request.h"

#include "core/errors.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

void
app_request_init(struct app_request *r,
                 const struct app_services *svc,
                 struct arena *arena,
                 const char *request_id,
                 const char *client_ip)
{
    memset(r, 0, sizeof(*r));
    r->svc = svc;
    r->arena = arena;
    r->request_id = request_id;
    r->client_ip = client_ip;
}

void
app_request_finish(struct app_request *r)
{
    if (r->db == NULL)
        return;
    if (db_conn_is_broken(r->db))
        r->db_unavailable = true;
    db_pool_release(r->svc->pool, r->db);
    r->db = NULL;
}

int
app_request_db(struct app_request *r, struct db_conn **out)
{
    if (r->db != NULL) {
        *out = r->db;
        return 0;
    }
    *out = NULL;
    if (r->svc == NULL || r->svc->pool == NULL) {
        r->db_unavailable = true;
        return -WALLET_ESERVICE_UNAVAILABLE;
    }
    int rc = db_pool_acquire(r->svc->pool, r->svc->db_acquire_timeout_ms, &r->db);
    if (rc < 0) {
        r->db = NULL;
        r->db_unavailable = true;
        return rc;
    }
    *out = r->db;
    return 0;
}

int
app_db_check_state(struct app_request *r,
                   const PGresult *res,
                   ExecStatusType expect,
                   const char **sqlstate)
{
    if (r->db == NULL) {
        r->db_unavailable = true;
        return -WALLET_ESERVICE_UNAVAILABLE;
    }
    int rc = db_result_check(r->db, res, expect, sqlstate);
    if (rc == -WALLET_ESERVICE_UNAVAILABLE)
        r->db_unavailable = true;
    return rc;
}

bool
app_request_db_failed(const struct app_request *r)
{
    return r->db_unavailable;
}

void
app_request_set_db_failed(struct app_request *r)
{
    r->db_unavailable = true;
}

int
app_fail(const struct gql_resolve_info *info, int err)
{
    if (err == WALLET_ESERVICE_UNAVAILABLE || err == -WALLET_ESERVICE_UNAVAILABLE)
        app_request_set_db_failed(app_request_of(info));
    return gql_resolve_error(info, wallet_err_code(err), "%s", wallet_err_message(err));
}

int
app_require_user(const struct gql_resolve_info *info)
{
    const struct app_request *r = app_request_of(info);
    if (r == NULL || !r->authenticated)
        return app_fail(info, WALLET_EUNAUTHENTICATED);
    return 0;
}

int
app_require_admin(const struct gql_resolve_info *info)
{
    int rc = app_require_user(info);
    if (rc < 0)
        return rc;
    if (app_request_of(info)->user.role != APP_ROLE_ADMIN)
        return app_fail(info, WALLET_EFORBIDDEN);
    return 0;
}

int
app_request_rate_limit(struct app_request *r, enum app_rl_kind kind, unsigned n, int *retry_after_s)
{
    char key[APP_RL_KEY_MAX + 1];
    if (kind == APP_RL_TRANSFER) {
        if (!r->authenticated)
            return 0;
        snprintf(key, sizeof(key), "user:%" PRId64, r->user.id);
    } else {
        snprintf(key, sizeof(key), "%s", r->client_ip ? r->client_ip : "");
    }
    int retry = 0;
    if (app_ratelimit_take(r->svc->ratelimit, kind, key, n, app_ratelimit_now_ms(), &retry) == 0)
        return 0;
    if (retry_after_s != NULL)
        *retry_after_s = retry;
    if (r->svc->metrics != NULL)
        app_metrics_rate_limited(r->svc->metrics, kind);
    return -WALLET_ERATE_LIMITED;
}
