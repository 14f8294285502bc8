/*
 * A small synchronous WebSocket client for the GraphQL-over-WebSocket tests (test_ws*.c;
 * added to them by test/ws.cmake): a raw TCP connection (test/http/harness.h), the RFC 6455
 * handshake, masked client frames, and blocking reads with deadlines, so a test can send
 * exactly the frames it means (invalid ones included) and read exactly what the server sent,
 * close codes included.
 */
#ifndef WALLET_TEST_HTTP_WS_CLIENT_H
#define WALLET_TEST_HTTP_WS_CLIENT_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>

struct ws_conn {
    int fd;
    char *buf; /* bytes read but not yet consumed */
    size_t len, cap;
    int status;        /* handshake HTTP status (101 when upgraded) */
    char protocol[64]; /* Sec-WebSocket-Protocol of the answer, or "" */
    char *http_body;   /* the body of a refused handshake (malloc'd), or NULL */
    int close_code;    /* the server's close code once received, else 0 */
    char close_reason[128];
    bool eof; /* the server closed the TCP connection */
};

/*
 * Connects to 127.0.0.1:port and asks for an upgrade of path with subprotocol protocol (NULL:
 * none offered). Returns 0 when the server answered (c->status holds the status; 101 means
 * upgraded), -1 when nothing came back. Always call ws_free afterwards.
 */
int ws_open(struct ws_conn *c, int port, const char *path, const char *protocol);

/* ws_open with extra header lines ("Name: value\r\n" each; NULL: none). */
int ws_open_headers(
    struct ws_conn *c, int port, const char *path, const char *protocol, const char *headers);

/* Sends one masked frame (opcode 1 text, 2 binary, 0 continuation, 8 close, 9 ping). */
int ws_send_frame(struct ws_conn *c, int opcode, bool fin, const void *data, size_t len);

/* Sends a text message. */
int ws_send_text(struct ws_conn *c, const char *text);

/* Sends a JSON message built with json_pack (the value is stolen). */
int ws_send_json(struct ws_conn *c, json_t *msg);

/*
 * Reads the next text message, answering pings and skipping pongs. Returns it parsed
 * (caller json_decrefs), or NULL when the server closed (c->close_code set) or timeout_ms
 * passed.
 */
json_t *ws_recv_json(struct ws_conn *c, int timeout_ms);

/*
 * Waits for the server's close frame (skipping any messages) and answers it. Returns the
 * close code, 0 when the connection ended without one, -1 on timeout.
 */
int ws_wait_close(struct ws_conn *c, int timeout_ms);

/* Sends a normal close (1000), waits (bounded) for the server to end the connection. */
void ws_close_normal(struct ws_conn *c);

/* Closes the socket and frees the buffers. */
void ws_free(struct ws_conn *c);

/* connection_init with {"authorization": authorization} (NULL: an empty payload). */
int ws_init(struct ws_conn *c, const char *authorization);

/* A subscribe message: id, query, variables (a JSON object, stolen; may be NULL). */
int ws_subscribe(struct ws_conn *c, const char *id, const char *query, json_t *variables);

/* The "type" of a message, or "". */
const char *ws_type(json_t *msg);

#endif
