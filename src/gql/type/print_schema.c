/*
 * SDL printer of a built schema, as graphql-js utilities/printSchema.ts writes it: the
 * schema definition when needed, the non-built-in directives, then every type that is not a
 * specified scalar or an introspection type, in schema->types order, separated by blank
 * lines. Descriptions use graphql-js's block-string rules (language/blockString.ts).
 */
#include "core/arena.h"
#include "core/strbuf.h"
#include "gql/printer.h"
#include "gql/schema.h"
#include "type_internal.h"

#include <stdio.h>
#include <string.h>

/* graphql-js isPrintableAsBlockString. */
static bool
printable_as_block_string(const char *v)
{
    if (*v == '\0')
        return true;
    bool empty_line = true, has_indent = false, common_indent = true, seen_non_empty = false;
    for (const char *p = v; *p; p++) {
        unsigned char c = (unsigned char)*p;
        switch (c) {
        case 0x00:
        case 0x01:
        case 0x02:
        case 0x03:
        case 0x04:
        case 0x05:
        case 0x06:
        case 0x07:
        case 0x08:
        case 0x0b:
        case 0x0c:
        case 0x0e:
        case 0x0f:
        case 0x0d:
            return false;
        case '\n':
            if (empty_line && !seen_non_empty)
                return false;
            seen_non_empty = true;
            empty_line = true;
            has_indent = false;
            break;
        case '\t':
        case ' ':
            if (!has_indent)
                has_indent = empty_line;
            break;
        default:
            if (common_indent)
                common_indent = has_indent;
            empty_line = false;
        }
    }
    if (empty_line)
        return false;
    if (common_indent && seen_non_empty)
        return false;
    return true;
}

/* A description (block string when graphql-js would print one), then a line break. */
static void
print_description(struct strbuf *out, const char *description, const char *indent)
{
    size_t n = strlen(description);
    if (printable_as_block_string(description))
        gql_print_block_string(out, description, n, (unsigned)strlen(indent));
    else
        gql_print_string(out, description, n); /* no raw line breaks: nothing to indent */
    strbuf_putc(out, '\n');
}

/* printDescription(def, indentation, firstInBlock). */
static void
print_desc(struct strbuf *out, const char *description, const char *indent, bool first)
{
    if (description == NULL)
        return;
    if (*indent != '\0' && !first) {
        strbuf_putc(out, '\n');
        strbuf_puts(out, indent);
    } else {
        strbuf_puts(out, indent);
    }
    print_description(out, description, indent);
}

static void
print_deprecated(struct strbuf *out, const char *reason)
{
    if (reason == NULL)
        return;
    if (strcmp(reason, "No longer supported") == 0) {
        strbuf_puts(out, " @deprecated");
        return;
    }
    strbuf_puts(out, " @deprecated(reason: ");
    gql_print_string(out, reason, strlen(reason));
    strbuf_putc(out, ')');
}

static void
print_input_value(struct strbuf *out, const struct gql_input_value_def *v, struct arena *scratch)
{
    strbuf_append(out, v->name, v->name_len);
    strbuf_puts(out, ": ");
    gql_type_def_print(v->type, out);
    if (v->has_default) {
        size_t mark = out->len;
        strbuf_puts(out, " = ");
        if (gql_print_input_value(v->type, &v->default_value, scratch, out) < 0)
            strbuf_truncate(out, mark);
    }
    print_deprecated(out, v->deprecation_reason);
}

static void
print_args(struct strbuf *out,
           const struct gql_input_value_def *args,
           uint32_t n,
           const char *indent,
           struct arena *scratch)
{
    if (n == 0)
        return;
    bool any_description = false;
    for (uint32_t i = 0; i < n; i++)
        if (args[i].description != NULL && args[i].description[0] != '\0')
            any_description = true;
    if (!any_description) {
        strbuf_putc(out, '(');
        for (uint32_t i = 0; i < n; i++) {
            if (i)
                strbuf_puts(out, ", ");
            print_input_value(out, &args[i], scratch);
        }
        strbuf_putc(out, ')');
        return;
    }
    char inner[64];
    snprintf(inner, sizeof inner, "  %s", indent);
    strbuf_puts(out, "(\n");
    for (uint32_t i = 0; i < n; i++) {
        if (i)
            strbuf_putc(out, '\n');
        print_desc(out, args[i].description, inner, i == 0);
        strbuf_puts(out, inner);
        print_input_value(out, &args[i], scratch);
    }
    strbuf_putc(out, '\n');
    strbuf_puts(out, indent);
    strbuf_putc(out, ')');
}

static void
print_interfaces(struct strbuf *out, const struct gql_type_def *t)
{
    if (t->interface_count == 0)
        return;
    strbuf_puts(out, " implements ");
    for (uint32_t i = 0; i < t->interface_count; i++) {
        if (i)
            strbuf_puts(out, " & ");
        strbuf_puts(out, t->interfaces[i]->name);
    }
}

static void
print_fields(struct strbuf *out, const struct gql_type_def *t, struct arena *scratch)
{
    if (t->field_count == 0)
        return;
    strbuf_puts(out, " {\n");
    for (uint32_t i = 0; i < t->field_count; i++) {
        const struct gql_field_def *f = &t->fields[i];
        if (i)
            strbuf_putc(out, '\n');
        print_desc(out, f->description, "  ", i == 0);
        strbuf_puts(out, "  ");
        strbuf_append(out, f->name, f->name_len);
        print_args(out, f->args, f->arg_count, "  ", scratch);
        strbuf_puts(out, ": ");
        gql_type_def_print(f->type, out);
        print_deprecated(out, f->deprecation_reason);
    }
    strbuf_puts(out, "\n}");
}

static void
print_type(struct strbuf *out, const struct gql_type_def *t, struct arena *scratch)
{
    print_desc(out, t->description, "", true);
    switch (t->kind) {
    case GQL_TYPE_SCALAR:
        strbuf_printf(out, "scalar %s", t->name);
        if (t->specified_by_url != NULL) {
            strbuf_puts(out, " @specifiedBy(url: ");
            gql_print_string(out, t->specified_by_url, strlen(t->specified_by_url));
            strbuf_putc(out, ')');
        }
        return;
    case GQL_TYPE_OBJECT:
    case GQL_TYPE_INTERFACE:
        strbuf_printf(out, "%s %s", t->kind == GQL_TYPE_OBJECT ? "type" : "interface", t->name);
        print_interfaces(out, t);
        print_fields(out, t, scratch);
        return;
    case GQL_TYPE_UNION:
        strbuf_printf(out, "union %s", t->name);
        for (uint32_t i = 0; i < t->possible_type_count; i++) {
            strbuf_puts(out, i == 0 ? " = " : " | ");
            strbuf_puts(out, t->possible_types[i]->name);
        }
        return;
    case GQL_TYPE_ENUM:
        strbuf_printf(out, "enum %s", t->name);
        if (t->enum_value_count == 0)
            return;
        strbuf_puts(out, " {\n");
        for (uint32_t i = 0; i < t->enum_value_count; i++) {
            const struct gql_enum_value_def *v = &t->enum_values[i];
            if (i)
                strbuf_putc(out, '\n');
            print_desc(out, v->description, "  ", i == 0);
            strbuf_puts(out, "  ");
            strbuf_append(out, v->name, v->name_len);
            print_deprecated(out, v->deprecation_reason);
        }
        strbuf_puts(out, "\n}");
        return;
    case GQL_TYPE_INPUT_OBJECT:
        strbuf_printf(out, "input %s", t->name);
        if (t->is_one_of)
            strbuf_puts(out, " @oneOf");
        if (t->input_field_count == 0)
            return;
        strbuf_puts(out, " {\n");
        for (uint32_t i = 0; i < t->input_field_count; i++) {
            if (i)
                strbuf_putc(out, '\n');
            print_desc(out, t->input_fields[i].description, "  ", i == 0);
            strbuf_puts(out, "  ");
            print_input_value(out, &t->input_fields[i], scratch);
        }
        strbuf_puts(out, "\n}");
        return;
    default:
        return;
    }
}

static bool
common_root_names(const struct gql_schema *s)
{
    return (s->query_type == NULL || strcmp(s->query_type->name, "Query") == 0) &&
           (s->mutation_type == NULL || strcmp(s->mutation_type->name, "Mutation") == 0) &&
           (s->subscription_type == NULL ||
            strcmp(s->subscription_type->name, "Subscription") == 0);
}

static bool
is_specified_scalar(const struct gql_type_def *t)
{
    return t->kind == GQL_TYPE_SCALAR && t->builtin;
}

void
gql_schema_print(const struct gql_schema *schema, struct strbuf *out)
{
    struct arena scratch;
    arena_init(&scratch, 0);
    bool first = true;
    if (schema->description != NULL || !common_root_names(schema)) {
        print_desc(out, schema->description, "", true);
        strbuf_puts(out, "schema {\n");
        if (schema->query_type != NULL)
            strbuf_printf(out, "  query: %s\n", schema->query_type->name);
        if (schema->mutation_type != NULL)
            strbuf_printf(out, "  mutation: %s\n", schema->mutation_type->name);
        if (schema->subscription_type != NULL)
            strbuf_printf(out, "  subscription: %s\n", schema->subscription_type->name);
        strbuf_putc(out, '}');
        first = false;
    }
    for (uint32_t i = 0; i < schema->directive_count; i++) {
        const struct gql_directive_def *d = schema->directives[i];
        if (d->builtin)
            continue;
        if (!first)
            strbuf_puts(out, "\n\n");
        first = false;
        print_desc(out, d->description, "", true);
        strbuf_printf(out, "directive @%s", d->name);
        print_args(out, d->args, d->arg_count, "", &scratch);
        if (d->repeatable)
            strbuf_puts(out, " repeatable");
        strbuf_puts(out, " on ");
        for (uint32_t k = 0; k < d->location_count; k++) {
            if (k)
                strbuf_puts(out, " | ");
            strbuf_puts(out, gql_directive_location_name(d->location_order[k]));
        }
    }
    for (uint32_t i = 0; i < schema->type_count; i++) {
        const struct gql_type_def *t = schema->types[i];
        if (t->introspection || is_specified_scalar(t))
            continue;
        if (!first)
            strbuf_puts(out, "\n\n");
        first = false;
        print_type(out, t, &scratch);
    }
    arena_free(&scratch);
}
