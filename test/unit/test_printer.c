/*
 * Unit tests for the printer (src/gql/language/printer.c).
 *
 * print_cases and the *.printed.graphql fixtures are graphql-js 16 print() output for the
 * same documents: indentation, 80-column argument wrapping (counted in UTF-16 units),
 * string escapes and block-string layout must match byte for byte.
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

#include "core/arena.h"
#include "core/strbuf.h"
#include "gql/ast.h"
#include "gql/error.h"
#include "gql/parser.h"
#include "gql/printer.h"
#include "gql_test_util.h"

struct print_case {
    const char *src;
    const char *printed; /* graphql-js print(parse(src)) */
};

static const struct print_case print_cases[] = {
    {"{ a(x: \"123456789012345678901234567890123456789012345678901234567890123456789012\") }",
     "{\n  a(x: \"123456789012345678901234567890123456789012345678901234567890123456789012\")\n}"},
    {"{ a(x: \"1234567890123456789012345678901234567890123456789012345678901234567890123\") }",
     "{\n  a(\n    x: "
     "\"1234567890123456789012345678901234567890123456789012345678901234567890123\"\n  )\n}"},
    {"{ alias: a(x: \"12345678901234567890123456789012345678901234567890123456789012345\") }",
     "{\n  alias: a(x: \"12345678901234567890123456789012345678901234567890123456789012345\")\n}"},
    {"{ alias: a(x: \"123456789012345678901234567890123456789012345678901234567890123456\") }",
     "{\n  alias: a(\n    x: "
     "\"123456789012345678901234567890123456789012345678901234567890123456\"\n  )\n}"},
    {"{ a(x: "
     "\"\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251"
     "\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303"
     "\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251"
     "\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303"
     "\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251"
     "\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303"
     "\251\303\251\303\251\303\251\") }",
     "{\n  a(x: "
     "\"\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251"
     "\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303"
     "\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251"
     "\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303"
     "\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251"
     "\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303"
     "\251\303\251\303\251\303\251\")\n}"},
    {"{ a(x: "
     "\"\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251"
     "\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303"
     "\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251"
     "\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303"
     "\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251"
     "\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303"
     "\251\303\251\303\251\303\251\303\251\") }",
     "{\n  a(\n    x: "
     "\"\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251"
     "\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303"
     "\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251"
     "\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303"
     "\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251"
     "\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303"
     "\251\303\251\303\251\303\251\303\251\"\n  )\n}"},
    {"{ a(x: "
     "\"\360\237\230\200\360\237\230\200\360\237\230\200\360\237\230\200\360\237\230\200\360\237"
     "\230\200\360\237\230\200\360\237\230\200\360\237\230\200\360\237\230\200\360\237\230\200\360"
     "\237\230\200\360\237\230\200\360\237\230\200\360\237\230\200\360\237\230\200\360\237\230\200"
     "\360\237\230\200\360\237\230\200\360\237\230\200\360\237\230\200\360\237\230\200\360\237\230"
     "\200\360\237\230\200\360\237\230\200\360\237\230\200\360\237\230\200\360\237\230\200\360\237"
     "\230\200\360\237\230\200\360\237\230\200\360\237\230\200\360\237\230\200\360\237\230\200\360"
     "\237\230\200\360\237\230\200\") }",
     "{\n  a(x: "
     "\"\360\237\230\200\360\237\230\200\360\237\230\200\360\237\230\200\360\237\230\200\360\237"
     "\230\200\360\237\230\200\360\237\230\200\360\237\230\200\360\237\230\200\360\237\230\200\360"
     "\237\230\200\360\237\230\200\360\237\230\200\360\237\230\200\360\237\230\200\360\237\230\200"
     "\360\237\230\200\360\237\230\200\360\237\230\200\360\237\230\200\360\237\230\200\360\237\230"
     "\200\360\237\230\200\360\237\230\200\360\237\230\200\360\237\230\200\360\237\230\200\360\237"
     "\230\200\360\237\230\200\360\237\230\200\360\237\230\200\360\237\230\200\360\237\230\200\360"
     "\237\230\200\360\237\230\200\")\n}"},
    {"{ a(x: "
     "\"\360\237\230\200\360\237\230\200\360\237\230\200\360\237\230\200\360\237\230\200\360\237"
     "\230\200\360\237\230\200\360\237\230\200\360\237\230\200\360\237\230\200\360\237\230\200\360"
     "\237\230\200\360\237\230\200\360\237\230\200\360\237\230\200\360\237\230\200\360\237\230\200"
     "\360\237\230\200\360\237\230\200\360\237\230\200\360\237\230\200\360\237\230\200\360\237\230"
     "\200\360\237\230\200\360\237\230\200\360\237\230\200\360\237\230\200\360\237\230\200\360\237"
     "\230\200\360\237\230\200\360\237\230\200\360\237\230\200\360\237\230\200\360\237\230\200\360"
     "\237\230\200\360\237\230\200\360\237\230\200\") }",
     "{\n  a(\n    x: "
     "\"\360\237\230\200\360\237\230\200\360\237\230\200\360\237\230\200\360\237\230\200\360\237"
     "\230\200\360\237\230\200\360\237\230\200\360\237\230\200\360\237\230\200\360\237\230\200\360"
     "\237\230\200\360\237\230\200\360\237\230\200\360\237\230\200\360\237\230\200\360\237\230\200"
     "\360\237\230\200\360\237\230\200\360\237\230\200\360\237\230\200\360\237\230\200\360\237\230"
     "\200\360\237\230\200\360\237\230\200\360\237\230\200\360\237\230\200\360\237\230\200\360\237"
     "\230\200\360\237\230\200\360\237\230\200\360\237\230\200\360\237\230\200\360\237\230\200\360"
     "\237\230\200\360\237\230\200\360\237\230\200\"\n  )\n}"},
    {"{ a(x: 1, y: 2, z: 3, w: 4, v: 5, u: 6, t: 7, s: 8, r: 9, q: 10, p: 11, o: 12, n: 13) @d }",
     "{\n  a(\n    x: 1\n    y: 2\n    z: 3\n    w: 4\n    v: 5\n    u: 6\n    t: 7\n    s: 8\n    "
     "r: 9\n    q: 10\n    p: 11\n    o: 12\n    n: 13\n  ) @d\n}"},
    {"{ a(x: \"\"\"\n  block\n  text\n\"\"\", y: 1) }",
     "{\n  a(x: \"\"\"\n  block\n  text\n  \"\"\", y: 1)\n}"},
    {"{ a { b { c(x: \"\"\"\n    deep\n      block\n    \"\"\") } } }",
     "{\n  a {\n    b {\n      c(x: \"\"\"\n      deep\n        block\n      \"\"\")\n    }\n  "
     "}\n}"},
    {"query Q($a: Int = 1, $b: String = \"x\" @d) @dir(a: 1) { a }",
     "query Q($a: Int = 1, $b: String = \"x\" @d) @dir(a: 1) {\n  a\n}"},
    {"query ($a: Int) { a }", "query ($a: Int) {\n  a\n}"},
    {"query @d { a }", "query @d {\n  a\n}"},
    {"mutation { a }", "mutation {\n  a\n}"},
    {"subscription S { a }", "subscription S {\n  a\n}"},
    {"{ a(s: \"ctl \\u0000 \\u0001 \\b \\t \\n \\u000B \\f \\r \\u001F \\\" \\\\ / \\u007F \\u0080 "
     "\\u009F \\u00A0 \303\251\") }",
     "{\n  a(\n    s: \"ctl \\u0000 \\u0001 \\b \\t \\n \\u000B \\f \\r \\u001F \\\" \\\\ / "
     "\\u007F \\u0080 \\u009F \302\240 \303\251\"\n  )\n}"},
    {"{ a(b: \"\"\"  leading space\"\"\", c: \"\"\"trailing quote\"\n\"\"\", d: \"\"\"trailing "
     "slash\\\n\"\"\", e: \"\"\"has \\\"\"\" inside\"\"\") }",
     "{\n  a(\n    b: \"\"\"  leading space\"\"\"\n    c: \"\"\"\n    trailing quote\"\n    "
     "\"\"\"\n    d: \"\"\"\n    trailing slash\\\n    \"\"\"\n    e: \"\"\"has \\\"\"\" "
     "inside\"\"\"\n  )\n}"},
    {"{ a(b: \"\"\"ends with triple \\\"\"\"\"\"\", c: \"\"\"multi\nline\"\"\", d: \"\"\"  \n  "
     "indented\n  lines\"\"\") }",
     "{\n  a(\n    b: \"\"\"\n    ends with triple \\\"\"\"\n    \"\"\"\n    c: \"\"\"\n    "
     "multi\n    line\n    \"\"\"\n    d: \"\"\"\n    indented\n    lines\n    \"\"\"\n  )\n}"},
    {"{ a(b: \"\"\"1234567890123456789012345678901234567890123456789012345678901234567890x\"\"\") "
     "}",
     "{\n  a(\n    b: \"\"\"\n    "
     "1234567890123456789012345678901234567890123456789012345678901234567890x\n    \"\"\"\n  )\n}"},
    {"type T { f(\"described\" a: Int, b: Int): Int }",
     "type T {\n  f(\n    \"described\"\n    a: Int\n    b: Int\n  ): Int\n}"},
    {"type T { f(a: Int = \"\"\"\n  x\n  y\n\"\"\"): Int }",
     "type T {\n  f(\n    a: Int = \"\"\"\n    x\n    y\n    \"\"\"\n  ): Int\n}"},
    {"directive @d(\"described\" a: Int) on FIELD",
     "directive @d(\n  \"described\"\n  a: Int\n) on FIELD"},
    {"\"\"\"desc\"\"\" scalar S @d", "\"\"\"desc\"\"\"\nscalar S @d"},
    {"\"single-line desc\" enum E { \"value desc\" A B @deprecated }",
     "\"single-line desc\"\nenum E {\n  \"value desc\"\n  A\n  B @deprecated\n}"},
    {"extend schema @d", "extend schema @d"},
    {"extend input I @d { a: Int }", "extend input I @d {\n  a: Int\n}"},
    {"extend union U @d = A | B", "extend union U @d = A | B"},
    {"interface I implements A & B @d", "interface I implements A & B @d"},
    {"type T", "type T"},
    {"{ ... @d { a } ... on T { b } ...F @d }",
     "{\n  ... @d {\n    a\n  }\n  ... on T {\n    b\n  }\n  ...F @d\n}"},
    {"fragment F on T @d { a }", "fragment F on T @d {\n  a\n}"},
    {"{ a(x: [1, [2, 3], {a: {b: [$v]}}], y: {}) }",
     "{\n  a(x: [1, [2, 3], {a: {b: [$v]}}], y: {})\n}"},
};

static void
prints_like_graphql_js(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof(print_cases) / sizeof(print_cases[0]); i++) {
        struct arena a;
        arena_init(&a, 0);
        struct gql_document *doc = gtu_parse_ok(&a, print_cases[i].src, strlen(print_cases[i].src));
        struct strbuf out = STRBUF_INIT;
        gql_print(&doc->node, NULL, &out);
        if (strcmp(strbuf_cstr(&out), print_cases[i].printed) != 0)
            fail_msg("case %zu:\n%s\n--- expected ---\n%s", i, out.data, print_cases[i].printed);
        strbuf_free(&out);
        arena_free(&a);
    }
}

/* The kitchen sinks print exactly as graphql-js prints them (fixture = its output + "\n"). */
static void
check_fixture(const char *doc_name, const char *printed_name)
{
    struct arena a;
    arena_init(&a, 0);
    size_t len, want_len;
    char *src = gtu_fixture(&a, "test/fixtures/language", doc_name, &len);
    char *want = gtu_fixture(&a, "test/fixtures/language", printed_name, &want_len);
    struct gql_document *doc = gtu_parse_ok(&a, src, len);
    struct strbuf out = STRBUF_INIT;
    gql_print(&doc->node, NULL, &out);
    strbuf_putc(&out, '\n');
    assert_string_equal(out.data, want);
    strbuf_free(&out);
    arena_free(&a);
}

static void
kitchen_sink_prints_like_graphql_js(void **state)
{
    (void)state;
    check_fixture("kitchen_sink.graphql", "kitchen_sink.printed.graphql");
}

static void
kitchen_sink_schema_prints_like_graphql_js(void **state)
{
    (void)state;
    check_fixture("kitchen_sink_schema.graphql", "kitchen_sink_schema.printed.graphql");
}

/* Redaction: the operation's shape stays, no literal value does; variables stay. */
static void
redaction_hides_every_literal(void **state)
{
    (void)state;
    struct arena a;
    arena_init(&a, 0);
    const char *src =
        "mutation Login($remember: Boolean = true) {\n"
        "  login(username: \"alice\", password: \"hunter2\", remember: $remember,\n"
        "        meta: {pin: 1234, tags: [\"s3cret\", $tag], mode: SECRET_MODE, f: 1.5}) "
        "@log(token: \"\"\"tok-xyz\"\"\") { accessToken }\n"
        "}";
    struct gql_document *doc = gtu_parse_ok(&a, src, strlen(src));
    struct strbuf out = STRBUF_INIT;
    struct gql_print_options opts = {.redact_values = true};
    gql_print(&doc->node, &opts, &out);
    assert_string_equal(out.data,
                        "mutation Login($remember: Boolean = \"<redacted>\") {\n"
                        "  login(\n"
                        "    username: \"<redacted>\"\n"
                        "    password: \"<redacted>\"\n"
                        "    remember: $remember\n"
                        "    meta: {pin: \"<redacted>\", tags: [\"<redacted>\", $tag], mode: "
                        "\"<redacted>\", f: \"<redacted>\"}\n"
                        "  ) @log(token: \"<redacted>\") {\n"
                        "    accessToken\n"
                        "  }\n"
                        "}");
    static const char *const secrets[] = {
        "alice", "hunter2", "1234", "s3cret", "SECRET_MODE", "1.5", "tok-xyz", "true"};
    for (size_t i = 0; i < sizeof(secrets) / sizeof(secrets[0]); i++)
        assert_null(strstr(out.data, secrets[i]));
    strbuf_free(&out);
    arena_free(&a);
}

/* Any node prints on its own: a field, a value, a type. */
static void
prints_single_nodes(void **state)
{
    (void)state;
    struct arena a;
    arena_init(&a, 0);
    const char *src = "query Q($v: [Int!]! = [1]) { a: b(c: {d: \"e\"}) { f } }";
    struct gql_document *doc = gtu_parse_ok(&a, src, strlen(src));
    const struct gql_operation_definition *op = (const void *)doc->definitions.items[0];
    struct strbuf out = STRBUF_INIT;
    gql_print(op->selection_set->selections.items[0], NULL, &out);
    assert_string_equal(out.data, "a: b(c: {d: \"e\"}) {\n  f\n}");
    strbuf_reset(&out);
    gql_print(&op->variable_definitions.items[0]->type->node, NULL, &out);
    assert_string_equal(out.data, "[Int!]!");
    strbuf_reset(&out);
    gql_print(&op->variable_definitions.items[0]->node, NULL, &out);
    assert_string_equal(out.data, "$v: [Int!]! = [1]");
    strbuf_reset(&out);
    gql_print(NULL, NULL, &out);
    assert_string_equal(strbuf_cstr(&out), "");
    strbuf_free(&out);
    arena_free(&a);
}

/*
 * A shorthand query after a definition that a "{" would extend is written with "query", so
 * the text reads back as the same document (graphql-js writes "{" here; found by fuzzing).
 */
static void
shorthand_after_open_definition_round_trips(void **state)
{
    (void)state;
    struct arena a;
    arena_init(&a, 0);
    const char *src = "enum E query { a } type T { f: Int } { b } extend schema @d query { c }";
    struct gql_document *doc = gtu_parse_ok(&a, src, strlen(src));
    struct strbuf out = STRBUF_INIT, again = STRBUF_INIT;
    gql_print(&doc->node, NULL, &out);
    assert_string_equal(out.data,
                        "enum E\n\nquery {\n  a\n}\n\ntype T {\n  f: Int\n}\n\n{\n  b\n}\n\n"
                        "extend schema @d\n\nquery {\n  c\n}");
    struct gql_document *doc2 = gtu_parse_ok(&a, out.data, out.len);
    assert_int_equal(doc2->definitions.count, 6);
    gql_print(&doc2->node, NULL, &again);
    assert_string_equal(out.data, again.data);
    strbuf_free(&out);
    strbuf_free(&again);
    arena_free(&a);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(prints_like_graphql_js),
        cmocka_unit_test(kitchen_sink_prints_like_graphql_js),
        cmocka_unit_test(kitchen_sink_schema_prints_like_graphql_js),
        cmocka_unit_test(redaction_hides_every_literal),
        cmocka_unit_test(prints_single_nodes),
        cmocka_unit_test(shorthand_after_open_definition_round_trips),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
