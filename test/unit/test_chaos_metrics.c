/* Unit tests for chaos-mode settings and dice, and the Prometheus metrics rendering. */
/* cmocka.h needs these headers first. */
/* clang-format off */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
/* clang-format on */

#include "app/chaos.h"
#include "app/metrics.h"
#include "core/strbuf.h"

static void
chaos_parse_accepts_only_well_formed_settings(void **state)
{
    (void)state;
    struct app_chaos_settings s = {0};
    assert_int_equal(app_chaos_parse("0.2:300", &s), 0);
    assert_true(s.enabled);
    assert_true(s.error_rate > 0.1999 && s.error_rate < 0.2001);
    assert_int_equal(s.latency_ms, 300);
    assert_int_equal(app_chaos_parse("1:0", &s), 0);
    assert_true(s.error_rate == 1.0);
    assert_int_equal(app_chaos_parse(".5:60000", &s), 0);

    const char *bad[] = {"",
                         "0.2",
                         ":300",
                         "0.2:",
                         "1.5:10",
                         "-0.1:10",
                         "0.2:-1",
                         "0.2:60001",
                         "0.2:30x",
                         "abc:10",
                         "0.2:300:1",
                         "1e-1:10",
                         "0..2:1",
                         " 0.2:300"};
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        struct app_chaos_settings keep = {.latency_ms = 77};
        assert_int_equal(app_chaos_parse(bad[i], &keep), -1);
        assert_int_equal(keep.latency_ms, 77);
    }
}

static void
chaos_roll_follows_settings(void **state)
{
    (void)state;
    struct app_chaos *c = app_chaos_new();
    unsigned delay = 99;
    /* Off: never fails, no delay. */
    for (int i = 0; i < 1000; i++) {
        assert_false(app_chaos_roll(c, &delay));
        assert_int_equal(delay, 0);
    }
    struct app_chaos_settings all = {.enabled = true, .error_rate = 1.0, .latency_ms = 20};
    assert_int_equal(app_chaos_set(c, &all), 0);
    for (int i = 0; i < 1000; i++) {
        assert_true(app_chaos_roll(c, &delay));
        assert_true(delay <= 20);
    }
    struct app_chaos_settings none = {.enabled = true, .error_rate = 0.0, .latency_ms = 0};
    assert_int_equal(app_chaos_set(c, &none), 0);
    for (int i = 0; i < 1000; i++)
        assert_false(app_chaos_roll(c, &delay));
    /* About half at 0.5: 10000 rolls land far inside [4000, 6000]. */
    struct app_chaos_settings half = {.enabled = true, .error_rate = 0.5};
    assert_int_equal(app_chaos_set(c, &half), 0);
    int fails = 0;
    for (int i = 0; i < 10000; i++)
        fails += app_chaos_roll(c, NULL);
    assert_true(fails > 4000 && fails < 6000);
    /* Out-of-range settings are refused and leave the state alone. */
    struct app_chaos_settings bad = {.enabled = true, .error_rate = 2.0};
    assert_int_equal(app_chaos_set(c, &bad), -1);
    struct app_chaos_settings slow = {.enabled = true, .latency_ms = 60001};
    assert_int_equal(app_chaos_set(c, &slow), -1);
    struct app_chaos_settings got;
    app_chaos_get(c, &got);
    assert_true(got.error_rate == 0.5);
    app_chaos_free(c);
}

static void
metrics_render_prometheus_text(void **state)
{
    (void)state;
    struct app_metrics *m = app_metrics_new();
    app_metrics_graphql_request(m, "Dashboard", 200, 0.003);
    app_metrics_graphql_request(m, "Dashboard", 200, 0.2);
    app_metrics_graphql_request(m, NULL, 400, 0.0001);
    app_metrics_graphql_request(m, "bad\"label\n", 200, 20);
    app_metrics_transfer(m, "COMPLETED");
    app_metrics_transfer(m, "COMPLETED");
    app_metrics_transfer(m, "PENDING_REVIEW");
    app_metrics_rate_limited(m, APP_RL_LOGIN);
    app_metrics_chaos_error(m);
    app_metrics_chaos_delay(m, 250);
    app_metrics_http_request(m, "health", 200);
    assert_int_equal(app_metrics_graphql_total(m), 4);

    struct app_metrics_gauges g = {.pool_size = 4, .pool_in_use = 1, .pool_waiting = 2};
    struct strbuf out = STRBUF_INIT;
    app_metrics_render(m, &g, &out);
    const char *t = strbuf_cstr(&out);
    assert_non_null(strstr(t, "# TYPE wallet_graphql_requests_total counter\n"));
    assert_non_null(
        strstr(t, "wallet_graphql_requests_total{operation=\"Dashboard\",status=\"200\"} 2\n"));
    assert_non_null(
        strstr(t, "wallet_graphql_requests_total{operation=\"anonymous\",status=\"400\"} 1\n"));
    assert_non_null(
        strstr(t, "wallet_graphql_requests_total{operation=\"invalid\",status=\"200\"} 1\n"));
    assert_null(strstr(t, "bad\""));
    assert_non_null(strstr(t, "# TYPE wallet_graphql_request_duration_seconds histogram\n"));
    assert_non_null(strstr(t, "wallet_graphql_request_duration_seconds_bucket{le=\"0.001\"} 1\n"));
    assert_non_null(strstr(t, "wallet_graphql_request_duration_seconds_bucket{le=\"0.005\"} 2\n"));
    assert_non_null(strstr(t, "wallet_graphql_request_duration_seconds_bucket{le=\"10\"} 3\n"));
    assert_non_null(strstr(t, "wallet_graphql_request_duration_seconds_bucket{le=\"+Inf\"} 4\n"));
    assert_non_null(strstr(t, "wallet_graphql_request_duration_seconds_count 4\n"));
    assert_non_null(strstr(t, "wallet_transfers_total{status=\"COMPLETED\"} 2\n"));
    assert_non_null(strstr(t, "wallet_transfers_total{status=\"PENDING_REVIEW\"} 1\n"));
    assert_non_null(strstr(t, "wallet_rate_limited_total{limit=\"login\"} 1\n"));
    assert_non_null(strstr(t, "wallet_rate_limited_total{limit=\"request\"} 0\n"));
    assert_non_null(strstr(t, "wallet_chaos_injections_total{kind=\"error\"} 1\n"));
    assert_non_null(strstr(t, "wallet_chaos_injections_total{kind=\"delay\"} 1\n"));
    assert_non_null(strstr(t, "wallet_db_pool_in_use 1\n"));
    assert_non_null(strstr(t, "wallet_db_pool_waiting 2\n"));
    assert_non_null(strstr(t, "wallet_http_requests_total{route=\"health\",status=\"200\"} 1\n"));
    strbuf_free(&out);
    app_metrics_free(m);
}

/* Client-chosen operation names cannot grow the series table without bound. */
static void
metrics_series_are_bounded(void **state)
{
    (void)state;
    struct app_metrics *m = app_metrics_new();
    char name[32];
    for (int i = 0; i < 5000; i++) {
        snprintf(name, sizeof(name), "Op%d", i);
        app_metrics_graphql_request(m, name, 200, 0.001);
    }
    struct strbuf out = STRBUF_INIT;
    app_metrics_render(m, NULL, &out);
    size_t series = 0;
    for (const char *p = strbuf_cstr(&out); (p = strstr(p, "wallet_graphql_requests_total{")); p++)
        series++;
    assert_true(series <= APP_METRICS_MAX_SERIES);
    assert_non_null(strstr(strbuf_cstr(&out), "operation=\"other\",status=\"200\"}"));
    assert_int_equal(app_metrics_graphql_total(m), 5000);
    strbuf_free(&out);
    app_metrics_free(m);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(chaos_parse_accepts_only_well_formed_settings),
        cmocka_unit_test(chaos_roll_follows_settings),
        cmocka_unit_test(metrics_render_prometheus_text),
        cmocka_unit_test(metrics_series_are_bounded),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
