/*
 * The civetweb server of `walletd serve` (see include/http/service.h): options, per-worker
 * state, the request dispatcher, and graceful stop.
 *
 * civetweb settings that matter (NOTES.md): CORS answered by us (civetweb's own
 * access_control_* set to ""), no directory listing and no document root (static files are
 * ours, static.c), keep-alive on, request_timeout_ms a few seconds so slow clients cannot
 * hold every worker, one worker per connection and num_threads = WALLET_THREADS.
 *
 * Every request goes through begin_request(): civetweb runs nothing of its own for it except
 * draining an unread body afterwards. WebSocket upgrades are left to civetweb's websocket
 * handlers (registered by the subscriptions module on the same context).
 */
#include "core/log.h"
#include "gql/doc_cache.h"
#include "gql/validate.h"
#include "http/graphql_ws.h"
#include "internal.h"

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/mman.h>
#include <time.h>
#include <unistd.h>

/* Security headers for the error pages civetweb writes itself (malformed requests). */
static const char civetweb_extra_headers[] =
    "X-Content-Type-Options: nosniff\r\n"
    "Referrer-Policy: no-referrer\r\n"
    "Content-Security-Policy: default-src 'none'; frame-ancestors 'none'\r\n";

/*---------------------------------------------------------------------------------------------
 * Worker threads
 *-------------------------------------------------------------------------------------------*/

static void *
init_thread(const struct mg_context *ctx, int thread_type)
{
    (void)ctx;
    if (thread_type != 1)
        return NULL;
    struct http_worker *w = calloc(1, sizeof(*w));
    if (w == NULL)
        return NULL;
    arena_init(&w->arena, 64 * 1024);
    strbuf_init(&w->body);
    strbuf_init(&w->out);
    /* The request stack, lowest page a guard: an overflow faults instead of corrupting. */
    size_t page = (size_t)sysconf(_SC_PAGESIZE);
    w->stack_map_len = HTTP_HANDLER_STACK + page;
    w->stack_map = mmap(NULL,
                        w->stack_map_len,
                        PROT_READ | PROT_WRITE,
                        MAP_PRIVATE | MAP_ANONYMOUS | MAP_STACK,
                        -1,
                        0);
    if (w->stack_map == MAP_FAILED || mprotect(w->stack_map, page, PROT_NONE) != 0) {
        if (w->stack_map != MAP_FAILED)
            munmap(w->stack_map, w->stack_map_len);
        w->stack_map = NULL;
    }
    return w;
}

static void
exit_thread(const struct mg_context *ctx, int thread_type, void *p)
{
    (void)ctx;
    (void)thread_type;
    struct http_worker *w = p;
    if (w == NULL)
        return;
    arena_free(&w->arena);
    strbuf_free(&w->body);
    strbuf_free(&w->out);
    if (w->stack_map != NULL)
        munmap(w->stack_map, w->stack_map_len);
    free(w);
}

/* Keeps a worker's buffers from growing without bound after one huge request. */
static void
worker_reset(struct http_worker *w)
{
    arena_reset(&w->arena);
    if (w->body.cap > 4 * 1024 * 1024)
        strbuf_free(&w->body);
    else
        strbuf_reset(&w->body);
    if (w->out.cap > 4 * 1024 * 1024)
        strbuf_free(&w->out);
    else
        strbuf_reset(&w->out);
}

/*---------------------------------------------------------------------------------------------
 * Dispatch
 *-------------------------------------------------------------------------------------------*/

static bool
is_websocket_upgrade(struct mg_connection *conn)
{
    const char *upgrade = mg_get_header(conn, "Upgrade");
    return upgrade != NULL && strcasecmp(upgrade, "websocket") == 0;
}

static int
route(struct http_exchange *ex)
{
    const char *p = ex->path;
    if (strcmp(p, "/graphql") == 0)
        return http_handle_graphql(ex);
    if (strcmp(p, "/health") == 0)
        return http_handle_health(ex);
    if (strcmp(p, "/health/ready") == 0)
        return http_handle_ready(ex);
    if (strcmp(p, "/metrics") == 0)
        return http_handle_metrics(ex);
    return http_handle_static(ex);
}

/* Ends a request; the last one out while shutting down wakes http_service_stop. */
static void
leave_request(struct http_server *srv)
{
    if (atomic_fetch_sub(&srv->in_flight, 1) == 1 && atomic_load(&srv->shutting_down)) {
        pthread_mutex_lock(&srv->idle_lock);
        pthread_cond_broadcast(&srv->idle_cond);
        pthread_mutex_unlock(&srv->idle_lock);
    }
}

/* The worker whose request the trampoline runs (makecontext passes no pointers portably). */
static _Thread_local struct http_worker *tl_worker;

#if defined(__SANITIZE_ADDRESS__)
#include <sanitizer/common_interface_defs.h>
#define FIBER_START(save, bottom, size) __sanitizer_start_switch_fiber((save), (bottom), (size))
#define FIBER_FINISH(save, bottom, size) __sanitizer_finish_switch_fiber((save), (bottom), (size))
#else
#define FIBER_START(save, bottom, size)                                                            \
    do {                                                                                           \
        (void)(save);                                                                              \
        (void)(bottom);                                                                            \
        (void)(size);                                                                              \
    } while (0)
#define FIBER_FINISH(save, bottom, size) FIBER_START(save, bottom, size)
#endif

static void
handler_entry(void)
{
    struct http_worker *w = tl_worker;
    const void *caller_bottom = NULL;
    size_t caller_size = 0;
    FIBER_FINISH(NULL, &caller_bottom, &caller_size);
    w->status = route(w->current);
    /* Returning resumes uc_link (the worker's own context). */
    FIBER_START(NULL, caller_bottom, caller_size);
}

/* Runs the request on the worker's big stack; answers 503 if it has none. */
static int
handle_on_own_stack(struct http_worker *w, struct http_exchange *ex)
{
    if (w->stack_map == NULL) {
        return http_send_error(
            ex, 503, HTTP_MEDIA_JSON, "SERVICE_UNAVAILABLE", "Service unavailable");
    }
    size_t page = (size_t)sysconf(_SC_PAGESIZE);
    tl_worker = w;
    w->current = ex;
    w->status = 0;
    if (getcontext(&w->handler) != 0)
        return http_send_error(
            ex, 500, HTTP_MEDIA_JSON, "INTERNAL_SERVER_ERROR", "Internal server error");
    w->handler.uc_stack.ss_sp = (char *)w->stack_map + page;
    w->handler.uc_stack.ss_size = HTTP_HANDLER_STACK;
    w->handler.uc_link = &w->caller;
    makecontext(&w->handler, handler_entry, 0);
    void *fake_stack = NULL;
    FIBER_START(&fake_stack, w->handler.uc_stack.ss_sp, HTTP_HANDLER_STACK);
    if (swapcontext(&w->caller, &w->handler) != 0)
        return http_send_error(
            ex, 500, HTTP_MEDIA_JSON, "INTERNAL_SERVER_ERROR", "Internal server error");
    FIBER_FINISH(fake_stack, NULL, NULL);
    w->current = NULL;
    return w->status;
}

static int
begin_request(struct mg_connection *conn)
{
    struct http_server *srv = mg_get_user_data(mg_get_context(conn));
    if (is_websocket_upgrade(conn))
        return 0;

    struct http_worker fallback;
    struct http_worker *w = mg_get_thread_pointer(conn);
    bool own = w == NULL;
    if (own) { /* init_thread could not allocate: use a one-off state (it answers 503) */
        memset(&fallback, 0, sizeof(fallback));
        w = &fallback;
        arena_init(&w->arena, 0);
        strbuf_init(&w->body);
        strbuf_init(&w->out);
    }

    atomic_fetch_add(&srv->in_flight, 1);
    struct http_exchange ex;
    http_exchange_init(&ex, conn, srv, w);
    log_set_request_id(ex.request_id); /* on every log line written for this request */
    int status = handle_on_own_stack(w, &ex);
    if (status <= 0)
        status = ex.status > 0 ? ex.status : 499; /* the client went away mid-request */
    ex.status = status;

    http_count(&ex, status); /* answers that never went out (client gone) */
    http_log_request(&ex);
    log_set_request_id(NULL);

    if (own) {
        arena_free(&w->arena);
        strbuf_free(&w->body);
        strbuf_free(&w->out);
    } else {
        worker_reset(w);
    }
    leave_request(srv);
    return status;
}

/* civetweb's own error pages (malformed request line, headers too large): add our id. */
static int
http_error(struct mg_connection *conn, int status, const char *msg)
{
    (void)msg;
    /* Fails harmlessly when one of our handlers already started the response. */
    if (mg_response_header_start(conn, status) == 0) {
        char id[33];
        http_request_id_generate(id);
        mg_response_header_add(conn, "X-Request-ID", id, -1);
    }
    return 1; /* let civetweb write its page (with civetweb_extra_headers) */
}

/* civetweb's internal messages become structured log lines. */
static int
log_message(const struct mg_connection *conn, const char *message)
{
    (void)conn;
    http_log_event("warn", NULL, "civetweb", message);
    return 1;
}

/*---------------------------------------------------------------------------------------------
 * Document validation for the cache: limits first, then every rule.
 *-------------------------------------------------------------------------------------------*/

static int
validate_document(const struct gql_schema *schema,
                  const struct gql_document *doc,
                  struct gql_error_list *errors,
                  void *userdata)
{
    const struct http_server *srv = userdata;
    struct gql_limits limits = GQL_LIMITS_CONTRACT;
    struct gql_validate_options opts = {
        .hide_suggestions = srv->settings.production,
        .limits = &limits,
    };
    return gql_validate(schema, doc, &opts, errors->arena, errors) == 0 ? 0 : -1;
}

/*---------------------------------------------------------------------------------------------
 * Start and stop
 *-------------------------------------------------------------------------------------------*/

/* Converts "host:port" into civetweb's listening_ports syntax (the same, IPv6 bracketed). */
static int
listening_ports(const char *listen, char *out, size_t cap)
{
    const char *colon = strrchr(listen, ':');
    if (colon == NULL || colon[1] == '\0')
        return -1;
    for (const char *p = colon + 1; *p; p++)
        if (*p < '0' || *p > '9')
            return -1;
    int n = snprintf(out, cap, "%s", listen);
    return n < 0 || (size_t)n >= cap ? -1 : 0;
}

static void
server_free(struct http_server *srv)
{
    if (srv == NULL)
        return;
    if (srv->cache != NULL)
        gql_doc_cache_free(srv->cache);
    pthread_mutex_destroy(&srv->idle_lock);
    pthread_cond_destroy(&srv->idle_cond);
    free(srv->listen);
    free(srv->web_root);
    free(srv->cors_origins);
    free(srv);
}

static char *
dup_or_null(const char *s)
{
    return s != NULL && s[0] != '\0' ? strdup(s) : NULL;
}

int
http_service_start(const struct http_settings *settings,
                   const struct app_services *svc,
                   const struct gql_schema *schema,
                   struct http_server **out)
{
    *out = NULL;
    struct http_server *srv = calloc(1, sizeof(*srv));
    if (srv == NULL)
        return -1;
    srv->settings = *settings;
    srv->svc = svc;
    srv->schema = schema;
    srv->listen = strdup(settings->listen ? settings->listen : "127.0.0.1:8080");
    srv->cors_origins = dup_or_null(settings->cors_origins);
    if (settings->web_root != NULL && settings->web_root[0] != '\0') {
        srv->web_root = realpath(settings->web_root, NULL);
        if (srv->web_root == NULL)
            http_log_event("warn",
                           NULL,
                           "web root not found; the dashboard is not served",
                           settings->web_root);
    }
    pthread_mutex_init(&srv->idle_lock, NULL);
    pthread_condattr_t ca;
    pthread_condattr_init(&ca);
    pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
    pthread_cond_init(&srv->idle_cond, &ca);
    pthread_condattr_destroy(&ca);
    atomic_init(&srv->shutting_down, false);
    atomic_init(&srv->in_flight, 0);
    srv->settings.listen = srv->listen;
    srv->settings.web_root = srv->web_root;
    srv->settings.cors_origins = srv->cors_origins;

    struct gql_doc_cache_config cc = {
        .max_entries = settings->doc_cache_entries,
        .parse_options = {.max_depth = 64, .mode = GQL_DOC_ANY},
        .validate = validate_document,
        .validate_userdata = srv,
    };
    srv->cache = gql_doc_cache_new(schema, &cc);

    char ports[300];
    if (srv->listen == NULL || srv->cache == NULL ||
        listening_ports(srv->listen, ports, sizeof(ports)) < 0) {
        http_log_event("error", NULL, "invalid WALLET_LISTEN (expected host:port)", srv->listen);
        server_free(srv);
        return -1;
    }
    char threads[16], timeout[16];
    snprintf(threads, sizeof(threads), "%u", settings->threads ? settings->threads : 8);
    snprintf(timeout,
             sizeof(timeout),
             "%u",
             settings->request_timeout_ms ? settings->request_timeout_ms : 3000);
    /* clang-format off */
    const char *options[] = {
        "listening_ports", ports,
        "num_threads", threads,
        "request_timeout_ms", timeout,
        "keep_alive_timeout_ms", "5000",
        "enable_keep_alive", "yes",
        "enable_directory_listing", "no",
        "access_control_allow_origin", "",
        "access_control_allow_methods", "",
        "access_control_allow_headers", "",
        "additional_header", civetweb_extra_headers,
        "decode_url", "yes",
        "listen_backlog", "512",
        "connection_queue", "128",
        "tcp_nodelay", "1", /* headers and body are separate writes: no Nagle delay */
        /* WebSockets (graphql_ws.c): a ping after 10 s of silence, closed after 6 unanswered */
        "websocket_timeout_ms", "10000",
        "enable_websocket_ping_pong", "yes",
        NULL,
    };
    /* clang-format on */
    struct mg_callbacks cb = {
        .begin_request = begin_request,
        .http_error = http_error,
        .log_message = log_message,
        .init_thread = init_thread,
        .exit_thread = exit_thread,
    };
    srv->ws = http_ws_start(srv); /* GraphQL over WebSocket on /graphql (graphql_ws.c) */
    if (srv->ws == NULL) {
        server_free(srv);
        return -1;
    }
    mg_init_library(0);
    srv->ctx = mg_start(&cb, srv, options);
    if (srv->ctx == NULL) {
        http_log_event(
            "error", NULL, "cannot listen (address in use or not available)", srv->listen);
        http_ws_free(srv->ws);
        server_free(srv);
        mg_exit_library();
        return -1;
    }
    struct mg_server_port sp[4];
    int nports = mg_get_server_ports(srv->ctx, 4, sp);
    srv->port = nports > 0 ? sp[0].port : 0;
    http_ws_attach(srv->ws, srv->ctx);
    *out = srv;
    return 0;
}

int
http_service_port(const struct http_server *srv)
{
    return srv->port;
}

static void
deadline_after(struct timespec *ts, unsigned ms)
{
    clock_gettime(CLOCK_MONOTONIC, ts);
    ts->tv_sec += ms / 1000;
    ts->tv_nsec += (long)(ms % 1000) * 1000000L;
    if (ts->tv_nsec >= 1000000000L) {
        ts->tv_sec++;
        ts->tv_nsec -= 1000000000L;
    }
}

/*
 * civetweb's mg_stop() makes every read and write of a running handler fail at once, so it
 * must not run before the requests in flight are done. Until then the server keeps its
 * listener, but refuses new /graphql requests with 503 (graphql.c) and readiness says 503.
 */
int
http_service_stop(struct http_server *srv, unsigned grace_ms)
{
    if (srv == NULL)
        return 0;
    struct timespec deadline;
    deadline_after(&deadline, grace_ms);
    http_ws_shutdown(srv->ws); /* WebSockets closed with 1001 at once */
    pthread_mutex_lock(&srv->idle_lock);
    atomic_store(&srv->shutting_down, true);
    bool idle = true;
    while (atomic_load(&srv->in_flight) > 0) {
        if (pthread_cond_timedwait(&srv->idle_cond, &srv->idle_lock, &deadline) == ETIMEDOUT) {
            idle = atomic_load(&srv->in_flight) == 0;
            break;
        }
    }
    pthread_mutex_unlock(&srv->idle_lock);
    if (!idle) {
        /* Requests still running at the deadline: leave everything to process exit. */
        http_log_event("warn", NULL, "shutdown deadline passed with requests in flight", NULL);
        return -1;
    }
    mg_stop(srv->ctx); /* closes the listener and joins the (now idle) workers */
    http_ws_free(srv->ws);
    server_free(srv);
    mg_exit_library();
    return 0;
}
