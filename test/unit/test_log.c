/*
 * Unit tests for the structured logger (core/log.h, CONTRACT.md §1): one JSON object per
 * line with time, level, message, the thread's request id and the caller's fields; secrets
 * redacted by key; levels filtered; lines from concurrent threads never interleave.
 */
/* clang-format off */
#include <fcntl.h>
#include <jansson.h>
#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>
/* clang-format on */

#include "core/log.h"

static char logpath[256];
static int logfd = -1;

static int
setup(void **state)
{
    (void)state;
    const char *base = getenv("TMPDIR");
    snprintf(logpath, sizeof(logpath), "%s/test_log.XXXXXX", base && *base ? base : "/tmp");
    logfd = mkstemp(logpath);
    if (logfd < 0)
        return -1;
    log_set_fd(logfd);
    log_set_level(LOG_DEBUG);
    return 0;
}

static int
teardown(void **state)
{
    (void)state;
    log_set_fd(-1);
    log_set_level(LOG_INFO);
    log_set_request_id(NULL);
    close(logfd);
    unlink(logpath);
    return 0;
}

/* Everything written so far, as a malloc'd string. */
static char *
read_log(void)
{
    off_t end = lseek(logfd, 0, SEEK_END);
    char *buf = calloc((size_t)end + 1, 1);
    assert_non_null(buf);
    assert_int_equal(pread(logfd, buf, (size_t)end, 0), end);
    return buf;
}

/* Parses line number n (0-based) of the log as a JSON object. */
static json_t *
log_line(const char *text, int n)
{
    const char *p = text;
    for (int i = 0; i < n; i++) {
        p = strchr(p, '\n');
        assert_non_null(p);
        p++;
    }
    const char *end = strchr(p, '\n');
    assert_non_null(end);
    json_error_t jerr;
    json_t *obj = json_loadb(p, (size_t)(end - p), JSON_REJECT_DUPLICATES, &jerr);
    if (obj == NULL)
        fail_msg("line %d is not JSON (%s): %.*s", n, jerr.text, (int)(end - p), p);
    assert_true(json_is_object(obj));
    return obj;
}

static void
lines_are_json_objects_with_fields(void **state)
{
    (void)state;
    log_info("listening", LOG_STR("listen", "127.0.0.1:8080"), LOG_INT("threads", 8));
    log_set_request_id("req-123");
    log_warn("slow \"quoted\"\nmessage",
             LOG_BOOL("retry", true),
             LOG_DOUBLE("durationMs", 12.5),
             LOG_STR("nothing", NULL));
    log_set_request_id(NULL);
    log_error("no fields");

    char *text = read_log();
    json_t *a = log_line(text, 0);
    const char *time = json_string_value(json_object_get(a, "time"));
    assert_non_null(time);
    /* RFC 3339, UTC, milliseconds: 2026-11-24T08:00:00.123Z */
    assert_int_equal(strlen(time), 24);
    assert_int_equal(time[10], 'T');
    assert_int_equal(time[19], '.');
    assert_int_equal(time[23], 'Z');
    assert_string_equal(json_string_value(json_object_get(a, "level")), "info");
    assert_string_equal(json_string_value(json_object_get(a, "msg")), "listening");
    assert_string_equal(json_string_value(json_object_get(a, "listen")), "127.0.0.1:8080");
    assert_int_equal(json_integer_value(json_object_get(a, "threads")), 8);
    assert_null(json_object_get(a, "requestId"));
    json_decref(a);

    json_t *b = log_line(text, 1);
    assert_string_equal(json_string_value(json_object_get(b, "level")), "warn");
    assert_string_equal(json_string_value(json_object_get(b, "msg")), "slow \"quoted\"\nmessage");
    assert_string_equal(json_string_value(json_object_get(b, "requestId")), "req-123");
    assert_true(json_is_true(json_object_get(b, "retry")));
    assert_true(json_real_value(json_object_get(b, "durationMs")) == 12.5);
    assert_true(json_is_null(json_object_get(b, "nothing")));
    json_decref(b);

    json_t *c = log_line(text, 2);
    assert_string_equal(json_string_value(json_object_get(c, "level")), "error");
    assert_null(json_object_get(c, "requestId"));
    assert_int_equal(json_object_size(c), 3);
    json_decref(c);
    free(text);
}

static void
secrets_are_redacted_by_key(void **state)
{
    (void)state;
    log_info("login",
             LOG_STR("username", "alice"),
             LOG_STR("password", "hunter2-hunter2"),
             LOG_STR("refreshToken", "tok-abc"),
             LOG_STR("Authorization", "Bearer xyz"),
             LOG_STR("aadhaar", "234123412346"),
             LOG_INT("cvv", 123));
    char *text = read_log();
    assert_null(strstr(text, "hunter2"));
    assert_null(strstr(text, "tok-abc"));
    assert_null(strstr(text, "Bearer"));
    assert_null(strstr(text, "234123412346"));
    json_t *a = log_line(text, 0);
    assert_string_equal(json_string_value(json_object_get(a, "username")), "alice");
    assert_string_equal(json_string_value(json_object_get(a, "password")), "[redacted]");
    assert_string_equal(json_string_value(json_object_get(a, "cvv")), "[redacted]");
    json_decref(a);
    free(text);
    assert_true(log_key_is_secret("WALLET_JWT_SECRET"));
    assert_true(log_key_is_secret("seal_key"));
    assert_false(log_key_is_secret("requestId"));
}

static void
levels_are_filtered(void **state)
{
    (void)state;
    log_set_level(LOG_WARN);
    log_debug("hidden");
    log_info("hidden too");
    log_warn("shown");
    char *text = read_log();
    assert_null(strstr(text, "hidden"));
    assert_non_null(strstr(text, "shown"));
    free(text);
    enum log_level l;
    assert_int_equal(log_level_parse("error", &l), 0);
    assert_int_equal(l, LOG_ERROR);
    assert_int_equal(log_level_parse("verbose", &l), -1);
}

#define THREADS 4
#define LINES 200

static void *
writer(void *arg)
{
    char rid[32];
    snprintf(rid, sizeof(rid), "thread-%d", *(int *)arg);
    log_set_request_id(rid);
    for (int i = 0; i < LINES; i++)
        log_info("concurrent line with some padding to make it longer", LOG_INT("i", i));
    return NULL;
}

static void
threads_never_interleave_and_keep_their_request_id(void **state)
{
    (void)state;
    pthread_t t[THREADS];
    int ids[THREADS];
    for (int i = 0; i < THREADS; i++) {
        ids[i] = i;
        assert_int_equal(pthread_create(&t[i], NULL, writer, &ids[i]), 0);
    }
    for (int i = 0; i < THREADS; i++)
        pthread_join(t[i], NULL);
    assert_null(log_request_id()); /* the main thread's context is its own */
    char *text = read_log();
    int per_thread[THREADS] = {0};
    for (int n = 0; n < THREADS * LINES; n++) {
        json_t *obj = log_line(text, n);
        const char *rid = json_string_value(json_object_get(obj, "requestId"));
        assert_non_null(rid);
        int id = atoi(rid + strlen("thread-"));
        assert_true(id >= 0 && id < THREADS);
        assert_int_equal(json_integer_value(json_object_get(obj, "i")), per_thread[id]);
        per_thread[id]++;
        json_decref(obj);
    }
    free(text);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(lines_are_json_objects_with_fields, setup, teardown),
        cmocka_unit_test_setup_teardown(secrets_are_redacted_by_key, setup, teardown),
        cmocka_unit_test_setup_teardown(levels_are_filtered, setup, teardown),
        cmocka_unit_test_setup_teardown(
            threads_never_interleave_and_keep_their_request_id, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
