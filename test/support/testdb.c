/*
 * Test helpers for a real PostgreSQL (see test/support/testdb.h).
 */
#include "support/testdb.h"

/* clang-format off */
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

static char cluster_url[1024];

const char *
testdb_cluster_url(void)
{
    if (cluster_url[0] != '\0')
        return cluster_url;
    const char *env = getenv("WALLET_TEST_DATABASE_URL");
    if (env != NULL && env[0] != '\0') {
        snprintf(cluster_url, sizeof(cluster_url), "%s", env);
        return cluster_url;
    }
    const char *build = getenv("WALLET_BUILD_DIR");
    char path[1024];
    snprintf(path, sizeof(path), "%s/test-pg/database_url", build ? build : ".");
    FILE *f = fopen(path, "r");
    if (f == NULL || fgets(cluster_url, sizeof(cluster_url), f) == NULL) {
        if (f != NULL)
            fclose(f);
        cluster_url[0] = '\0';
        fprintf(stderr,
                "testdb: no test database: %s is missing. Run the tests through ctest (the "
                "db.cluster_start fixture starts one) or set WALLET_TEST_DATABASE_URL.\n",
                path);
        return NULL;
    }
    fclose(f);
    cluster_url[strcspn(cluster_url, "\r\n")] = '\0';
    return cluster_url;
}

/* The URL of database name on the same server as base (a URI or a keyword string). */
static int
url_with_dbname(const char *base, const char *name, char *out, size_t cap)
{
    const char *scheme = strstr(base, "://");
    int n;
    if (scheme == NULL) {
        n = snprintf(out, cap, "%s dbname=%s", base, name);
    } else {
        const char *path = strchr(scheme + 3, '/');
        const char *query = strchr(scheme + 3, '?');
        size_t host_len =
            path ? (size_t)(path - base) : (query ? (size_t)(query - base) : strlen(base));
        n = snprintf(out, cap, "%.*s/%s%s", (int)host_len, base, name, query ? query : "");
    }
    return (n < 0 || (size_t)n >= cap) ? -1 : 0;
}

/* The database name of a URL made by url_with_dbname. */
static int
dbname_of(const char *url, char *out, size_t cap)
{
    PQconninfoOption *opts = PQconninfoParse(url, NULL);
    if (opts == NULL)
        return -1;
    int rc = -1;
    for (PQconninfoOption *o = opts; o->keyword; o++) {
        if (strcmp(o->keyword, "dbname") == 0 && o->val != NULL) {
            snprintf(out, cap, "%s", o->val);
            rc = 0;
        }
    }
    PQconninfoFree(opts);
    return rc;
}

static int
admin_exec(const char *sql)
{
    const char *base = testdb_cluster_url();
    if (base == NULL)
        return -1;
    PGconn *pg = PQconnectdb(base);
    if (PQstatus(pg) != CONNECTION_OK) {
        fprintf(stderr, "testdb: cannot connect to the test cluster: %s", PQerrorMessage(pg));
        PQfinish(pg);
        return -1;
    }
    PQclear(PQexec(pg, "SET client_min_messages = warning"));
    PGresult *res = PQexec(pg, sql);
    int rc = PQresultStatus(res) == PGRES_COMMAND_OK ? 0 : -1;
    if (rc < 0)
        fprintf(stderr, "testdb: %s failed: %s", sql, PQerrorMessage(pg));
    PQclear(res);
    PQfinish(pg);
    return rc;
}

int
testdb_create(const char *prefix, char *url, size_t cap)
{
    static int counter;
    const char *base = testdb_cluster_url();
    if (base == NULL)
        return -1;
    char name[64];
    size_t n = 0;
    name[n++] = 't';
    name[n++] = '_';
    for (const char *p = prefix; *p && n < 36; p++) {
        char c = *p;
        if (c >= 'A' && c <= 'Z')
            c = (char)(c - 'A' + 'a');
        name[n++] = ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) ? c : '_';
    }
    snprintf(name + n, sizeof(name) - n, "_%ld_%d", (long)getpid(), ++counter);
    char sql[160];
    snprintf(sql, sizeof(sql), "DROP DATABASE IF EXISTS %s WITH (FORCE)", name);
    if (admin_exec(sql) < 0)
        return -1;
    snprintf(sql, sizeof(sql), "CREATE DATABASE %s", name);
    if (admin_exec(sql) < 0)
        return -1;
    if (url_with_dbname(base, name, url, cap) < 0) {
        fprintf(stderr, "testdb: URL too long\n");
        return -1;
    }
    return 0;
}

int
testdb_drop(const char *url)
{
    char name[64], sql[160];
    if (dbname_of(url, name, sizeof(name)) < 0 || strncmp(name, "t_", 2) != 0)
        return -1;
    snprintf(sql, sizeof(sql), "DROP DATABASE IF EXISTS %s WITH (FORCE)", name);
    return admin_exec(sql);
}

PGconn *
testdb_connect(const char *url)
{
    PGconn *pg = PQconnectdb(url);
    if (PQstatus(pg) != CONNECTION_OK)
        fail_msg("cannot connect to the test database: %s", PQerrorMessage(pg));
    PQclear(PQexec(pg, "SET client_min_messages = warning"));
    return pg;
}

const char *
testdb_exec_state(PGconn *pg, const char *sql, char state[6])
{
    PGresult *res = PQexec(pg, sql);
    ExecStatusType st = PQresultStatus(res);
    if (st == PGRES_COMMAND_OK || st == PGRES_TUPLES_OK) {
        state[0] = '\0';
    } else {
        const char *s = PQresultErrorField(res, PG_DIAG_SQLSTATE);
        snprintf(state, 6, "%s", s ? s : "?????");
    }
    PQclear(res);
    return state;
}

void
testdb_exec_ok(PGconn *pg, const char *sql)
{
    PGresult *res = PQexec(pg, sql);
    ExecStatusType st = PQresultStatus(res);
    if (st != PGRES_COMMAND_OK && st != PGRES_TUPLES_OK) {
        char msg[512];
        snprintf(msg, sizeof(msg), "%s", PQresultErrorMessage(res));
        PQclear(res);
        fail_msg("SQL failed: %s\n  %s", sql, msg);
    }
    PQclear(res);
}

long long
testdb_query_int(PGconn *pg, const char *sql)
{
    PGresult *res = PQexec(pg, sql);
    if (PQresultStatus(res) != PGRES_TUPLES_OK || PQntuples(res) != 1 || PQnfields(res) != 1) {
        char msg[512];
        snprintf(msg, sizeof(msg), "%s", PQresultErrorMessage(res));
        PQclear(res);
        fail_msg("query did not return one value: %s\n  %s", sql, msg);
    }
    long long v = strtoll(PQgetvalue(res, 0, 0), NULL, 10);
    PQclear(res);
    return v;
}
