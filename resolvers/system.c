/*
 * Query.systemStatus and Mutation.setChaos (see include/resolvers/system.h).
 *
 * setChaos changes the process's chaos state (each walletd process has its own, like its
 * rate-limit counters) and writes a CHAOS_TOGGLE audit entry through the request's audit
 * hook when one is installed.
 */
#include "resolvers/system.h"

#include "app/request.h"
#include "core/errors.h"
#include "core/strbuf.h"
#include "gql/error.h"
#include "gql/execute.h"
#include "gql/schema.h"

#include <stdio.h>
#include <string.h>

/* The ChaosSettings object for s. */
static struct gql_val
chaos_settings_value(struct arena *a, const struct app_chaos_settings *s)
{
    struct gql_val v = gql_val_object(a, 3);
    gql_val_object_set(a, &v, "enabled", gql_val_boolean(s->enabled));
    gql_val_object_set(a, &v, "errorRate", gql_val_float(s->error_rate));
    gql_val_object_set(a, &v, "latencyMs", gql_val_int((int64_t)s->latency_ms));
    return v;
}

static int
res_system_status(const struct gql_resolve_info *info, struct gql_val *out)
{
    int rc = app_require_admin(info);
    if (rc < 0)
        return rc;
    struct app_request *r = app_request_of(info);
    const struct app_services *svc = r->svc;
    struct arena *a = info->arena;

    struct app_chaos_settings cs = {0};
    if (svc->chaos != NULL)
        app_chaos_get(svc->chaos, &cs);
    int64_t uptime_ms = app_ratelimit_now_ms() - svc->started_at_ms;
    bool db_ok = svc->pool != NULL && db_pool_ping(svc->pool) == 0;
    uint64_t requests = svc->metrics != NULL ? app_metrics_graphql_total(svc->metrics) : 0;

    struct gql_val v = gql_val_object(a, 5);
    gql_val_object_set(a, &v, "version", gql_val_cstring(a, svc->version ? svc->version : ""));
    gql_val_object_set(a, &v, "uptimeSeconds", gql_val_int(uptime_ms > 0 ? uptime_ms / 1000 : 0));
    gql_val_object_set(a, &v, "databaseOk", gql_val_boolean(db_ok));
    gql_val_object_set(a, &v, "chaos", chaos_settings_value(a, &cs));
    gql_val_object_set(a, &v, "requestsTotal", gql_val_float((double)requests));
    *out = v;
    return 0;
}

/* Reads a Float argument that may have been given as an Int literal. */
static bool
number_of(const struct gql_val *v, double *out)
{
    if (v == NULL || v->kind == GQL_VAL_NULL)
        return false;
    if (v->kind == GQL_VAL_FLOAT)
        *out = v->u.float_;
    else if (v->kind == GQL_VAL_INT)
        *out = (double)v->u.int_;
    else
        return false;
    return true;
}

static int
res_set_chaos(const struct gql_resolve_info *info, struct gql_val *out)
{
    int rc = app_require_admin(info);
    if (rc < 0)
        return rc;
    struct app_request *r = app_request_of(info);
    const struct app_services *svc = r->svc;
    if (svc->chaos == NULL)
        return app_fail(info, WALLET_EINTERNAL_SERVER_ERROR);

    const struct gql_val *input = gql_resolve_arg(info, "input");
    struct app_chaos_settings s;
    app_chaos_get(svc->chaos, &s);
    const struct gql_val *enabled = gql_val_object_get(input, "enabled");
    s.enabled = enabled != NULL && enabled->kind == GQL_VAL_BOOLEAN && enabled->u.boolean;

    double rate;
    if (number_of(gql_val_object_get(input, "errorRate"), &rate)) {
        if (!(rate >= 0.0 && rate <= 1.0))
            return gql_resolve_error(info, "BAD_USER_INPUT", "errorRate must be between 0 and 1");
        s.error_rate = rate;
    }
    const struct gql_val *latency = gql_val_object_get(input, "latencyMs");
    if (latency != NULL && latency->kind == GQL_VAL_INT) {
        if (latency->u.int_ < 0 || latency->u.int_ > APP_CHAOS_MAX_LATENCY_MS)
            return gql_resolve_error(info,
                                     "BAD_USER_INPUT",
                                     "latencyMs must be between 0 and %d",
                                     APP_CHAOS_MAX_LATENCY_MS);
        s.latency_ms = (unsigned)latency->u.int_;
    }
    if (svc->audit != NULL) {
        char details[128];
        snprintf(details,
                 sizeof(details),
                 "{\"enabled\":%s,\"errorRate\":%.6g,\"latencyMs\":%u}",
                 s.enabled ? "true" : "false",
                 s.error_rate,
                 s.latency_ms);
        rc = svc->audit(r, NULL, "CHAOS_TOGGLE", "system", "chaos", details);
        if (rc < 0)
            return app_fail(info, rc);
    }
    /* Audited first: a toggle that cannot be recorded does not happen. */
    if (app_chaos_set(svc->chaos, &s) < 0)
        return gql_resolve_error(info, "BAD_USER_INPUT", "Invalid chaos settings");
    *out = chaos_settings_value(info->arena, &s);
    return 0;
}

static const struct gql_resolver_binding bindings[] = {
    {"Query.systemStatus", res_system_status, NULL},
    {"Mutation.setChaos", res_set_chaos, NULL},
};

int
res_system_register(struct gql_schema *schema, struct gql_error_list *errors)
{
    int rc = gql_schema_bind_all(schema, bindings, sizeof(bindings) / sizeof(bindings[0]));
    if (gql_schema_allow_default_resolver(schema, "SystemStatus") < 0 ||
        gql_schema_allow_default_resolver(schema, "ChaosSettings") < 0)
        rc = -1;
    if (rc < 0)
        gql_error_add(errors, NULL, "Cannot bind the system resolvers to the schema.");
    return rc;
}
