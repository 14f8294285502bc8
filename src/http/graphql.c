/*
 * POST and GET /graphql: the GraphQL over HTTP specification (media types, status codes,
 * request parameters) and contract §2-§3, one request at a time on a worker thread.
 *
 * The pipeline, in order; each step may answer and stop:
 *   method (OPTIONS preflight; anything but GET/POST: 405)
 *   → rate limit per client IP (429 + Retry-After, RATE_LIMITED)
 *   → request parameters: POST needs Content-Type application/json (415), a body of at most
 *     1 MiB read in a loop (413), well-formed UTF-8 JSON without NUL bytes or duplicate
 *     keys, an object (a batch array is refused), `query` a string, `variables` and
 *     `extensions` objects or null, `operationName` a string or null (400); GET reads the
 *     same from the query string
 *   → authentication (a bad Bearer token: 401 UNAUTHENTICATED, the whole request)
 *   → chaos mode (added latency; 503 SERVICE_UNAVAILABLE before anything takes effect)
 *   → the document: 100 KiB text limit, then the shared document cache (parse, complexity
 *     limits, validation), then operation selection; failures are request errors: 400 under
 *     application/graphql-response+json, 200 under application/json
 *   → a mutation over GET: 405 with Allow: POST
 *   → login attempts counted per root `login` field, aliases included (429)
 *   → execution with the request context; 503 if the database failed the request
 * Every answer carries the request id and security headers (response.c); /graphql answers
 * also Cache-Control: no-store. Nothing here logs the query text, variables or headers.
 */
#include "app/auth.h"
#include "core/errors.h"
#include "gql/doc_cache.h"
#include "gql/execute.h"
#include "gql/validate.h"
#include "http/json_value.h"
#include "internal.h"

#include <jansson.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

/* A body this much larger than the cap is not drained: the connection is closed instead. */
#define DRAIN_LIMIT (8u * 1024 * 1024)

/* The parameters of a GraphQL request, from the body or the query string. */
struct gql_request {
    const char *query; /* NUL-terminated, UTF-8 */
    size_t query_len;
    const char *operation_name;      /* NULL when absent or null */
    const struct gql_val *variables; /* NULL when absent or null */
    enum http_media media;
};

/* Answers a request error (parse, validation, operation selection) as the media type wants. */
static int
request_error_status(enum http_media media)
{
    return media == HTTP_MEDIA_GRAPHQL_RESPONSE ? 400 : 200;
}

static int
send_json(struct http_exchange *ex, int status, enum http_media media, const struct strbuf *body)
{
    return http_send(
        ex, status, HTTP_PAGE_API, http_media_content_type(media), body->data, body->len);
}

/* 400 with a GraphQL-shaped body: the request itself is malformed. */
static int
bad_request(struct http_exchange *ex, enum http_media media, const char *message)
{
    return http_send_error(ex, 400, media, "BAD_USER_INPUT", message);
}

static int
internal_error(struct http_exchange *ex, enum http_media media)
{
    return http_send_error(
        ex, 500, media, "INTERNAL_SERVER_ERROR", wallet_err_message(WALLET_EINTERNAL_SERVER_ERROR));
}

/*
 * Reads the body into worker->body, at most cap bytes. Returns 0, or the status already
 * answered (413, or -1 when the client went away: nothing is answered then).
 */
static int
read_body(struct http_exchange *ex, enum http_media media, size_t cap)
{
    struct strbuf *body = &ex->worker->body;
    strbuf_reset(body);
    long long declared = ex->ri->content_length;
    const char *expect = mg_get_header(ex->conn, "Expect");
    bool continue_expected = expect != NULL && strcasecmp(expect, "100-continue") == 0;

    if (declared > (long long)cap) {
        /*
         * Refuse before reading. civetweb drains a declared body after the handler unless
         * the connection closes; close when draining would be long or would wait for a body
         * the client holds back (Expect: 100-continue).
         */
        ex->close = continue_expected || declared > (long long)DRAIN_LIMIT;
        return http_send_error(
            ex, 413, media, "BAD_USER_INPUT", "Request body is larger than 1 MiB");
    }
    if (continue_expected) {
        mg_write(ex->conn, "HTTP/1.1 100 Continue\r\n\r\n", 25);
        ex->raw = true;
    }

    size_t total = 0;
    for (;;) {
        strbuf_reserve(body, 16384);
        size_t room = body->cap - body->len - 1;
        int n = mg_read(ex->conn, body->data + body->len, room);
        if (n < 0)
            return -1;
        if (n == 0)
            break;
        total += (size_t)n;
        if (total > cap) {
            /* Chunked (no length given): drain a little more, then give up on the rest. */
            strbuf_reset(body);
            char sink[16384];
            while (total <= DRAIN_LIMIT && (n = mg_read(ex->conn, sink, sizeof(sink))) > 0)
                total += (size_t)n;
            ex->close = total > DRAIN_LIMIT || n < 0;
            return http_send_error(
                ex, 413, media, "BAD_USER_INPUT", "Request body is larger than 1 MiB");
        }
        body->len += (size_t)n;
        body->data[body->len] = '\0';
    }
    return 0;
}

/* Checks a text parameter for NUL bytes and UTF-8; returns NULL or the 400 message. */
static const char *
check_text(const char *s, size_t len, const char *what)
{
    if (memchr(s, '\0', len) != NULL)
        return what[0] == 'b' ? "Request body contains a NUL byte"
                              : "Request parameter contains a NUL byte";
    if (!http_utf8_valid(s, len))
        return what[0] == 'b' ? "Request body is not valid UTF-8"
                              : "Request parameter is not valid UTF-8";
    return NULL;
}

/*
 * Fills req from a parsed JSON object (the POST body, or GET's decoded parameters).
 * Returns NULL or the 400 message.
 */
static const char *
params_from_json(struct http_exchange *ex, json_t *root, struct gql_request *req)
{
    struct arena *a = &ex->worker->arena;
    if (json_is_array(root))
        return "Batched requests are not supported: send one GraphQL request object";
    if (!json_is_object(root))
        return "The request body must be a JSON object";

    json_t *query = json_object_get(root, "query");
    if (query == NULL || json_is_null(query))
        return "Must provide query string.";
    if (!json_is_string(query))
        return "The \"query\" parameter must be a string";
    req->query = arena_strndup(a, json_string_value(query), json_string_length(query));
    req->query_len = json_string_length(query);

    json_t *op = json_object_get(root, "operationName");
    if (op != NULL && !json_is_null(op)) {
        if (!json_is_string(op))
            return "The \"operationName\" parameter must be a string or null";
        req->operation_name = arena_strndup(a, json_string_value(op), json_string_length(op));
    }

    json_t *vars = json_object_get(root, "variables");
    if (vars != NULL && !json_is_null(vars)) {
        if (!json_is_object(vars))
            return "The \"variables\" parameter must be an object or null";
        struct gql_val *v = arena_alloc(a, sizeof(*v));
        if (http_json_to_val(a, vars, v) < 0)
            return "The \"variables\" parameter is nested too deeply";
        req->variables = v;
    }

    json_t *ext = json_object_get(root, "extensions");
    if (ext != NULL && !json_is_null(ext) && !json_is_object(ext))
        return "The \"extensions\" parameter must be an object or null";
    return NULL;
}

/* Parses JSON text (already checked for NUL and UTF-8). NULL with *message on failure. */
static json_t *
parse_json(const char *text, size_t len, const char **message)
{
    json_error_t jerr;
    json_t *j = json_loadb(text, len, JSON_REJECT_DUPLICATES, &jerr);
    if (j == NULL)
        *message = "Request body is not valid JSON";
    return j;
}

/* POST: Content-Type, body, JSON. Returns 0, or the status answered (-1: client gone). */
static int
params_from_post(struct http_exchange *ex, struct gql_request *req, size_t cap)
{
    if (!http_content_type_is_json(mg_get_header(ex->conn, "Content-Type"))) {
        http_add_header(ex, "Accept-Post", "application/json");
        return http_send_error(
            ex, 415, req->media, "BAD_USER_INPUT", "Content-Type must be application/json");
    }
    int rc = read_body(ex, req->media, cap);
    if (rc != 0)
        return rc;
    const struct strbuf *body = &ex->worker->body;
    if (body->len == 0)
        return bad_request(ex, req->media, "Request body is empty");
    const char *msg = check_text(body->data, body->len, "body");
    if (msg != NULL)
        return bad_request(ex, req->media, msg);
    json_t *root = parse_json(body->data, body->len, &msg);
    if (root == NULL)
        return bad_request(ex, req->media, msg);
    msg = params_from_json(ex, root, req);
    json_decref(root);
    if (msg != NULL)
        return bad_request(ex, req->media, msg);
    return 0;
}

/* GET: the same parameters from the query string (application/x-www-form-urlencoded). */
static int
params_from_get(struct http_exchange *ex, struct gql_request *req)
{
    struct arena *a = &ex->worker->arena;
    const char *qs = ex->ri->query_string;
    static const char *const names[] = {"query", "operationName", "variables", "extensions"};
    char *vals[4];
    size_t lens[4] = {0};
    for (int i = 0; i < 4; i++) {
        bool dup = false;
        vals[i] = http_form_get(a, qs, names[i], &lens[i], &dup);
        if (dup)
            return bad_request(ex, req->media, "A request parameter is given more than once");
        if (vals[i] != NULL) {
            const char *msg = check_text(vals[i], lens[i], "param");
            if (msg != NULL)
                return bad_request(ex, req->media, msg);
        }
    }
    if (vals[0] == NULL)
        return bad_request(ex, req->media, "Must provide query string.");
    req->query = vals[0];
    req->query_len = lens[0];
    if (vals[1] != NULL && lens[1] > 0)
        req->operation_name = vals[1];
    for (int i = 2; i < 4; i++) {
        if (vals[i] == NULL || lens[i] == 0)
            continue;
        const char *msg = NULL;
        json_t *j = parse_json(vals[i], lens[i], &msg);
        if (j == NULL)
            return bad_request(ex,
                               req->media,
                               i == 2 ? "The \"variables\" parameter is not valid JSON"
                                      : "The \"extensions\" parameter is not valid JSON");
        if (!json_is_object(j) && !json_is_null(j)) {
            json_decref(j);
            return bad_request(ex,
                               req->media,
                               i == 2 ? "The \"variables\" parameter must be an object or null"
                                      : "The \"extensions\" parameter must be an object or null");
        }
        if (i == 2 && json_is_object(j)) {
            struct gql_val *v = arena_alloc(a, sizeof(*v));
            int crc = http_json_to_val(a, j, v);
            json_decref(j);
            if (crc < 0)
                return bad_request(
                    ex, req->media, "The \"variables\" parameter is nested too deeply");
            req->variables = v;
        } else {
            json_decref(j);
        }
    }
    return 0;
}

/* Writes {"errors":[...]} from an error list and answers it as a request error. */
static int
send_request_errors(struct http_exchange *ex, enum http_media media, struct gql_error_list *errors)
{
    struct strbuf *out = &ex->worker->out;
    strbuf_reset(out);
    strbuf_puts(out, "{\"errors\":");
    gql_errors_to_json(errors, out);
    strbuf_putc(out, '}');
    return send_json(ex, request_error_status(media), media, out);
}

static int
send_request_error_message(struct http_exchange *ex,
                           enum http_media media,
                           int status,
                           const char *code,
                           const char *message)
{
    return http_send_error(ex, status, media, code, message);
}

/*
 * Counts the root fields named `name` of op, through inline fragments and fragment spreads
 * at the root (each spread counted every time it is spread), without recursion: an explicit
 * stack of selection sets, bounded by the document's size after validation (no cycles).
 */
static unsigned
count_root_fields(struct arena *a,
                  const struct gql_document *doc,
                  const struct gql_operation_definition *op,
                  const char *name)
{
    size_t name_len = strlen(name);
    unsigned count = 0;
    ARENA_VEC(const struct gql_selection_set *) stack = {0};
    ARENA_VEC_PUSH(a, &stack, op->selection_set);
    size_t steps = 0;
    while (stack.len > 0 && steps++ < 100000) {
        const struct gql_selection_set *set = stack.items[--stack.len];
        for (uint32_t i = 0; i < set->selections.count; i++) {
            const struct gql_node *n = set->selections.items[i];
            if (n->kind == GQL_KIND_FIELD) {
                const struct gql_field *f = (const struct gql_field *)n;
                if (f->name.len == name_len && memcmp(f->name.value, name, name_len) == 0)
                    count++;
            } else if (n->kind == GQL_KIND_INLINE_FRAGMENT) {
                ARENA_VEC_PUSH(a, &stack, ((const struct gql_inline_fragment *)n)->selection_set);
            } else if (n->kind == GQL_KIND_FRAGMENT_SPREAD) {
                const struct gql_fragment_spread *s = (const struct gql_fragment_spread *)n;
                for (uint32_t d = 0; d < doc->definitions.count; d++) {
                    const struct gql_node *def = doc->definitions.items[d];
                    if (def->kind != GQL_KIND_FRAGMENT_DEFINITION)
                        continue;
                    const struct gql_fragment_definition *fd =
                        (const struct gql_fragment_definition *)def;
                    if (fd->name.len == s->name.len &&
                        memcmp(fd->name.value, s->name.value, s->name.len) == 0) {
                        ARENA_VEC_PUSH(a, &stack, fd->selection_set);
                        break;
                    }
                }
            }
        }
    }
    return count;
}

/* Answers 429 with Retry-After. */
static int
send_rate_limited(struct http_exchange *ex, enum http_media media, int retry_after_s)
{
    char *retry = arena_sprintf(&ex->worker->arena, "%d", retry_after_s > 0 ? retry_after_s : 1);
    http_add_header(ex, "Retry-After", retry);
    return http_send_error(
        ex, 429, media, "RATE_LIMITED", wallet_err_message(WALLET_ERATE_LIMITED));
}

/* Runs the document with the request context and answers. */
static int
execute_and_answer(struct http_exchange *ex,
                   struct app_request *r,
                   const struct gql_request *req,
                   const struct gql_document *doc)
{
    struct http_server *srv = ex->srv;
    struct strbuf *out = &ex->worker->out;
    strbuf_reset(out);
    struct gql_execute_params p = {
        .schema = srv->schema,
        .document = doc,
        .operation_name = req->operation_name,
        .variables = req->variables,
        .root_value = NULL,
        .context = r,
        .arena = &ex->worker->arena,
        .flags = (srv->settings.introspection ? 0u : GQL_EXECUTE_NO_INTROSPECTION) |
                 (r->is_get ? GQL_EXECUTE_NO_MUTATION : 0u),
        .request_id = ex->request_id,
    };
    struct gql_execute_result result = {0};
    int rc = gql_execute(&p, out, &result);
    app_request_finish(r);
    if (rc == GQL_EXECUTE_INVALID_PARAMS)
        return internal_error(ex, req->media);
    int status = rc == GQL_EXECUTE_OK ? 200 : request_error_status(req->media);
    if (app_request_db_failed(r))
        status = 503; /* the database failed under this request: fail cleanly */
    return send_json(ex, status, req->media, out);
}

int
http_handle_graphql(struct http_exchange *ex)
{
    struct http_server *srv = ex->srv;
    const struct app_services *svc = srv->svc;
    struct arena *a = &ex->worker->arena;
    struct gql_request req = {0};
    ex->route = "graphql";
    http_add_header(ex, "Cache-Control", "no-store");

    bool is_get = strcmp(ex->method, "GET") == 0;
    bool is_post = strcmp(ex->method, "POST") == 0;
    if (strcmp(ex->method, "OPTIONS") == 0)
        return http_handle_options(ex, "GET, POST, OPTIONS");
    req.media = http_negotiate_accept(mg_get_header(ex->conn, "Accept"));
    if (!is_get && !is_post) {
        http_add_header(ex, "Allow", "GET, POST, OPTIONS");
        return http_send_error(ex, 405, req.media, "BAD_USER_INPUT", "Method not allowed");
    }

    if (atomic_load(&srv->shutting_down)) {
        http_add_header(ex, "Connection", "close");
        return http_send_error(
            ex, 503, req.media, "SERVICE_UNAVAILABLE", "The server is shutting down");
    }

    struct app_request r;
    app_request_init(&r, svc, a, ex->request_id, ex->ri->remote_addr);
    r.is_get = is_get;

    int retry = 0;
    if (app_request_rate_limit(&r, APP_RL_REQUEST, 1, &retry) < 0)
        return send_rate_limited(ex, req.media, retry);

    size_t cap = srv->settings.max_body ? srv->settings.max_body : 1024 * 1024;
    int rc = is_post ? params_from_post(ex, &req, cap) : params_from_get(ex, &req);
    if (rc != 0)
        return rc;
    r.idempotency_key = mg_get_header(ex->conn, "Idempotency-Key");

    rc = app_authenticate(&r, mg_get_header(ex->conn, "Authorization"));
    if (rc < 0) {
        app_request_finish(&r);
        if (rc == -WALLET_EUNAUTHENTICATED) {
            http_add_header(ex, "WWW-Authenticate", "Bearer");
            return send_request_error_message(
                ex, req.media, 401, "UNAUTHENTICATED", "Invalid or expired access token");
        }
        if (rc == -WALLET_ESERVICE_UNAVAILABLE)
            return send_request_error_message(ex,
                                              req.media,
                                              503,
                                              "SERVICE_UNAVAILABLE",
                                              wallet_err_message(WALLET_ESERVICE_UNAVAILABLE));
        return internal_error(ex, req.media);
    }

    if (svc->chaos != NULL) {
        unsigned delay = 0;
        bool fail = app_chaos_roll(svc->chaos, &delay);
        if (delay > 0) {
            app_metrics_chaos_delay(svc->metrics, delay);
            /* In slices, so a shutdown does not wait for a long injected delay. */
            while (delay > 0 && !atomic_load(&srv->shutting_down)) {
                unsigned slice = delay < 50 ? delay : 50;
                app_chaos_sleep_ms(slice);
                delay -= slice;
            }
        }
        if (fail) {
            app_request_finish(&r);
            app_metrics_chaos_error(svc->metrics);
            return send_request_error_message(ex,
                                              req.media,
                                              503,
                                              "SERVICE_UNAVAILABLE",
                                              wallet_err_message(WALLET_ESERVICE_UNAVAILABLE));
        }
    }

    /* The document: text limit, then parse + limits + validation through the cache. */
    struct gql_error_list errors;
    gql_error_list_init(&errors, a, req.query, req.query_len);
    struct gql_limits limits = GQL_LIMITS_CONTRACT;
    if (gql_check_text_limit(req.query_len, &limits, &errors) != 0) {
        app_request_finish(&r);
        return send_request_errors(ex, req.media, &errors);
    }
    const struct gql_document *doc = NULL;
    struct gql_doc_entry *entry = NULL;
    rc = gql_doc_cache_get(srv->cache, req.query, req.query_len, &doc, &entry, &errors);
    if (rc < 0) {
        app_request_finish(&r);
        return send_request_errors(ex, req.media, &errors);
    }

    const struct gql_operation_definition *op = NULL;
    const char *message = NULL;
    if (gql_get_operation(doc, req.operation_name, a, &op, &message) < 0) {
        gql_doc_cache_release(srv->cache, entry);
        app_request_finish(&r);
        return send_request_error_message(
            ex, req.media, request_error_status(req.media), "BAD_USER_INPUT", message);
    }
    if (op->name.value != NULL)
        ex->operation = arena_strndup(a, op->name.value, op->name.len);

    if (op->operation == GQL_OP_MUTATION && is_get) {
        gql_doc_cache_release(srv->cache, entry);
        app_request_finish(&r);
        http_add_header(ex, "Allow", "POST");
        return http_send_error(
            ex, 405, req.media, "BAD_USER_INPUT", "Mutations are only allowed over POST");
    }
    if (op->operation == GQL_OP_SUBSCRIPTION) {
        gql_doc_cache_release(srv->cache, entry);
        app_request_finish(&r);
        return send_request_error_message(
            ex,
            req.media,
            request_error_status(req.media),
            "BAD_USER_INPUT",
            "Subscriptions are served over WebSocket (graphql-transport-ws) at /graphql");
    }
    if (op->operation == GQL_OP_MUTATION) {
        unsigned logins = count_root_fields(a, doc, op, "login");
        if (logins > 0 && app_request_rate_limit(&r, APP_RL_LOGIN, logins, &retry) < 0) {
            gql_doc_cache_release(srv->cache, entry);
            app_request_finish(&r);
            return send_rate_limited(ex, req.media, retry);
        }
    }

    rc = execute_and_answer(ex, &r, &req, doc);
    gql_doc_cache_release(srv->cache, entry);
    return rc;
}
