/*
 * The model layer's batch loaders against a real PostgreSQL (resolvers/model.h, issue 5
 * "No N+1"): documents executed in-process through the real schema and resolver registry,
 * counting the statements each request ran (res_statement_count). A page of 100 transfers
 * asking from, to, fromAccount, toAccount and the accounts' owners costs 3 statements; a page
 * of users with their accounts, owners, KYC and cards costs 4, whatever the page size.
 *
 * Query.transfers belongs to the money-movement resolvers; this test binds its own minimal
 * resolver there (newest 100 transfers through the model layer), which is exactly how those
 * resolvers hand transfers to the model. It is also the pattern for counting statements.
 */
/* cmocka.h needs these system headers before it. */
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

#include "app/request.h"
#include "core/arena.h"
#include "core/errors.h"
#include "core/strbuf.h"
#include "db/migrate.h"
#include "gql/parser.h"
#include "gql/schema.h"
#include "gql/validate.h"
#include "resolvers/resolvers.h"
#include "support/testdb.h"

/* The model layer's header is private to resolvers/; this white-box test reads it directly. */
#include "../../resolvers/model.h"

#include <jansson.h>

extern const char wallet_schema_sdl[];
extern const unsigned long wallet_schema_sdl_len;

#define USERS 40
#define TRANSFERS 120

static char url[512];
static struct arena schema_arena;
static struct gql_schema *schema;
static struct db_pool *pool;
static struct app_services svc;
static long admin_id;

static const struct db_stmt stmt_page = {
    "test_batching_transfers",
    "SELECT " RES_TRANSFER_COLUMNS " FROM " RES_TRANSFER_FROM " ORDER BY t.id DESC LIMIT 100",
    0,
    NULL,
};

/* A stand-in for Query.transfers: the newest 100, built through the model layer. */
static int
test_transfers(const struct gql_resolve_info *info, struct gql_val *out)
{
    struct app_request *r = app_request_of(info);
    PGresult *res;
    int rc = res_exec(r, &stmt_page, NULL, PGRES_TUPLES_OK, &res, NULL);
    if (rc < 0)
        return app_fail(info, rc);
    int n = PQntuples(res);
    struct res_transfer *rows = arena_calloc(info->arena, (size_t)n + 1, sizeof(*rows));
    struct gql_val *nodes = arena_calloc(info->arena, (size_t)n + 1, sizeof(*nodes));
    const char **cursors = arena_calloc(info->arena, (size_t)n + 1, sizeof(*cursors));
    for (int i = 0; i < n; i++) {
        if (res_transfer_from_row(info->arena, res, i, &rows[i]) < 0)
            return app_fail(info, -WALLET_EINTERNAL_SERVER_ERROR);
        nodes[i] = res_transfer_val(r, &rows[i]);
        struct res_cursor c = {"transfers", rows[i].id, 0, NULL};
        cursors[i] = res_cursor_encode(info->arena, &c);
    }
    int64_t total = n;
    *out = res_connection_val(info->arena, nodes, cursors, (size_t)n, false, false, &total);
    return 0;
}

static void
exec_sql(PGconn *pg, const char *sql)
{
    PGresult *r = PQexec(pg, sql);
    if (PQresultStatus(r) != PGRES_COMMAND_OK && PQresultStatus(r) != PGRES_TUPLES_OK)
        fprintf(stderr, "setup: %s: %s", sql, PQerrorMessage(pg));
    PQclear(r);
}

static int
setup(void **state)
{
    (void)state;
    if (testdb_create("model_batching", url, sizeof(url)) < 0)
        return -1;
    PGconn *pg = PQconnectdb(url);
    struct db_migration_set set;
    char err[256];
    if (PQstatus(pg) != CONNECTION_OK || db_migrations_embedded(&set, err, sizeof(err)) < 0)
        return -1;
    int rc = db_migrate(pg, &set, NULL, err, sizeof(err));
    db_migrations_free(&set);
    if (rc < 0)
        return -1;
    exec_sql(pg,
             "INSERT INTO users (username, email, display_name, password_hash, role) "
             "SELECT 'user' || i, 'user' || i || '@example.com', 'User ' || i, "
             "'$argon2id$v=19$m=1,t=1,p=1$x$y', CASE WHEN i = 1 THEN 'ADMIN' ELSE 'USER' END "
             "FROM generate_series(1, 40) i");
    exec_sql(pg,
             "INSERT INTO accounts (user_id, type, number) SELECT u.id, t, "
             "'5' || lpad((u.id * 10 + k)::text, 11, '0') FROM users u, "
             "(VALUES ('CHECKING', 1), ('SAVINGS', 2)) v(t, k)");
    exec_sql(pg,
             "INSERT INTO transfers (reference, kind, status, from_account_id, to_account_id, "
             "amount, currency, created_by) "
             "SELECT 'TX-' || lpad(i::text, 4, '0') || '-AAAA', 'TRANSFER', 'COMPLETED', "
             "fa.id, ta.id, 100 + i, 'INR', fa.user_id "
             "FROM generate_series(1, 120) i "
             "JOIN accounts fa ON fa.id = (SELECT min(id) FROM accounts WHERE user_id IS NOT "
             "NULL) + (i * 7) % 80 "
             "JOIN accounts ta ON ta.id = (SELECT min(id) FROM accounts WHERE user_id IS NOT "
             "NULL) + (i * 13 + 1) % 80 "
             "WHERE fa.id <> ta.id");
    PGresult *r = PQexec(pg, "SELECT id FROM users WHERE username = 'user1'");
    admin_id = atol(PQgetvalue(r, 0, 0));
    PQclear(r);
    PQfinish(pg);

    arena_init(&schema_arena, 0);
    struct gql_error_list errors;
    gql_error_list_init(&errors, &schema_arena, NULL, 0);
    if (gql_schema_build_from_sdl(
            &schema_arena, wallet_schema_sdl, wallet_schema_sdl_len, &schema, &errors) < 0 ||
        res_register_all(schema, &errors) < 0 ||
        gql_schema_bind(schema, "Query.transfers", test_transfers, NULL) < 0)
        return -1;
    struct db_pool_config pc = {.conninfo = url, .size = 2};
    pool = db_pool_new(&pc);
    svc.pool = pool;
    return pool ? 0 : -1;
}

static int
teardown(void **state)
{
    (void)state;
    db_pool_free(pool);
    arena_free(&schema_arena);
    return testdb_drop(url);
}

/* Executes query as the ADMIN; returns the statements it ran and the response JSON. */
static unsigned
run(const char *query, json_t **json)
{
    struct arena a;
    arena_init(&a, 0);
    struct app_request r;
    app_request_init(&r, &svc, &a, "req-batch", "127.0.0.1");
    r.authenticated = true;
    r.user.id = admin_id;
    r.user.role = APP_ROLE_ADMIN;
    struct gql_error_list errors;
    gql_error_list_init(&errors, &a, query, strlen(query));
    struct gql_document *doc = NULL;
    assert_int_equal(gql_parse(&a, query, strlen(query), NULL, &doc, &errors), 0);
    assert_int_equal(gql_validate(schema, doc, NULL, &a, &errors), 0);
    struct gql_execute_params p = {
        .schema = schema,
        .document = doc,
        .context = &r,
        .arena = &a,
    };
    struct strbuf out = STRBUF_INIT;
    assert_int_equal(gql_execute(&p, &out, NULL), GQL_EXECUTE_OK);
    unsigned n = res_statement_count(&r);
    app_request_finish(&r);
    *json = json_loads(out.data, 0, NULL);
    assert_non_null(*json);
    if (json_object_get(*json, "errors") != NULL)
        fail_msg("errors: %s", out.data);
    strbuf_free(&out);
    arena_free(&a);
    return n;
}

static void
transfer_page_costs_three_statements(void **state)
{
    (void)state;
    json_t *j;
    unsigned n = run("{transfers{totalCount edges{node{id reference amount from{username} "
                     "to{username displayName} fromAccount{id maskedNumber owner{username}} "
                     "toAccount{id type owner{id}}}}}}",
                     &j);
    json_t *edges =
        json_object_get(json_object_get(json_object_get(j, "data"), "transfers"), "edges");
    assert_int_equal(json_array_size(edges), 100);
    /* Every node resolved its accounts and parties. */
    for (size_t i = 0; i < json_array_size(edges); i++) {
        json_t *node = json_object_get(json_array_get(edges, i), "node");
        assert_true(json_is_string(json_object_get(json_object_get(node, "from"), "username")));
        assert_true(json_is_string(
            json_object_get(json_object_get(json_object_get(node, "toAccount"), "owner"), "id")));
    }
    json_decref(j);
    /* The page, all its accounts, all their owners. */
    assert_int_equal(n, 3);
}

static void
user_page_costs_four_statements(void **state)
{
    (void)state;
    json_t *j;
    unsigned n = run("{adminUsers(first:40){edges{node{id username accounts{id balance "
                     "owner{username}} kyc{status} cards{id}}}}}",
                     &j);
    json_t *edges =
        json_object_get(json_object_get(json_object_get(j, "data"), "adminUsers"), "edges");
    assert_int_equal(json_array_size(edges), USERS);
    for (size_t i = 0; i < json_array_size(edges); i++) {
        json_t *node = json_object_get(json_array_get(edges, i), "node");
        assert_int_equal(json_array_size(json_object_get(node, "accounts")), 2);
    }
    json_decref(j);
    /* The page, the accounts of all users, their KYC, their cards. */
    assert_int_equal(n, 4);

    /* The same with fewer users costs the same. */
    n = run("{adminUsers(first:3){edges{node{accounts{owner{username}} kyc{status} cards{id}}}}}",
            &j);
    json_decref(j);
    assert_int_equal(n, 4);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(transfer_page_costs_three_statements),
        cmocka_unit_test(user_page_costs_four_statements),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
