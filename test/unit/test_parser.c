/*
 * Unit tests for the GraphQL parser (src/gql/language/parser.c, spec §2 and §3).
 *
 * parse_cases was produced by running graphql-js 16 parse() over the same documents: every
 * accepted document must parse, every rejected one must fail with graphql-js's message at
 * graphql-js's line and column. Where the October 2021 specification and graphql-js 16.15
 * differ (descriptions on operations, the DIRECTIVE_DEFINITION location), spec_cases holds
 * our (specification) answer.
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

struct parse_case {
    const char *src;
    size_t len;
    const char *message; /* NULL: the document parses */
    uint32_t line, column;
};

static const struct parse_case parse_cases[] = {
    {"{ a }", 5, NULL, 0, 0},
    {"", 0, "Syntax Error: Unexpected <EOF>.", 1, 1},
    {"   ", 3, "Syntax Error: Unexpected <EOF>.", 1, 4},
    {"# only a comment", 16, "Syntax Error: Unexpected <EOF>.", 1, 17},
    {"{", 1, "Syntax Error: Expected Name, found <EOF>.", 1, 2},
    {"{ a", 3, "Syntax Error: Expected Name, found <EOF>.", 1, 4},
    {"{ }", 3, "Syntax Error: Expected Name, found \"}\".", 1, 3},
    {"{ a(x: 0x) }", 12, "Syntax Error: Invalid number, expected digit but got: \"x\".", 1, 9},
    {"{ a(x: 1.) }", 12, "Syntax Error: Invalid number, expected digit but got: \")\".", 1, 10},
    {"{ a(x: .5) }", 12, "Syntax Error: Unexpected character: \".\".", 1, 8},
    {"{ a(x: 1e) }", 12, "Syntax Error: Invalid number, expected digit but got: \")\".", 1, 10},
    {"{ a(x: 123abc) }", 16, "Syntax Error: Invalid number, expected digit but got: \"a\".", 1, 11},
    {"{ a(x: 1.2.3) }", 15, "Syntax Error: Invalid number, expected digit but got: \".\".", 1, 11},
    {"{ a(x: 00) }", 12, "Syntax Error: Invalid number, unexpected digit after 0: \"0\".", 1, 9},
    {"{ a(x: -) }", 11, "Syntax Error: Invalid number, expected digit but got: \")\".", 1, 9},
    {"{ a(x: -a) }", 12, "Syntax Error: Invalid number, expected digit but got: \"a\".", 1, 9},
    {"{ a(x: 1e+) }", 13, "Syntax Error: Invalid number, expected digit but got: \")\".", 1, 11},
    {"{ a(x: 1.5e-3) }", 16, NULL, 0, 0},
    {"{ a(x: -0) }", 12, NULL, 0, 0},
    {"{ a(x: 0.0) }", 13, NULL, 0, 0},
    {"{ a(x: 1E5) }", 13, NULL, 0, 0},
    {"{ a(x: 1.0e) }", 14, "Syntax Error: Invalid number, expected digit but got: \")\".", 1, 12},
    {"{ a(x: 1_000) }", 15, "Syntax Error: Invalid number, expected digit but got: \"_\".", 1, 9},
    {"{ a(x: \"abc) }", 14, "Syntax Error: Unterminated string.", 1, 15},
    {"{ a(x: \"abc\n\") }", 16, "Syntax Error: Unterminated string.", 1, 12},
    {"{ a(x: \"\\x\") }", 14, "Syntax Error: Invalid character escape sequence: \"\\x\".", 1, 9},
    {"{ a(x: \"\\u12\") }",
     16,
     "Syntax Error: Invalid Unicode escape sequence: \"\\u12\")\".",
     1,
     9},
    {"{ a(x: \"\\uXYZW\") }",
     18,
     "Syntax Error: Invalid Unicode escape sequence: \"\\uXYZW\".",
     1,
     9},
    {"{ a(x: \"\\u{}\") }", 16, "Syntax Error: Invalid Unicode escape sequence: \"\\u{}\".", 1, 9},
    {"{ a(x: \"\\u{110000}\") }",
     22,
     "Syntax Error: Invalid Unicode escape sequence: \"\\u{110000}\".",
     1,
     9},
    {"{ a(x: \"\\u{FFFFFFFF}\") }",
     24,
     "Syntax Error: Invalid Unicode escape sequence: \"\\u{FFFFFFFF\".",
     1,
     9},
    {"{ a(x: \"\\u{7FFFFFFF}\") }",
     24,
     "Syntax Error: Invalid Unicode escape sequence: \"\\u{7FFFFFFF}\".",
     1,
     9},
    {"{ a(x: \"\\u{000000001}\") }",
     25,
     "Syntax Error: Invalid Unicode escape sequence: \"\\u{000000001\".",
     1,
     9},
    {"{ a(x: \"\\u{1F600}\") }", 21, NULL, 0, 0},
    {"{ a(x: \"\\uD83D\\uDE00\") }", 24, NULL, 0, 0},
    {"{ a(x: \"\\uD83D\") }",
     18,
     "Syntax Error: Invalid Unicode escape sequence: \"\\uD83D\".",
     1,
     9},
    {"{ a(x: \"\\uDE00\") }",
     18,
     "Syntax Error: Invalid Unicode escape sequence: \"\\uDE00\".",
     1,
     9},
    {"{ a(x: \"\\uD83Dx\") }",
     19,
     "Syntax Error: Invalid Unicode escape sequence: \"\\uD83D\".",
     1,
     9},
    {"{ a(x: \"\\uD83D\\u0041\") }",
     24,
     "Syntax Error: Invalid Unicode escape sequence: \"\\uD83D\".",
     1,
     9},
    {"{ a(x: \"\\u{D800}\") }",
     20,
     "Syntax Error: Invalid Unicode escape sequence: \"\\u{D800}\".",
     1,
     9},
    {"{ a(x: \"\\') }", 13, "Syntax Error: Invalid character escape sequence: \"\\'\".", 1, 9},
    {"{ a(x: \"\007\") }", 13, NULL, 0, 0},
    {"{ a(x: \"\000\") }", 13, NULL, 0, 0},
    {"{ a(x: \"\"\"abc) }", 16, "Syntax Error: Unterminated string.", 1, 17},
    {"{ a(x: \"\"\"a\\\"\"\"b\"\"\") }", 22, NULL, 0, 0},
    {"{ a(x: \"\"\"\n  a\n   b\n\"\"\") }", 26, NULL, 0, 0},
    {"{ a(x: 'x') }",
     13,
     "Syntax Error: Unexpected single quote character ('), did you mean to use a double quote "
     "(\")\?",
     1,
     8},
    {"{ a(x: $) }", 11, "Syntax Error: Expected Name, found \")\".", 1, 9},
    {"{ a(x: $1) }", 12, "Syntax Error: Expected Name, found Int \"1\".", 1, 9},
    {"{ a \007 }", 7, "Syntax Error: Unexpected character: U+0007.", 1, 5},
    {"{ a ; }", 7, "Syntax Error: Unexpected character: \";\".", 1, 5},
    {"{ a \? }", 7, "Syntax Error: Unexpected character: \"\?\".", 1, 5},
    {"{ a . }", 7, "Syntax Error: Unexpected character: \".\".", 1, 5},
    {"{ a .. }", 8, "Syntax Error: Unexpected character: \".\".", 1, 5},
    {"{ a \303\251 }", 8, "Syntax Error: Unexpected character: U+00E9.", 1, 5},
    {"{ a \303\251 }", 8, "Syntax Error: Unexpected character: U+00E9.", 1, 5},
    {"{ \303\251a }", 7, "Syntax Error: Unexpected character: U+00E9.", 1, 3},
    {"\357\273\277{ a }", 8, NULL, 0, 0},
    {"{ a \357\273\277 b }", 11, NULL, 0, 0},
    {"{ a\015\n b \015 c(x: \"\\q\") }",
     22,
     "Syntax Error: Invalid character escape sequence: \"\\q\".",
     3,
     8},
    {"query { a }", 11, NULL, 0, 0},
    {"query Q { a }", 13, NULL, 0, 0},
    {"query Q($a: Int) { a }", 22, NULL, 0, 0},
    {"query Q($a: Int = 1) { a }", 26, NULL, 0, 0},
    {"query Q($a: Int = $b) { a }",
     27,
     "Syntax Error: Unexpected variable \"$b\" in constant value.",
     1,
     19},
    {"query Q($a: Int = [$b]) { a }",
     29,
     "Syntax Error: Unexpected variable \"$b\" in constant value.",
     1,
     20},
    {"query Q($a: Int = {x: $b}) { a }",
     32,
     "Syntax Error: Unexpected variable \"$b\" in constant value.",
     1,
     23},
    {"query Q($a: Int @dir(x: $b)) { a }",
     34,
     "Syntax Error: Unexpected variable \"$b\" in constant value.",
     1,
     25},
    {"query Q($a) { a }", 17, "Syntax Error: Expected \":\", found \")\".", 1, 11},
    {"query Q($a:) { a }", 18, "Syntax Error: Expected Name, found \")\".", 1, 12},
    {"query Q() { a }", 15, "Syntax Error: Expected \"$\", found \")\".", 1, 9},
    {"query Q($a: [Int!]!) { a }", 26, NULL, 0, 0},
    {"query Q($a: [Int!) { a }", 24, "Syntax Error: Expected \"]\", found \")\".", 1, 18},
    {"query Q($a: [!]) { a }", 22, "Syntax Error: Expected Name, found \"!\".", 1, 14},
    {"query Q($a: Int!!) { a }", 24, "Syntax Error: Expected \"$\", found \"!\".", 1, 17},
    {"{ field! }", 10, "Syntax Error: Expected Name, found \"!\".", 1, 8},
    {"{ field\? }", 10, "Syntax Error: Unexpected character: \"\?\".", 1, 8},
    {"{ a: b: c }", 11, "Syntax Error: Expected Name, found \":\".", 1, 7},
    {"{ a: }", 6, "Syntax Error: Expected Name, found \"}\".", 1, 6},
    {"{ a(x:) }", 9, "Syntax Error: Unexpected \")\".", 1, 7},
    {"{ a() }", 7, "Syntax Error: Expected Name, found \")\".", 1, 5},
    {"{ a(x: 1 y: 2) }", 16, NULL, 0, 0},
    {"{ a(x: [1 2 {a: 1, b: [true false null ENUM]}]) }", 49, NULL, 0, 0},
    {"{ a(x: {a: 1, a: 2}) }", 22, NULL, 0, 0},
    {"{ a(x: {a}) }", 13, "Syntax Error: Expected \":\", found \"}\".", 1, 10},
    {"{ a(x: {1: 2}) }", 16, "Syntax Error: Expected Name, found Int \"1\".", 1, 9},
    {"{ a @ }", 7, "Syntax Error: Expected Name, found \"}\".", 1, 7},
    {"{ a @skip }", 11, NULL, 0, 0},
    {"{ a @skip(if: true) @include(if: false) }", 41, NULL, 0, 0},
    {"{ ... }", 7, "Syntax Error: Expected \"{\", found \"}\".", 1, 7},
    {"{ ... on }", 10, "Syntax Error: Expected Name, found \"}\".", 1, 10},
    {"{ ... on T }", 12, "Syntax Error: Expected \"{\", found \"}\".", 1, 12},
    {"{ ... on T { a } }", 18, NULL, 0, 0},
    {"{ ...F }", 8, NULL, 0, 0},
    {"{ ...on }", 9, "Syntax Error: Expected Name, found \"}\".", 1, 9},
    {"{ ... @d { a } }", 16, NULL, 0, 0},
    {"{ ... { a } }", 13, NULL, 0, 0},
    {"fragment F on T { a }", 21, NULL, 0, 0},
    {"fragment on on T { a }", 22, "Syntax Error: Unexpected Name \"on\".", 1, 10},
    {"fragment F T { a }", 18, "Syntax Error: Expected \"on\", found Name \"T\".", 1, 12},
    {"fragment F on { a }", 19, "Syntax Error: Expected Name, found \"{\".", 1, 15},
    {"fragment F on T", 15, "Syntax Error: Expected \"{\", found <EOF>.", 1, 16},
    {"mutation { a }", 14, NULL, 0, 0},
    {"subscription { a }", 18, NULL, 0, 0},
    {"Query { a }", 11, "Syntax Error: Unexpected Name \"Query\".", 1, 1},
    {"query query { a }", 17, NULL, 0, 0},
    {"{ a } extra", 11, "Syntax Error: Unexpected Name \"extra\".", 1, 7},
    {"{ a } }", 7, "Syntax Error: Unexpected \"}\".", 1, 7},
    {"\"\"\"desc\"\"\" type T { a: Int }", 28, NULL, 0, 0},
    {"type T", 6, NULL, 0, 0},
    {"type T {}", 9, "Syntax Error: Expected Name, found \"}\".", 1, 9},
    {"type T { a }", 12, "Syntax Error: Expected \":\", found \"}\".", 1, 12},
    {"type T { a: Int }", 17, NULL, 0, 0},
    {"type T { \"d\" a(\"d\" x: Int = 1 @d): Int @d }", 43, NULL, 0, 0},
    {"type T implements A { a: Int }", 30, NULL, 0, 0},
    {"type T implements A & B { a: Int }", 34, NULL, 0, 0},
    {"type T implements & A & B { a: Int }", 36, NULL, 0, 0},
    {"type T implements A, B { a: Int }", 33, "Syntax Error: Unexpected Name \"B\".", 1, 22},
    {"type T implements A B { a: Int }", 32, "Syntax Error: Unexpected Name \"B\".", 1, 21},
    {"type T implements { a: Int }", 28, "Syntax Error: Expected Name, found \"{\".", 1, 19},
    {"type T @d { a: Int }", 20, NULL, 0, 0},
    {"interface I implements J & K { a: Int }", 39, NULL, 0, 0},
    {"interface I", 11, NULL, 0, 0},
    {"union U = A | B", 15, NULL, 0, 0},
    {"union U = | A | B", 17, NULL, 0, 0},
    {"union U = ", 10, "Syntax Error: Expected Name, found <EOF>.", 1, 11},
    {"union U = A |", 13, "Syntax Error: Expected Name, found <EOF>.", 1, 14},
    {"union U", 7, NULL, 0, 0},
    {"union U @d = A", 14, NULL, 0, 0},
    {"enum E { A B C }", 16, NULL, 0, 0},
    {"enum E { true }",
     15,
     "Syntax Error: Name \"true\" is reserved and cannot be used for an enum value.",
     1,
     10},
    {"enum E { false }",
     16,
     "Syntax Error: Name \"false\" is reserved and cannot be used for an enum value.",
     1,
     10},
    {"enum E { null }",
     15,
     "Syntax Error: Name \"null\" is reserved and cannot be used for an enum value.",
     1,
     10},
    {"enum E { \"d\" A @d }", 19, NULL, 0, 0},
    {"enum E {}", 9, "Syntax Error: Expected Name, found \"}\".", 1, 9},
    {"enum E", 6, NULL, 0, 0},
    {"input I { a: Int = 1, b: [String!]! = [\"x\"] @d }", 48, NULL, 0, 0},
    {"input I { a: Int = $x }",
     23,
     "Syntax Error: Unexpected variable \"$x\" in constant value.",
     1,
     20},
    {"input I { a(x: Int): Int }", 26, "Syntax Error: Expected \":\", found \"(\".", 1, 12},
    {"scalar S", 8, NULL, 0, 0},
    {"scalar S @specifiedBy(url: \"x\")", 31, NULL, 0, 0},
    {"schema { query: Q mutation: M subscription: S }", 47, NULL, 0, 0},
    {"schema { query: Q, query: R }", 29, NULL, 0, 0},
    {"schema { foo: Q }", 17, "Syntax Error: Unexpected Name \"foo\".", 1, 10},
    {"schema {}", 9, "Syntax Error: Expected Name, found \"}\".", 1, 9},
    {"schema @d { query: Q }", 22, NULL, 0, 0},
    {"\"d\" schema { query: Q }", 23, NULL, 0, 0},
    {"directive @d on FIELD", 21, NULL, 0, 0},
    {"directive @d repeatable on FIELD | OBJECT", 41, NULL, 0, 0},
    {"directive @d(a: Int = 1) on | FIELD | OBJECT", 44, NULL, 0, 0},
    {"directive @d on FOO", 19, "Syntax Error: Unexpected Name \"FOO\".", 1, 17},
    {"directive @d on field", 21, "Syntax Error: Unexpected Name \"field\".", 1, 17},
    {"directive @d", 12, "Syntax Error: Expected \"on\", found <EOF>.", 1, 13},
    {"directive d on FIELD", 20, "Syntax Error: Expected \"@\", found Name \"d\".", 1, 11},
    {"directive @d repeatable", 23, "Syntax Error: Expected \"on\", found <EOF>.", 1, 24},
    {"directive @d on VARIABLE_DEFINITION", 35, NULL, 0, 0},
    {"extend schema @d", 16, NULL, 0, 0},
    {"extend schema { query: Q }", 26, NULL, 0, 0},
    {"extend schema", 13, "Syntax Error: Unexpected <EOF>.", 1, 14},
    {"extend scalar S @d", 18, NULL, 0, 0},
    {"extend scalar S", 15, "Syntax Error: Unexpected <EOF>.", 1, 16},
    {"extend type T @d", 16, NULL, 0, 0},
    {"extend type T implements I", 26, NULL, 0, 0},
    {"extend type T { a: Int }", 24, NULL, 0, 0},
    {"extend type T", 13, "Syntax Error: Unexpected <EOF>.", 1, 14},
    {"extend interface I @d", 21, NULL, 0, 0},
    {"extend interface I", 18, "Syntax Error: Unexpected <EOF>.", 1, 19},
    {"extend union U = A", 18, NULL, 0, 0},
    {"extend union U @d", 17, NULL, 0, 0},
    {"extend union U", 14, "Syntax Error: Unexpected <EOF>.", 1, 15},
    {"extend enum E { A }", 19, NULL, 0, 0},
    {"extend enum E", 13, "Syntax Error: Unexpected <EOF>.", 1, 14},
    {"extend input I { a: Int }", 25, NULL, 0, 0},
    {"extend input I", 14, "Syntax Error: Unexpected <EOF>.", 1, 15},
    {"extend foo T", 12, "Syntax Error: Unexpected Name \"foo\".", 1, 8},
    {"extend directive @d @x", 22, "Syntax Error: Unexpected Name \"directive\".", 1, 8},
    {"extend", 6, "Syntax Error: Unexpected <EOF>.", 1, 7},
    {"extend \"s\"", 10, "Syntax Error: Unexpected String \"s\".", 1, 8},
    {"{ a(x: \"unterminated", 20, "Syntax Error: Unterminated string.", 1, 21},
    {"{ a(x: \"\"\"unterminated", 22, "Syntax Error: Unterminated string.", 1, 23},
    {"{ a }\n\n  {{", 11, "Syntax Error: Expected Name, found \"{\".", 3, 4},
    {"query\t\tQ { a(x: 1x) }",
     21,
     "Syntax Error: Invalid number, expected digit but got: \"x\".",
     1,
     18},
    {"{ a(x: \"\342\202\254\" y: 1x) }",
     21,
     "Syntax Error: Invalid number, expected digit but got: \"x\".",
     1,
     16},
    {"{ a(x: \"\360\237\230\200\" y: 1x) }",
     22,
     "Syntax Error: Invalid number, expected digit but got: \"x\".",
     1,
     17},
    {"# \303\251\360\237\230\200 comment\n{ a(x: \360\237\230\200) }",
     31,
     "Syntax Error: Unexpected character: U+1F600.",
     2,
     8},
    {"{ a(x: \"\\u{1F600}\" b: \\ ) }", 27, "Syntax Error: Unexpected character: \"\\\".", 1, 23},
    {"{ a(x: 1.5E) }", 14, "Syntax Error: Invalid number, expected digit but got: \")\".", 1, 12},
    {"{ a(x: 0123) }", 14, "Syntax Error: Invalid number, unexpected digit after 0: \"1\".", 1, 9},
    {"{ a(x: -01) }", 13, "Syntax Error: Invalid number, unexpected digit after 0: \"1\".", 1, 10},
    {"{ a(x: 1e1.5) }", 15, "Syntax Error: Invalid number, expected digit but got: \".\".", 1, 11},
    {"{ a(x: 1ea) }", 13, "Syntax Error: Invalid number, expected digit but got: \"a\".", 1, 10},
    {"{ a(x: 1e5e) }", 14, "Syntax Error: Invalid number, expected digit but got: \"e\".", 1, 11},
    {"{ a(x: 1.e5) }", 14, "Syntax Error: Invalid number, expected digit but got: \"e\".", 1, 10},
    {"{ a(x: true, y: false, z: null) }", 33, NULL, 0, 0},
    {"{ a(x: truex) }", 15, NULL, 0, 0},
    {"{ a(x: @) }", 11, "Syntax Error: Unexpected \"@\".", 1, 8},
    {"{ a(x: ]) }", 11, "Syntax Error: Unexpected \"]\".", 1, 8},
    {"{ a(x: [) }", 11, "Syntax Error: Unexpected \")\".", 1, 9},
    {"{ a(x: {) }", 11, "Syntax Error: Expected Name, found \")\".", 1, 9},
    {"{ a(x: {a: }) }", 15, "Syntax Error: Unexpected \"}\".", 1, 12},
    {"{ a(x: {a 1}) }", 15, "Syntax Error: Expected \":\", found Int \"1\".", 1, 11},
    {"{ a(x: \"\377\") }", 13, NULL, 0, 0},
    {"{ a \377 }", 7, "Syntax Error: Unexpected character: U+FFFD.", 1, 5},
    {"{ a(x: \"\"\"\303\"\"\") }", 17, NULL, 0, 0},
    {"# \377\n{ a }", 9, NULL, 0, 0},
    {"{ a(x: \"\355\240\200\") }", 15, NULL, 0, 0},
    {"query { field! }", 16, "Syntax Error: Expected Name, found \"!\".", 1, 14},
    {"query { field\? }", 16, "Syntax Error: Unexpected character: \"\?\".", 1, 14},
    {"query { list[!]! }", 18, "Syntax Error: Expected Name, found \"[\".", 1, 13},
    {"query { a { b! } }", 18, "Syntax Error: Expected Name, found \"!\".", 1, 14},
    {"fragment F($a: Int = 1) on T { a }",
     34,
     "Syntax Error: Expected \"on\", found \"(\".",
     1,
     11},
    {"query Q { a(x: 1) @d(y: \"z\") @ }", 32, "Syntax Error: Expected Name, found \"}\".", 1, 32},
    {"{ a(x: {b: {c: [1, {d: $v}]}}) }", 32, NULL, 0, 0},
    {"type T { f(a: Int = $v): Int }",
     30,
     "Syntax Error: Unexpected variable \"$v\" in constant value.",
     1,
     21},
    {"directive @d(a: Int = $v) on FIELD",
     34,
     "Syntax Error: Unexpected variable \"$v\" in constant value.",
     1,
     23},
    {"query Q($v: Int = [1, {a: $w}]) { a }",
     37,
     "Syntax Error: Unexpected variable \"$w\" in constant value.",
     1,
     27},
    {"query ($a: Int) { a }", 21, NULL, 0, 0},
    {"query @d { a }", 14, NULL, 0, 0},
    {"schema { query: Q } extend schema @d { mutation: M }", 52, NULL, 0, 0},
    {"{ a } \000", 7, "Syntax Error: Unexpected character: U+0000.", 1, 7},
    {"{ a(x: \"\"\"a\n\000b\"\"\") }", 20, NULL, 0, 0},
    {"{ a(x: 1) b }\n# trailing comment", 32, NULL, 0, 0},
    {"\n\n\n   }", 7, "Syntax Error: Unexpected \"}\".", 4, 4},
    {"{ a(x: \"x\"\n   y: 1.x) }",
     23,
     "Syntax Error: Invalid number, expected digit but got: \"x\".",
     2,
     9},
};

static const struct parse_case spec_cases[] = {
    {"\"desc\" query { a }",
     17,
     "Syntax Error: Unexpected description, descriptions are supported only on type definitions.",
     1,
     1},
    {"\"desc\" { a }", 12, "Syntax Error: Unexpected \"{\".", 1, 8},
    {"\"desc\" fragment F on T { a }",
     28,
     "Syntax Error: Unexpected description, descriptions are supported only on type definitions.",
     1,
     1},
    {"\"desc\" extend type T @d",
     23,
     "Syntax Error: Unexpected description, descriptions are supported only on type definitions.",
     1,
     1},
    {"directive @d on DIRECTIVE_DEFINITION",
     36,
     "Syntax Error: Unexpected Name \"DIRECTIVE_DEFINITION\".",
     1,
     17},
};

/* Parses src with opts; checks the verdict, and for errors the message and location. */
static void
check_case(const struct parse_case *c, const struct gql_parse_options *opts, size_t index)
{
    struct arena a;
    arena_init(&a, 0);
    char *src = malloc(c->len ? c->len : 1); /* exact size: ASan catches reads past the end */
    assert_non_null(src);
    memcpy(src, c->src, c->len);
    struct gql_error_list errors;
    gql_error_list_init(&errors, &a, src, c->len);
    struct gql_document *doc = NULL;
    int rc = gql_parse(&a, src, c->len, opts, &doc, &errors);
    if (c->message == NULL) {
        if (rc != 0)
            fail_msg("case %zu (%s): %s", index, c->src, errors.items[0].message);
        assert_non_null(doc);
        assert_int_equal(errors.count, 0);
    } else {
        if (rc == 0)
            fail_msg("case %zu (%s): parsed, expected %s", index, c->src, c->message);
        assert_null(doc);
        assert_int_equal(errors.count, 1);
        assert_string_equal(errors.items[0].message, c->message);
        assert_string_equal(errors.items[0].code, "GRAPHQL_PARSE_FAILED");
        assert_int_equal(errors.items[0].location_count, 1);
        if (errors.items[0].locations[0].line != c->line ||
            errors.items[0].locations[0].column != c->column)
            fail_msg("case %zu (%s): at %u:%u, expected %u:%u",
                     index,
                     c->src,
                     errors.items[0].locations[0].line,
                     errors.items[0].locations[0].column,
                     c->line,
                     c->column);
    }
    free(src);
    arena_free(&a);
}

static void
documents_match_graphql_js(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof(parse_cases) / sizeof(parse_cases[0]); i++)
        check_case(&parse_cases[i], NULL, i);
}

static void
documents_follow_october_2021_spec(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof(spec_cases) / sizeof(spec_cases[0]); i++)
        check_case(&spec_cases[i], NULL, i);
}

/* Parses, prints, reparses the printed text and prints again: both prints must be equal. */
static void
round_trip(const char *name)
{
    struct arena a;
    arena_init(&a, 0);
    size_t len;
    char *src = gtu_fixture(&a, "test/fixtures/language", name, &len);
    struct gql_error_list errors;
    gql_error_list_init(&errors, &a, src, len);
    struct gql_document *doc;
    if (gql_parse(&a, src, len, NULL, &doc, &errors) != 0)
        fail_msg("%s: %s at %u:%u",
                 name,
                 errors.items[0].message,
                 errors.items[0].locations[0].line,
                 errors.items[0].locations[0].column);
    struct strbuf first = STRBUF_INIT, second = STRBUF_INIT;
    gql_print(&doc->node, NULL, &first);
    struct gql_document *again;
    assert_int_equal(gql_parse(&a, first.data, first.len, NULL, &again, &errors), 0);
    gql_print(&again->node, NULL, &second);
    assert_string_equal(first.data, second.data);
    assert_int_equal(doc->definitions.count, again->definitions.count);
    strbuf_free(&first);
    strbuf_free(&second);
    arena_free(&a);
}

static void
kitchen_sink_round_trips(void **state)
{
    (void)state;
    round_trip("kitchen_sink.graphql");
}

static void
kitchen_sink_schema_round_trips(void **state)
{
    (void)state;
    round_trip("kitchen_sink_schema.graphql");
}

/* The SDL kitchen sink also loads through gql_parse_sdl and holds every type-system kind. */
static void
kitchen_sink_schema_has_every_kind(void **state)
{
    (void)state;
    struct arena a;
    arena_init(&a, 0);
    size_t len;
    char *src = gtu_fixture(&a, "test/fixtures/language", "kitchen_sink_schema.graphql", &len);
    struct gql_error_list errors;
    gql_error_list_init(&errors, &a, src, len);
    struct gql_document *doc;
    assert_int_equal(gql_parse_sdl(&a, src, len, NULL, &doc, &errors), 0);
    int seen[GQL_KIND_COUNT] = {0};
    for (uint32_t i = 0; i < doc->definitions.count; i++)
        seen[doc->definitions.items[i]->kind]++;
    for (int k = GQL_KIND_SCHEMA_DEFINITION; k < GQL_KIND_COUNT; k++) {
        if (k == GQL_KIND_OPERATION_TYPE_DEFINITION || k == GQL_KIND_FIELD_DEFINITION ||
            k == GQL_KIND_INPUT_VALUE_DEFINITION || k == GQL_KIND_ENUM_VALUE_DEFINITION)
            continue; /* not definitions of a document */
        if (seen[k] == 0)
            fail_msg("no %s in the kitchen sink", gql_kind_name((enum gql_kind)k));
    }
    /* The executable kitchen sink is not SDL. */
    char *exec = gtu_fixture(&a, "test/fixtures/language", "kitchen_sink.graphql", &len);
    gql_error_list_init(&errors, &a, exec, len);
    assert_int_equal(gql_parse_sdl(&a, exec, len, NULL, &doc, &errors), -1);
    assert_string_equal(errors.items[0].message, "Syntax Error: Unexpected Name \"query\".");
    arena_free(&a);
}

/* The executable AST: kinds, names, positions, values, in source order. */
static void
executable_ast_shape(void **state)
{
    (void)state;
    struct arena a;
    arena_init(&a, 0);
    const char *src = "query Q($id: ID! = \"x\", $n: [Int]) @live {\n"
                      "  me: user(id: $id, opts: {a: [1, 2.5], b: ON, c: null, d: true}) {\n"
                      "    ...F @skip(if: false)\n"
                      "    ... on User { name }\n"
                      "  }\n"
                      "}\n"
                      "fragment F on User { id }";
    struct gql_document *doc = gtu_parse_ok(&a, src, strlen(src));
    assert_int_equal(doc->node.kind, GQL_KIND_DOCUMENT);
    assert_int_equal(doc->node.start, 0);
    assert_int_equal(doc->node.end, strlen(src));
    assert_ptr_equal(doc->source, src);
    assert_int_equal(doc->definitions.count, 2);

    const struct gql_operation_definition *op = (const void *)doc->definitions.items[0];
    assert_int_equal(op->node.kind, GQL_KIND_OPERATION_DEFINITION);
    assert_int_equal(op->operation, GQL_OP_QUERY);
    assert_true(gql_name_is(&op->name, "Q"));
    assert_int_equal(op->name.node.start, 6);
    assert_int_equal(op->name.node.end, 7);
    assert_int_equal(op->variable_definitions.count, 2);
    const struct gql_variable_definition *v0 = op->variable_definitions.items[0];
    assert_int_equal(v0->variable->node.kind, GQL_KIND_VARIABLE);
    assert_true(gql_name_is(&v0->variable->name, "id"));
    assert_int_equal(v0->type->node.kind, GQL_KIND_NON_NULL_TYPE);
    assert_true(gql_name_is(&gql_type_named(v0->type)->name, "ID"));
    assert_int_equal(v0->default_value->node.kind, GQL_KIND_STRING_VALUE);
    assert_string_equal(v0->default_value->string.value, "x");
    assert_int_equal(v0->node.start, 8);
    assert_int_equal(v0->node.end, 22);
    const struct gql_type *t1 = op->variable_definitions.items[1]->type;
    assert_int_equal(t1->node.kind, GQL_KIND_LIST_TYPE);
    assert_int_equal(t1->of_type->node.kind, GQL_KIND_NAMED_TYPE);
    assert_null(op->variable_definitions.items[1]->default_value);
    assert_int_equal(op->directives.count, 1);
    assert_true(gql_name_is(&op->directives.items[0]->name, "live"));

    assert_int_equal(op->selection_set->selections.count, 1);
    const struct gql_field *me = (const void *)op->selection_set->selections.items[0];
    assert_int_equal(me->node.kind, GQL_KIND_FIELD);
    assert_true(gql_name_is(&me->alias, "me"));
    assert_true(gql_name_is(&me->name, "user"));
    assert_string_equal(gql_node_name(&me->node)->value, "user");
    assert_int_equal(me->arguments.count, 2);
    assert_int_equal(me->arguments.items[0]->value->node.kind, GQL_KIND_VARIABLE);
    const struct gql_value *obj = me->arguments.items[1]->value;
    assert_int_equal(obj->node.kind, GQL_KIND_OBJECT_VALUE);
    assert_int_equal(obj->object.count, 4);
    const struct gql_value *list = obj->object.items[0]->value;
    assert_int_equal(list->node.kind, GQL_KIND_LIST_VALUE);
    assert_int_equal(list->list.count, 2);
    assert_int_equal(list->list.items[0]->node.kind, GQL_KIND_INT_VALUE);
    assert_string_equal(list->list.items[0]->number.text, "1");
    assert_int_equal(list->list.items[1]->node.kind, GQL_KIND_FLOAT_VALUE);
    assert_string_equal(list->list.items[1]->number.text, "2.5");
    assert_int_equal(obj->object.items[1]->value->node.kind, GQL_KIND_ENUM_VALUE);
    assert_true(gql_name_is(&obj->object.items[1]->value->name, "ON"));
    assert_int_equal(obj->object.items[2]->value->node.kind, GQL_KIND_NULL_VALUE);
    assert_int_equal(obj->object.items[3]->value->node.kind, GQL_KIND_BOOLEAN_VALUE);
    assert_true(obj->object.items[3]->value->boolean);

    const struct gql_selection_set *ss = me->selection_set;
    assert_int_equal(ss->selections.count, 2);
    const struct gql_fragment_spread *spread = (const void *)ss->selections.items[0];
    assert_int_equal(spread->node.kind, GQL_KIND_FRAGMENT_SPREAD);
    assert_true(gql_name_is(&spread->name, "F"));
    assert_int_equal(spread->directives.count, 1);
    const struct gql_value *iff = spread->directives.items[0]->arguments.items[0]->value;
    assert_int_equal(iff->node.kind, GQL_KIND_BOOLEAN_VALUE);
    assert_false(iff->boolean);
    const struct gql_inline_fragment *inl = (const void *)ss->selections.items[1];
    assert_int_equal(inl->node.kind, GQL_KIND_INLINE_FRAGMENT);
    assert_true(gql_name_is(&inl->type_condition->name, "User"));
    const struct gql_field *name = (const void *)inl->selection_set->selections.items[0];
    assert_null(name->alias.value);
    assert_null(name->selection_set);
    assert_int_equal(name->arguments.count, 0);
    assert_null(name->arguments.items);

    const struct gql_fragment_definition *frag = (const void *)doc->definitions.items[1];
    assert_int_equal(frag->node.kind, GQL_KIND_FRAGMENT_DEFINITION);
    assert_true(gql_name_is(&frag->name, "F"));
    assert_true(gql_name_is(&frag->type_condition->name, "User"));
    assert_true(gql_kind_is_executable_definition(frag->node.kind));
    arena_free(&a);
}

/* The type-system AST: descriptions, interfaces, unions, enums, inputs, directives. */
static void
sdl_ast_shape(void **state)
{
    (void)state;
    struct arena a;
    arena_init(&a, 0);
    const char *src = "\"\"\"\n  The root.\n\"\"\"\n"
                      "type Query implements Node & Named @key(f: \"id\") {\n"
                      "  \"The id\" id: ID!\n"
                      "  old(arg: Int = 5 @deprecated(reason: \"no\")): [String!] @deprecated\n"
                      "}\n"
                      "interface Named implements Node { name: String }\n"
                      "union U = | A | B\n"
                      "enum E { A @x, B }\n"
                      "input I { a: Int = 1 }\n"
                      "directive @key(f: String!) repeatable on OBJECT | INTERFACE\n"
                      "schema { query: Query }\n"
                      "extend union U = C\n";
    struct gql_document *doc = gtu_parse_ok(&a, src, strlen(src));
    assert_int_equal(doc->definitions.count, 8);

    const struct gql_object_type_definition *q = (const void *)doc->definitions.items[0];
    assert_int_equal(q->node.kind, GQL_KIND_OBJECT_TYPE_DEFINITION);
    assert_int_equal(q->description->node.kind, GQL_KIND_STRING_VALUE);
    assert_true(q->description->string.block);
    assert_string_equal(q->description->string.value, "The root.");
    assert_int_equal(q->node.start, 0);
    assert_true(gql_name_is(&q->name, "Query"));
    assert_int_equal(q->interfaces.count, 2);
    assert_true(gql_name_is(&q->interfaces.items[1]->name, "Named"));
    assert_int_equal(q->fields.count, 2);
    assert_string_equal(q->fields.items[0]->description->string.value, "The id");
    assert_false(q->fields.items[0]->description->string.block);
    const struct gql_field_definition *old = q->fields.items[1];
    assert_int_equal(old->arguments.count, 1);
    assert_string_equal(old->arguments.items[0]->default_value->number.text, "5");
    assert_int_equal(old->arguments.items[0]->directives.count, 1);
    assert_int_equal(old->type->node.kind, GQL_KIND_LIST_TYPE);
    assert_int_equal(old->directives.count, 1);

    const struct gql_interface_type_definition *named = (const void *)doc->definitions.items[1];
    assert_int_equal(named->node.kind, GQL_KIND_INTERFACE_TYPE_DEFINITION);
    assert_int_equal(named->interfaces.count, 1);
    assert_true(gql_name_is(&named->interfaces.items[0]->name, "Node"));

    const struct gql_union_type_definition *u = (const void *)doc->definitions.items[2];
    assert_int_equal(u->types.count, 2);
    assert_true(gql_name_is(&u->types.items[0]->name, "A"));

    const struct gql_enum_type_definition *e = (const void *)doc->definitions.items[3];
    assert_int_equal(e->values.count, 2);
    assert_int_equal(e->values.items[0]->directives.count, 1);

    const struct gql_input_object_type_definition *in = (const void *)doc->definitions.items[4];
    assert_int_equal(in->fields.count, 1);

    const struct gql_directive_definition *d = (const void *)doc->definitions.items[5];
    assert_int_equal(d->node.kind, GQL_KIND_DIRECTIVE_DEFINITION);
    assert_true(d->repeatable);
    assert_int_equal(d->locations.count, 2);
    assert_true(gql_name_is(&d->locations.items[1], "INTERFACE"));
    assert_int_equal(d->arguments.count, 1);

    const struct gql_schema_definition *s = (const void *)doc->definitions.items[6];
    assert_int_equal(s->operation_types.count, 1);
    assert_int_equal(s->operation_types.items[0]->operation, GQL_OP_QUERY);

    const struct gql_union_type_definition *x = (const void *)doc->definitions.items[7];
    assert_int_equal(x->node.kind, GQL_KIND_UNION_TYPE_EXTENSION);
    assert_null(x->description);
    assert_true(gql_kind_is_type_extension(x->node.kind));
    assert_true(gql_kind_is_type_system_definition(x->node.kind));
    arena_free(&a);
}

/* Strings are decoded: escapes, surrogate pairs, block-string indentation. */
static void
string_values_are_decoded(void **state)
{
    (void)state;
    struct arena a;
    arena_init(&a, 0);
    static const char src[] = "{ a(s: \"\\u0041\\u{1F600}\\uD83D\\uDE00\\n\\u0000z\", "
                              "b: \"\"\"\n    x\n      y\n  \"\"\") }";
    struct gql_document *doc = gtu_parse_ok(&a, src, strlen(src));
    const struct gql_operation_definition *op = (const void *)doc->definitions.items[0];
    const struct gql_field *f = (const void *)op->selection_set->selections.items[0];
    const struct gql_value *s = f->arguments.items[0]->value;
    assert_int_equal(s->string.len, 12);
    assert_memory_equal(s->string.value, "A\xF0\x9F\x98\x80\xF0\x9F\x98\x80\n\0z", 12);
    const struct gql_value *b = f->arguments.items[1]->value;
    assert_true(b->string.block);
    assert_string_equal(b->string.value, "x\n  y");
    arena_free(&a);
}

/* Builds "{a{a{a...}}}" nested n deep into the arena. */
static char *
nested_selections(struct arena *a, unsigned n, size_t *len)
{
    char *s = arena_alloc(a, (size_t)n * 3 + 2);
    size_t o = 0;
    for (unsigned i = 0; i < n; i++) {
        s[o++] = '{';
        s[o++] = 'a';
    }
    for (unsigned i = 0; i < n; i++)
        s[o++] = '}';
    s[o] = '\0';
    *len = o;
    return s;
}

static int
parse_status(struct arena *a,
             const char *src,
             size_t len,
             const struct gql_parse_options *opts,
             struct gql_error_list *errors)
{
    gql_error_list_init(errors, a, src, len);
    struct gql_document *doc;
    return gql_parse(a, src, len, opts, &doc, errors);
}

/* Nesting beyond max_depth is a located syntax error, never a stack overflow. */
static void
depth_cap(void **state)
{
    (void)state;
    struct arena a;
    arena_init(&a, 0);
    struct gql_error_list errors;
    size_t len;
    char *ok = nested_selections(&a, 128, &len);
    assert_int_equal(parse_status(&a, ok, len, NULL, &errors), 0);
    char *deep = nested_selections(&a, 129, &len);
    assert_int_equal(parse_status(&a, deep, len, NULL, &errors), -1);
    assert_string_equal(
        errors.items[0].message,
        "Syntax Error: Document exceeds the maximum nesting depth of 128. Parsing aborted.");
    assert_int_equal(errors.items[0].locations[0].line, 1);
    assert_int_equal(errors.items[0].locations[0].column, 257); /* the 129th "{" */

    /* Hostile depth: a million levels stop at the cap. */
    char *huge = nested_selections(&a, 1000000, &len);
    assert_int_equal(parse_status(&a, huge, len, NULL, &errors), -1);

    /* Lists, objects and list types count too, and share one budget. */
    struct gql_parse_options opts = {.max_depth = 4};
    assert_int_equal(parse_status(&a, "{ a(x: [[[1]]]) }", 17, &opts, &errors), 0);
    assert_int_equal(parse_status(&a, "{ a(x: [[[[1]]]]) }", 19, &opts, &errors), -1);
    assert_int_equal(errors.items[0].locations[0].column, 11);
    assert_int_equal(parse_status(&a, "{ a(x: {b: {c: {d: 1}}}) }", 26, &opts, &errors), 0);
    assert_int_equal(parse_status(&a, "{ a(x: {b: {c: {d: {e: 1}}}}) }", 31, &opts, &errors), -1);
    const char *types = "query ($a: [[[[Int]]]]) { a }";
    assert_int_equal(parse_status(&a, types, strlen(types), &opts, &errors), 0);
    const char *types5 = "query ($a: [[[[[Int]]]]]) { a }";
    assert_int_equal(parse_status(&a, types5, strlen(types5), &opts, &errors), -1);
    assert_int_equal(errors.items[0].locations[0].column, 16);
    const char *sdl = "type T { f(a: [[[[[Int]]]]]): Int }";
    assert_int_equal(parse_status(&a, sdl, strlen(sdl), &opts, &errors), -1);
    arena_free(&a);
}

/* graphql-js maxTokens: same count, message and location. */
static void
token_cap(void **state)
{
    (void)state;
    static const struct {
        const char *src;
        uint32_t max;
        const char *message; /* NULL: parses */
        uint32_t column;
    } cases[] = {
        {"{ a b c d }",
         3,
         "Syntax Error: Document contains more that 3 tokens. Parsing aborted.",
         7},
        {"{ a b c d }",
         5,
         "Syntax Error: Document contains more that 5 tokens. Parsing aborted.",
         11},
        {"{ a b c d }", 6, NULL, 0},
        {"query Q { a(x: [1, 2]) }",
         7,
         "Syntax Error: Document contains more that 7 tokens. Parsing aborted.",
         16},
        {"# comments do not count\n{ a }", 3, NULL, 0},
    };
    struct arena a;
    arena_init(&a, 0);
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        struct gql_error_list errors;
        struct gql_parse_options opts = {.max_tokens = cases[i].max};
        int rc = parse_status(&a, cases[i].src, strlen(cases[i].src), &opts, &errors);
        if (cases[i].message == NULL) {
            assert_int_equal(rc, 0);
            continue;
        }
        assert_int_equal(rc, -1);
        assert_string_equal(errors.items[0].message, cases[i].message);
        assert_int_equal(errors.items[0].locations[0].column, cases[i].column);
    }
    arena_free(&a);
}

/* Document modes: executable-only and SDL-only. */
static void
document_modes(void **state)
{
    (void)state;
    struct arena a;
    arena_init(&a, 0);
    struct gql_error_list errors;
    struct gql_parse_options exec = {.mode = GQL_DOC_EXECUTABLE};
    const char *mixed = "{ a } type T { a: Int }";
    assert_int_equal(parse_status(&a, mixed, strlen(mixed), NULL, &errors), 0);
    assert_int_equal(parse_status(&a, mixed, strlen(mixed), &exec, &errors), -1);
    assert_string_equal(errors.items[0].message, "Syntax Error: Unexpected Name \"type\".");
    assert_int_equal(errors.items[0].locations[0].column, 7);
    const char *ext = "{ a } extend type T @d";
    assert_int_equal(parse_status(&a, ext, strlen(ext), &exec, &errors), -1);
    const char *desc = "{ a } \"d\" scalar S";
    assert_int_equal(parse_status(&a, desc, strlen(desc), &exec, &errors), -1);
    assert_string_equal(errors.items[0].message, "Syntax Error: Unexpected String \"d\".");

    struct gql_document *doc;
    const char *sdl = "scalar S fragment F on S { a }";
    gql_error_list_init(&errors, &a, sdl, strlen(sdl));
    assert_int_equal(gql_parse_sdl(&a, sdl, strlen(sdl), NULL, &doc, &errors), -1);
    assert_string_equal(errors.items[0].message, "Syntax Error: Unexpected Name \"fragment\".");
    const char *shorthand = "{ a }";
    assert_int_equal(gql_parse_sdl(&a, shorthand, 5, NULL, &doc, &errors), -1);
    arena_free(&a);
}

/* gql_parse_value and gql_parse_type (graphql-js parseValue, parseType). */
static void
parse_value_and_type(void **state)
{
    (void)state;
    struct arena a;
    arena_init(&a, 0);
    struct gql_error_list errors;
    gql_error_list_init(&errors, &a, NULL, 0);
    struct gql_value *v;
    assert_int_equal(gql_parse_value(&a, "[1, $x, {a: \"b\"}]", 17, NULL, 0, &v, &errors), 0);
    assert_int_equal(v->node.kind, GQL_KIND_LIST_VALUE);
    assert_int_equal(v->list.count, 3);
    assert_int_equal(v->list.items[1]->node.kind, GQL_KIND_VARIABLE);
    assert_int_equal(gql_parse_value(&a, "[1, $x]", 7, NULL, 1, &v, &errors), -1);
    assert_string_equal(errors.items[0].message,
                        "Syntax Error: Unexpected variable \"$x\" in constant value.");
    assert_int_equal(gql_parse_value(&a, "1 2", 3, NULL, 1, &v, &errors), -1);
    assert_string_equal(errors.items[1].message, "Syntax Error: Expected <EOF>, found Int \"2\".");
    struct gql_type *t;
    assert_int_equal(gql_parse_type(&a, "[String!]!", 10, NULL, &t, &errors), 0);
    assert_int_equal(t->node.kind, GQL_KIND_NON_NULL_TYPE);
    assert_int_equal(t->of_type->node.kind, GQL_KIND_LIST_TYPE);
    assert_int_equal(t->of_type->of_type->node.kind, GQL_KIND_NON_NULL_TYPE);
    assert_true(gql_name_is(&gql_type_named(t)->name, "String"));
    assert_int_equal(gql_parse_type(&a, "[!]", 3, NULL, &t, &errors), -1);
    arena_free(&a);
}

/* Large flat documents parse (the parser is linear; this must finish quickly). */
static void
large_document(void **state)
{
    (void)state;
    struct arena a;
    arena_init(&a, 0);
    size_t n = 200000;
    char *src = arena_alloc(&a, n * 8 + 8);
    size_t o = 0;
    src[o++] = '{';
    for (size_t i = 0; i < n; i++)
        o += (size_t)sprintf(src + o, " f%zu", i % 1000);
    src[o++] = '}';
    src[o] = '\0';
    struct gql_error_list errors;
    gql_error_list_init(&errors, &a, src, o);
    struct gql_document *doc;
    assert_int_equal(gql_parse(&a, src, o, NULL, &doc, &errors), 0);
    const struct gql_operation_definition *op = (const void *)doc->definitions.items[0];
    assert_int_equal(op->selection_set->selections.count, n);
    arena_free(&a);
}

/* Errors as JSON (§7.1.2): message, locations, path, extensions.code. */
static void
errors_to_json(void **state)
{
    (void)state;
    struct arena a;
    arena_init(&a, 0);
    struct gql_error_list errors;
    struct strbuf out = STRBUF_INIT;
    const char *src = "{\n  a(x: 0x)\n}";
    assert_int_equal(parse_status(&a, src, strlen(src), NULL, &errors), -1);
    gql_errors_to_json(&errors, &out);
    assert_string_equal(out.data,
                        "[{\"message\":\"Syntax Error: Invalid number, expected digit but got: "
                        "\\\"x\\\".\",\"locations\":[{\"line\":2,\"column\":9}],"
                        "\"extensions\":{\"code\":\"GRAPHQL_PARSE_FAILED\"}}]");

    /* Several locations, a response path built on the way down, no code. */
    gql_error_list_init(&errors, &a, "ab\ncd", 5);
    struct gql_path root = {NULL, "accounts", 0};
    struct gql_path idx = {&root, NULL, 2};
    struct gql_path leaf = {&idx, "balance", 0};
    struct gql_error *e = gql_error_add(&errors, NULL, "Cannot return null for \"%s\".", "x");
    gql_error_add_location(&errors, e, 1);
    gql_error_add_location(&errors, e, 4);
    gql_error_add_line_column(&errors, e, (struct gql_location){7, 8});
    gql_error_set_path(&errors, e, &leaf);
    gql_error_add_at(&errors, 3, GQL_CODE_BAD_USER_INPUT, "second");
    assert_int_equal(errors.count, 2);
    strbuf_reset(&out);
    gql_errors_to_json(&errors, &out);
    assert_string_equal(out.data,
                        "[{\"message\":\"Cannot return null for \\\"x\\\".\",\"locations\":["
                        "{\"line\":1,\"column\":2},{\"line\":2,\"column\":2},{\"line\":7,"
                        "\"column\":8}],\"path\":[\"accounts\",2,\"balance\"]},"
                        "{\"message\":\"second\",\"locations\":[{\"line\":2,\"column\":1}],"
                        "\"extensions\":{\"code\":\"BAD_USER_INPUT\"}}]");
    gql_error_list_clear(&errors);
    strbuf_reset(&out);
    gql_errors_to_json(&errors, &out);
    assert_string_equal(out.data, "[]");
    strbuf_free(&out);
    arena_free(&a);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(documents_match_graphql_js),
        cmocka_unit_test(documents_follow_october_2021_spec),
        cmocka_unit_test(kitchen_sink_round_trips),
        cmocka_unit_test(kitchen_sink_schema_round_trips),
        cmocka_unit_test(kitchen_sink_schema_has_every_kind),
        cmocka_unit_test(executable_ast_shape),
        cmocka_unit_test(sdl_ast_shape),
        cmocka_unit_test(string_values_are_decoded),
        cmocka_unit_test(depth_cap),
        cmocka_unit_test(token_cap),
        cmocka_unit_test(document_modes),
        cmocka_unit_test(parse_value_and_type),
        cmocka_unit_test(large_document),
        cmocka_unit_test(errors_to_json),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
