/*
 * Unit tests for runtime values and input coercion helpers: gql_val constructors, lookup,
 * equality and printers (JSON numbers as JavaScript prints them, inspect() text), and the
 * reusable decimal2 / datetime / date scalars, both their parse/format functions and their
 * struct gql_scalar_ops hooks (literal, variable and result coercion).
 */
/* cmocka.h needs these system headers before it. */
/* clang-format off */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>
/* clang-format on */

#include "core/arena.h"
#include "core/strbuf.h"
#include "gql/custom_scalars.h"
#include "gql/parser.h"
#include "gql/schema.h"
#include "gql/value.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>

static const char *
json_of(struct strbuf *sb, const struct gql_val *v)
{
    strbuf_reset(sb);
    gql_val_write_json(v, sb);
    return strbuf_cstr(sb);
}

static const char *
inspect_of(struct strbuf *sb, const struct gql_val *v)
{
    strbuf_reset(sb);
    gql_val_write_graphql(v, sb);
    return strbuf_cstr(sb);
}

/* Objects keep insertion order, replace existing keys, and tell absent from null. */
static void
objects_and_lists(void **state)
{
    (void)state;
    struct arena a;
    arena_init(&a, 0);
    struct strbuf sb = STRBUF_INIT;
    struct gql_val o = gql_val_object(&a, 0);
    gql_val_object_set(&a, &o, "b", gql_val_int(1));
    gql_val_object_set(&a, &o, "a", gql_val_null());
    gql_val_object_set(&a, &o, "c", gql_val_cstring(&a, "x\"y"));
    gql_val_object_set(&a, &o, "b", gql_val_boolean(true));
    for (int i = 0; i < 10; i++) {
        char key[8];
        snprintf(key, sizeof key, "k%d", i);
        gql_val_object_set(&a, &o, key, gql_val_int(i));
    }
    assert_int_equal(o.u.object.count, 13);
    assert_string_equal(json_of(&sb, &o),
                        "{\"b\":true,\"a\":null,\"c\":\"x\\\"y\",\"k0\":0,\"k1\":1,\"k2\":2,"
                        "\"k3\":3,\"k4\":4,\"k5\":5,\"k6\":6,\"k7\":7,\"k8\":8,\"k9\":9}");
    const struct gql_val *a_val = gql_val_object_get(&o, "a");
    assert_non_null(a_val);
    assert_true(gql_val_is_null(a_val));
    assert_null(gql_val_object_get(&o, "zz"));
    assert_null(gql_val_object_getn(&o, "k10", 3));
    assert_non_null(gql_val_object_getn(&o, "k1x", 2));
    struct gql_val n = gql_val_int(1);
    assert_null(gql_val_object_get(&n, "a"));

    struct gql_val l = gql_val_list(&a, 3);
    l.u.list.items[0] = gql_val_enum(&a, "RED");
    l.u.list.items[2] = o;
    assert_string_equal(json_of(&sb, &l),
                        "[\"RED\",null,{\"b\":true,\"a\":null,\"c\":\"x\\\"y\","
                        "\"k0\":0,\"k1\":1,\"k2\":2,\"k3\":3,\"k4\":4,\"k5\":5,"
                        "\"k6\":6,\"k7\":7,\"k8\":8,\"k9\":9}]");
    struct gql_val op = gql_val_opaque(&a, "User");
    assert_string_equal(json_of(&sb, &op), "null");
    assert_string_equal(gql_val_kind_name(GQL_VAL_OPAQUE), "opaque");
    strbuf_free(&sb);
    arena_free(&a);
}

/*
 * Large objects (indexed from 16 fields): every key found, replaced in place, order kept,
 * across growth; objects made with a large capacity up front behave the same.
 */
static void
large_objects(void **state)
{
    (void)state;
    struct arena a;
    arena_init(&a, 0);
    enum { N = 5000 };
    for (int presized = 0; presized < 2; presized++) {
        struct gql_val o = gql_val_object(&a, presized ? N : 0);
        char key[16];
        for (int i = 0; i < N; i++) {
            snprintf(key, sizeof key, "k%d", i);
            gql_val_object_set(&a, &o, key, gql_val_int(i));
        }
        for (int i = 0; i < N; i += 2) { /* replace every other one */
            snprintf(key, sizeof key, "k%d", i);
            gql_val_object_set(&a, &o, key, gql_val_int(-i));
        }
        assert_int_equal(o.u.object.count, N);
        for (int i = 0; i < N; i++) {
            snprintf(key, sizeof key, "k%d", i);
            const struct gql_val *v = gql_val_object_get(&o, key);
            assert_non_null(v);
            assert_int_equal(v->u.int_, i % 2 ? i : -i);
            assert_string_equal(o.u.object.fields[i].key, key);
        }
        assert_null(gql_val_object_get(&o, "k5000"));
        assert_null(gql_val_object_getn(&o, "k1", 1));
        struct gql_val copy = gql_val_object(&a, 0);
        for (int i = N; i-- > 0;)
            gql_val_object_set(&a, &copy, o.u.object.fields[i].key, o.u.object.fields[i].value);
        assert_true(gql_val_equal(&o, &copy)); /* same pairs, other order */
    }
    arena_free(&a);
}

/* Floats are printed as JavaScript's Number::toString prints them, and read back exactly. */
static void
floats_print_like_javascript(void **state)
{
    (void)state;
    struct strbuf sb = STRBUF_INIT;
    static const struct {
        double d;
        const char *text;
    } cases[] = {
        {0.1, "0.1"},
        {-2.5, "-2.5"},
        {1.0, "1"},
        {-0.0, "0"},
        {100, "100"},
        {1e21, "1e+21"},
        {1e20, "100000000000000000000"},
        {123456789012345680000.0, "123456789012345680000"},
        {1e-7, "1e-7"},
        {0.000001, "0.000001"},
        {1.5e-10, "1.5e-10"},
        {0.1 + 0.2, "0.30000000000000004"},
        {5e-324, "5e-324"},
        {1.7976931348623157e308, "1.7976931348623157e+308"},
        {2.5e25, "2.5e+25"},
        {1.68, "1.68"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        strbuf_reset(&sb);
        gql_json_append_double(&sb, cases[i].d);
        assert_string_equal(strbuf_cstr(&sb), cases[i].text);
        assert_true(strtod(strbuf_cstr(&sb), NULL) == cases[i].d);
    }
    struct gql_val nan = gql_val_float(NAN);
    assert_int_equal(nan.kind, GQL_VAL_NULL);
    struct gql_val inf = gql_val_float(INFINITY);
    assert_int_equal(inf.kind, GQL_VAL_NULL);
    struct gql_val big = gql_val_int(INT64_MIN);
    assert_string_equal(json_of(&sb, &big), "-9223372036854775808");
    strbuf_free(&sb);
}

/* inspect(): what error messages show of an input value. */
static void
inspect_text(void **state)
{
    (void)state;
    struct arena a;
    arena_init(&a, 0);
    struct strbuf sb = STRBUF_INIT;
    struct gql_val o = gql_val_object(&a, 0);
    assert_string_equal(inspect_of(&sb, &o), "{}");
    gql_val_object_set(&a, &o, "limit", gql_val_int(1));
    gql_val_object_set(&a, &o, "s", gql_val_cstring(&a, "x"));
    struct gql_val inner = gql_val_object(&a, 0);
    struct gql_val deepest = gql_val_object(&a, 0);
    gql_val_object_set(&a, &deepest, "z", gql_val_int(0));
    gql_val_object_set(&a, &inner, "y", deepest);
    gql_val_object_set(&a, &o, "x", inner);
    assert_string_equal(inspect_of(&sb, &o), "{ limit: 1, s: \"x\", x: { y: [Object] } }");
    struct gql_val l = gql_val_list(&a, 12);
    for (int i = 0; i < 12; i++)
        l.u.list.items[i] = gql_val_int(i);
    assert_string_equal(inspect_of(&sb, &l), "[0, 1, 2, 3, 4, 5, 6, 7, 8, 9, ... 2 more items]");
    l.u.list.count = 11;
    assert_string_equal(inspect_of(&sb, &l), "[0, 1, 2, 3, 4, 5, 6, 7, 8, 9, ... 1 more item]");
    struct gql_val e = gql_val_enum(&a, "RED");
    assert_string_equal(inspect_of(&sb, &e), "RED");
    struct gql_val f = gql_val_float(12.5);
    assert_string_equal(inspect_of(&sb, &f), "12.5");
    /* Text longer than 2048 bytes is cut, never inside a UTF-8 character, and ends in "...". */
    struct gql_val big = gql_val_object(&a, 0);
    char key[16];
    for (int i = 0; i < 1000; i++) {
        snprintf(key, sizeof key, "k%d", i);
        gql_val_object_set(&a, &big, key, gql_val_int(i));
    }
    const char *text = inspect_of(&sb, &big);
    assert_int_equal(strlen(text), 2048 + 3);
    assert_true(strncmp(text, "{ k0: 0, k1: 1, ", 16) == 0);
    assert_string_equal(text + 2048, "...");
    char accents[2 * 1100 + 1];
    for (int i = 0; i < 1100; i++)
        memcpy(accents + 2 * i, "\xC3\xA9", 2);
    accents[2 * 1100] = '\0';
    struct gql_val str = gql_val_cstring(&a, accents);
    text = inspect_of(&sb, &str); /* '"' then 2-byte characters: byte 2048 starts none */
    assert_int_equal(strlen(text), 2047 + 3);
    assert_string_equal(text + 2047, "...");
    strbuf_free(&sb);
    arena_free(&a);
}

static void
equality(void **state)
{
    (void)state;
    struct arena a;
    arena_init(&a, 0);
    struct gql_val x = gql_val_object(&a, 0), y = gql_val_object(&a, 0);
    gql_val_object_set(&a, &x, "a", gql_val_int(1));
    gql_val_object_set(&a, &x, "b", gql_val_cstring(&a, "s"));
    gql_val_object_set(&a, &y, "b", gql_val_string(&a, "s", 1));
    gql_val_object_set(&a, &y, "a", gql_val_int(1));
    assert_true(gql_val_equal(&x, &y)); /* key order does not matter */
    gql_val_object_set(&a, &y, "a", gql_val_float(1.0));
    assert_false(gql_val_equal(&x, &y)); /* kinds do */
    struct gql_val s = gql_val_cstring(&a, "RED"), e = gql_val_enum(&a, "RED");
    assert_false(gql_val_equal(&s, &e));
    assert_true(gql_val_equal(NULL, NULL));
    assert_false(gql_val_equal(&s, NULL));
    arena_free(&a);
}

/* decimal2: the contract's accepted and refused amounts. */
static void
decimal2_tables(void **state)
{
    (void)state;
    static const struct {
        const char *in;
        int rc;
        int64_t minor;
    } cases[] = {
        {"12", 0, 1200},
        {"12.5", 0, 1250},
        {"12.50", 0, 1250},
        {"0", 0, 0},
        {"0.01", 0, 1},
        {"007.25", 0, 725},
        {"92233720368547758.07", 0, INT64_MAX},
        {"92233720368547758.08", GQL_DECIMAL2_ERANGE, 0},
        {"99999999999999999999.99", GQL_DECIMAL2_ERANGE, 0},
        {"1e3", GQL_DECIMAL2_ESYNTAX, 0},
        {"-", GQL_DECIMAL2_ESYNTAX, 0},
        {"-1.00", GQL_DECIMAL2_ESYNTAX, 0},
        {"+1", GQL_DECIMAL2_ESYNTAX, 0},
        {".5", GQL_DECIMAL2_ESYNTAX, 0},
        {"1.", GQL_DECIMAL2_ESYNTAX, 0},
        {"", GQL_DECIMAL2_ESYNTAX, 0},
        {" 1", GQL_DECIMAL2_ESYNTAX, 0},
        {"1 ", GQL_DECIMAL2_ESYNTAX, 0},
        {"1,000", GQL_DECIMAL2_ESYNTAX, 0},
        {"0x10", GQL_DECIMAL2_ESYNTAX, 0},
        {"1.2.3", GQL_DECIMAL2_ESYNTAX, 0},
        {"0.001", GQL_DECIMAL2_EPRECISION, 0},
        {"1.999", GQL_DECIMAL2_EPRECISION, 0},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        int64_t v = -42;
        int rc = gql_decimal2_parse(cases[i].in, strlen(cases[i].in), &v);
        if (rc != cases[i].rc)
            fprintf(stderr, "input \"%s\"\n", cases[i].in);
        assert_int_equal(rc, cases[i].rc);
        if (rc == 0)
            assert_int_equal(v, cases[i].minor);
        else
            assert_int_equal(v, -42);
    }
    int64_t v;
    assert_int_equal(gql_decimal2_parse_signed("-12.5", 5, &v), 0);
    assert_int_equal(v, -1250);
    assert_int_equal(gql_decimal2_parse_signed("--1", 3, &v), GQL_DECIMAL2_ESYNTAX);
    char buf[GQL_DECIMAL2_FMT_MAX];
    static const struct {
        int64_t v;
        const char *out;
    } fmt[] = {{0, "0.00"},
               {5, "0.05"},
               {-50, "-0.50"},
               {125000, "1250.00"},
               {INT64_MAX, "92233720368547758.07"},
               {INT64_MIN, "-92233720368547758.08"}};
    for (size_t i = 0; i < sizeof fmt / sizeof *fmt; i++) {
        int n = gql_decimal2_format(fmt[i].v, buf);
        assert_string_equal(buf, fmt[i].out);
        assert_int_equal(n, (int)strlen(fmt[i].out));
    }
    assert_string_equal(gql_decimal2_strerror(GQL_DECIMAL2_EPRECISION),
                        "at most two fraction digits are allowed");
}

/* datetime and date: RFC 3339 with offsets, real calendar days only. */
static void
datetime_and_date_tables(void **state)
{
    (void)state;
    static const struct {
        const char *in;
        int rc;
        const char *canonical;
    } cases[] = {
        {"2026-11-24T08:00:00Z", 0, "2026-11-24T08:00:00.000Z"},
        {"2026-11-24T08:00:00.123Z", 0, "2026-11-24T08:00:00.123Z"},
        {"2026-11-24t08:00:00.1z", 0, "2026-11-24T08:00:00.100Z"},
        {"2026-11-24T13:30:00.5+05:30", 0, "2026-11-24T08:00:00.500Z"},
        {"2026-11-24T08:00:00.123456789Z", 0, "2026-11-24T08:00:00.123Z"},
        {"2024-02-29T23:59:59.999-01:00", 0, "2024-03-01T00:59:59.999Z"},
        {"1970-01-01T00:00:00Z", 0, "1970-01-01T00:00:00.000Z"},
        {"1969-12-31T23:59:59.999Z", 0, "1969-12-31T23:59:59.999Z"},
        {"0001-01-01T00:00:00Z", 0, "0001-01-01T00:00:00.000Z"},
        {"9999-12-31T23:59:59.999Z", 0, "9999-12-31T23:59:59.999Z"},
        {"2026-11-24T08:00:00", -1, NULL},             /* no offset */
        {"2026-11-24 08:00:00Z", -1, NULL},            /* space (lenient only) */
        {"2026-11-24T08:00:00+05", -1, NULL},          /* offset without minutes */
        {"2025-02-29T00:00:00Z", -1, NULL},            /* no such day */
        {"2026-11-24T24:00:00Z", -1, NULL},            /* hour 24 */
        {"2026-11-24T23:59:60Z", -1, NULL},            /* leap second */
        {"2026-11-24T08:00:00.Z", -1, NULL},           /* empty fraction */
        {"2026-11-24T08:00:00.1234567890Z", -1, NULL}, /* over 9 fraction digits */
        {"2026-1-24T08:00:00Z", -1, NULL},
        {"0000-01-01T00:00:00Z", -1, NULL},
        {"2026-11-24T08:00:00Z ", -1, NULL},
        {"", -1, NULL},
    };
    char buf[GQL_DATETIME_FMT_MAX];
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        int64_t ms;
        int rc = gql_datetime_parse(cases[i].in, strlen(cases[i].in), &ms);
        if (rc != cases[i].rc)
            fprintf(stderr, "input \"%s\"\n", cases[i].in);
        assert_int_equal(rc, cases[i].rc);
        if (rc == 0) {
            assert_true(gql_datetime_format(ms, buf) > 0);
            assert_string_equal(buf, cases[i].canonical);
        }
    }
    int64_t ms;
    assert_int_equal(gql_datetime_parse_lenient("2026-11-24 08:00:00.123+00", 26, &ms), 0);
    gql_datetime_format(ms, buf);
    assert_string_equal(buf, "2026-11-24T08:00:00.123Z");
    assert_int_equal(gql_datetime_format(INT64_MAX / 2, buf), -1);

    static const struct {
        const char *in;
        int rc;
        int64_t days;
    } dates[] = {
        {"1970-01-01", 0, 0},
        {"2024-02-29", 0, 19782},
        {"2000-02-29", 0, 11016},
        {"1900-02-29", -1, 0},
        {"2025-02-29", -1, 0},
        {"2024-04-31", -1, 0},
        {"2024-00-10", -1, 0},
        {"2024-13-01", -1, 0},
        {"2024-01-00", -1, 0},
        {"2024-1-01", -1, 0},
        {"24-01-01", -1, 0},
        {"2024-01-01T00", -1, 0},
        {"0001-01-01", 0, GQL_DATE_MIN_DAYS},
        {"9999-12-31", 0, GQL_DATE_MAX_DAYS},
    };
    char dbuf[GQL_DATE_FMT_MAX];
    for (size_t i = 0; i < sizeof dates / sizeof *dates; i++) {
        int64_t d = 0;
        int rc = gql_date_parse(dates[i].in, strlen(dates[i].in), &d);
        if (rc != dates[i].rc)
            fprintf(stderr, "input \"%s\"\n", dates[i].in);
        assert_int_equal(rc, dates[i].rc);
        if (rc == 0) {
            assert_int_equal(d, dates[i].days);
            gql_date_format(d, dbuf);
            assert_string_equal(dbuf, dates[i].in);
        }
    }
    assert_int_equal(gql_date_format(GQL_DATE_MAX_DAYS + 1, dbuf), -1);
}

/* The scalar hooks: variables, literals and results, with their messages. */
static void
scalar_hooks(void **state)
{
    (void)state;
    struct arena a;
    arena_init(&a, 0);
    struct gql_type_def money_type;
    memset(&money_type, 0, sizeof money_type);
    money_type.kind = GQL_TYPE_SCALAR;
    money_type.name = "Money";
    money_type.name_len = 5;
    struct gql_scalar_ctx ctx = {.arena = &a, .type = &money_type};
    const struct gql_scalar_ops *ops = &gql_scalars_decimal2;
    struct gql_val out, in;

    in = gql_val_cstring(&a, "12.5");
    assert_int_equal(ops->parse_value(&ctx, &in, &out), 0);
    assert_int_equal(out.kind, GQL_VAL_INT);
    assert_int_equal(out.u.int_, 1250);
    in = gql_val_float(12.5);
    assert_true(ops->parse_value(&ctx, &in, &out) < 0);
    assert_string_equal(ctx.message, "Money cannot represent a non-string value: 12.5");
    in = gql_val_int(12);
    assert_true(ops->parse_value(&ctx, &in, &out) < 0);
    assert_string_equal(ctx.message, "Money cannot represent a non-string value: 12");
    in = gql_val_cstring(&a, "0.001");
    assert_true(ops->parse_value(&ctx, &in, &out) < 0);
    assert_string_equal(ctx.message,
                        "Money cannot represent value (at most two fraction digits are allowed): "
                        "\"0.001\"");

    /* Literals. */
    struct gql_error_list errors;
    gql_error_list_init(&errors, &a, NULL, 0);
    struct gql_value *lit;
    assert_int_equal(gql_parse_value(&a, "\"99.9\"", 6, NULL, 1, &lit, &errors), 0);
    assert_int_equal(ops->parse_literal(&ctx, lit, &out), 0);
    assert_int_equal(out.u.int_, 9990);
    assert_int_equal(gql_parse_value(&a, "12.5", 4, NULL, 1, &lit, &errors), 0);
    assert_true(ops->parse_literal(&ctx, lit, &out) < 0);
    assert_string_equal(ctx.message, "Money cannot represent a non-string value: 12.5");
    assert_int_equal(gql_parse_value(&a, "\"1e3\"", 5, NULL, 1, &lit, &errors), 0);
    assert_true(ops->parse_literal(&ctx, lit, &out) < 0);

    /* Results. */
    in = gql_val_int(-1250);
    assert_int_equal(ops->serialize(&ctx, &in, &out), 0);
    assert_int_equal(out.kind, GQL_VAL_STRING);
    assert_string_equal(out.u.string.ptr, "-12.50");
    in = gql_val_cstring(&a, "7.5");
    assert_int_equal(ops->serialize(&ctx, &in, &out), 0);
    assert_string_equal(out.u.string.ptr, "7.50");
    in = gql_val_float(7.5);
    assert_true(ops->serialize(&ctx, &in, &out) < 0);
    assert_string_equal(ctx.message, "Money cannot represent value: 7.5");

    money_type.name = "DateTime";
    ops = &gql_scalars_datetime;
    in = gql_val_cstring(&a, "2026-11-24T13:30:00+05:30");
    assert_int_equal(ops->parse_value(&ctx, &in, &out), 0);
    assert_string_equal(out.u.string.ptr, "2026-11-24T08:00:00.000Z");
    in = gql_val_cstring(&a, "2026-11-24 08:00:00Z");
    assert_true(ops->parse_value(&ctx, &in, &out) < 0);
    in = gql_val_int(1795507200123);
    assert_int_equal(ops->serialize(&ctx, &in, &out), 0);
    assert_string_equal(out.u.string.ptr, "2026-11-24T08:00:00.123Z");

    money_type.name = "Date";
    ops = &gql_scalars_date;
    in = gql_val_cstring(&a, "2024-02-29");
    assert_int_equal(ops->parse_value(&ctx, &in, &out), 0);
    assert_string_equal(out.u.string.ptr, "2024-02-29");
    in = gql_val_cstring(&a, "2023-02-29");
    assert_true(ops->parse_value(&ctx, &in, &out) < 0);
    in = gql_val_int(19782);
    assert_int_equal(ops->serialize(&ctx, &in, &out), 0);
    assert_string_equal(out.u.string.ptr, "2024-02-29");
    in = gql_val_boolean(true);
    assert_true(ops->serialize(&ctx, &in, &out) < 0);
    assert_string_equal(ctx.message, "Date cannot represent value: true");
    arena_free(&a);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(objects_and_lists),
        cmocka_unit_test(large_objects),
        cmocka_unit_test(floats_print_like_javascript),
        cmocka_unit_test(inspect_text),
        cmocka_unit_test(equality),
        cmocka_unit_test(decimal2_tables),
        cmocka_unit_test(datetime_and_date_tables),
        cmocka_unit_test(scalar_hooks),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
