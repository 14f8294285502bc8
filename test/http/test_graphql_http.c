/*
 * /graphql and the other routes over real HTTP against a real walletd and PostgreSQL
 * (contract §2-§3): media types and status codes of the GraphQL over HTTP specification,
 * 400/405/413/415, malformed bodies, GET rules, headers on every response, CORS, Bearer
 * tokens refused whole with 401, login attempts counted per root field, health, metrics,
 * the dashboard and GraphiQL with their CSP, and a log that holds no secret.
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

#include <sys/socket.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#define JWT_SECRET "test-secret-0123456789abcdef0123456789abcdef"
#define ORIGIN_OK "http://localhost:5173"

static struct th_pg pg;
static struct th_walletd wd;
static char web_root[256];
static int port;

/* A small dashboard build: index.html, GraphiQL's page and one hashed asset. */
static void
write_file(const char *rel, const char *text)
{
    char path[512];
    snprintf(path, sizeof(path), "%s/%s", web_root, rel);
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fputs(text, f);
    fclose(f);
}

static int
setup(void **state)
{
    (void)state;
    const char *base = getenv("TMPDIR");
    snprintf(web_root, sizeof(web_root), "%s/wallet-web-XXXXXX", base && *base ? base : "/tmp");
    if (mkdtemp(web_root) == NULL)
        return -1;
    char dir[300];
    snprintf(dir, sizeof(dir), "%s/graphiql", web_root);
    mkdir(dir, 0755);
    snprintf(dir, sizeof(dir), "%s/assets", web_root);
    mkdir(dir, 0755);
    write_file("index.html", "<!doctype html><title>Wallet</title><div id=root></div>");
    write_file("graphiql/index.html", "<!doctype html><title>GraphiQL</title>");
    write_file("assets/app-1234.js", "console.log('wallet');");
    write_file(".secret", "do not serve");

    if (th_pg_create(&pg) != 0)
        return -1;
    if (th_pg_schema(&pg) != 0)
        return -1;
    char root_env[300];
    snprintf(root_env, sizeof(root_env), "WALLET_WEB_DIR=%s", web_root);
    static char root_env_static[300];
    memcpy(root_env_static, root_env, sizeof(root_env));
    const char *env[] = {
        "WALLET_JWT_SECRET=" JWT_SECRET,
        "WALLET_CORS_ORIGINS=" ORIGIN_OK ", https://wallet.example.com",
        "WALLET_RATE_LIMIT_RPS=0",
        "WALLET_LOGIN_ATTEMPTS_PER_MIN=10",
        root_env_static,
        NULL,
    };
    if (th_walletd_start(&wd, pg.url, env) != 0)
        return -1;
    port = wd.port;
    return 0;
}

static int
teardown(void **state)
{
    (void)state;
    int rc = th_walletd_stop(&wd, 15000);
    if (rc == 0)
        th_walletd_remove_log(&wd);
    th_pg_destroy(&pg);
    char cmd[300];
    snprintf(cmd, sizeof(cmd), "rm -rf '%s'", web_root);
    if (system(cmd) != 0)
        return -1;
    return rc == 0 ? 0 : -1;
}

/* Every response carries these (contract §2). */
static void
assert_common_headers(const struct th_response *r)
{
    const char *id = th_header(r, "X-Request-ID");
    assert_non_null(id);
    assert_true(strlen(id) >= 1 && strlen(id) <= 128);
    assert_string_equal(th_header(r, "X-Content-Type-Options"), "nosniff");
    assert_string_equal(th_header(r, "Referrer-Policy"), "no-referrer");
    const char *csp = th_header(r, "Content-Security-Policy");
    assert_non_null(csp);
    assert_non_null(strstr(csp, "frame-ancestors 'none'"));
}

/* A GraphQL-shaped error body with one error of the given code. */
static void
assert_error_code(const struct th_response *r, const char *code)
{
    char want[96];
    snprintf(want, sizeof(want), "\"code\":\"%s\"", code);
    if (strstr(r->body, "{\"errors\":[{\"message\":") != r->body || strstr(r->body, want) == NULL)
        fail_msg("expected a %s error body, got HTTP %d %s", code, r->status, r->body);
}

static void
post(const char *accept, const char *body, struct th_response *r)
{
    assert_int_equal(th_graphql(port, accept, NULL, body, r), 0);
}

/*---------------------------------------------------------------------------------------------*/

static void
health_and_readiness(void **state)
{
    (void)state;
    struct th_response r;
    assert_int_equal(th_request(port, "GET", "/health", NULL, NULL, 0, &r), 0);
    assert_int_equal(r.status, 200);
    assert_string_equal(r.body, "{\"status\":\"ok\"}");
    assert_common_headers(&r);
    th_response_free(&r);
    assert_int_equal(th_request(port, "GET", "/health/ready", NULL, NULL, 0, &r), 0);
    assert_int_equal(r.status, 200);
    assert_common_headers(&r);
    th_response_free(&r);
    assert_int_equal(th_request(port, "POST", "/health", NULL, "", 0, &r), 0);
    assert_int_equal(r.status, 405);
    th_response_free(&r);
}

static void
media_types_follow_accept(void **state)
{
    (void)state;
    const struct {
        const char *accept;
        const char *type;
    } cases[] = {
        {NULL, "application/json"},
        {"application/json", "application/json"},
        {"*/*", "application/json"},
        {"application/graphql-response+json", "application/graphql-response+json"},
        {"application/graphql-response+json, application/json;q=0.9",
         "application/graphql-response+json"},
        {"application/json, multipart/mixed", "application/json"},
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        struct th_response r;
        post(cases[i].accept, "{\"query\":\"{ __typename }\"}", &r);
        assert_int_equal(r.status, 200);
        assert_string_equal(r.body, "{\"data\":{\"__typename\":\"Query\"}}");
        const char *ct = th_header(&r, "Content-Type");
        if (ct == NULL || strncmp(ct, cases[i].type, strlen(cases[i].type)) != 0)
            fail_msg("Accept %s: Content-Type %s", cases[i].accept, ct ? ct : "(none)");
        assert_non_null(strstr(ct, "charset=utf-8"));
        assert_string_equal(th_header(&r, "Cache-Control"), "no-store");
        assert_common_headers(&r);
        th_response_free(&r);
    }
}

/* Parse and validation failures: 400 without data under graphql-response+json, else 200. */
static void
request_errors_status_depends_on_media_type(void **state)
{
    (void)state;
    const char *docs[] = {
        "{\"query\":\"{\"}",               /* parse */
        "{\"query\":\"{ noSuchField }\"}", /* validation */
        "{\"query\":\"query Q($id: ID!) { __typename }\",\"variables\":{\"id\":null}}",
        "{\"query\":\"query A { __typename } query B { __typename }\"}", /* no operationName */
        "{\"query\":\"query A { __typename }\",\"operationName\":\"Nope\"}",
    };
    for (size_t i = 0; i < sizeof(docs) / sizeof(docs[0]); i++) {
        struct th_response r;
        post("application/graphql-response+json", docs[i], &r);
        if (r.status != 400)
            fail_msg("%s: HTTP %d %s", docs[i], r.status, r.body);
        assert_null(strstr(r.body, "\"data\""));
        assert_non_null(strstr(r.body, "\"errors\":[{"));
        th_response_free(&r);
        post("application/json", docs[i], &r);
        if (r.status != 200)
            fail_msg("%s: HTTP %d %s", docs[i], r.status, r.body);
        assert_non_null(strstr(r.body, "\"errors\":[{"));
        th_response_free(&r);
    }
    struct th_response r;
    post(NULL, "{\"query\":\"{\"}", &r);
    assert_error_code(&r, "GRAPHQL_PARSE_FAILED");
    assert_non_null(strstr(r.body, "\"locations\":[{\"line\":1,\"column\":2}]"));
    th_response_free(&r);
    post(NULL, "{\"query\":\"{ noSuchField }\"}", &r);
    assert_error_code(&r, "GRAPHQL_VALIDATION_FAILED");
    th_response_free(&r);
}

static void
malformed_requests_are_400(void **state)
{
    (void)state;
    static const char nul_body[] = "{\"query\":\"{ __typename }\"}\0";
    const struct {
        const char *body;
        size_t len;
    } cases[] = {
        {"{ \"not a JSON", 0},
        {"[{\"query\":\"{ __typename }\"}]", 0}, /* batching */
        {"\"query\"", 0},
        {"{}", 0},
        {"{\"query\":null}", 0},
        {"{\"query\":1}", 0},
        {"{\"query\":{\"obj\":\"ect\"}}", 0},
        {"{\"query\":[\"array\"]}", 0},
        {"{\"query\":\"{ __typename }\",\"variables\":\"string\"}", 0},
        {"{\"query\":\"{ __typename }\",\"variables\":[1]}", 0},
        {"{\"query\":\"{ __typename }\",\"variables\":0}", 0},
        {"{\"query\":\"{ __typename }\",\"operationName\":1}", 0},
        {"{\"query\":\"{ __typename }\",\"operationName\":false}", 0},
        {"{\"query\":\"{ __typename }\",\"extensions\":[\"array\"]}", 0},
        {"{\"query\":\"{ __typename }\",\"extensions\":\"string\"}", 0},
        {"{\"query\":\"{ __typename }\",\"query\":\"{ __typename }\"}", 0}, /* duplicate */
        {"{\"query\":\"{ __typename \\u0000 }\"}", 0},                      /* escaped NUL */
        {nul_body, sizeof(nul_body) - 1},                                   /* raw NUL */
        {"{\"query\":\"{ __typename }\xff\"}", 0},                          /* not UTF-8 */
        {"{\"query\":\"\xc0\xaf\"}", 0},                                    /* overlong */
        {"", 0},                                                            /* empty */
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        for (int m = 0; m < 2; m++) {
            size_t len = cases[i].len ? cases[i].len : strlen(cases[i].body);
            struct th_response r;
            assert_int_equal(th_request(port,
                                        "POST",
                                        "/graphql",
                                        m ? "Content-Type: application/json\r\n"
                                            "Accept: application/graphql-response+json\r\n"
                                          : "Content-Type: application/json\r\n",
                                        cases[i].body,
                                        len,
                                        &r),
                             0);
            if (r.status != 400)
                fail_msg("case %zu: HTTP %d %s", i, r.status, r.body);
            assert_error_code(&r, "BAD_USER_INPUT");
            assert_common_headers(&r);
            th_response_free(&r);
        }
    }
    /* Deep nesting is refused, never a crash (jansson and the parser recurse). */
    size_t depth = 2000;
    char *deep = malloc(4 * depth + 128);
    size_t k = (size_t)sprintf(deep, "{\"query\":\"{ __typename }\",\"variables\":{\"a\":");
    memset(deep + k, '[', depth);
    memset(deep + k + depth, ']', depth);
    strcpy(deep + k + 2 * depth, "}}");
    struct th_response d;
    assert_int_equal(th_graphql(port, NULL, NULL, deep, &d), 0);
    assert_int_equal(d.status, 400);
    assert_error_code(&d, "BAD_USER_INPUT");
    th_response_free(&d);
    k = (size_t)sprintf(deep, "{\"query\":\"");
    for (size_t i = 0; i < depth; i++)
        deep[k++] = i % 2 ? 'a' : '{';
    for (size_t i = 0; i < depth / 2; i++)
        deep[k++] = '}';
    strcpy(deep + k, "\"}");
    assert_int_equal(th_graphql(port, NULL, NULL, deep, &d), 0);
    assert_int_equal(d.status, 200);
    assert_error_code(&d, "GRAPHQL_PARSE_FAILED");
    th_response_free(&d);
    free(deep);

    /* null is as good as absent for the optional members. */
    struct th_response r;
    post("application/graphql-response+json",
         "{\"query\":\"{ __typename }\",\"variables\":null,\"operationName\":null,"
         "\"extensions\":null}",
         &r);
    assert_int_equal(r.status, 200);
    th_response_free(&r);
}

static void
content_type_must_be_json(void **state)
{
    (void)state;
    const char *headers[] = {
        "Content-Type: text/plain\r\n",
        "Content-Type: application/graphql\r\n",
        "Content-Type: application/x-www-form-urlencoded\r\n",
        "Content-Type: application/json; charset=latin1\r\n",
        "",
    };
    for (size_t i = 0; i < sizeof(headers) / sizeof(headers[0]); i++) {
        struct th_response r;
        const char *body = "{\"query\":\"{ __typename }\"}";
        assert_int_equal(th_request(port, "POST", "/graphql", headers[i], body, strlen(body), &r),
                         0);
        assert_int_equal(r.status, 415);
        assert_error_code(&r, "BAD_USER_INPUT");
        th_response_free(&r);
    }
    struct th_response r;
    const char *body = "{\"query\":\"{ __typename }\"}";
    assert_int_equal(th_request(port,
                                "POST",
                                "/graphql",
                                "Content-Type: application/json; charset=UTF-8\r\n",
                                body,
                                strlen(body),
                                &r),
                     0);
    assert_int_equal(r.status, 200);
    th_response_free(&r);
}

/* {"query":"{ __typename }"} padded with spaces to exactly n bytes. */
static char *
padded_body(size_t n)
{
    const char *q = "{\"query\":\"{ __typename }\"}";
    char *b = malloc(n + 1);
    memset(b, ' ', n);
    memcpy(b, q, strlen(q));
    b[n] = '\0';
    return b;
}

static void
body_limit_is_1_mib(void **state)
{
    (void)state;
    size_t mib = 1024 * 1024;
    struct th_response r;
    char *ok = padded_body(mib);
    assert_int_equal(th_graphql(port, NULL, NULL, ok, &r), 0);
    assert_int_equal(r.status, 200);
    th_response_free(&r);
    char *big = padded_body(mib + 1);
    assert_int_equal(th_graphql(port, NULL, NULL, big, &r), 0);
    assert_int_equal(r.status, 413);
    assert_common_headers(&r);
    th_response_free(&r);

    /* Chunked (no Content-Length): the same cap, counted while reading. */
    for (int over = 0; over < 2; over++) {
        char *body = over ? big : ok;
        size_t len = strlen(body);
        int fd = th_connect(port);
        assert_true(fd >= 0);
        const char *head = "POST /graphql HTTP/1.1\r\nHost: x\r\nConnection: close\r\n"
                           "Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n";
        assert_int_equal(th_send_all(fd, head, strlen(head)), 0);
        size_t chunk = 64 * 1024;
        for (size_t off = 0; off < len; off += chunk) {
            size_t n = len - off < chunk ? len - off : chunk;
            char size_line[32];
            int k = snprintf(size_line, sizeof(size_line), "%zx\r\n", n);
            assert_int_equal(th_send_all(fd, size_line, (size_t)k), 0);
            assert_int_equal(th_send_all(fd, body + off, n), 0);
            assert_int_equal(th_send_all(fd, "\r\n", 2), 0);
        }
        assert_int_equal(th_send_all(fd, "0\r\n\r\n", 5), 0);
        assert_int_equal(th_read_response(fd, &r, 20000), 0);
        close(fd);
        assert_int_equal(r.status, over ? 413 : 200);
        th_response_free(&r);
    }
    free(ok);
    free(big);

    /* Expect: 100-continue: the server asks for the body it will read... */
    int fd = th_connect(port);
    const char *small = "{\"query\":\"{ __typename }\"}";
    char head[512];
    int k = snprintf(head,
                     sizeof(head),
                     "POST /graphql HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                     "Expect: 100-continue\r\nContent-Length: %zu\r\n\r\n",
                     strlen(small));
    assert_int_equal(th_send_all(fd, head, (size_t)k), 0);
    char interim[64] = {0};
    assert_true(recv(fd, interim, 25, MSG_WAITALL) == 25);
    assert_string_equal(interim, "HTTP/1.1 100 Continue\r\n\r\n");
    assert_int_equal(th_send_all(fd, small, strlen(small)), 0);
    assert_int_equal(th_read_response(fd, &r, 5000), 0);
    assert_int_equal(r.status, 200);
    assert_string_equal(r.body, "{\"data\":{\"__typename\":\"Query\"}}");
    assert_common_headers(&r);
    th_response_free(&r);
    /* ...and the connection stays usable for the next request. */
    const char *again = "GET /health HTTP/1.1\r\nHost: x\r\n\r\n";
    assert_int_equal(th_send_all(fd, again, strlen(again)), 0);
    assert_int_equal(th_read_response(fd, &r, 5000), 0);
    assert_int_equal(r.status, 200);
    th_response_free(&r);
    close(fd);
    /* ...and refuses one over the cap without waiting for it. */
    assert_int_equal(th_request(port,
                                "POST",
                                "/graphql",
                                "Content-Type: application/json\r\nExpect: 100-continue\r\n"
                                "Content-Length: 2000000\r\n",
                                NULL,
                                0,
                                &r),
                     0);
    assert_int_equal(r.status, 413);
    th_response_free(&r);

    /* A huge declared length is refused before anything is read. */
    assert_int_equal(th_request(port,
                                "POST",
                                "/graphql",
                                "Content-Type: application/json\r\n"
                                "Content-Length: 1000000000\r\n",
                                NULL,
                                0,
                                &r),
                     0);
    assert_int_equal(r.status, 413);
    th_response_free(&r);
}

static void
query_text_limit_is_100_kib(void **state)
{
    (void)state;
    size_t n = 100 * 1024 + 1;
    char *body = malloc(n + 64);
    int k = sprintf(body, "{\"query\":\"{ __typename }");
    memset(body + k, ' ', n - strlen("{ __typename }"));
    strcpy(body + k + n - strlen("{ __typename }"), "\"}");
    struct th_response r;
    assert_int_equal(th_graphql(port, "application/graphql-response+json", NULL, body, &r), 0);
    assert_int_equal(r.status, 400);
    assert_error_code(&r, "QUERY_TOO_COMPLEX");
    th_response_free(&r);
    free(body);

    /* Depth 13 is over the limit of 12; depth 12 is fine. */
    const char *deep13 = "{\"query\":\"{ transfer(id: \\\"1\\\") { fromAccount { entries { edges { "
                         "node { transfer { fromAccount { entries { edges { node { transfer { "
                         "fromAccount { id } } } } } } } } } } } } }\"}";
    post("application/graphql-response+json", deep13, &r);
    assert_int_equal(r.status, 400);
    assert_error_code(&r, "QUERY_TOO_COMPLEX");
    th_response_free(&r);
    const char *deep12 = "{\"query\":\"{ transfer(id: \\\"1\\\") { fromAccount { entries { edges { "
                         "node { transfer { fromAccount { entries { edges { node { transfer { "
                         "id } } } } } } } } } } } }\"}";
    post("application/graphql-response+json", deep12, &r);
    assert_int_equal(r.status, 200);
    th_response_free(&r);
    /* 101 aliases are over the limit of 100. */
    char aliases[4096];
    size_t n2 = (size_t)snprintf(aliases, sizeof(aliases), "{\"query\":\"{ ");
    for (int i = 0; i < 101; i++)
        n2 += (size_t)snprintf(aliases + n2, sizeof(aliases) - n2, "a%d: __typename ", i);
    snprintf(aliases + n2, sizeof(aliases) - n2, "}\"}");
    post(NULL, aliases, &r);
    assert_int_equal(r.status, 200);
    assert_error_code(&r, "QUERY_TOO_COMPLEX");
    th_response_free(&r);
}

static void
get_requests(void **state)
{
    (void)state;
    struct th_response r;
    char path[1024];
    char *q = th_urlencode("query Q($n: String!) { __type(name: $n) { name } }");
    char *v = th_urlencode("{\"n\":\"Query\"}");
    snprintf(path, sizeof(path), "/graphql?query=%s&variables=%s&operationName=Q", q, v);
    assert_int_equal(
        th_request(port, "GET", path, "Accept: application/graphql-response+json\r\n", NULL, 0, &r),
        0);
    assert_int_equal(r.status, 200);
    assert_string_equal(r.body, "{\"data\":{\"__type\":{\"name\":\"Query\"}}}");
    assert_string_equal(th_header(&r, "Cache-Control"), "no-store");
    th_response_free(&r);
    free(q);
    free(v);

    /* A mutation over GET: 405 with Allow: POST, whatever the media type. */
    q = th_urlencode("mutation { __typename }");
    snprintf(path, sizeof(path), "/graphql?query=%s", q);
    free(q);
    for (int m = 0; m < 2; m++) {
        assert_int_equal(th_request(port,
                                    "GET",
                                    path,
                                    m ? "Accept: application/graphql-response+json\r\n" : NULL,
                                    NULL,
                                    0,
                                    &r),
                         0);
        assert_int_equal(r.status, 405);
        assert_string_equal(th_header(&r, "Allow"), "POST");
        assert_common_headers(&r);
        th_response_free(&r);
    }

    const char *bad[] = {
        "/graphql",                                         /* no query */
        "/graphql?query=%7B__typename%7D&variables=%7B",    /* variables not JSON */
        "/graphql?query=%7B__typename%7D&variables=%5B%5D", /* variables an array */
        "/graphql?query=%7B__typename%00%7D",               /* NUL */
        "/graphql?query=%7B__typename%FF%7D",               /* not UTF-8 */
        "/graphql?query=%7B__typename%7D&query=%7B__typename%7D",
    };
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        assert_int_equal(th_request(port, "GET", bad[i], NULL, NULL, 0, &r), 0);
        if (r.status != 400)
            fail_msg("%s: HTTP %d %s", bad[i], r.status, r.body);
        assert_error_code(&r, "BAD_USER_INPUT");
        th_response_free(&r);
    }

    /* Other methods. */
    assert_int_equal(th_request(port, "PUT", "/graphql", NULL, "{}", 2, &r), 0);
    assert_int_equal(r.status, 405);
    assert_non_null(strstr(th_header(&r, "Allow"), "POST"));
    th_response_free(&r);
}

static void
request_ids_are_echoed_only_when_safe(void **state)
{
    (void)state;
    struct th_response r;
    assert_int_equal(
        th_request(port, "GET", "/health", "X-Request-ID: abc-123_X.y\r\n", NULL, 0, &r), 0);
    assert_string_equal(th_header(&r, "X-Request-ID"), "abc-123_X.y");
    th_response_free(&r);

    char long_id[200];
    memset(long_id, 'a', 129);
    long_id[129] = '\0';
    char hdr[300];
    const char *unsafe[] = {"a b", "<script>", "a;b", long_id};
    for (size_t i = 0; i < sizeof(unsafe) / sizeof(unsafe[0]); i++) {
        snprintf(hdr, sizeof(hdr), "X-Request-ID: %s\r\n", unsafe[i]);
        assert_int_equal(th_graphql(port, NULL, hdr, "{\"query\":\"{ __typename }\"}", &r), 0);
        const char *id = th_header(&r, "X-Request-ID");
        assert_non_null(id);
        assert_string_not_equal(id, unsafe[i]);
        assert_int_equal(strlen(id), 32);
        th_response_free(&r);
    }
    /* Two requests without an id get different ones. */
    char first[64];
    assert_int_equal(th_request(port, "GET", "/health", NULL, NULL, 0, &r), 0);
    snprintf(first, sizeof(first), "%s", th_header(&r, "X-Request-ID"));
    th_response_free(&r);
    assert_int_equal(th_request(port, "GET", "/health", NULL, NULL, 0, &r), 0);
    assert_string_not_equal(first, th_header(&r, "X-Request-ID"));
    th_response_free(&r);
}

static void
cors_allow_list_and_preflight(void **state)
{
    (void)state;
    struct th_response r;
    assert_int_equal(th_request(port,
                                "OPTIONS",
                                "/graphql",
                                "Origin: " ORIGIN_OK "\r\n"
                                "Access-Control-Request-Method: POST\r\n"
                                "Access-Control-Request-Headers: authorization, content-type\r\n",
                                NULL,
                                0,
                                &r),
                     0);
    assert_int_equal(r.status, 204);
    assert_string_equal(th_header(&r, "Access-Control-Allow-Origin"), ORIGIN_OK);
    assert_non_null(strstr(th_header(&r, "Access-Control-Allow-Methods"), "POST"));
    assert_non_null(strstr(th_header(&r, "Access-Control-Allow-Headers"), "Authorization"));
    assert_common_headers(&r);
    th_response_free(&r);

    assert_int_equal(th_request(port,
                                "OPTIONS",
                                "/graphql",
                                "Origin: https://evil.example.org\r\n"
                                "Access-Control-Request-Method: POST\r\n",
                                NULL,
                                0,
                                &r),
                     0);
    assert_null(th_header(&r, "Access-Control-Allow-Origin"));
    assert_null(th_header(&r, "Access-Control-Allow-Methods"));
    th_response_free(&r);

    assert_int_equal(th_graphql(port,
                                NULL,
                                "Origin: https://wallet.example.com\r\n",
                                "{\"query\":\"{ __typename }\"}",
                                &r),
                     0);
    assert_int_equal(r.status, 200);
    assert_string_equal(th_header(&r, "Access-Control-Allow-Origin"), "https://wallet.example.com");
    assert_non_null(strstr(th_header(&r, "Vary"), "Origin"));
    th_response_free(&r);
    assert_int_equal(th_graphql(port,
                                NULL,
                                "Origin: https://evil.example.org\r\n",
                                "{\"query\":\"{ __typename }\"}",
                                &r),
                     0);
    assert_null(th_header(&r, "Access-Control-Allow-Origin"));
    th_response_free(&r);
}

/* Signs a token for sub with the server's secret. */
static void
make_token(const char *sub, int64_t iat, int64_t exp, char *out, size_t cap)
{
    struct jwt_claims c = {0};
    snprintf(c.sub, sizeof(c.sub), "%s", sub);
    snprintf(c.role, sizeof(c.role), "ADMIN");
    snprintf(c.jti, sizeof(c.jti), "test-jti-1");
    c.iat = iat;
    c.exp = exp;
    assert_int_equal(
        jwt_sign((const unsigned char *)JWT_SECRET, strlen(JWT_SECRET), &c, out, cap, NULL), 0);
}

static void
bad_tokens_refuse_the_whole_request(void **state)
{
    (void)state;
    int64_t now = (int64_t)time(NULL);
    char unknown_user[JWT_MAX_TOKEN], expired[JWT_MAX_TOKEN], tampered[JWT_MAX_TOKEN];
    make_token("987654321", now - 10, now + 600, unknown_user, sizeof(unknown_user));
    make_token("1", now - 1000, now - 100, expired, sizeof(expired));
    snprintf(tampered, sizeof(tampered), "%s", unknown_user);
    tampered[strlen(tampered) - 3] = tampered[strlen(tampered) - 3] == 'A' ? 'B' : 'A';

    char hdr[JWT_MAX_TOKEN + 64];
    const char *auth[] = {
        "Authorization: Bearer nonsense\r\n",
        "Authorization: Basic dXNlcjpwYXNz\r\n",
        "Authorization: Bearer\r\n",
        NULL, /* expired */
        NULL, /* tampered */
        NULL, /* well signed, no such user */
    };
    for (size_t i = 0; i < sizeof(auth) / sizeof(auth[0]); i++) {
        const char *h = auth[i];
        if (h == NULL) {
            const char *tok = i == 3 ? expired : i == 4 ? tampered : unknown_user;
            snprintf(hdr, sizeof(hdr), "Authorization: Bearer %s\r\n", tok);
            h = hdr;
        }
        for (int m = 0; m < 2; m++) {
            struct th_response r;
            assert_int_equal(th_graphql(port,
                                        m ? "application/graphql-response+json" : NULL,
                                        h,
                                        "{\"query\":\"{ __typename }\"}",
                                        &r),
                             0);
            if (r.status != 401)
                fail_msg("auth case %zu: HTTP %d %s", i, r.status, r.body);
            assert_error_code(&r, "UNAUTHENTICATED");
            /* Exactly one error, no data. */
            assert_null(strstr(r.body, "\"data\""));
            assert_null(strstr(strstr(r.body, "UNAUTHENTICATED"), "\"message\""));
            th_response_free(&r);
        }
    }
    /* Without the header the request goes through (me would be null). */
    struct th_response r;
    post(NULL, "{\"query\":\"{ __typename }\"}", &r);
    assert_int_equal(r.status, 200);
    th_response_free(&r);
}

static void
admin_fields_need_a_user(void **state)
{
    (void)state;
    struct th_response r;
    post(NULL, "{\"query\":\"{ systemStatus { version } }\"}", &r);
    assert_int_equal(r.status, 200);
    assert_non_null(strstr(r.body, "\"code\":\"UNAUTHENTICATED\""));
    th_response_free(&r);
    post(NULL,
         "{\"query\":\"mutation { setChaos(input: {enabled: true, errorRate: 1}) { enabled } }\"}",
         &r);
    assert_non_null(strstr(r.body, "\"code\":\"UNAUTHENTICATED\""));
    th_response_free(&r);
    /* Chaos did not turn on. */
    post(NULL, "{\"query\":\"{ __typename }\"}", &r);
    assert_int_equal(r.status, 200);
    th_response_free(&r);
}

/* 100 aliased login fields are 100 attempts: over the limit of 10, refused whole. */
static void
login_attempts_counted_per_root_field(void **state)
{
    (void)state;
    char body[8192];
    size_t n = (size_t)snprintf(body, sizeof(body), "{\"query\":\"mutation { ");
    for (int i = 0; i < 11; i++)
        n += (size_t)snprintf(body + n,
                              sizeof(body) - n,
                              "a%d: login(username: \\\"nobody\\\", password: \\\"pw\\\") "
                              "{ accessToken } ",
                              i);
    snprintf(body + n, sizeof(body) - n, "}\"}");
    struct th_response r;
    post("application/graphql-response+json", body, &r);
    assert_int_equal(r.status, 429);
    assert_error_code(&r, "RATE_LIMITED");
    assert_non_null(th_header(&r, "Retry-After"));
    assert_true(atoi(th_header(&r, "Retry-After")) >= 1);
    th_response_free(&r);

    /* Through fragments and inline fragments too: 4 + 4 + 3 = 11. */
    const char *login = "login(username: \\\"x\\\", password: \\\"y\\\") { accessToken } ";
    n = (size_t)snprintf(body, sizeof(body), "{\"query\":\"mutation { ");
    for (int i = 0; i < 4; i++)
        n += (size_t)snprintf(body + n, sizeof(body) - n, "d%d: %s", i, login);
    n += (size_t)snprintf(body + n, sizeof(body) - n, "...F ... on Mutation { ");
    for (int i = 0; i < 3; i++)
        n += (size_t)snprintf(body + n, sizeof(body) - n, "i%d: %s", i, login);
    n += (size_t)snprintf(body + n, sizeof(body) - n, "} } fragment F on Mutation { ");
    for (int i = 0; i < 4; i++)
        n += (size_t)snprintf(body + n, sizeof(body) - n, "f%d: %s", i, login);
    snprintf(body + n, sizeof(body) - n, "}\"}");
    post(NULL, body, &r);
    if (r.status != 429)
        fail_msg("HTTP %d %s", r.status, r.body);
    assert_error_code(&r, "RATE_LIMITED");
    th_response_free(&r);
}

static void
metrics_in_prometheus_format(void **state)
{
    (void)state;
    struct th_response r;
    post(NULL, "{\"query\":\"query MetricsProbe { __typename }\"}", &r);
    th_response_free(&r);
    assert_int_equal(th_request(port, "GET", "/metrics", NULL, NULL, 0, &r), 0);
    assert_int_equal(r.status, 200);
    assert_non_null(strstr(th_header(&r, "Content-Type"), "text/plain; version=0.0.4"));
    assert_non_null(strstr(
        r.body, "wallet_graphql_requests_total{operation=\"MetricsProbe\",status=\"200\"} 1\n"));
    assert_non_null(strstr(r.body, "# TYPE wallet_graphql_request_duration_seconds histogram"));
    assert_non_null(strstr(r.body, "wallet_graphql_request_duration_seconds_bucket{le=\"+Inf\"}"));
    assert_non_null(strstr(r.body, "wallet_db_pool_in_use "));
    assert_non_null(strstr(r.body, "wallet_db_pool_waiting "));
    assert_non_null(strstr(r.body, "# TYPE wallet_transfers_total counter"));
    const char *rl = strstr(r.body, "wallet_rate_limited_total{limit=\"login\"} ");
    assert_non_null(rl);
    assert_int_equal(atoi(rl + strlen("wallet_rate_limited_total{limit=\"login\"} ")), 2);
    assert_non_null(strstr(r.body, "wallet_chaos_injections_total{kind=\"error\"} 0"));
    assert_common_headers(&r);
    th_response_free(&r);
}

static void
dashboard_and_graphiql(void **state)
{
    (void)state;
    struct th_response r;
    const char *html_paths[] = {"/", "/accounts/42", "/graphiql", "/graphiql/"};
    for (size_t i = 0; i < sizeof(html_paths) / sizeof(html_paths[0]); i++) {
        assert_int_equal(th_request(port, "GET", html_paths[i], NULL, NULL, 0, &r), 0);
        if (r.status != 200)
            fail_msg("%s: HTTP %d", html_paths[i], r.status);
        assert_non_null(strstr(th_header(&r, "Content-Type"), "text/html"));
        const char *csp = th_header(&r, "Content-Security-Policy");
        assert_non_null(strstr(csp, "script-src 'self'"));
        assert_non_null(strstr(csp, "worker-src 'self';"));
        assert_null(strstr(csp, "blob:"));
        assert_non_null(strstr(csp, "frame-ancestors 'none'"));
        assert_null(strstr(csp, "unsafe-eval"));
        assert_common_headers(&r);
        assert_non_null(strstr(r.body, i < 2 ? "<title>Wallet" : "<title>GraphiQL"));
        th_response_free(&r);
    }
    assert_int_equal(th_request(port, "GET", "/assets/app-1234.js", NULL, NULL, 0, &r), 0);
    assert_int_equal(r.status, 200);
    assert_non_null(strstr(th_header(&r, "Content-Type"), "javascript"));
    assert_non_null(strstr(th_header(&r, "Cache-Control"), "immutable"));
    th_response_free(&r);
    const char *missing[] = {"/missing.js", "/.secret", "/assets/../.secret", "/graphiql/x.js"};
    for (size_t i = 0; i < sizeof(missing) / sizeof(missing[0]); i++) {
        assert_int_equal(th_request(port, "GET", missing[i], NULL, NULL, 0, &r), 0);
        if (r.status != 404)
            fail_msg("%s: HTTP %d", missing[i], r.status);
        assert_null(strstr(r.body, "do not serve"));
        th_response_free(&r);
    }
    /* No directory listing: a directory is a client-side route. */
    assert_int_equal(th_request(port, "GET", "/assets/", NULL, NULL, 0, &r), 0);
    assert_null(strstr(r.body, "app-1234.js"));
    th_response_free(&r);
}

static void
introspection_works_in_development(void **state)
{
    (void)state;
    struct th_response r;
    post("application/graphql-response+json, application/json;q=0.9",
         "{\"query\":\"query IntrospectionQuery { __schema { queryType { name } "
         "mutationType { name } } }\",\"operationName\":\"IntrospectionQuery\"}",
         &r);
    assert_int_equal(r.status, 200);
    assert_string_equal(
        r.body,
        "{\"data\":{\"__schema\":{\"queryType\":{\"name\":\"Query\"},\"mutationType\":{\"name\":"
        "\"Mutation\"}}}}");
    th_response_free(&r);
}

/* Runs last: everything above went through the log, which must hold none of the secrets. */
static void
log_holds_no_secret(void **state)
{
    (void)state;
    int64_t now = (int64_t)time(NULL);
    char token[JWT_MAX_TOKEN];
    make_token("123456", now, now + 600, token, sizeof(token));
    char hdr[JWT_MAX_TOKEN + 64];
    snprintf(hdr, sizeof(hdr), "Authorization: Bearer %s\r\n", token);
    struct th_response r;
    assert_int_equal(th_graphql(port, NULL, hdr, "{\"query\":\"{ __typename }\"}", &r), 0);
    th_response_free(&r);
    post(NULL,
         "{\"query\":\"mutation LogProbe { login(username: \\\"alice\\\", password: "
         "\\\"Inline-Pa55word!\\\") { accessToken } }\"}",
         &r);
    th_response_free(&r);
    post(NULL,
         "{\"query\":\"mutation LogProbe2($p: String!) { login(username: \\\"bob\\\", password: "
         "$p) { accessToken } }\",\"variables\":{\"p\":\"Variable-Pa55word!\"}}",
         &r);
    th_response_free(&r);
    char *q = th_urlencode("{ __type(name: \"Get-Pa55word-in-query\") { name } }");
    char path[512];
    snprintf(path, sizeof(path), "/graphql?query=%s", q);
    free(q);
    assert_int_equal(th_request(port, "GET", path, hdr, NULL, 0, &r), 0);
    th_response_free(&r);

    /* Request lines are written just after each answer: give the last ones a moment. */
    char *log = NULL;
    for (int i = 0; i < 100; i++) {
        free(log);
        log = th_walletd_log(&wd);
        if (strstr(log, "\"operationName\":\"LogProbe2\"") != NULL)
            break;
        usleep(20000);
    }
    const char *secrets[] = {
        token,
        JWT_SECRET,
        "Inline-Pa55word!",
        "Variable-Pa55word!",
        "Get-Pa55word",
        "Bearer",
        "dXNlcjpwYXNz",
    };
    for (size_t i = 0; i < sizeof(secrets) / sizeof(secrets[0]); i++)
        if (strstr(log, secrets[i]) != NULL)
            fail_msg("the log holds a secret: %s", secrets[i]);
    /* It does hold the request lines, with operation names and request ids. */
    assert_non_null(strstr(log, "\"msg\":\"request\""));
    assert_non_null(strstr(log, "\"operationName\":\"LogProbe\""));
    assert_non_null(strstr(log, "\"requestId\":\"abc-123_X.y\""));
    free(log);
}

int
main(void)
{
    if (th_walletd_path() == NULL) {
        fprintf(stderr, "walletd is not built\n");
        return 1;
    }
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(health_and_readiness),
        cmocka_unit_test(media_types_follow_accept),
        cmocka_unit_test(request_errors_status_depends_on_media_type),
        cmocka_unit_test(malformed_requests_are_400),
        cmocka_unit_test(content_type_must_be_json),
        cmocka_unit_test(body_limit_is_1_mib),
        cmocka_unit_test(query_text_limit_is_100_kib),
        cmocka_unit_test(get_requests),
        cmocka_unit_test(request_ids_are_echoed_only_when_safe),
        cmocka_unit_test(cors_allow_list_and_preflight),
        cmocka_unit_test(bad_tokens_refuse_the_whole_request),
        cmocka_unit_test(admin_fields_need_a_user),
        cmocka_unit_test(login_attempts_counted_per_root_field),
        cmocka_unit_test(metrics_in_prometheus_format),
        cmocka_unit_test(dashboard_and_graphiql),
        cmocka_unit_test(introspection_works_in_development),
        cmocka_unit_test(log_holds_no_secret),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
