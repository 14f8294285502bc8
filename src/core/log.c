/*
 * Structured JSON logging (see include/core/log.h).
 */
#include "core/log.h"

#include "core/strbuf.h"

#include <errno.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

#define LOG_REQUEST_ID_MAX 128

static atomic_int log_threshold = LOG_INFO;
static atomic_int log_fd = -1;
static pthread_mutex_t log_write_lock = PTHREAD_MUTEX_INITIALIZER;
static _Thread_local char log_request_id_buf[LOG_REQUEST_ID_MAX + 1];

static const char *const log_level_names[] = {"debug", "info", "warn", "error"};

void
log_set_level(enum log_level level)
{
    atomic_store(&log_threshold, (int)level);
}

enum log_level
log_get_level(void)
{
    return (enum log_level)atomic_load(&log_threshold);
}

int
log_level_parse(const char *s, enum log_level *out)
{
    for (size_t i = 0; i < sizeof(log_level_names) / sizeof(log_level_names[0]); i++) {
        if (s != NULL && strcmp(s, log_level_names[i]) == 0) {
            *out = (enum log_level)i;
            return 0;
        }
    }
    return -1;
}

void
log_set_fd(int fd)
{
    atomic_store(&log_fd, fd);
}

void
log_set_request_id(const char *request_id)
{
    if (request_id == NULL) {
        log_request_id_buf[0] = '\0';
        return;
    }
    size_t n = strnlen(request_id, LOG_REQUEST_ID_MAX);
    memcpy(log_request_id_buf, request_id, n);
    log_request_id_buf[n] = '\0';
}

const char *
log_request_id(void)
{
    return log_request_id_buf[0] ? log_request_id_buf : NULL;
}

bool
log_key_is_secret(const char *key)
{
    static const char *const secret_words[] = {
        "password",
        "secret",
        "token",
        "authorization",
        "cookie",
        "aadhaar",
        "cvv",
        "card_number",
        "seal_key",
    };
    if (key == NULL)
        return false;
    size_t klen = strlen(key);
    for (size_t w = 0; w < sizeof(secret_words) / sizeof(secret_words[0]); w++) {
        size_t wlen = strlen(secret_words[w]);
        for (size_t i = 0; i + wlen <= klen; i++) {
            if (strncasecmp(key + i, secret_words[w], wlen) == 0)
                return true;
        }
    }
    return false;
}

void
log_format_time(char out[32])
{
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    struct tm tm;
    gmtime_r(&ts.tv_sec, &tm);
    char date[24];
    strftime(date, sizeof(date), "%Y-%m-%dT%H:%M:%S", &tm);
    snprintf(out, 32, "%s.%03dZ", date, (int)(ts.tv_nsec / 1000000));
}

static void
put_key(struct strbuf *sb, const char *key)
{
    strbuf_putc(sb, ',');
    strbuf_append_json_string(sb, key, strlen(key));
    strbuf_putc(sb, ':');
}

static void
put_field(struct strbuf *sb, const struct log_field *f)
{
    put_key(sb, f->key);
    if (log_key_is_secret(f->key)) {
        strbuf_puts(sb, "\"[redacted]\"");
        return;
    }
    switch (f->type) {
    case LOG_FIELD_STR:
        if (f->s == NULL)
            strbuf_puts(sb, "null");
        else
            strbuf_append_json_string(sb, f->s, strlen(f->s));
        break;
    case LOG_FIELD_INT:
        strbuf_append_int(sb, f->i);
        break;
    case LOG_FIELD_BOOL:
        strbuf_puts(sb, f->i ? "true" : "false");
        break;
    case LOG_FIELD_DOUBLE:
        /* JSON has no NaN or infinity. */
        if (f->d != f->d || f->d > 1e300 || f->d < -1e300)
            strbuf_puts(sb, "null");
        else
            strbuf_printf(sb, "%.3f", f->d);
        break;
    case LOG_FIELD_END:
        break;
    }
}

static void
write_all(int fd, const char *p, size_t len)
{
    while (len > 0) {
        ssize_t n = write(fd, p, len);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            return; /* nowhere to report a failing log */
        p += n;
        len -= (size_t)n;
    }
}

void
log_write(enum log_level level, const char *msg, ...)
{
    if ((int)level < atomic_load(&log_threshold))
        return;
    if ((int)level < LOG_DEBUG || (int)level > LOG_ERROR)
        level = LOG_ERROR;

    struct strbuf sb = STRBUF_INIT;
    char now[32];
    log_format_time(now);
    strbuf_printf(&sb, "{\"time\":\"%s\",\"level\":\"%s\",\"msg\":", now, log_level_names[level]);
    if (msg == NULL)
        msg = "";
    strbuf_append_json_string(&sb, msg, strlen(msg));
    const char *rid = log_request_id();
    if (rid != NULL) {
        put_key(&sb, "requestId");
        strbuf_append_json_string(&sb, rid, strlen(rid));
    }

    va_list ap;
    va_start(ap, msg);
    for (int n = 0; n < 64; n++) {
        struct log_field f = va_arg(ap, struct log_field);
        if (f.type == LOG_FIELD_END || f.key == NULL)
            break;
        put_field(&sb, &f);
    }
    va_end(ap);
    strbuf_puts(&sb, "}\n");

    int fd = atomic_load(&log_fd);
    if (fd < 0)
        fd = STDERR_FILENO;
    pthread_mutex_lock(&log_write_lock);
    write_all(fd, sb.data, sb.len);
    pthread_mutex_unlock(&log_write_lock);
    strbuf_free(&sb);
}
