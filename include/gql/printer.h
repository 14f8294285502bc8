/*
 * AST -> canonical GraphQL text, as graphql-js print() writes it (two-space indentation,
 * one selection per line, arguments on one line unless too long, block strings kept as
 * block strings, descriptions above definitions).
 *
 * Used by tests (print -> parse -> print round trips), to log the shape of an operation
 * (with redact_values set, every literal in an argument, variable default or directive
 * argument is replaced by a placeholder, so passwords written inline never reach a log), and
 * as the engine's one writer of GraphQL text: values and types in validation and coercion
 * messages, strings and descriptions in printed schemas and introspection default values.
 */
#ifndef WALLET_GQL_PRINTER_H
#define WALLET_GQL_PRINTER_H

#include "core/arena.h"
#include "core/strbuf.h"
#include "gql/ast.h"

#include <stdbool.h>

/* The placeholder printed instead of a literal value when redact_values is set. */
#define GQL_PRINT_REDACTED "\"<redacted>\""

struct gql_print_options {
    bool redact_values; /* print every literal value (not variables) as GQL_PRINT_REDACTED */
};

/*
 * Appends the text of node (any kind, usually a document) to out. opts may be NULL.
 * Recursion follows the AST depth, which the parser bounds.
 */
void
gql_print(const struct gql_node *node, const struct gql_print_options *opts, struct strbuf *out);

/* The text of node as gql_print writes it without options, as a NUL-terminated arena string
 * (for messages: graphql-js print(valueNode) in "found {a: 1}."). */
const char *gql_print_to_arena(struct arena *arena, const struct gql_node *node);

/* Appends s[0..len) as a quoted GraphQL string, escaped as graphql-js printString() does. */
void gql_print_string(struct strbuf *out, const char *s, size_t len);

/*
 * Appends s[0..len) as a block string, as graphql-js printBlockString() writes it (without
 * its minimize option); every line break inside is followed by indent spaces.
 */
void gql_print_block_string(struct strbuf *out, const char *s, size_t len, unsigned indent);

#endif
