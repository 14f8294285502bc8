/*
 * Private interfaces of the HTTP module (src/http/): the server object shared by the
 * handlers, per-worker state, response building and the handlers themselves.
 */
#ifndef WALLET_HTTP_INTERNAL_H
#define WALLET_HTTP_INTERNAL_H

#include "app/request.h"
#include "core/arena.h"
#include "core/strbuf.h"
#include "http/negotiate.h"
#include "http/service.h"

#include <civetweb.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <ucontext.h>

struct gql_schema;
struct gql_doc_cache;
struct http_ws;

/* The running server: settings, services and the civetweb context. */
struct http_server {
    struct http_settings settings; /* copied; strings owned below */
    char *listen;
    char *web_root;     /* absolute, no trailing slash; NULL when no dashboard is built */
    char *cors_origins; /* NULL when none */
    const struct app_services *svc;
    const struct gql_schema *schema;
    struct gql_doc_cache *cache;
    struct http_ws *ws; /* GraphQL over WebSocket (graphql_ws.c) */
    struct mg_context *ctx;
    int port;                  /* the port actually bound */
    atomic_bool shutting_down; /* readiness answers 503 from now on */
    atomic_int in_flight;      /* requests being handled */
    pthread_mutex_t idle_lock; /* with idle_cond: signalled when in_flight drops to 0 */
    pthread_cond_t idle_cond;
};

/*
 * State owned by one civetweb worker thread, reused across its requests.
 *
 * civetweb gives its workers 100 KiB stacks (Debian's build), too little for jansson's
 * recursive parser, libpq and the GraphQL engine together; each request is therefore handled
 * on a stack of the worker's own (HTTP_HANDLER_STACK, with a guard page below it), switched
 * to with swapcontext (service.c).
 */
struct http_exchange;
struct http_worker {
    struct arena arena; /* reset after every request */
    struct strbuf body; /* request body */
    struct strbuf out;  /* response body */
    void *stack_map;    /* mmap'd guard page + stack; NULL when none */
    size_t stack_map_len;
    ucontext_t caller;             /* the civetweb worker's own context */
    ucontext_t handler;            /* the request's context on the big stack */
    struct http_exchange *current; /* the request being handled */
    int status;                    /* what its handler returned */
};

#define HTTP_HANDLER_STACK (2u * 1024 * 1024)

/*---------------------------------------------------------------------------------------------
 * Responses (response.c)
 *-------------------------------------------------------------------------------------------*/

#define HTTP_MAX_EXTRA_HEADERS 12

enum http_page_kind {
    HTTP_PAGE_API = 0, /* JSON, text: CSP default-src 'none' */
    HTTP_PAGE_HTML,    /* the dashboard and GraphiQL: the page CSP */
};

/* One request being answered. */
struct http_exchange {
    struct mg_connection *conn;
    struct http_server *srv;
    struct http_worker *worker;
    const struct mg_request_info *ri;
    char request_id[HTTP_REQUEST_ID_MAX + 1];
    const char *method;
    const char *path;
    const char *origin;    /* allowed CORS origin to echo, or NULL */
    int64_t started_ns;    /* CLOCK_MONOTONIC */
    int status;            /* answered status, 0 until sent */
    bool close;            /* close the connection after answering (oversized body) */
    bool counted;          /* metrics recorded (when the answer went out) */
    bool raw;              /* "100 Continue" was written: civetweb's header calls no longer
                              work, so the response head is written by hand */
    const char *operation; /* executed operation's name, for logs and metrics */
    const char *route;     /* metrics label of the route */
    size_t nextra;
    struct {
        const char *name;
        const char *value;
    } extra[HTTP_MAX_EXTRA_HEADERS];
};

/*
 * Records the request in the metrics once (route, operation, status, duration). Called as
 * the answer goes out, so a client that reads /metrics right after its answer sees it.
 */
void http_count(struct http_exchange *ex, int status);

/* Monotonic nanoseconds. */
int64_t http_now_ns(void);

/* Sets up ex for conn: request id (echoed or new), CORS origin, start time. */
void http_exchange_init(struct http_exchange *ex,
                        struct mg_connection *conn,
                        struct http_server *srv,
                        struct http_worker *worker);

/* Adds a response header (name and value must live until the response is sent). */
void http_add_header(struct http_exchange *ex, const char *name, const char *value);

/*
 * Sends status, the common headers (X-Request-ID, security headers, CSP for kind, CORS when
 * the origin is allowed, Content-Type, Content-Length) plus the extra ones, then body[0..len).
 * HEAD requests get the headers only. Returns status.
 */
int http_send(struct http_exchange *ex,
              int status,
              enum http_page_kind kind,
              const char *content_type,
              const char *body,
              size_t len);

/* Sends the status line and headers only, announcing a body of len bytes to follow. */
int http_send_head(struct http_exchange *ex,
                   int status,
                   enum http_page_kind kind,
                   const char *content_type,
                   size_t len);

/*
 * Sends {"errors":[{"message":message,"extensions":{"code":code}}]} with status, as
 * content type media (the body is GraphQL-shaped whatever the status).
 */
int http_send_error(struct http_exchange *ex,
                    int status,
                    enum http_media media,
                    const char *code,
                    const char *message);

/* The Content-Security-Policy of HTML pages (dashboard, GraphiQL). */
extern const char http_csp_html[];
/* The Content-Security-Policy of everything else. */
extern const char http_csp_api[];

/*---------------------------------------------------------------------------------------------
 * Handlers: each answers the exchange and returns the status sent.
 *-------------------------------------------------------------------------------------------*/

int http_handle_graphql(struct http_exchange *ex); /* graphql.c */
int http_handle_static(struct http_exchange *ex);  /* static.c: /, /graphiql, assets */
int http_handle_health(struct http_exchange *ex);  /* ops.c: /health */
int http_handle_ready(struct http_exchange *ex);   /* ops.c: /health/ready */
int http_handle_metrics(struct http_exchange *ex); /* ops.c: /metrics */
int http_handle_options(struct http_exchange *ex, const char *allow); /* response.c: preflight */

/* Writes the request's log line (access_log.c). */
void http_log_request(const struct http_exchange *ex);

/*
 * Writes one event line: level ("info", "warn", "error"), request id (may be NULL), message
 * and an optional detail text. Never pass secrets, tokens, query text or SQL.
 */
void http_log_event(const char *level, const char *request_id, const char *msg, const char *detail);

#endif
