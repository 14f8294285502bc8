/*
 * AST -> GraphQL text (include/gql/printer.h), producing exactly what graphql-js 16 print()
 * produces: two-space indentation, one selection or field per line, field arguments moved
 * onto their own lines when the line would pass 80 columns, argument definitions on their
 * own lines when one of them spans lines (descriptions), block strings kept as blocks.
 *
 * The text is written top-down into one buffer; where graphql-js decides on the length of a
 * finished piece (field arguments), the piece is written on one line first, measured, and
 * rewritten across lines if needed.
 */
#include "gql/printer.h"

#include "utf8.h"

#include <string.h>

#define MAX_LINE_LENGTH 80

struct printer {
    struct strbuf *out;
    unsigned level; /* indentation level: 2 spaces each */
    bool redact;
    bool after_open_definition; /* the previous definition would take a following "{" */
};

/*
 * True for a type-system definition printed without its optional braces (`type T`,
 * `enum E @d`, `extend input I @d`): text that starts with "{" after it would be read as its
 * fields or values.
 */
static bool
takes_braces(const struct gql_node *n)
{
    switch (n->kind) {
    case GQL_KIND_OBJECT_TYPE_DEFINITION:
    case GQL_KIND_OBJECT_TYPE_EXTENSION:
        return ((const struct gql_object_type_definition *)n)->fields.count == 0;
    case GQL_KIND_INTERFACE_TYPE_DEFINITION:
    case GQL_KIND_INTERFACE_TYPE_EXTENSION:
        return ((const struct gql_interface_type_definition *)n)->fields.count == 0;
    case GQL_KIND_ENUM_TYPE_DEFINITION:
    case GQL_KIND_ENUM_TYPE_EXTENSION:
        return ((const struct gql_enum_type_definition *)n)->values.count == 0;
    case GQL_KIND_INPUT_OBJECT_TYPE_DEFINITION:
    case GQL_KIND_INPUT_OBJECT_TYPE_EXTENSION:
        return ((const struct gql_input_object_type_definition *)n)->fields.count == 0;
    case GQL_KIND_SCHEMA_EXTENSION:
        return ((const struct gql_schema_definition *)n)->operation_types.count == 0;
    default:
        return false;
    }
}

static void print_node(struct printer *pr, const struct gql_node *node);
static void print_value(struct printer *pr, const struct gql_value *v);

static void
put(struct printer *pr, const char *s)
{
    strbuf_puts(pr->out, s);
}

static void
put_n(struct printer *pr, const char *s, size_t n)
{
    strbuf_append(pr->out, s, n);
}

/* A line break followed by indent spaces. */
static void
break_line(struct strbuf *out, unsigned indent)
{
    strbuf_putc(out, '\n');
    for (unsigned i = 0; i < indent; i++)
        strbuf_putc(out, ' ');
}

/* A line break followed by the current indentation. */
static void
newline(struct printer *pr)
{
    break_line(pr->out, 2 * pr->level);
}

static void
put_name(struct printer *pr, const struct gql_name *name)
{
    if (name->value != NULL)
        put_n(pr, name->value, name->len);
}

/* Length of s[0..n) in UTF-16 code units, as JavaScript's String.length counts. */
static size_t
utf16_length(const char *s, size_t n)
{
    size_t units = 0;
    for (size_t i = 0; i < n;) {
        uint32_t cp;
        int valid;
        i += gql_utf8_decode((const unsigned char *)s + i, (uint32_t)(n - i), &cp, &valid);
        units += cp >= 0x10000 ? 2 : 1;
    }
    return units;
}

void
gql_print_string(struct strbuf *out, const char *s, size_t n)
{
    static const char hex[] = "0123456789ABCDEF";
    strbuf_putc(out, '"');
    size_t run = 0; /* start of the pending run of bytes copied verbatim */
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        unsigned code;
        size_t width = 1;
        if (c < 0x20 || c == '"' || c == '\\' || c == 0x7F)
            code = c;
        else if (c == 0xC2 && i + 1 < n && (unsigned char)s[i + 1] >= 0x80 &&
                 (unsigned char)s[i + 1] <= 0x9F)
            code = (unsigned char)s[i + 1], width = 2; /* U+0080..U+009F */
        else
            continue;
        strbuf_append(out, s + run, i - run);
        switch (code) {
        case '\b':
            strbuf_puts(out, "\\b");
            break;
        case '\t':
            strbuf_puts(out, "\\t");
            break;
        case '\n':
            strbuf_puts(out, "\\n");
            break;
        case '\f':
            strbuf_puts(out, "\\f");
            break;
        case '\r':
            strbuf_puts(out, "\\r");
            break;
        case '"':
            strbuf_puts(out, "\\\"");
            break;
        case '\\':
            strbuf_puts(out, "\\\\");
            break;
        default: {
            char esc[7] = {'\\', 'u', '0', '0', hex[code >> 4], hex[code & 15], 0};
            strbuf_puts(out, esc);
        }
        }
        i += width - 1;
        run = i + 1;
    }
    strbuf_append(out, s + run, n - run);
    strbuf_putc(out, '"');
}

static int
is_white(char c)
{
    return c == ' ' || c == '\t';
}

void
gql_print_block_string(struct strbuf *out, const char *v, size_t n, unsigned indent)
{
    size_t lines = 1;
    int all_indented = 1; /* every line after the first is empty or starts with white space */
    for (size_t i = 0; i < n; i++) {
        if (v[i] == '\n' || v[i] == '\r') {
            if (v[i] == '\r' && i + 1 < n && v[i + 1] == '\n')
                i++;
            lines++;
            if (i + 1 < n && !is_white(v[i + 1]) && v[i + 1] != '\n' && v[i + 1] != '\r')
                all_indented = 0;
        }
    }
    int force_leading = lines > 1 && all_indented;
    /* Whether the escaped value ends with an escaped triple quote (replaced left to right). */
    int trailing_triple = 0;
    for (size_t i = 0; i + 2 < n; i++) {
        if (v[i] == '"' && v[i + 1] == '"' && v[i + 2] == '"') {
            trailing_triple = i + 3 == n;
            i += 2;
        }
    }
    int trailing_quote = n >= 1 && v[n - 1] == '"' && !trailing_triple;
    int trailing_slash = n >= 1 && v[n - 1] == '\\';
    int force_trailing = trailing_quote || trailing_slash;
    int multi =
        lines > 1 || utf16_length(v, n) > 70 || force_trailing || force_leading || trailing_triple;
    int skip_leading = lines == 1 && n > 0 && is_white(v[0]);
    strbuf_puts(out, "\"\"\"");
    if ((multi && !skip_leading) || force_leading)
        break_line(out, indent);
    size_t run = 0;
    for (size_t i = 0; i < n; i++) {
        if (v[i] == '"' && i + 2 < n && v[i + 1] == '"' && v[i + 2] == '"') {
            strbuf_append(out, v + run, i - run);
            strbuf_puts(out, "\\\"\"\"");
            i += 2;
            run = i + 1;
        } else if (v[i] == '\n' || v[i] == '\r') {
            strbuf_append(out, v + run, i - run);
            if (v[i] == '\r' && i + 1 < n && v[i + 1] == '\n')
                i++;
            break_line(out, indent);
            run = i + 1;
        }
    }
    strbuf_append(out, v + run, n - run);
    if (multi || force_trailing)
        break_line(out, indent);
    strbuf_puts(out, "\"\"\"");
}

/* A string value as written: block string or quoted string. */
static void
print_string_value(struct printer *pr, const struct gql_value *v)
{
    if (v->string.block)
        gql_print_block_string(pr->out, v->string.value, v->string.len, 2 * pr->level);
    else
        gql_print_string(pr->out, v->string.value, v->string.len);
}

/* A description above a definition, followed by a line break. */
static void
print_description(struct printer *pr, const struct gql_value *d)
{
    if (d == NULL)
        return;
    print_string_value(pr, d);
    newline(pr);
}

/* `name: value`: an argument or an object field. */
static void
print_name_value(struct printer *pr, const struct gql_name *name, const struct gql_value *value)
{
    put_name(pr, name);
    put(pr, ": ");
    print_value(pr, value);
}

static void
print_value(struct printer *pr, const struct gql_value *v)
{
    if (pr->redact && v->node.kind != GQL_KIND_VARIABLE && v->node.kind != GQL_KIND_LIST_VALUE &&
        v->node.kind != GQL_KIND_OBJECT_VALUE) {
        put(pr, GQL_PRINT_REDACTED);
        return;
    }
    switch (v->node.kind) {
    case GQL_KIND_VARIABLE:
        strbuf_putc(pr->out, '$');
        put_name(pr, &v->name);
        break;
    case GQL_KIND_INT_VALUE:
    case GQL_KIND_FLOAT_VALUE:
        put_n(pr, v->number.text, v->number.len);
        break;
    case GQL_KIND_STRING_VALUE:
        print_string_value(pr, v);
        break;
    case GQL_KIND_BOOLEAN_VALUE:
        put(pr, v->boolean ? "true" : "false");
        break;
    case GQL_KIND_NULL_VALUE:
        put(pr, "null");
        break;
    case GQL_KIND_ENUM_VALUE:
        put_name(pr, &v->name);
        break;
    case GQL_KIND_LIST_VALUE:
        strbuf_putc(pr->out, '[');
        for (uint32_t i = 0; i < v->list.count; i++) {
            if (i)
                put(pr, ", ");
            print_value(pr, v->list.items[i]);
        }
        strbuf_putc(pr->out, ']');
        break;
    case GQL_KIND_OBJECT_VALUE:
        strbuf_putc(pr->out, '{');
        for (uint32_t i = 0; i < v->object.count; i++) {
            if (i)
                put(pr, ", ");
            print_name_value(pr, &v->object.items[i]->name, v->object.items[i]->value);
        }
        strbuf_putc(pr->out, '}');
        break;
    default:
        break;
    }
}

static void
print_type(struct printer *pr, const struct gql_type *t)
{
    switch (t->node.kind) {
    case GQL_KIND_NAMED_TYPE:
        put_name(pr, &t->name);
        break;
    case GQL_KIND_LIST_TYPE:
        strbuf_putc(pr->out, '[');
        print_type(pr, t->of_type);
        strbuf_putc(pr->out, ']');
        break;
    case GQL_KIND_NON_NULL_TYPE:
        print_type(pr, t->of_type);
        strbuf_putc(pr->out, '!');
        break;
    default:
        break;
    }
}

/* Arguments on one line: (a: 1, b: 2); nothing when empty. */
static void
print_arguments_inline(struct printer *pr, const struct gql_argument_list *args)
{
    if (args->count == 0)
        return;
    strbuf_putc(pr->out, '(');
    for (uint32_t i = 0; i < args->count; i++) {
        if (i)
            put(pr, ", ");
        print_name_value(pr, &args->items[i]->name, args->items[i]->value);
    }
    strbuf_putc(pr->out, ')');
}

/* " @a @b(x: 1)" with a leading space; nothing when empty. */
static void
print_directives(struct printer *pr, const struct gql_directive_list *dirs)
{
    for (uint32_t i = 0; i < dirs->count; i++) {
        strbuf_putc(pr->out, ' ');
        strbuf_putc(pr->out, '@');
        put_name(pr, &dirs->items[i]->name);
        print_arguments_inline(pr, &dirs->items[i]->arguments);
    }
}

/*
 * `{`, each item on its own indented line, `}` (graphql-js block()). The caller writes the
 * separating space. items/count/get: a generic list of nodes.
 */
static void
print_block(struct printer *pr, void *const *items, uint32_t count)
{
    put(pr, "{");
    pr->level++;
    for (uint32_t i = 0; i < count; i++) {
        newline(pr);
        print_node(pr, (const struct gql_node *)items[i]);
    }
    pr->level--;
    newline(pr);
    put(pr, "}");
}

#define BLOCK(pr, list) print_block((pr), (void *const *)(list).items, (list).count)

/* " { ... }" after a type-system definition when the list has items; nothing otherwise. */
#define OPTIONAL_BLOCK(pr, list)                                                                   \
    do {                                                                                           \
        if ((list).count != 0) {                                                                   \
            strbuf_putc((pr)->out, ' ');                                                           \
            BLOCK((pr), (list));                                                                   \
        }                                                                                          \
    } while (0)

/*
 * Description, then "keyword Name" for a definition or "extend keyword Name" for an
 * extension (name NULL: schema, which has none).
 */
static void
print_definition_head(struct printer *pr,
                      const struct gql_node *node,
                      const char *keyword,
                      const struct gql_value *description,
                      const struct gql_name *name)
{
    print_description(pr, description);
    if (node->kind == GQL_KIND_SCHEMA_EXTENSION || gql_kind_is_type_extension(node->kind))
        put(pr, "extend ");
    put(pr, keyword);
    if (name != NULL) {
        strbuf_putc(pr->out, ' ');
        put_name(pr, name);
    }
}

/* Field :: alias: name(args) @directives { ... }; arguments wrap past 80 columns. */
static void
print_field(struct printer *pr, const struct gql_field *f)
{
    size_t line_start = pr->out->len;
    if (f->alias.value != NULL) {
        put_name(pr, &f->alias);
        put(pr, ": ");
    }
    put_name(pr, &f->name);
    if (f->arguments.count != 0) {
        size_t prefix_len = pr->out->len - line_start;
        size_t args_start = pr->out->len;
        print_arguments_inline(pr, &f->arguments);
        /* Measure as graphql-js does: without the indentation block strings received here. */
        const char *text = pr->out->data + args_start;
        size_t n = pr->out->len - args_start;
        size_t breaks = 0;
        for (size_t i = 0; i < n; i++)
            breaks += text[i] == '\n';
        size_t len = utf16_length(text, n) - breaks * 2 * pr->level;
        if (prefix_len + len > MAX_LINE_LENGTH) {
            strbuf_truncate(pr->out, args_start);
            put(pr, "(");
            pr->level++;
            for (uint32_t i = 0; i < f->arguments.count; i++) {
                newline(pr);
                print_name_value(pr, &f->arguments.items[i]->name, f->arguments.items[i]->value);
            }
            pr->level--;
            newline(pr);
            put(pr, ")");
        }
    }
    print_directives(pr, &f->directives);
    if (f->selection_set != NULL) {
        strbuf_putc(pr->out, ' ');
        print_node(pr, &f->selection_set->node);
    }
}

static void
print_input_value_definition(struct printer *pr, const struct gql_input_value_definition *d)
{
    print_description(pr, d->description);
    put_name(pr, &d->name);
    put(pr, ": ");
    print_type(pr, d->type);
    if (d->default_value != NULL) {
        put(pr, " = ");
        print_value(pr, d->default_value);
    }
    print_directives(pr, &d->directives);
}

/*
 * ArgumentsDefinition: (a: Int, b: Int) on one line, or one per line when any of them spans
 * several lines (graphql-js hasMultilineItems).
 */
static void
print_argument_definitions(struct printer *pr, const struct gql_input_value_definition_list *args)
{
    if (args->count == 0)
        return;
    size_t start = pr->out->len;
    strbuf_putc(pr->out, '(');
    for (uint32_t i = 0; i < args->count; i++) {
        if (i)
            put(pr, ", ");
        print_input_value_definition(pr, args->items[i]);
    }
    strbuf_putc(pr->out, ')');
    if (memchr(pr->out->data + start, '\n', pr->out->len - start) == NULL)
        return;
    strbuf_truncate(pr->out, start);
    put(pr, "(");
    pr->level++;
    for (uint32_t i = 0; i < args->count; i++) {
        newline(pr);
        print_input_value_definition(pr, args->items[i]);
    }
    pr->level--;
    newline(pr);
    put(pr, ")");
}

/* " implements A & B" with a leading space; nothing when empty. */
static void
print_interfaces(struct printer *pr, const struct gql_type_list *ifaces)
{
    for (uint32_t i = 0; i < ifaces->count; i++) {
        put(pr, i ? " & " : " implements ");
        print_type(pr, ifaces->items[i]);
    }
}

static void
print_node(struct printer *pr, const struct gql_node *node)
{
    switch (node->kind) {
    case GQL_KIND_NAME:
        put_name(pr, (const struct gql_name *)node);
        break;
    case GQL_KIND_DOCUMENT: {
        const struct gql_document *d = (const void *)node;
        for (uint32_t i = 0; i < d->definitions.count; i++) {
            if (i)
                put(pr, "\n\n");
            pr->after_open_definition = i > 0 && takes_braces(d->definitions.items[i - 1]);
            print_node(pr, d->definitions.items[i]);
        }
        pr->after_open_definition = false;
        break;
    }
    case GQL_KIND_OPERATION_DEFINITION: {
        const struct gql_operation_definition *o = (const void *)node;
        /*
         * Anonymous queries without variables or directives use the shorthand, except after a
         * definition that a following "{" would extend (`enum E` then `{ a }`): there the
         * shorthand would not read back the same, so "query" is written (graphql-js writes
         * the shorthand and does not round-trip such documents).
         */
        if (o->operation != GQL_OP_QUERY || o->name.value != NULL ||
            o->variable_definitions.count != 0 || o->directives.count != 0 ||
            pr->after_open_definition) {
            put(pr, gql_operation_type_name(o->operation));
            if (o->name.value != NULL || o->variable_definitions.count != 0)
                strbuf_putc(pr->out, ' ');
            put_name(pr, &o->name);
            if (o->variable_definitions.count != 0) {
                strbuf_putc(pr->out, '(');
                for (uint32_t i = 0; i < o->variable_definitions.count; i++) {
                    if (i)
                        put(pr, ", ");
                    print_node(pr, &o->variable_definitions.items[i]->node);
                }
                strbuf_putc(pr->out, ')');
            }
            print_directives(pr, &o->directives);
            strbuf_putc(pr->out, ' ');
        }
        print_node(pr, &o->selection_set->node);
        break;
    }
    case GQL_KIND_VARIABLE_DEFINITION: {
        const struct gql_variable_definition *v = (const void *)node;
        print_value(pr, v->variable);
        put(pr, ": ");
        print_type(pr, v->type);
        if (v->default_value != NULL) {
            put(pr, " = ");
            print_value(pr, v->default_value);
        }
        print_directives(pr, &v->directives);
        break;
    }
    case GQL_KIND_SELECTION_SET:
        BLOCK(pr, ((const struct gql_selection_set *)node)->selections);
        break;
    case GQL_KIND_FIELD:
        print_field(pr, (const struct gql_field *)node);
        break;
    case GQL_KIND_ARGUMENT: {
        const struct gql_argument *a = (const void *)node;
        print_name_value(pr, &a->name, a->value);
        break;
    }
    case GQL_KIND_FRAGMENT_SPREAD: {
        const struct gql_fragment_spread *s = (const void *)node;
        put(pr, "...");
        put_name(pr, &s->name);
        print_directives(pr, &s->directives);
        break;
    }
    case GQL_KIND_INLINE_FRAGMENT: {
        const struct gql_inline_fragment *f = (const void *)node;
        put(pr, "...");
        if (f->type_condition != NULL) {
            put(pr, " on ");
            print_type(pr, f->type_condition);
        }
        print_directives(pr, &f->directives);
        strbuf_putc(pr->out, ' ');
        print_node(pr, &f->selection_set->node);
        break;
    }
    case GQL_KIND_FRAGMENT_DEFINITION: {
        const struct gql_fragment_definition *f = (const void *)node;
        put(pr, "fragment ");
        put_name(pr, &f->name);
        put(pr, " on ");
        print_type(pr, f->type_condition);
        print_directives(pr, &f->directives);
        strbuf_putc(pr->out, ' ');
        print_node(pr, &f->selection_set->node);
        break;
    }
    case GQL_KIND_VARIABLE:
    case GQL_KIND_INT_VALUE:
    case GQL_KIND_FLOAT_VALUE:
    case GQL_KIND_STRING_VALUE:
    case GQL_KIND_BOOLEAN_VALUE:
    case GQL_KIND_NULL_VALUE:
    case GQL_KIND_ENUM_VALUE:
    case GQL_KIND_LIST_VALUE:
    case GQL_KIND_OBJECT_VALUE:
        print_value(pr, (const struct gql_value *)node);
        break;
    case GQL_KIND_OBJECT_FIELD: {
        const struct gql_object_field *f = (const void *)node;
        print_name_value(pr, &f->name, f->value);
        break;
    }
    case GQL_KIND_DIRECTIVE: {
        const struct gql_directive *d = (const void *)node;
        strbuf_putc(pr->out, '@');
        put_name(pr, &d->name);
        print_arguments_inline(pr, &d->arguments);
        break;
    }
    case GQL_KIND_NAMED_TYPE:
    case GQL_KIND_LIST_TYPE:
    case GQL_KIND_NON_NULL_TYPE:
        print_type(pr, (const struct gql_type *)node);
        break;
    case GQL_KIND_SCHEMA_DEFINITION:
    case GQL_KIND_SCHEMA_EXTENSION: {
        const struct gql_schema_definition *s = (const void *)node;
        print_definition_head(pr, node, "schema", s->description, NULL);
        print_directives(pr, &s->directives);
        OPTIONAL_BLOCK(pr, s->operation_types);
        break;
    }
    case GQL_KIND_OPERATION_TYPE_DEFINITION: {
        const struct gql_operation_type_definition *o = (const void *)node;
        put(pr, gql_operation_type_name(o->operation));
        put(pr, ": ");
        print_type(pr, o->type);
        break;
    }
    case GQL_KIND_SCALAR_TYPE_DEFINITION:
    case GQL_KIND_SCALAR_TYPE_EXTENSION: {
        const struct gql_scalar_type_definition *s = (const void *)node;
        print_definition_head(pr, node, "scalar", s->description, &s->name);
        print_directives(pr, &s->directives);
        break;
    }
    case GQL_KIND_OBJECT_TYPE_DEFINITION:
    case GQL_KIND_OBJECT_TYPE_EXTENSION: {
        const struct gql_object_type_definition *o = (const void *)node;
        print_definition_head(pr, node, "type", o->description, &o->name);
        print_interfaces(pr, &o->interfaces);
        print_directives(pr, &o->directives);
        OPTIONAL_BLOCK(pr, o->fields);
        break;
    }
    case GQL_KIND_FIELD_DEFINITION: {
        const struct gql_field_definition *f = (const void *)node;
        print_description(pr, f->description);
        put_name(pr, &f->name);
        print_argument_definitions(pr, &f->arguments);
        put(pr, ": ");
        print_type(pr, f->type);
        print_directives(pr, &f->directives);
        break;
    }
    case GQL_KIND_INPUT_VALUE_DEFINITION:
        print_input_value_definition(pr, (const struct gql_input_value_definition *)node);
        break;
    case GQL_KIND_INTERFACE_TYPE_DEFINITION:
    case GQL_KIND_INTERFACE_TYPE_EXTENSION: {
        const struct gql_interface_type_definition *o = (const void *)node;
        print_definition_head(pr, node, "interface", o->description, &o->name);
        print_interfaces(pr, &o->interfaces);
        print_directives(pr, &o->directives);
        OPTIONAL_BLOCK(pr, o->fields);
        break;
    }
    case GQL_KIND_UNION_TYPE_DEFINITION:
    case GQL_KIND_UNION_TYPE_EXTENSION: {
        const struct gql_union_type_definition *u = (const void *)node;
        print_definition_head(pr, node, "union", u->description, &u->name);
        print_directives(pr, &u->directives);
        for (uint32_t i = 0; i < u->types.count; i++) {
            put(pr, i ? " | " : " = ");
            print_type(pr, u->types.items[i]);
        }
        break;
    }
    case GQL_KIND_ENUM_TYPE_DEFINITION:
    case GQL_KIND_ENUM_TYPE_EXTENSION: {
        const struct gql_enum_type_definition *e = (const void *)node;
        print_definition_head(pr, node, "enum", e->description, &e->name);
        print_directives(pr, &e->directives);
        OPTIONAL_BLOCK(pr, e->values);
        break;
    }
    case GQL_KIND_ENUM_VALUE_DEFINITION: {
        const struct gql_enum_value_definition *e = (const void *)node;
        print_description(pr, e->description);
        put_name(pr, &e->name);
        print_directives(pr, &e->directives);
        break;
    }
    case GQL_KIND_INPUT_OBJECT_TYPE_DEFINITION:
    case GQL_KIND_INPUT_OBJECT_TYPE_EXTENSION: {
        const struct gql_input_object_type_definition *o = (const void *)node;
        print_definition_head(pr, node, "input", o->description, &o->name);
        print_directives(pr, &o->directives);
        OPTIONAL_BLOCK(pr, o->fields);
        break;
    }
    case GQL_KIND_DIRECTIVE_DEFINITION: {
        const struct gql_directive_definition *d = (const void *)node;
        print_description(pr, d->description);
        put(pr, "directive @");
        put_name(pr, &d->name);
        print_argument_definitions(pr, &d->arguments);
        if (d->repeatable)
            put(pr, " repeatable");
        put(pr, " on ");
        for (uint32_t i = 0; i < d->locations.count; i++) {
            if (i)
                put(pr, " | ");
            put_name(pr, &d->locations.items[i]);
        }
        break;
    }
    case GQL_KIND_COUNT:
        break;
    }
}

void
gql_print(const struct gql_node *node, const struct gql_print_options *opts, struct strbuf *out)
{
    struct printer pr = {out, 0, opts != NULL && opts->redact_values, false};
    strbuf_reserve(out, 64); /* out->data is never NULL below (field measurement reads it) */
    if (node != NULL)
        print_node(&pr, node);
}

const char *
gql_print_to_arena(struct arena *arena, const struct gql_node *node)
{
    struct strbuf sb = STRBUF_INIT;
    gql_print(node, NULL, &sb);
    char *s = arena_strndup(arena, strbuf_cstr(&sb), sb.len);
    strbuf_free(&sb);
    return s;
}
