/*
 * Unit tests of introspection (src/gql/type/introspection.c) run through the whole engine
 * (parse, validate, execute): graphql-js's full introspection query on the kitchen-sink
 * schema gives graphql-js's own answer byte for byte
 * (test/fixtures/schema/kitchen-sink.introspection.json); then the shape of individual
 * answers: __type, __typename, includeDeprecated, wrapping types, default values,
 * specifiedByURL, isOneOf, repeatable directives, and the production switch.
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
#include "gql/execute.h"
#include "gql/parser.h"
#include "gql/schema.h"
#include "gql/validate.h"
#include "gql_test_util.h"

/* Parses, validates and executes query; returns the response JSON (arena string). */
static const char *
run(struct arena *a, const struct gql_schema *s, const char *query, unsigned flags)
{
    struct gtu_run opt = {.flags = flags, .validate = true};
    return gtu_exec(a, s, query, &opt, NULL, NULL);
}

static void
full_introspection_query_matches_graphql_js(void **state)
{
    (void)state;
    struct arena a;
    arena_init(&a, 0);
    char *sdl = gtu_read_source("test/fixtures/schema/kitchen-sink.graphql", NULL);
    char *query = gtu_read_source("test/fixtures/schema/introspection-query.graphql", NULL);
    char *expected = gtu_read_source("test/fixtures/schema/kitchen-sink.introspection.json", NULL);
    assert_non_null(sdl);
    assert_non_null(query);
    assert_non_null(expected);
    struct gql_schema *s = gtu_schema_ok(&a, sdl);
    const char *got = run(&a, s, query, 0);
    size_t n = strlen(expected);
    assert_true(n > 1 && expected[n - 1] == '\n');
    expected[n - 1] = '\0';
    assert_string_equal(got, expected);
    free(sdl);
    free(query);
    free(expected);
    arena_free(&a);
}

/* Descriptions with quotes, control characters and non-BMP text survive introspection; the
 * JSON is compared parsed, since we also escape U+2028/U+2029 (JSON.stringify does not). */
static void
descriptions_survive_introspection(void **state)
{
    (void)state;
    struct arena a;
    arena_init(&a, 0);
    char *sdl = gtu_read_source("test/fixtures/schema/descriptions.graphql", NULL);
    char *query = gtu_read_source("test/fixtures/schema/introspection-query.graphql", NULL);
    char *expected = gtu_read_source("test/fixtures/schema/descriptions.introspection.json", NULL);
    assert_non_null(sdl);
    assert_non_null(query);
    assert_non_null(expected);
    struct gql_schema *s = gtu_schema_ok(&a, sdl);
    const char *got = run(&a, s, query, 0);
    json_error_t err;
    json_t *jgot = json_loads(got, 0, &err);
    json_t *jwant = json_loads(expected, 0, &err);
    assert_non_null(jgot);
    assert_non_null(jwant);
    assert_true(json_equal(jgot, jwant));
    json_decref(jgot);
    json_decref(jwant);
    free(sdl);
    free(query);
    free(expected);
    arena_free(&a);
}

static const char schema_sdl[] =
    "\"\"\"The root.\"\"\"\n"
    "type Query {\n"
    "  a(x: Int = 3, old: String @deprecated(reason: \"gone\")): [[E!]]!\n"
    "  b: U @deprecated\n"
    "  n(in: In = {s: \"q\", l: 1}): Node\n"
    "  t: Time\n"
    "}\n"
    "interface Node { id: ID! }\n"
    "type Obj implements Node { id: ID! }\n"
    "union U = Obj\n"
    "enum E { ONE TWO @deprecated(reason: \"2\") THREE }\n"
    "input In { s: String, l: [Int], o: Int @deprecated(reason: \"o\") }\n"
    "input One @oneOf { a: Int, b: String }\n"
    "scalar Time @specifiedBy(url: \"https://example.com/time\")\n"
    "directive @tag(name: String!) repeatable on FIELD_DEFINITION | ENUM_VALUE\n";

static void
individual_answers_have_the_specified_shape(void **state)
{
    (void)state;
    struct arena a;
    arena_init(&a, 0);
    struct gql_schema *s = gtu_schema_ok(&a, schema_sdl);
    static const struct {
        const char *query;
        const char *expected;
    } rows[] = {
        {"{ __typename }", "{\"data\":{\"__typename\":\"Query\"}}"},
        {"{ __type(name: \"Nope\") { name } }", "{\"data\":{\"__type\":null}}"},
        {"{ __type(name: \"Run\xf0\x9f\x8f\x83Swim\xf0\x9f\x8f\x8a\") { name } }",
         "{\"data\":{\"__type\":null}}"},
        {"{ __schema { description queryType { name } mutationType { name } "
         "subscriptionType { name } } }",
         "{\"data\":{\"__schema\":{\"description\":null,\"queryType\":{\"name\":\"Query\"},"
         "\"mutationType\":null,\"subscriptionType\":null}}}"},
        {"{ __type(name: \"Query\") { kind name description fields { name isDeprecated } } }",
         "{\"data\":{\"__type\":{\"kind\":\"OBJECT\",\"name\":\"Query\",\"description\":\"The "
         "root.\",\"fields\":[{\"name\":\"a\",\"isDeprecated\":false},{\"name\":\"n\","
         "\"isDeprecated\":false},{\"name\":\"t\",\"isDeprecated\":false}]}}}"},
        {"{ __type(name: \"Query\") { fields(includeDeprecated: true) { name deprecationReason "
         "args { name defaultValue } } } }",
         "{\"data\":{\"__type\":{\"fields\":[{\"name\":\"a\",\"deprecationReason\":null,"
         "\"args\":[{\"name\":\"x\",\"defaultValue\":\"3\"}]},{\"name\":\"b\","
         "\"deprecationReason\":\"No longer supported\",\"args\":[]},{\"name\":\"n\","
         "\"deprecationReason\":null,\"args\":[{\"name\":\"in\",\"defaultValue\":\"{s: \\\"q\\\", "
         "l: [1]}\"}]},{\"name\":\"t\",\"deprecationReason\":null,\"args\":[]}]}}}"},
        {"{ __type(name: \"Query\") { fields { name args(includeDeprecated: true) { name "
         "isDeprecated deprecationReason } } } }",
         "{\"data\":{\"__type\":{\"fields\":[{\"name\":\"a\",\"args\":[{\"name\":\"x\","
         "\"isDeprecated\":false,\"deprecationReason\":null},{\"name\":\"old\",\"isDeprecated\":"
         "true,\"deprecationReason\":\"gone\"}]},{\"name\":\"n\",\"args\":[{\"name\":\"in\","
         "\"isDeprecated\":false,\"deprecationReason\":null}]},{\"name\":\"t\",\"args\":[]}]}}}"},
        {"{ __type(name: \"Query\") { fields { type { kind name ofType { kind name ofType { "
         "kind name ofType { kind name ofType { kind name } } } } } } } }",
         "{\"data\":{\"__type\":{\"fields\":[{\"type\":{\"kind\":\"NON_NULL\",\"name\":null,"
         "\"ofType\":{\"kind\":\"LIST\",\"name\":null,\"ofType\":{\"kind\":\"LIST\",\"name\":null,"
         "\"ofType\":{\"kind\":\"NON_NULL\",\"name\":null,\"ofType\":{\"kind\":\"ENUM\",\"name\":"
         "\"E\"}}}}}},{\"type\":{\"kind\":\"INTERFACE\",\"name\":\"Node\",\"ofType\":null}},"
         "{\"type\":{\"kind\":\"SCALAR\",\"name\":\"Time\",\"ofType\":null}}]}}}"},
        {"{ __type(name: \"E\") { enumValues { name } all: enumValues(includeDeprecated: true) "
         "{ name isDeprecated deprecationReason } fields { name } inputFields { name } "
         "possibleTypes { name } interfaces { name } isOneOf specifiedByURL } }",
         "{\"data\":{\"__type\":{\"enumValues\":[{\"name\":\"ONE\"},{\"name\":\"THREE\"}],"
         "\"all\":[{\"name\":\"ONE\",\"isDeprecated\":false,\"deprecationReason\":null},"
         "{\"name\":\"TWO\",\"isDeprecated\":true,\"deprecationReason\":\"2\"},{\"name\":"
         "\"THREE\",\"isDeprecated\":false,\"deprecationReason\":null}],\"fields\":null,"
         "\"inputFields\":null,\"possibleTypes\":null,\"interfaces\":null,\"isOneOf\":null,"
         "\"specifiedByURL\":null}}}"},
        {"{ __type(name: \"In\") { isOneOf inputFields { name } all: "
         "inputFields(includeDeprecated: true) { name type { name } } } one: __type(name: "
         "\"One\") { isOneOf } }",
         "{\"data\":{\"__type\":{\"isOneOf\":false,\"inputFields\":[{\"name\":\"s\"},{\"name\":"
         "\"l\"}],\"all\":[{\"name\":\"s\",\"type\":{\"name\":\"String\"}},{\"name\":\"l\","
         "\"type\":{\"name\":null}},{\"name\":\"o\",\"type\":{\"name\":\"Int\"}}]},\"one\":"
         "{\"isOneOf\":true}}}"},
        {"{ node: __type(name: \"Node\") { possibleTypes { name } fields { name } interfaces "
         "{ name } } u: __type(name: \"U\") { possibleTypes { name } fields { name } } obj: "
         "__type(name: \"Obj\") { interfaces { name } possibleTypes { name } } }",
         "{\"data\":{\"node\":{\"possibleTypes\":[{\"name\":\"Obj\"}],\"fields\":[{\"name\":"
         "\"id\"}],\"interfaces\":[]},\"u\":{\"possibleTypes\":[{\"name\":\"Obj\"}],"
         "\"fields\":null},\"obj\":{\"interfaces\":[{\"name\":\"Node\"}],\"possibleTypes\":"
         "null}}}"},
        {"{ __type(name: \"Time\") { kind specifiedByURL } }",
         "{\"data\":{\"__type\":{\"kind\":\"SCALAR\",\"specifiedByURL\":"
         "\"https://example.com/time\"}}}"},
        {"{ __schema { directives { name isRepeatable locations args { name type { kind } "
         "defaultValue } } } }",
         "{\"data\":{\"__schema\":{\"directives\":[{\"name\":\"tag\",\"isRepeatable\":true,"
         "\"locations\":[\"FIELD_DEFINITION\",\"ENUM_VALUE\"],\"args\":[{\"name\":\"name\","
         "\"type\":{\"kind\":\"NON_NULL\"},\"defaultValue\":null}]},{\"name\":\"include\","
         "\"isRepeatable\":false,\"locations\":[\"FIELD\",\"FRAGMENT_SPREAD\","
         "\"INLINE_FRAGMENT\"],\"args\":[{\"name\":\"if\",\"type\":{\"kind\":\"NON_NULL\"},"
         "\"defaultValue\":null}]},{\"name\":\"skip\",\"isRepeatable\":false,\"locations\":"
         "[\"FIELD\",\"FRAGMENT_SPREAD\",\"INLINE_FRAGMENT\"],\"args\":[{\"name\":\"if\","
         "\"type\":{\"kind\":\"NON_NULL\"},\"defaultValue\":null}]},{\"name\":\"deprecated\","
         "\"isRepeatable\":false,\"locations\":[\"FIELD_DEFINITION\",\"ARGUMENT_DEFINITION\","
         "\"INPUT_FIELD_DEFINITION\",\"ENUM_VALUE\"],\"args\":[{\"name\":\"reason\",\"type\":"
         "{\"kind\":\"SCALAR\"},\"defaultValue\":\"\\\"No longer supported\\\"\"}]},{\"name\":"
         "\"specifiedBy\",\"isRepeatable\":false,\"locations\":[\"SCALAR\"],\"args\":[{\"name\":"
         "\"url\",\"type\":{\"kind\":\"NON_NULL\"},\"defaultValue\":null}]},{\"name\":\"oneOf\","
         "\"isRepeatable\":false,\"locations\":[\"INPUT_OBJECT\"],\"args\":[]}]}}}"},
        {"{ __type(name: \"__Type\") { name fields { name } } }",
         "{\"data\":{\"__type\":{\"name\":\"__Type\",\"fields\":[{\"name\":\"kind\"},{\"name\":"
         "\"name\"},{\"name\":\"description\"},{\"name\":\"specifiedByURL\"},{\"name\":"
         "\"fields\"},{\"name\":\"interfaces\"},{\"name\":\"possibleTypes\"},{\"name\":"
         "\"enumValues\"},{\"name\":\"inputFields\"},{\"name\":\"ofType\"},{\"name\":"
         "\"isOneOf\"}]}}}"},
        /* graphql-js's typeMap order (document order, built-ins where first referenced). */
        {"{ __schema { types { name } } }",
         "{\"data\":{\"__schema\":{\"types\":[{\"name\":\"Query\"},{\"name\":\"Int\"},"
         "{\"name\":\"String\"},{\"name\":\"Node\"},{\"name\":\"ID\"},{\"name\":\"Obj\"},"
         "{\"name\":\"U\"},{\"name\":\"E\"},{\"name\":\"In\"},{\"name\":\"One\"},{\"name\":"
         "\"Time\"},{\"name\":\"Boolean\"},{\"name\":\"__Schema\"},{\"name\":\"__Type\"},"
         "{\"name\":\"__TypeKind\"},{\"name\":\"__Field\"},{\"name\":\"__InputValue\"},"
         "{\"name\":\"__EnumValue\"},{\"name\":\"__Directive\"},{\"name\":"
         "\"__DirectiveLocation\"}]}}}"},
    };
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        const char *got = run(&a, s, rows[i].query, 0);
        if (strcmp(got, rows[i].expected) != 0)
            fprintf(stderr,
                    "query %s\n  got      %s\n  expected %s\n",
                    rows[i].query,
                    got,
                    rows[i].expected);
        assert_string_equal(got, rows[i].expected);
    }
    arena_free(&a);
}

static void
introspection_can_be_disabled(void **state)
{
    (void)state;
    struct arena a;
    arena_init(&a, 0);
    struct gql_schema *s = gtu_schema_ok(&a, schema_sdl);
    const char *got =
        run(&a, s, "{ __schema { queryType { name } } }", GQL_EXECUTE_NO_INTROSPECTION);
    assert_non_null(strstr(got, GQL_CODE_INTROSPECTION_DISABLED));
    assert_null(strstr(got, "\"data\""));
    gql_schema_set_introspection(s, false);
    got = run(&a, s, "{ __type(name: \"Query\") { name } }", 0);
    assert_non_null(strstr(got, GQL_CODE_INTROSPECTION_DISABLED));
    /* __typename stays available. */
    got = run(&a, s, "{ __typename }", 0);
    assert_string_equal(got, "{\"data\":{\"__typename\":\"Query\"}}");
    gql_schema_set_introspection(s, true);
    got = run(&a, s, "{ __type(name: \"Query\") { name } }", 0);
    assert_string_equal(got, "{\"data\":{\"__type\":{\"name\":\"Query\"}}}");
    arena_free(&a);
}

static void
wallet_schema_introspects(void **state)
{
    (void)state;
    struct arena a;
    arena_init(&a, 0);
    char *sdl = gtu_read_source("schema/schema.graphql", NULL);
    char *query = gtu_read_source("test/fixtures/schema/introspection-query.graphql", NULL);
    assert_non_null(sdl);
    assert_non_null(query);
    struct gql_schema *s = gtu_schema_ok(&a, sdl);
    const char *got = run(&a, s, query, 0);
    assert_null(strstr(got, "\"errors\""));
    assert_non_null(strstr(got,
                           "{\"data\":{\"__schema\":{\"description\":null,\"queryType\":"
                           "{\"name\":\"Query\",\"kind\":\"OBJECT\"},\"mutationType\":"
                           "{\"name\":\"Mutation\",\"kind\":\"OBJECT\"}"));
    assert_non_null(strstr(got,
                           "{\"name\":\"direction\",\"description\":null,\"type\":{"
                           "\"kind\":\"ENUM\",\"name\":\"Direction\",\"ofType\":null},"
                           "\"defaultValue\":\"ANY\",\"isDeprecated\":false,"
                           "\"deprecationReason\":null}"));
    assert_non_null(strstr(got, "\"defaultValue\":\"\\\"INR\\\"\""));
    free(sdl);
    free(query);
    arena_free(&a);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(full_introspection_query_matches_graphql_js),
        cmocka_unit_test(descriptions_survive_introspection),
        cmocka_unit_test(individual_answers_have_the_specified_shape),
        cmocka_unit_test(introspection_can_be_disabled),
        cmocka_unit_test(wallet_schema_introspects),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
