/*
 * Text of AST values and type references inside validation messages, exactly as graphql-js
 * v16's printForError/print writes them (language/printer.ts, printString.ts,
 * blockString.ts): `{a: 1, b: [2, 3]}`, `"x\n"`, `"""block"""`, `[Int!]!`.
 */
#include "context.h"

#include <stdlib.h>
#include <string.h>

/* Appends the decoded string s[0..n) as a GraphQL string literal (graphql-js printString). */
static void
print_string(struct strbuf *sb, const char *s, size_t n)
{
    static const char hex[] = "0123456789ABCDEF";
    strbuf_putc(sb, '"');
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        unsigned code = c;
        size_t extra = 0;
        if (c == 0xC2 && i + 1 < n && (unsigned char)s[i + 1] >= 0x80 &&
            (unsigned char)s[i + 1] <= 0x9F) {
            code = (unsigned char)s[i + 1]; /* U+0080 .. U+009F: escaped like controls */
            extra = 1;
        }
        switch (code) {
        case '\b':
            strbuf_puts(sb, "\\b");
            break;
        case '\t':
            strbuf_puts(sb, "\\t");
            break;
        case '\n':
            strbuf_puts(sb, "\\n");
            break;
        case '\f':
            strbuf_puts(sb, "\\f");
            break;
        case '\r':
            strbuf_puts(sb, "\\r");
            break;
        case '"':
            strbuf_puts(sb, "\\\"");
            break;
        case '\\':
            strbuf_puts(sb, "\\\\");
            break;
        default:
            if (code < 0x20 || (code >= 0x7F && code <= 0x9F)) {
                char esc[7] = {'\\', 'u', '0', '0', hex[code >> 4], hex[code & 15], 0};
                strbuf_puts(sb, esc);
            } else {
                strbuf_putc(sb, (char)c);
            }
        }
        i += extra;
    }
    strbuf_putc(sb, '"');
}

static int
is_white_space(int c)
{
    return c == ' ' || c == '\t';
}

/* Length in UTF-16 code units of UTF-8 text (JS string length). */
static size_t
utf16_length(const char *s, size_t n)
{
    size_t len = 0;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if ((c & 0xC0) == 0x80)
            continue;
        len += c >= 0xF0 ? 2 : 1;
    }
    return len;
}

/* graphql-js printBlockString (without the minimize option). */
static void
print_block_string(struct strbuf *sb, const char *value, size_t n)
{
    struct strbuf esc = STRBUF_INIT;
    for (size_t i = 0; i < n; i++) {
        if (i + 2 < n && value[i] == '"' && value[i + 1] == '"' && value[i + 2] == '"') {
            strbuf_puts(&esc, "\\\"\"\"");
            i += 2;
        } else {
            strbuf_putc(&esc, value[i]);
        }
    }
    const char *e = esc.data ? esc.data : "";
    size_t elen = esc.len;

    /* Split into lines on \r\n, \n, \r. */
    int line_count = 1;
    int force_leading_newline = 1;
    for (size_t i = 0; i < elen; i++) {
        if (e[i] == '\r' || e[i] == '\n') {
            if (e[i] == '\r' && i + 1 < elen && e[i + 1] == '\n')
                i++;
            line_count++;
            size_t next = i + 1;
            if (next < elen && e[next] != '\r' && e[next] != '\n' && !is_white_space(e[next]))
                force_leading_newline = 0;
        }
    }
    if (line_count == 1)
        force_leading_newline = 0;
    int is_single_line = line_count == 1;
    int has_trailing_triple_quotes = elen >= 4 && memcmp(e + elen - 4, "\\\"\"\"", 4) == 0;
    int has_trailing_quote = n > 0 && value[n - 1] == '"' && !has_trailing_triple_quotes;
    int has_trailing_slash = n > 0 && value[n - 1] == '\\';
    int force_trailing_newline = has_trailing_quote || has_trailing_slash;
    int multiple_lines = !is_single_line || utf16_length(value, n) > 70 || force_trailing_newline ||
                         force_leading_newline || has_trailing_triple_quotes;
    int skip_leading_newline = is_single_line && n > 0 && is_white_space(value[0]);

    strbuf_puts(sb, "\"\"\"");
    if ((multiple_lines && !skip_leading_newline) || force_leading_newline)
        strbuf_putc(sb, '\n');
    strbuf_append(sb, e, elen);
    if (multiple_lines || force_trailing_newline)
        strbuf_putc(sb, '\n');
    strbuf_puts(sb, "\"\"\"");
    strbuf_free(&esc);
}

/*
 * Iterative printing with an explicit stack: values nest as deep as the parser allows, and a
 * message must never recurse on the C stack with hostile depth.
 */
struct print_frame {
    const struct gql_value *value;
    uint32_t next; /* next child index */
};

void
gql_validation_print_value(struct strbuf *sb, const struct gql_value *value)
{
    struct print_frame stack_small[32];
    struct print_frame *stack = stack_small;
    size_t cap = sizeof(stack_small) / sizeof(stack_small[0]);
    size_t depth = 0;
    struct print_frame *heap = NULL;

    const struct gql_value *v = value;
    for (;;) {
        /* Print v (a scalar completely; an aggregate's opening and push it). */
        if (v != NULL) {
            switch (v->node.kind) {
            case GQL_KIND_VARIABLE:
                strbuf_putc(sb, '$');
                strbuf_append(sb, v->name.value, v->name.len);
                break;
            case GQL_KIND_INT_VALUE:
            case GQL_KIND_FLOAT_VALUE:
                strbuf_append(sb, v->number.text, v->number.len);
                break;
            case GQL_KIND_STRING_VALUE:
                if (v->string.block)
                    print_block_string(sb, v->string.value, v->string.len);
                else
                    print_string(sb, v->string.value, v->string.len);
                break;
            case GQL_KIND_BOOLEAN_VALUE:
                strbuf_puts(sb, v->boolean ? "true" : "false");
                break;
            case GQL_KIND_NULL_VALUE:
                strbuf_puts(sb, "null");
                break;
            case GQL_KIND_ENUM_VALUE:
                strbuf_append(sb, v->name.value, v->name.len);
                break;
            case GQL_KIND_LIST_VALUE:
            case GQL_KIND_OBJECT_VALUE:
                strbuf_putc(sb, v->node.kind == GQL_KIND_LIST_VALUE ? '[' : '{');
                if (depth == cap) {
                    size_t ncap = cap * 2;
                    struct print_frame *n = malloc(ncap * sizeof(*n));
                    if (n == NULL)
                        abort();
                    memcpy(n, stack, depth * sizeof(*n));
                    free(heap);
                    heap = n;
                    stack = n;
                    cap = ncap;
                }
                stack[depth].value = v;
                stack[depth].next = 0;
                depth++;
                break;
            default:
                break;
            }
        }
        /* Find the next value to print, closing finished aggregates. */
        v = NULL;
        while (depth > 0) {
            struct print_frame *f = &stack[depth - 1];
            int is_list = f->value->node.kind == GQL_KIND_LIST_VALUE;
            uint32_t count = is_list ? f->value->list.count : f->value->object.count;
            if (f->next < count) {
                if (f->next > 0)
                    strbuf_puts(sb, ", ");
                if (is_list) {
                    v = f->value->list.items[f->next];
                } else {
                    const struct gql_object_field *of = f->value->object.items[f->next];
                    strbuf_append(sb, of->name.value, of->name.len);
                    strbuf_puts(sb, ": ");
                    v = of->value;
                }
                f->next++;
                break;
            }
            strbuf_putc(sb, is_list ? ']' : '}');
            depth--;
        }
        if (v == NULL)
            break;
    }
    free(heap);
}

void
gql_validation_print_type_ast(struct strbuf *sb, const struct gql_type *type)
{
    /* Type references nest as deep as the parser allows: walk down, then close brackets. */
    const struct gql_type *t = type;
    /* First pass: opening brackets in order. */
    for (const struct gql_type *c = t; c != NULL; c = c->of_type) {
        if (c->node.kind == GQL_KIND_LIST_TYPE) {
            strbuf_putc(sb, '[');
        } else if (c->node.kind == GQL_KIND_NAMED_TYPE) {
            strbuf_append(sb, c->name.value, c->name.len);
            break;
        }
    }
    /* Second pass: closing brackets and bangs, innermost first. Collect the chain. */
    size_t n = 0;
    for (const struct gql_type *c = t; c != NULL; c = c->of_type)
        n++;
    const struct gql_type *small[16];
    const struct gql_type **chain = n <= 16 ? small : malloc(n * sizeof(*chain));
    if (chain == NULL)
        abort();
    size_t i = 0;
    for (const struct gql_type *c = t; c != NULL; c = c->of_type)
        chain[i++] = c;
    while (i > 0) {
        const struct gql_type *c = chain[--i];
        if (c->node.kind == GQL_KIND_LIST_TYPE)
            strbuf_putc(sb, ']');
        else if (c->node.kind == GQL_KIND_NON_NULL_TYPE)
            strbuf_putc(sb, '!');
    }
    if (chain != small)
        free(chain);
}
