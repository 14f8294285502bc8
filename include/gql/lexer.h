/*
 * The GraphQL lexer (GraphQL specification, October 2021, §2.1 Source Text).
 *
 * Splits a source text into tokens one at a time, skipping ignored tokens (byte order mark,
 * white space, line terminators, commas, comments). Tokens are slices of the source given by
 * byte offsets; string and block-string tokens also carry their decoded value, allocated in
 * the lexer's arena. The first lexical error stops the lexer with a message worded as
 * graphql-js words it (without the "Syntax Error: " prefix) and the offset it refers to.
 */
#ifndef WALLET_GQL_LEXER_H
#define WALLET_GQL_LEXER_H

#include "core/arena.h"

#include <stdint.h>

/* Token kinds, named after the spec's punctuators and lexical tokens (graphql-js TokenKind). */
enum gql_token_kind {
    GQL_TOK_EOF,          /* <EOF> */
    GQL_TOK_BANG,         /* ! */
    GQL_TOK_DOLLAR,       /* $ */
    GQL_TOK_AMP,          /* & */
    GQL_TOK_PAREN_L,      /* ( */
    GQL_TOK_PAREN_R,      /* ) */
    GQL_TOK_SPREAD,       /* ... */
    GQL_TOK_COLON,        /* : */
    GQL_TOK_EQUALS,       /* = */
    GQL_TOK_AT,           /* @ */
    GQL_TOK_BRACKET_L,    /* [ */
    GQL_TOK_BRACKET_R,    /* ] */
    GQL_TOK_BRACE_L,      /* { */
    GQL_TOK_PIPE,         /* | */
    GQL_TOK_BRACE_R,      /* } */
    GQL_TOK_NAME,         /* Name */
    GQL_TOK_INT,          /* IntValue */
    GQL_TOK_FLOAT,        /* FloatValue */
    GQL_TOK_STRING,       /* StringValue, "quoted" */
    GQL_TOK_BLOCK_STRING, /* StringValue, """block""" */
    GQL_TOK_KIND_COUNT    /* number of kinds; not a kind */
};

struct gql_token {
    enum gql_token_kind kind;
    uint32_t start;    /* byte offset of the first byte */
    uint32_t end;      /* byte offset just past the last byte */
    const char *value; /* STRING/BLOCK_STRING: decoded, NUL-terminated, arena; else NULL */
    uint32_t value_len;
};

struct gql_lexer {
    const char *src;       /* source text (not NUL-terminated necessarily) */
    uint32_t len;          /* source length in bytes */
    uint32_t pos;          /* offset of the next unread byte */
    struct arena *arena;   /* decoded strings */
    const char *error;     /* message of the lexical error, NULL when none */
    uint32_t error_offset; /* where the lexical error is located */
    char *pool;            /* string pool: unaligned NUL-terminated copies carved from arena */
    uint32_t pool_left;    /* bytes left in pool */
};

/* Prepares a lexer over src[0..len). len must be below UINT32_MAX. */
void gql_lexer_init(struct gql_lexer *lx, struct arena *arena, const char *src, uint32_t len);

/*
 * Reads the next token into *tok. Returns 0, or -1 on a lexical error (lx->error and
 * lx->error_offset describe it; the lexer must not be used further). At the end of input
 * returns GQL_TOK_EOF tokens forever.
 */
int gql_lexer_next(struct gql_lexer *lx, struct gql_token *tok);

/*
 * Copies s[0..n) plus a NUL into the lexer's string pool (arena memory packed without
 * alignment, so small names cost n + 1 bytes). Used for names and decoded strings.
 */
char *gql_lexer_copy(struct gql_lexer *lx, const char *s, uint32_t n);

/* The spec spelling of a kind as graphql-js prints it: "!", "...", "Name", "<EOF>". */
const char *gql_token_kind_name(enum gql_token_kind kind);

/* True for punctuators (printed quoted in messages: Expected "{"). */
int gql_token_kind_is_punctuator(enum gql_token_kind kind);

/*
 * Decodes a block string's raw content (between the triple quotes, with \""" unescaped by
 * the caller or not: this function turns \""" into """) per §2.9.4 BlockStringValue():
 * common indentation removed, leading and trailing blank lines dropped, line terminators
 * normalised to \n. Returns a NUL-terminated arena string and its length in *out_len.
 */
char *
gql_block_string_value(struct arena *arena, const char *raw, uint32_t raw_len, uint32_t *out_len);

#endif
