/*
 * Unit tests for the validation rules (src/gql/validation/rules/): graphql-js v16's test cases
 * for each rule, ported as tables (test/fixtures/validation/cases/<rule>.inc: document,
 * expected messages with line:column), run one rule at a time against graphql-js's test
 * schema (test/fixtures/validation/harness.graphql) or the case's own SDL, as graphql-js's
 * expectValidationErrors does. Every mismatch is printed with the document; a test fails
 * when any of its rule's cases does.
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

struct validation_case {
    const char *title;
    const char *schema; /* SDL, NULL for the harness schema */
    const char *document;
    const char *expected; /* one line per error: message " @line:column"... */
};

#include "fixtures/validation/cases/executable_definitions.inc"
#include "fixtures/validation/cases/fields_on_correct_type.inc"
#include "fixtures/validation/cases/fragments_on_composite_types.inc"
#include "fixtures/validation/cases/known_argument_names.inc"
#include "fixtures/validation/cases/known_directives.inc"
#include "fixtures/validation/cases/known_fragment_names.inc"
#include "fixtures/validation/cases/known_type_names.inc"
#include "fixtures/validation/cases/lone_anonymous_operation.inc"
#include "fixtures/validation/cases/max_introspection_depth.inc"
#include "fixtures/validation/cases/no_fragment_cycles.inc"
#include "fixtures/validation/cases/no_undefined_variables.inc"
#include "fixtures/validation/cases/no_unused_fragments.inc"
#include "fixtures/validation/cases/no_unused_variables.inc"
#include "fixtures/validation/cases/overlapping_fields_can_be_merged.inc"
#include "fixtures/validation/cases/possible_fragment_spreads.inc"
#include "fixtures/validation/cases/provided_required_arguments.inc"
#include "fixtures/validation/cases/scalar_leafs.inc"
#include "fixtures/validation/cases/single_field_subscriptions.inc"
#include "fixtures/validation/cases/unique_argument_names.inc"
#include "fixtures/validation/cases/unique_directives_per_location.inc"
#include "fixtures/validation/cases/unique_fragment_names.inc"
#include "fixtures/validation/cases/unique_input_field_names.inc"
#include "fixtures/validation/cases/unique_operation_names.inc"
#include "fixtures/validation/cases/unique_variable_names.inc"
#include "fixtures/validation/cases/values_of_correct_type.inc"
#include "fixtures/validation/cases/variables_are_input_types.inc"
#include "fixtures/validation/cases/variables_in_allowed_position.inc"

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

/* Process-wide: the schemas live for the whole run. */
static struct arena schema_arena;
static const struct gql_schema *harness;

static int
setup(void **state)
{
    (void)state;
    arena_init(&schema_arena, 0);
    char *sdl = gtu_read_source("test/fixtures/validation/harness.graphql", NULL);
    if (sdl == NULL)
        return -1;
    harness = gtu_schema(&schema_arena, sdl);
    free(sdl);
    return harness != NULL ? 0 : -1;
}

static int
teardown(void **state)
{
    (void)state;
    arena_free(&schema_arena);
    return 0;
}

/* Appends the errors in the tables' format. */
static void
format_errors(const struct gql_error_list *errors, struct strbuf *out)
{
    for (uint32_t i = 0; i < errors->count; i++) {
        const struct gql_error *e = &errors->items[i];
        for (const char *p = e->message; *p; p++) {
            if (*p == '\\')
                strbuf_puts(out, "\\\\");
            else if (*p == '\n')
                strbuf_puts(out, "\\n");
            else
                strbuf_putc(out, *p);
        }
        for (uint32_t j = 0; j < e->location_count; j++)
            strbuf_printf(out, " @%u:%u", e->locations[j].line, e->locations[j].column);
        strbuf_putc(out, '\n');
    }
}

/* Runs one case; returns 0 when the errors are as expected. */
static int
run_case(const struct gql_rule *rule, const struct validation_case *c)
{
    const struct gql_schema *schema = harness;
    if (c->schema != NULL) {
        /* Custom schemas are built once each (tables reuse one string per schema). */
        static const char *built_sdl[64];
        static const struct gql_schema *built[64];
        static size_t nbuilt;
        schema = NULL;
        for (size_t i = 0; i < nbuilt; i++)
            if (built_sdl[i] == c->schema)
                schema = built[i];
        if (schema == NULL) {
            schema = gtu_schema(&schema_arena, c->schema);
            if (schema == NULL) {
                fprintf(stderr, "[%s] %s: schema does not build\n", rule->name, c->title);
                return 1;
            }
            if (nbuilt < COUNT(built)) {
                built_sdl[nbuilt] = c->schema;
                built[nbuilt++] = schema;
            }
        }
    }
    struct arena arena;
    arena_init(&arena, 0);
    struct gql_error_list errors;
    gql_error_list_init(&errors, &arena, NULL, 0);
    struct gql_document *doc = NULL;
    int failed = 0;
    struct strbuf got = STRBUF_INIT;
    if (gql_parse(&arena, c->document, strlen(c->document), NULL, &doc, &errors) != 0) {
        fprintf(
            stderr, "[%s] %s: does not parse: %s\n", rule->name, c->title, errors.items[0].message);
        failed = 1;
        goto out;
    }
    const struct gql_rule *rules[1] = {rule};
    struct gql_validate_options opts = {0};
    opts.rules = rules;
    opts.rule_count = 1;
    int n = gql_validate(schema, doc, &opts, &arena, &errors);
    format_errors(&errors, &got);
    if (n != (int)errors.count || strcmp(strbuf_cstr(&got), c->expected) != 0) {
        fprintf(stderr,
                "[%s] %s\n--- document:%s\n--- expected:\n%s--- got:\n%s\n",
                rule->name,
                c->title,
                c->document,
                c->expected,
                strbuf_cstr(&got));
        failed = 1;
    }
out:
    strbuf_free(&got);
    arena_free(&arena);
    return failed;
}

static void
run_table(const struct gql_rule *rule, const struct validation_case *cases, size_t n)
{
    int failures = 0;
    for (size_t i = 0; i < n; i++)
        failures += run_case(rule, &cases[i]);
    if (failures)
        fprintf(stderr, "%s: %d of %zu cases failed\n", rule->name, failures, n);
    assert_int_equal(failures, 0);
}

#define RULE_TEST(name)                                                                            \
    static void test_##name(void **state)                                                          \
    {                                                                                              \
        (void)state;                                                                               \
        run_table(&gql_rule_##name, name##_cases, COUNT(name##_cases));                            \
    }

RULE_TEST(executable_definitions)
RULE_TEST(unique_operation_names)
RULE_TEST(lone_anonymous_operation)
RULE_TEST(single_field_subscriptions)
RULE_TEST(known_type_names)
RULE_TEST(fragments_on_composite_types)
RULE_TEST(variables_are_input_types)
RULE_TEST(scalar_leafs)
RULE_TEST(fields_on_correct_type)
RULE_TEST(unique_fragment_names)
RULE_TEST(known_fragment_names)
RULE_TEST(no_unused_fragments)
RULE_TEST(possible_fragment_spreads)
RULE_TEST(no_fragment_cycles)
RULE_TEST(unique_variable_names)
RULE_TEST(no_undefined_variables)
RULE_TEST(no_unused_variables)
RULE_TEST(known_directives)
RULE_TEST(unique_directives_per_location)
RULE_TEST(known_argument_names)
RULE_TEST(unique_argument_names)
RULE_TEST(values_of_correct_type)
RULE_TEST(provided_required_arguments)
RULE_TEST(variables_in_allowed_position)
RULE_TEST(overlapping_fields_can_be_merged)
RULE_TEST(unique_input_field_names)
RULE_TEST(max_introspection_depth)

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_executable_definitions),
        cmocka_unit_test(test_unique_operation_names),
        cmocka_unit_test(test_lone_anonymous_operation),
        cmocka_unit_test(test_single_field_subscriptions),
        cmocka_unit_test(test_known_type_names),
        cmocka_unit_test(test_fragments_on_composite_types),
        cmocka_unit_test(test_variables_are_input_types),
        cmocka_unit_test(test_scalar_leafs),
        cmocka_unit_test(test_fields_on_correct_type),
        cmocka_unit_test(test_unique_fragment_names),
        cmocka_unit_test(test_known_fragment_names),
        cmocka_unit_test(test_no_unused_fragments),
        cmocka_unit_test(test_possible_fragment_spreads),
        cmocka_unit_test(test_no_fragment_cycles),
        cmocka_unit_test(test_unique_variable_names),
        cmocka_unit_test(test_no_undefined_variables),
        cmocka_unit_test(test_no_unused_variables),
        cmocka_unit_test(test_known_directives),
        cmocka_unit_test(test_unique_directives_per_location),
        cmocka_unit_test(test_known_argument_names),
        cmocka_unit_test(test_unique_argument_names),
        cmocka_unit_test(test_values_of_correct_type),
        cmocka_unit_test(test_provided_required_arguments),
        cmocka_unit_test(test_variables_in_allowed_position),
        cmocka_unit_test(test_overlapping_fields_can_be_merged),
        cmocka_unit_test(test_unique_input_field_names),
        cmocka_unit_test(test_max_introspection_depth),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
