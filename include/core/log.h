/*
 * Structured logging (CONTRACT.md §1): one JSON object per line on standard error.
 *
 *   {"time":"2026-11-24T08:00:00.123Z","level":"info","msg":"listening","requestId":"...",
 *    "listen":"127.0.0.1:8080","threads":8}
 *
 * Every line has the time (RFC 3339, UTC, milliseconds), the level and the message; the
 * request id of the calling thread's context when one is set (log_set_request_id); then the
 * caller's key/value fields in order. Each line is built in memory and written with one
 * write(2) under a lock, so lines from different threads never interleave. Thread-safe.
 *
 * Secrets never belong in a log line. As a second line of defence, a field whose key names a
 * secret (it contains "password", "secret", "token", "authorization", "cookie", "aadhaar",
 * "cvv", "card_number" or "seal_key", ignoring case) is written as "[redacted]" whatever its
 * value. Messages are not inspected: never format a secret into one.
 *
 *     log_info("listening", LOG_STR("listen", cfg->listen), LOG_INT("threads", n));
 *     log_error("migration failed", LOG_STR("file", name), LOG_STR("sqlstate", state));
 */
#ifndef WALLET_CORE_LOG_H
#define WALLET_CORE_LOG_H

#include <stdbool.h>
#include <stdint.h>

enum log_level {
    LOG_DEBUG = 0,
    LOG_INFO,
    LOG_WARN,
    LOG_ERROR,
};

enum log_field_type {
    LOG_FIELD_END = 0, /* terminates the field list */
    LOG_FIELD_STR,     /* NUL-terminated text, or NULL for JSON null */
    LOG_FIELD_INT,
    LOG_FIELD_BOOL,
    LOG_FIELD_DOUBLE, /* measurements only (durations); never money */
};

/* One key/value of a log line; build them with the LOG_* macros below. */
struct log_field {
    const char *key;
    enum log_field_type type;
    const char *s;
    int64_t i;
    double d;
};

#define LOG_STR(k, v) ((struct log_field){.key = (k), .type = LOG_FIELD_STR, .s = (v)})
#define LOG_INT(k, v) ((struct log_field){.key = (k), .type = LOG_FIELD_INT, .i = (int64_t)(v)})
#define LOG_BOOL(k, v) ((struct log_field){.key = (k), .type = LOG_FIELD_BOOL, .i = (v) ? 1 : 0})
#define LOG_DOUBLE(k, v)                                                                           \
    ((struct log_field){.key = (k), .type = LOG_FIELD_DOUBLE, .d = (double)(v)})
#define LOG_END ((struct log_field){.key = NULL, .type = LOG_FIELD_END})

/*
 * Writes one line at level with message msg and the fields that follow, up to LOG_END.
 * Lines below the threshold (log_set_level) cost one comparison.
 */
void log_write(enum log_level level, const char *msg, ...);

#define log_debug(...) log_write(LOG_DEBUG, __VA_ARGS__, LOG_END)
#define log_info(...) log_write(LOG_INFO, __VA_ARGS__, LOG_END)
#define log_warn(...) log_write(LOG_WARN, __VA_ARGS__, LOG_END)
#define log_error(...) log_write(LOG_ERROR, __VA_ARGS__, LOG_END)

/* Lines below level are dropped (default LOG_INFO). */
void log_set_level(enum log_level level);
enum log_level log_get_level(void);

/* Parses "debug", "info", "warn" or "error". Returns 0, or -1 if s is none of them. */
int log_level_parse(const char *s, enum log_level *out);

/*
 * Sends lines to fd instead of standard error (tests read them back through a pipe or file);
 * -1 restores standard error. The caller keeps fd open while it is in use.
 */
void log_set_fd(int fd);

/*
 * Sets the calling thread's request id (copied; at most 128 bytes are kept), added to every
 * line this thread writes until cleared with NULL.
 */
void log_set_request_id(const char *request_id);

/* The calling thread's request id, or NULL. */
const char *log_request_id(void);

/* Whether a field key names a secret (and its value is therefore redacted). */
bool log_key_is_secret(const char *key);

/* Writes the current UTC time as RFC 3339 with milliseconds ("2026-11-24T08:00:00.123Z"). */
void log_format_time(char out[32]);

#endif
