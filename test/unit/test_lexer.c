/*
 * Unit tests for the GraphQL lexer (src/gql/language/lexer.c, spec §2.1).
 *
 * The token and error tables were produced by running graphql-js 16's Lexer over the same
 * sources, so kinds, decoded values, messages and line:column positions are graphql-js's.
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
#include "gql/lexer.h"

struct tok {
    const char *kind;  /* graphql-js TokenKind value: "!", "Name", "BlockString" ... */
    const char *value; /* graphql-js token value (decoded for strings), NULL for punctuators */
    size_t value_len;
};

struct lex_ok {
    const char *src;
    size_t len;
    const struct tok *tokens; /* terminated by a NULL kind */
};

struct lex_err {
    const char *src;
    size_t len;
    const char *message;
    uint32_t line, column;
};

/* Token streams (kind as graphql-js names it, value). */
static const struct lex_ok lex_ok_cases[] = {
    {"! $ & ( ) ... : = @ [ ] { | }",
     29,
     (const struct tok[]){{"!", NULL, 0},
                          {"$", NULL, 0},
                          {"&", NULL, 0},
                          {"(", NULL, 0},
                          {")", NULL, 0},
                          {"...", NULL, 0},
                          {":", NULL, 0},
                          {"=", NULL, 0},
                          {"@", NULL, 0},
                          {"[", NULL, 0},
                          {"]", NULL, 0},
                          {"{", NULL, 0},
                          {"|", NULL, 0},
                          {"}", NULL, 0},
                          {NULL, NULL, 0}}},
    {"_ a Z _abc123 a1_b query",
     24,
     (const struct tok[]){{"Name", "_", 1},
                          {"Name", "a", 1},
                          {"Name", "Z", 1},
                          {"Name", "_abc123", 7},
                          {"Name", "a1_b", 4},
                          {"Name", "query", 5},
                          {NULL, NULL, 0}}},
    {"0 -0 4 -4 9 1234567890",
     22,
     (const struct tok[]){{"Int", "0", 1},
                          {"Int", "-0", 2},
                          {"Int", "4", 1},
                          {"Int", "-4", 2},
                          {"Int", "9", 1},
                          {"Int", "1234567890", 10},
                          {NULL, NULL, 0}}},
    {"4.123 -4.123 0.123 123e4 123E4 123e-4 123e+4 -1.123e4 -1.123E4 -1.123e-4 -1.123e+4 "
     "-1.123e4567",
     94,
     (const struct tok[]){{"Float", "4.123", 5},
                          {"Float", "-4.123", 6},
                          {"Float", "0.123", 5},
                          {"Float", "123e4", 5},
                          {"Float", "123E4", 5},
                          {"Float", "123e-4", 6},
                          {"Float", "123e+4", 6},
                          {"Float", "-1.123e4", 8},
                          {"Float", "-1.123E4", 8},
                          {"Float", "-1.123e-4", 9},
                          {"Float", "-1.123e+4", 9},
                          {"Float", "-1.123e4567", 11},
                          {NULL, NULL, 0}}},
    {"\"\" \"simple\" \" white space \" \"quote \\\"\" \"escaped \\n\\r\\b\\t\\f\" \"slashes \\\\ "
     "\\/\"",
     75,
     (const struct tok[]){{"String", "", 0},
                          {"String", "simple", 6},
                          {"String", " white space ", 13},
                          {"String", "quote \"", 7},
                          {"String", "escaped \n\015\010\t\014", 13},
                          {"String", "slashes \\ /", 11},
                          {NULL, NULL, 0}}},
    {"\"\\uD83D\\uDE00\" \"\\u{1F600}\" \"\303\251\360\237\230\200\" \"\\u0000\"",
     44,
     (const struct tok[]){{"String", "\360\237\230\200", 4},
                          {"String", "\360\237\230\200", 4},
                          {"String", "\303\251\360\237\230\200", 6},
                          {"String", "\000", 1},
                          {NULL, NULL, 0}}},
    {"\"bell\007 nul\000 del\177\"",
     17,
     (const struct tok[]){{"String", "bell\007 nul\000 del\177", 15}, {NULL, NULL, 0}}},
    {"\357\273\277 a \357\273\277 b",
     11,
     (const struct tok[]){{"Name", "a", 1}, {"Name", "b", 1}, {NULL, NULL, 0}}},
    {", a ,, b ,", 10, (const struct tok[]){{"Name", "a", 1}, {"Name", "b", 1}, {NULL, NULL, 0}}},
    {"# comment\n a # trailing\015\n b\015 c",
     30,
     (const struct tok[]){{"Name", "a", 1}, {"Name", "b", 1}, {"Name", "c", 1}, {NULL, NULL, 0}}},
    {"\"\"\"simple\"\"\" \"\"\"  white space  \"\"\" \"\"\"contains \" quote\"\"\" \"\"\"contains "
     "\\\"\"\" triplequote\"\"\"",
     89,
     (const struct tok[]){{"BlockString", "simple", 6},
                          {"BlockString", "  white space  ", 15},
                          {"BlockString", "contains \" quote", 16},
                          {"BlockString", "contains \"\"\" triplequote", 24},
                          {NULL, NULL, 0}}},
    {"\"\"\"multi\nline\"\"\" \"\"\"multi\015\nline\015normalized\"\"\"",
     45,
     (const struct tok[]){{"BlockString", "multi\nline", 10},
                          {"BlockString", "multi\nline\nnormalized", 21},
                          {NULL, NULL, 0}}},
    {"\"\"\"unescaped \\n\\r\\b\\t\\f\\u1234\"\"\" \"\"\"slashes \\\\ \\/\"\"\" \"\"\"unicode "
     "\303\251\360\237\230\200\"\"\"",
     73,
     (const struct tok[]){{"BlockString", "unescaped \\n\\r\\b\\t\\f\\u1234", 26},
                          {"BlockString", "slashes \\\\ \\/", 13},
                          {"BlockString", "unicode \303\251\360\237\230\200", 14},
                          {NULL, NULL, 0}}},
    {"\"\"\"\n\n    spans\n      multiple\n        lines\n\n    \"\"\"",
     52,
     (const struct tok[]){{"BlockString", "spans\n  multiple\n    lines", 26}, {NULL, NULL, 0}}},
    {"\"\"\"  first line keeps its indentation\n    second\n  third\"\"\"",
     59,
     (const struct tok[]){
         {"BlockString", "  first line keeps its indentation\n  second\nthird", 49},
         {NULL, NULL, 0}}},
    {"\"\"\"\n  \n  a\n  \n\"\"\"",
     17,
     (const struct tok[]){{"BlockString", "a", 1}, {NULL, NULL, 0}}},
    {"\"\"\"    \n  \t\n\"\"\"", 15, (const struct tok[]){{"BlockString", "", 0}, {NULL, NULL, 0}}},
    {"\"\"\"\"\"\"", 6, (const struct tok[]){{"BlockString", "", 0}, {NULL, NULL, 0}}},
    {"\"\"\"\\\"\"\"\"\"\"",
     10,
     (const struct tok[]){{"BlockString", "\"\"\"", 3}, {NULL, NULL, 0}}},
    {"\"\"\"\\\"\"\"\\\"\"\"\"\"\"",
     14,
     (const struct tok[]){{"BlockString", "\"\"\"\"\"\"", 6}, {NULL, NULL, 0}}},
    {"\"\"\"\015\n  x\015\n    y\015\n\"\"\"",
     20,
     (const struct tok[]){{"BlockString", "x\n  y", 5}, {NULL, NULL, 0}}},
    {"\"\"\"\t\ttab\n\t\tindent\"\"\"",
     20,
     (const struct tok[]){{"BlockString", "\t\ttab\nindent", 12}, {NULL, NULL, 0}}},
    {"\"\"\"line\n  \n   x\"\"\"",
     18,
     (const struct tok[]){{"BlockString", "line\n\nx", 7}, {NULL, NULL, 0}}},
};

/* Lexical errors: message (without "Syntax Error: "), line, column. */
static const struct lex_err lex_err_cases[] = {
    {"\"unicode \\u1234\\u5678\\u90AB\\uCDEF\" \"\\u{1234}\" \"\\u{10FFFF}\" \"\\u{0000000001}\"",
     75,
     "Invalid Unicode escape sequence: \"\\u{000000000\".",
     1,
     61},
    {"\"\"\"a\"\"\"\"", 8, "Unterminated string.", 1, 9},
    {".", 1, "Unexpected character: \".\".", 1, 1},
    {"..", 2, "Unexpected character: \".\".", 1, 1},
    {"....", 4, "Unexpected character: \".\".", 1, 4},
    {"\?", 1, "Unexpected character: \"\?\".", 1, 1},
    {"~", 1, "Unexpected character: \"~\".", 1, 1},
    {"\007", 1, "Unexpected character: U+0007.", 1, 1},
    {"\000", 1, "Unexpected character: U+0000.", 1, 1},
    {"'",
     1,
     "Unexpected single quote character ('), did you mean to use a double quote (\")\?",
     1,
     1},
    {"\303\251", 2, "Unexpected character: U+00E9.", 1, 1},
    {"\342\200\273", 3, "Unexpected character: U+203B.", 1, 1},
    {"\360\237\230\200", 4, "Unexpected character: U+1F600.", 1, 1},
    {"\"", 1, "Unterminated string.", 1, 2},
    {"\"no end", 7, "Unterminated string.", 1, 8},
    {"\"multi\nline\"", 12, "Unterminated string.", 1, 7},
    {"\"bad \\z esc\"", 12, "Invalid character escape sequence: \"\\z\".", 1, 6},
    {"\"bad \\x esc\"", 12, "Invalid character escape sequence: \"\\x\".", 1, 6},
    {"\"bad \\u1 esc\"", 13, "Invalid Unicode escape sequence: \"\\u1 es\".", 1, 6},
    {"\"bad \\u0XX1 esc\"", 16, "Invalid Unicode escape sequence: \"\\u0XX1\".", 1, 6},
    {"\"bad \\uXXXX esc\"", 16, "Invalid Unicode escape sequence: \"\\uXXXX\".", 1, 6},
    {"\"bad \\uFXXX esc\"", 16, "Invalid Unicode escape sequence: \"\\uFXXX\".", 1, 6},
    {"\"bad \\uXXXF esc\"", 16, "Invalid Unicode escape sequence: \"\\uXXXF\".", 1, 6},
    {"\"bad \\u{} esc\"", 14, "Invalid Unicode escape sequence: \"\\u{}\".", 1, 6},
    {"\"bad \\u{FXXX} esc\"", 18, "Invalid Unicode escape sequence: \"\\u{FX\".", 1, 6},
    {"\"bad \\u{FFFF esc\"", 17, "Invalid Unicode escape sequence: \"\\u{FFFF \".", 1, 6},
    {"\"bad \\u{FFFF\"", 13, "Invalid Unicode escape sequence: \"\\u{FFFF\"\".", 1, 6},
    {"\"too high \\u{110000} esc\"",
     25,
     "Invalid Unicode escape sequence: \"\\u{110000}\".",
     1,
     11},
    {"\"way too high \\u{12345678} esc\"",
     31,
     "Invalid Unicode escape sequence: \"\\u{12345678}\".",
     1,
     15},
    {"\"too long \\u{000000000} esc\"",
     28,
     "Invalid Unicode escape sequence: \"\\u{000000000\".",
     1,
     11},
    {"\"bad surrogate \\uDEAD esc\"", 26, "Invalid Unicode escape sequence: \"\\uDEAD\".", 1, 16},
    {"\"bad high surrogate pair \\uDEAD\\uDEAD esc\"",
     42,
     "Invalid Unicode escape sequence: \"\\uDEAD\".",
     1,
     26},
    {"\"bad low surrogate pair \\uD800\\uD800 esc\"",
     41,
     "Invalid Unicode escape sequence: \"\\uD800\".",
     1,
     25},
    {"\"lone \\uD800 esc\"", 17, "Invalid Unicode escape sequence: \"\\uD800\".", 1, 7},
    {"\"lone \\u{D800} esc\"", 19, "Invalid Unicode escape sequence: \"\\u{D800}\".", 1, 7},
    {"\"\\u{DFFF}\"", 10, "Invalid Unicode escape sequence: \"\\u{DFFF}\".", 1, 2},
    {"\"\"\"", 3, "Unterminated string.", 1, 4},
    {"\"\"\"no end", 9, "Unterminated string.", 1, 10},
    {"\"\"\"\"", 4, "Unterminated string.", 1, 5},
    {"\"\"\"\\\"\"\"\"", 8, "Unterminated string.", 1, 9},
    {"00", 2, "Invalid number, unexpected digit after 0: \"0\".", 1, 2},
    {"01", 2, "Invalid number, unexpected digit after 0: \"1\".", 1, 2},
    {"01.23", 5, "Invalid number, unexpected digit after 0: \"1\".", 1, 2},
    {"1.", 2, "Invalid number, expected digit but got: <EOF>.", 1, 3},
    {"1e", 2, "Invalid number, expected digit but got: <EOF>.", 1, 3},
    {"1.e1", 4, "Invalid number, expected digit but got: \"e\".", 1, 3},
    {"1.A", 3, "Invalid number, expected digit but got: \"A\".", 1, 3},
    {"-A", 2, "Invalid number, expected digit but got: \"A\".", 1, 2},
    {"1.0e", 4, "Invalid number, expected digit but got: <EOF>.", 1, 5},
    {"1.0eA", 5, "Invalid number, expected digit but got: \"A\".", 1, 5},
    {"1.0e\"", 5, "Invalid number, expected digit but got: '\"'.", 1, 5},
    {"1.2e3e", 6, "Invalid number, expected digit but got: \"e\".", 1, 6},
    {"1.2e3.4", 7, "Invalid number, expected digit but got: \".\".", 1, 6},
    {"1.23.4", 6, "Invalid number, expected digit but got: \".\".", 1, 5},
    {"0xF1", 4, "Invalid number, expected digit but got: \"x\".", 1, 2},
    {"0b10", 4, "Invalid number, expected digit but got: \"b\".", 1, 2},
    {"123abc", 6, "Invalid number, expected digit but got: \"a\".", 1, 4},
    {"1_234", 5, "Invalid number, expected digit but got: \"_\".", 1, 2},
    {"1\303\237", 3, "Unexpected character: U+00DF.", 1, 2},
    {"1.23f", 5, "Invalid number, expected digit but got: \"f\".", 1, 5},
    {"1.234_5", 7, "Invalid number, expected digit but got: \"_\".", 1, 6},
    {"+1", 2, "Unexpected character: \"+\".", 1, 1},
    {"-", 1, "Invalid number, expected digit but got: <EOF>.", 1, 2},
    {"- 1", 3, "Invalid number, expected digit but got: \" \".", 1, 2},
    {"1.5e-", 5, "Invalid number, expected digit but got: <EOF>.", 1, 6},
    {"1.5e+", 5, "Invalid number, expected digit but got: <EOF>.", 1, 6},
};

/* Copies src into an exactly sized heap buffer, so reading past the end is caught by ASan. */
static char *
exact_copy(const char *src, size_t len)
{
    char *p = malloc(len ? len : 1);
    assert_non_null(p);
    memcpy(p, src, len);
    return p;
}

static void
tokens_match_graphql_js(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof(lex_ok_cases) / sizeof(lex_ok_cases[0]); i++) {
        const struct lex_ok *c = &lex_ok_cases[i];
        struct arena a;
        arena_init(&a, 0);
        char *src = exact_copy(c->src, c->len);
        struct gql_lexer lx;
        gql_lexer_init(&lx, &a, src, (uint32_t)c->len);
        size_t k = 0;
        for (;;) {
            struct gql_token t;
            int rc = gql_lexer_next(&lx, &t);
            if (rc != 0)
                fail_msg("case %zu (%s): unexpected error %s", i, c->src, lx.error);
            if (t.kind == GQL_TOK_EOF)
                break;
            const struct tok *want = &c->tokens[k++];
            if (want->kind == NULL)
                fail_msg("case %zu (%s): extra token", i, c->src);
            assert_string_equal(gql_token_kind_name(t.kind), want->kind);
            if (want->value == NULL)
                continue;
            if (t.kind == GQL_TOK_STRING || t.kind == GQL_TOK_BLOCK_STRING) {
                assert_int_equal(t.value_len, want->value_len);
                assert_memory_equal(t.value, want->value, want->value_len);
                assert_int_equal(t.value[t.value_len], '\0');
            } else {
                assert_int_equal(t.end - t.start, want->value_len);
                assert_memory_equal(src + t.start, want->value, want->value_len);
            }
        }
        if (c->tokens[k].kind != NULL)
            fail_msg("case %zu (%s): missing token %s", i, c->src, c->tokens[k].kind);
        free(src);
        arena_free(&a);
    }
}

static void
errors_match_graphql_js(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof(lex_err_cases) / sizeof(lex_err_cases[0]); i++) {
        const struct lex_err *c = &lex_err_cases[i];
        struct arena a;
        arena_init(&a, 0);
        char *src = exact_copy(c->src, c->len);
        struct gql_lexer lx;
        gql_lexer_init(&lx, &a, src, (uint32_t)c->len);
        struct gql_token t;
        int rc;
        while ((rc = gql_lexer_next(&lx, &t)) == 0 && t.kind != GQL_TOK_EOF)
            ;
        if (rc == 0)
            fail_msg("case %zu (%s): no error, expected %s", i, c->src, c->message);
        assert_string_equal(lx.error, c->message);
        struct gql_location loc = gql_location_of(src, c->len, lx.error_offset);
        if (loc.line != c->line || loc.column != c->column)
            fail_msg("case %zu (%s): at %u:%u, expected %u:%u",
                     i,
                     c->src,
                     loc.line,
                     loc.column,
                     c->line,
                     c->column);
        free(src);
        arena_free(&a);
    }
}

/* Tokens are byte ranges of the source; EOF repeats at the end. */
static void
token_offsets_and_eof(void **state)
{
    (void)state;
    static const char src[] = "\xEF\xBB\xBF query  Q{ a(x: \"\\u00e9\") }";
    struct arena a;
    arena_init(&a, 0);
    struct gql_lexer lx;
    gql_lexer_init(&lx, &a, src, sizeof(src) - 1);
    struct gql_token t;
    assert_int_equal(gql_lexer_next(&lx, &t), 0);
    assert_int_equal(t.kind, GQL_TOK_NAME);
    assert_int_equal(t.start, 4);
    assert_int_equal(t.end, 9);
    assert_int_equal(gql_lexer_next(&lx, &t), 0);
    assert_int_equal(t.start, 11);
    assert_int_equal(t.end, 12);
    for (int i = 0; i < 6; i++) /* { a ( x : "..." */
        assert_int_equal(gql_lexer_next(&lx, &t), 0);
    assert_int_equal(t.kind, GQL_TOK_STRING);
    assert_int_equal(t.start, 19);
    assert_int_equal(t.end, 27);
    assert_string_equal(t.value, "\xC3\xA9");
    assert_int_equal(gql_lexer_next(&lx, &t), 0);
    assert_int_equal(t.kind, GQL_TOK_PAREN_R);
    assert_int_equal(gql_lexer_next(&lx, &t), 0);
    assert_int_equal(t.kind, GQL_TOK_BRACE_R);
    for (int i = 0; i < 3; i++) {
        assert_int_equal(gql_lexer_next(&lx, &t), 0);
        assert_int_equal(t.kind, GQL_TOK_EOF);
        assert_int_equal(t.start, sizeof(src) - 1);
    }
    arena_free(&a);
}

/* Invalid UTF-8 in strings decodes to U+FFFD (as a JavaScript runtime shows it to graphql-js). */
static void
invalid_utf8_in_strings_becomes_replacement_character(void **state)
{
    (void)state;
    static const char src[] = "\"a\xFF"
                              "b\" \"\"\"\xC3\"\"\"";
    struct arena a;
    arena_init(&a, 0);
    struct gql_lexer lx;
    gql_lexer_init(&lx, &a, src, sizeof(src) - 1);
    struct gql_token t;
    assert_int_equal(gql_lexer_next(&lx, &t), 0);
    assert_int_equal(t.kind, GQL_TOK_STRING);
    assert_int_equal(t.value_len, 5);
    assert_string_equal(t.value,
                        "a\xEF\xBF\xBD"
                        "b");
    assert_int_equal(gql_lexer_next(&lx, &t), 0);
    assert_int_equal(t.kind, GQL_TOK_BLOCK_STRING);
    assert_string_equal(t.value, "\xEF\xBF\xBD");
    arena_free(&a);
}

/* Outside strings an invalid byte is an unexpected U+FFFD; a comment may hold anything. */
static void
invalid_utf8_outside_strings(void **state)
{
    (void)state;
    static const char src[] = "# \xFF\xFE comment\n a \xC0";
    struct arena a;
    arena_init(&a, 0);
    struct gql_lexer lx;
    gql_lexer_init(&lx, &a, src, sizeof(src) - 1);
    struct gql_token t;
    assert_int_equal(gql_lexer_next(&lx, &t), 0);
    assert_int_equal(t.kind, GQL_TOK_NAME);
    assert_int_equal(gql_lexer_next(&lx, &t), -1);
    assert_string_equal(lx.error, "Unexpected character: U+FFFD.");
    assert_int_equal(lx.error_offset, sizeof(src) - 2);
    arena_free(&a);
}

struct block_case {
    const char *raw; /* between the triple quotes */
    const char *value;
};

/* BlockStringValue() (§2.9.4), including the specification's own examples. */
static void
block_string_value_dedents_per_spec(void **state)
{
    (void)state;
    static const struct block_case cases[] = {
        {"", ""},
        {"simple", "simple"},
        {"\n    Hello,\n      World!\n\n    Yours,\n      GraphQL.\n  ",
         "Hello,\n  World!\n\nYours,\n  GraphQL."},
        {"  first\n    second\n  third", "  first\n  second\nthird"},
        {"\n\n\n  a\n\n\n", "a"},
        {"   \n \t \n", ""},
        {"a\r\n  b\r  c", "a\nb\nc"},
        {"esc \\\"\"\" here", "esc \"\"\" here"},
        {"\\\"\"\"\\\"\"\"", "\"\"\"\"\"\""},
        {"\n  line\n  \n   x\n", "line\n\n x"},
        {"  \n    deeper\n  shallow", "  deeper\nshallow"},
        {"\t\ttab\n\t\tindent", "\t\ttab\nindent"},
        {"x\\ny", "x\\ny"},
    };
    struct arena a;
    arena_init(&a, 0);
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        uint32_t len;
        char *v = gql_block_string_value(&a, cases[i].raw, (uint32_t)strlen(cases[i].raw), &len);
        assert_string_equal(v, cases[i].value);
        assert_int_equal(len, strlen(cases[i].value));
    }
    arena_free(&a);
}

static void
token_kind_names(void **state)
{
    (void)state;
    assert_string_equal(gql_token_kind_name(GQL_TOK_EOF), "<EOF>");
    assert_string_equal(gql_token_kind_name(GQL_TOK_SPREAD), "...");
    assert_string_equal(gql_token_kind_name(GQL_TOK_BLOCK_STRING), "BlockString");
    assert_true(gql_token_kind_is_punctuator(GQL_TOK_BANG));
    assert_true(gql_token_kind_is_punctuator(GQL_TOK_BRACE_R));
    assert_false(gql_token_kind_is_punctuator(GQL_TOK_NAME));
    assert_false(gql_token_kind_is_punctuator(GQL_TOK_EOF));
}

/* Locations count UTF-16 code units on the line, after \n, \r\n or \r. */
static void
locations_count_utf16_units(void **state)
{
    (void)state;
    static const char src[] = "a\r\nb\rc\n\xC3\xA9\xF0\x9F\x98\x80x";
    struct gql_location l = gql_location_of(src, sizeof(src) - 1, 0);
    assert_int_equal(l.line, 1);
    assert_int_equal(l.column, 1);
    l = gql_location_of(src, sizeof(src) - 1, 3);
    assert_int_equal(l.line, 2);
    assert_int_equal(l.column, 1);
    l = gql_location_of(src, sizeof(src) - 1, 5);
    assert_int_equal(l.line, 3);
    l = gql_location_of(src, sizeof(src) - 1, sizeof(src) - 2); /* the x after é😀 */
    assert_int_equal(l.line, 4);
    assert_int_equal(l.column, 4);
    l = gql_location_of(src, sizeof(src) - 1, 1000); /* clamped */
    assert_int_equal(l.column, 5);
}

/*
 * An error list resumes its location scan where the last location was computed: every
 * offset, met in order, out of order and inside "\r\n" or a multi-byte character, gets
 * exactly what gql_location_of computes from the start.
 */
static void
error_list_locations_match_a_full_scan(void **state)
{
    (void)state;
    static const char src[] = "a\r\nb\rc\n\xC3\xA9\xF0\x9F\x98\x80x\r\r\n\n\xFFyz";
    const size_t len = sizeof(src) - 1;
    struct arena a;
    arena_init(&a, 0);
    struct gql_error_list errors;
    gql_error_list_init(&errors, &a, src, len);
    struct gql_error *e = gql_error_add(&errors, NULL, "many locations");
    uint32_t offsets[3 * 32];
    size_t n = 0;
    for (uint32_t i = 0; i <= len + 1; i++)
        offsets[n++] = i; /* in order, one past the end included */
    for (uint32_t i = (uint32_t)len + 1; i-- > 0;)
        offsets[n++] = i; /* backwards */
    for (uint32_t i = 0; i <= len; i += 3)
        offsets[n++] = i; /* in order again */
    for (size_t i = 0; i < n; i++)
        gql_error_add_location(&errors, e, offsets[i]);
    e = &errors.items[0];
    assert_int_equal(e->location_count, n);
    for (size_t i = 0; i < n; i++) {
        struct gql_location want = gql_location_of(src, len, offsets[i]);
        assert_int_equal(e->locations[i].line, want.line);
        assert_int_equal(e->locations[i].column, want.column);
    }
    arena_free(&a);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(tokens_match_graphql_js),
        cmocka_unit_test(errors_match_graphql_js),
        cmocka_unit_test(token_offsets_and_eof),
        cmocka_unit_test(invalid_utf8_in_strings_becomes_replacement_character),
        cmocka_unit_test(invalid_utf8_outside_strings),
        cmocka_unit_test(block_string_value_dedents_per_spec),
        cmocka_unit_test(token_kind_names),
        cmocka_unit_test(locations_count_utf16_units),
        cmocka_unit_test(error_list_locations_match_a_full_scan),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
