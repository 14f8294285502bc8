/*
 * GraphQL over WebSocket on /graphql (contract §2): the graphql-transport-ws protocol of the
 * graphql-ws library (its PROTOCOL.md), serving Subscription.ledger and single-result queries.
 *
 *   client                                   server
 *   connection_init {payload:{authorization:"Bearer <accessToken>"}}
 *                                            connection_ack            (or close 4403 Forbidden)
 *   subscribe {id, payload:{query, operationName?, variables?, extensions?}}
 *                                            next {id, payload: ExecutionResult} ...
 *                                            complete {id}              (queries; ended streams)
 *                                            error {id, payload: [GraphQL errors]}
 *   complete {id}                            (stops that operation; nothing is answered)
 *   ping / pong                              pong / nothing
 *
 * Closes, as graphql-ws does: 4400 invalid message, 4401 subscribe before the ack, 4403
 * missing/invalid/expired/revoked token (at connection_init, and whenever a later operation or
 * event finds the token no longer good), 4406 no graphql-transport-ws subprotocol, 4408 no
 * connection_init within HTTP_WS_INIT_TIMEOUT_MS, 4409 an id already in use, 4429 a second
 * connection_init, 4500 internal failure; also 1001 at server shutdown, 1009 a message over
 * HTTP_WS_MAX_MESSAGE, 1008 too many messages waiting, 1013 too many sockets.
 *
 * Operations: subscriptions (one stream per id, at most HTTP_WS_MAX_SUBSCRIPTIONS at once per
 * socket) and queries (one `next`, then `complete`). Mutations are refused with an `error`
 * (BAD_USER_INPUT): money moves only through POST /graphql, where idempotency keys, login
 * counting, chaos mode and request logs apply. Parse, validation and limit failures are
 * `error` messages with the same GraphQL errors as over HTTP (contract §3 limits included).
 * Every subscribe message counts against the per-IP request rate limit (RATE_LIMITED error).
 *
 * Subscription.ledger: each committed ledger line of the signed-in user's accounts, from any
 * walletd process (app/notify.h: the database NOTIFYs ids only), loaded with that user's
 * visibility (resolvers/subscriptions.h) and executed with the subscription's own selection
 * set. The token is checked again for every event: after logout, a password change or a
 * lock, or once it expires, the socket is closed with 4403 instead of delivering. If the
 * listener loses the database, events committed meanwhile cannot be seen: each ledger
 * subscription then gets an `error` (SERVICE_UNAVAILABLE) and the client subscribes again.
 *
 * Threads: civetweb gives each socket a worker thread of its own (with a small stack); that
 * thread only reassembles frames and queues messages. The protocol runs on this module's own
 * workers (big stacks, HTTP_WS_WORKERS of them), one job at a time per socket and in arrival
 * order, so a client's messages and its events are handled in order. Writes to a socket
 * happen under the socket's lock and civetweb's mg_lock_connection. WebSockets take civetweb
 * worker threads from HTTP, so at most half of WALLET_THREADS sockets are open at once.
 *
 * Logs carry connection numbers, user ids, operation names and close codes; never tokens,
 * query text or variables.
 */
#ifndef WALLET_HTTP_GRAPHQL_WS_H
#define WALLET_HTTP_GRAPHQL_WS_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct http_server; /* src/http/internal.h */
struct strbuf;

#define HTTP_WS_PROTOCOL "graphql-transport-ws"
#define HTTP_WS_INIT_TIMEOUT_MS 3000     /* connection_init must arrive within this */
#define HTTP_WS_MAX_MESSAGE (256 * 1024) /* bytes of one message (frames reassembled) */
#define HTTP_WS_MAX_SUBSCRIPTIONS 32     /* active subscriptions per socket */
#define HTTP_WS_MAX_ID 128               /* bytes of an operation id */
#define HTTP_WS_MAX_PENDING 64           /* client messages waiting to be handled, per socket */
#define HTTP_WS_MAX_PENDING_EVENTS 4096  /* ledger events waiting, per socket */
#define HTTP_WS_WORKERS 2                /* protocol worker threads */

/* Close codes (RFC 6455 and graphql-ws's CloseCode). */
enum http_ws_close {
    HTTP_WS_CLOSE_GOING_AWAY = 1001,
    HTTP_WS_CLOSE_PROTOCOL_ERROR = 1002,
    HTTP_WS_CLOSE_POLICY = 1008,
    HTTP_WS_CLOSE_TOO_BIG = 1009,
    HTTP_WS_CLOSE_TRY_AGAIN = 1013,
    HTTP_WS_CLOSE_BAD_REQUEST = 4400,
    HTTP_WS_CLOSE_UNAUTHORIZED = 4401,
    HTTP_WS_CLOSE_FORBIDDEN = 4403,
    HTTP_WS_CLOSE_SUBPROTOCOL = 4406,
    HTTP_WS_CLOSE_INIT_TIMEOUT = 4408,
    HTTP_WS_CLOSE_SUBSCRIBER_EXISTS = 4409,
    HTTP_WS_CLOSE_TOO_MANY_INITS = 4429,
    HTTP_WS_CLOSE_INTERNAL = 4500,
};

/*---------------------------------------------------------------------------------------------
 * Client messages (pure functions, unit-tested)
 *-------------------------------------------------------------------------------------------*/

enum http_ws_msg_type {
    HTTP_WS_MSG_CONNECTION_INIT,
    HTTP_WS_MSG_PING,
    HTTP_WS_MSG_PONG,
    HTTP_WS_MSG_SUBSCRIBE,
    HTTP_WS_MSG_COMPLETE,
    HTTP_WS_MSG_SERVER_ONLY, /* connection_ack, next, error: valid, but not from a client */
};

/* A parsed client message; pointers refer into the JSON tree it was parsed from. */
struct http_ws_message {
    enum http_ws_msg_type type;
    const char *type_name;     /* the "type" member as sent */
    const char *id;            /* subscribe, complete: non-empty, at most HTTP_WS_MAX_ID bytes */
    json_t *payload;           /* the payload object, or NULL when absent or null */
    const char *authorization; /* connection_init: payload.authorization when a string */
    const char *query;         /* subscribe */
    size_t query_len;
    const char *operation_name; /* subscribe: NULL when absent or null */
    json_t *variables;          /* subscribe: an object, or NULL when absent or null */
};

/*
 * Parses and checks one text message as graphql-ws's validateMessage does (JSON object, a
 * known string "type", the members each type requires with their types), also refusing
 * duplicate keys and ids over HTTP_WS_MAX_ID bytes. Returns 0 with *root (the caller
 * json_decrefs it) and *out set, or -1 with *why set to a short static reason for the 4400
 * close (and *root NULL).
 */
int http_ws_parse_message(
    const char *text, size_t len, json_t **root, struct http_ws_message *out, const char **why);

/*
 * The close frame payload for code and reason: two bytes of code, then the reason cut to the
 * 123 bytes a control frame allows (at a UTF-8 character boundary). out must hold 125 bytes;
 * returns the length.
 */
size_t http_ws_close_payload(int code, const char *reason, char out[125]);

/*---------------------------------------------------------------------------------------------
 * The service (src/http/graphql_ws.c), run by src/http/service.c
 *-------------------------------------------------------------------------------------------*/

struct http_ws;

/*
 * Starts the service for srv (its settings, services, schema and document cache set up):
 * the ledger listener (on srv's configured database), the worker threads and the init timer.
 * Call before civetweb starts, so its threads see the result. Returns NULL after logging why
 * when it cannot (out of memory, threads).
 */
struct http_ws *http_ws_start(struct http_server *srv);

/* Registers the WebSocket handlers on the running civetweb context. */
struct mg_context;
void http_ws_attach(struct http_ws *ws, struct mg_context *ctx);

/*
 * First step of a graceful stop (before mg_stop): refuses new sockets, closes open ones with
 * 1001 "Going away", stops the workers, the init timer and the listener (its database rows
 * go with it). NULL is ignored.
 */
void http_ws_shutdown(struct http_ws *ws);

/* Last step, after mg_stop (every socket's close handler has run): frees everything. */
void http_ws_free(struct http_ws *ws);

/* Appends the WebSocket and listener gauges and counters (Prometheus text). NULL is ignored. */
void http_ws_render_metrics(struct http_ws *ws, struct strbuf *out);

#endif
