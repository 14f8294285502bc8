/*
 * GraphQL over WebSocket: the graphql-transport-ws protocol on /graphql (see
 * include/http/graphql_ws.h for the protocol, the limits and the threads).
 *
 * Objects and who touches what:
 *
 *   struct http_ws      the service: the socket registry (lock), the ready queue of sockets
 *                       with work (qlock, qcond), the workers, the init timer, the listener.
 *   struct ws_client    one socket. Its job queue, civetweb connection pointer and closing
 *                       flag are guarded by its lock; its protocol state (acknowledged, user,
 *                       token, subscriptions) belongs to the one worker running its jobs;
 *                       user_id and ledger_subs are atomics the listener reads.
 *   struct ws_sub       one active subscription, owned by its socket's protocol state.
 *
 * Jobs of a socket run one at a time, in order: MESSAGE (a client message), EVENT (a ledger
 * line of the socket's user), GAP (the listener lost the database), LAGGED (events were
 * dropped), INIT_TIMEOUT, CLOSED (civetweb closed the socket: end its subscriptions).
 *
 * Lock order: registry lock, then a socket's lock, then the ready-queue lock. A socket is
 * freed when its last reference goes: one is the civetweb connection's (dropped by the close
 * handler), one is held while it is queued or running.
 */
#include "http/graphql_ws.h"

#include "app/auth.h"
#include "app/notify.h"
#include "core/config.h"
#include "core/errors.h"
#include "core/log.h"
#include "gql/doc_cache.h"
#include "gql/execute.h"
#include "gql/validate.h"
#include "http/json_value.h"
#include "internal.h"
#include "resolvers/subscriptions.h"

#include <errno.h>
#include <inttypes.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

/* Stack of the protocol workers: the engine, jansson and libpq run here. */
#define WORKER_STACK (4u * 1024 * 1024)
/* How often the init timer looks for sockets past their connection_init deadline. */
#define TIMER_TICK_MS 100

/*---------------------------------------------------------------------------------------------
 * Types
 *-------------------------------------------------------------------------------------------*/

enum job_kind { JOB_MESSAGE, JOB_EVENT, JOB_GAP, JOB_LAGGED, JOB_INIT_TIMEOUT, JOB_CLOSED };

struct job {
    struct job *next;
    enum job_kind kind;
    struct app_notify_event ev; /* EVENT */
    uint64_t generation;        /* GAP: the listener's generation after the loss */
    size_t len;                 /* MESSAGE: text[0..len), NUL-terminated */
    char text[];
};

struct ws_sub {
    struct ws_sub *next;
    char *id;
    struct arena arena;          /* variables, operation name */
    struct gql_doc_entry *entry; /* the document's cache reference */
    const struct gql_document *doc;
    const char *operation_name; /* as requested (NULL: the only operation) */
    const char *label;          /* the operation's own name, for logs; NULL if anonymous */
    const struct gql_val *variables;
    uint64_t generation; /* listener generation of its registration */
};

struct http_ws;

struct ws_client {
    struct http_ws *ws;
    atomic_int refs;
    uint64_t serial; /* connection number, for logs */
    char ip[48];
    int64_t opened_ms;

    /* Guarded by lock. */
    pthread_mutex_t lock;
    struct mg_connection *conn; /* NULL once civetweb has closed the socket */
    bool closing;               /* we sent a close frame */
    int close_code;             /* the code we closed with, for the log */
    struct job *head, *tail;
    unsigned pending_messages;
    unsigned pending_events;
    bool scheduled;      /* in the ready queue or running */
    bool events_dropped; /* a LAGGED job is queued */
    bool timeout_queued; /* the INIT_TIMEOUT job was queued */

    /* Read by the listener and the timer without the socket's lock. */
    atomic_llong user_id;   /* users.id once acknowledged, else 0 */
    atomic_int ledger_subs; /* active Subscription.ledger operations */

    /* Registry (ws->lock) and ready queue (ws->qlock) links. */
    struct ws_client *prev, *next;
    bool linked;
    struct ws_client *qnext;

    /* Protocol state: only the worker running this socket's job. */
    bool init_received;
    bool acked;
    char *authorization; /* "Bearer <token>" as sent; wiped when freed */
    struct ws_sub *subs;
    unsigned nsubs;

    /* Frame reassembly: only civetweb's thread of this socket. */
    struct strbuf frag;
    bool in_fragment;
};

struct http_ws {
    struct http_server *srv;
    unsigned max_connections;

    pthread_mutex_t lock; /* registry, notify pointer */
    struct ws_client *clients;
    unsigned nclients;
    uint64_t next_serial;
    struct app_notify *notify; /* NULL without a database URL, or after shutdown */

    pthread_mutex_t qlock;
    pthread_cond_t qcond;
    struct ws_client *qhead, *qtail;
    bool stopping; /* workers exit (qlock) */
    pthread_t workers[HTTP_WS_WORKERS];
    unsigned nworkers;

    pthread_mutex_t tlock;
    pthread_cond_t tcond;
    bool timer_stop;
    pthread_t timer;
    bool timer_started;

    atomic_bool refusing; /* shutting down: no new sockets */

    /* Metrics. */
    atomic_uint subscriptions;
    atomic_ullong connections_total;
    atomic_ullong events_delivered;
    atomic_ullong refused_capacity;
    atomic_ullong refused_rate;
};

/*---------------------------------------------------------------------------------------------
 * Small helpers
 *-------------------------------------------------------------------------------------------*/

static int64_t
now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

size_t
http_ws_close_payload(int code, const char *reason, char out[125])
{
    out[0] = (char)((code >> 8) & 0xff);
    out[1] = (char)(code & 0xff);
    size_t n = reason ? strlen(reason) : 0;
    if (n > 123) {
        n = 123;
        while (n > 0 && ((unsigned char)reason[n] & 0xc0) == 0x80)
            n--; /* do not cut a UTF-8 sequence */
    }
    if (n > 0)
        memcpy(out + 2, reason, n);
    return n + 2;
}

/*---------------------------------------------------------------------------------------------
 * Client messages
 *-------------------------------------------------------------------------------------------*/

/* A member that graphql-ws requires to be an object or nullish: NULL when fine. */
static bool
object_or_nullish(json_t *v)
{
    return v == NULL || json_is_null(v) || json_is_object(v);
}

int
http_ws_parse_message(
    const char *text, size_t len, json_t **root, struct http_ws_message *out, const char **why)
{
    memset(out, 0, sizeof(*out));
    *root = NULL;
    json_error_t jerr;
    json_t *j = json_loadb(text, len, JSON_REJECT_DUPLICATES, &jerr);
    if (j == NULL) {
        *why = "Invalid message received";
        return -1;
    }
    json_t *type = json_object_get(j, "type");
    if (!json_is_object(j)) {
        *why = "Message is expected to be an object";
        goto bad;
    }
    if (!json_is_string(type) || json_string_length(type) == 0) {
        *why = "Message is missing the 'type' property";
        goto bad;
    }
    const char *t = json_string_value(type);
    out->type_name = t;
    json_t *payload = json_object_get(j, "payload");
    json_t *id = json_object_get(j, "id");
    bool needs_id = false;

    if (strcmp(t, "connection_init") == 0 || strcmp(t, "ping") == 0 || strcmp(t, "pong") == 0 ||
        strcmp(t, "connection_ack") == 0) {
        if (!object_or_nullish(payload)) {
            *why = "The 'payload' property must be an object or null";
            goto bad;
        }
        if (strcmp(t, "connection_init") == 0)
            out->type = HTTP_WS_MSG_CONNECTION_INIT;
        else if (strcmp(t, "ping") == 0)
            out->type = HTTP_WS_MSG_PING;
        else if (strcmp(t, "pong") == 0)
            out->type = HTTP_WS_MSG_PONG;
        else
            out->type = HTTP_WS_MSG_SERVER_ONLY; /* connection_ack */
        if (json_is_object(payload)) {
            out->payload = payload;
            json_t *auth = json_object_get(payload, "authorization");
            if (out->type == HTTP_WS_MSG_CONNECTION_INIT && json_is_string(auth))
                out->authorization = json_string_value(auth);
        }
    } else if (strcmp(t, "subscribe") == 0) {
        out->type = HTTP_WS_MSG_SUBSCRIBE;
        needs_id = true;
        if (!json_is_object(payload)) {
            *why = "The 'payload' property of subscribe must be an object";
            goto bad;
        }
        json_t *query = json_object_get(payload, "query");
        json_t *vars = json_object_get(payload, "variables");
        json_t *op = json_object_get(payload, "operationName");
        json_t *ext = json_object_get(payload, "extensions");
        if (!json_is_string(query)) {
            *why = "The 'query' property of subscribe must be a string";
            goto bad;
        }
        if (!object_or_nullish(vars)) {
            *why = "The 'variables' property of subscribe must be an object or null";
            goto bad;
        }
        if (op != NULL && !json_is_null(op) && !json_is_string(op)) {
            *why = "The 'operationName' property of subscribe must be a string or null";
            goto bad;
        }
        if (!object_or_nullish(ext)) {
            *why = "The 'extensions' property of subscribe must be an object or null";
            goto bad;
        }
        out->payload = payload;
        out->query = json_string_value(query);
        out->query_len = json_string_length(query);
        out->operation_name = json_is_string(op) ? json_string_value(op) : NULL;
        out->variables = json_is_object(vars) ? vars : NULL;
    } else if (strcmp(t, "complete") == 0) {
        out->type = HTTP_WS_MSG_COMPLETE;
        needs_id = true;
    } else if (strcmp(t, "next") == 0) {
        out->type = HTTP_WS_MSG_SERVER_ONLY;
        needs_id = true;
        if (!json_is_object(payload)) {
            *why = "The 'payload' property of next must be an object";
            goto bad;
        }
    } else if (strcmp(t, "error") == 0) {
        out->type = HTTP_WS_MSG_SERVER_ONLY;
        needs_id = true;
        if (!json_is_array(payload) || json_array_size(payload) == 0) {
            *why = "The 'payload' property of error must be an array of GraphQL errors";
            goto bad;
        }
    } else {
        *why = "Invalid message 'type' property";
        goto bad;
    }

    if (needs_id) {
        if (!json_is_string(id) || json_string_length(id) == 0) {
            *why = "The message requires a non-empty string 'id' property";
            goto bad;
        }
        if (json_string_length(id) > HTTP_WS_MAX_ID) {
            *why = "The 'id' property is too long";
            goto bad;
        }
        out->id = json_string_value(id);
    }
    *root = j;
    return 0;
bad:
    json_decref(j);
    memset(out, 0, sizeof(*out));
    return -1;
}

/*---------------------------------------------------------------------------------------------
 * Sockets: references, jobs, writes
 *-------------------------------------------------------------------------------------------*/

static void sub_free(struct ws_sub *s, struct http_ws *ws);

static void
client_free(struct ws_client *c)
{
    struct http_ws *ws = c->ws;
    /* Subscriptions left (shutdown): their registrations go without the database. */
    while (c->subs != NULL) {
        struct ws_sub *s = c->subs;
        c->subs = s->next;
        atomic_fetch_sub(&ws->subscriptions, 1);
        pthread_mutex_lock(&ws->lock);
        if (ws->notify != NULL)
            app_notify_unsubscribe(ws->notify, NULL, (int64_t)atomic_load(&c->user_id));
        pthread_mutex_unlock(&ws->lock);
        sub_free(s, ws);
    }
    while (c->head != NULL) {
        struct job *j = c->head;
        c->head = j->next;
        free(j);
    }
    if (c->authorization != NULL) {
        sodium_memzero(c->authorization, strlen(c->authorization));
        free(c->authorization);
    }
    strbuf_free(&c->frag);
    pthread_mutex_destroy(&c->lock);
    free(c);
}

static void
client_unref(struct ws_client *c)
{
    if (atomic_fetch_sub(&c->refs, 1) == 1)
        client_free(c);
}

/* Puts c on the ready queue unless it is there or running. Caller holds c->lock. */
static void
schedule_locked(struct ws_client *c)
{
    if (c->scheduled)
        return;
    c->scheduled = true;
    atomic_fetch_add(&c->refs, 1); /* the queue's reference */
    struct http_ws *ws = c->ws;
    pthread_mutex_lock(&ws->qlock);
    c->qnext = NULL;
    if (ws->qtail != NULL)
        ws->qtail->qnext = c;
    else
        ws->qhead = c;
    ws->qtail = c;
    pthread_cond_signal(&ws->qcond);
    pthread_mutex_unlock(&ws->qlock);
}

/* Appends a job and schedules c. Caller holds c->lock. */
static void
push_locked(struct ws_client *c, struct job *j)
{
    j->next = NULL;
    if (c->tail != NULL)
        c->tail->next = j;
    else
        c->head = j;
    c->tail = j;
    if (j->kind == JOB_MESSAGE)
        c->pending_messages++;
    else if (j->kind == JOB_EVENT)
        c->pending_events++;
    schedule_locked(c);
}

static struct job *
job_new(enum job_kind kind, size_t text_len)
{
    struct job *j = calloc(1, sizeof(*j) + text_len + 1);
    if (j != NULL)
        j->kind = kind;
    return j;
}

/* Queues a job without payload (returns false when out of memory). Caller holds c->lock. */
static bool
push_simple_locked(struct ws_client *c, enum job_kind kind, uint64_t generation)
{
    struct job *j = job_new(kind, 0);
    if (j == NULL)
        return false;
    j->generation = generation;
    push_locked(c, j);
    return true;
}

/* Writes one text message. Returns 0, or -1 when the socket is closed or closing. */
static int
client_send(struct ws_client *c, const char *data, size_t len)
{
    int rc = -1;
    pthread_mutex_lock(&c->lock);
    if (c->conn != NULL && !c->closing) {
        mg_lock_connection(c->conn);
        rc = mg_websocket_write(c->conn, MG_WEBSOCKET_OPCODE_TEXT, data, len) > 0 ? 0 : -1;
        mg_unlock_connection(c->conn);
    }
    pthread_mutex_unlock(&c->lock);
    return rc;
}

/* Sends a close frame (once); the socket ends when the client answers it. Caller holds lock. */
static void
close_locked(struct ws_client *c, int code, const char *reason)
{
    if (c->conn == NULL || c->closing)
        return;
    char payload[125];
    size_t n = http_ws_close_payload(code, reason, payload);
    mg_lock_connection(c->conn);
    mg_websocket_write(c->conn, MG_WEBSOCKET_OPCODE_CONNECTION_CLOSE, payload, n);
    mg_unlock_connection(c->conn);
    c->closing = true;
    c->close_code = code;
}

static void
client_close(struct ws_client *c, int code, const char *reason)
{
    pthread_mutex_lock(&c->lock);
    close_locked(c, code, reason);
    pthread_mutex_unlock(&c->lock);
}

static bool
client_closing(struct ws_client *c)
{
    pthread_mutex_lock(&c->lock);
    bool closing = c->closing || c->conn == NULL;
    pthread_mutex_unlock(&c->lock);
    return closing;
}

/*---------------------------------------------------------------------------------------------
 * Server messages
 *-------------------------------------------------------------------------------------------*/

static void
put_id(struct strbuf *out, const char *id)
{
    strbuf_puts(out, "{\"id\":");
    strbuf_append_json_string(out, id, strlen(id));
}

/* {"id":id,"type":"error","payload":[{"message":message,"extensions":{"code":code}}]} */
static void
send_error(
    struct ws_client *c, struct strbuf *out, const char *id, const char *code, const char *message)
{
    strbuf_reset(out);
    put_id(out, id);
    strbuf_puts(out, ",\"type\":\"error\",\"payload\":[{\"message\":");
    strbuf_append_json_string(out, message, strlen(message));
    strbuf_puts(out, ",\"extensions\":{\"code\":");
    strbuf_append_json_string(out, code, strlen(code));
    strbuf_puts(out, "}}]}");
    client_send(c, out->data, out->len);
}

static void
send_error_code(struct ws_client *c, struct strbuf *out, const char *id, int err)
{
    send_error(c, out, id, wallet_err_code(err), wallet_err_message(err));
}

static void
send_error_list(struct ws_client *c,
                struct strbuf *out,
                const char *id,
                const struct gql_error_list *errors)
{
    strbuf_reset(out);
    put_id(out, id);
    strbuf_puts(out, ",\"type\":\"error\",\"payload\":");
    gql_errors_to_json(errors, out);
    strbuf_putc(out, '}');
    client_send(c, out->data, out->len);
}

static void
send_complete(struct ws_client *c, struct strbuf *out, const char *id)
{
    strbuf_reset(out);
    put_id(out, id);
    strbuf_puts(out, ",\"type\":\"complete\"}");
    client_send(c, out->data, out->len);
}

/* Starts a next message in out; the ExecutionResult and "}" follow. */
static void
begin_next(struct strbuf *out, const char *id)
{
    put_id(out, id);
    strbuf_puts(out, ",\"type\":\"next\",\"payload\":");
}

/*---------------------------------------------------------------------------------------------
 * Subscriptions
 *-------------------------------------------------------------------------------------------*/

static void
sub_free(struct ws_sub *s, struct http_ws *ws)
{
    if (s->entry != NULL)
        gql_doc_cache_release(ws->srv->cache, s->entry);
    arena_free(&s->arena);
    free(s->id);
    free(s);
}

static struct ws_sub *
find_sub(struct ws_client *c, const char *id)
{
    for (struct ws_sub *s = c->subs; s != NULL; s = s->next)
        if (strcmp(s->id, id) == 0)
            return s;
    return NULL;
}

/* Unlinks s, gives its registration back (db may be NULL) and frees it. */
static void
end_sub(struct ws_client *c, struct ws_sub *s, struct db_conn *db)
{
    for (struct ws_sub **p = &c->subs; *p != NULL; p = &(*p)->next) {
        if (*p == s) {
            *p = s->next;
            break;
        }
    }
    c->nsubs--;
    atomic_fetch_sub(&c->ledger_subs, 1);
    atomic_fetch_sub(&c->ws->subscriptions, 1);
    if (c->ws->notify != NULL)
        app_notify_unsubscribe(c->ws->notify, db, (int64_t)atomic_load(&c->user_id));
    sub_free(s, c->ws);
}

/*
 * Ends the subscriptions matching (all, or those registered before generation) with an
 * error message each (code, message), or silently when message is NULL.
 */
static void
end_subs(struct ws_client *c,
         const struct app_services *svc,
         struct arena *scratch,
         struct strbuf *out,
         bool all,
         uint64_t generation,
         const char *code,
         const char *message)
{
    if (c->subs == NULL)
        return;
    /* A connection for the unregistrations; without one, the rows are left to cleanup. */
    struct app_request r;
    app_request_init(&r, svc, scratch, NULL, c->ip);
    struct db_conn *db = NULL;
    if (app_request_db(&r, &db) < 0)
        db = NULL;
    struct ws_sub *s = c->subs;
    while (s != NULL) {
        struct ws_sub *next = s->next;
        if (all || s->generation < generation) {
            if (message != NULL)
                send_error(c, out, s->id, code, message);
            end_sub(c, s, db);
        }
        s = next;
    }
    app_request_finish(&r);
}

/*---------------------------------------------------------------------------------------------
 * Jobs
 *-------------------------------------------------------------------------------------------*/

/* The per-operation context: a request with the socket's user, checked again now. */
struct op_ctx {
    struct app_request r;
    char request_id[33];
};

/*
 * Authenticates the socket's token again (it may have expired or been revoked since the
 * connection_init). Returns 0 when good; otherwise closes the socket (4403) or returns the
 * contract error (database trouble) for the caller to report.
 */
static int
reauthenticate(struct ws_client *c, struct op_ctx *o, struct arena *scratch)
{
    http_request_id_generate(o->request_id);
    app_request_init(&o->r, c->ws->srv->svc, scratch, o->request_id, c->ip);
    int rc = app_authenticate(&o->r, c->authorization);
    if (rc == 0 && o->r.authenticated && o->r.user.id == (int64_t)atomic_load(&c->user_id))
        return 0;
    app_request_finish(&o->r);
    if (rc == 0 || rc == -WALLET_EUNAUTHENTICATED) {
        log_info("websocket token no longer valid: closing",
                 LOG_INT("connection", (int64_t)c->serial),
                 LOG_INT("userId", (int64_t)atomic_load(&c->user_id)));
        client_close(c, HTTP_WS_CLOSE_FORBIDDEN, "Forbidden");
        return -WALLET_EUNAUTHENTICATED;
    }
    return rc;
}

static void
on_connection_init(struct ws_client *c,
                   const struct http_ws_message *m,
                   struct arena *scratch,
                   struct strbuf *out)
{
    if (c->init_received) {
        client_close(c, HTTP_WS_CLOSE_TOO_MANY_INITS, "Too many initialisation requests");
        return;
    }
    c->init_received = true;
    if (m->authorization == NULL) {
        client_close(c, HTTP_WS_CLOSE_FORBIDDEN, "Forbidden");
        return;
    }
    struct op_ctx o;
    http_request_id_generate(o.request_id);
    app_request_init(&o.r, c->ws->srv->svc, scratch, o.request_id, c->ip);
    int rc = app_authenticate(&o.r, m->authorization);
    app_request_finish(&o.r);
    if (rc == -WALLET_EUNAUTHENTICATED || (rc == 0 && !o.r.authenticated)) {
        log_info("websocket connection_init refused",
                 LOG_INT("connection", (int64_t)c->serial),
                 LOG_STR("clientIp", c->ip));
        client_close(c, HTTP_WS_CLOSE_FORBIDDEN, "Forbidden");
        return;
    }
    if (rc < 0) {
        client_close(c, HTTP_WS_CLOSE_INTERNAL, wallet_err_message(rc));
        return;
    }
    c->authorization = strdup(m->authorization);
    if (c->authorization == NULL) {
        client_close(c, HTTP_WS_CLOSE_INTERNAL, "Internal server error");
        return;
    }
    c->acked = true;
    atomic_store(&c->user_id, (long long)o.r.user.id);
    log_info("websocket acknowledged",
             LOG_INT("connection", (int64_t)c->serial),
             LOG_INT("userId", o.r.user.id));
    strbuf_reset(out);
    strbuf_puts(out, "{\"type\":\"connection_ack\"}");
    client_send(c, out->data, out->len);
}

static void
on_ping(struct ws_client *c, const struct http_ws_message *m, struct strbuf *out)
{
    strbuf_reset(out);
    strbuf_puts(out, "{\"type\":\"pong\"");
    if (m->payload != NULL) {
        char *p = json_dumps(m->payload, JSON_COMPACT);
        if (p != NULL) {
            strbuf_puts(out, ",\"payload\":");
            strbuf_puts(out, p);
            free(p);
        }
    }
    strbuf_putc(out, '}');
    client_send(c, out->data, out->len);
}

static void
log_operation(struct ws_client *c, const char *kind, const char *name, const char *result)
{
    log_info("websocket operation",
             LOG_INT("connection", (int64_t)c->serial),
             LOG_INT("userId", (int64_t)atomic_load(&c->user_id)),
             LOG_STR("operationType", kind),
             LOG_STR("operationName", name),
             LOG_STR("result", result));
}

/* A query: one next, then complete. */
static void
run_query(struct ws_client *c,
          struct op_ctx *o,
          const char *id,
          const struct gql_document *doc,
          const char *operation_name,
          const struct gql_val *variables,
          struct strbuf *out)
{
    struct http_server *srv = c->ws->srv;
    strbuf_reset(out);
    begin_next(out, id);
    struct gql_execute_params p = {
        .schema = srv->schema,
        .document = doc,
        .operation_name = operation_name,
        .variables = variables,
        .context = &o->r,
        .arena = o->r.arena,
        .flags = (srv->settings.introspection ? 0u : GQL_EXECUTE_NO_INTROSPECTION) |
                 GQL_EXECUTE_NO_MUTATION,
        .request_id = o->request_id,
    };
    int rc = gql_execute(&p, out, NULL);
    app_request_finish(&o->r);
    if (rc == GQL_EXECUTE_INVALID_PARAMS) {
        send_error_code(c, out, id, WALLET_EINTERNAL_SERVER_ERROR);
        return;
    }
    strbuf_putc(out, '}');
    if (client_send(c, out->data, out->len) == 0)
        send_complete(c, out, id);
}

/* Starts a subscription whose document and variables passed every check. */
static void
start_subscription(struct ws_client *c,
                   struct op_ctx *o,
                   const char *id,
                   const struct gql_operation_definition *op,
                   struct gql_doc_entry **entry,
                   const struct gql_document *doc,
                   const struct http_ws_message *m,
                   struct strbuf *out)
{
    struct http_ws *ws = c->ws;
    struct http_server *srv = ws->srv;
    const char *label =
        op->name.value != NULL ? arena_strndup(o->r.arena, op->name.value, op->name.len) : NULL;
    if (c->nsubs >= HTTP_WS_MAX_SUBSCRIPTIONS) {
        char msg[96];
        snprintf(msg,
                 sizeof(msg),
                 "Too many active subscriptions on this connection (at most %d)",
                 HTTP_WS_MAX_SUBSCRIPTIONS);
        send_error(c, out, id, "RATE_LIMITED", msg);
        log_operation(c, "subscription", label, "refused: too many");
        return;
    }

    struct ws_sub *s = calloc(1, sizeof(*s));
    if (s == NULL || (s->id = strdup(id)) == NULL) {
        free(s);
        send_error_code(c, out, id, WALLET_EINTERNAL_SERVER_ERROR);
        return;
    }
    arena_init(&s->arena, 4096);
    s->doc = doc;
    if (m->operation_name != NULL)
        s->operation_name = arena_strdup(&s->arena, m->operation_name);
    if (label != NULL)
        s->label = arena_strdup(&s->arena, label);
    if (m->variables != NULL) {
        struct gql_val *v = arena_alloc(&s->arena, sizeof(*v));
        if (http_json_to_val(&s->arena, m->variables, v) < 0) {
            sub_free(s, ws);
            send_error(
                c, out, id, "BAD_USER_INPUT", "The \"variables\" parameter is nested too deeply");
            return;
        }
        s->variables = v;
    }

    /* CreateSourceEventStream: the root field and its arguments; failures are a result. */
    struct gql_execute_params p = {
        .schema = srv->schema,
        .document = doc,
        .operation_name = s->operation_name,
        .variables = s->variables,
        .arena = o->r.arena,
        .request_id = o->request_id,
    };
    struct gql_subscription_source src;
    strbuf_reset(out);
    begin_next(out, id);
    int rc = gql_subscription_source(&p, &src, out);
    if (rc != GQL_EXECUTE_OK) {
        sub_free(s, ws);
        if (rc == GQL_EXECUTE_INVALID_PARAMS) {
            send_error_code(c, out, id, WALLET_EINTERNAL_SERVER_ERROR);
            return;
        }
        strbuf_putc(out, '}');
        if (client_send(c, out->data, out->len) == 0)
            send_complete(c, out, id);
        log_operation(c, "subscription", label, "request error");
        return;
    }
    if (strcmp(src.field_name, "ledger") != 0) { /* the schema has no other root field */
        sub_free(s, ws);
        send_error_code(c, out, id, WALLET_EINTERNAL_SERVER_ERROR);
        return;
    }

    /*
     * Register before the subscription counts as started: every transaction that begins
     * after this commits will announce this user's lines. The count goes up first, so a
     * listener loss either finds it (and queues a GAP) or moves the generation we check.
     */
    atomic_fetch_add(&c->ledger_subs, 1);
    atomic_fetch_add(&ws->subscriptions, 1);
    struct db_conn *db = NULL;
    rc = app_request_db(&o->r, &db);
    if (rc == 0 && ws->notify != NULL)
        rc = app_notify_subscribe(ws->notify, db, o->r.user.id, &s->generation);
    else if (rc == 0)
        rc = -WALLET_ESERVICE_UNAVAILABLE;
    if (rc < 0) {
        atomic_fetch_sub(&c->ledger_subs, 1);
        atomic_fetch_sub(&ws->subscriptions, 1);
        sub_free(s, ws);
        send_error(c,
                   out,
                   id,
                   "SERVICE_UNAVAILABLE",
                   "Subscriptions are unavailable: the database cannot be reached");
        log_operation(c, "subscription", label, "refused: database unavailable");
        return;
    }
    s->entry = *entry; /* the subscription keeps the document */
    *entry = NULL;
    s->next = c->subs;
    c->subs = s;
    c->nsubs++;
    if (app_notify_generation(ws->notify) != s->generation) {
        send_error(c,
                   out,
                   id,
                   "SERVICE_UNAVAILABLE",
                   "Subscriptions are unavailable: the database cannot be reached");
        end_sub(c, s, db);
        log_operation(c, "subscription", label, "refused: database unavailable");
        return;
    }
    log_operation(c, "subscription", label, "started");
}

static void
on_subscribe(struct ws_client *c,
             const struct http_ws_message *m,
             struct arena *scratch,
             struct strbuf *out)
{
    struct http_server *srv = c->ws->srv;
    if (!c->acked) {
        client_close(c, HTTP_WS_CLOSE_UNAUTHORIZED, "Unauthorized");
        return;
    }
    const char *id = m->id;
    if (find_sub(c, id) != NULL) {
        char reason[160];
        snprintf(reason, sizeof(reason), "Subscriber for %s already exists", id);
        client_close(c,
                     HTTP_WS_CLOSE_SUBSCRIBER_EXISTS,
                     strlen(reason) <= 123 ? reason : "Subscriber already exists");
        return;
    }

    struct op_ctx o;
    http_request_id_generate(o.request_id);
    app_request_init(&o.r, srv->svc, scratch, o.request_id, c->ip);
    int retry = 0;
    if (app_request_rate_limit(&o.r, APP_RL_REQUEST, 1, &retry) < 0) {
        send_error_code(c, out, id, WALLET_ERATE_LIMITED);
        return;
    }
    int rc = reauthenticate(c, &o, scratch);
    if (rc == -WALLET_EUNAUTHENTICATED)
        return;
    if (rc < 0) {
        send_error_code(c, out, id, rc);
        return;
    }
    log_set_request_id(o.request_id);

    /* The document: text limit, then parse + limits + validation through the shared cache. */
    struct gql_error_list errors;
    gql_error_list_init(&errors, scratch, m->query, m->query_len);
    struct gql_limits limits = GQL_LIMITS_CONTRACT;
    const struct gql_document *doc = NULL;
    struct gql_doc_entry *entry = NULL;
    if (gql_check_text_limit(m->query_len, &limits, &errors) != 0 ||
        gql_doc_cache_get(srv->cache, m->query, m->query_len, &doc, &entry, &errors) < 0) {
        app_request_finish(&o.r);
        send_error_list(c, out, id, &errors);
        log_operation(c, NULL, NULL, "invalid document");
        goto out;
    }
    const struct gql_operation_definition *op = NULL;
    const char *message = NULL;
    if (gql_get_operation(doc, m->operation_name, scratch, &op, &message) < 0) {
        app_request_finish(&o.r);
        send_error(c, out, id, "BAD_USER_INPUT", message);
        goto out;
    }
    const char *name = op->name.value ? arena_strndup(scratch, op->name.value, op->name.len) : NULL;
    if (op->operation == GQL_OP_MUTATION) {
        app_request_finish(&o.r);
        send_error(c,
                   out,
                   id,
                   "BAD_USER_INPUT",
                   "Mutations are not served over WebSocket: send them with POST /graphql");
        log_operation(c, "mutation", name, "refused");
        goto out;
    }
    if (op->operation == GQL_OP_QUERY) {
        const struct gql_val *vars = NULL;
        if (m->variables != NULL) {
            struct gql_val *v = arena_alloc(scratch, sizeof(*v));
            if (http_json_to_val(scratch, m->variables, v) < 0) {
                app_request_finish(&o.r);
                send_error(c,
                           out,
                           id,
                           "BAD_USER_INPUT",
                           "The \"variables\" parameter is nested too deeply");
                goto out;
            }
            vars = v;
        }
        run_query(c, &o, id, doc, m->operation_name, vars, out);
        log_operation(c, "query", name, "completed");
        goto out;
    }
    start_subscription(c, &o, id, op, &entry, doc, m, out);
    app_request_finish(&o.r);
out:
    gql_doc_cache_release(srv->cache, entry);
    log_set_request_id(NULL);
}

static void
on_complete(struct ws_client *c, const struct http_ws_message *m, struct arena *scratch)
{
    struct ws_sub *s = find_sub(c, m->id);
    if (s == NULL)
        return; /* unknown or finished ids are ignored (PROTOCOL.md) */
    struct app_request r;
    app_request_init(&r, c->ws->srv->svc, scratch, NULL, c->ip);
    struct db_conn *db = NULL;
    if (app_request_db(&r, &db) < 0)
        db = NULL;
    log_operation(c, "subscription", s->label, "completed by the client");
    end_sub(c, s, db);
    app_request_finish(&r);
}

static void
run_message(struct ws_client *c, struct job *j, struct arena *scratch, struct strbuf *out)
{
    if (client_closing(c))
        return;
    json_t *root = NULL;
    struct http_ws_message m;
    const char *why = NULL;
    if (http_ws_parse_message(j->text, j->len, &root, &m, &why) < 0) {
        client_close(c, HTTP_WS_CLOSE_BAD_REQUEST, why);
        return;
    }
    switch (m.type) {
    case HTTP_WS_MSG_CONNECTION_INIT:
        on_connection_init(c, &m, scratch, out);
        break;
    case HTTP_WS_MSG_PING:
        on_ping(c, &m, out);
        break;
    case HTTP_WS_MSG_PONG:
        break;
    case HTTP_WS_MSG_SUBSCRIBE:
        on_subscribe(c, &m, scratch, out);
        break;
    case HTTP_WS_MSG_COMPLETE:
        on_complete(c, &m, scratch);
        break;
    case HTTP_WS_MSG_SERVER_ONLY: {
        char reason[96];
        snprintf(reason, sizeof(reason), "Unexpected message of type %.40s received", m.type_name);
        client_close(c, HTTP_WS_CLOSE_BAD_REQUEST, reason);
        break;
    }
    }
    json_decref(root);
}

/* One committed ledger line of this socket's user: a next for every ledger subscription. */
static void
run_event(struct ws_client *c,
          const struct app_notify_event *ev,
          struct arena *scratch,
          struct strbuf *out)
{
    if (c->subs == NULL || !c->acked || client_closing(c))
        return;
    struct http_ws *ws = c->ws;
    struct http_server *srv = ws->srv;
    struct op_ctx o;
    int rc = reauthenticate(c, &o, scratch);
    if (rc == -WALLET_EUNAUTHENTICATED)
        return;
    log_set_request_id(o.request_id);
    struct gql_val event = {0};
    if (rc == 0)
        rc = ev->user_id == o.r.user.id ? res_ledger_event(&o.r, ev->entry_id, &event) : 1;
    if (rc == 1) { /* not a line of this user's accounts: nothing to say */
        app_request_finish(&o.r);
        log_set_request_id(NULL);
        return;
    }
    if (rc < 0) {
        app_request_finish(&o.r);
        end_subs(c,
                 srv->svc,
                 scratch,
                 out,
                 true,
                 0,
                 "SERVICE_UNAVAILABLE",
                 "A ledger event could not be delivered; subscribe again");
        log_set_request_id(NULL);
        return;
    }

    /* Execute every subscription first, then write: no pooled connection during writes. */
    size_t n = c->nsubs, k = 0;
    char **msgs = arena_calloc(scratch, n ? n : 1, sizeof(*msgs));
    size_t *lens = arena_calloc(scratch, n ? n : 1, sizeof(*lens));
    for (struct ws_sub *s = c->subs; s != NULL && k < n; s = s->next, k++) {
        strbuf_reset(out);
        begin_next(out, s->id);
        struct gql_execute_params p = {
            .schema = srv->schema,
            .document = s->doc,
            .operation_name = s->operation_name,
            .variables = s->variables,
            .root_value = &event,
            .context = &o.r,
            .arena = scratch,
            .flags = srv->settings.introspection ? 0u : GQL_EXECUTE_NO_INTROSPECTION,
            .request_id = o.request_id,
        };
        if (gql_execute(&p, out, NULL) == GQL_EXECUTE_INVALID_PARAMS) {
            msgs[k] = NULL;
            continue;
        }
        strbuf_putc(out, '}');
        msgs[k] = arena_strndup(scratch, out->data, out->len);
        lens[k] = out->len;
    }
    app_request_finish(&o.r);
    for (size_t i = 0; i < k; i++) {
        if (msgs[i] != NULL && client_send(c, msgs[i], lens[i]) == 0)
            atomic_fetch_add(&ws->events_delivered, 1);
    }
    log_set_request_id(NULL);
}

static void
run_closed(struct ws_client *c, struct arena *scratch, struct strbuf *out)
{
    unsigned nsubs = c->nsubs;
    end_subs(c, c->ws->srv->svc, scratch, out, true, 0, NULL, NULL);
    pthread_mutex_lock(&c->lock);
    int code = c->close_code;
    pthread_mutex_unlock(&c->lock);
    log_info("websocket closed",
             LOG_INT("connection", (int64_t)c->serial),
             LOG_INT("userId", (int64_t)atomic_load(&c->user_id)),
             LOG_INT("serverCloseCode", code),
             LOG_INT("subscriptionsEnded", nsubs),
             LOG_DOUBLE("durationMs", (double)(now_ms() - c->opened_ms)));
}

static void
run_job(struct ws_client *c, struct job *j, struct arena *scratch, struct strbuf *out)
{
    const struct app_services *svc = c->ws->srv->svc;
    switch (j->kind) {
    case JOB_MESSAGE:
        run_message(c, j, scratch, out);
        break;
    case JOB_EVENT:
        run_event(c, &j->ev, scratch, out);
        break;
    case JOB_GAP:
        end_subs(c,
                 svc,
                 scratch,
                 out,
                 false,
                 j->generation,
                 "SERVICE_UNAVAILABLE",
                 "Ledger events may have been missed while the database was unreachable; "
                 "subscribe again");
        break;
    case JOB_LAGGED:
        pthread_mutex_lock(&c->lock);
        c->events_dropped = false;
        pthread_mutex_unlock(&c->lock);
        end_subs(c,
                 svc,
                 scratch,
                 out,
                 true,
                 0,
                 "SERVICE_UNAVAILABLE",
                 "The subscription fell behind and ledger events were dropped; subscribe again");
        break;
    case JOB_INIT_TIMEOUT:
        if (!c->init_received)
            client_close(c, HTTP_WS_CLOSE_INIT_TIMEOUT, "Connection initialisation timeout");
        break;
    case JOB_CLOSED:
        run_closed(c, scratch, out);
        break;
    }
}

/*---------------------------------------------------------------------------------------------
 * Workers and the init timer
 *-------------------------------------------------------------------------------------------*/

static void *
worker_main(void *arg)
{
    struct http_ws *ws = arg;
    struct arena scratch;
    arena_init(&scratch, 64 * 1024);
    struct strbuf out;
    strbuf_init(&out);
    for (;;) {
        pthread_mutex_lock(&ws->qlock);
        while (!ws->stopping && ws->qhead == NULL)
            pthread_cond_wait(&ws->qcond, &ws->qlock);
        if (ws->stopping) {
            pthread_mutex_unlock(&ws->qlock);
            break;
        }
        struct ws_client *c = ws->qhead;
        ws->qhead = c->qnext;
        if (ws->qhead == NULL)
            ws->qtail = NULL;
        c->qnext = NULL;
        pthread_mutex_unlock(&ws->qlock);

        /* The queue's reference is now ours. */
        pthread_mutex_lock(&c->lock);
        struct job *j = c->head;
        if (j != NULL) {
            c->head = j->next;
            if (c->head == NULL)
                c->tail = NULL;
            if (j->kind == JOB_MESSAGE)
                c->pending_messages--;
            else if (j->kind == JOB_EVENT)
                c->pending_events--;
        }
        pthread_mutex_unlock(&c->lock);
        if (j != NULL) {
            run_job(c, j, &scratch, &out);
            free(j);
            arena_reset(&scratch);
            if (out.cap > 1024 * 1024)
                strbuf_free(&out);
            else
                strbuf_reset(&out);
        }

        pthread_mutex_lock(&c->lock);
        if (c->head != NULL) {
            /* More work: back to the end of the queue, with our reference. */
            pthread_mutex_lock(&ws->qlock);
            if (ws->qtail != NULL)
                ws->qtail->qnext = c;
            else
                ws->qhead = c;
            ws->qtail = c;
            pthread_cond_signal(&ws->qcond);
            pthread_mutex_unlock(&ws->qlock);
            pthread_mutex_unlock(&c->lock);
            continue;
        }
        c->scheduled = false;
        pthread_mutex_unlock(&c->lock);
        client_unref(c);
    }
    arena_free(&scratch);
    strbuf_free(&out);
    return NULL;
}

static void *
timer_main(void *arg)
{
    struct http_ws *ws = arg;
    pthread_mutex_lock(&ws->tlock);
    while (!ws->timer_stop) {
        struct timespec ts;
        clock_gettime(CLOCK_MONOTONIC, &ts);
        ts.tv_nsec += TIMER_TICK_MS * 1000000L;
        if (ts.tv_nsec >= 1000000000L) {
            ts.tv_sec++;
            ts.tv_nsec -= 1000000000L;
        }
        pthread_cond_timedwait(&ws->tcond, &ws->tlock, &ts);
        if (ws->timer_stop)
            break;
        pthread_mutex_unlock(&ws->tlock);

        int64_t now = now_ms();
        pthread_mutex_lock(&ws->lock);
        for (struct ws_client *c = ws->clients; c != NULL; c = c->next) {
            if (now - c->opened_ms < HTTP_WS_INIT_TIMEOUT_MS || atomic_load(&c->user_id) != 0)
                continue;
            pthread_mutex_lock(&c->lock);
            if (!c->timeout_queued && c->conn != NULL && !c->closing)
                c->timeout_queued = push_simple_locked(c, JOB_INIT_TIMEOUT, 0);
            pthread_mutex_unlock(&c->lock);
        }
        pthread_mutex_unlock(&ws->lock);
        pthread_mutex_lock(&ws->tlock);
    }
    pthread_mutex_unlock(&ws->tlock);
    return NULL;
}

/*---------------------------------------------------------------------------------------------
 * The listener's callbacks (listener thread)
 *-------------------------------------------------------------------------------------------*/

static void
on_event(const struct app_notify_event *ev, void *userdata)
{
    struct http_ws *ws = userdata;
    pthread_mutex_lock(&ws->lock);
    for (struct ws_client *c = ws->clients; c != NULL; c = c->next) {
        if (atomic_load(&c->ledger_subs) <= 0 || atomic_load(&c->user_id) != ev->user_id)
            continue;
        pthread_mutex_lock(&c->lock);
        if (c->conn != NULL && !c->closing) {
            struct job *j = NULL;
            if (c->pending_events < HTTP_WS_MAX_PENDING_EVENTS &&
                (j = job_new(JOB_EVENT, 0)) != NULL) {
                j->ev = *ev;
                push_locked(c, j);
            } else if (!c->events_dropped) {
                /* Too far behind: the subscriptions end with an error after what is queued. */
                c->events_dropped = push_simple_locked(c, JOB_LAGGED, 0);
            }
        }
        pthread_mutex_unlock(&c->lock);
    }
    pthread_mutex_unlock(&ws->lock);
}

static void
on_listening(bool listening, uint64_t generation, void *userdata)
{
    struct http_ws *ws = userdata;
    if (listening)
        return;
    /* Commits from now until the listener is back are not seen: end the subscriptions. */
    pthread_mutex_lock(&ws->lock);
    for (struct ws_client *c = ws->clients; c != NULL; c = c->next) {
        if (atomic_load(&c->ledger_subs) <= 0)
            continue;
        pthread_mutex_lock(&c->lock);
        if (c->conn != NULL)
            push_simple_locked(c, JOB_GAP, generation);
        pthread_mutex_unlock(&c->lock);
    }
    pthread_mutex_unlock(&ws->lock);
}

/*---------------------------------------------------------------------------------------------
 * civetweb's handlers (the socket's civetweb thread: small stack, no database)
 *-------------------------------------------------------------------------------------------*/

/* Refuses the handshake with an HTTP error (our headers, a GraphQL-shaped body, a log line). */
static int
refuse_handshake(struct http_ws *ws,
                 struct mg_connection *conn,
                 int status,
                 const char *code,
                 const char *message,
                 const char *retry_after)
{
    struct http_worker *w = mg_get_thread_pointer(conn);
    if (w == NULL)
        return 1;
    struct http_exchange ex;
    http_exchange_init(&ex, conn, ws->srv, w);
    ex.route = "websocket";
    ex.raw = true; /* civetweb's header calls refuse a WebSocket request: write the head */
    if (retry_after != NULL)
        http_add_header(&ex, "Retry-After", retry_after);
    ex.status = http_send_error(&ex, status, HTTP_MEDIA_JSON, code, message);
    http_count(&ex, status);
    http_log_request(&ex);
    arena_reset(&w->arena);
    strbuf_reset(&w->out);
    return 1;
}

/* Whether origin ("http://host:port") names the host the request was sent to (Host). */
static bool
same_origin(const char *origin, const char *host)
{
    if (host == NULL)
        return false;
    if (strncasecmp(origin, "http://", 7) == 0)
        origin += 7;
    else if (strncasecmp(origin, "https://", 8) == 0)
        origin += 8;
    else
        return false;
    return strcasecmp(origin, host) == 0;
}

static int
ws_connect(const struct mg_connection *cconn, void *cbdata)
{
    struct http_ws *ws = cbdata;
    struct mg_connection *conn = (struct mg_connection *)cconn; /* civetweb's own is mutable */
    struct http_server *srv = ws->srv;
    const char *uri = mg_get_request_info(conn)->local_uri;
    if (uri == NULL || strcmp(uri, "/graphql") != 0)
        return refuse_handshake(ws, conn, 404, "NOT_FOUND", "No WebSocket endpoint here", NULL);
    if (atomic_load(&ws->refusing) || atomic_load(&srv->shutting_down))
        return refuse_handshake(
            ws, conn, 503, "SERVICE_UNAVAILABLE", "The server is shutting down", NULL);

    /*
     * Browsers let any page open a WebSocket anywhere (no CORS). Tokens travel in
     * connection_init, never in cookies, so a foreign page gains nothing; still, in production
     * only the service's own pages and WALLET_CORS_ORIGINS may (clients without a browser send
     * no Origin). Development leaves it open for dev servers and proxies.
     */
    const char *origin = mg_get_header(conn, "Origin");
    if (srv->settings.production && origin != NULL &&
        !same_origin(origin, mg_get_header(conn, "Host")) &&
        !http_cors_origin_allowed(srv->cors_origins, origin))
        return refuse_handshake(ws, conn, 403, "FORBIDDEN", "Origin not allowed", NULL);

    const struct mg_request_info *ri = mg_get_request_info(conn);
    struct app_request r;
    app_request_init(&r, srv->svc, NULL, NULL, ri->remote_addr);
    int retry = 0;
    if (app_request_rate_limit(&r, APP_RL_REQUEST, 1, &retry) < 0) {
        atomic_fetch_add(&ws->refused_rate, 1);
        char value[16];
        snprintf(value, sizeof(value), "%d", retry > 0 ? retry : 1);
        return refuse_handshake(
            ws, conn, 429, "RATE_LIMITED", wallet_err_message(WALLET_ERATE_LIMITED), value);
    }
    pthread_mutex_lock(&ws->lock);
    bool full = ws->nclients >= ws->max_connections;
    pthread_mutex_unlock(&ws->lock);
    if (full) {
        atomic_fetch_add(&ws->refused_capacity, 1);
        return refuse_handshake(
            ws, conn, 503, "SERVICE_UNAVAILABLE", "Too many WebSocket connections", "5");
    }
    return 0;
}

static void
ws_ready(struct mg_connection *conn, void *cbdata)
{
    struct http_ws *ws = cbdata;
    const struct mg_request_info *ri = mg_get_request_info(conn);
    struct ws_client *c = calloc(1, sizeof(*c));
    if (c == NULL) {
        char payload[125];
        size_t n = http_ws_close_payload(HTTP_WS_CLOSE_INTERNAL, "Internal server error", payload);
        mg_websocket_write(conn, MG_WEBSOCKET_OPCODE_CONNECTION_CLOSE, payload, n);
        return;
    }
    c->ws = ws;
    atomic_init(&c->refs, 1); /* the connection's */
    atomic_init(&c->user_id, 0);
    atomic_init(&c->ledger_subs, 0);
    snprintf(c->ip, sizeof(c->ip), "%s", ri->remote_addr);
    c->opened_ms = now_ms();
    pthread_mutex_init(&c->lock, NULL);
    strbuf_init(&c->frag);
    c->conn = conn;
    mg_set_user_connection_data(conn, c);

    pthread_mutex_lock(&ws->lock);
    bool over = ws->nclients >= ws->max_connections || atomic_load(&ws->refusing);
    c->serial = ++ws->next_serial;
    if (!over) {
        c->linked = true;
        c->next = ws->clients;
        if (ws->clients != NULL)
            ws->clients->prev = c;
        ws->clients = c;
        ws->nclients++;
    }
    pthread_mutex_unlock(&ws->lock);
    atomic_fetch_add(&ws->connections_total, 1);

    const char *protocol = ri->acceptedWebSocketSubprotocol;
    log_info("websocket opened",
             LOG_INT("connection", (int64_t)c->serial),
             LOG_STR("clientIp", c->ip),
             LOG_STR("subprotocol", protocol));
    if (over) {
        atomic_fetch_add(&ws->refused_capacity, 1);
        client_close(c, HTTP_WS_CLOSE_TRY_AGAIN, "Too many WebSocket connections");
    } else if (protocol == NULL || strcmp(protocol, HTTP_WS_PROTOCOL) != 0) {
        client_close(c, HTTP_WS_CLOSE_SUBPROTOCOL, "Subprotocol not acceptable");
    }
}

/* Queues a complete message. Returns 1 to keep the socket, 0 to close it. */
static int
queue_message(struct ws_client *c, const char *data, size_t len)
{
    pthread_mutex_lock(&c->lock);
    if (c->pending_messages >= HTTP_WS_MAX_PENDING) {
        close_locked(c, HTTP_WS_CLOSE_POLICY, "Too many messages waiting");
        pthread_mutex_unlock(&c->lock);
        return 1; /* the client answers the close */
    }
    struct job *j = job_new(JOB_MESSAGE, len);
    if (j == NULL) {
        close_locked(c, HTTP_WS_CLOSE_INTERNAL, "Internal server error");
        pthread_mutex_unlock(&c->lock);
        return 1;
    }
    memcpy(j->text, data, len);
    j->text[len] = '\0';
    j->len = len;
    push_locked(c, j);
    pthread_mutex_unlock(&c->lock);
    return 1;
}

static int
ws_data(struct mg_connection *conn, int bits, char *data, size_t len, void *cbdata)
{
    (void)cbdata;
    struct ws_client *c = mg_get_user_connection_data(conn);
    if (c == NULL)
        return 0;
    int opcode = bits & 0x0f;
    bool fin = (bits & 0x80) != 0;

    pthread_mutex_lock(&c->lock);
    bool closing = c->closing;
    if (opcode == MG_WEBSOCKET_OPCODE_CONNECTION_CLOSE) {
        if (!closing) { /* answer the client's close with its code */
            mg_lock_connection(conn);
            mg_websocket_write(conn, MG_WEBSOCKET_OPCODE_CONNECTION_CLOSE, data, len >= 2 ? 2 : 0);
            mg_unlock_connection(conn);
            c->closing = true;
        }
        pthread_mutex_unlock(&c->lock);
        return 0;
    }
    if (closing) { /* we closed; anything but the answering close ends the socket */
        pthread_mutex_unlock(&c->lock);
        return 0;
    }
    if (opcode == MG_WEBSOCKET_OPCODE_PING) {
        mg_lock_connection(conn);
        mg_websocket_write(conn, MG_WEBSOCKET_OPCODE_PONG, data, len);
        mg_unlock_connection(conn);
        pthread_mutex_unlock(&c->lock);
        return 1;
    }
    pthread_mutex_unlock(&c->lock);
    if (opcode == MG_WEBSOCKET_OPCODE_PONG)
        return 1;

    if (opcode == MG_WEBSOCKET_OPCODE_BINARY ||
        (opcode == MG_WEBSOCKET_OPCODE_TEXT && c->in_fragment) ||
        (opcode == MG_WEBSOCKET_OPCODE_CONTINUATION && !c->in_fragment) ||
        (opcode != MG_WEBSOCKET_OPCODE_TEXT && opcode != MG_WEBSOCKET_OPCODE_CONTINUATION &&
         opcode != MG_WEBSOCKET_OPCODE_BINARY)) {
        client_close(c,
                     opcode == MG_WEBSOCKET_OPCODE_BINARY ? HTTP_WS_CLOSE_BAD_REQUEST
                                                          : HTTP_WS_CLOSE_PROTOCOL_ERROR,
                     opcode == MG_WEBSOCKET_OPCODE_BINARY ? "Invalid message received"
                                                          : "Unexpected frame");
        return 1;
    }
    size_t have = c->in_fragment ? c->frag.len : 0;
    if (have + len > HTTP_WS_MAX_MESSAGE) {
        strbuf_free(&c->frag);
        c->in_fragment = false;
        client_close(c, HTTP_WS_CLOSE_TOO_BIG, "Message too big");
        return 1;
    }
    if (fin && !c->in_fragment)
        return queue_message(c, data, len);
    if (!c->in_fragment) {
        strbuf_reset(&c->frag);
        c->in_fragment = true;
    }
    strbuf_append(&c->frag, data, len);
    if (!fin)
        return 1;
    c->in_fragment = false;
    int keep = queue_message(c, c->frag.data ? c->frag.data : "", c->frag.len);
    if (c->frag.cap > 64 * 1024)
        strbuf_free(&c->frag);
    else
        strbuf_reset(&c->frag);
    return keep;
}

static void
ws_close(const struct mg_connection *conn, void *cbdata)
{
    struct http_ws *ws = cbdata;
    struct ws_client *c = mg_get_user_connection_data(conn);
    if (c == NULL)
        return;
    mg_set_user_connection_data(conn, NULL);

    pthread_mutex_lock(&ws->lock);
    if (c->linked) {
        if (c->prev != NULL)
            c->prev->next = c->next;
        else
            ws->clients = c->next;
        if (c->next != NULL)
            c->next->prev = c->prev;
        c->linked = false;
        ws->nclients--;
    }
    pthread_mutex_unlock(&ws->lock);

    pthread_mutex_lock(&c->lock);
    c->conn = NULL;
    /* What is still queued is moot; the CLOSED job ends the subscriptions. */
    while (c->head != NULL) {
        struct job *j = c->head;
        c->head = j->next;
        free(j);
    }
    c->tail = NULL;
    c->pending_messages = c->pending_events = 0;
    c->events_dropped = false;
    if (!push_simple_locked(c, JOB_CLOSED, 0))
        log_warn("websocket closed without cleanup (out of memory)",
                 LOG_INT("connection", (int64_t)c->serial));
    pthread_mutex_unlock(&c->lock);
    client_unref(c);
}

/*---------------------------------------------------------------------------------------------
 * Start, stop, metrics
 *-------------------------------------------------------------------------------------------*/

static const char *ws_protocols[] = {HTTP_WS_PROTOCOL};
static struct mg_websocket_subprotocols ws_subprotocols = {1, ws_protocols};

static void
ws_destroy(struct http_ws *ws)
{
    pthread_mutex_destroy(&ws->lock);
    pthread_mutex_destroy(&ws->qlock);
    pthread_cond_destroy(&ws->qcond);
    pthread_mutex_destroy(&ws->tlock);
    pthread_cond_destroy(&ws->tcond);
    free(ws);
}

static void stop_threads(struct http_ws *ws);

struct http_ws *
http_ws_start(struct http_server *srv)
{
    struct http_ws *ws = calloc(1, sizeof(*ws));
    if (ws == NULL)
        return NULL;
    ws->srv = srv;
    unsigned threads = srv->settings.threads ? srv->settings.threads : 8;
    ws->max_connections = threads / 2 > 0 ? threads / 2 : 1;
    pthread_mutex_init(&ws->lock, NULL);
    pthread_mutex_init(&ws->qlock, NULL);
    pthread_cond_init(&ws->qcond, NULL);
    pthread_mutex_init(&ws->tlock, NULL);
    pthread_condattr_t ca;
    pthread_condattr_init(&ca);
    pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
    pthread_cond_init(&ws->tcond, &ca);
    pthread_condattr_destroy(&ca);
    atomic_init(&ws->refusing, false);
    atomic_init(&ws->subscriptions, 0);

    pthread_attr_t attr;
    pthread_attr_init(&attr);
    pthread_attr_setstacksize(&attr, WORKER_STACK);
    for (unsigned i = 0; i < HTTP_WS_WORKERS; i++) {
        if (pthread_create(&ws->workers[i], &attr, worker_main, ws) != 0)
            break;
        ws->nworkers++;
    }
    pthread_attr_destroy(&attr);
    ws->timer_started = pthread_create(&ws->timer, NULL, timer_main, ws) == 0;
    if (ws->nworkers == 0 || !ws->timer_started) {
        log_error("cannot start the WebSocket threads");
        stop_threads(ws);
        ws_destroy(ws);
        return NULL;
    }

    const struct wallet_config *cfg = srv->svc->config;
    if (cfg != NULL && cfg->database_url != NULL) {
        struct app_notify_config nc = {
            .conninfo = cfg->database_url,
            .cb = {.event = on_event, .listening = on_listening, .userdata = ws},
        };
        if (app_notify_start(&nc, &ws->notify) < 0)
            log_error("cannot start the ledger event listener: subscriptions are unavailable");
    } else {
        log_warn("no database URL in the configuration: subscriptions are unavailable");
    }

    return ws;
}

void
http_ws_attach(struct http_ws *ws, struct mg_context *ctx)
{
    /* Every path: ws_connect serves /graphql and answers 404 elsewhere (HTTP handlers cannot
     * answer an upgrade request: civetweb refuses their headers). */
    mg_set_websocket_handler_with_subprotocols(
        ctx, "**", &ws_subprotocols, ws_connect, ws_ready, ws_data, ws_close, ws);
}

/* Stops the timer and the workers (jobs left stay queued until http_ws_free). */
static void
stop_threads(struct http_ws *ws)
{
    if (ws->timer_started) {
        pthread_mutex_lock(&ws->tlock);
        ws->timer_stop = true;
        pthread_cond_signal(&ws->tcond);
        pthread_mutex_unlock(&ws->tlock);
        pthread_join(ws->timer, NULL);
        ws->timer_started = false;
    }
    pthread_mutex_lock(&ws->qlock);
    ws->stopping = true;
    pthread_cond_broadcast(&ws->qcond);
    pthread_mutex_unlock(&ws->qlock);
    for (unsigned i = 0; i < ws->nworkers; i++)
        pthread_join(ws->workers[i], NULL);
    ws->nworkers = 0;
}

void
http_ws_shutdown(struct http_ws *ws)
{
    if (ws == NULL)
        return;
    atomic_store(&ws->refusing, true);
    pthread_mutex_lock(&ws->lock);
    for (struct ws_client *c = ws->clients; c != NULL; c = c->next)
        client_close(c, HTTP_WS_CLOSE_GOING_AWAY, "Going away");
    pthread_mutex_unlock(&ws->lock);
    stop_threads(ws);
    pthread_mutex_lock(&ws->lock);
    struct app_notify *n = ws->notify;
    ws->notify = NULL;
    pthread_mutex_unlock(&ws->lock);
    app_notify_stop(n);
}

void
http_ws_free(struct http_ws *ws)
{
    if (ws == NULL)
        return;
    if (ws->nworkers > 0 || ws->timer_started || ws->notify != NULL)
        http_ws_shutdown(ws);
    /* Sockets still queued hold a reference each. */
    while (ws->qhead != NULL) {
        struct ws_client *c = ws->qhead;
        ws->qhead = c->qnext;
        client_unref(c);
    }
    ws->qtail = NULL;
    /* After mg_stop every close handler has run: no socket is left in the registry. */
    ws_destroy(ws);
}

void
http_ws_render_metrics(struct http_ws *ws, struct strbuf *out)
{
    if (ws == NULL)
        return;
    pthread_mutex_lock(&ws->lock);
    unsigned open = ws->nclients;
    struct app_notify_stats ns = {0};
    if (ws->notify != NULL)
        app_notify_get_stats(ws->notify, &ns);
    pthread_mutex_unlock(&ws->lock);
    strbuf_printf(out,
                  "# HELP wallet_ws_connections Open GraphQL WebSocket connections.\n"
                  "# TYPE wallet_ws_connections gauge\n"
                  "wallet_ws_connections %u\n"
                  "# HELP wallet_ws_connections_max WebSocket connections allowed at once.\n"
                  "# TYPE wallet_ws_connections_max gauge\n"
                  "wallet_ws_connections_max %u\n"
                  "# HELP wallet_ws_connections_total WebSocket connections accepted.\n"
                  "# TYPE wallet_ws_connections_total counter\n"
                  "wallet_ws_connections_total %llu\n"
                  "# HELP wallet_ws_refused_total WebSocket connections refused, by reason.\n"
                  "# TYPE wallet_ws_refused_total counter\n"
                  "wallet_ws_refused_total{reason=\"capacity\"} %llu\n"
                  "wallet_ws_refused_total{reason=\"rate_limited\"} %llu\n"
                  "# HELP wallet_ws_subscriptions Active GraphQL subscriptions.\n"
                  "# TYPE wallet_ws_subscriptions gauge\n"
                  "wallet_ws_subscriptions %u\n"
                  "# HELP wallet_ws_events_delivered_total Subscription results sent.\n"
                  "# TYPE wallet_ws_events_delivered_total counter\n"
                  "wallet_ws_events_delivered_total %llu\n"
                  "# HELP wallet_ledger_listener_up 1 while the ledger event listener LISTENs.\n"
                  "# TYPE wallet_ledger_listener_up gauge\n"
                  "wallet_ledger_listener_up %d\n"
                  "# HELP wallet_ledger_listener_losses_total Listener connections lost.\n"
                  "# TYPE wallet_ledger_listener_losses_total counter\n"
                  "wallet_ledger_listener_losses_total %" PRIu64 "\n"
                  "# HELP wallet_ledger_notifications_total Ledger notifications received.\n"
                  "# TYPE wallet_ledger_notifications_total counter\n"
                  "wallet_ledger_notifications_total %" PRIu64 "\n",
                  open,
                  ws->max_connections,
                  (unsigned long long)atomic_load(&ws->connections_total),
                  (unsigned long long)atomic_load(&ws->refused_capacity),
                  (unsigned long long)atomic_load(&ws->refused_rate),
                  atomic_load(&ws->subscriptions),
                  (unsigned long long)atomic_load(&ws->events_delivered),
                  ns.listening ? 1 : 0,
                  ns.losses,
                  ns.events);
}
