/*
 * The tests' WebSocket client (see ws_client.h).
 */
#include "http/ws_client.h"

#include "http/harness.h"

#include <errno.h>
#include <poll.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

/* The value of header name (with its colon) in head[0..end), or NULL. */
static const char *
header_value(const char *head, const char *end, const char *name)
{
    size_t n = strlen(name);
    for (const char *p = strstr(head, "\r\n"); p != NULL && p < end; p = strstr(p + 2, "\r\n")) {
        if (strncasecmp(p + 2, name, n) == 0) {
            const char *v = p + 2 + n;
            while (*v == ' ')
                v++;
            return v;
        }
    }
    return NULL;
}

static long
now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1000L + ts.tv_nsec / 1000000L;
}

/* Reads more bytes into c->buf before deadline: >0 read, 0 EOF, -1 timeout or error. */
static ssize_t
fill(struct ws_conn *c, long deadline)
{
    long left = deadline - now_ms();
    if (left <= 0)
        return -1;
    struct pollfd p = {.fd = c->fd, .events = POLLIN};
    int rc = poll(&p, 1, (int)left);
    if (rc <= 0)
        return -1;
    if (c->cap - c->len < 65536) {
        c->cap = c->cap * 2 + 65536;
        c->buf = realloc(c->buf, c->cap);
    }
    ssize_t n = recv(c->fd, c->buf + c->len, c->cap - c->len - 1, 0);
    if (n < 0)
        return errno == ECONNRESET ? 0 : -1;
    if (n == 0)
        c->eof = true;
    c->len += (size_t)n;
    c->buf[c->len] = '\0';
    return n;
}

int
ws_open(struct ws_conn *c, int port, const char *path, const char *protocol)
{
    return ws_open_headers(c, port, path, protocol, NULL);
}

int
ws_open_headers(
    struct ws_conn *c, int port, const char *path, const char *protocol, const char *headers)
{
    memset(c, 0, sizeof(*c));
    c->fd = th_connect(port);
    if (c->fd < 0)
        return -1;
    char req[1024];
    int n = snprintf(req,
                     sizeof(req),
                     "GET %s HTTP/1.1\r\nHost: 127.0.0.1:%d\r\nUpgrade: websocket\r\n"
                     "Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
                     "Sec-WebSocket-Version: 13\r\n%s%s%s%s\r\n",
                     path,
                     port,
                     protocol ? "Sec-WebSocket-Protocol: " : "",
                     protocol ? protocol : "",
                     protocol ? "\r\n" : "",
                     headers ? headers : "");
    if (th_send_all(c->fd, req, (size_t)n) != 0)
        return -1;
    long deadline = now_ms() + 10000;
    char *end;
    while ((end = c->buf ? strstr(c->buf, "\r\n\r\n") : NULL) == NULL)
        if (fill(c, deadline) <= 0)
            return -1;
    size_t head = (size_t)(end - c->buf) + 4;
    if (sscanf(c->buf, "HTTP/1.%*d %d", &c->status) != 1)
        return -1;
    const char *h = header_value(c->buf, end, "Sec-WebSocket-Protocol:");
    if (h != NULL) {
        size_t k = strcspn(h, "\r\n");
        snprintf(c->protocol, sizeof(c->protocol), "%.*s", (int)k, h);
    }
    if (c->status != 101) {
        /* A refused handshake: read the body (Content-Length) for the test to look at. */
        size_t want = 0;
        const char *cl = header_value(c->buf, end, "Content-Length:");
        if (cl != NULL)
            want = (size_t)strtoul(cl, NULL, 10);
        while (c->len - head < want && fill(c, deadline) > 0)
            ;
        size_t got = c->len - head < want ? c->len - head : want;
        c->http_body = malloc(got + 1);
        memcpy(c->http_body, c->buf + head, got);
        c->http_body[got] = '\0';
        return 0;
    }
    memmove(c->buf, c->buf + head, c->len - head);
    c->len -= head;
    c->buf[c->len] = '\0';
    return 0;
}

int
ws_send_frame(struct ws_conn *c, int opcode, bool fin, const void *data, size_t len)
{
    unsigned char head[14];
    size_t hl = 0;
    head[hl++] = (unsigned char)((fin ? 0x80 : 0) | (opcode & 0x0f));
    if (len < 126) {
        head[hl++] = (unsigned char)(0x80 | len);
    } else if (len <= 0xffff) {
        head[hl++] = 0x80 | 126;
        head[hl++] = (unsigned char)(len >> 8);
        head[hl++] = (unsigned char)len;
    } else {
        head[hl++] = 0x80 | 127;
        for (int i = 7; i >= 0; i--)
            head[hl++] = (unsigned char)((uint64_t)len >> (8 * i));
    }
    unsigned char mask[4] = {0x12, 0x34, 0x56, 0x78};
    memcpy(head + hl, mask, 4);
    hl += 4;
    unsigned char *frame = malloc(hl + len);
    memcpy(frame, head, hl);
    const unsigned char *d = data;
    for (size_t i = 0; i < len; i++)
        frame[hl + i] = d[i] ^ mask[i & 3];
    int rc = th_send_all(c->fd, frame, hl + len);
    free(frame);
    return rc;
}

int
ws_send_text(struct ws_conn *c, const char *text)
{
    return ws_send_frame(c, 1, true, text, strlen(text));
}

int
ws_send_json(struct ws_conn *c, json_t *msg)
{
    char *text = json_dumps(msg, JSON_COMPACT);
    json_decref(msg);
    int rc = ws_send_text(c, text);
    free(text);
    return rc;
}

/*
 * Reads one frame: returns its opcode with *payload (malloc'd, NUL-terminated) and *plen, or
 * -1 on timeout, -2 at EOF.
 */
static int
read_frame(struct ws_conn *c, long deadline, char **payload, size_t *plen)
{
    for (;;) {
        if (c->len >= 2) {
            unsigned char *b = (unsigned char *)c->buf;
            size_t hl = 2;
            uint64_t n = b[1] & 0x7f;
            bool ok = true;
            if (n == 126) {
                ok = c->len >= 4;
                if (ok)
                    n = ((uint64_t)b[2] << 8) | b[3];
                hl = 4;
            } else if (n == 127) {
                ok = c->len >= 10;
                if (ok) {
                    n = 0;
                    for (int i = 0; i < 8; i++)
                        n = (n << 8) | b[2 + i];
                }
                hl = 10;
            }
            if (ok && c->len >= hl + n) {
                int opcode = b[0] & 0x0f;
                *payload = malloc(n + 1);
                memcpy(*payload, c->buf + hl, n);
                (*payload)[n] = '\0';
                *plen = n;
                memmove(c->buf, c->buf + hl + n, c->len - hl - n);
                c->len -= hl + n;
                return opcode;
            }
        }
        if (c->eof)
            return -2;
        ssize_t r = fill(c, deadline);
        if (r < 0)
            return -1;
        if (r == 0)
            return -2;
    }
}

/* Records a close frame's code and reason and answers it (once). */
static void
got_close(struct ws_conn *c, const char *payload, size_t len)
{
    if (len >= 2) {
        c->close_code = ((unsigned char)payload[0] << 8) | (unsigned char)payload[1];
        snprintf(c->close_reason, sizeof(c->close_reason), "%.*s", (int)(len - 2), payload + 2);
    } else {
        c->close_code = 1005;
    }
    ws_send_frame(c, 8, true, payload, len >= 2 ? 2 : 0);
}

json_t *
ws_recv_json(struct ws_conn *c, int timeout_ms)
{
    long deadline = now_ms() + timeout_ms;
    for (;;) {
        char *p = NULL;
        size_t n = 0;
        int op = read_frame(c, deadline, &p, &n);
        if (op < 0)
            return NULL;
        if (op == 9) { /* ping: answer */
            ws_send_frame(c, 10, true, p, n);
            free(p);
            continue;
        }
        if (op == 8) {
            got_close(c, p, n);
            free(p);
            return NULL;
        }
        if (op != 1) {
            free(p);
            continue;
        }
        json_error_t err;
        json_t *j = json_loads(p, 0, &err);
        if (j == NULL)
            fprintf(stderr, "ws_client: not JSON: %s\n", p);
        free(p);
        if (j != NULL)
            return j;
    }
}

int
ws_wait_close(struct ws_conn *c, int timeout_ms)
{
    long deadline = now_ms() + timeout_ms;
    while (c->close_code == 0) {
        char *p = NULL;
        size_t n = 0;
        int op = read_frame(c, deadline, &p, &n);
        if (op == -1)
            return -1;
        if (op == -2)
            return 0;
        if (op == 8)
            got_close(c, p, n);
        else if (op == 9)
            ws_send_frame(c, 10, true, p, n);
        free(p);
    }
    return c->close_code;
}

void
ws_close_normal(struct ws_conn *c)
{
    if (c->fd < 0)
        return;
    if (c->close_code == 0) {
        unsigned char code[2] = {0x03, 0xe8}; /* 1000 */
        ws_send_frame(c, 8, true, code, 2);
    }
    /* Wait for the server to end the connection (its close handler has then run). */
    long deadline = now_ms() + 5000;
    while (!c->eof) {
        char *p = NULL;
        size_t n = 0;
        int op = read_frame(c, deadline, &p, &n);
        free(p);
        if (op < 0)
            break;
    }
}

void
ws_free(struct ws_conn *c)
{
    if (c->fd >= 0)
        close(c->fd);
    c->fd = -1;
    free(c->buf);
    free(c->http_body);
    c->buf = NULL;
    c->http_body = NULL;
}

int
ws_init(struct ws_conn *c, const char *authorization)
{
    json_t *payload = json_object();
    if (authorization != NULL)
        json_object_set_new(payload, "authorization", json_string(authorization));
    return ws_send_json(c, json_pack("{s:s,s:o}", "type", "connection_init", "payload", payload));
}

int
ws_subscribe(struct ws_conn *c, const char *id, const char *query, json_t *variables)
{
    json_t *payload = json_pack("{s:s}", "query", query);
    if (variables != NULL)
        json_object_set_new(payload, "variables", variables);
    return ws_send_json(
        c, json_pack("{s:s,s:s,s:o}", "id", id, "type", "subscribe", "payload", payload));
}

const char *
ws_type(json_t *msg)
{
    const char *t = json_string_value(json_object_get(msg, "type"));
    return t ? t : "";
}
