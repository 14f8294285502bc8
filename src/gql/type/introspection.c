/*
 * Introspection (GraphQL specification, October 2021, §4; graphql-js type/introspection.ts):
 * the meta fields __schema, __type(name:) and __typename, and resolvers for every field of
 * __Schema, __Type, __Field, __InputValue, __EnumValue and __Directive, bound to those
 * types like any application resolver. The introspection types themselves come from the
 * prelude SDL (prelude.c).
 *
 * Introspection objects are OPAQUE values pointing at the schema's own structures: a
 * __Type is a const struct gql_type_def * (named or wrapping), a __Field a
 * const struct gql_field_def *, and so on. Nothing is copied: names and descriptions are
 * returned as references into the schema arena, which outlives every request.
 */
#include "core/arena.h"
#include "core/strbuf.h"
#include "gql/execute.h"
#include "gql/schema.h"
#include "type_internal.h"

#include <string.h>

/*-------------------------------------------------------------------------------------------
 * Value helpers.
 *-------------------------------------------------------------------------------------------*/

static struct gql_val
str_or_null(const char *s)
{
    if (s == NULL)
        return gql_val_null();
    return gql_val_string_ref(s, strlen(s));
}

static struct gql_val
enum_ref(const char *name)
{
    struct gql_val v;
    memset(&v, 0, sizeof v);
    v.kind = GQL_VAL_ENUM;
    v.u.string.ptr = name;
    v.u.string.len = strlen(name);
    return v;
}

static struct gql_val
obj(const void *p, const char *type_name)
{
    return gql_val_opaque((void *)p, type_name);
}

static const void *
source_ptr(const struct gql_resolve_info *info)
{
    if (info->source == NULL || info->source->kind != GQL_VAL_OPAQUE)
        return NULL;
    return info->source->u.opaque.ptr;
}

static bool
include_deprecated(const struct gql_resolve_info *info)
{
    const struct gql_val *v = gql_val_object_get(info->args, "includeDeprecated");
    return v != NULL && v->kind == GQL_VAL_BOOLEAN && v->u.boolean;
}

/* Rejects a resolver call whose parent is not the expected introspection object. */
static int
bad_source(const struct gql_resolve_info *info)
{
    (void)info;
    return GQL_RESOLVE_ERROR;
}

static struct gql_val
type_list(struct arena *arena, const struct gql_type_def *const *types, uint32_t n)
{
    struct gql_val v = gql_val_list(arena, n);
    for (uint32_t i = 0; i < n; i++)
        v.u.list.items[i] = obj(types[i], "__Type");
    return v;
}

static struct gql_val
input_value_list(struct arena *arena,
                 const struct gql_input_value_def *defs,
                 uint32_t n,
                 bool with_deprecated)
{
    uint32_t k = 0;
    for (uint32_t i = 0; i < n; i++)
        if (with_deprecated || defs[i].deprecation_reason == NULL)
            k++;
    struct gql_val v = gql_val_list(arena, k);
    k = 0;
    for (uint32_t i = 0; i < n; i++)
        if (with_deprecated || defs[i].deprecation_reason == NULL)
            v.u.list.items[k++] = obj(&defs[i], "__InputValue");
    return v;
}

/*-------------------------------------------------------------------------------------------
 * Meta fields.
 *-------------------------------------------------------------------------------------------*/

static int
resolve_schema_meta(const struct gql_resolve_info *info, struct gql_val *out)
{
    *out = obj(info->schema, "__Schema");
    return 0;
}

static int
resolve_type_meta(const struct gql_resolve_info *info, struct gql_val *out)
{
    const struct gql_val *name = gql_val_object_get(info->args, "name");
    if (name == NULL || name->kind != GQL_VAL_STRING) {
        *out = gql_val_null();
        return 0;
    }
    const struct gql_type_def *t =
        gql_schema_type(info->schema, name->u.string.ptr, name->u.string.len);
    *out = t != NULL ? obj(t, "__Type") : gql_val_null();
    return 0;
}

static int
resolve_typename_meta(const struct gql_resolve_info *info, struct gql_val *out)
{
    const struct gql_type_def *t = info->parent_type;
    *out = t != NULL ? gql_val_string_ref(t->name, t->name_len) : gql_val_null();
    return 0;
}

/*-------------------------------------------------------------------------------------------
 * __Schema.
 *-------------------------------------------------------------------------------------------*/

static int
schema_description(const struct gql_resolve_info *info, struct gql_val *out)
{
    const struct gql_schema *s = source_ptr(info);
    if (s == NULL)
        return bad_source(info);
    *out = str_or_null(s->description);
    return 0;
}

static int
schema_types(const struct gql_resolve_info *info, struct gql_val *out)
{
    const struct gql_schema *s = source_ptr(info);
    if (s == NULL)
        return bad_source(info);
    *out = type_list(info->arena, s->types, s->type_count);
    return 0;
}

static int
root_or_null(const struct gql_resolve_info *info, struct gql_val *out, enum gql_operation_type op)
{
    const struct gql_schema *s = source_ptr(info);
    if (s == NULL)
        return bad_source(info);
    const struct gql_type_def *t = gql_schema_root_type(s, op);
    *out = t != NULL ? obj(t, "__Type") : gql_val_null();
    return 0;
}

static int
schema_query_type(const struct gql_resolve_info *info, struct gql_val *out)
{
    return root_or_null(info, out, GQL_OP_QUERY);
}

static int
schema_mutation_type(const struct gql_resolve_info *info, struct gql_val *out)
{
    return root_or_null(info, out, GQL_OP_MUTATION);
}

static int
schema_subscription_type(const struct gql_resolve_info *info, struct gql_val *out)
{
    return root_or_null(info, out, GQL_OP_SUBSCRIPTION);
}

static int
schema_directives(const struct gql_resolve_info *info, struct gql_val *out)
{
    const struct gql_schema *s = source_ptr(info);
    if (s == NULL)
        return bad_source(info);
    *out = gql_val_list(info->arena, s->directive_count);
    for (uint32_t i = 0; i < s->directive_count; i++)
        out->u.list.items[i] = obj(s->directives[i], "__Directive");
    return 0;
}

/*-------------------------------------------------------------------------------------------
 * __Type.
 *-------------------------------------------------------------------------------------------*/

#define TYPE_SOURCE(t)                                                                             \
    const struct gql_type_def *t = source_ptr(info);                                               \
    if (t == NULL)                                                                                 \
    return bad_source(info)

static int
type_kind(const struct gql_resolve_info *info, struct gql_val *out)
{
    TYPE_SOURCE(t);
    *out = enum_ref(gql_type_kind_name(t->kind));
    return 0;
}

static int
type_name(const struct gql_resolve_info *info, struct gql_val *out)
{
    TYPE_SOURCE(t);
    *out = str_or_null(t->name);
    return 0;
}

static int
type_description(const struct gql_resolve_info *info, struct gql_val *out)
{
    TYPE_SOURCE(t);
    *out = str_or_null(t->description);
    return 0;
}

static int
type_specified_by_url(const struct gql_resolve_info *info, struct gql_val *out)
{
    TYPE_SOURCE(t);
    *out = t->kind == GQL_TYPE_SCALAR ? str_or_null(t->specified_by_url) : gql_val_null();
    return 0;
}

static int
type_fields(const struct gql_resolve_info *info, struct gql_val *out)
{
    TYPE_SOURCE(t);
    if (t->kind != GQL_TYPE_OBJECT && t->kind != GQL_TYPE_INTERFACE) {
        *out = gql_val_null();
        return 0;
    }
    bool all = include_deprecated(info);
    uint32_t k = 0;
    for (uint32_t i = 0; i < t->field_count; i++)
        if (all || t->fields[i].deprecation_reason == NULL)
            k++;
    *out = gql_val_list(info->arena, k);
    k = 0;
    for (uint32_t i = 0; i < t->field_count; i++)
        if (all || t->fields[i].deprecation_reason == NULL)
            out->u.list.items[k++] = obj(&t->fields[i], "__Field");
    return 0;
}

static int
type_interfaces(const struct gql_resolve_info *info, struct gql_val *out)
{
    TYPE_SOURCE(t);
    if (t->kind != GQL_TYPE_OBJECT && t->kind != GQL_TYPE_INTERFACE) {
        *out = gql_val_null();
        return 0;
    }
    *out = type_list(info->arena, t->interfaces, t->interface_count);
    return 0;
}

static int
type_possible_types(const struct gql_resolve_info *info, struct gql_val *out)
{
    TYPE_SOURCE(t);
    if (!gql_type_def_is_abstract(t)) {
        *out = gql_val_null();
        return 0;
    }
    *out = type_list(info->arena, t->possible_types, t->possible_type_count);
    return 0;
}

static int
type_enum_values(const struct gql_resolve_info *info, struct gql_val *out)
{
    TYPE_SOURCE(t);
    if (t->kind != GQL_TYPE_ENUM) {
        *out = gql_val_null();
        return 0;
    }
    bool all = include_deprecated(info);
    uint32_t k = 0;
    for (uint32_t i = 0; i < t->enum_value_count; i++)
        if (all || t->enum_values[i].deprecation_reason == NULL)
            k++;
    *out = gql_val_list(info->arena, k);
    k = 0;
    for (uint32_t i = 0; i < t->enum_value_count; i++)
        if (all || t->enum_values[i].deprecation_reason == NULL)
            out->u.list.items[k++] = obj(&t->enum_values[i], "__EnumValue");
    return 0;
}

static int
type_input_fields(const struct gql_resolve_info *info, struct gql_val *out)
{
    TYPE_SOURCE(t);
    if (t->kind != GQL_TYPE_INPUT_OBJECT) {
        *out = gql_val_null();
        return 0;
    }
    *out = input_value_list(
        info->arena, t->input_fields, t->input_field_count, include_deprecated(info));
    return 0;
}

static int
type_of_type(const struct gql_resolve_info *info, struct gql_val *out)
{
    TYPE_SOURCE(t);
    *out = t->of_type != NULL ? obj(t->of_type, "__Type") : gql_val_null();
    return 0;
}

static int
type_is_one_of(const struct gql_resolve_info *info, struct gql_val *out)
{
    TYPE_SOURCE(t);
    *out = t->kind == GQL_TYPE_INPUT_OBJECT ? gql_val_boolean(t->is_one_of) : gql_val_null();
    return 0;
}

/*-------------------------------------------------------------------------------------------
 * __Field, __InputValue, __EnumValue, __Directive.
 *-------------------------------------------------------------------------------------------*/

#define SOURCE(type, var)                                                                          \
    const type *var = source_ptr(info);                                                            \
    if (var == NULL)                                                                               \
    return bad_source(info)

static int
field_name(const struct gql_resolve_info *info, struct gql_val *out)
{
    SOURCE(struct gql_field_def, f);
    *out = gql_val_string_ref(f->name, f->name_len);
    return 0;
}

static int
field_description(const struct gql_resolve_info *info, struct gql_val *out)
{
    SOURCE(struct gql_field_def, f);
    *out = str_or_null(f->description);
    return 0;
}

static int
field_args(const struct gql_resolve_info *info, struct gql_val *out)
{
    SOURCE(struct gql_field_def, f);
    *out = input_value_list(info->arena, f->args, f->arg_count, include_deprecated(info));
    return 0;
}

static int
field_type(const struct gql_resolve_info *info, struct gql_val *out)
{
    SOURCE(struct gql_field_def, f);
    *out = obj(f->type, "__Type");
    return 0;
}

static int
field_is_deprecated(const struct gql_resolve_info *info, struct gql_val *out)
{
    SOURCE(struct gql_field_def, f);
    *out = gql_val_boolean(f->deprecation_reason != NULL);
    return 0;
}

static int
field_deprecation_reason(const struct gql_resolve_info *info, struct gql_val *out)
{
    SOURCE(struct gql_field_def, f);
    *out = str_or_null(f->deprecation_reason);
    return 0;
}

static int
input_value_name(const struct gql_resolve_info *info, struct gql_val *out)
{
    SOURCE(struct gql_input_value_def, v);
    *out = gql_val_string_ref(v->name, v->name_len);
    return 0;
}

static int
input_value_description(const struct gql_resolve_info *info, struct gql_val *out)
{
    SOURCE(struct gql_input_value_def, v);
    *out = str_or_null(v->description);
    return 0;
}

static int
input_value_type(const struct gql_resolve_info *info, struct gql_val *out)
{
    SOURCE(struct gql_input_value_def, v);
    *out = obj(v->type, "__Type");
    return 0;
}

static int
input_value_default_value(const struct gql_resolve_info *info, struct gql_val *out)
{
    SOURCE(struct gql_input_value_def, v);
    if (!v->has_default) {
        *out = gql_val_null();
        return 0;
    }
    struct strbuf sb = STRBUF_INIT;
    if (gql_print_input_value(v->type, &v->default_value, info->arena, &sb) == 0)
        *out = gql_val_string(info->arena, strbuf_cstr(&sb), sb.len);
    else
        *out = gql_val_null();
    strbuf_free(&sb);
    return 0;
}

static int
input_value_is_deprecated(const struct gql_resolve_info *info, struct gql_val *out)
{
    SOURCE(struct gql_input_value_def, v);
    *out = gql_val_boolean(v->deprecation_reason != NULL);
    return 0;
}

static int
input_value_deprecation_reason(const struct gql_resolve_info *info, struct gql_val *out)
{
    SOURCE(struct gql_input_value_def, v);
    *out = str_or_null(v->deprecation_reason);
    return 0;
}

static int
enum_value_name(const struct gql_resolve_info *info, struct gql_val *out)
{
    SOURCE(struct gql_enum_value_def, v);
    *out = gql_val_string_ref(v->name, v->name_len);
    return 0;
}

static int
enum_value_description(const struct gql_resolve_info *info, struct gql_val *out)
{
    SOURCE(struct gql_enum_value_def, v);
    *out = str_or_null(v->description);
    return 0;
}

static int
enum_value_is_deprecated(const struct gql_resolve_info *info, struct gql_val *out)
{
    SOURCE(struct gql_enum_value_def, v);
    *out = gql_val_boolean(v->deprecation_reason != NULL);
    return 0;
}

static int
enum_value_deprecation_reason(const struct gql_resolve_info *info, struct gql_val *out)
{
    SOURCE(struct gql_enum_value_def, v);
    *out = str_or_null(v->deprecation_reason);
    return 0;
}

static int
directive_name(const struct gql_resolve_info *info, struct gql_val *out)
{
    SOURCE(struct gql_directive_def, d);
    *out = gql_val_string_ref(d->name, d->name_len);
    return 0;
}

static int
directive_description(const struct gql_resolve_info *info, struct gql_val *out)
{
    SOURCE(struct gql_directive_def, d);
    *out = str_or_null(d->description);
    return 0;
}

static int
directive_is_repeatable(const struct gql_resolve_info *info, struct gql_val *out)
{
    SOURCE(struct gql_directive_def, d);
    *out = gql_val_boolean(d->repeatable);
    return 0;
}

static int
directive_locations(const struct gql_resolve_info *info, struct gql_val *out)
{
    SOURCE(struct gql_directive_def, d);
    *out = gql_val_list(info->arena, d->location_count);
    for (uint32_t i = 0; i < d->location_count; i++)
        out->u.list.items[i] = enum_ref(gql_directive_location_name(d->location_order[i]));
    return 0;
}

static int
directive_args(const struct gql_resolve_info *info, struct gql_val *out)
{
    SOURCE(struct gql_directive_def, d);
    *out = input_value_list(info->arena, d->args, d->arg_count, include_deprecated(info));
    return 0;
}

/*-------------------------------------------------------------------------------------------
 * Installation.
 *-------------------------------------------------------------------------------------------*/

static const struct {
    const char *type;
    const char *field;
    gql_resolve_fn fn;
} introspection_resolvers[] = {
    {"__Schema", "description", schema_description},
    {"__Schema", "types", schema_types},
    {"__Schema", "queryType", schema_query_type},
    {"__Schema", "mutationType", schema_mutation_type},
    {"__Schema", "subscriptionType", schema_subscription_type},
    {"__Schema", "directives", schema_directives},
    {"__Type", "kind", type_kind},
    {"__Type", "name", type_name},
    {"__Type", "description", type_description},
    {"__Type", "specifiedByURL", type_specified_by_url},
    {"__Type", "fields", type_fields},
    {"__Type", "interfaces", type_interfaces},
    {"__Type", "possibleTypes", type_possible_types},
    {"__Type", "enumValues", type_enum_values},
    {"__Type", "inputFields", type_input_fields},
    {"__Type", "ofType", type_of_type},
    {"__Type", "isOneOf", type_is_one_of},
    {"__Field", "name", field_name},
    {"__Field", "description", field_description},
    {"__Field", "args", field_args},
    {"__Field", "type", field_type},
    {"__Field", "isDeprecated", field_is_deprecated},
    {"__Field", "deprecationReason", field_deprecation_reason},
    {"__InputValue", "name", input_value_name},
    {"__InputValue", "description", input_value_description},
    {"__InputValue", "type", input_value_type},
    {"__InputValue", "defaultValue", input_value_default_value},
    {"__InputValue", "isDeprecated", input_value_is_deprecated},
    {"__InputValue", "deprecationReason", input_value_deprecation_reason},
    {"__EnumValue", "name", enum_value_name},
    {"__EnumValue", "description", enum_value_description},
    {"__EnumValue", "isDeprecated", enum_value_is_deprecated},
    {"__EnumValue", "deprecationReason", enum_value_deprecation_reason},
    {"__Directive", "name", directive_name},
    {"__Directive", "description", directive_description},
    {"__Directive", "isRepeatable", directive_is_repeatable},
    {"__Directive", "locations", directive_locations},
    {"__Directive", "args", directive_args},
};

static struct gql_field_def *
meta_field(struct gql_schema *s,
           const char *name,
           const char *description,
           const struct gql_type_def *type,
           gql_resolve_fn fn)
{
    struct gql_field_def *f = arena_calloc(s->arena, 1, sizeof *f);
    f->name = name;
    f->name_len = (uint32_t)strlen(name);
    f->description = description;
    f->type = type;
    f->resolve = fn;
    return f;
}

void
gql_tsys_install_introspection(struct gql_schema *s)
{
    for (size_t i = 0; i < sizeof introspection_resolvers / sizeof introspection_resolvers[0];
         i++) {
        const struct gql_type_def *t = gql_schema_type(
            s, introspection_resolvers[i].type, strlen(introspection_resolvers[i].type));
        struct gql_field_def *f = (struct gql_field_def *)gql_type_def_field(
            t, introspection_resolvers[i].field, strlen(introspection_resolvers[i].field));
        if (f != NULL)
            f->resolve = introspection_resolvers[i].fn;
    }
    const struct gql_type_def *schema_type = gql_schema_type(s, "__Schema", 8);
    const struct gql_type_def *type_type = gql_schema_type(s, "__Type", 6);
    const struct gql_type_def *string_type = gql_schema_type(s, "String", 6);

    struct gql_field_def *sf = meta_field(s,
                                          "__schema",
                                          "Access the current type schema of this server.",
                                          gql_type_def_non_null_of(s->arena, schema_type),
                                          resolve_schema_meta);
    sf->introspection = true;
    s->schema_meta_field = sf;

    struct gql_field_def *tf = meta_field(s,
                                          "__type",
                                          "Request the type information of a single type.",
                                          type_type,
                                          resolve_type_meta);
    struct gql_input_value_def *arg = arena_calloc(s->arena, 1, sizeof *arg);
    arg->name = "name";
    arg->name_len = 4;
    arg->type = gql_type_def_non_null_of(s->arena, string_type);
    tf->args = arg;
    tf->arg_count = 1;
    tf->introspection = true;
    s->type_meta_field = tf;

    s->typename_meta_field = meta_field(s,
                                        "__typename",
                                        "The name of the current Object type at runtime.",
                                        gql_type_def_non_null_of(s->arena, string_type),
                                        resolve_typename_meta);
}
