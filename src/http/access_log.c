/*
 * The HTTP layer's log lines, through core/log.h (contract §1: one JSON object per line,
 * with the request id; for each request method, path, operation name, status, duration).
 *
 * The request line's path is the decoded URI path without its query string, so a
 * GET /graphql query text (which may hold an inline password) never reaches the log;
 * headers, bodies, tokens and variables are never logged either.
 */
#include "core/log.h"
#include "internal.h"

#include <string.h>

static enum log_level
level_of(const char *level)
{
    if (strcmp(level, "error") == 0)
        return LOG_ERROR;
    if (strcmp(level, "warn") == 0)
        return LOG_WARN;
    return LOG_INFO;
}

void
http_log_event(const char *level, const char *request_id, const char *msg, const char *detail)
{
    const char *previous = log_request_id();
    bool set = request_id != NULL && previous == NULL;
    if (set)
        log_set_request_id(request_id);
    if (detail != NULL)
        log_write(level_of(level), msg, LOG_STR("detail", detail), LOG_END);
    else
        log_write(level_of(level), msg, LOG_END);
    if (set)
        log_set_request_id(NULL);
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
    log_write(ex->status >= 500 ? LOG_WARN : LOG_INFO,
              "request",
              LOG_STR("method", ex->method),
              LOG_STR("path", path),
              LOG_STR("operationName", ex->operation),
              LOG_INT("status", ex->status),
              LOG_DOUBLE("durationMs", ms),
              LOG_STR("clientIp", ex->ri->remote_addr),
              LOG_END);
}
