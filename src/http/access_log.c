/*
 * Structured logs of the HTTP layer: one JSON object per line on standard error (contract
 * §1: timestamp, level, message, request id; for each request method, path, operation name,
 * status, duration).
 *
 * The request line's path is the decoded URI path without its query string, so a
 * GET /graphql query text (which may hold an inline password) never reaches the log;
 * headers, bodies, tokens and variables are never logged either. Each line is written with
 * one write(2), so lines from different threads never interleave.
 */
#include "internal.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

/* Appends "time":"2026-11-24T08:00:00.000Z". */
static void
put_time(struct strbuf *sb)
{
    struct timeval tv;
    gettimeofday(&tv, NULL);
    struct tm tm;
    gmtime_r(&tv.tv_sec, &tm);
    char ts[40];
    strftime(ts, sizeof(ts), "%Y-%m-%dT%H:%M:%S", &tm);
    strbuf_printf(sb, "\"time\":\"%s.%03dZ\"", ts, (int)(tv.tv_usec / 1000));
}

static void
put_str(struct strbuf *sb, const char *key, const char *value)
{
    strbuf_printf(sb, ",\"%s\":", key);
    if (value == NULL)
        strbuf_puts(sb, "null");
    else
        strbuf_append_json_string(sb, value, strlen(value));
}

static void
write_line(struct strbuf *sb)
{
    strbuf_putc(sb, '\n');
    const char *p = sb->data;
    size_t left = sb->len;
    while (left > 0) {
        ssize_t n = write(STDERR_FILENO, p, left);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            break;
        p += n;
        left -= (size_t)n;
    }
}

void
http_log_event(const char *level, const char *request_id, const char *msg, const char *detail)
{
    struct strbuf sb = STRBUF_INIT;
    strbuf_putc(&sb, '{');
    put_time(&sb);
    put_str(&sb, "level", level);
    put_str(&sb, "msg", msg);
    if (request_id != NULL)
        put_str(&sb, "requestId", request_id);
    if (detail != NULL)
        put_str(&sb, "detail", detail);
    strbuf_putc(&sb, '}');
    write_line(&sb);
    strbuf_free(&sb);
}

void
http_log_request(const struct http_exchange *ex)
{
    double ms = (double)(http_now_ns() - ex->started_ns) / 1e6;
    char path[257];
    size_t n = strlen(ex->path);
    if (n > sizeof(path) - 1)
        n = sizeof(path) - 1;
    memcpy(path, ex->path, n);
    path[n] = '\0';

    struct strbuf sb = STRBUF_INIT;
    strbuf_putc(&sb, '{');
    put_time(&sb);
    put_str(&sb, "level", ex->status >= 500 ? "warn" : "info");
    put_str(&sb, "msg", "request");
    put_str(&sb, "requestId", ex->request_id);
    put_str(&sb, "method", ex->method);
    put_str(&sb, "path", path);
    put_str(&sb, "operationName", ex->operation);
    strbuf_printf(&sb, ",\"status\":%d,\"durationMs\":%.3f", ex->status, ms);
    put_str(&sb, "clientIp", ex->ri->remote_addr);
    strbuf_putc(&sb, '}');
    write_line(&sb);
    strbuf_free(&sb);
}
