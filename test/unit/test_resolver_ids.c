/*
 * Unit tests for the resolvers' opaque ids and cursors (include/resolvers/ids.h) and for the
 * resolver registry: the embedded schema with res_register_all passes the start-up binding
 * check (every field bound or default-resolved, no binding naming a missing field).
 */
/* cmocka.h needs these system headers before it. */
/* clang-format off */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
/* clang-format on */

#include "core/arena.h"
#include "gql/error.h"
#include "gql/schema.h"
#include "resolvers/ids.h"
#include "resolvers/resolvers.h"

#include <stdio.h>

extern const char wallet_schema_sdl[];
extern const unsigned long wallet_schema_sdl_len;

static void
id_round_trip(void **state)
{
    (void)state;
    struct arena a;
    arena_init(&a, 0);
    char *s = res_id_encode(&a, RES_ID_ACCOUNT, 42);
    assert_string_equal(s, "QWNjb3VudDo0Mg"); /* base64url("Account:42") */
    enum res_id_type t;
    int64_t id;
    assert_int_equal(res_id_decode(s, strlen(s), &t, &id), 0);
    assert_int_equal(t, RES_ID_ACCOUNT);
    assert_int_equal(id, 42);

    for (int k = 0; k < RES_ID_TYPE_COUNT; k++) {
        int64_t values[] = {1, 9, 10, 123456789, INT64_MAX};
        for (size_t i = 0; i < sizeof(values) / sizeof(values[0]); i++) {
            s = res_id_encode(&a, (enum res_id_type)k, values[i]);
            assert_int_equal(res_id_decode(s, strlen(s), &t, &id), 0);
            assert_int_equal(t, k);
            assert_true(id == values[i]);
        }
    }
    arena_free(&a);
}

/* base64url of raw text, for building hostile ids. */
static char *
b64(struct arena *a, const char *raw)
{
    static const char al[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    size_t n = strlen(raw);
    char *out = arena_alloc(a, n * 2 + 4);
    size_t o = 0;
    for (size_t i = 0; i < n; i += 3) {
        unsigned v = (unsigned char)raw[i] << 16;
        if (i + 1 < n)
            v |= (unsigned char)raw[i + 1] << 8;
        if (i + 2 < n)
            v |= (unsigned char)raw[i + 2];
        out[o++] = al[(v >> 18) & 63];
        out[o++] = al[(v >> 12) & 63];
        if (i + 1 < n)
            out[o++] = al[(v >> 6) & 63];
        if (i + 2 < n)
            out[o++] = al[v & 63];
    }
    out[o] = '\0';
    return out;
}

static void
id_garbage(void **state)
{
    (void)state;
    struct arena a;
    arena_init(&a, 0);
    const char *raw_bad[] = {
        "Account:0",
        "Account:-1",
        "Account:01",
        "Account:",
        "Account",
        ":12",
        "account:12",
        "Nope:12",
        "Account:1x",
        "Account:1 ",
        "Account: 1",
        "Account:+1",
        "Account:9223372036854775808",
        "Account:1:2",
        "PublicUser:1",
        "Account:1\n",
    };
    enum res_id_type t;
    int64_t id;
    for (size_t i = 0; i < sizeof(raw_bad) / sizeof(raw_bad[0]); i++) {
        char *s = b64(&a, raw_bad[i]);
        if (res_id_decode(s, strlen(s), &t, &id) == 0)
            fail_msg("accepted %s", raw_bad[i]);
    }
    const char *bad[] = {"",
                         "42",
                         "QWNjb3VudDo0Mg=",
                         "QWNjb3VudDo0Mg==",
                         "QWNjb3VudDo0Mh",
                         "QWNjb3VudDo0Mg!",
                         "QWNjb3 VudDo0Mg",
                         "QWNjb3VudDo0Mg+/"};
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
        if (res_id_decode(bad[i], strlen(bad[i]), &t, &id) == 0)
            fail_msg("accepted %s", bad[i]);
    /* Overlong input is refused before decoding. */
    char longer[200];
    memset(longer, 'A', sizeof(longer) - 1);
    longer[sizeof(longer) - 1] = '\0';
    assert_int_equal(res_id_decode(longer, strlen(longer), &t, &id), -1);
    arena_free(&a);
}

static void
cursor_round_trip(void **state)
{
    (void)state;
    struct arena a;
    arena_init(&a, 0);
    struct res_cursor c = {"users", 7, -1700000000000, "asha.k|x"};
    char *s = res_cursor_encode(&a, &c);
    struct res_cursor out;
    assert_int_equal(res_cursor_decode(&a, s, strlen(s), "users", &out), 0);
    assert_int_equal(out.a, 7);
    assert_true(out.b == -1700000000000);
    assert_string_equal(out.text, "asha.k|x");
    /* A cursor of another list is refused. */
    assert_int_equal(res_cursor_decode(&a, s, strlen(s), "transfers", &out), -1);
    assert_int_equal(res_cursor_decode(&a, s, strlen(s), "user", &out), -1);
    /* Without text. */
    struct res_cursor d = {"transfers", INT64_MAX, INT64_MIN, NULL};
    s = res_cursor_encode(&a, &d);
    assert_int_equal(res_cursor_decode(&a, s, strlen(s), "transfers", &out), 0);
    assert_true(out.a == INT64_MAX);
    assert_true(out.b == INT64_MIN);
    assert_string_equal(out.text, "");
    /* Garbage. */
    const char *raw_bad[] = {"users|1|2", "users|x|2|", "users||2|", "users|01|2|"};
    for (size_t i = 0; i < sizeof(raw_bad) / sizeof(raw_bad[0]); i++) {
        char *g = b64(&a, raw_bad[i]);
        if (res_cursor_decode(&a, g, strlen(g), "users", &out) == 0)
            fail_msg("accepted %s", raw_bad[i]);
    }
    assert_int_equal(res_cursor_decode(&a, "%%%", 3, "users", &out), -1);
    arena_free(&a);
}

static void
connection_shape(void **state)
{
    (void)state;
    struct arena a;
    arena_init(&a, 0);
    struct gql_val nodes[2] = {gql_val_int(1), gql_val_int(2)};
    const char *cursors[2] = {"c1", "c2"};
    int64_t total = 9;
    struct gql_val v = res_connection_val(&a, nodes, cursors, 2, true, false, &total);
    struct strbuf sb = STRBUF_INIT;
    gql_val_write_json(&v, &sb);
    assert_string_equal(
        sb.data,
        "{\"edges\":[{\"cursor\":\"c1\",\"node\":1},{\"cursor\":\"c2\",\"node\":2}],"
        "\"pageInfo\":{\"hasNextPage\":true,\"hasPreviousPage\":false,"
        "\"startCursor\":\"c1\",\"endCursor\":\"c2\"},\"totalCount\":9}");
    strbuf_reset(&sb);
    v = res_connection_val(&a, NULL, NULL, 0, false, true, NULL);
    gql_val_write_json(&v, &sb);
    assert_string_equal(
        sb.data,
        "{\"edges\":[],\"pageInfo\":{\"hasNextPage\":false,\"hasPreviousPage\":true,"
        "\"startCursor\":null,\"endCursor\":null}}");
    strbuf_free(&sb);
    arena_free(&a);
}

/* Every field of the served schema is bound and no binding names a missing field. */
static void
registry_binds_everything(void **state)
{
    (void)state;
    struct arena a;
    arena_init(&a, 0);
    struct gql_error_list errors;
    gql_error_list_init(&errors, &a, NULL, 0);
    struct gql_schema *schema = NULL;
    assert_int_equal(
        gql_schema_build_from_sdl(&a, wallet_schema_sdl, wallet_schema_sdl_len, &schema, &errors),
        0);
    int rc = res_register_all(schema, &errors);
    for (uint32_t i = 0; i < errors.count; i++)
        print_message("%s\n", errors.items[i].message);
    assert_int_equal(rc, 0);
    rc = gql_schema_check_bindings(schema, &errors);
    for (uint32_t i = 0; i < errors.count; i++)
        print_message("%s\n", errors.items[i].message);
    assert_int_equal(rc, 0);
    assert_int_equal(errors.count, 0);
    arena_free(&a);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(id_round_trip),
        cmocka_unit_test(id_garbage),
        cmocka_unit_test(cursor_round_trip),
        cmocka_unit_test(connection_shape),
        cmocka_unit_test(registry_binds_everything),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
