/*
 * The schema object model (include/gql/schema.h): name lookups through hash tables built at
 * start-up, type predicates and comparators (graphql-js type/definition.ts,
 * utilities/typeComparators.ts, typeFromAST.ts) and the possible-type bit sets.
 */
#include "gql/schema.h"

#include "core/arena.h"
#include "core/strbuf.h"
#include "type_internal.h"

#include <string.h>

/*-------------------------------------------------------------------------------------------
 * Name index.
 *-------------------------------------------------------------------------------------------*/

struct gql_schema_index *
gql_tsys_index_new(struct arena *arena, size_t n)
{
    struct gql_schema_index *index = arena_calloc(arena, 1, sizeof *index);
    gql_name_map_init(&index->map, arena);
    gql_name_map_reserve(&index->map, (uint32_t)(2 * n)); /* read often: keep probes short */
    return index;
}

const void *
gql_tsys_index_put(struct gql_schema_index *index, const char *name, size_t len, const void *value)
{
    bool existed;
    void **slot = gql_name_map_put(&index->map, name, (uint32_t)len, &existed);
    if (existed)
        return *slot;
    *slot = (void *)value; /* stored, never written through */
    return NULL;
}

void
gql_tsys_index_set(struct gql_schema_index *index, const char *name, size_t len, const void *value)
{
    *gql_name_map_put(&index->map, name, (uint32_t)len, NULL) = (void *)value;
}

const void *
gql_tsys_index_get(const struct gql_schema_index *index, const char *name, size_t len)
{
    if (index == NULL || name == NULL)
        return NULL;
    return gql_name_map_get(&index->map, name, (uint32_t)len);
}

/*-------------------------------------------------------------------------------------------
 * Lookups.
 *-------------------------------------------------------------------------------------------*/

const struct gql_type_def *
gql_schema_type(const struct gql_schema *schema, const char *name, size_t len)
{
    return gql_tsys_index_get(schema->type_index, name, len);
}

const struct gql_directive_def *
gql_schema_directive(const struct gql_schema *schema, const char *name, size_t len)
{
    return gql_tsys_index_get(schema->directive_index, name, len);
}

const struct gql_type_def *
gql_schema_root_type(const struct gql_schema *schema, enum gql_operation_type op)
{
    switch (op) {
    case GQL_OP_QUERY:
        return schema->query_type;
    case GQL_OP_MUTATION:
        return schema->mutation_type;
    case GQL_OP_SUBSCRIPTION:
        return schema->subscription_type;
    }
    return NULL;
}

const struct gql_field_def *
gql_type_def_field(const struct gql_type_def *type, const char *name, size_t len)
{
    if (type == NULL || (type->kind != GQL_TYPE_OBJECT && type->kind != GQL_TYPE_INTERFACE))
        return NULL;
    return gql_tsys_index_get(type->member_index, name, len);
}

static bool
name_equals(const char *name, size_t len, const char *lit)
{
    size_t n = strlen(lit);
    return n == len && memcmp(name, lit, n) == 0;
}

const struct gql_field_def *
gql_schema_field_def(const struct gql_schema *schema,
                     const struct gql_type_def *parent_type,
                     const char *name,
                     size_t len)
{
    if (parent_type == NULL || name == NULL)
        return NULL;
    if (len > 2 && name[0] == '_' && name[1] == '_') {
        if (parent_type == schema->query_type && name_equals(name, len, "__schema"))
            return schema->schema_meta_field;
        if (parent_type == schema->query_type && name_equals(name, len, "__type"))
            return schema->type_meta_field;
        if (gql_type_def_is_composite(parent_type) && name_equals(name, len, "__typename"))
            return schema->typename_meta_field;
    }
    return gql_type_def_field(parent_type, name, len);
}

static const struct gql_input_value_def *
find_input_value(const struct gql_input_value_def *list, uint32_t n, const char *name, size_t len)
{
    if (name == NULL)
        return NULL;
    for (uint32_t i = 0; i < n; i++)
        if (list[i].name_len == len && memcmp(list[i].name, name, len) == 0)
            return &list[i];
    return NULL;
}

const struct gql_input_value_def *
gql_field_def_arg(const struct gql_field_def *field, const char *name, size_t len)
{
    if (field == NULL)
        return NULL;
    return find_input_value(field->args, field->arg_count, name, len);
}

const struct gql_input_value_def *
gql_directive_def_arg(const struct gql_directive_def *directive, const char *name, size_t len)
{
    if (directive == NULL)
        return NULL;
    return find_input_value(directive->args, directive->arg_count, name, len);
}

const struct gql_input_value_def *
gql_type_def_input_field(const struct gql_type_def *type, const char *name, size_t len)
{
    if (type == NULL || type->kind != GQL_TYPE_INPUT_OBJECT)
        return NULL;
    return gql_tsys_index_get(type->member_index, name, len);
}

const struct gql_enum_value_def *
gql_type_def_enum_value(const struct gql_type_def *type, const char *name, size_t len)
{
    if (type == NULL || type->kind != GQL_TYPE_ENUM)
        return NULL;
    return gql_tsys_index_get(type->member_index, name, len);
}

/*-------------------------------------------------------------------------------------------
 * Type predicates.
 *-------------------------------------------------------------------------------------------*/

const struct gql_type_def *
gql_type_def_named(const struct gql_type_def *type)
{
    while (type != NULL && (type->kind == GQL_TYPE_LIST || type->kind == GQL_TYPE_NON_NULL))
        type = type->of_type;
    return type;
}

const struct gql_type_def *
gql_type_def_nullable(const struct gql_type_def *type)
{
    if (type != NULL && type->kind == GQL_TYPE_NON_NULL)
        return type->of_type;
    return type;
}

bool
gql_type_def_is_non_null(const struct gql_type_def *type)
{
    return type != NULL && type->kind == GQL_TYPE_NON_NULL;
}

bool
gql_type_def_is_list(const struct gql_type_def *type)
{
    return type != NULL && type->kind == GQL_TYPE_LIST;
}

bool
gql_type_def_is_wrapping(const struct gql_type_def *type)
{
    return type != NULL && (type->kind == GQL_TYPE_LIST || type->kind == GQL_TYPE_NON_NULL);
}

bool
gql_type_def_is_input(const struct gql_type_def *type)
{
    const struct gql_type_def *n = gql_type_def_named(type);
    return n != NULL && (n->kind == GQL_TYPE_SCALAR || n->kind == GQL_TYPE_ENUM ||
                         n->kind == GQL_TYPE_INPUT_OBJECT);
}

bool
gql_type_def_is_output(const struct gql_type_def *type)
{
    const struct gql_type_def *n = gql_type_def_named(type);
    return n != NULL && n->kind != GQL_TYPE_INPUT_OBJECT;
}

bool
gql_type_def_is_leaf(const struct gql_type_def *type)
{
    return type != NULL && (type->kind == GQL_TYPE_SCALAR || type->kind == GQL_TYPE_ENUM);
}

bool
gql_type_def_is_composite(const struct gql_type_def *type)
{
    return type != NULL && (type->kind == GQL_TYPE_OBJECT || type->kind == GQL_TYPE_INTERFACE ||
                            type->kind == GQL_TYPE_UNION);
}

bool
gql_type_def_is_abstract(const struct gql_type_def *type)
{
    return type != NULL && (type->kind == GQL_TYPE_INTERFACE || type->kind == GQL_TYPE_UNION);
}

bool
gql_type_def_equal(const struct gql_type_def *a, const struct gql_type_def *b)
{
    while (a != NULL && b != NULL) {
        if (a == b)
            return true;
        if (a->kind != b->kind)
            return false;
        if (a->kind != GQL_TYPE_LIST && a->kind != GQL_TYPE_NON_NULL)
            return false; /* distinct named types */
        a = a->of_type;
        b = b->of_type;
    }
    return a == b;
}

const struct gql_type_def *
gql_type_def_list_of(struct arena *arena, const struct gql_type_def *type)
{
    struct gql_type_def *t = arena_calloc(arena, 1, sizeof *t);
    t->kind = GQL_TYPE_LIST;
    t->of_type = type;
    return t;
}

const struct gql_type_def *
gql_type_def_non_null_of(struct arena *arena, const struct gql_type_def *type)
{
    if (type != NULL && type->kind == GQL_TYPE_NON_NULL)
        return type;
    struct gql_type_def *t = arena_calloc(arena, 1, sizeof *t);
    t->kind = GQL_TYPE_NON_NULL;
    t->of_type = type;
    return t;
}

const struct gql_type_def *
gql_schema_type_from_ast(const struct gql_schema *schema,
                         struct arena *arena,
                         const struct gql_type *ast)
{
    /* Unwrap iteratively, remembering the wrappers (the parser bounds their number). */
    size_t depth = 0;
    const struct gql_type *t = ast;
    while (t != NULL && t->node.kind != GQL_KIND_NAMED_TYPE) {
        depth++;
        t = t->of_type;
    }
    if (t == NULL)
        return NULL;
    const struct gql_type_def *result = gql_schema_type(schema, t->name.value, t->name.len);
    if (result == NULL || depth == 0)
        return result;
    const struct gql_type **chain = arena_alloc(arena, depth * sizeof *chain);
    size_t k = 0;
    for (t = ast; t->node.kind != GQL_KIND_NAMED_TYPE; t = t->of_type)
        chain[k++] = t;
    while (k > 0) {
        const struct gql_type *w = chain[--k];
        result = w->node.kind == GQL_KIND_LIST_TYPE ? gql_type_def_list_of(arena, result)
                                                    : gql_type_def_non_null_of(arena, result);
    }
    return result;
}

void
gql_type_def_print(const struct gql_type_def *type, struct strbuf *out)
{
    if (type == NULL)
        return;
    /* '[' for each LIST from the outside in, the name, then ']' or '!' from the inside out. */
    const struct gql_type_def *t = type;
    size_t depth = 0;
    while (t != NULL && (t->kind == GQL_TYPE_LIST || t->kind == GQL_TYPE_NON_NULL)) {
        if (t->kind == GQL_TYPE_LIST)
            strbuf_putc(out, '[');
        depth++;
        t = t->of_type;
    }
    if (t != NULL && t->name != NULL)
        strbuf_append(out, t->name, t->name_len);
    /* The suffixes are the wrappers in reverse order: walk to each level again (depth is small
     * and bounded by the parser; no stack array to overflow). */
    while (depth > 0) {
        const struct gql_type_def *w = type;
        for (size_t i = 1; i < depth; i++)
            w = w->of_type;
        strbuf_putc(out, w->kind == GQL_TYPE_LIST ? ']' : '!');
        depth--;
    }
}

const char *
gql_type_def_to_string(struct arena *arena, const struct gql_type_def *type)
{
    struct strbuf sb = STRBUF_INIT;
    gql_type_def_print(type, &sb);
    char *s = arena_strndup(arena, strbuf_cstr(&sb), sb.len);
    strbuf_free(&sb);
    return s;
}

/*-------------------------------------------------------------------------------------------
 * Possible types and subtyping.
 *-------------------------------------------------------------------------------------------*/

static bool
bit_is_set(const uint64_t *bits, uint32_t i)
{
    return bits != NULL && (bits[i / 64] >> (i % 64)) & 1u;
}

bool
gql_schema_is_possible_type(const struct gql_schema *schema,
                            const struct gql_type_def *abstract,
                            const struct gql_type_def *object)
{
    (void)schema;
    if (abstract == NULL || object == NULL || object->kind != GQL_TYPE_OBJECT ||
        !gql_type_def_is_abstract(abstract))
        return false;
    return bit_is_set(abstract->possible_bits, object->index);
}

bool
gql_schema_is_subtype(const struct gql_schema *schema,
                      const struct gql_type_def *abstract,
                      const struct gql_type_def *maybe_sub)
{
    if (abstract == NULL || maybe_sub == NULL || !gql_type_def_is_abstract(abstract))
        return false;
    if (maybe_sub->kind == GQL_TYPE_OBJECT)
        return gql_schema_is_possible_type(schema, abstract, maybe_sub);
    if (maybe_sub->kind == GQL_TYPE_INTERFACE && abstract->kind == GQL_TYPE_INTERFACE)
        return bit_is_set(maybe_sub->ancestor_bits, abstract->index);
    return false;
}

bool
gql_type_def_is_subtype_of(const struct gql_schema *schema,
                           const struct gql_type_def *maybe_sub,
                           const struct gql_type_def *super_type)
{
    for (;;) {
        if (maybe_sub == NULL || super_type == NULL)
            return false;
        if (gql_type_def_equal(maybe_sub, super_type))
            return true;
        if (super_type->kind == GQL_TYPE_NON_NULL) {
            if (maybe_sub->kind != GQL_TYPE_NON_NULL)
                return false;
            maybe_sub = maybe_sub->of_type;
            super_type = super_type->of_type;
            continue;
        }
        if (maybe_sub->kind == GQL_TYPE_NON_NULL) {
            maybe_sub = maybe_sub->of_type; /* non-null is a subtype of nullable */
            continue;
        }
        if (super_type->kind == GQL_TYPE_LIST) {
            if (maybe_sub->kind != GQL_TYPE_LIST)
                return false;
            maybe_sub = maybe_sub->of_type;
            super_type = super_type->of_type;
            continue;
        }
        if (maybe_sub->kind == GQL_TYPE_LIST)
            return false;
        return gql_type_def_is_abstract(super_type) &&
               (maybe_sub->kind == GQL_TYPE_INTERFACE || maybe_sub->kind == GQL_TYPE_OBJECT) &&
               gql_schema_is_subtype(schema, super_type, maybe_sub);
    }
}

bool
gql_schema_types_overlap(const struct gql_schema *schema,
                         const struct gql_type_def *a,
                         const struct gql_type_def *b)
{
    if (a == NULL || b == NULL)
        return false;
    if (a == b)
        return true;
    if (gql_type_def_is_abstract(a)) {
        if (gql_type_def_is_abstract(b)) {
            /* Some object type is possible in both. */
            for (uint32_t i = 0; i < a->possible_type_count; i++)
                if (gql_schema_is_possible_type(schema, b, a->possible_types[i]))
                    return true;
            return false;
        }
        return gql_schema_is_possible_type(schema, a, b);
    }
    if (gql_type_def_is_abstract(b))
        return gql_schema_is_possible_type(schema, b, a);
    return false;
}

/*-------------------------------------------------------------------------------------------
 * Names of enumerations.
 *-------------------------------------------------------------------------------------------*/

const char *
gql_type_kind_name(enum gql_type_kind kind)
{
    static const char *const names[] = {
        "SCALAR",
        "OBJECT",
        "INTERFACE",
        "UNION",
        "ENUM",
        "INPUT_OBJECT",
        "LIST",
        "NON_NULL",
    };
    if ((unsigned)kind >= sizeof names / sizeof names[0])
        return "UNKNOWN";
    return names[kind];
}

/*-------------------------------------------------------------------------------------------
 * Switches.
 *-------------------------------------------------------------------------------------------*/

void
gql_schema_set_introspection(struct gql_schema *schema, bool enabled)
{
    schema->introspection_enabled = enabled;
}
