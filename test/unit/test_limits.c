/*
 * Unit tests for the complexity limits of contract §3 (src/gql/validation/limits.c): depth,
 * fields after fragment expansion, aliases and text size, counted once per fragment so that
 * exponentially expanding documents are refused quickly, and checked by gql_validate before
 * any rule when limits are set.
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
#include "gql/error.h"
#include "gql/parser.h"
#include "gql/schema.h"
#include "gql/validate.h"

#include <stdio.h>
#include <time.h>

static const char sdl[] = "type Query { a: A b: Int }\n"
                          "type A { a: A b: Int c: [A] }\n";

static const struct gql_limits contract = GQL_LIMITS_CONTRACT;

struct fixture {
    struct arena schema_arena;
    struct gql_schema *schema;
    struct arena arena;
    struct gql_error_list errors;
};

static int
setup(void **state)
{
    static struct fixture fx;
    arena_init(&fx.schema_arena, 0);
    arena_init(&fx.arena, 0);
    gql_error_list_init(&fx.errors, &fx.arena, NULL, 0);
    if (gql_schema_build_from_sdl(&fx.schema_arena, sdl, strlen(sdl), &fx.schema, &fx.errors) != 0)
        return -1;
    *state = &fx;
    return 0;
}

static int
teardown(void **state)
{
    struct fixture *fx = *state;
    arena_free(&fx->arena);
    arena_free(&fx->schema_arena);
    return 0;
}

/* Parses text and runs gql_check_limits; returns the number of errors. */
static int
check(struct fixture *fx, const char *text, const struct gql_limits *limits, const char *op)
{
    arena_reset(&fx->arena);
    gql_error_list_init(&fx->errors, &fx->arena, NULL, 0);
    struct gql_document *doc;
    struct gql_parse_options po = {0};
    po.max_depth = GQL_PARSE_MAX_DEPTH_LIMIT;
    assert_int_equal(gql_parse(&fx->arena, text, strlen(text), &po, &doc, &fx->errors), 0);
    gql_error_list_init(&fx->errors, &fx->arena, NULL, 0);
    return gql_check_limits(doc, op, limits, &fx->arena, &fx->errors);
}

/* "{ a { a { ... b } } }" with depth fields in total. */
static void
nested(struct strbuf *sb, int depth)
{
    strbuf_puts(sb, "{ ");
    for (int i = 1; i < depth; i++)
        strbuf_puts(sb, "a { ");
    strbuf_puts(sb, "b");
    for (int i = 1; i < depth; i++)
        strbuf_puts(sb, " }");
    strbuf_puts(sb, " }");
}

static void
depth_at_limit_passes_and_one_more_fails(void **state)
{
    struct fixture *fx = *state;
    struct strbuf sb = STRBUF_INIT;
    nested(&sb, 12);
    assert_int_equal(check(fx, sb.data, &contract, NULL), 0);
    strbuf_reset(&sb);
    nested(&sb, 13);
    assert_int_equal(check(fx, sb.data, &contract, NULL), 1);
    assert_string_equal(fx->errors.items[0].code, "QUERY_TOO_COMPLEX");
    assert_string_equal(fx->errors.items[0].message,
                        "Query is too complex: 13 levels of selection depth; the limit is 12.");
    assert_int_equal(fx->errors.items[0].location_count, 1);
    assert_int_equal(fx->errors.items[0].locations[0].line, 1);
    assert_int_equal(fx->errors.items[0].locations[0].column, 1);
    strbuf_free(&sb);
}

static void
depth_counts_through_fragments_and_inline_fragments(void **state)
{
    struct fixture *fx = *state;
    /* 4 levels in the operation; the spread sits at depth 3, F adds 10: 13 in all. */
    const char *doc = "query Q { a { a { ... on A { a { ...F } } } } }\n"
                      "fragment F on A { a { a { a { a { a { a { a { a { a { b } } } } } } } } } }";
    assert_int_equal(check(fx, doc, &contract, NULL), 1);
    assert_string_equal(fx->errors.items[0].message,
                        "Query is too complex: 13 levels of selection depth; the limit is 12.");
    /* The same fragment one level higher fits. */
    const char *ok = "query Q { a { a { ...F } } }\n"
                     "fragment F on A { a { a { a { a { a { a { a { a { a { b } } } } } } } } } }";
    assert_int_equal(check(fx, ok, &contract, NULL), 0);
}

static void
introspection_subtrees_do_not_count_towards_depth(void **state)
{
    struct fixture *fx = *state;
    const char *doc =
        "{ __schema { types { fields { type { ofType { ofType { ofType { ofType {"
        " ofType { ofType { ofType { ofType { ofType { name } } } } } } } } } } } } } }";
    assert_int_equal(check(fx, doc, &contract, NULL), 0);
}

static void
field_count_is_after_fragment_expansion(void **state)
{
    struct fixture *fx = *state;
    /* F has 10 fields; spread 100 times = 1000 fields, plus `a` itself = 1001. No aliases. */
    struct strbuf sb = STRBUF_INIT;
    strbuf_puts(&sb, "{ a { ");
    for (int i = 0; i < 100; i++)
        strbuf_puts(&sb, "...F ");
    strbuf_puts(&sb, "} }\nfragment F on A { b b b b b b b b a { b } }");
    assert_int_equal(check(fx, sb.data, &contract, NULL), 1);
    assert_string_equal(fx->errors.items[0].message,
                        "Query is too complex: 1001 fields after fragment expansion; the limit is "
                        "1000.");
    strbuf_free(&sb);
}

static void
aliases_are_counted_after_expansion(void **state)
{
    struct fixture *fx = *state;
    struct strbuf sb = STRBUF_INIT;
    strbuf_puts(&sb, "{ ");
    for (int i = 0; i < 100; i++)
        strbuf_printf(&sb, "x%d: b ", i);
    strbuf_puts(&sb, "}");
    assert_int_equal(check(fx, sb.data, &contract, NULL), 0);
    strbuf_reset(&sb);
    strbuf_puts(&sb, "{ ...F ...F2 }\nfragment F on Query { ");
    for (int i = 0; i < 60; i++)
        strbuf_printf(&sb, "x%d: b ", i);
    strbuf_puts(&sb, "}\nfragment F2 on Query { ...F }");
    assert_int_equal(check(fx, sb.data, &contract, NULL), 1);
    assert_string_equal(fx->errors.items[0].message,
                        "Query is too complex: 120 aliases; the limit is 100.");
    strbuf_free(&sb);
}

static void
exponential_fragments_are_refused_fast(void **state)
{
    struct fixture *fx = *state;
    /* NOTES.md: 40 fragments each spreading the previous one twice: 2^40 fields from ~3 KB. */
    struct strbuf sb = STRBUF_INIT;
    strbuf_puts(&sb, "query Q { a { ...F40 } }\nfragment F0 on A { b }\n");
    for (int i = 1; i <= 40; i++)
        strbuf_printf(&sb, "fragment F%d on A { ...F%d a { ...F%d } }\n", i, i - 1, i - 1);
    assert_true(sb.len < 4096);
    clock_t start = clock();
    assert_int_equal(check(fx, sb.data, &contract, NULL), 2);
    double seconds = (double)(clock() - start) / CLOCKS_PER_SEC;
    assert_true(seconds < 1.0);
    assert_string_equal(fx->errors.items[0].message,
                        "Query is too complex: 42 levels of selection depth; the limit is 12.");
    /* 2^41 - 1 fields under `a`, plus `a`: the exact count, not a wrapped-around one. */
    assert_string_equal(fx->errors.items[1].message,
                        "Query is too complex: 2199023255552 fields after fragment expansion; "
                        "the limit is 1000.");

    /* Through gql_validate with limits: the rules (OverlappingFieldsCanBeMerged) never run. */
    struct gql_document *doc;
    arena_reset(&fx->arena);
    gql_error_list_init(&fx->errors, &fx->arena, NULL, 0);
    assert_int_equal(gql_parse(&fx->arena, sb.data, sb.len, NULL, &doc, &fx->errors), 0);
    struct gql_validate_options opts = {0};
    opts.limits = &contract;
    start = clock();
    assert_int_equal(gql_validate(fx->schema, doc, &opts, &fx->arena, &fx->errors), 2);
    assert_true((double)(clock() - start) / CLOCKS_PER_SEC < 1.0);
    assert_string_equal(fx->errors.items[0].code, "QUERY_TOO_COMPLEX");
    strbuf_free(&sb);
}

static void
counts_saturate_instead_of_overflowing(void **state)
{
    struct fixture *fx = *state;
    /* 70 doublings overflow 64 bits; the count saturates and still reports. */
    struct strbuf sb = STRBUF_INIT;
    strbuf_puts(&sb, "{ a { ...F70 } }\nfragment F0 on A { b }\n");
    for (int i = 1; i <= 70; i++)
        strbuf_printf(&sb, "fragment F%d on A { ...F%d ...F%d }\n", i, i - 1, i - 1);
    struct gql_limits only_fields = {0, 1000, 0, 0};
    assert_int_equal(check(fx, sb.data, &only_fields, NULL), 1);
    assert_string_equal(fx->errors.items[0].message,
                        "Query is too complex: more than 1000 fields after fragment expansion; "
                        "the limit is 1000.");
    strbuf_free(&sb);
}

static void
cycles_and_unknown_fragments_count_as_empty(void **state)
{
    struct fixture *fx = *state;
    const char *doc = "{ a { ...A ...Missing } }\n"
                      "fragment A on A { b ...B }\n"
                      "fragment B on A { b ...A }";
    assert_int_equal(check(fx, doc, &contract, NULL), 0);
}

static void
deep_fragment_chains_do_not_recurse(void **state)
{
    struct fixture *fx = *state;
    /* 20,000 fragments in a chain: a recursive count would need 20,000 frames. */
    struct strbuf sb = STRBUF_INIT;
    strbuf_puts(&sb, "{ a { ...F0 } }\n");
    for (int i = 0; i < 20000; i++)
        strbuf_printf(&sb, "fragment F%d on A { ...F%d }\n", i, i + 1);
    strbuf_puts(&sb, "fragment F20000 on A { b }\n");
    struct gql_limits no_size = contract;
    no_size.max_bytes = 0; /* the text is ~700 KB */
    assert_int_equal(check(fx, sb.data, &no_size, NULL), 0);
    strbuf_free(&sb);
}

static void
operation_name_selects_what_is_checked(void **state)
{
    struct fixture *fx = *state;
    struct strbuf sb = STRBUF_INIT;
    strbuf_puts(&sb, "query Small { b } query Deep ");
    nested(&sb, 13);
    assert_int_equal(check(fx, sb.data, &contract, "Small"), 0);
    assert_int_equal(check(fx, sb.data, &contract, "Deep"), 1);
    assert_int_equal(check(fx, sb.data, &contract, NULL), 1);
    assert_int_equal(fx->errors.items[0].locations[0].column, 19);
    strbuf_free(&sb);
}

static void
text_size_limit(void **state)
{
    struct fixture *fx = *state;
    gql_error_list_init(&fx->errors, &fx->arena, NULL, 0);
    assert_int_equal(gql_check_text_limit(100 * 1024, &contract, &fx->errors), 0);
    assert_int_equal(gql_check_text_limit(100 * 1024 + 1, &contract, &fx->errors), 1);
    assert_string_equal(fx->errors.items[0].message,
                        "Query is too large: 102401 bytes; the limit is 102400 bytes.");
    assert_string_equal(fx->errors.items[0].code, "QUERY_TOO_COMPLEX");
    assert_int_equal(gql_check_text_limit(1 << 30, NULL, &fx->errors), 0);
}

static void
zero_limits_disable_checks(void **state)
{
    struct fixture *fx = *state;
    struct gql_limits none = {0, 0, 0, 0};
    struct strbuf sb = STRBUF_INIT;
    nested(&sb, 50);
    assert_int_equal(check(fx, sb.data, &none, NULL), 0);
    strbuf_free(&sb);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(depth_at_limit_passes_and_one_more_fails),
        cmocka_unit_test(depth_counts_through_fragments_and_inline_fragments),
        cmocka_unit_test(introspection_subtrees_do_not_count_towards_depth),
        cmocka_unit_test(field_count_is_after_fragment_expansion),
        cmocka_unit_test(aliases_are_counted_after_expansion),
        cmocka_unit_test(exponential_fragments_are_refused_fast),
        cmocka_unit_test(counts_saturate_instead_of_overflowing),
        cmocka_unit_test(cycles_and_unknown_fragments_count_as_empty),
        cmocka_unit_test(deep_fragment_chains_do_not_recurse),
        cmocka_unit_test(operation_name_selects_what_is_checked),
        cmocka_unit_test(text_size_limit),
        cmocka_unit_test(zero_limits_disable_checks),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
