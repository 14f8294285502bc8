/*
 * libFuzzer target for the validation phase: parse the input as a GraphQL document and
 * validate it against the wallet's schema (schema/schema.graphql, embedded at build time),
 * once with graphql-js's defaults and once as production runs it (contract §3 limits first,
 * no suggestions, a small error cap).
 *
 * Beyond "no crash, no sanitizer report, no unbounded recursion", it checks invariants:
 * gql_validate returns the number of errors it appended; every error carries the validation
 * or limit code; locations are 1-based; production messages hold no "Did you mean"; the error
 * cap holds; and validating the same document twice gives the same errors.
 */
#include "core/arena.h"
#include "fuzz_check.h"
#include "gql/error.h"
#include "gql/parser.h"
#include "gql/schema.h"
#include "gql/validate.h"

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

extern const char wallet_schema_sdl[];
extern const unsigned long wallet_schema_sdl_len;

static struct arena schema_arena;
static struct gql_schema *schema;

static void
load_schema(void)
{
    arena_init(&schema_arena, 0);
    struct arena scratch;
    arena_init(&scratch, 0);
    struct gql_error_list errors;
    gql_error_list_init(&errors, &scratch, NULL, 0);
    if (gql_schema_build_from_sdl(
            &schema_arena, wallet_schema_sdl, wallet_schema_sdl_len, &schema, &errors) != 0) {
        fprintf(stderr, "the wallet schema does not build\n");
        abort();
    }
    arena_free(&scratch);
}

/* Validates and checks the invariants; returns the errors (in arena) for comparison. */
static struct gql_error_list
run(const struct gql_document *doc,
    const struct gql_validate_options *opts,
    struct arena *arena,
    const uint8_t *data,
    size_t size)
{
    struct gql_error_list errors;
    gql_error_list_init(&errors, arena, NULL, 0);
    int n = gql_validate(schema, doc, opts, arena, &errors);
    fuzz_check(
        n >= 0 && (uint32_t)n == errors.count, "return value is the error count", data, size);
    uint32_t cap = opts != NULL && opts->max_errors ? opts->max_errors : 100;
    fuzz_check(errors.count <= cap + 1, "error cap", data, size);
    for (uint32_t i = 0; i < errors.count; i++) {
        const struct gql_error *e = &errors.items[i];
        fuzz_check(e->code != NULL && (strcmp(e->code, GQL_CODE_VALIDATION_FAILED) == 0 ||
                                       strcmp(e->code, GQL_CODE_QUERY_TOO_COMPLEX) == 0),
                   "error code",
                   data,
                   size);
        fuzz_check(e->message != NULL && e->message[0] != '\0', "message", data, size);
        for (uint32_t j = 0; j < e->location_count; j++)
            fuzz_check(
                e->locations[j].line >= 1 && e->locations[j].column >= 1, "location", data, size);
        if (opts != NULL && opts->hide_suggestions)
            fuzz_check(strstr(e->message, "Did you mean") == NULL, "no suggestions", data, size);
    }
    return errors;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (schema == NULL)
        load_schema();
    struct arena arena;
    arena_init(&arena, 0);
    struct gql_error_list parse_errors;
    gql_error_list_init(&parse_errors, &arena, NULL, 0);
    struct gql_document *doc = NULL;
    if (gql_parse(&arena, (const char *)data, size, NULL, &doc, &parse_errors) == 0) {
        struct gql_error_list first = run(doc, NULL, &arena, data, size);
        struct gql_error_list again = run(doc, NULL, &arena, data, size);
        fuzz_check(first.count == again.count, "deterministic error count", data, size);
        for (uint32_t i = 0; i < first.count; i++)
            fuzz_check(strcmp(first.items[i].message, again.items[i].message) == 0,
                       "deterministic messages",
                       data,
                       size);

        static const struct gql_limits limits = GQL_LIMITS_CONTRACT;
        struct gql_validate_options production = {0};
        production.hide_suggestions = true;
        production.limits = &limits;
        production.max_errors = 10;
        run(doc, &production, &arena, data, size);
    }
    arena_free(&arena);
    return 0;
}
