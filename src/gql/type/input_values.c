/*
 * Default values of arguments and input fields: coercion of the literal written in the SDL
 * into the internal value (graphql-js valueFromAST without variables, filling in input
 * object field defaults), and the reverse, printing an internal value as GraphQL literal
 * text for introspection's __InputValue.defaultValue (graphql-js astFromValue + print).
 * Also gql_schema_set_scalar(), which re-coerces defaults once an application's custom
 * scalar hooks are attached.
 */
#include "core/arena.h"
#include "core/strbuf.h"
#include "gql/printer.h"
#include "gql/schema.h"
#include "type_internal.h"

#include <math.h>
#include <string.h>

/* Nesting of literals and of defaults referring to other defaults. */
#define COERCE_MAX_DEPTH 128

enum default_state {
    DEFAULT_PENDING = 0,
    DEFAULT_IN_PROGRESS,
    DEFAULT_DONE,
    DEFAULT_FAILED,
};

static int coerce_at(const struct gql_type_def *type,
                     const struct gql_value *lit,
                     struct arena *arena,
                     struct gql_val *out,
                     const char **message,
                     int depth);

static const char *
type_text(struct arena *arena, const struct gql_type_def *t)
{
    return gql_type_def_to_string(arena, t);
}

static const char *
literal_text(struct arena *arena, const struct gql_value *lit)
{
    return gql_print_to_arena(arena, &lit->node);
}

/* Makes sure def's default value has been coerced (it may be another type's field). */
static int
ensure_default(struct gql_input_value_def *def,
               struct arena *arena,
               const char **message,
               int depth)
{
    switch (def->default_state) {
    case DEFAULT_DONE:
        return 0;
    case DEFAULT_FAILED:
        *message = arena_sprintf(arena, "Invalid default value of \"%s\".", def->name);
        return -1;
    case DEFAULT_IN_PROGRESS:
        *message =
            arena_sprintf(arena,
                          "The default value of \"%s\" refers to itself through other defaults.",
                          def->name);
        return -1;
    default:
        break;
    }
    if (!def->has_default || def->default_literal == NULL) {
        def->default_state = DEFAULT_DONE;
        return 0;
    }
    def->default_state = DEFAULT_IN_PROGRESS;
    struct gql_val v;
    if (coerce_at(def->type, def->default_literal, arena, &v, message, depth + 1) < 0) {
        def->default_state = DEFAULT_FAILED;
        return -1;
    }
    def->default_value = v;
    def->default_state = DEFAULT_DONE;
    return 0;
}

static int
coerce_input_object(const struct gql_type_def *type,
                    const struct gql_value *lit,
                    struct arena *arena,
                    struct gql_val *out,
                    const char **message,
                    int depth)
{
    if (lit->node.kind != GQL_KIND_OBJECT_VALUE) {
        *message = arena_sprintf(arena,
                                 "Expected value of type \"%s\", found %s.",
                                 type->name,
                                 literal_text(arena, lit));
        return -1;
    }
    for (uint32_t i = 0; i < lit->object.count; i++) {
        const struct gql_object_field *f = lit->object.items[i];
        if (gql_type_def_input_field(type, f->name.value, f->name.len) == NULL) {
            *message = arena_sprintf(
                arena, "Field \"%s\" is not defined by type \"%s\".", f->name.value, type->name);
            return -1;
        }
    }
    *out = gql_val_object(arena, type->input_field_count);
    for (uint32_t i = 0; i < type->input_field_count; i++) {
        struct gql_input_value_def *fd = (struct gql_input_value_def *)&type->input_fields[i];
        const struct gql_object_field *given = NULL;
        for (uint32_t k = 0; k < lit->object.count; k++)
            if (lit->object.items[k]->name.len == fd->name_len &&
                memcmp(lit->object.items[k]->name.value, fd->name, fd->name_len) == 0)
                given = lit->object.items[k];
        if (given == NULL) {
            if (fd->has_default) {
                if (ensure_default(fd, arena, message, depth) < 0)
                    return -1;
                gql_val_object_setn(arena, out, fd->name, fd->name_len, fd->default_value);
            } else if (gql_type_def_is_non_null(fd->type)) {
                *message =
                    arena_sprintf(arena,
                                  "Field \"%s.%s\" of required type \"%s\" was not provided.",
                                  type->name,
                                  fd->name,
                                  type_text(arena, fd->type));
                return -1;
            }
            continue;
        }
        struct gql_val fv;
        if (coerce_at(fd->type, given->value, arena, &fv, message, depth + 1) < 0)
            return -1;
        gql_val_object_setn(arena, out, fd->name, fd->name_len, fv);
    }
    if (type->is_one_of) {
        if (out->u.object.count != 1) {
            *message = arena_sprintf(
                arena, "OneOf Input Object \"%s\" must specify exactly one key.", type->name);
            return -1;
        }
        if (out->u.object.fields[0].value.kind == GQL_VAL_NULL) {
            *message = arena_sprintf(arena,
                                     "Field \"%s.%s\" must be non-null.",
                                     type->name,
                                     out->u.object.fields[0].key);
            return -1;
        }
    }
    return 0;
}

static int
coerce_at(const struct gql_type_def *type,
          const struct gql_value *lit,
          struct arena *arena,
          struct gql_val *out,
          const char **message,
          int depth)
{
    if (depth > COERCE_MAX_DEPTH) {
        *message = "Value is nested too deeply.";
        return -1;
    }
    if (type == NULL) {
        *message = "Unknown type.";
        return -1;
    }
    if (type->kind == GQL_TYPE_NON_NULL) {
        if (lit->node.kind == GQL_KIND_NULL_VALUE) {
            *message = arena_sprintf(
                arena, "Expected value of type \"%s\", found null.", type_text(arena, type));
            return -1;
        }
        return coerce_at(type->of_type, lit, arena, out, message, depth);
    }
    if (lit->node.kind == GQL_KIND_NULL_VALUE) {
        *out = gql_val_null();
        return 0;
    }
    if (lit->node.kind == GQL_KIND_VARIABLE) {
        *message =
            arena_sprintf(arena, "Unexpected variable \"$%s\" in constant value.", lit->name.value);
        return -1;
    }
    switch (type->kind) {
    case GQL_TYPE_LIST:
        if (lit->node.kind == GQL_KIND_LIST_VALUE) {
            *out = gql_val_list(arena, lit->list.count);
            for (uint32_t i = 0; i < lit->list.count; i++)
                if (coerce_at(type->of_type,
                              lit->list.items[i],
                              arena,
                              &out->u.list.items[i],
                              message,
                              depth + 1) < 0)
                    return -1;
            return 0;
        } else {
            struct gql_val item;
            if (coerce_at(type->of_type, lit, arena, &item, message, depth + 1) < 0)
                return -1;
            *out = gql_val_list(arena, 1);
            out->u.list.items[0] = item;
            return 0;
        }
    case GQL_TYPE_INPUT_OBJECT:
        return coerce_input_object(type, lit, arena, out, message, depth);
    case GQL_TYPE_SCALAR:
    case GQL_TYPE_ENUM:
        return gql_leaf_parse_literal(type, arena, lit, NULL, out, message);
    default:
        *message =
            arena_sprintf(arena, "Type \"%s\" is not an input type.", type_text(arena, type));
        return -1;
    }
}

int
gql_tsys_coerce_const_literal(const struct gql_type_def *type,
                              const struct gql_value *literal,
                              struct arena *arena,
                              struct gql_val *out,
                              const char **message)
{
    return coerce_at(type, literal, arena, out, message, 0);
}

/*-------------------------------------------------------------------------------------------
 * Re-coercion of every default value.
 *-------------------------------------------------------------------------------------------*/

static void
reset_defaults(struct gql_input_value_def *defs, uint32_t n)
{
    for (uint32_t i = 0; i < n; i++)
        defs[i].default_state = DEFAULT_PENDING;
}

static int
coerce_defaults(struct gql_schema *schema,
                struct gql_input_value_def *defs,
                uint32_t n,
                const char *owner,
                bool is_input_field,
                struct gql_error_list *errors)
{
    int rc = 0;
    for (uint32_t i = 0; i < n; i++) {
        struct gql_input_value_def *d = &defs[i];
        if (!d->has_default || d->default_state == DEFAULT_DONE)
            continue;
        const char *message = NULL;
        if (d->default_state == DEFAULT_PENDING &&
            ensure_default(d, schema->arena, &message, 0) == 0)
            continue;
        rc = -1;
        if (errors == NULL)
            continue;
        struct gql_error *e;
        if (is_input_field)
            e = gql_error_add(errors,
                              NULL,
                              "Input field \"%s.%s\" has invalid default value: %s",
                              owner,
                              d->name,
                              message != NULL ? message : "invalid value.");
        else
            e = gql_error_add(errors,
                              NULL,
                              "Argument \"%s(%s:)\" has invalid default value: %s",
                              owner,
                              d->name,
                              message != NULL ? message : "invalid value.");
        if (d->ast != NULL && d->ast->default_value != NULL)
            gql_error_add_location(errors, e, d->ast->default_value->node.start);
    }
    return rc;
}

int
gql_tsys_recoerce_defaults(struct gql_schema *schema, struct gql_error_list *errors)
{
    for (uint32_t i = 0; i < schema->type_count; i++) {
        struct gql_type_def *t = (struct gql_type_def *)schema->types[i];
        for (uint32_t f = 0; f < t->field_count; f++)
            reset_defaults((struct gql_input_value_def *)t->fields[f].args, t->fields[f].arg_count);
        reset_defaults((struct gql_input_value_def *)t->input_fields, t->input_field_count);
    }
    for (uint32_t i = 0; i < schema->directive_count; i++)
        reset_defaults((struct gql_input_value_def *)schema->directives[i]->args,
                       schema->directives[i]->arg_count);

    int rc = 0;
    struct strbuf sb = STRBUF_INIT;
    for (uint32_t i = 0; i < schema->directive_count; i++) {
        const struct gql_directive_def *d = schema->directives[i];
        strbuf_reset(&sb);
        strbuf_printf(&sb, "@%s", d->name);
        if (coerce_defaults(schema,
                            (struct gql_input_value_def *)d->args,
                            d->arg_count,
                            strbuf_cstr(&sb),
                            false,
                            errors) < 0)
            rc = -1;
    }
    for (uint32_t i = 0; i < schema->type_count; i++) {
        const struct gql_type_def *t = schema->types[i];
        for (uint32_t f = 0; f < t->field_count; f++) {
            strbuf_reset(&sb);
            strbuf_printf(&sb, "%s.%s", t->name, t->fields[f].name);
            if (coerce_defaults(schema,
                                (struct gql_input_value_def *)t->fields[f].args,
                                t->fields[f].arg_count,
                                strbuf_cstr(&sb),
                                false,
                                errors) < 0)
                rc = -1;
        }
        if (coerce_defaults(schema,
                            (struct gql_input_value_def *)t->input_fields,
                            t->input_field_count,
                            t->name,
                            true,
                            errors) < 0)
            rc = -1;
    }
    strbuf_free(&sb);
    return rc;
}

int
gql_schema_set_scalar(struct gql_schema *schema,
                      const char *name,
                      const struct gql_scalar_ops *ops,
                      void *userdata,
                      struct gql_error_list *errors)
{
    struct gql_type_def *t = (struct gql_type_def *)gql_schema_type(schema, name, strlen(name));
    if (t == NULL || t->kind != GQL_TYPE_SCALAR || t->builtin) {
        if (errors != NULL)
            gql_error_add(errors,
                          NULL,
                          t == NULL ? "Cannot attach coercion to \"%s\": no such scalar type."
                                    : "Cannot attach coercion to \"%s\": not a custom scalar type.",
                          name);
        return -1;
    }
    t->scalar_ops = ops;
    t->scalar_data = userdata;
    return gql_tsys_recoerce_defaults(schema, errors);
}

/*-------------------------------------------------------------------------------------------
 * Printing an internal value as a literal (astFromValue + print).
 *-------------------------------------------------------------------------------------------*/

static bool
is_integer_text(const char *s, size_t n)
{
    size_t i = 0;
    if (i < n && s[i] == '-')
        i++;
    if (i == n)
        return false;
    if (s[i] == '0')
        return i + 1 == n;
    for (; i < n; i++)
        if (s[i] < '0' || s[i] > '9')
            return false;
    return true;
}

/* Returns 1 when printed, 0 when the value has no literal (graphql-js returns null). */
static int
print_value_at(const struct gql_type_def *type,
               const struct gql_val *v,
               struct arena *arena,
               struct strbuf *out,
               int depth)
{
    if (depth > COERCE_MAX_DEPTH || type == NULL)
        return 0;
    if (type->kind == GQL_TYPE_NON_NULL) {
        if (v == NULL || v->kind == GQL_VAL_NULL)
            return 0;
        return print_value_at(type->of_type, v, arena, out, depth);
    }
    if (v == NULL)
        return 0;
    if (v->kind == GQL_VAL_NULL) {
        strbuf_puts(out, "null");
        return 1;
    }
    switch (type->kind) {
    case GQL_TYPE_LIST:
        if (v->kind != GQL_VAL_LIST)
            return print_value_at(type->of_type, v, arena, out, depth + 1);
        strbuf_putc(out, '[');
        for (size_t i = 0, k = 0; i < v->u.list.count; i++) {
            size_t mark = out->len;
            if (k)
                strbuf_puts(out, ", ");
            if (print_value_at(type->of_type, &v->u.list.items[i], arena, out, depth + 1))
                k++;
            else
                strbuf_truncate(out, mark);
        }
        strbuf_putc(out, ']');
        return 1;
    case GQL_TYPE_INPUT_OBJECT:
        if (v->kind != GQL_VAL_OBJECT)
            return 0;
        strbuf_putc(out, '{');
        for (uint32_t i = 0, k = 0; i < type->input_field_count; i++) {
            const struct gql_input_value_def *fd = &type->input_fields[i];
            const struct gql_val *fv = gql_val_object_getn(v, fd->name, fd->name_len);
            if (fv == NULL)
                continue;
            size_t mark = out->len;
            if (k)
                strbuf_puts(out, ", ");
            strbuf_append(out, fd->name, fd->name_len);
            strbuf_puts(out, ": ");
            if (print_value_at(fd->type, fv, arena, out, depth + 1))
                k++;
            else
                strbuf_truncate(out, mark);
        }
        strbuf_putc(out, '}');
        return 1;
    case GQL_TYPE_SCALAR:
    case GQL_TYPE_ENUM: {
        struct gql_val s;
        const char *message = NULL;
        if (gql_leaf_serialize(type, arena, v, &s, &message) < 0)
            return 0;
        switch (s.kind) {
        case GQL_VAL_NULL:
            return 0;
        case GQL_VAL_BOOLEAN:
            strbuf_puts(out, s.u.boolean ? "true" : "false");
            return 1;
        case GQL_VAL_INT:
            strbuf_append_int(out, s.u.int_);
            return 1;
        case GQL_VAL_FLOAT:
            if (!isfinite(s.u.float_))
                return 0;
            gql_json_append_double(out, s.u.float_);
            return 1;
        case GQL_VAL_STRING:
        case GQL_VAL_ENUM:
            if (type->kind == GQL_TYPE_ENUM || (type->builtin && strcmp(type->name, "ID") == 0 &&
                                                is_integer_text(s.u.string.ptr, s.u.string.len)))
                strbuf_append(out, s.u.string.ptr, s.u.string.len);
            else
                gql_print_string(out, s.u.string.ptr, s.u.string.len);
            return 1;
        default:
            gql_val_write_literal(&s, out); /* a custom scalar's list or object */
            return 1;
        }
    }
    default:
        return 0;
    }
}

int
gql_print_input_value(const struct gql_type_def *type,
                      const struct gql_val *v,
                      struct arena *arena,
                      struct strbuf *out)
{
    size_t mark = out->len;
    if (print_value_at(type, v, arena, out, 0))
        return 0;
    strbuf_truncate(out, mark);
    return -1;
}
