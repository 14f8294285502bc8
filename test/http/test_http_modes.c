/*
 * walletd in its other modes, each a fresh process over one throwaway PostgreSQL: the
 * per-IP rate limit (429 + Retry-After), chaos mode from WALLET_CHAOS (503 before anything
 * takes effect, /health and /metrics exempt, counted), the ADMIN operations setChaos and
 * systemStatus (FORBIDDEN for a USER), and production mode (introspection refused with
 * INTROSPECTION_DISABLED, no GraphiQL, no "Did you mean").
 */
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

#include "crypto/jwt.h"
#include "http/harness.h"

#define JWT_SECRET "modes-secret-0123456789abcdef0123456789abcd"
#define SEAL_KEY "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8="

static struct th_pg pg;
static long admin_id, user_id;

static int
setup(void **state)
{
    (void)state;
    if (th_pg_create(&pg) != 0 || th_pg_schema(&pg) != 0)
        return -1;
    admin_id = th_pg_create_user(&pg, "modes_admin", "ADMIN");
    user_id = th_pg_create_user(&pg, "modes_user", "USER");
    return admin_id > 0 && user_id > 0 ? 0 : -1;
}

static int
teardown(void **state)
{
    (void)state;
    th_pg_destroy(&pg);
    return 0;
}

static void
start(struct th_walletd *w, const char *const *env)
{
    if (th_walletd_start(w, pg.url, env) != 0)
        fail_msg("walletd did not start");
}

static void
stop(struct th_walletd *w)
{
    assert_int_equal(th_walletd_stop(w, 15000), 0);
    th_walletd_remove_log(w);
}

static void
assert_body_has(const struct th_response *r, const char *needle)
{
    if (strstr(r->body, needle) == NULL)
        fail_msg("HTTP %d body lacks %s: %s", r->status, needle, r->body);
}

static void
rate_limit_per_client_ip(void **state)
{
    (void)state;
    struct th_walletd w;
    const char *env[] = {"WALLET_JWT_SECRET=" JWT_SECRET, "WALLET_RATE_LIMIT_RPS=1", NULL};
    start(&w, env);
    /* 1 request a second, burst 2: the third request in a row is refused. */
    struct th_response r;
    int statuses[4];
    for (int i = 0; i < 4; i++) {
        assert_int_equal(th_graphql(w.port, NULL, NULL, "{\"query\":\"{ __typename }\"}", &r), 0);
        statuses[i] = r.status;
        if (r.status == 429) {
            const char *retry = th_header(&r, "Retry-After");
            assert_non_null(retry);
            assert_true(atoi(retry) >= 1);
            assert_body_has(&r, "\"code\":\"RATE_LIMITED\"");
            assert_non_null(th_header(&r, "X-Request-ID"));
        }
        th_response_free(&r);
    }
    assert_int_equal(statuses[0], 200);
    assert_int_equal(statuses[1], 200);
    assert_int_equal(statuses[2], 429);
    assert_int_equal(statuses[3], 429);
    /* Health and metrics are not limited; the refusals are counted. */
    for (int i = 0; i < 5; i++) {
        assert_int_equal(th_request(w.port, "GET", "/health", NULL, NULL, 0, &r), 0);
        assert_int_equal(r.status, 200);
        th_response_free(&r);
    }
    assert_int_equal(th_request(w.port, "GET", "/metrics", NULL, NULL, 0, &r), 0);
    assert_body_has(&r, "wallet_rate_limited_total{limit=\"request\"} 2\n");
    assert_body_has(&r, "wallet_graphql_requests_total{operation=\"anonymous\",status=\"429\"} 2");
    th_response_free(&r);
    stop(&w);
}

static void
chaos_from_environment(void **state)
{
    (void)state;
    struct th_walletd w;
    const char *env[] = {"WALLET_JWT_SECRET=" JWT_SECRET, "WALLET_CHAOS=1:0", NULL};
    start(&w, env);
    struct th_response r;
    for (int m = 0; m < 2; m++) {
        assert_int_equal(th_graphql(w.port,
                                    m ? "application/graphql-response+json" : NULL,
                                    NULL,
                                    "{\"query\":\"{ __typename }\"}",
                                    &r),
                         0);
        assert_int_equal(r.status, 503);
        assert_body_has(&r, "\"code\":\"SERVICE_UNAVAILABLE\"");
        assert_null(strstr(r.body, "\"data\""));
        th_response_free(&r);
    }
    assert_int_equal(th_request(w.port, "GET", "/health", NULL, NULL, 0, &r), 0);
    assert_int_equal(r.status, 200);
    th_response_free(&r);
    assert_int_equal(th_request(w.port, "GET", "/metrics", NULL, NULL, 0, &r), 0);
    assert_int_equal(r.status, 200);
    assert_body_has(&r, "wallet_chaos_injections_total{kind=\"error\"} 2\n");
    assert_body_has(&r, "wallet_chaos_enabled 1\n");
    th_response_free(&r);
    stop(&w);
}

static void
post_as(int port, const char *token, const char *body, struct th_response *r)
{
    char hdr[JWT_MAX_TOKEN + 64];
    snprintf(hdr, sizeof(hdr), "Authorization: Bearer %s\r\n", token);
    assert_int_equal(th_graphql(port, "application/graphql-response+json", hdr, body, r), 0);
}

static void
set_chaos_and_system_status_are_admin_only(void **state)
{
    (void)state;
    struct th_walletd w;
    const char *env[] = {"WALLET_JWT_SECRET=" JWT_SECRET, NULL};
    start(&w, env);
    char admin[JWT_MAX_TOKEN], user[JWT_MAX_TOKEN];
    th_token(JWT_SECRET, admin_id, "ADMIN", 600, admin);
    /* The role claim says ADMIN, but the user row says USER: the row wins. */
    th_token(JWT_SECRET, user_id, "ADMIN", 600, user);
    struct th_response r;

    post_as(w.port, user, "{\"query\":\"{ systemStatus { version } }\"}", &r);
    assert_int_equal(r.status, 200);
    assert_body_has(&r, "\"code\":\"FORBIDDEN\"");
    th_response_free(&r);
    post_as(w.port,
            user,
            "{\"query\":\"mutation { setChaos(input: {enabled: true, errorRate: 1}) "
            "{ enabled } }\"}",
            &r);
    assert_body_has(&r, "\"code\":\"FORBIDDEN\"");
    th_response_free(&r);

    post_as(w.port,
            admin,
            "{\"query\":\"mutation { setChaos(input: {enabled: true, errorRate: 0, latencyMs: 5}) "
            "{ enabled errorRate latencyMs } }\"}",
            &r);
    assert_int_equal(r.status, 200);
    assert_body_has(&r,
                    "{\"data\":{\"setChaos\":{\"enabled\":true,\"errorRate\":0,\"latencyMs\":5}}}");
    th_response_free(&r);
    post_as(w.port,
            admin,
            "{\"query\":\"{ systemStatus { version uptimeSeconds databaseOk requestsTotal "
            "chaos { enabled errorRate latencyMs } } }\"}",
            &r);
    assert_int_equal(r.status, 200);
    assert_body_has(&r, "\"databaseOk\":true");
    assert_body_has(&r, "\"chaos\":{\"enabled\":true,\"errorRate\":0,\"latencyMs\":5}");
    assert_null(strstr(r.body, "\"errors\""));
    th_response_free(&r);
    /* Out of range: refused, nothing changes. */
    post_as(w.port,
            admin,
            "{\"query\":\"mutation { setChaos(input: {enabled: true, errorRate: 1.5}) "
            "{ enabled } }\"}",
            &r);
    assert_body_has(&r, "\"code\":\"BAD_USER_INPUT\"");
    th_response_free(&r);
    /* errorRate 1: every /graphql request now fails before any effect. */
    post_as(w.port,
            admin,
            "{\"query\":\"mutation { setChaos(input: {enabled: true, errorRate: 1, latencyMs: 0}) "
            "{ enabled } }\"}",
            &r);
    assert_int_equal(r.status, 200);
    th_response_free(&r);
    /* Both toggles are in the audit log, with the admin as actor and the request id. */
    char sql[256], count[32];
    snprintf(sql,
             sizeof(sql),
             "SELECT count(*) FROM audit_log WHERE action = 'CHAOS_TOGGLE' AND actor_id = %ld "
             "AND request_id IS NOT NULL",
             admin_id);
    assert_int_equal(th_pg_value(&pg, sql, count, sizeof(count)), 0);
    assert_string_equal(count, "2");
    post_as(w.port, admin, "{\"query\":\"{ __typename }\"}", &r);
    assert_int_equal(r.status, 503);
    assert_body_has(&r, "\"code\":\"SERVICE_UNAVAILABLE\"");
    th_response_free(&r);
    assert_int_equal(th_request(w.port, "GET", "/metrics", NULL, NULL, 0, &r), 0);
    assert_body_has(&r, "wallet_chaos_injections_total{kind=\"error\"} 1\n");
    th_response_free(&r);
    stop(&w);
}

static void
production_mode(void **state)
{
    (void)state;
    struct th_walletd w;
    const char *env[] = {
        "WALLET_ENV=production",
        "WALLET_JWT_SECRET=" JWT_SECRET,
        "WALLET_SEAL_KEY=" SEAL_KEY,
        NULL,
    };
    start(&w, env);
    struct th_response r;
    const char *introspection[] = {
        "{\"query\":\"{ __schema { queryType { name } } }\"}",
        "{\"query\":\"{ __type(name: \\\"Query\\\") { name } }\"}",
    };
    for (size_t i = 0; i < 2; i++) {
        assert_int_equal(
            th_graphql(w.port, "application/graphql-response+json", NULL, introspection[i], &r), 0);
        assert_int_equal(r.status, 400);
        assert_body_has(&r, "\"code\":\"INTROSPECTION_DISABLED\"");
        assert_null(strstr(r.body, "\"data\""));
        th_response_free(&r);
        assert_int_equal(th_graphql(w.port, "application/json", NULL, introspection[i], &r), 0);
        assert_int_equal(r.status, 200);
        assert_body_has(&r, "\"code\":\"INTROSPECTION_DISABLED\"");
        th_response_free(&r);
    }
    /* __typename is not introspection. */
    assert_int_equal(th_graphql(w.port, NULL, NULL, "{\"query\":\"{ __typename }\"}", &r), 0);
    assert_int_equal(r.status, 200);
    th_response_free(&r);
    /* No suggestions. */
    assert_int_equal(th_graphql(w.port, NULL, NULL, "{\"query\":\"{ systemStatu }\"}", &r), 0);
    assert_body_has(&r, "GRAPHQL_VALIDATION_FAILED");
    assert_null(strstr(r.body, "Did you mean"));
    th_response_free(&r);
    assert_int_equal(th_request(w.port, "GET", "/graphiql", NULL, NULL, 0, &r), 0);
    assert_int_equal(r.status, 404);
    th_response_free(&r);
    stop(&w);

    /* Both can be turned back on explicitly. */
    const char *env_on[] = {
        "WALLET_ENV=production",
        "WALLET_JWT_SECRET=" JWT_SECRET,
        "WALLET_SEAL_KEY=" SEAL_KEY,
        "WALLET_INTROSPECTION=1",
        NULL,
    };
    start(&w, env_on);
    assert_int_equal(th_graphql(w.port, NULL, NULL, introspection[0], &r), 0);
    assert_int_equal(r.status, 200);
    assert_body_has(&r, "{\"data\":{\"__schema\":{\"queryType\":{\"name\":\"Query\"}}}}");
    th_response_free(&r);
    stop(&w);

    /* Development suggests. */
    const char *env_dev[] = {"WALLET_JWT_SECRET=" JWT_SECRET, NULL};
    start(&w, env_dev);
    assert_int_equal(th_graphql(w.port, NULL, NULL, "{\"query\":\"{ systemStatu }\"}", &r), 0);
    assert_body_has(&r, "Did you mean");
    th_response_free(&r);
    stop(&w);
}

int
main(void)
{
    if (th_walletd_path() == NULL) {
        fprintf(stderr, "walletd is not built\n");
        return 1;
    }
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(rate_limit_per_client_ip),
        cmocka_unit_test(chaos_from_environment),
        cmocka_unit_test(set_chaos_and_system_status_are_admin_only),
        cmocka_unit_test(production_mode),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
