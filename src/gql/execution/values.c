/*
 * Input coercion (GraphQL specification §6.1.2 "Coercing Variable Values", §6.4.1 "Coercing
 * Field Arguments", §3.10 input object coercion incl. @oneOf; graphql-js execution/values.ts,
 * utilities/coerceInputValue.ts and utilities/valueFromAST.ts).
 *
 * Variables arrive as runtime values converted from the transport's JSON; literals come from
 * the document. Both become internal runtime values: enums as ENUM, input objects as OBJECT
 * (fields in declaration order), lists as LIST, scalars as their scalar hooks produce them.
 * Error messages are worded as graphql-js words them.
 *
 * Recursion follows the nesting of the input value, bounded by GQL_VALUE_MAX_DEPTH.
 */
#include "exec.h"
#include "gql/printer.h"

#include <stdarg.h>
#include <string.h>

/*-------------------------------------------------------------------------------------------
 * valueFromAST
 *-------------------------------------------------------------------------------------------*/

static bool
is_missing_variable(const struct gql_value *literal, const struct gql_val *vars)
{
    return literal->node.kind == GQL_KIND_VARIABLE &&
           gql_val_object_getn(vars, literal->name.value, literal->name.len) == NULL;
}

static int
from_ast(struct arena *arena,
         const struct gql_value *lit,
         const struct gql_type_def *type,
         const struct gql_val *vars,
         struct gql_val *out,
         int depth)
{
    if (depth > GQL_VALUE_MAX_DEPTH)
        return -1;
    if (lit->node.kind == GQL_KIND_VARIABLE) {
        const struct gql_val *v = gql_val_object_getn(vars, lit->name.value, lit->name.len);
        if (v == NULL)
            return -1;
        if (v->kind == GQL_VAL_NULL && type->kind == GQL_TYPE_NON_NULL)
            return -1;
        *out = *v;
        return 0;
    }
    if (type->kind == GQL_TYPE_NON_NULL) {
        if (lit->node.kind == GQL_KIND_NULL_VALUE)
            return -1;
        return from_ast(arena, lit, type->of_type, vars, out, depth);
    }
    if (lit->node.kind == GQL_KIND_NULL_VALUE) {
        *out = gql_val_null();
        return 0;
    }
    switch (type->kind) {
    case GQL_TYPE_LIST: {
        const struct gql_type_def *item_type = type->of_type;
        if (lit->node.kind != GQL_KIND_LIST_VALUE) {
            struct gql_val item;
            if (from_ast(arena, lit, item_type, vars, &item, depth + 1) < 0)
                return -1;
            *out = gql_val_list(arena, 1);
            out->u.list.items[0] = item;
            return 0;
        }
        struct gql_val list = gql_val_list(arena, lit->list.count);
        for (uint32_t i = 0; i < lit->list.count; i++) {
            const struct gql_value *item = lit->list.items[i];
            if (is_missing_variable(item, vars)) {
                if (item_type->kind == GQL_TYPE_NON_NULL)
                    return -1;
                list.u.list.items[i] = gql_val_null();
            } else if (from_ast(arena, item, item_type, vars, &list.u.list.items[i], depth + 1) <
                       0) {
                return -1;
            }
        }
        *out = list;
        return 0;
    }
    case GQL_TYPE_INPUT_OBJECT: {
        if (lit->node.kind != GQL_KIND_OBJECT_VALUE)
            return -1;
        struct gql_val obj = gql_val_object(arena, type->input_field_count);
        for (uint32_t i = 0; i < type->input_field_count; i++) {
            const struct gql_input_value_def *f = &type->input_fields[i];
            const struct gql_object_field *node = NULL;
            for (uint32_t k = 0; k < lit->object.count; k++) /* last one wins, as keyMap */
                if (lit->object.items[k]->name.len == f->name_len &&
                    memcmp(lit->object.items[k]->name.value, f->name, f->name_len) == 0)
                    node = lit->object.items[k];
            if (node == NULL || is_missing_variable(node->value, vars)) {
                if (f->has_default)
                    gql_val_object_setn(arena, &obj, f->name, f->name_len, f->default_value);
                else if (f->type->kind == GQL_TYPE_NON_NULL)
                    return -1;
                continue;
            }
            struct gql_val fv;
            if (from_ast(arena, node->value, f->type, vars, &fv, depth + 1) < 0)
                return -1;
            gql_val_object_setn(arena, &obj, f->name, f->name_len, fv);
        }
        if (type->is_one_of &&
            (obj.u.object.count != 1 || obj.u.object.fields[0].value.kind == GQL_VAL_NULL))
            return -1;
        *out = obj;
        return 0;
    }
    case GQL_TYPE_SCALAR:
    case GQL_TYPE_ENUM: {
        const char *message = NULL;
        if (gql_leaf_parse_literal(type, arena, lit, vars, out, &message) < 0)
            return -1;
        return 0;
    }
    default:
        return -1;
    }
}

/*
 * graphql-js valueFromAST: the internal value of literal for type, with variables from
 * vars (coerced OBJECT, may be NULL). Returns 0, or -1 when the literal is invalid.
 */
static int
value_from_ast(struct arena *arena,
               const struct gql_value *literal,
               const struct gql_type_def *type,
               const struct gql_val *vars,
               struct gql_val *out)
{
    return from_ast(arena, literal, type, vars, out, 0);
}

/*-------------------------------------------------------------------------------------------
 * coerceInputValue (variable values)
 *-------------------------------------------------------------------------------------------*/

/* A path inside an input value: ".field" and "[3]" segments, innermost last. */
struct in_path {
    const struct in_path *prev;
    const char *key; /* NULL: index */
    size_t key_len;
    size_t index;
};

struct var_ctx {
    struct gql_exec *ex;
    const struct gql_variable_definition *def;
    const char *var_name;
    bool too_many; /* the error cap was reached: stop */
};

static void
print_in_path(struct strbuf *sb, const struct in_path *p)
{
    if (p == NULL)
        return;
    print_in_path(sb, p->prev);
    if (p->key) {
        strbuf_putc(sb, '.');
        strbuf_append(sb, p->key, p->key_len);
    } else {
        strbuf_printf(sb, "[%zu]", p->index);
    }
}

/* The onError callback of coerceVariableValues (graphql-js wording). */
static void __attribute__((format(printf, 5, 6))) var_error(struct var_ctx *vc,
                                                            const struct in_path *path,
                                                            const struct in_path *extra,
                                                            const struct gql_val *invalid,
                                                            const char *fmt,
                                                            ...)
{
    struct gql_exec *ex = vc->ex;
    if (vc->too_many)
        return;
    if (ex->errors.count >= GQL_VARIABLE_MAX_ERRORS) {
        gql_error_add(&ex->errors,
                      GQL_CODE_BAD_USER_INPUT,
                      "Too many errors processing variables, error limit reached. Execution "
                      "aborted.");
        vc->too_many = true;
        return;
    }
    struct strbuf sb = STRBUF_INIT;
    strbuf_printf(&sb, "Variable \"$%s\" got invalid value ", vc->var_name);
    gql_val_write_graphql(invalid, &sb);
    if (path || extra) {
        strbuf_printf(&sb, " at \"%s", vc->var_name);
        print_in_path(&sb, path);
        print_in_path(&sb, extra);
        strbuf_putc(&sb, '"');
    }
    strbuf_puts(&sb, "; ");
    va_list ap;
    va_start(ap, fmt);
    strbuf_puts(&sb, gql_format_v(ex->arena, fmt, ap));
    va_end(ap);
    struct gql_error *e = gql_error_add_message(&ex->errors, GQL_CODE_BAD_USER_INPUT, sb.data);
    gql_error_add_location(&ex->errors, e, vc->def->node.start);
    strbuf_free(&sb);
}

static const char *
type_str(struct gql_exec *ex, const struct gql_type_def *t)
{
    return gql_type_def_to_string(ex->arena, t);
}

static void
coerce_input(struct var_ctx *vc,
             const struct gql_val *in,
             const struct gql_type_def *type,
             const struct in_path *path,
             struct gql_val *out,
             int depth)
{
    struct gql_exec *ex = vc->ex;
    *out = gql_val_null();
    if (vc->too_many)
        return;
    if (depth > GQL_VALUE_MAX_DEPTH) {
        var_error(vc, path, NULL, in, "Input value is nested too deeply.");
        return;
    }
    if (type->kind == GQL_TYPE_NON_NULL) {
        if (in != NULL && in->kind != GQL_VAL_NULL) {
            coerce_input(vc, in, type->of_type, path, out, depth);
            return;
        }
        var_error(vc,
                  path,
                  NULL,
                  in,
                  "Expected non-nullable type \"%s\" not to be null.",
                  type_str(ex, type));
        return;
    }
    if (in == NULL || in->kind == GQL_VAL_NULL)
        return;
    switch (type->kind) {
    case GQL_TYPE_LIST:
        if (in->kind == GQL_VAL_LIST) {
            *out = gql_val_list(ex->arena, in->u.list.count);
            for (size_t i = 0; i < in->u.list.count; i++) {
                struct in_path p = {path, NULL, 0, i};
                coerce_input(
                    vc, &in->u.list.items[i], type->of_type, &p, &out->u.list.items[i], depth + 1);
            }
        } else {
            *out = gql_val_list(ex->arena, 1);
            coerce_input(vc, in, type->of_type, path, &out->u.list.items[0], depth + 1);
        }
        return;
    case GQL_TYPE_INPUT_OBJECT: {
        if (in->kind != GQL_VAL_OBJECT) {
            var_error(vc, path, NULL, in, "Expected type \"%s\" to be an object.", type->name);
            return;
        }
        struct gql_val obj = gql_val_object(ex->arena, type->input_field_count);
        for (uint32_t i = 0; i < type->input_field_count; i++) {
            const struct gql_input_value_def *f = &type->input_fields[i];
            const struct gql_val *fv = gql_val_object_getn(in, f->name, f->name_len);
            if (fv == NULL) {
                if (f->has_default)
                    gql_val_object_setn(ex->arena, &obj, f->name, f->name_len, f->default_value);
                else if (f->type->kind == GQL_TYPE_NON_NULL)
                    var_error(vc,
                              path,
                              NULL,
                              in,
                              "Field \"%s\" of required type \"%s\" was not provided.",
                              f->name,
                              type_str(ex, f->type));
                continue;
            }
            struct in_path p = {path, f->name, f->name_len, 0};
            struct gql_val cv;
            coerce_input(vc, fv, f->type, &p, &cv, depth + 1);
            gql_val_object_setn(ex->arena, &obj, f->name, f->name_len, cv);
        }
        for (size_t i = 0; i < in->u.object.count; i++) {
            const struct gql_val_field *kf = &in->u.object.fields[i];
            if (gql_type_def_input_field(type, kf->key, kf->key_len) == NULL)
                var_error(vc,
                          path,
                          NULL,
                          in,
                          "Field \"%s\" is not defined by type \"%s\".",
                          kf->key,
                          type->name);
        }
        if (type->is_one_of) {
            if (obj.u.object.count != 1) {
                var_error(vc,
                          path,
                          NULL,
                          in,
                          "Exactly one key must be specified for OneOf type \"%s\".",
                          type->name);
            }
            if (obj.u.object.count >= 1 && obj.u.object.fields[0].value.kind == GQL_VAL_NULL) {
                const struct gql_val_field *kf = &obj.u.object.fields[0];
                struct in_path p = {NULL, kf->key, kf->key_len, 0};
                var_error(vc, path, &p, &kf->value, "Field \"%s\" must be non-null.", kf->key);
            }
        }
        *out = obj;
        return;
    }
    case GQL_TYPE_SCALAR:
    case GQL_TYPE_ENUM: {
        const char *message = NULL;
        if (gql_leaf_parse_value(type, ex->arena, in, out, &message) < 0) {
            *out = gql_val_null();
            if (message)
                var_error(vc, path, NULL, in, "%s", message);
            else
                var_error(vc, path, NULL, in, "Expected type \"%s\".", type->name);
        }
        return;
    }
    default:
        return;
    }
}

int
gql_exec_coerce_variable_values(struct gql_exec *ex, const struct gql_val *raw, struct gql_val *out)
{
    const struct gql_variable_definition_list *defs = &ex->op->variable_definitions;
    uint32_t errors_before = ex->errors.count;
    *out = gql_val_object(ex->arena, defs->count);
    struct var_ctx vc = {ex, NULL, NULL, false};
    for (uint32_t i = 0; i < defs->count && !vc.too_many; i++) {
        const struct gql_variable_definition *def = defs->items[i];
        const struct gql_name *name = &def->variable->name;
        vc.def = def;
        vc.var_name = name->value;
        const struct gql_type_def *type =
            gql_schema_type_from_ast(ex->schema, ex->arena, def->type);
        if (type == NULL || !gql_type_def_is_input(type)) {
            struct strbuf sb = STRBUF_INIT;
            gql_print(&def->type->node, NULL, &sb);
            struct gql_error *e = gql_error_add(&ex->errors,
                                                GQL_CODE_BAD_USER_INPUT,
                                                "Variable \"$%s\" expected value of type \"%s\" "
                                                "which cannot be used as an input type.",
                                                name->value,
                                                strbuf_cstr(&sb));
            gql_error_add_location(&ex->errors, e, def->type->node.start);
            strbuf_free(&sb);
            continue;
        }
        const struct gql_val *given = gql_val_object_getn(raw, name->value, name->len);
        if (given == NULL) {
            if (def->default_value) {
                struct gql_val dv;
                if (value_from_ast(ex->arena, def->default_value, type, NULL, &dv) == 0)
                    gql_val_object_setn(ex->arena, out, name->value, name->len, dv);
            } else if (type->kind == GQL_TYPE_NON_NULL) {
                struct gql_error *e =
                    gql_error_add(&ex->errors,
                                  GQL_CODE_BAD_USER_INPUT,
                                  "Variable \"$%s\" of required type \"%s\" was not provided.",
                                  name->value,
                                  type_str(ex, type));
                gql_error_add_location(&ex->errors, e, def->node.start);
            }
            continue;
        }
        if (given->kind == GQL_VAL_NULL && type->kind == GQL_TYPE_NON_NULL) {
            struct gql_error *e =
                gql_error_add(&ex->errors,
                              GQL_CODE_BAD_USER_INPUT,
                              "Variable \"$%s\" of non-null type \"%s\" must not be null.",
                              name->value,
                              type_str(ex, type));
            gql_error_add_location(&ex->errors, e, def->node.start);
            continue;
        }
        struct gql_val cv;
        coerce_input(&vc, given, type, NULL, &cv, 0);
        gql_val_object_setn(ex->arena, out, name->value, name->len, cv);
    }
    return ex->errors.count > errors_before ? -1 : 0;
}

/*-------------------------------------------------------------------------------------------
 * CoerceArgumentValues
 *-------------------------------------------------------------------------------------------*/

int
gql_exec_coerce_argument_values(struct gql_exec *ex,
                                const struct gql_input_value_def *defs,
                                uint32_t def_count,
                                const struct gql_argument_list *nodes,
                                uint32_t node_offset,
                                struct gql_val *out,
                                const char **message,
                                uint32_t *offset)
{
    *out = gql_val_object(ex->arena, def_count);
    for (uint32_t i = 0; i < def_count; i++) {
        const struct gql_input_value_def *def = &defs[i];
        const struct gql_argument *node = NULL;
        for (uint32_t k = 0; k < nodes->count; k++) /* last one wins, as keyMap */
            if (nodes->items[k]->name.len == def->name_len &&
                memcmp(nodes->items[k]->name.value, def->name, def->name_len) == 0)
                node = nodes->items[k];
        if (node == NULL) {
            if (def->has_default) {
                gql_val_object_setn(ex->arena, out, def->name, def->name_len, def->default_value);
            } else if (def->type->kind == GQL_TYPE_NON_NULL) {
                *message = arena_sprintf(ex->arena,
                                         "Argument \"%s\" of required type \"%s\" was not "
                                         "provided.",
                                         def->name,
                                         type_str(ex, def->type));
                *offset = node_offset;
                return -1;
            }
            continue;
        }
        const struct gql_value *lit = node->value;
        bool is_null = lit->node.kind == GQL_KIND_NULL_VALUE;
        if (lit->node.kind == GQL_KIND_VARIABLE) {
            const struct gql_val *v =
                gql_val_object_getn(&ex->variables, lit->name.value, lit->name.len);
            if (v == NULL) {
                if (def->has_default) {
                    gql_val_object_setn(
                        ex->arena, out, def->name, def->name_len, def->default_value);
                } else if (def->type->kind == GQL_TYPE_NON_NULL) {
                    *message = arena_sprintf(ex->arena,
                                             "Argument \"%s\" of required type \"%s\" was "
                                             "provided the variable \"$%s\" which was not "
                                             "provided a runtime value.",
                                             def->name,
                                             type_str(ex, def->type),
                                             lit->name.value);
                    *offset = lit->node.start;
                    return -1;
                }
                continue;
            }
            is_null = v->kind == GQL_VAL_NULL;
        }
        if (is_null && def->type->kind == GQL_TYPE_NON_NULL) {
            *message = arena_sprintf(ex->arena,
                                     "Argument \"%s\" of non-null type \"%s\" must not be null.",
                                     def->name,
                                     type_str(ex, def->type));
            *offset = lit->node.start;
            return -1;
        }
        struct gql_val cv;
        if (value_from_ast(ex->arena, lit, def->type, &ex->variables, &cv) < 0) {
            struct strbuf sb = STRBUF_INIT;
            gql_print(&lit->node, NULL, &sb);
            *message = arena_sprintf(
                ex->arena, "Argument \"%s\" has invalid value %s.", def->name, strbuf_cstr(&sb));
            strbuf_free(&sb);
            *offset = lit->node.start;
            return -1;
        }
        gql_val_object_setn(ex->arena, out, def->name, def->name_len, cv);
    }
    return 0;
}
