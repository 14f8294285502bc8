/*
 * Resolver bindings on a built schema (issue 3: resolvers are bound by name, "Type.field" ->
 * C function, and a field with neither a resolver nor an allowed default property resolver,
 * or a binding naming no field, stops the start). Implements gql_schema_bind() and
 * gql_schema_bind_type() declared in gql/execute.h, and the checks of gql/schema.h.
 *
 * Bindings are written at start-up, before the schema is shared between threads; the
 * schema is read-only afterwards.
 */
#include "core/arena.h"
#include "gql/execute.h"
#include "gql/schema.h"
#include "type_internal.h"

#include <string.h>

static void
remember_failure(struct gql_schema *schema, const char *coordinate, const char *message)
{
    struct gql_schema_binding_error *e = arena_calloc(schema->arena, 1, sizeof *e);
    e->coordinate = arena_strdup(schema->arena, coordinate);
    e->message = message;
    /* Append, so failures are reported in the order they happened. */
    struct gql_schema_binding_error **tail = &schema->binding_errors;
    while (*tail != NULL)
        tail = &(*tail)->next;
    *tail = e;
}

/* Splits "Type.field"; returns the field or NULL. */
static struct gql_field_def *
field_of_coordinate(const struct gql_schema *schema, const char *coordinate)
{
    const char *dot = strchr(coordinate, '.');
    if (dot == NULL || dot == coordinate || dot[1] == '\0')
        return NULL;
    const struct gql_type_def *t = gql_schema_type(schema, coordinate, (size_t)(dot - coordinate));
    if (t == NULL || t->introspection)
        return NULL;
    return (struct gql_field_def *)gql_type_def_field(t, dot + 1, strlen(dot + 1));
}

int
gql_schema_bind(struct gql_schema *schema,
                const char *coordinate,
                gql_resolve_fn fn,
                void *userdata)
{
    struct gql_field_def *f = field_of_coordinate(schema, coordinate);
    if (f == NULL || fn == NULL) {
        remember_failure(schema,
                         coordinate,
                         arena_sprintf(schema->arena,
                                       fn == NULL ? "Resolver bound to \"%s\" is NULL."
                                                  : "Resolver bound to \"%s\", which is not a "
                                                    "field of an object or interface type.",
                                       coordinate));
        return -1;
    }
    f->resolve = fn;
    f->resolve_data = userdata;
    f->resolve_inherited = false;
    const struct gql_type_def *parent = f->parent;
    if (parent->kind != GQL_TYPE_INTERFACE)
        return 0;
    /* The implementations without a binding of their own inherit this one. */
    for (uint32_t i = 0; i < parent->possible_type_count; i++) {
        struct gql_field_def *impl = (struct gql_field_def *)gql_type_def_field(
            parent->possible_types[i], f->name, f->name_len);
        if (impl != NULL && (impl->resolve == NULL || impl->resolve_inherited)) {
            impl->resolve = fn;
            impl->resolve_data = userdata;
            impl->resolve_inherited = true;
        }
    }
    for (uint32_t i = 0; i < parent->implementing_interface_count; i++) {
        struct gql_field_def *impl = (struct gql_field_def *)gql_type_def_field(
            parent->implementing_interfaces[i], f->name, f->name_len);
        if (impl != NULL && (impl->resolve == NULL || impl->resolve_inherited)) {
            impl->resolve = fn;
            impl->resolve_data = userdata;
            impl->resolve_inherited = true;
        }
    }
    return 0;
}

int
gql_schema_bind_type(struct gql_schema *schema,
                     const char *type_name,
                     gql_resolve_type_fn fn,
                     void *userdata)
{
    struct gql_type_def *t =
        (struct gql_type_def *)gql_schema_type(schema, type_name, strlen(type_name));
    if (t == NULL || !gql_type_def_is_abstract(t) || fn == NULL) {
        remember_failure(schema,
                         type_name,
                         arena_sprintf(schema->arena,
                                       "Type resolver bound to \"%s\", which is not an interface "
                                       "or union type.",
                                       type_name));
        return -1;
    }
    t->resolve_type = fn;
    t->resolve_type_data = userdata;
    return 0;
}

int
gql_schema_bind_all(struct gql_schema *schema, const struct gql_resolver_binding *table, size_t n)
{
    int rc = 0;
    for (size_t i = 0; i < n; i++)
        if (gql_schema_bind(schema, table[i].coordinate, table[i].fn, table[i].userdata) < 0)
            rc = -1;
    return rc;
}

static void
allow_type(struct gql_type_def *t)
{
    for (uint32_t i = 0; i < t->field_count; i++)
        ((struct gql_field_def *)&t->fields[i])->default_resolver_allowed = true;
}

int
gql_schema_allow_default_resolver(struct gql_schema *schema, const char *pattern)
{
    if (strcmp(pattern, "*") == 0) {
        for (uint32_t i = 0; i < schema->type_count; i++) {
            struct gql_type_def *t = (struct gql_type_def *)schema->types[i];
            if (t->kind == GQL_TYPE_OBJECT || t->kind == GQL_TYPE_INTERFACE)
                allow_type(t);
        }
        return 0;
    }
    const char *dot = strchr(pattern, '.');
    if (dot == NULL) {
        struct gql_type_def *t =
            (struct gql_type_def *)gql_schema_type(schema, pattern, strlen(pattern));
        if (t == NULL || (t->kind != GQL_TYPE_OBJECT && t->kind != GQL_TYPE_INTERFACE))
            return -1;
        allow_type(t);
        return 0;
    }
    struct gql_field_def *f = field_of_coordinate(schema, pattern);
    if (f == NULL)
        return -1;
    f->default_resolver_allowed = true;
    return 0;
}

int
gql_schema_check_bindings(const struct gql_schema *schema, struct gql_error_list *errors)
{
    int rc = 0;
    for (uint32_t i = 0; i < schema->type_count; i++) {
        const struct gql_type_def *t = schema->types[i];
        if (t->kind != GQL_TYPE_OBJECT || t->introspection)
            continue;
        for (uint32_t k = 0; k < t->field_count; k++) {
            const struct gql_field_def *f = &t->fields[k];
            if (f->resolve != NULL || f->default_resolver_allowed)
                continue;
            gql_error_add(errors, NULL, "No resolver for field %s.%s.", t->name, f->name);
            rc = -1;
        }
    }
    for (const struct gql_schema_binding_error *e = schema->binding_errors; e != NULL;
         e = e->next) {
        gql_error_add_message(errors, NULL, e->message);
        rc = -1;
    }
    return rc;
}
