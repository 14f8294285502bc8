/*
 * The GraphQL parser (GraphQL specification, October 2021, §2 Language, §3 Type System).
 *
 * Recursive descent with one static function per grammar production, named after
 * graphql-js's parser.ts methods (parse_document, parse_definition, parse_field, ...), over
 * a one-token lookahead lexer. Nodes are allocated in the caller's arena; child lists are
 * collected on one scratch stack and copied into exact-size arena arrays when complete, so
 * building the AST costs no per-node malloc and no array regrowth.
 *
 * Errors: the first syntax error stops the parse. Every parse function returns its node (or
 * 0/-1 for int helpers) and NULL after an error; callers return at once. Messages follow
 * graphql-js 16 word for word ("Expected Name, found \"}\".").
 *
 * Bounds: each nested selection set, list value, object value and list type counts one
 * level against max_depth, which also bounds the recursion; max_tokens bounds the work.
 */
#include "gql/parser.h"

#include "gql/lexer.h"

#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct parser {
    struct gql_lexer lx;
    struct arena *arena;
    const char *src;
    uint32_t len;
    struct gql_token tok;   /* current token */
    struct gql_token ahead; /* the token after tok, when has_ahead */
    int has_ahead;
    uint32_t prev_end; /* end of the last consumed token: where a finished node ends */
    struct gql_error_list *errors;
    int failed;          /* an error was recorded */
    uint32_t depth;      /* current nesting */
    uint32_t max_depth;  /* nesting cap */
    uint32_t tokens;     /* tokens read so far */
    uint32_t max_tokens; /* token cap, 0 = none */
    enum gql_document_mode mode;
    void **stack; /* scratch stack of list items under construction */
    size_t top;
    size_t cap;
};

/*------------------------------------------------------------------------------------------
 * Errors
 *----------------------------------------------------------------------------------------*/

static void syntax_error(struct parser *p, uint32_t offset, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* Records "Syntax Error: <message>" located at offset (only the first error counts). */
static void
syntax_error(struct parser *p, uint32_t offset, const char *fmt, ...)
{
    if (p->failed)
        return;
    p->failed = 1;
    va_list ap;
    va_start(ap, fmt);
    const char *msg = gql_format_v(p->arena, fmt, ap);
    va_end(ap);
    struct gql_error *e = gql_error_add(p->errors, GQL_CODE_PARSE_FAILED, "Syntax Error: %s", msg);
    gql_error_add_line_column(p->errors, e, gql_location_of(p->src, p->len, offset));
}

/* The token's text for messages: decoded value for strings, source text otherwise. */
static const char *
token_text(const struct parser *p, const struct gql_token *t, uint32_t *len)
{
    if (t->kind == GQL_TOK_STRING || t->kind == GQL_TOK_BLOCK_STRING) {
        *len = t->value_len;
        return t->value;
    }
    *len = t->end - t->start;
    return p->src + t->start;
}

/*
 * graphql-js getTokenDesc(): the kind ("Name", or a quoted punctuator "{"), followed by the
 * token's value in quotes when it has one: Name "foo", "}", <EOF>.
 */
static const char *
token_desc(struct parser *p, const struct gql_token *t)
{
    const char *kind = gql_token_kind_name(t->kind);
    if (gql_token_kind_is_punctuator(t->kind))
        return arena_sprintf(p->arena, "\"%s\"", kind);
    if (t->kind == GQL_TOK_EOF)
        return kind;
    uint32_t len;
    const char *text = token_text(p, t, &len);
    return arena_sprintf(p->arena, "%s \"%.*s\"", kind, (int)len, text);
}

/* graphql-js unexpected(): "Unexpected <token>." at the token. */
static void
unexpected(struct parser *p, const struct gql_token *t)
{
    if (t == NULL)
        t = &p->tok;
    syntax_error(p, t->start, "Unexpected %s.", token_desc(p, t));
}

static void
lexer_failed(struct parser *p)
{
    syntax_error(p, p->lx.error_offset, "%s", p->lx.error);
}

/*------------------------------------------------------------------------------------------
 * Tokens
 *----------------------------------------------------------------------------------------*/

/* Consumes the current token and reads the next one (graphql-js advanceLexer). */
static int
advance(struct parser *p)
{
    p->prev_end = p->tok.end;
    if (p->has_ahead) {
        p->tok = p->ahead;
        p->has_ahead = 0;
    } else if (gql_lexer_next(&p->lx, &p->tok) < 0) {
        lexer_failed(p);
        return -1;
    }
    if (p->tok.kind != GQL_TOK_EOF) {
        p->tokens++;
        if (p->max_tokens != 0 && p->tokens > p->max_tokens) {
            /* graphql-js spells this message "more that"; kept verbatim for clients. */
            syntax_error(p,
                         p->tok.start,
                         "Document contains more that %u tokens. Parsing aborted.",
                         (unsigned)p->max_tokens);
            return -1;
        }
    }
    return 0;
}

/* The token after the current one, without consuming (graphql-js lexer.lookahead()). */
static const struct gql_token *
lookahead(struct parser *p)
{
    if (!p->has_ahead) {
        if (p->tok.kind == GQL_TOK_EOF)
            return &p->tok;
        if (gql_lexer_next(&p->lx, &p->ahead) < 0) {
            lexer_failed(p);
            return NULL;
        }
        p->has_ahead = 1;
    }
    return &p->ahead;
}

static inline int
peek(const struct parser *p, enum gql_token_kind kind)
{
    return p->tok.kind == kind;
}

/* True when t is the name kw (kw_len bytes). */
static inline int
token_is_keyword_n(const struct parser *p, const struct gql_token *t, const char *kw, size_t kw_len)
{
    return t->kind == GQL_TOK_NAME && t->end - t->start == kw_len &&
           memcmp(p->src + t->start, kw, kw_len) == 0;
}

/* True when t is the name kw, a string literal. */
#define token_is_keyword(p, t, kw) token_is_keyword_n((p), (t), "" kw, sizeof(kw) - 1)

/* True when t's value (any kind with a value) equals s: graphql-js `token.value === s`. */
static int
token_value_is(const struct parser *p, const struct gql_token *t, const char *s)
{
    if (t->kind != GQL_TOK_NAME && t->kind != GQL_TOK_INT && t->kind != GQL_TOK_FLOAT &&
        t->kind != GQL_TOK_STRING && t->kind != GQL_TOK_BLOCK_STRING)
        return 0;
    uint32_t len;
    const char *text = token_text(p, t, &len);
    size_t n = strlen(s);
    return len == n && memcmp(text, s, n) == 0;
}

/* Consumes a token of the kind, or fails with "Expected X, found Y.". */
static int
expect(struct parser *p, enum gql_token_kind kind)
{
    if (p->tok.kind == kind)
        return advance(p);
    const char *want = gql_token_kind_name(kind);
    if (gql_token_kind_is_punctuator(kind))
        syntax_error(p, p->tok.start, "Expected \"%s\", found %s.", want, token_desc(p, &p->tok));
    else
        syntax_error(p, p->tok.start, "Expected %s, found %s.", want, token_desc(p, &p->tok));
    return -1;
}

/* Consumes a token of the kind if there is one: 1 consumed, 0 not there, -1 error. */
static int
expect_optional(struct parser *p, enum gql_token_kind kind)
{
    if (p->tok.kind != kind)
        return 0;
    return advance(p) < 0 ? -1 : 1;
}

/* Consumes the keyword, or fails with `Expected "kw", found Y.`. */
static int
expect_keyword(struct parser *p, const char *kw)
{
    if (token_is_keyword_n(p, &p->tok, kw, strlen(kw)))
        return advance(p);
    syntax_error(p, p->tok.start, "Expected \"%s\", found %s.", kw, token_desc(p, &p->tok));
    return -1;
}

/* Consumes the keyword if present: 1 consumed, 0 not there, -1 error. */
static int
expect_optional_keyword(struct parser *p, const char *kw)
{
    if (!token_is_keyword_n(p, &p->tok, kw, strlen(kw)))
        return 0;
    return advance(p) < 0 ? -1 : 1;
}

/* Enters one nesting level (selection set, list, object, list type). */
static int
enter_level(struct parser *p)
{
    if (++p->depth > p->max_depth) {
        syntax_error(p,
                     p->tok.start,
                     "Document exceeds the maximum nesting depth of %u. Parsing aborted.",
                     (unsigned)p->max_depth);
        return -1;
    }
    return 0;
}

static void
leave_level(struct parser *p)
{
    p->depth--;
}

/*------------------------------------------------------------------------------------------
 * Nodes and lists
 *----------------------------------------------------------------------------------------*/

/* A zeroed node of the given struct type whose header says kind, starting at start. */
#define NEW_NODE(p, type, k, start_offset)                                                         \
    ((type *)new_node((p), sizeof(type), (k), (start_offset)))

static void *
new_node(struct parser *p, size_t size, enum gql_kind kind, uint32_t start)
{
    struct gql_node *n = arena_calloc(p->arena, 1, size);
    n->kind = kind;
    n->start = start;
    n->end = start;
    return n;
}

/* Marks a node complete: it ends where the last consumed token ended. */
static inline void
finish(struct parser *p, struct gql_node *n)
{
    n->end = p->prev_end;
}

static void
push(struct parser *p, void *item)
{
    if (p->top == p->cap) {
        size_t cap = p->cap ? p->cap * 2 : 64;
        void **s = realloc(p->stack, cap * sizeof(*s));
        if (s == NULL) {
            fputs("{\"level\":\"fatal\",\"msg\":\"out of memory\"}\n", stderr);
            abort();
        }
        p->stack = s;
        p->cap = cap;
    }
    p->stack[p->top++] = item;
}

/* Moves the items pushed since base into an exact-size arena array of list's item type. */
#define LIST_FINISH(p, base, list)                                                                 \
    do {                                                                                           \
        size_t n_ = (p)->top - (base);                                                             \
        (list)->count = (uint32_t)n_;                                                              \
        (list)->items = NULL;                                                                      \
        if (n_ != 0) {                                                                             \
            (list)->items = arena_alloc((p)->arena, n_ * sizeof(*(list)->items));                  \
            for (size_t i_ = 0; i_ < n_; i_++)                                                     \
                (list)->items[i_] = (p)->stack[(base) + i_];                                       \
        }                                                                                          \
        (p)->top = (base);                                                                         \
    } while (0)

/*------------------------------------------------------------------------------------------
 * Productions
 *----------------------------------------------------------------------------------------*/

/*
 * The bracketed lists of the grammar. Each has its brackets, its item production and its
 * form (graphql-js any / many / optionalMany); see list_syntax[].
 */
enum list_kind {
    LIST_VALUES,                    /* ListValue :: [ Value* ] (§2.9.7) */
    LIST_OBJECT_FIELDS,             /* ObjectValue :: { ObjectField* } (§2.9.8) */
    LIST_ARGUMENTS,                 /* Arguments :: ( Argument+ ) (§2.6) */
    LIST_VARIABLE_DEFINITIONS,      /* VariableDefinitions :: ( VariableDefinition+ ) (§2.10) */
    LIST_SELECTIONS,                /* SelectionSet :: { Selection+ } (§2.4) */
    LIST_ARGUMENTS_DEFINITION,      /* ArgumentsDefinition :: ( InputValueDefinition+ ) */
    LIST_INPUT_FIELDS_DEFINITION,   /* InputFieldsDefinition :: { InputValueDefinition+ } */
    LIST_FIELDS_DEFINITION,         /* FieldsDefinition :: { FieldDefinition+ } (§3.6) */
    LIST_ENUM_VALUES_DEFINITION,    /* EnumValuesDefinition :: { EnumValueDefinition+ } */
    LIST_OPERATION_TYPES,           /* { RootOperationTypeDefinition+ } (§3.3) */
    LIST_OPERATION_TYPES_EXTENSION, /* the same, optional in a SchemaExtension (§3.3.2) */
};

enum list_form {
    FORM_ANY,           /* open item* close */
    FORM_MANY,          /* open item+ close */
    FORM_OPTIONAL_MANY, /* nothing, or open item+ close */
};

static const struct {
    enum gql_token_kind open, close;
    enum list_form form;
    bool nests; /* counts one level against max_depth */
} list_syntax[] = {
    [LIST_VALUES] = {GQL_TOK_BRACKET_L, GQL_TOK_BRACKET_R, FORM_ANY, true},
    [LIST_OBJECT_FIELDS] = {GQL_TOK_BRACE_L, GQL_TOK_BRACE_R, FORM_ANY, true},
    [LIST_ARGUMENTS] = {GQL_TOK_PAREN_L, GQL_TOK_PAREN_R, FORM_OPTIONAL_MANY, false},
    [LIST_VARIABLE_DEFINITIONS] = {GQL_TOK_PAREN_L, GQL_TOK_PAREN_R, FORM_OPTIONAL_MANY, false},
    [LIST_SELECTIONS] = {GQL_TOK_BRACE_L, GQL_TOK_BRACE_R, FORM_MANY, true},
    [LIST_ARGUMENTS_DEFINITION] = {GQL_TOK_PAREN_L, GQL_TOK_PAREN_R, FORM_OPTIONAL_MANY, false},
    [LIST_INPUT_FIELDS_DEFINITION] = {GQL_TOK_BRACE_L, GQL_TOK_BRACE_R, FORM_OPTIONAL_MANY, false},
    [LIST_FIELDS_DEFINITION] = {GQL_TOK_BRACE_L, GQL_TOK_BRACE_R, FORM_OPTIONAL_MANY, false},
    [LIST_ENUM_VALUES_DEFINITION] = {GQL_TOK_BRACE_L, GQL_TOK_BRACE_R, FORM_OPTIONAL_MANY, false},
    [LIST_OPERATION_TYPES] = {GQL_TOK_BRACE_L, GQL_TOK_BRACE_R, FORM_MANY, false},
    [LIST_OPERATION_TYPES_EXTENSION] = {GQL_TOK_BRACE_L,
                                        GQL_TOK_BRACE_R,
                                        FORM_OPTIONAL_MANY,
                                        false},
};

static inline void *parse_list_item(struct parser *p, enum list_kind kind, int is_const)
    __attribute__((always_inline));
static struct gql_value *parse_value_literal(struct parser *p, int is_const);
static int parse_directives(struct parser *p, int is_const, struct gql_directive_list *out);

/*
 * Reads the list `kind`, pushing its items on the scratch stack above the current top; the
 * caller moves them into its node with LIST_FINISH. Returns 0, or -1 after an error. An
 * absent optional list pushes nothing (LIST_FINISH then gives the empty list).
 */
static int
parse_list(struct parser *p, enum list_kind kind, int is_const)
{
    const enum gql_token_kind close = list_syntax[kind].close;
    if (list_syntax[kind].nests && enter_level(p) < 0)
        return -1;
    if (list_syntax[kind].form == FORM_OPTIONAL_MANY) {
        int open = expect_optional(p, list_syntax[kind].open);
        if (open <= 0)
            return open;
    } else if (expect(p, list_syntax[kind].open) < 0) {
        return -1;
    }
    int done = list_syntax[kind].form == FORM_ANY ? expect_optional(p, close) : 0;
    while (done == 0) {
        void *item = parse_list_item(p, kind, is_const);
        if (item == NULL)
            return -1;
        push(p, item);
        done = expect_optional(p, close);
    }
    if (done < 0)
        return -1;
    if (list_syntax[kind].nests)
        leave_level(p);
    return 0;
}

/*
 * graphql-js delimitedMany: `delim? item (delim item)*`, items pushed as parse_list does.
 * item: parse_named_type or parse_directive_location.
 */
static int
parse_delimited(struct parser *p, enum gql_token_kind delim, void *(*item)(struct parser *p))
{
    int more = expect_optional(p, delim);
    while (more >= 0) {
        void *x = item(p);
        if (x == NULL)
            return -1;
        push(p, x);
        if ((more = expect_optional(p, delim)) == 0)
            return 0;
    }
    return -1;
}

/* Name (§2.1.9). */
static int
parse_name(struct parser *p, struct gql_name *out)
{
    if (!peek(p, GQL_TOK_NAME))
        return expect(p, GQL_TOK_NAME);
    out->node.kind = GQL_KIND_NAME;
    out->node.start = p->tok.start;
    out->node.end = p->tok.end;
    out->len = p->tok.end - p->tok.start;
    out->value = gql_lexer_copy(&p->lx, p->src + p->tok.start, out->len);
    return advance(p);
}

/* Variable :: $ Name (§2.10). */
static struct gql_value *
parse_variable(struct parser *p)
{
    struct gql_value *v = NEW_NODE(p, struct gql_value, GQL_KIND_VARIABLE, p->tok.start);
    if (expect(p, GQL_TOK_DOLLAR) < 0 || parse_name(p, &v->name) < 0)
        return NULL;
    finish(p, &v->node);
    return v;
}

/* NamedType :: Name (§2.11). */
static struct gql_type *
parse_named_type(struct parser *p)
{
    struct gql_type *t = NEW_NODE(p, struct gql_type, GQL_KIND_NAMED_TYPE, p->tok.start);
    if (parse_name(p, &t->name) < 0)
        return NULL;
    finish(p, &t->node);
    return t;
}

/* parse_named_type as a parse_delimited item. */
static void *
parse_named_type_item(struct parser *p)
{
    return parse_named_type(p);
}

/* Type :: NamedType | ListType | NonNullType (§2.11). */
static struct gql_type *
parse_type_reference(struct parser *p)
{
    uint32_t start = p->tok.start;
    struct gql_type *type;
    if (peek(p, GQL_TOK_BRACKET_L)) {
        if (enter_level(p) < 0 || advance(p) < 0)
            return NULL;
        struct gql_type *inner = parse_type_reference(p);
        if (inner == NULL || expect(p, GQL_TOK_BRACKET_R) < 0)
            return NULL;
        leave_level(p);
        type = NEW_NODE(p, struct gql_type, GQL_KIND_LIST_TYPE, start);
        type->of_type = inner;
        finish(p, &type->node);
    } else {
        type = parse_named_type(p);
        if (type == NULL)
            return NULL;
    }
    int bang = expect_optional(p, GQL_TOK_BANG);
    if (bang < 0)
        return NULL;
    if (bang) {
        struct gql_type *nn = NEW_NODE(p, struct gql_type, GQL_KIND_NON_NULL_TYPE, start);
        nn->of_type = type;
        finish(p, &nn->node);
        return nn;
    }
    return type;
}

/* StringValue as a node (also descriptions). */
static struct gql_value *
parse_string_literal(struct parser *p)
{
    struct gql_value *v = NEW_NODE(p, struct gql_value, GQL_KIND_STRING_VALUE, p->tok.start);
    v->string.value = p->tok.value;
    v->string.len = p->tok.value_len;
    v->string.block = p->tok.kind == GQL_TOK_BLOCK_STRING;
    if (advance(p) < 0)
        return NULL;
    finish(p, &v->node);
    return v;
}

/* ObjectField :: Name : Value (§2.9.8). */
static struct gql_object_field *
parse_object_field(struct parser *p, int is_const)
{
    struct gql_object_field *f =
        NEW_NODE(p, struct gql_object_field, GQL_KIND_OBJECT_FIELD, p->tok.start);
    if (parse_name(p, &f->name) < 0 || expect(p, GQL_TOK_COLON) < 0)
        return NULL;
    if ((f->value = parse_value_literal(p, is_const)) == NULL)
        return NULL;
    finish(p, &f->node);
    return f;
}

/* ListValue :: [ Value* ] (§2.9.7) and ObjectValue :: { ObjectField* } (§2.9.8). */
static struct gql_value *
parse_list_or_object(struct parser *p, int is_const)
{
    int is_list = peek(p, GQL_TOK_BRACKET_L);
    struct gql_value *v = NEW_NODE(
        p, struct gql_value, is_list ? GQL_KIND_LIST_VALUE : GQL_KIND_OBJECT_VALUE, p->tok.start);
    size_t base = p->top;
    if (parse_list(p, is_list ? LIST_VALUES : LIST_OBJECT_FIELDS, is_const) < 0)
        return NULL;
    if (is_list)
        LIST_FINISH(p, base, &v->list);
    else
        LIST_FINISH(p, base, &v->object);
    finish(p, &v->node);
    return v;
}

/* Value[Const] (§2.9). */
static struct gql_value *
parse_value_literal(struct parser *p, int is_const)
{
    const struct gql_token t = p->tok;
    struct gql_value *v;
    switch (t.kind) {
    case GQL_TOK_BRACKET_L:
    case GQL_TOK_BRACE_L:
        return parse_list_or_object(p, is_const);
    case GQL_TOK_INT:
    case GQL_TOK_FLOAT:
        v = NEW_NODE(p,
                     struct gql_value,
                     t.kind == GQL_TOK_INT ? GQL_KIND_INT_VALUE : GQL_KIND_FLOAT_VALUE,
                     t.start);
        v->number.len = t.end - t.start;
        v->number.text = gql_lexer_copy(&p->lx, p->src + t.start, v->number.len);
        if (advance(p) < 0)
            return NULL;
        finish(p, &v->node);
        return v;
    case GQL_TOK_STRING:
    case GQL_TOK_BLOCK_STRING:
        return parse_string_literal(p);
    case GQL_TOK_NAME:
        if (token_is_keyword(p, &t, "true") || token_is_keyword(p, &t, "false")) {
            v = NEW_NODE(p, struct gql_value, GQL_KIND_BOOLEAN_VALUE, t.start);
            v->boolean = p->src[t.start] == 't';
        } else if (token_is_keyword(p, &t, "null")) {
            v = NEW_NODE(p, struct gql_value, GQL_KIND_NULL_VALUE, t.start);
        } else {
            v = NEW_NODE(p, struct gql_value, GQL_KIND_ENUM_VALUE, t.start);
            if (parse_name(p, &v->name) < 0)
                return NULL;
            finish(p, &v->node);
            return v;
        }
        if (advance(p) < 0)
            return NULL;
        finish(p, &v->node);
        return v;
    case GQL_TOK_DOLLAR:
        if (is_const) {
            if (advance(p) < 0)
                return NULL;
            if (peek(p, GQL_TOK_NAME)) {
                syntax_error(p,
                             t.start,
                             "Unexpected variable \"$%.*s\" in constant value.",
                             (int)(p->tok.end - p->tok.start),
                             p->src + p->tok.start);
            } else {
                unexpected(p, &t);
            }
            return NULL;
        }
        return parse_variable(p);
    default:
        unexpected(p, NULL);
        return NULL;
    }
}

/* Argument :: Name : Value (§2.6). */
static struct gql_argument *
parse_argument(struct parser *p, int is_const)
{
    struct gql_argument *a = NEW_NODE(p, struct gql_argument, GQL_KIND_ARGUMENT, p->tok.start);
    if (parse_name(p, &a->name) < 0 || expect(p, GQL_TOK_COLON) < 0)
        return NULL;
    if ((a->value = parse_value_literal(p, is_const)) == NULL)
        return NULL;
    finish(p, &a->node);
    return a;
}

/* Arguments :: ( Argument+ ) (§2.6), optional. */
static int
parse_arguments(struct parser *p, int is_const, struct gql_argument_list *out)
{
    size_t base = p->top;
    if (parse_list(p, LIST_ARGUMENTS, is_const) < 0)
        return -1;
    LIST_FINISH(p, base, out);
    return 0;
}

/* Directive :: @ Name Arguments? (§2.12). */
static struct gql_directive *
parse_directive(struct parser *p, int is_const)
{
    struct gql_directive *d = NEW_NODE(p, struct gql_directive, GQL_KIND_DIRECTIVE, p->tok.start);
    if (expect(p, GQL_TOK_AT) < 0 || parse_name(p, &d->name) < 0 ||
        parse_arguments(p, is_const, &d->arguments) < 0)
        return NULL;
    finish(p, &d->node);
    return d;
}

/* Directives :: Directive+ (§2.12), optional. */
static int
parse_directives(struct parser *p, int is_const, struct gql_directive_list *out)
{
    size_t base = p->top;
    while (peek(p, GQL_TOK_AT)) {
        struct gql_directive *d = parse_directive(p, is_const);
        if (d == NULL)
            return -1;
        push(p, d);
    }
    LIST_FINISH(p, base, out);
    return 0;
}

/* DefaultValue :: = Value[Const] (§2.10, §3.6.1), optional: *out stays NULL when absent. */
static int
parse_default_value(struct parser *p, struct gql_value **out)
{
    int eq = expect_optional(p, GQL_TOK_EQUALS);
    if (eq <= 0)
        return eq;
    return (*out = parse_value_literal(p, 1)) == NULL ? -1 : 0;
}

/* VariableDefinition :: Variable : Type DefaultValue? Directives[Const]? (§2.10). */
static struct gql_variable_definition *
parse_variable_definition(struct parser *p)
{
    struct gql_variable_definition *d =
        NEW_NODE(p, struct gql_variable_definition, GQL_KIND_VARIABLE_DEFINITION, p->tok.start);
    if ((d->variable = parse_variable(p)) == NULL || expect(p, GQL_TOK_COLON) < 0 ||
        (d->type = parse_type_reference(p)) == NULL ||
        parse_default_value(p, &d->default_value) < 0 || parse_directives(p, 1, &d->directives) < 0)
        return NULL;
    finish(p, &d->node);
    return d;
}

/* SelectionSet :: { Selection+ } (§2.4). */
static struct gql_selection_set *
parse_selection_set(struct parser *p)
{
    struct gql_selection_set *s =
        NEW_NODE(p, struct gql_selection_set, GQL_KIND_SELECTION_SET, p->tok.start);
    size_t base = p->top;
    if (parse_list(p, LIST_SELECTIONS, 0) < 0)
        return NULL;
    LIST_FINISH(p, base, &s->selections);
    finish(p, &s->node);
    return s;
}

/* Field :: Alias? Name Arguments? Directives? SelectionSet? (§2.5). */
static struct gql_field *
parse_field(struct parser *p)
{
    struct gql_field *f = NEW_NODE(p, struct gql_field, GQL_KIND_FIELD, p->tok.start);
    if (parse_name(p, &f->name) < 0)
        return NULL;
    int colon = expect_optional(p, GQL_TOK_COLON);
    if (colon < 0)
        return NULL;
    if (colon) {
        f->alias = f->name;
        if (parse_name(p, &f->name) < 0)
            return NULL;
    }
    if (parse_arguments(p, 0, &f->arguments) < 0 || parse_directives(p, 0, &f->directives) < 0)
        return NULL;
    if (peek(p, GQL_TOK_BRACE_L) && (f->selection_set = parse_selection_set(p)) == NULL)
        return NULL;
    finish(p, &f->node);
    return f;
}

/* FragmentName :: Name but not `on` (§2.8). */
static int
parse_fragment_name(struct parser *p, struct gql_name *out)
{
    if (token_value_is(p, &p->tok, "on")) {
        unexpected(p, NULL);
        return -1;
    }
    return parse_name(p, out);
}

/* FragmentSpread :: ... FragmentName Directives?; InlineFragment (§2.8, §2.8.2). */
static struct gql_node *
parse_fragment(struct parser *p)
{
    uint32_t start = p->tok.start;
    if (expect(p, GQL_TOK_SPREAD) < 0)
        return NULL;
    int has_type_condition = expect_optional_keyword(p, "on");
    if (has_type_condition < 0)
        return NULL;
    if (!has_type_condition && peek(p, GQL_TOK_NAME)) {
        struct gql_fragment_spread *s =
            NEW_NODE(p, struct gql_fragment_spread, GQL_KIND_FRAGMENT_SPREAD, start);
        if (parse_fragment_name(p, &s->name) < 0 || parse_directives(p, 0, &s->directives) < 0)
            return NULL;
        finish(p, &s->node);
        return &s->node;
    }
    struct gql_inline_fragment *f =
        NEW_NODE(p, struct gql_inline_fragment, GQL_KIND_INLINE_FRAGMENT, start);
    if (has_type_condition && (f->type_condition = parse_named_type(p)) == NULL)
        return NULL;
    if (parse_directives(p, 0, &f->directives) < 0 ||
        (f->selection_set = parse_selection_set(p)) == NULL)
        return NULL;
    finish(p, &f->node);
    return &f->node;
}

/* Selection :: Field | FragmentSpread | InlineFragment (§2.4). */
static struct gql_node *
parse_selection(struct parser *p)
{
    if (peek(p, GQL_TOK_SPREAD))
        return parse_fragment(p);
    struct gql_field *f = parse_field(p);
    return f ? &f->node : NULL;
}

/* OperationType :: one of query mutation subscription (§2.3). */
static int
parse_operation_type(struct parser *p, enum gql_operation_type *out)
{
    struct gql_token t = p->tok;
    if (expect(p, GQL_TOK_NAME) < 0)
        return -1;
    if (token_is_keyword(p, &t, "query"))
        *out = GQL_OP_QUERY;
    else if (token_is_keyword(p, &t, "mutation"))
        *out = GQL_OP_MUTATION;
    else if (token_is_keyword(p, &t, "subscription"))
        *out = GQL_OP_SUBSCRIPTION;
    else {
        unexpected(p, &t);
        return -1;
    }
    return 0;
}

/* OperationDefinition (§2.3), including the `{ ... }` shorthand. */
static struct gql_node *
parse_operation_definition(struct parser *p)
{
    struct gql_operation_definition *op =
        NEW_NODE(p, struct gql_operation_definition, GQL_KIND_OPERATION_DEFINITION, p->tok.start);
    op->operation = GQL_OP_QUERY;
    if (!peek(p, GQL_TOK_BRACE_L)) {
        if (parse_operation_type(p, &op->operation) < 0)
            return NULL;
        if (peek(p, GQL_TOK_NAME) && parse_name(p, &op->name) < 0)
            return NULL;
        size_t base = p->top;
        if (parse_list(p, LIST_VARIABLE_DEFINITIONS, 0) < 0)
            return NULL;
        LIST_FINISH(p, base, &op->variable_definitions);
        if (parse_directives(p, 0, &op->directives) < 0)
            return NULL;
    }
    if ((op->selection_set = parse_selection_set(p)) == NULL)
        return NULL;
    finish(p, &op->node);
    return &op->node;
}

/* FragmentDefinition :: fragment FragmentName TypeCondition Directives? SelectionSet (§2.8). */
static struct gql_node *
parse_fragment_definition(struct parser *p)
{
    struct gql_fragment_definition *f =
        NEW_NODE(p, struct gql_fragment_definition, GQL_KIND_FRAGMENT_DEFINITION, p->tok.start);
    if (expect_keyword(p, "fragment") < 0 || parse_fragment_name(p, &f->name) < 0 ||
        expect_keyword(p, "on") < 0 || (f->type_condition = parse_named_type(p)) == NULL ||
        parse_directives(p, 0, &f->directives) < 0 ||
        (f->selection_set = parse_selection_set(p)) == NULL)
        return NULL;
    finish(p, &f->node);
    return &f->node;
}

/*------------------------------------------------------------------------------------------
 * Type system (§3)
 *----------------------------------------------------------------------------------------*/

/* Description :: StringValue (§3.2), optional: *out stays NULL when absent. */
static int
parse_description(struct parser *p, struct gql_value **out)
{
    *out = NULL;
    if (!peek(p, GQL_TOK_STRING) && !peek(p, GQL_TOK_BLOCK_STRING))
        return 0;
    *out = parse_string_literal(p);
    return *out ? 0 : -1;
}

/* ArgumentsDefinition or InputFieldsDefinition (kind) into out, optional. */
static int
parse_input_value_defs(struct parser *p,
                       enum list_kind kind,
                       struct gql_input_value_definition_list *out)
{
    size_t base = p->top;
    if (parse_list(p, kind, 1) < 0)
        return -1;
    LIST_FINISH(p, base, out);
    return 0;
}

/* InputValueDefinition :: Description? Name : Type DefaultValue? Directives[Const]? (§3.6.1). */
static struct gql_input_value_definition *
parse_input_value_def(struct parser *p)
{
    struct gql_input_value_definition *d = NEW_NODE(
        p, struct gql_input_value_definition, GQL_KIND_INPUT_VALUE_DEFINITION, p->tok.start);
    if (parse_description(p, &d->description) < 0 || parse_name(p, &d->name) < 0 ||
        expect(p, GQL_TOK_COLON) < 0 || (d->type = parse_type_reference(p)) == NULL ||
        parse_default_value(p, &d->default_value) < 0 || parse_directives(p, 1, &d->directives) < 0)
        return NULL;
    finish(p, &d->node);
    return d;
}

/* FieldDefinition :: Description? Name ArgumentsDefinition? : Type Directives[Const]? (§3.6). */
static struct gql_field_definition *
parse_field_definition(struct parser *p)
{
    struct gql_field_definition *d =
        NEW_NODE(p, struct gql_field_definition, GQL_KIND_FIELD_DEFINITION, p->tok.start);
    if (parse_description(p, &d->description) < 0 || parse_name(p, &d->name) < 0 ||
        parse_input_value_defs(p, LIST_ARGUMENTS_DEFINITION, &d->arguments) < 0 ||
        expect(p, GQL_TOK_COLON) < 0 || (d->type = parse_type_reference(p)) == NULL ||
        parse_directives(p, 1, &d->directives) < 0)
        return NULL;
    finish(p, &d->node);
    return d;
}

/* RootOperationTypeDefinition :: OperationType : NamedType (§3.3.1). */
static struct gql_operation_type_definition *
parse_operation_type_definition(struct parser *p)
{
    struct gql_operation_type_definition *d = NEW_NODE(
        p, struct gql_operation_type_definition, GQL_KIND_OPERATION_TYPE_DEFINITION, p->tok.start);
    if (parse_operation_type(p, &d->operation) < 0 || expect(p, GQL_TOK_COLON) < 0 ||
        (d->type = parse_named_type(p)) == NULL)
        return NULL;
    finish(p, &d->node);
    return d;
}

/* EnumValueDefinition :: Description? EnumValue Directives[Const]? (§3.9). */
static struct gql_enum_value_definition *
parse_enum_value_definition(struct parser *p)
{
    struct gql_enum_value_definition *d =
        NEW_NODE(p, struct gql_enum_value_definition, GQL_KIND_ENUM_VALUE_DEFINITION, p->tok.start);
    if (parse_description(p, &d->description) < 0)
        return NULL;
    if (token_value_is(p, &p->tok, "true") || token_value_is(p, &p->tok, "false") ||
        token_value_is(p, &p->tok, "null")) {
        syntax_error(p,
                     p->tok.start,
                     "%s is reserved and cannot be used for an enum value.",
                     token_desc(p, &p->tok));
        return NULL;
    }
    if (parse_name(p, &d->name) < 0 || parse_directives(p, 1, &d->directives) < 0)
        return NULL;
    finish(p, &d->node);
    return d;
}

/* The item production of each list (parse_list, into which it is inlined). */
static inline void *
parse_list_item(struct parser *p, enum list_kind kind, int is_const)
{
    switch (kind) {
    case LIST_VALUES:
        return parse_value_literal(p, is_const);
    case LIST_OBJECT_FIELDS:
        return parse_object_field(p, is_const);
    case LIST_ARGUMENTS:
        return parse_argument(p, is_const);
    case LIST_VARIABLE_DEFINITIONS:
        return parse_variable_definition(p);
    case LIST_SELECTIONS:
        return parse_selection(p);
    case LIST_ARGUMENTS_DEFINITION:
    case LIST_INPUT_FIELDS_DEFINITION:
        return parse_input_value_def(p);
    case LIST_FIELDS_DEFINITION:
        return parse_field_definition(p);
    case LIST_ENUM_VALUES_DEFINITION:
        return parse_enum_value_definition(p);
    case LIST_OPERATION_TYPES:
    case LIST_OPERATION_TYPES_EXTENSION:
        return parse_operation_type_definition(p);
    }
    return NULL;
}

/*
 * Type definitions and their extensions share one function per kind: a definition is
 * `Description? keyword Name ...` (§3.4), an extension `extend keyword Name ...` (§3.4.3)
 * with the same parts, of which it must have at least one (graphql-js throws unexpected()
 * at the token after an empty extension). Extensions use the definition's struct with a
 * NULL description.
 */

/* `Description? keyword` or `extend keyword`, then the Name when name is not NULL. */
static int
parse_definition_head(struct parser *p,
                      bool extend,
                      const char *keyword,
                      struct gql_value **description,
                      struct gql_name *name)
{
    if (extend ? expect_keyword(p, "extend") < 0 : parse_description(p, description) < 0)
        return -1;
    if (expect_keyword(p, keyword) < 0)
        return -1;
    return name != NULL ? parse_name(p, name) : 0;
}

/* Ends a definition or extension; an extension that adds nothing (empty) is an error. */
static struct gql_node *
finish_definition(struct parser *p, struct gql_node *n, bool empty)
{
    if (empty && (n->kind == GQL_KIND_SCHEMA_EXTENSION || gql_kind_is_type_extension(n->kind))) {
        unexpected(p, NULL);
        return NULL;
    }
    finish(p, n);
    return n;
}

/*
 * ImplementsInterfaces? Directives[Const]? FieldsDefinition?: what follows the name of an
 * object (§3.6) or interface (§3.7). ImplementsInterfaces :: implements &? NamedType
 * (& NamedType)*.
 */
static int
parse_object_body(struct parser *p,
                  struct gql_type_list *interfaces,
                  struct gql_directive_list *directives,
                  struct gql_field_definition_list *fields)
{
    size_t base = p->top;
    int has = expect_optional_keyword(p, "implements");
    if (has < 0 || (has && parse_delimited(p, GQL_TOK_AMP, parse_named_type_item) < 0))
        return -1;
    LIST_FINISH(p, base, interfaces);
    if (parse_directives(p, 1, directives) < 0 || parse_list(p, LIST_FIELDS_DEFINITION, 1) < 0)
        return -1;
    LIST_FINISH(p, base, fields);
    return 0;
}

/* SchemaDefinition (§3.3), SchemaExtension (§3.3.2). */
static struct gql_node *
parse_schema(struct parser *p, bool extend)
{
    struct gql_schema_definition *d =
        NEW_NODE(p,
                 struct gql_schema_definition,
                 extend ? GQL_KIND_SCHEMA_EXTENSION : GQL_KIND_SCHEMA_DEFINITION,
                 p->tok.start);
    if (parse_definition_head(p, extend, "schema", &d->description, NULL) < 0 ||
        parse_directives(p, 1, &d->directives) < 0)
        return NULL;
    size_t base = p->top;
    if (parse_list(p, extend ? LIST_OPERATION_TYPES_EXTENSION : LIST_OPERATION_TYPES, 1) < 0)
        return NULL;
    LIST_FINISH(p, base, &d->operation_types);
    return finish_definition(p, &d->node, d->directives.count + d->operation_types.count == 0);
}

/* ScalarTypeDefinition (§3.5), ScalarTypeExtension (§3.5.1). */
static struct gql_node *
parse_scalar_type(struct parser *p, bool extend)
{
    struct gql_scalar_type_definition *d =
        NEW_NODE(p,
                 struct gql_scalar_type_definition,
                 extend ? GQL_KIND_SCALAR_TYPE_EXTENSION : GQL_KIND_SCALAR_TYPE_DEFINITION,
                 p->tok.start);
    if (parse_definition_head(p, extend, "scalar", &d->description, &d->name) < 0 ||
        parse_directives(p, 1, &d->directives) < 0)
        return NULL;
    return finish_definition(p, &d->node, d->directives.count == 0);
}

/* ObjectTypeDefinition (§3.6), ObjectTypeExtension (§3.6.3). */
static struct gql_node *
parse_object_type(struct parser *p, bool extend)
{
    struct gql_object_type_definition *d =
        NEW_NODE(p,
                 struct gql_object_type_definition,
                 extend ? GQL_KIND_OBJECT_TYPE_EXTENSION : GQL_KIND_OBJECT_TYPE_DEFINITION,
                 p->tok.start);
    if (parse_definition_head(p, extend, "type", &d->description, &d->name) < 0 ||
        parse_object_body(p, &d->interfaces, &d->directives, &d->fields) < 0)
        return NULL;
    return finish_definition(
        p, &d->node, d->interfaces.count + d->directives.count + d->fields.count == 0);
}

/* InterfaceTypeDefinition (§3.7), InterfaceTypeExtension (§3.7.1). */
static struct gql_node *
parse_interface_type(struct parser *p, bool extend)
{
    struct gql_interface_type_definition *d =
        NEW_NODE(p,
                 struct gql_interface_type_definition,
                 extend ? GQL_KIND_INTERFACE_TYPE_EXTENSION : GQL_KIND_INTERFACE_TYPE_DEFINITION,
                 p->tok.start);
    if (parse_definition_head(p, extend, "interface", &d->description, &d->name) < 0 ||
        parse_object_body(p, &d->interfaces, &d->directives, &d->fields) < 0)
        return NULL;
    return finish_definition(
        p, &d->node, d->interfaces.count + d->directives.count + d->fields.count == 0);
}

/* UnionTypeDefinition (§3.8), UnionTypeExtension (§3.8.1). */
static struct gql_node *
parse_union_type(struct parser *p, bool extend)
{
    struct gql_union_type_definition *d =
        NEW_NODE(p,
                 struct gql_union_type_definition,
                 extend ? GQL_KIND_UNION_TYPE_EXTENSION : GQL_KIND_UNION_TYPE_DEFINITION,
                 p->tok.start);
    if (parse_definition_head(p, extend, "union", &d->description, &d->name) < 0 ||
        parse_directives(p, 1, &d->directives) < 0)
        return NULL;
    /* UnionMemberTypes :: = |? NamedType (| NamedType)*, optional. */
    size_t base = p->top;
    int eq = expect_optional(p, GQL_TOK_EQUALS);
    if (eq < 0 || (eq && parse_delimited(p, GQL_TOK_PIPE, parse_named_type_item) < 0))
        return NULL;
    LIST_FINISH(p, base, &d->types);
    return finish_definition(p, &d->node, d->directives.count + d->types.count == 0);
}

/* EnumTypeDefinition (§3.9), EnumTypeExtension (§3.9.1). */
static struct gql_node *
parse_enum_type(struct parser *p, bool extend)
{
    struct gql_enum_type_definition *d =
        NEW_NODE(p,
                 struct gql_enum_type_definition,
                 extend ? GQL_KIND_ENUM_TYPE_EXTENSION : GQL_KIND_ENUM_TYPE_DEFINITION,
                 p->tok.start);
    if (parse_definition_head(p, extend, "enum", &d->description, &d->name) < 0 ||
        parse_directives(p, 1, &d->directives) < 0)
        return NULL;
    size_t base = p->top;
    if (parse_list(p, LIST_ENUM_VALUES_DEFINITION, 1) < 0)
        return NULL;
    LIST_FINISH(p, base, &d->values);
    return finish_definition(p, &d->node, d->directives.count + d->values.count == 0);
}

/* InputObjectTypeDefinition (§3.10), InputObjectTypeExtension (§3.10.1). */
static struct gql_node *
parse_input_object_type(struct parser *p, bool extend)
{
    struct gql_input_object_type_definition *d = NEW_NODE(
        p,
        struct gql_input_object_type_definition,
        extend ? GQL_KIND_INPUT_OBJECT_TYPE_EXTENSION : GQL_KIND_INPUT_OBJECT_TYPE_DEFINITION,
        p->tok.start);
    if (parse_definition_head(p, extend, "input", &d->description, &d->name) < 0 ||
        parse_directives(p, 1, &d->directives) < 0 ||
        parse_input_value_defs(p, LIST_INPUT_FIELDS_DEFINITION, &d->fields) < 0)
        return NULL;
    return finish_definition(p, &d->node, d->directives.count + d->fields.count == 0);
}

/*
 * DirectiveLocation (§3.13): ExecutableDirectiveLocation or TypeSystemDirectiveLocation, as
 * a parse_delimited item: an arena struct gql_name.
 */
static void *
parse_directive_location(struct parser *p)
{
    struct gql_token start = p->tok;
    struct gql_name *name = arena_alloc(p->arena, sizeof(*name));
    if (parse_name(p, name) < 0)
        return NULL;
    if (gql_directive_location_from_name(name->value, name->len) >= 0)
        return name;
    unexpected(p, &start);
    return NULL;
}

/*
 * DirectiveDefinition :: Description? directive @ Name ArgumentsDefinition? repeatable?
 * on DirectiveLocations (§3.13). Directives have no extensions: extend is always false.
 */
static struct gql_node *
parse_directive_definition(struct parser *p, bool extend)
{
    (void)extend;
    struct gql_directive_definition *d =
        NEW_NODE(p, struct gql_directive_definition, GQL_KIND_DIRECTIVE_DEFINITION, p->tok.start);
    if (parse_definition_head(p, false, "directive", &d->description, NULL) < 0 ||
        expect(p, GQL_TOK_AT) < 0 || parse_name(p, &d->name) < 0 ||
        parse_input_value_defs(p, LIST_ARGUMENTS_DEFINITION, &d->arguments) < 0)
        return NULL;
    int rep = expect_optional_keyword(p, "repeatable");
    if (rep < 0 || expect_keyword(p, "on") < 0)
        return NULL;
    d->repeatable = rep == 1;
    /* DirectiveLocations :: |? DirectiveLocation (| DirectiveLocation)*, kept by value. */
    size_t base = p->top;
    if (parse_delimited(p, GQL_TOK_PIPE, parse_directive_location) < 0)
        return NULL;
    size_t n = p->top - base;
    d->locations.count = (uint32_t)n;
    d->locations.items = arena_alloc(p->arena, n * sizeof(struct gql_name));
    for (size_t i = 0; i < n; i++)
        d->locations.items[i] = *(struct gql_name *)p->stack[base + i];
    p->top = base;
    finish(p, &d->node);
    return &d->node;
}

/* Type-system definitions and extensions keyed by their keyword (§3). */
static const struct {
    const char *keyword;
    struct gql_node *(*parse)(struct parser *p, bool extend);
    bool extensible;
} type_system_parsers[] = {
    {"schema", parse_schema, true},
    {"scalar", parse_scalar_type, true},
    {"type", parse_object_type, true},
    {"interface", parse_interface_type, true},
    {"union", parse_union_type, true},
    {"enum", parse_enum_type, true},
    {"input", parse_input_object_type, true},
    {"directive", parse_directive_definition, false},
};

/* The index in type_system_parsers of the keyword token t, or -1. */
static int
type_system_parser(const struct parser *p, const struct gql_token *t)
{
    for (size_t i = 0; i < sizeof(type_system_parsers) / sizeof(type_system_parsers[0]); i++) {
        const char *kw = type_system_parsers[i].keyword;
        if (token_is_keyword_n(p, t, kw, strlen(kw)))
            return (int)i;
    }
    return -1;
}

/* TypeSystemExtension: dispatches on the keyword after `extend`. */
static struct gql_node *
parse_type_system_extension(struct parser *p)
{
    const struct gql_token *kw = lookahead(p);
    if (kw == NULL)
        return NULL;
    int i = type_system_parser(p, kw);
    if (i >= 0 && type_system_parsers[i].extensible)
        return type_system_parsers[i].parse(p, true);
    struct gql_token t = *kw;
    unexpected(p, &t);
    return NULL;
}

/* Definition :: ExecutableDefinition | TypeSystemDefinitionOrExtension (§2.2, §3). */
static struct gql_node *
parse_definition(struct parser *p)
{
    int executable_ok = p->mode != GQL_DOC_SCHEMA;
    int type_system_ok = p->mode != GQL_DOC_EXECUTABLE;
    if (peek(p, GQL_TOK_BRACE_L)) {
        if (!executable_ok) {
            unexpected(p, NULL);
            return NULL;
        }
        return parse_operation_definition(p);
    }
    /* Many definitions begin with a description and need one token of lookahead. */
    int has_description = peek(p, GQL_TOK_STRING) || peek(p, GQL_TOK_BLOCK_STRING);
    const struct gql_token *kw = has_description ? lookahead(p) : &p->tok;
    if (kw == NULL)
        return NULL;
    if (kw->kind == GQL_TOK_NAME) {
        int i = type_system_parser(p, kw);
        if (i >= 0) {
            if (!type_system_ok) {
                unexpected(p, NULL);
                return NULL;
            }
            return type_system_parsers[i].parse(p, false);
        }
        if (has_description) {
            syntax_error(p,
                         p->tok.start,
                         "Unexpected description, descriptions are supported only on type "
                         "definitions.");
            return NULL;
        }
        if (token_is_keyword(p, kw, "query") || token_is_keyword(p, kw, "mutation") ||
            token_is_keyword(p, kw, "subscription")) {
            if (!executable_ok) {
                unexpected(p, NULL);
                return NULL;
            }
            return parse_operation_definition(p);
        }
        if (token_is_keyword(p, kw, "fragment")) {
            if (!executable_ok) {
                unexpected(p, NULL);
                return NULL;
            }
            return parse_fragment_definition(p);
        }
        if (token_is_keyword(p, kw, "extend")) {
            if (!type_system_ok) {
                unexpected(p, NULL);
                return NULL;
            }
            return parse_type_system_extension(p);
        }
    }
    struct gql_token t = *kw;
    unexpected(p, &t);
    return NULL;
}

/* Document :: Definition+ (§2.2). */
static struct gql_document *
parse_document(struct parser *p)
{
    struct gql_document *doc = NEW_NODE(p, struct gql_document, GQL_KIND_DOCUMENT, 0);
    doc->source = p->src;
    doc->source_len = p->len;
    size_t base = p->top;
    do {
        struct gql_node *def = parse_definition(p);
        if (def == NULL)
            return NULL;
        push(p, def);
    } while (!peek(p, GQL_TOK_EOF));
    LIST_FINISH(p, base, &doc->definitions);
    finish(p, &doc->node);
    return doc;
}

/*------------------------------------------------------------------------------------------
 * Entry points
 *----------------------------------------------------------------------------------------*/

/* Prepares p and reads the first token. Returns 0 or -1 (error recorded). */
static int
parser_begin(struct parser *p,
             struct arena *arena,
             const char *src,
             size_t len,
             const struct gql_parse_options *opts,
             struct gql_error_list *errors)
{
    memset(p, 0, sizeof(*p));
    p->arena = arena;
    p->errors = errors;
    p->src = src;
    p->mode = opts ? opts->mode : GQL_DOC_ANY;
    p->max_depth = opts && opts->max_depth ? opts->max_depth : GQL_PARSE_DEFAULT_MAX_DEPTH;
    if (p->max_depth > GQL_PARSE_MAX_DEPTH_LIMIT)
        p->max_depth = GQL_PARSE_MAX_DEPTH_LIMIT;
    p->max_tokens = opts ? opts->max_tokens : 0;
    if (len >= UINT32_MAX) {
        p->len = 0;
        p->failed = 1;
        struct gql_error *e = gql_error_add(
            errors, GQL_CODE_PARSE_FAILED, "Syntax Error: Document is too large (%zu bytes).", len);
        gql_error_add_line_column(errors, e, (struct gql_location){1, 1});
        return -1;
    }
    p->len = (uint32_t)len;
    gql_lexer_init(&p->lx, arena, src, (uint32_t)len);
    return advance(p);
}

static void
parser_end(struct parser *p)
{
    free(p->stack);
    p->stack = NULL;
}

static int
parse_with_mode(struct arena *arena,
                const char *src,
                size_t len,
                const struct gql_parse_options *opts,
                enum gql_document_mode mode,
                struct gql_document **out,
                struct gql_error_list *errors)
{
    struct gql_parse_options o = {0};
    if (opts)
        o = *opts;
    o.mode = mode;
    struct parser p;
    *out = NULL;
    struct gql_document *doc = NULL;
    if (parser_begin(&p, arena, src, len, &o, errors) == 0)
        doc = parse_document(&p);
    parser_end(&p);
    if (doc == NULL || p.failed)
        return -1;
    *out = doc;
    return 0;
}

int
gql_parse(struct arena *arena,
          const char *src,
          size_t len,
          const struct gql_parse_options *opts,
          struct gql_document **out,
          struct gql_error_list *errors)
{
    return parse_with_mode(arena, src, len, opts, opts ? opts->mode : GQL_DOC_ANY, out, errors);
}

int
gql_parse_sdl(struct arena *arena,
              const char *src,
              size_t len,
              const struct gql_parse_options *opts,
              struct gql_document **out,
              struct gql_error_list *errors)
{
    return parse_with_mode(arena, src, len, opts, GQL_DOC_SCHEMA, out, errors);
}

int
gql_parse_value(struct arena *arena,
                const char *src,
                size_t len,
                const struct gql_parse_options *opts,
                int is_const,
                struct gql_value **out,
                struct gql_error_list *errors)
{
    struct parser p;
    struct gql_value *v = NULL;
    *out = NULL;
    if (parser_begin(&p, arena, src, len, opts, errors) == 0) {
        v = parse_value_literal(&p, is_const);
        if (v != NULL && expect(&p, GQL_TOK_EOF) < 0)
            v = NULL;
    }
    parser_end(&p);
    if (v == NULL || p.failed)
        return -1;
    *out = v;
    return 0;
}

int
gql_parse_type(struct arena *arena,
               const char *src,
               size_t len,
               const struct gql_parse_options *opts,
               struct gql_type **out,
               struct gql_error_list *errors)
{
    struct parser p;
    struct gql_type *t = NULL;
    *out = NULL;
    if (parser_begin(&p, arena, src, len, opts, errors) == 0) {
        t = parse_type_reference(&p);
        if (t != NULL && expect(&p, GQL_TOK_EOF) < 0)
            t = NULL;
    }
    parser_end(&p);
    if (t == NULL || p.failed)
        return -1;
    *out = t;
    return 0;
}
