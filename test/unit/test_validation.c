/*
 * Unit tests for gql_validate as a whole (src/gql/validation/validate.c, context.c): the
 * specified rules in graphql-js's order, the error cap, suggestions switched off for
 * production, error codes, custom scalars checked through the schema's parse_literal hook,
 * graphql-js's general validation tests, and a realistic document against our own schema.
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
#include "gql_test_util.h"

#include <stdio.h>
#include <stdlib.h>

struct fixture {
    struct arena schema_arena;
    const struct gql_schema *harness;
    const struct gql_schema *wallet;
    struct arena arena;
    struct gql_error_list errors;
};

static int
setup(void **state)
{
    static struct fixture fx;
    arena_init(&fx.schema_arena, 0);
    arena_init(&fx.arena, 0);
    size_t len;
    char *sdl = gtu_read_source("test/fixtures/validation/harness.graphql", &len);
    if (sdl == NULL)
        return -1;
    fx.harness = gtu_schema(&fx.schema_arena, sdl);
    free(sdl);
    sdl = gtu_read_source("schema/schema.graphql", &len);
    if (sdl == NULL)
        return -1;
    fx.wallet = gtu_schema(&fx.schema_arena, sdl);
    free(sdl);
    if (fx.harness == NULL || fx.wallet == NULL)
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

/* Parses and validates text; returns gql_validate's result (errors in fx->errors). */
static int
validate(struct fixture *fx,
         const struct gql_schema *schema,
         const char *text,
         const struct gql_validate_options *opts)
{
    arena_reset(&fx->arena);
    gql_error_list_init(&fx->errors, &fx->arena, NULL, 0);
    struct gql_document *doc;
    assert_int_equal(gql_parse(&fx->arena, text, strlen(text), NULL, &doc, &fx->errors), 0);
    int n = gql_validate(schema, doc, opts, &fx->arena, &fx->errors);
    assert_int_equal(n, (int)fx->errors.count);
    return n;
}

static void
specified_rules_are_in_graphql_js_order(void **state)
{
    (void)state;
    static const char *const expected[] = {
        "ExecutableDefinitionsRule",
        "UniqueOperationNamesRule",
        "LoneAnonymousOperationRule",
        "SingleFieldSubscriptionsRule",
        "KnownTypeNamesRule",
        "FragmentsOnCompositeTypesRule",
        "VariablesAreInputTypesRule",
        "ScalarLeafsRule",
        "FieldsOnCorrectTypeRule",
        "UniqueFragmentNamesRule",
        "KnownFragmentNamesRule",
        "NoUnusedFragmentsRule",
        "PossibleFragmentSpreadsRule",
        "NoFragmentCyclesRule",
        "UniqueVariableNamesRule",
        "NoUndefinedVariablesRule",
        "NoUnusedVariablesRule",
        "KnownDirectivesRule",
        "UniqueDirectivesPerLocationRule",
        "KnownArgumentNamesRule",
        "UniqueArgumentNamesRule",
        "ValuesOfCorrectTypeRule",
        "ProvidedRequiredArgumentsRule",
        "VariablesInAllowedPositionRule",
        "OverlappingFieldsCanBeMergedRule",
        "UniqueInputFieldNamesRule",
        "MaxIntrospectionDepthRule",
    };
    assert_int_equal(gql_specified_rules_count, sizeof(expected) / sizeof(expected[0]));
    for (size_t i = 0; i < gql_specified_rules_count; i++)
        assert_string_equal(gql_specified_rules[i]->name, expected[i]);
}

static void
validates_queries(void **state)
{
    struct fixture *fx = *state;
    const char *doc =
        "query { human { pets { ... on Cat { meowsVolume } ... on Dog { barkVolume } } } }";
    assert_int_equal(validate(fx, fx->harness, doc, NULL), 0);
}

static void
detects_unknown_fields_with_code_and_location(void **state)
{
    struct fixture *fx = *state;
    assert_int_equal(validate(fx, fx->harness, "\n      {\n        unknown\n      }\n", NULL), 1);
    const struct gql_error *e = &fx->errors.items[0];
    assert_string_equal(e->message, "Cannot query field \"unknown\" on type \"QueryRoot\".");
    assert_string_equal(e->code, "GRAPHQL_VALIDATION_FAILED");
    assert_int_equal(e->location_count, 1);
    assert_int_equal(e->locations[0].line, 3);
    assert_int_equal(e->locations[0].column, 9);
}

static const char three_unknown[] = "{ firstUnknownField secondUnknownField thirdUnknownField }";

static void
max_errors_equal_to_error_count(void **state)
{
    struct fixture *fx = *state;
    struct gql_validate_options opts = {0};
    opts.max_errors = 3;
    assert_int_equal(validate(fx, fx->harness, three_unknown, &opts), 3);
    assert_string_equal(fx->errors.items[2].message,
                        "Cannot query field \"thirdUnknownField\" on type \"QueryRoot\".");
}

static void
max_errors_below_error_count_aborts(void **state)
{
    struct fixture *fx = *state;
    struct gql_validate_options opts = {0};
    opts.max_errors = 2;
    assert_int_equal(validate(fx, fx->harness, three_unknown, &opts), 3);
    assert_string_equal(fx->errors.items[1].message,
                        "Cannot query field \"secondUnknownField\" on type \"QueryRoot\".");
    assert_string_equal(fx->errors.items[2].message,
                        "Too many validation errors, error limit reached. Validation aborted.");
    assert_int_equal(fx->errors.items[2].location_count, 0);
}

static void
default_cap_is_100_errors(void **state)
{
    struct fixture *fx = *state;
    struct strbuf sb = STRBUF_INIT;
    strbuf_puts(&sb, "{");
    for (int i = 0; i < 300; i++)
        strbuf_printf(&sb, " unknown%d", i);
    strbuf_puts(&sb, " }");
    assert_int_equal(validate(fx, fx->harness, sb.data, NULL), 101);
    assert_string_equal(fx->errors.items[100].message,
                        "Too many validation errors, error limit reached. Validation aborted.");
    strbuf_free(&sb);
}

static void
suggestions_can_be_hidden(void **state)
{
    struct fixture *fx = *state;
    const char *doc =
        "{ dog { nam } pet { nickname } complicatedArgs { enumArgField(enumArg: brown) "
        "intArgField(intarg: 1) } human }";
    assert_int_equal(validate(fx, fx->harness, doc, NULL), 5);
    assert_string_equal(fx->errors.items[0].message,
                        "Cannot query field \"nam\" on type \"Dog\". Did you mean \"name\"?");
    assert_string_equal(fx->errors.items[1].message,
                        "Cannot query field \"nickname\" on type \"Pet\". Did you mean to use an "
                        "inline fragment on \"Cat\" or \"Dog\"?");
    struct gql_validate_options opts = {0};
    assert_string_equal(fx->errors.items[4].message,
                        "Field \"human\" of type \"Human\" must have a selection of subfields. Did "
                        "you mean \"human { ... }\"?");
    opts.hide_suggestions = true;
    assert_int_equal(validate(fx, fx->harness, doc, &opts), 5);
    for (uint32_t i = 0; i < fx->errors.count; i++)
        assert_null(strstr(fx->errors.items[i].message, "Did you mean"));
    assert_string_equal(fx->errors.items[0].message, "Cannot query field \"nam\" on type \"Dog\".");
    assert_string_equal(fx->errors.items[1].message,
                        "Cannot query field \"nickname\" on type \"Pet\".");
    assert_string_equal(fx->errors.items[2].message,
                        "Value \"brown\" does not exist in \"FurColor\" enum.");
    assert_string_equal(fx->errors.items[4].message,
                        "Field \"human\" of type \"Human\" must have a selection of subfields.");
}

/* A strict money scalar: only strings of digits with exactly two decimals. */
static int
money_parse_literal(struct gql_scalar_ctx *ctx,
                    const struct gql_value *literal,
                    struct gql_val *out)
{
    if (literal->node.kind != GQL_KIND_STRING_VALUE)
        return gql_scalar_fail(ctx, "Money must be a decimal string such as \"12.50\"");
    const char *s = literal->string.value;
    size_t n = literal->string.len, i = 0;
    while (i < n && s[i] >= '0' && s[i] <= '9')
        i++;
    if (i == 0 || i + 3 != n || s[i] != '.' || s[i + 1] < '0' || s[i + 1] > '9' || s[i + 2] < '0' ||
        s[i + 2] > '9')
        return gql_scalar_fail(ctx, "Money must have two decimals");
    memset(out, 0, sizeof(*out));
    return 0;
}

static void
custom_scalars_use_the_parse_literal_hook(void **state)
{
    struct fixture *fx = *state;
    static const char sdl[] = "scalar Money\n"
                              "input Pay { amount: Money! }\n"
                              "type Query { pay(amount: Money!, more: [Money], p: Pay): Int }\n";
    struct gql_schema *schema = gtu_schema(&fx->schema_arena, sdl);
    assert_non_null(schema);
    static const struct gql_scalar_ops money = {NULL, NULL, money_parse_literal};
    gql_error_list_init(&fx->errors, &fx->arena, NULL, 0);
    assert_int_equal(gql_schema_set_scalar(schema, "Money", &money, NULL, &fx->errors), 0);

    assert_int_equal(validate(fx,
                              schema,
                              "{ pay(amount: \"12.50\", more: [\"1.00\"], p: {amount: \"0.01\"}) }",
                              NULL),
                     0);
    assert_int_equal(validate(fx, schema, "{ pay(amount: 1.5) }", NULL), 1);
    assert_string_equal(fx->errors.items[0].message,
                        "Expected value of type \"Money!\", found 1.5; Money must be a decimal "
                        "string such as \"12.50\"");
    assert_int_equal(fx->errors.items[0].locations[0].column, 15);
    assert_int_equal(
        validate(fx, schema, "{ pay(amount: \"1\", more: [\"2.0\"], p: {amount: \"x\"}) }", NULL),
        3);
    assert_string_equal(
        fx->errors.items[0].message,
        "Expected value of type \"Money!\", found \"1\"; Money must have two decimals");
    assert_string_equal(
        fx->errors.items[1].message,
        "Expected value of type \"Money\", found \"2.0\"; Money must have two decimals");
    assert_string_equal(
        fx->errors.items[2].message,
        "Expected value of type \"Money!\", found \"x\"; Money must have two decimals");
    /* A variable is not a literal: its value is coerced at execution. */
    assert_int_equal(validate(fx, schema, "query ($m: Money!) { pay(amount: $m) }", NULL), 0);
}

static void
custom_scalars_without_hooks_accept_any_literal(void **state)
{
    struct fixture *fx = *state;
    static const char sdl[] = "scalar JSON\ntype Query { echo(v: JSON): JSON }\n";
    const struct gql_schema *schema = gtu_schema(&fx->schema_arena, sdl);
    assert_non_null(schema);
    assert_int_equal(
        validate(fx,
                 schema,
                 "query ($x: String) { echo(v: {a: [1, 2.5, \"s\", $x, ENUM, null]}) }",
                 NULL),
        0);
}

static void
documents_with_type_definitions_are_not_executable(void **state)
{
    struct fixture *fx = *state;
    assert_int_equal(validate(fx, fx->harness, "{ dog { name } }\ntype Cow { name: String }", NULL),
                     1);
    assert_string_equal(fx->errors.items[0].message, "The \"Cow\" definition is not executable.");
    assert_int_equal(fx->errors.items[0].locations[0].line, 2);
}

static void
wallet_dashboard_query_is_valid(void **state)
{
    struct fixture *fx = *state;
    size_t len;
    char *doc = gtu_read_source("test/fixtures/validation/corpus/wallet_dashboard.graphql", &len);
    assert_non_null(doc);
    int n = validate(fx, fx->wallet, doc, NULL);
    for (uint32_t i = 0; i < fx->errors.count; i++)
        fprintf(stderr, "%s\n", fx->errors.items[i].message);
    assert_int_equal(n, 0);
    free(doc);
}

static void
errors_follow_the_source_set_by_the_caller(void **state)
{
    struct fixture *fx = *state;
    /* errors->source NULL: gql_validate points it at the document. */
    arena_reset(&fx->arena);
    struct gql_error_list errors;
    gql_error_list_init(&errors, &fx->arena, NULL, 0);
    struct gql_document *doc;
    const char *text = "\n\n  { nope }";
    assert_int_equal(gql_parse(&fx->arena, text, strlen(text), NULL, &doc, &errors), 0);
    errors.source = NULL;
    assert_int_equal(gql_validate(fx->harness, doc, NULL, &fx->arena, &errors), 1);
    assert_int_equal(errors.items[0].locations[0].line, 3);
    assert_int_equal(errors.items[0].locations[0].column, 5);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(specified_rules_are_in_graphql_js_order),
        cmocka_unit_test(validates_queries),
        cmocka_unit_test(detects_unknown_fields_with_code_and_location),
        cmocka_unit_test(max_errors_equal_to_error_count),
        cmocka_unit_test(max_errors_below_error_count_aborts),
        cmocka_unit_test(default_cap_is_100_errors),
        cmocka_unit_test(suggestions_can_be_hidden),
        cmocka_unit_test(custom_scalars_use_the_parse_literal_hook),
        cmocka_unit_test(custom_scalars_without_hooks_accept_any_literal),
        cmocka_unit_test(documents_with_type_definitions_are_not_executable),
        cmocka_unit_test(wallet_dashboard_query_is_valid),
        cmocka_unit_test(errors_follow_the_source_set_by_the_caller),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
