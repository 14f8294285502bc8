/*
 * Answering requests: the headers every response carries (contract §2: X-Request-ID,
 * X-Content-Type-Options, Referrer-Policy, Content-Security-Policy with frame-ancestors
 * 'none', CORS for allowed origins), GraphQL-shaped error bodies, and CORS preflights.
 *
 * Responses are written with civetweb's mg_response_header_* calls so that every header is
 * ours; civetweb adds only Date and Connection.
 */
#include "internal.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <time.h>

/*
 * The dashboard and GraphiQL load only their own bundles (no inline script) and may use inline
 * styles (GraphiQL's editor sets them at run time); fonts, images and editor workers are files
 * of our own origin. The same policy as CSP in web/csp.config.js, measured there in Chromium.
 */
const char http_csp_html[] = "default-src 'self'; script-src 'self'; "
                             "style-src 'self' 'unsafe-inline'; img-src 'self'; "
                             "font-src 'self'; connect-src 'self'; worker-src 'self'; "
                             "object-src 'none'; base-uri 'none'; form-action 'self'; "
                             "frame-ancestors 'none'";

/* API responses are never rendered: nothing may load from them. */
const char http_csp_api[] = "default-src 'none'; frame-ancestors 'none'";

int64_t
http_now_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

void
http_exchange_init(struct http_exchange *ex,
                   struct mg_connection *conn,
                   struct http_server *srv,
                   struct http_worker *worker)
{
    memset(ex, 0, sizeof(*ex));
    ex->conn = conn;
    ex->srv = srv;
    ex->worker = worker;
    ex->ri = mg_get_request_info(conn);
    ex->started_ns = http_now_ns();
    ex->method = ex->ri->request_method ? ex->ri->request_method : "";
    ex->path = ex->ri->local_uri ? ex->ri->local_uri : "/";

    const char *rid = mg_get_header(conn, "X-Request-ID");
    if (http_request_id_is_safe(rid))
        snprintf(ex->request_id, sizeof(ex->request_id), "%s", rid);
    else
        http_request_id_generate(ex->request_id);

    const char *origin = mg_get_header(conn, "Origin");
    if (http_cors_origin_allowed(srv->cors_origins, origin))
        ex->origin = origin;
}

void
http_count(struct http_exchange *ex, int status)
{
    struct app_metrics *m = ex->srv->svc->metrics;
    if (ex->counted || m == NULL)
        return;
    ex->counted = true;
    if (ex->route != NULL && strcmp(ex->route, "graphql") == 0)
        app_metrics_graphql_request(
            m, ex->operation, status, (double)(http_now_ns() - ex->started_ns) / 1e9);
    else
        app_metrics_http_request(m, ex->route, status);
}

void
http_add_header(struct http_exchange *ex, const char *name, const char *value)
{
    if (ex->nextra < HTTP_MAX_EXTRA_HEADERS) {
        ex->extra[ex->nextra].name = name;
        ex->extra[ex->nextra].value = value;
        ex->nextra++;
    }
}

/* Where response headers go: civetweb's header list, or a hand-written head. */
struct head {
    struct http_exchange *ex;
    struct strbuf *raw; /* NULL: mg_response_header_add */
};

static void
head_add(struct head *h, const char *name, const char *value)
{
    if (h->raw == NULL) {
        mg_response_header_add(h->ex->conn, name, value, -1);
        return;
    }
    strbuf_printf(h->raw, "%s: %s\r\n", name, value);
}

/* Adds the headers every response carries. */
static void
add_common_headers(struct head *h, enum http_page_kind kind)
{
    struct http_exchange *ex = h->ex;
    head_add(h, "X-Request-ID", ex->request_id);
    head_add(h, "X-Content-Type-Options", "nosniff");
    head_add(h, "Referrer-Policy", "no-referrer");
    head_add(h, "X-Frame-Options", "DENY");
    head_add(h, "Content-Security-Policy", kind == HTTP_PAGE_HTML ? http_csp_html : http_csp_api);
    if (mg_get_header(ex->conn, "Origin") != NULL)
        head_add(h, "Vary", "Origin");
    if (ex->origin != NULL) {
        head_add(h, "Access-Control-Allow-Origin", ex->origin);
        head_add(h, "Access-Control-Expose-Headers", "X-Request-ID, Retry-After");
    }
    for (size_t i = 0; i < ex->nextra; i++)
        head_add(h, ex->extra[i].name, ex->extra[i].value);
}

/* Whether civetweb will keep this connection open after the response. */
static bool
keeps_alive(const struct http_exchange *ex)
{
    const char *c = mg_get_header(ex->conn, "Connection");
    if (c != NULL)
        return strcasecmp(c, "keep-alive") == 0;
    return ex->ri->http_version != NULL && strcmp(ex->ri->http_version, "1.1") == 0;
}

int
http_send_head(struct http_exchange *ex,
               int status,
               enum http_page_kind kind,
               const char *content_type,
               size_t len)
{
    struct mg_connection *c = ex->conn;
    ex->status = status;
    http_count(ex, status);
    struct strbuf raw = STRBUF_INIT;
    struct head h = {ex, ex->raw ? &raw : NULL};
    if (ex->raw)
        strbuf_printf(&raw, "HTTP/1.1 %d %s\r\n", status, mg_get_response_code_text(c, status));
    else
        mg_response_header_start(c, status);
    add_common_headers(&h, kind);
    if (content_type != NULL)
        head_add(&h, "Content-Type", content_type);
    if (status != 204 && status != 304) {
        char length[32];
        snprintf(length, sizeof(length), "%zu", len);
        head_add(&h, "Content-Length", length);
    }
    if (!ex->raw) {
        mg_response_header_send(c);
        return status;
    }
    char date[64];
    time_t now = time(NULL);
    struct tm tm;
    gmtime_r(&now, &tm);
    strftime(date, sizeof(date), "%a, %d %b %Y %H:%M:%S GMT", &tm);
    head_add(&h, "Date", date);
    head_add(&h, "Connection", keeps_alive(ex) ? "keep-alive" : "close");
    strbuf_puts(&raw, "\r\n");
    mg_write(c, raw.data, raw.len);
    strbuf_free(&raw);
    return status;
}

int
http_send(struct http_exchange *ex,
          int status,
          enum http_page_kind kind,
          const char *content_type,
          const char *body,
          size_t len)
{
    if (ex->close && !ex->raw) {
        /*
         * Closing after the answer (an oversized body we will not read to its end): civetweb
         * closes the connection only after its own error page, so let it send one, with our
         * headers already in place. Its body is a short text/plain explanation.
         */
        ex->status = status;
        http_count(ex, status);
        mg_response_header_start(ex->conn, status);
        struct head h = {ex, NULL};
        add_common_headers(&h, kind);
        mg_send_http_error(
            ex->conn, status, "%.*s", (int)(len > 512 ? 512 : len), body ? body : "");
        return status;
    }
    http_send_head(ex, status, kind, content_type, len);
    if (len > 0 && strcmp(ex->method, "HEAD") != 0)
        mg_write(ex->conn, body, len);
    return status;
}

int
http_send_error(struct http_exchange *ex,
                int status,
                enum http_media media,
                const char *code,
                const char *message)
{
    struct strbuf *out = &ex->worker->out;
    strbuf_reset(out);
    strbuf_puts(out, "{\"errors\":[{\"message\":");
    strbuf_append_json_string(out, message, strlen(message));
    strbuf_puts(out, ",\"extensions\":{\"code\":");
    strbuf_append_json_string(out, code, strlen(code));
    if (strcmp(code, "INTERNAL_SERVER_ERROR") == 0) {
        strbuf_puts(out, ",\"requestId\":");
        strbuf_append_json_string(out, ex->request_id, strlen(ex->request_id));
    }
    strbuf_puts(out, "}}]}");
    return http_send(
        ex, status, HTTP_PAGE_API, http_media_content_type(media), out->data, out->len);
}

int
http_handle_options(struct http_exchange *ex, const char *allow)
{
    http_add_header(ex, "Allow", allow);
    if (ex->origin != NULL) {
        http_add_header(ex, "Access-Control-Allow-Methods", allow);
        http_add_header(ex,
                        "Access-Control-Allow-Headers",
                        "Authorization, Content-Type, Idempotency-Key, X-Request-ID");
        http_add_header(ex, "Access-Control-Max-Age", "600");
    }
    return http_send(ex, 204, HTTP_PAGE_API, NULL, NULL, 0);
}
