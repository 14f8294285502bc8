/*
 * The GraphQL parser (GraphQL specification, October 2021, §2 Language and §3 Type System).
 *
 * Recursive descent over the lexer's tokens, one function per grammar production, building
 * the AST of include/gql/ast.h in the caller's arena. Parsing stops at the first syntax
 * error, which is recorded in the error list with its location, a message worded as
 * graphql-js words it ("Syntax Error: Expected Name, found \"}\".") and extensions.code
 * GRAPHQL_PARSE_FAILED.
 *
 * Hostile input: time is linear in the input size; recursion is bounded by max_depth (every
 * nested selection set, list or object value and list type counts one level), so a deep
 * document is a located syntax error, never a stack overflow; max_tokens bounds the work
 * spent before validation even starts (graphql-js ParseOptions.maxTokens).
 *
 * The grammar is the October 2021 specification's. graphql-js 16.15 also accepts newer,
 * not yet specified syntax, which we refuse: descriptions on operations, fragments and
 * variable definitions ("Unexpected description, descriptions are supported only on type
 * definitions.", graphql-js's wording before 16.15) and the DIRECTIVE_DEFINITION location.
 * Control characters inside strings and comments are allowed, as the 2021 specification
 * (SourceCharacter: any Unicode scalar value) and graphql-js 16 allow them.
 */
#ifndef WALLET_GQL_PARSER_H
#define WALLET_GQL_PARSER_H

#include "core/arena.h"
#include "gql/ast.h"
#include "gql/error.h"

#include <stddef.h>
#include <stdint.h>

/* Default nesting-depth cap when gql_parse_options.max_depth is 0. */
#define GQL_PARSE_DEFAULT_MAX_DEPTH 128
/* Largest accepted max_depth (keeps the recursion and the AST depth bounded). */
#define GQL_PARSE_MAX_DEPTH_LIMIT 1000

/* What a document may contain. */
enum gql_document_mode {
    GQL_DOC_ANY,        /* executable and type-system definitions (graphql-js parse) */
    GQL_DOC_EXECUTABLE, /* only operations and fragments; others are syntax errors */
    GQL_DOC_SCHEMA,     /* only type-system definitions and extensions (SDL) */
};

struct gql_parse_options {
    uint32_t max_depth;  /* nesting cap; 0 = GQL_PARSE_DEFAULT_MAX_DEPTH */
    uint32_t max_tokens; /* token cap (comments and <EOF> not counted); 0 = no cap */
    enum gql_document_mode mode;
};

/*
 * Parses src[0..len) (need not be NUL-terminated; must outlive the AST, which points into
 * it through gql_document.source) into *out, allocated in arena. opts may be NULL for the
 * defaults (depth 128, no token cap, GQL_DOC_ANY).
 *
 * Returns 0 on success. On a syntax error returns -1, sets *out to NULL and appends one error
 * (code GRAPHQL_PARSE_FAILED, one location computed against src whatever errors->source
 * is) to errors. Documents of 4 GiB or more are refused with an error.
 */
int gql_parse(struct arena *arena,
              const char *src,
              size_t len,
              const struct gql_parse_options *opts,
              struct gql_document **out,
              struct gql_error_list *errors);

/*
 * Parses a type-system document (SDL: schema, types, directives, extensions, descriptions)
 * as gql_parse does with mode GQL_DOC_SCHEMA; opts->mode is ignored. An executable
 * definition is a syntax error at its first token.
 */
int gql_parse_sdl(struct arena *arena,
                  const char *src,
                  size_t len,
                  const struct gql_parse_options *opts,
                  struct gql_document **out,
                  struct gql_error_list *errors);

/*
 * Parses one value literal (graphql-js parseValue), e.g. a default value or "[1, $x]".
 * is_const: variables are refused (§2.9 Value[Const]). The whole input must be consumed.
 */
int gql_parse_value(struct arena *arena,
                    const char *src,
                    size_t len,
                    const struct gql_parse_options *opts,
                    int is_const,
                    struct gql_value **out,
                    struct gql_error_list *errors);

/* Parses one type reference (graphql-js parseType), e.g. "[String!]!". */
int gql_parse_type(struct arena *arena,
                   const char *src,
                   size_t len,
                   const struct gql_parse_options *opts,
                   struct gql_type **out,
                   struct gql_error_list *errors);

#endif
