/* Unit tests for the in-memory rate limits (token bucket, sliding window, bounded table). */
/* cmocka.h needs these headers first. */
/* clang-format off */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <cmocka.h>
/* clang-format on */

#include "app/ratelimit.h"

/* A bucket of 2 x rps is spent by a burst, then refills at rps per second. */
static void
bucket_allows_burst_then_refills(void **state)
{
    (void)state;
    struct app_ratelimit_config cfg = {.request_rps = 5};
    struct app_ratelimit *rl = app_ratelimit_new(&cfg);
    assert_non_null(rl);
    int64_t t = 1000000;
    int retry = -1;
    for (int i = 0; i < 10; i++)
        assert_int_equal(app_ratelimit_take(rl, APP_RL_REQUEST, "10.0.0.1", 1, t, &retry), 0);
    assert_int_equal(app_ratelimit_take(rl, APP_RL_REQUEST, "10.0.0.1", 1, t, &retry), -1);
    assert_int_equal(retry, 1);
    /* Another client has its own bucket. */
    assert_int_equal(app_ratelimit_take(rl, APP_RL_REQUEST, "10.0.0.2", 1, t, NULL), 0);
    /* 200 ms at 5/s is one token. */
    assert_int_equal(app_ratelimit_take(rl, APP_RL_REQUEST, "10.0.0.1", 1, t + 200, &retry), 0);
    assert_int_equal(app_ratelimit_take(rl, APP_RL_REQUEST, "10.0.0.1", 1, t + 200, &retry), -1);
    /* A long pause refills only up to the burst. */
    t += 3600 * 1000;
    int ok = 0;
    while (app_ratelimit_take(rl, APP_RL_REQUEST, "10.0.0.1", 1, t, NULL) == 0)
        ok++;
    assert_int_equal(ok, 10);
    app_ratelimit_free(rl);
}

/* Retry-After rounds up to whole seconds: at 0.5/s an empty bucket needs 2 s. */
static void
bucket_retry_after_rounds_up(void **state)
{
    (void)state;
    struct app_ratelimit_config cfg = {.request_rps = 0.5};
    struct app_ratelimit *rl = app_ratelimit_new(&cfg);
    int retry = 0;
    assert_int_equal(app_ratelimit_take(rl, APP_RL_REQUEST, "a", 1, 0, &retry), 0);
    assert_int_equal(app_ratelimit_take(rl, APP_RL_REQUEST, "a", 1, 0, &retry), -1);
    assert_int_equal(retry, 2);
    app_ratelimit_free(rl);
}

/* A zero setting turns a limit off entirely. */
static void
zero_disables(void **state)
{
    (void)state;
    struct app_ratelimit_config cfg = {0};
    struct app_ratelimit *rl = app_ratelimit_new(&cfg);
    for (int i = 0; i < 1000; i++) {
        assert_int_equal(app_ratelimit_take(rl, APP_RL_REQUEST, "x", 1, 0, NULL), 0);
        assert_int_equal(app_ratelimit_take(rl, APP_RL_LOGIN, "x", 5, 0, NULL), 0);
    }
    assert_false(app_ratelimit_enabled(rl, APP_RL_LOGIN));
    assert_int_equal(app_ratelimit_size(rl), 0);
    app_ratelimit_free(rl);
}

/* At most N attempts in any 60 s; n attempts at once need room for all n. */
static void
window_counts_attempts_exactly(void **state)
{
    (void)state;
    struct app_ratelimit_config cfg = {.login_per_minute = 10};
    struct app_ratelimit *rl = app_ratelimit_new(&cfg);
    int retry = 0;
    /* Seven at t=0, three at t=30 s: full. */
    assert_int_equal(app_ratelimit_take(rl, APP_RL_LOGIN, "ip", 7, 0, &retry), 0);
    assert_int_equal(app_ratelimit_take(rl, APP_RL_LOGIN, "ip", 3, 30000, &retry), 0);
    assert_int_equal(app_ratelimit_take(rl, APP_RL_LOGIN, "ip", 1, 30000, &retry), -1);
    assert_int_equal(retry, 30); /* the t=0 attempts leave at t=60 s */
    /* At t=60 s the first seven have left: seven more fit, not eight. */
    assert_int_equal(app_ratelimit_take(rl, APP_RL_LOGIN, "ip", 8, 60000, &retry), -1);
    assert_int_equal(retry, 30);
    assert_int_equal(app_ratelimit_take(rl, APP_RL_LOGIN, "ip", 7, 60000, &retry), 0);
    /* 100 aliased attempts never fit a window of 10, and are not counted. */
    assert_int_equal(app_ratelimit_take(rl, APP_RL_LOGIN, "other", 100, 0, &retry), -1);
    assert_int_equal(retry, 60);
    assert_int_equal(app_ratelimit_take(rl, APP_RL_LOGIN, "other", 10, 0, &retry), 0);
    /* Kinds are separate: transfers are unlimited here. */
    assert_int_equal(app_ratelimit_take(rl, APP_RL_TRANSFER, "ip", 50, 0, &retry), 0);
    app_ratelimit_free(rl);
}

/* The table never grows beyond its bound; the least recently used entries go first. */
static void
table_is_bounded_and_evicts_idle_entries(void **state)
{
    (void)state;
    struct app_ratelimit_config cfg = {.request_rps = 1, .max_entries = 64};
    struct app_ratelimit *rl = app_ratelimit_new(&cfg);
    char key[32];
    /* Drain one client's bucket, then keep it recently used while others flood the table. */
    assert_int_equal(app_ratelimit_take(rl, APP_RL_REQUEST, "busy", 2, 0, NULL), 0);
    for (int i = 0; i < 10000; i++) {
        snprintf(key, sizeof(key), "10.1.%d.%d", i / 256, i % 256);
        assert_int_equal(app_ratelimit_take(rl, APP_RL_REQUEST, key, 1, 0, NULL), 0);
        if (i % 2 == 0)
            assert_int_equal(app_ratelimit_take(rl, APP_RL_REQUEST, "busy", 1, 0, NULL), -1);
    }
    assert_true(app_ratelimit_size(rl) <= 64);
    assert_int_equal(app_ratelimit_take(rl, APP_RL_REQUEST, "busy", 1, 0, NULL), -1);
    app_ratelimit_free(rl);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(bucket_allows_burst_then_refills),
        cmocka_unit_test(bucket_retry_after_rounds_up),
        cmocka_unit_test(zero_disables),
        cmocka_unit_test(window_counts_attempts_exactly),
        cmocka_unit_test(table_is_bounded_and_evicts_idle_entries),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
