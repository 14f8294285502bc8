/*
 * walletd across events: PostgreSQL stopped and started again under load (readiness follows
 * the database, requests in flight fail cleanly with 503 SERVICE_UNAVAILABLE, later ones
 * succeed without restarting walletd), and graceful shutdown on SIGTERM with a request in
 * flight (it completes, new /graphql requests are refused, the process exits 0).
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

#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define JWT_SECRET "lifecycle-secret-0123456789abcdef0123456789"

static struct th_pg pg;
static long user_id;
static char auth_header[JWT_MAX_TOKEN + 64];

static long
now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1000L + ts.tv_nsec / 1000000L;
}

static int
setup(void **state)
{
    (void)state;
    /* A cluster of our own: this test stops and starts it. */
    if (th_pg_create_own(&pg) != 0 || th_pg_schema(&pg) != 0)
        return -1;
    user_id = th_pg_create_user(&pg, "cycle_user", "USER");
    if (user_id <= 0)
        return -1;
    char token[JWT_MAX_TOKEN];
    th_token(JWT_SECRET, user_id, "USER", 3600, token);
    snprintf(auth_header, sizeof(auth_header), "Authorization: Bearer %s\r\n", token);
    return 0;
}

static int
teardown(void **state)
{
    (void)state;
    th_pg_destroy(&pg);
    return 0;
}

/* An authenticated request: it needs the database (the user row) to answer 200. */
static int
authed_request(int port, struct th_response *r)
{
    return th_graphql(port, NULL, auth_header, "{\"query\":\"{ __typename }\"}", r);
}

static int
ready_status(int port)
{
    struct th_response r;
    if (th_request(port, "GET", "/health/ready", NULL, NULL, 0, &r) != 0)
        return -1;
    int s = r.status;
    th_response_free(&r);
    return s;
}

struct load {
    int port;
    atomic_bool stop;
    atomic_int ok, unavailable, other;
    char other_body[512];
};

/* Keeps authenticated requests going; every answer must be 200 or a clean 503. */
static void *
load_thread(void *arg)
{
    struct load *l = arg;
    while (!atomic_load(&l->stop)) {
        struct th_response r;
        if (authed_request(l->port, &r) != 0) {
            atomic_fetch_add(&l->other, 1);
            snprintf(l->other_body, sizeof(l->other_body), "no response");
            continue;
        }
        if (r.status == 200 && strcmp(r.body, "{\"data\":{\"__typename\":\"Query\"}}") == 0)
            atomic_fetch_add(&l->ok, 1);
        else if (r.status == 503 && strstr(r.body, "\"code\":\"SERVICE_UNAVAILABLE\"") &&
                 strstr(r.body, "\"message\":\"Service unavailable\""))
            atomic_fetch_add(&l->unavailable, 1);
        else {
            atomic_fetch_add(&l->other, 1);
            snprintf(l->other_body, sizeof(l->other_body), "%d %s", r.status, r.body);
        }
        th_response_free(&r);
    }
    return NULL;
}

static void
database_restart_under_load(void **state)
{
    (void)state;
    struct th_walletd w;
    const char *env[] = {
        "WALLET_JWT_SECRET=" JWT_SECRET,
        "WALLET_RATE_LIMIT_RPS=0",
        "WALLET_THREADS=4",
        "WALLET_DB_POOL=2",
        NULL,
    };
    assert_int_equal(th_walletd_start(&w, pg.url, env), 0);
    assert_int_equal(ready_status(w.port), 200);

    struct load l = {.port = w.port};
    pthread_t threads[3];
    for (int i = 0; i < 3; i++)
        pthread_create(&threads[i], NULL, load_thread, &l);
    while (atomic_load(&l.ok) < 50)
        usleep(1000);

    assert_int_equal(th_pg_stop(&pg), 0);
    /* Readiness follows the database; liveness does not. */
    long deadline = now_ms() + 10000;
    while (ready_status(w.port) != 503 && now_ms() < deadline)
        usleep(20000);
    assert_int_equal(ready_status(w.port), 503);
    struct th_response r;
    assert_int_equal(th_request(w.port, "GET", "/health", NULL, NULL, 0, &r), 0);
    assert_int_equal(r.status, 200);
    th_response_free(&r);
    int unavailable_before = atomic_load(&l.unavailable);
    deadline = now_ms() + 10000;
    while (atomic_load(&l.unavailable) < unavailable_before + 20 && now_ms() < deadline)
        usleep(1000);

    assert_int_equal(th_pg_start(&pg), 0);
    deadline = now_ms() + 15000;
    while (ready_status(w.port) != 200 && now_ms() < deadline)
        usleep(20000);
    assert_int_equal(ready_status(w.port), 200);
    /* Requests succeed again on fresh connections, walletd never restarted. */
    int ok_after = atomic_load(&l.ok);
    deadline = now_ms() + 15000;
    while (atomic_load(&l.ok) < ok_after + 50 && now_ms() < deadline)
        usleep(1000);
    atomic_store(&l.stop, true);
    for (int i = 0; i < 3; i++)
        pthread_join(threads[i], NULL);

    if (atomic_load(&l.other) != 0)
        fail_msg("%d answers were neither 200 nor a clean 503, e.g. %s",
                 atomic_load(&l.other),
                 l.other_body);
    assert_true(atomic_load(&l.unavailable) >= 20);
    assert_true(atomic_load(&l.ok) >= ok_after + 50);
    assert_int_equal(authed_request(w.port, &r), 0);
    assert_int_equal(r.status, 200);
    th_response_free(&r);

    /* The broken connections were replaced, and it shows in the metrics. */
    assert_int_equal(th_request(w.port, "GET", "/metrics", NULL, NULL, 0, &r), 0);
    assert_null(strstr(r.body, "wallet_db_reconnects_total 0\n"));
    th_response_free(&r);
    /* No SQL, path or stack reached a client or the log. */
    char *log = th_walletd_log(&w);
    assert_null(strstr(log, "SELECT"));
    free(log);
    assert_int_equal(th_walletd_stop(&w, 15000), 0);
    th_walletd_remove_log(&w);
}

static void
graceful_shutdown_with_a_request_in_flight(void **state)
{
    (void)state;
    struct th_walletd w;
    const char *env[] = {"WALLET_JWT_SECRET=" JWT_SECRET, NULL};
    assert_int_equal(th_walletd_start(&w, pg.url, env), 0);

    /* A request whose body is still arriving: its handler is running. */
    const char *body = "{\"query\":\"query InFlight { __typename }\"}";
    size_t half = strlen(body) / 2;
    int fd = th_connect(w.port);
    assert_true(fd >= 0);
    char head[256];
    int k = snprintf(head,
                     sizeof(head),
                     "POST /graphql HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                     "Content-Length: %zu\r\n\r\n",
                     strlen(body));
    assert_int_equal(th_send_all(fd, head, (size_t)k), 0);
    assert_int_equal(th_send_all(fd, body, half), 0);
    usleep(200000);

    assert_int_equal(kill(w.pid, SIGTERM), 0);
    /* While it drains: readiness says no, new GraphQL requests are refused cleanly. */
    long deadline = now_ms() + 5000;
    while (ready_status(w.port) != 503 && now_ms() < deadline)
        usleep(10000);
    assert_int_equal(ready_status(w.port), 503);
    struct th_response r;
    assert_int_equal(th_graphql(w.port, NULL, NULL, "{\"query\":\"{ __typename }\"}", &r), 0);
    assert_int_equal(r.status, 503);
    assert_non_null(strstr(r.body, "\"code\":\"SERVICE_UNAVAILABLE\""));
    th_response_free(&r);
    int status;
    assert_int_equal(waitpid(w.pid, &status, WNOHANG), 0); /* still running */

    /* The request in flight completes normally. */
    assert_int_equal(th_send_all(fd, body + half, strlen(body) - half), 0);
    assert_int_equal(th_read_response(fd, &r, 10000), 0);
    assert_int_equal(r.status, 200);
    assert_string_equal(r.body, "{\"data\":{\"__typename\":\"Query\"}}");
    th_response_free(&r);
    close(fd);

    /* Then the process exits 0, well within 10 s, and stops listening. */
    deadline = now_ms() + 10000;
    pid_t done = 0;
    while ((done = waitpid(w.pid, &status, WNOHANG)) == 0 && now_ms() < deadline)
        usleep(10000);
    assert_int_equal(done, w.pid);
    assert_true(WIFEXITED(status));
    assert_int_equal(WEXITSTATUS(status), 0);
    w.pid = 0;
    assert_true(th_connect(w.port) < 0);
    char *log = th_walletd_log(&w);
    assert_non_null(strstr(log, "\"msg\":\"shutting down\""));
    assert_non_null(strstr(log, "\"operationName\":\"InFlight\""));
    free(log);
    th_walletd_remove_log(&w);
}

int
main(void)
{
    if (th_walletd_path() == NULL) {
        fprintf(stderr, "walletd is not built\n");
        return 1;
    }
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(database_restart_under_load),
        cmocka_unit_test(graceful_shutdown_with_a_request_in_flight),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
