/*
 * GraphQL client helpers for the wallet-core HTTP tests (test_auth*, test_users*,
 * test_accounts*, test_audit*): one walletd + PostgreSQL per test executable (through the
 * shared harness, test/http/harness.h), requests built and answers parsed with jansson, and
 * the sign-in steps most tests start with.
 *
 * Header-only (static functions marked unused) so each test executable takes what it uses.
 */
#ifndef WALLET_TEST_HTTP_WALLET_API_H
#define WALLET_TEST_HTTP_WALLET_API_H

/* cmocka.h must already be included (with its prerequisite system headers). */
#include "http/harness.h"

#include <jansson.h>
#include <libpq-fe.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define WA_UNUSED __attribute__((unused))

#define WA_JWT_SECRET "wallet-core-tests-secret-0123456789abcdef"
#define WA_PASSWORD "correct horse battery staple"

struct wa_env {
    struct th_pg pg;
    struct th_walletd wd;
    int port;
    PGconn *db; /* a superuser connection to the test database */
};

/*
 * Starts PostgreSQL, migrates, starts walletd with extra environment entries env (NULL-ended,
 * may be NULL) and opens a database connection. Returns 0 or -1.
 */
WA_UNUSED static int
wa_start(struct wa_env *e, const char *const *env)
{
    memset(e, 0, sizeof(*e));
    if (th_pg_create(&e->pg) != 0 || th_walletd_migrate(e->pg.url) != 0) {
        fprintf(stderr, "wa_start: cannot create or migrate the database\n");
        return -1;
    }
    const char *base[16];
    size_t n = 0;
    base[n++] = "WALLET_JWT_SECRET=" WA_JWT_SECRET;
    base[n++] = "WALLET_RATE_LIMIT_RPS=0";
    base[n++] = "WALLET_LOGIN_ATTEMPTS_PER_MIN=0";
    for (size_t i = 0; env != NULL && env[i] != NULL && n < 15; i++)
        base[n++] = env[i];
    base[n] = NULL;
    if (th_walletd_start(&e->wd, e->pg.url, base) != 0)
        return -1;
    e->port = e->wd.port;
    e->db = PQconnectdb(e->pg.url);
    if (PQstatus(e->db) != CONNECTION_OK) {
        fprintf(stderr, "wa_start: %s", PQerrorMessage(e->db));
        return -1;
    }
    return 0;
}

WA_UNUSED static int
wa_stop(struct wa_env *e)
{
    PQfinish(e->db);
    int rc = th_walletd_stop(&e->wd, 15000);
    th_pg_destroy(&e->pg);
    return rc == 0 ? 0 : -1;
}

/*
 * POSTs {"query": query, "variables": vars} (vars is stolen; may be NULL) with an optional
 * Bearer token and extra header lines (NULL: none), and returns the parsed body (fails the
 * test when there is no answer or it is not JSON). *status (may be NULL) receives the HTTP
 * status; *raw (may be NULL) a malloc'd copy of the body.
 */
WA_UNUSED static json_t *
wa_gql_ex(int port,
          const char *token,
          const char *headers,
          const char *query,
          json_t *vars,
          int *status,
          char **raw)
{
    json_t *body = json_object();
    json_object_set_new(body, "query", json_string(query));
    if (vars != NULL)
        json_object_set_new(body, "variables", vars);
    char *text = json_dumps(body, JSON_COMPACT);
    json_decref(body);
    char hdr[8192];
    snprintf(hdr,
             sizeof(hdr),
             "%s%s%s%s",
             token ? "Authorization: Bearer " : "",
             token ? token : "",
             token ? "\r\n" : "",
             headers ? headers : "");
    struct th_response r;
    if (th_graphql(port, "application/json", hdr, text, &r) != 0)
        fail_msg("no answer from walletd for %s", text);
    free(text);
    if (status != NULL)
        *status = r.status;
    if (raw != NULL)
        *raw = strdup(r.body);
    json_error_t err;
    json_t *out = json_loads(r.body, 0, &err);
    if (out == NULL)
        fail_msg("not JSON (status %d): %s", r.status, r.body);
    th_response_free(&r);
    return out;
}

/* wa_gql_ex without extra headers or a copy of the body. */
WA_UNUSED static json_t *
wa_gql(int port, const char *token, const char *query, json_t *vars, int *status)
{
    return wa_gql_ex(port, token, NULL, query, vars, status, NULL);
}

/* The value at a dotted path under "data" ("register.user.id"; list indexes as numbers). */
WA_UNUSED static json_t *
wa_data(json_t *resp, const char *path)
{
    json_t *v = json_object_get(resp, "data");
    char buf[256];
    snprintf(buf, sizeof(buf), "%s", path);
    for (char *save = NULL, *part = strtok_r(buf, ".", &save); part && v;
         part = strtok_r(NULL, ".", &save)) {
        if (json_is_array(v))
            v = json_array_get(v, (size_t)atoi(part));
        else
            v = json_object_get(v, part);
    }
    return v;
}

/* The string at a data path, or NULL. */
WA_UNUSED static const char *
wa_str(json_t *resp, const char *path)
{
    return json_string_value(wa_data(resp, path));
}

/* extensions.code of the first error, or NULL when there is none. */
WA_UNUSED static const char *
wa_code(json_t *resp)
{
    json_t *e = json_array_get(json_object_get(resp, "errors"), 0);
    return json_string_value(json_object_get(json_object_get(e, "extensions"), "code"));
}

/* message of the first error, or NULL. */
WA_UNUSED static const char *
wa_message(json_t *resp)
{
    json_t *e = json_array_get(json_object_get(resp, "errors"), 0);
    return json_string_value(json_object_get(e, "message"));
}

/* Asserts the first error's code (and prints the response when it differs). */
#define WA_ASSERT_CODE(resp, code)                                                                 \
    do {                                                                                           \
        const char *got_ = wa_code(resp);                                                          \
        if (got_ == NULL || strcmp(got_, (code)) != 0) {                                           \
            char *dump_ = json_dumps((resp), JSON_COMPACT);                                        \
            fail_msg("expected %s, got %s", (code), dump_);                                        \
        }                                                                                          \
    } while (0)

/* Asserts there is no error. */
#define WA_ASSERT_OK(resp)                                                                         \
    do {                                                                                           \
        if (json_object_get((resp), "errors") != NULL) {                                           \
            char *dump_ = json_dumps((resp), JSON_COMPACT);                                        \
            fail_msg("unexpected errors: %s", dump_);                                              \
        }                                                                                          \
    } while (0)

/* A signed-in user of the tests. */
struct wa_user {
    char id[64];       /* global id */
    long row_id;       /* users.id */
    char access[2048]; /* access token */
    char refresh[64];  /* refresh token */
    char account[64];  /* global id of the first account */
    char username[40];
};

WA_UNUSED static void
wa_user_from_payload(json_t *payload, struct wa_user *u)
{
    snprintf(u->access,
             sizeof(u->access),
             "%s",
             json_string_value(json_object_get(payload, "accessToken")));
    snprintf(u->refresh,
             sizeof(u->refresh),
             "%s",
             json_string_value(json_object_get(payload, "refreshToken")));
    json_t *user = json_object_get(payload, "user");
    snprintf(u->id, sizeof(u->id), "%s", json_string_value(json_object_get(user, "id")));
    snprintf(u->username,
             sizeof(u->username),
             "%s",
             json_string_value(json_object_get(user, "username")));
    json_t *acc = json_array_get(json_object_get(user, "accounts"), 0);
    if (acc != NULL)
        snprintf(
            u->account, sizeof(u->account), "%s", json_string_value(json_object_get(acc, "id")));
}

#define WA_PAYLOAD "accessToken refreshToken expiresIn user { id username accounts { id } }"

/* Registers username (email username@example.com, password WA_PASSWORD) or fails. */
WA_UNUSED static void
wa_register(int port, const char *username, struct wa_user *u)
{
    char email[128];
    snprintf(email, sizeof(email), "%s@example.com", username);
    json_t *resp = wa_gql(port,
                          NULL,
                          "mutation($u:String!,$e:String!,$p:String!){register(input:{username:$u,"
                          "email:$e,password:$p}){" WA_PAYLOAD "}}",
                          json_pack("{s:s,s:s,s:s}", "u", username, "e", email, "p", WA_PASSWORD),
                          NULL);
    WA_ASSERT_OK(resp);
    memset(u, 0, sizeof(*u));
    wa_user_from_payload(wa_data(resp, "register"), u);
    json_decref(resp);
}

/* Logs in (username or email) with password; returns the response (caller decrefs). */
WA_UNUSED static json_t *
wa_login(int port, const char *name, const char *password)
{
    return wa_gql(port,
                  NULL,
                  "mutation($u:String!,$p:String!){login(username:$u,password:$p){" WA_PAYLOAD "}}",
                  json_pack("{s:s,s:s}", "u", name, "p", password),
                  NULL);
}

/*
 * Creates an ADMIN with `walletd create-admin` (password on standard input) and logs in.
 * Returns the exit status of create-admin when it failed (and leaves u empty), else 0.
 */
WA_UNUSED static int
wa_create_admin(struct wa_env *e, const char *username, const char *password, struct wa_user *u)
{
    char cmd[2048];
    snprintf(cmd,
             sizeof(cmd),
             "printf '%%s\\n' '%s' | WALLET_DATABASE_URL='%s' WALLET_JWT_SECRET='%s' '%s' "
             "create-admin %s %s@example.com >/dev/null 2>&1",
             password,
             e->pg.url,
             WA_JWT_SECRET,
             th_walletd_path(),
             username,
             username);
    int rc = system(cmd);
    memset(u, 0, sizeof(*u));
    if (rc != 0)
        return rc;
    json_t *resp = wa_login(e->port, username, password);
    WA_ASSERT_OK(resp);
    wa_user_from_payload(wa_data(resp, "login"), u);
    json_decref(resp);
    return 0;
}

/* One value of a SQL query on the test database as text (static buffer), or fails. */
WA_UNUSED static const char *
wa_sql_value(struct wa_env *e, const char *fmt, ...)
{
    static char out[4096];
    char sql[2048];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(sql, sizeof(sql), fmt, ap);
    va_end(ap);
    PGresult *r = PQexec(e->db, sql);
    if (PQresultStatus(r) != PGRES_TUPLES_OK || PQntuples(r) < 1)
        fail_msg("query failed: %s: %s", sql, PQerrorMessage(e->db));
    snprintf(out, sizeof(out), "%s", PQgetvalue(r, 0, 0));
    PQclear(r);
    return out;
}

/* Runs SQL on the test database or fails. */
WA_UNUSED static void
wa_sql(struct wa_env *e, const char *sql)
{
    PGresult *r = PQexec(e->db, sql);
    ExecStatusType st = PQresultStatus(r);
    if (st != PGRES_COMMAND_OK && st != PGRES_TUPLES_OK)
        fail_msg("statement failed: %s: %s", sql, PQerrorMessage(e->db));
    PQclear(r);
}

#endif
