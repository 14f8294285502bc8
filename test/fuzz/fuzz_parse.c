/*
 * libFuzzer target for the GraphQL language phase: lexer, parser (any document, SDL only,
 * value, type), printer and visitor.
 *
 * Beyond "no crash, no sanitizer report", it checks invariants on every accepted document:
 * exactly one error on failure and none on success; printing is stable
 * (print(parse(print(doc))) == print(doc)); the visitor sees every node it enters leave.
 */
#include "core/arena.h"
#include "core/strbuf.h"
#include "fuzz_check.h"
#include "gql/ast.h"
#include "gql/error.h"
#include "gql/parser.h"
#include "gql/printer.h"
#include "gql/visitor.h"

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

struct balance {
    long depth;
    long nodes;
};

static int
on_enter(const struct gql_node *node, const struct gql_ancestors *anc, void *user)
{
    struct balance *b = user;
    if ((long)anc->count != b->depth)
        abort(); /* the ancestor chain must match the nesting */
    (void)node;
    b->depth++;
    b->nodes++;
    return 1;
}

static int
on_leave(const struct gql_node *node, const struct gql_ancestors *anc, void *user)
{
    struct balance *b = user;
    (void)node;
    b->depth--;
    if ((long)anc->count != b->depth)
        abort();
    return 0;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *src = (const char *)data;
    struct arena arena;
    arena_init(&arena, 0);
    struct gql_error_list errors;
    gql_error_list_init(&errors, &arena, src, size);
    struct gql_parse_options opts = {.max_depth = 64, .max_tokens = 50000};

    struct gql_document *doc = NULL;
    int rc = gql_parse(&arena, src, size, &opts, &doc, &errors);
    fuzz_check(rc == 0 ? errors.count == 0 && doc != NULL : errors.count == 1 && doc == NULL,
               "error count",
               data,
               size);
    if (rc != 0) {
        struct strbuf json = STRBUF_INIT;
        gql_errors_to_json(&errors, &json);
        strbuf_free(&json);
    } else {
        struct gql_visitor v = {.user = NULL};
        struct balance b = {0, 0};
        v.user = &b;
        for (int k = 0; k < GQL_KIND_COUNT; k++) {
            v.enter[k] = on_enter;
            v.leave[k] = on_leave;
        }
        fuzz_check(
            gql_visit(&doc->node, &v) == 0 && b.depth == 0 && b.nodes > 0, "visit", data, size);

        struct strbuf first = STRBUF_INIT, second = STRBUF_INIT, redacted = STRBUF_INIT;
        gql_print(&doc->node, NULL, &first);
        struct gql_document *again = NULL;
        struct gql_error_list errors2;
        gql_error_list_init(&errors2, &arena, first.data, first.len);
        struct gql_parse_options reparse = {.max_depth = 64};
        fuzz_check(gql_parse(&arena, first.data, first.len, &reparse, &again, &errors2) == 0,
                   "printed document parses",
                   data,
                   size);
        gql_print(&again->node, NULL, &second);
        fuzz_check(first.len == second.len && memcmp(first.data, second.data, first.len) == 0,
                   "print is stable",
                   data,
                   size);
        struct gql_print_options ro = {.redact_values = true};
        gql_print(&doc->node, &ro, &redacted);
        strbuf_free(&first);
        strbuf_free(&second);
        strbuf_free(&redacted);
    }

    /* The other entry points must hold up on the same bytes. */
    gql_error_list_clear(&errors);
    gql_parse_sdl(&arena, src, size, &opts, &doc, &errors);
    struct gql_value *value;
    gql_parse_value(&arena, src, size, &opts, size & 1, &value, &errors);
    struct gql_type *type;
    gql_parse_type(&arena, src, size, &opts, &type, &errors);
    if (size > 0)
        (void)gql_location_of(src, size, (uint32_t)(data[0] * size / 256));

    arena_free(&arena);
    return 0;
}
