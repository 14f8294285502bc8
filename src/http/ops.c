/*
 * Operational endpoints (contract §2): GET /health (the process runs), GET /health/ready
 * (the database answers; 503 otherwise and while shutting down) and GET /metrics
 * (Prometheus text exposition format). None of them is subject to chaos mode or rate
 * limits, and none needs authentication.
 */
#include "http/graphql_ws.h"
#include "internal.h"

#include <string.h>

static int
method_not_allowed(struct http_exchange *ex)
{
    http_add_header(ex, "Allow", "GET, HEAD");
    static const char body[] = "{\"error\":\"method not allowed\"}";
    return http_send(ex, 405, HTTP_PAGE_API, HTTP_CT_JSON, body, sizeof(body) - 1);
}

static bool
is_get_or_head(const struct http_exchange *ex)
{
    return strcmp(ex->method, "GET") == 0 || strcmp(ex->method, "HEAD") == 0;
}

static int
send_status(struct http_exchange *ex, int status, const char *body)
{
    http_add_header(ex, "Cache-Control", "no-store");
    return http_send(ex, status, HTTP_PAGE_API, HTTP_CT_JSON, body, strlen(body));
}

int
http_handle_health(struct http_exchange *ex)
{
    ex->route = "health";
    if (!is_get_or_head(ex))
        return method_not_allowed(ex);
    return send_status(ex, 200, "{\"status\":\"ok\"}");
}

int
http_handle_ready(struct http_exchange *ex)
{
    ex->route = "ready";
    if (!is_get_or_head(ex))
        return method_not_allowed(ex);
    if (atomic_load(&ex->srv->shutting_down))
        return send_status(ex, 503, "{\"status\":\"shutting_down\"}");
    if (ex->srv->svc->pool == NULL || db_pool_ping(ex->srv->svc->pool) != 0)
        return send_status(ex, 503, "{\"status\":\"unavailable\",\"database\":\"down\"}");
    return send_status(ex, 200, "{\"status\":\"ready\",\"database\":\"ok\"}");
}

int
http_handle_metrics(struct http_exchange *ex)
{
    ex->route = "metrics";
    if (!is_get_or_head(ex))
        return method_not_allowed(ex);
    const struct app_services *svc = ex->srv->svc;
    struct app_metrics_gauges g = {0};
    if (svc->pool != NULL) {
        struct db_pool_stats st;
        db_pool_get_stats(svc->pool, &st);
        g.pool_size = st.size;
        g.pool_open = st.open;
        g.pool_in_use = st.in_use;
        g.pool_waiting = st.waiting;
        g.pool_reconnects = st.reconnects;
        g.pool_timeouts = st.timeouts;
        g.pool_connect_failures = st.connect_failures;
    }
    if (svc->chaos != NULL) {
        struct app_chaos_settings cs;
        app_chaos_get(svc->chaos, &cs);
        g.chaos_enabled = cs.enabled;
    }
    g.uptime_seconds = (double)(app_ratelimit_now_ms() - svc->started_at_ms) / 1000.0;
    struct strbuf *out = &ex->worker->out;
    strbuf_reset(out);
    app_metrics_render(svc->metrics, &g, out);
    http_ws_render_metrics(ex->srv->ws, out);
    http_add_header(ex, "Cache-Control", "no-store");
    return http_send(
        ex, 200, HTTP_PAGE_API, "text/plain; version=0.0.4; charset=utf-8", out->data, out->len);
}
