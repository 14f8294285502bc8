/*
 * Unit tests of leaf coercion (src/gql/type/scalars.c): the specified scalars Int, Float,
 * String, Boolean and ID and an enum, through result coercion (serialize), variable input
 * (parse_value) and literal input (parse_literal). The table's expectations are graphql-js
 * 16's answers for the same inputs (GraphQLInt.serialize(1.5) etc.); enum messages are
 * compared without graphql-js's "Did you mean" suffix, which validation appends itself.
 * Deliberate differences from graphql-js are tested separately below.
 */
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

#include "core/arena.h"
#include "core/strbuf.h"
#include "gql/error.h"
#include "gql/parser.h"
#include "gql/schema.h"
#include "gql/value.h"
#include "gql_test_util.h"

enum op { SERIALIZE, PARSE_VALUE, PARSE_LITERAL };

struct coercion_case {
    enum op op;
    const char *type;
    const char *input;    /* JSON (serialize, parse_value) or a GraphQL literal */
    const char *expected; /* result as JSON, or NULL when an error is expected */
    const char *message;  /* the error message, or NULL */
};

/* Generated from graphql-js 16.15 (see the file comment). */
static const struct coercion_case cases[] = {
    {SERIALIZE, "Int", "1", "1", NULL},
    {SERIALIZE, "Int", "-1", "-1", NULL},
    {SERIALIZE, "Int", "1.0", "1", NULL},
    {SERIALIZE, "Int", "1.5", NULL, "Int cannot represent non-integer value: 1.5"},
    {SERIALIZE, "Int", "true", "1", NULL},
    {SERIALIZE, "Int", "false", "0", NULL},
    {SERIALIZE, "Int", "\"123\"", "123", NULL},
    {SERIALIZE, "Int", "\"  12 \"", "12", NULL},
    {SERIALIZE, "Int", "\"1.5\"", NULL, "Int cannot represent non-integer value: \"1.5\""},
    {SERIALIZE, "Int", "\"abc\"", NULL, "Int cannot represent non-integer value: \"abc\""},
    {SERIALIZE, "Int", "\"\"", NULL, "Int cannot represent non-integer value: \"\""},
    {SERIALIZE, "Int", "2147483647", "2147483647", NULL},
    {SERIALIZE,
     "Int",
     "2147483648",
     NULL,
     "Int cannot represent non 32-bit signed integer value: 2147483648"},
    {SERIALIZE,
     "Int",
     "-2147483649",
     NULL,
     "Int cannot represent non 32-bit signed integer value: -2147483649"},
    {SERIALIZE,
     "Int",
     "1e100",
     NULL,
     "Int cannot represent non 32-bit signed integer value: 1e+100"},
    {SERIALIZE, "Int", "[1]", NULL, "Int cannot represent non-integer value: [1]"},
    {SERIALIZE, "Int", "{\"a\":1}", NULL, "Int cannot represent non-integer value: { a: 1 }"},
    {SERIALIZE, "Float", "1", "1", NULL},
    {SERIALIZE, "Float", "-1.5", "-1.5", NULL},
    {SERIALIZE, "Float", "true", "1", NULL},
    {SERIALIZE, "Float", "\"1.5\"", "1.5", NULL},
    {SERIALIZE, "Float", "\" 2 \"", "2", NULL},
    {SERIALIZE, "Float", "\"x\"", NULL, "Float cannot represent non numeric value: \"x\""},
    {SERIALIZE, "Float", "\"\"", NULL, "Float cannot represent non numeric value: \"\""},
    {SERIALIZE, "Float", "1e100", "1e+100", NULL},
    {SERIALIZE, "Float", "[1.5]", NULL, "Float cannot represent non numeric value: [1.5]"},
    {SERIALIZE, "String", "\"a\"", "\"a\"", NULL},
    {SERIALIZE, "String", "true", "\"true\"", NULL},
    {SERIALIZE, "String", "false", "\"false\"", NULL},
    {SERIALIZE, "String", "1", "\"1\"", NULL},
    {SERIALIZE, "String", "-1.5", "\"-1.5\"", NULL},
    {SERIALIZE, "String", "1e21", "\"1e+21\"", NULL},
    {SERIALIZE, "String", "[1]", NULL, "String cannot represent value: [1]"},
    {SERIALIZE, "String", "{\"a\":\"b\"}", NULL, "String cannot represent value: { a: \"b\" }"},
    {SERIALIZE, "Boolean", "true", "true", NULL},
    {SERIALIZE, "Boolean", "false", "false", NULL},
    {SERIALIZE, "Boolean", "1", "true", NULL},
    {SERIALIZE, "Boolean", "0", "false", NULL},
    {SERIALIZE, "Boolean", "1.5", "true", NULL},
    {SERIALIZE,
     "Boolean",
     "\"true\"",
     NULL,
     "Boolean cannot represent a non boolean value: \"true\""},
    {SERIALIZE, "Boolean", "\"\"", NULL, "Boolean cannot represent a non boolean value: \"\""},
    {SERIALIZE, "Boolean", "[true]", NULL, "Boolean cannot represent a non boolean value: [true]"},
    {SERIALIZE, "ID", "\"a\"", "\"a\"", NULL},
    {SERIALIZE, "ID", "\"\"", "\"\"", NULL},
    {SERIALIZE, "ID", "1", "\"1\"", NULL},
    {SERIALIZE, "ID", "-7", "\"-7\"", NULL},
    {SERIALIZE, "ID", "1.0", "\"1\"", NULL},
    {SERIALIZE, "ID", "1.5", NULL, "ID cannot represent value: 1.5"},
    {SERIALIZE, "ID", "true", NULL, "ID cannot represent value: true"},
    {SERIALIZE, "ID", "[1]", NULL, "ID cannot represent value: [1]"},
    {SERIALIZE, "Color", "\"RED\"", "\"RED\"", NULL},
    {SERIALIZE, "Color", "\"NOPE\"", NULL, "Enum \"Color\" cannot represent value: \"NOPE\""},
    {SERIALIZE, "Color", "1", NULL, "Enum \"Color\" cannot represent value: 1"},
    {SERIALIZE, "Color", "true", NULL, "Enum \"Color\" cannot represent value: true"},
    {PARSE_VALUE, "Int", "1", "1", NULL},
    {PARSE_VALUE, "Int", "-2147483648", "-2147483648", NULL},
    {PARSE_VALUE, "Int", "1.0", "1", NULL},
    {PARSE_VALUE, "Int", "1.5", NULL, "Int cannot represent non-integer value: 1.5"},
    {PARSE_VALUE, "Int", "\"1\"", NULL, "Int cannot represent non-integer value: \"1\""},
    {PARSE_VALUE, "Int", "true", NULL, "Int cannot represent non-integer value: true"},
    {PARSE_VALUE,
     "Int",
     "2147483648",
     NULL,
     "Int cannot represent non 32-bit signed integer value: 2147483648"},
    {PARSE_VALUE,
     "Int",
     "1e100",
     NULL,
     "Int cannot represent non 32-bit signed integer value: 1e+100"},
    {PARSE_VALUE, "Int", "[1]", NULL, "Int cannot represent non-integer value: [1]"},
    {PARSE_VALUE, "Int", "{\"a\":1}", NULL, "Int cannot represent non-integer value: { a: 1 }"},
    {PARSE_VALUE, "Float", "1", "1", NULL},
    {PARSE_VALUE, "Float", "1.5", "1.5", NULL},
    {PARSE_VALUE, "Float", "-0.25", "-0.25", NULL},
    {PARSE_VALUE, "Float", "\"1.5\"", NULL, "Float cannot represent non numeric value: \"1.5\""},
    {PARSE_VALUE, "Float", "true", NULL, "Float cannot represent non numeric value: true"},
    {PARSE_VALUE, "Float", "[1]", NULL, "Float cannot represent non numeric value: [1]"},
    {PARSE_VALUE, "Float", "1e300", "1e+300", NULL},
    {PARSE_VALUE, "String", "\"a\"", "\"a\"", NULL},
    {PARSE_VALUE, "String", "\"\"", "\"\"", NULL},
    {PARSE_VALUE, "String", "1", NULL, "String cannot represent a non string value: 1"},
    {PARSE_VALUE, "String", "true", NULL, "String cannot represent a non string value: true"},
    {PARSE_VALUE,
     "String",
     "[ \"a\" ]",
     NULL,
     "String cannot represent a non string value: [\"a\"]"},
    {PARSE_VALUE, "String", "{}", NULL, "String cannot represent a non string value: {}"},
    {PARSE_VALUE, "Boolean", "true", "true", NULL},
    {PARSE_VALUE, "Boolean", "false", "false", NULL},
    {PARSE_VALUE, "Boolean", "1", NULL, "Boolean cannot represent a non boolean value: 1"},
    {PARSE_VALUE,
     "Boolean",
     "\"true\"",
     NULL,
     "Boolean cannot represent a non boolean value: \"true\""},
    {PARSE_VALUE, "Boolean", "[]", NULL, "Boolean cannot represent a non boolean value: []"},
    {PARSE_VALUE, "ID", "\"a\"", "\"a\"", NULL},
    {PARSE_VALUE, "ID", "1", "\"1\"", NULL},
    {PARSE_VALUE, "ID", "-7", "\"-7\"", NULL},
    {PARSE_VALUE, "ID", "1.0", "\"1\"", NULL},
    {PARSE_VALUE, "ID", "1.5", NULL, "ID cannot represent value: 1.5"},
    {PARSE_VALUE, "ID", "true", NULL, "ID cannot represent value: true"},
    {PARSE_VALUE, "ID", "[1]", NULL, "ID cannot represent value: [1]"},
    {PARSE_VALUE, "ID", "{\"a\":1}", NULL, "ID cannot represent value: { a: 1 }"},
    {PARSE_VALUE, "Color", "\"RED\"", "\"RED\"", NULL},
    {PARSE_VALUE, "Color", "\"NOPE\"", NULL, "Value \"NOPE\" does not exist in \"Color\" enum."},
    {PARSE_VALUE, "Color", "1", NULL, "Enum \"Color\" cannot represent non-string value: 1."},
    {PARSE_VALUE, "Color", "true", NULL, "Enum \"Color\" cannot represent non-string value: true."},
    {PARSE_VALUE,
     "Color",
     "[\"RED\"]",
     NULL,
     "Enum \"Color\" cannot represent non-string value: [\"RED\"]."},
    {PARSE_LITERAL, "Int", "1", "1", NULL},
    {PARSE_LITERAL, "Int", "-0", "0", NULL},
    {PARSE_LITERAL, "Int", "2147483647", "2147483647", NULL},
    {PARSE_LITERAL, "Int", "-2147483648", "-2147483648", NULL},
    {PARSE_LITERAL,
     "Int",
     "2147483648",
     NULL,
     "Int cannot represent non 32-bit signed integer value: 2147483648"},
    {PARSE_LITERAL,
     "Int",
     "-2147483649",
     NULL,
     "Int cannot represent non 32-bit signed integer value: -2147483649"},
    {PARSE_LITERAL,
     "Int",
     "99999999999999999999",
     NULL,
     "Int cannot represent non 32-bit signed integer value: 99999999999999999999"},
    {PARSE_LITERAL, "Int", "1.5", NULL, "Int cannot represent non-integer value: 1.5"},
    {PARSE_LITERAL, "Int", "1e3", NULL, "Int cannot represent non-integer value: 1e3"},
    {PARSE_LITERAL, "Int", "\"1\"", NULL, "Int cannot represent non-integer value: \"1\""},
    {PARSE_LITERAL, "Int", "true", NULL, "Int cannot represent non-integer value: true"},
    {PARSE_LITERAL, "Int", "RED", NULL, "Int cannot represent non-integer value: RED"},
    {PARSE_LITERAL, "Int", "[1]", NULL, "Int cannot represent non-integer value: [1]"},
    {PARSE_LITERAL, "Int", "{a: 1}", NULL, "Int cannot represent non-integer value: {a: 1}"},
    {PARSE_LITERAL,
     "Int",
     "\"\"\"x\"\"\"",
     NULL,
     "Int cannot represent non-integer value: \"\"\"x\"\"\""},
    {PARSE_LITERAL, "Float", "1", "1", NULL},
    {PARSE_LITERAL, "Float", "1.5", "1.5", NULL},
    {PARSE_LITERAL, "Float", "-1.5e-3", "-0.0015", NULL},
    {PARSE_LITERAL, "Float", "1e3", "1000", NULL},
    {PARSE_LITERAL, "Float", "\"1.5\"", NULL, "Float cannot represent non numeric value: \"1.5\""},
    {PARSE_LITERAL, "Float", "true", NULL, "Float cannot represent non numeric value: true"},
    {PARSE_LITERAL, "Float", "RED", NULL, "Float cannot represent non numeric value: RED"},
    {PARSE_LITERAL, "Float", "[1.5]", NULL, "Float cannot represent non numeric value: [1.5]"},
    {PARSE_LITERAL, "String", "\"a\"", "\"a\"", NULL},
    {PARSE_LITERAL, "String", "\"esc\\u00e9\\n\"", "\"escé\\n\"", NULL},
    {PARSE_LITERAL, "String", "\"\"\"  block\n  string\"\"\"", "\"  block\\nstring\"", NULL},
    {PARSE_LITERAL, "String", "1", NULL, "String cannot represent a non string value: 1"},
    {PARSE_LITERAL, "String", "true", NULL, "String cannot represent a non string value: true"},
    {PARSE_LITERAL, "String", "RED", NULL, "String cannot represent a non string value: RED"},
    {PARSE_LITERAL,
     "String",
     "[\"a\"]",
     NULL,
     "String cannot represent a non string value: [\"a\"]"},
    {PARSE_LITERAL,
     "String",
     "{a: \"b\"}",
     NULL,
     "String cannot represent a non string value: {a: \"b\"}"},
    {PARSE_LITERAL, "Boolean", "true", "true", NULL},
    {PARSE_LITERAL, "Boolean", "false", "false", NULL},
    {PARSE_LITERAL, "Boolean", "1", NULL, "Boolean cannot represent a non boolean value: 1"},
    {PARSE_LITERAL,
     "Boolean",
     "\"true\"",
     NULL,
     "Boolean cannot represent a non boolean value: \"true\""},
    {PARSE_LITERAL, "Boolean", "TRUE", NULL, "Boolean cannot represent a non boolean value: TRUE"},
    {PARSE_LITERAL,
     "Boolean",
     "[true]",
     NULL,
     "Boolean cannot represent a non boolean value: [true]"},
    {PARSE_LITERAL, "ID", "\"a\"", "\"a\"", NULL},
    {PARSE_LITERAL, "ID", "1", "\"1\"", NULL},
    {PARSE_LITERAL, "ID", "-7", "\"-7\"", NULL},
    {PARSE_LITERAL,
     "ID",
     "1.5",
     NULL,
     "ID cannot represent a non-string and non-integer value: 1.5"},
    {PARSE_LITERAL,
     "ID",
     "true",
     NULL,
     "ID cannot represent a non-string and non-integer value: true"},
    {PARSE_LITERAL, "ID", "ID", NULL, "ID cannot represent a non-string and non-integer value: ID"},
    {PARSE_LITERAL,
     "ID",
     "[\"a\"]",
     NULL,
     "ID cannot represent a non-string and non-integer value: [\"a\"]"},
    {PARSE_LITERAL, "Color", "RED", "\"RED\"", NULL},
    {PARSE_LITERAL, "Color", "GREEN", "\"GREEN\"", NULL},
    {PARSE_LITERAL, "Color", "NOPE", NULL, "Value \"NOPE\" does not exist in \"Color\" enum."},
    {PARSE_LITERAL,
     "Color",
     "\"RED\"",
     NULL,
     "Enum \"Color\" cannot represent non-enum value: \"RED\"."},
    {PARSE_LITERAL, "Color", "1", NULL, "Enum \"Color\" cannot represent non-enum value: 1."},
    {PARSE_LITERAL,
     "Color",
     "[RED]",
     NULL,
     "Enum \"Color\" cannot represent non-enum value: [RED]."},
};

static const struct gql_value *
literal(struct arena *a, const char *text)
{
    struct gql_error_list errors;
    gql_error_list_init(&errors, a, NULL, 0);
    struct gql_value *v = NULL;
    assert_int_equal(gql_parse_value(a, text, strlen(text), NULL, 1, &v, &errors), 0);
    return v;
}

static struct gql_schema *
leaf_schema(struct arena *a)
{
    static const char sdl[] = "enum Color { RED GREEN }\n"
                              "type Query { i: Int, f: Float, s: String, b: Boolean, id: ID, "
                              "c: Color }";
    struct gql_error_list errors;
    gql_error_list_init(&errors, a, NULL, 0);
    struct gql_schema *s = NULL;
    assert_int_equal(gql_schema_build_from_sdl(a, sdl, strlen(sdl), &s, &errors), 0);
    return s;
}

/* Runs one coercion; returns the result as JSON or the message, prefixed "ok:" / "error:". */
static const char *
run(struct arena *a, const struct gql_type_def *t, enum op op, const char *input)
{
    struct gql_val in, out;
    const char *message = NULL;
    int rc;
    switch (op) {
    case SERIALIZE:
        in = gtu_json(a, input);
        rc = gql_leaf_serialize(t, a, &in, &out, &message);
        break;
    case PARSE_VALUE:
        in = gtu_json(a, input);
        rc = gql_leaf_parse_value(t, a, &in, &out, &message);
        break;
    default:
        rc = gql_leaf_parse_literal(t, a, literal(a, input), NULL, &out, &message);
        break;
    }
    struct strbuf sb = STRBUF_INIT;
    if (rc == 0) {
        strbuf_puts(&sb, "ok:");
        gql_val_write_json(&out, &sb);
    } else {
        strbuf_puts(&sb, "error:");
        strbuf_puts(&sb, message != NULL ? message : "(no message)");
    }
    char *s = arena_strdup(a, strbuf_cstr(&sb));
    strbuf_free(&sb);
    return s;
}

static void
coercion_table_matches_graphql_js(void **state)
{
    (void)state;
    struct arena a;
    arena_init(&a, 0);
    struct gql_schema *s = leaf_schema(&a);
    static const char *const op_names[] = {"serialize", "parse_value", "parse_literal"};
    assert_true(sizeof cases / sizeof cases[0] >= 140);
    int failures = 0;
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        const struct coercion_case *c = &cases[i];
        const struct gql_type_def *t = gql_schema_type(s, c->type, strlen(c->type));
        assert_non_null(t);
        const char *got = run(&a, t, c->op, c->input);
        char want[512];
        snprintf(want,
                 sizeof want,
                 "%s%s",
                 c->expected != NULL ? "ok:" : "error:",
                 c->expected != NULL ? c->expected : c->message);
        if (strcmp(got, want) != 0) {
            fprintf(stderr,
                    "%s %s(%s):\n  got      %s\n  expected %s\n",
                    c->type,
                    op_names[c->op],
                    c->input,
                    got,
                    want);
            failures++;
        }
    }
    assert_int_equal(failures, 0);
    arena_free(&a);
}

static void
deliberate_differences_from_graphql_js(void **state)
{
    (void)state;
    struct arena a;
    arena_init(&a, 0);
    struct gql_schema *s = leaf_schema(&a);
    const struct gql_type_def *f = gql_schema_type(s, "Float", 5);
    const struct gql_type_def *i = gql_schema_type(s, "Int", 3);
    const struct gql_type_def *str = gql_schema_type(s, "String", 6);
    const struct gql_type_def *id = gql_schema_type(s, "ID", 2);
    const struct gql_type_def *color = gql_schema_type(s, "Color", 5);
    /* Floats must be finite (graphql-js lets a literal overflow to Infinity). */
    assert_string_equal(run(&a, f, PARSE_LITERAL, "1e400"),
                        "error:Float cannot represent non numeric value: 1e400");
    assert_string_equal(run(&a, f, PARSE_LITERAL, "-1e400"),
                        "error:Float cannot represent non numeric value: -1e400");
    /* 64-bit values that JavaScript cannot hold exactly. */
    struct gql_val big = gql_val_int(INT64_MAX), out;
    const char *msg = NULL;
    assert_int_equal(gql_leaf_serialize(i, &a, &big, &out, &msg), -1);
    assert_string_equal(msg,
                        "Int cannot represent non 32-bit signed integer value: "
                        "9223372036854775807");
    assert_int_equal(gql_leaf_serialize(id, &a, &big, &out, &msg), 0);
    assert_int_equal(out.kind, GQL_VAL_STRING);
    assert_string_equal(out.u.string.ptr, "9223372036854775807");
    assert_int_equal(gql_leaf_serialize(f, &a, &big, &out, &msg), 0);
    assert_int_equal(out.kind, GQL_VAL_FLOAT);
    /* Non-finite floats and application objects are refused. */
    struct gql_val inf = {.kind = GQL_VAL_FLOAT, .u.float_ = 1.0 / 0.0};
    assert_int_equal(gql_leaf_serialize(f, &a, &inf, &out, &msg), -1);
    assert_int_equal(gql_leaf_serialize(str, &a, &inf, &out, &msg), -1);
    struct gql_val opaque = gql_val_opaque(&a, "X");
    assert_int_equal(gql_leaf_serialize(i, &a, &opaque, &out, &msg), -1);
    assert_string_equal(msg, "Int cannot represent non-integer value: {}");
    /* An enum value given as an ENUM value (a resolver's natural answer). */
    struct gql_val green = {.kind = GQL_VAL_ENUM, .u.string = {"GREEN", 5}};
    assert_int_equal(gql_leaf_serialize(color, &a, &green, &out, &msg), 0);
    assert_int_equal(out.kind, GQL_VAL_ENUM);
    assert_int_equal(gql_leaf_serialize(str, &a, &green, &out, &msg), 0);
    assert_int_equal(out.kind, GQL_VAL_STRING);
    /* Strings keep embedded NUL bytes and exact lengths. */
    struct gql_val nul = gql_val_string(&a, "a\0b", 3);
    assert_int_equal(gql_leaf_parse_value(str, &a, &nul, &out, &msg), 0);
    assert_int_equal(out.u.string.len, 3);
    arena_free(&a);
}

/* Hooks of a custom scalar are called with its userdata; NULL hooks pass values through. */
static int
upper_parse_value(struct gql_scalar_ctx *ctx, const struct gql_val *in, struct gql_val *out)
{
    if (in->kind != GQL_VAL_STRING)
        return gql_scalar_fail(
            ctx, "%s wants a string, not %s", ctx->type->name, gql_val_kind_name(in->kind));
    char *s = arena_strndup(ctx->arena, in->u.string.ptr, in->u.string.len);
    for (char *p = s; *p; p++)
        if (*p >= 'a' && *p <= 'z')
            *p = (char)(*p - 'a' + 'A');
    *out = gql_val_string(ctx->arena, s, in->u.string.len);
    (*(int *)ctx->userdata)++;
    return 0;
}

static const struct gql_scalar_ops upper_ops = {NULL, upper_parse_value, NULL};

static void
custom_scalar_dispatch(void **state)
{
    (void)state;
    struct arena a;
    arena_init(&a, 0);
    static const char sdl[] =
        "scalar Upper\nscalar Raw\ntype Query { u(x: Upper): Upper, r(x: Raw): Raw }";
    struct gql_error_list errors;
    gql_error_list_init(&errors, &a, NULL, 0);
    struct gql_schema *s = NULL;
    assert_int_equal(gql_schema_build_from_sdl(&a, sdl, strlen(sdl), &s, &errors), 0);
    int calls = 0;
    assert_int_equal(gql_schema_set_scalar(s, "Upper", &upper_ops, &calls, &errors), 0);
    const struct gql_type_def *upper = gql_schema_type(s, "Upper", 5);
    const struct gql_type_def *raw = gql_schema_type(s, "Raw", 3);
    /* No parse_literal hook: the literal becomes a value, then goes through parse_value. */
    assert_string_equal(run(&a, upper, PARSE_LITERAL, "\"abc\""), "ok:\"ABC\"");
    assert_int_equal(calls, 1);
    assert_string_equal(run(&a, upper, PARSE_LITERAL, "12"), "error:Upper wants a string, not int");
    assert_string_equal(run(&a, upper, PARSE_VALUE, "\"x\""), "ok:\"X\"");
    /* No serialize hook: the value is written as it is. */
    assert_string_equal(run(&a, upper, SERIALIZE, "{\"a\":[1,2.5]}"), "ok:{\"a\":[1,2.5]}");
    /* No hooks at all: literals of any shape, variables substituted. */
    assert_string_equal(run(&a, raw, PARSE_LITERAL, "{a: [1, 2.5, \"s\", true, null, E]}"),
                        "ok:{\"a\":[1,2.5,\"s\",true,null,\"E\"]}");
    struct gql_val vars = gql_val_object(&a, 1);
    gql_val_object_set(&a, &vars, "v", gql_val_int(42));
    struct gql_val out;
    const char *msg = NULL;
    struct gql_error_list perr;
    gql_error_list_init(&perr, &a, NULL, 0);
    struct gql_value *lit = NULL;
    assert_int_equal(gql_parse_value(&a, "[$v, $missing]", 14, NULL, 0, &lit, &perr), 0);
    assert_int_equal(gql_leaf_parse_literal(raw, &a, lit, &vars, &out, &msg), 0);
    struct strbuf sb = STRBUF_INIT;
    gql_val_write_json(&out, &sb);
    assert_string_equal(strbuf_cstr(&sb), "[42,null]");
    strbuf_free(&sb);
    arena_free(&a);
}

static void
literal_values_print_as_graphql_literals(void **state)
{
    (void)state;
    struct arena a;
    arena_init(&a, 0);
    static const char sdl[] =
        "enum E { A B }\ninput In { i: Int, e: E, l: [String], n: In }\n"
        "type Query { f(a: In, b: [[Int]], c: ID, d: Float, s: String, e: E): Int }";
    struct gql_error_list errors;
    gql_error_list_init(&errors, &a, NULL, 0);
    struct gql_schema *s = NULL;
    assert_int_equal(gql_schema_build_from_sdl(&a, sdl, strlen(sdl), &s, &errors), 0);
    const struct gql_field_def *f = gql_type_def_field(s->query_type, "f", 1);
    static const struct {
        const char *arg;
        const char *value; /* JSON, coerced through parse_value first */
        const char *printed;
    } rows[] = {
        {"a",
         "{\"n\":{\"i\":1},\"e\":\"B\",\"l\":[\"x\",\"\\\"q\\\"\\n\"],\"i\":null}",
         "{i: null, e: B, l: [\"x\", \"\\\"q\\\"\\n\"], n: {i: 1}}"},
        {"b", "[[1,null],[]]", "[[1, null], []]"},
        {"c", "\"123\"", "123"},
        {"c", "\"0123\"", "\"0123\""},
        {"c", "\"-7\"", "-7"},
        {"c", "\"abc\"", "\"abc\""},
        {"d", "1.0", "1"},
        {"d", "0.000001", "0.000001"},
        {"d", "1e21", "1e+21"},
        {"s", "\"caf\\u00e9 \\u0001 \\u0085\"", "\"caf\xc3\xa9 \\u0001 \\u0085\""},
        {"e", "\"A\"", "A"},
    };
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        const struct gql_input_value_def *arg = gql_field_def_arg(f, rows[i].arg, 1);
        struct gql_val v = gtu_json(&a, rows[i].value);
        if (rows[i].arg[0] == 'a') {
            /* Input objects: JSON keys in any order print in field order. */
        } else if (rows[i].arg[0] == 'e') {
            const char *m = NULL;
            assert_int_equal(gql_leaf_parse_value(gql_type_def_named(arg->type), &a, &v, &v, &m),
                             0);
        }
        struct strbuf sb = STRBUF_INIT;
        assert_int_equal(gql_print_input_value(arg->type, &v, &a, &sb), 0);
        assert_string_equal(strbuf_cstr(&sb), rows[i].printed);
        strbuf_free(&sb);
    }
    /* A null for a non-null type has no literal. */
    struct gql_schema *t = NULL;
    static const char sdl2[] = "type Query { f(a: Int!): Int }";
    assert_int_equal(gql_schema_build_from_sdl(&a, sdl2, strlen(sdl2), &t, &errors), 0);
    const struct gql_input_value_def *arg =
        gql_field_def_arg(gql_type_def_field(t->query_type, "f", 1), "a", 1);
    struct gql_val null = gql_val_null();
    struct strbuf sb = STRBUF_INIT;
    assert_int_equal(gql_print_input_value(arg->type, &null, &a, &sb), -1);
    assert_int_equal(sb.len, 0);
    strbuf_free(&sb);
    arena_free(&a);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(coercion_table_matches_graphql_js),
        cmocka_unit_test(deliberate_differences_from_graphql_js),
        cmocka_unit_test(custom_scalar_dispatch),
        cmocka_unit_test(literal_values_print_as_graphql_literals),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
