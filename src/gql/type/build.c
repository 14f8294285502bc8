/*
 * Building a schema from SDL (graphql-js buildASTSchema / extendSchemaImpl and the
 * GraphQLSchema constructor): parse, check the SDL rules, create every named type of the
 * built-in prelude and of the document, merge extensions into their definitions, resolve
 * type references, choose the root types, order the types as graphql-js's typeMap does,
 * precompute possible types, validate (§3), coerce default values and install
 * introspection. Everything lives in the caller's process arena; a scratch arena holds the
 * builder's own state and is freed before returning.
 */
#include "core/arena.h"
#include "core/strbuf.h"
#include "gql/parser.h"
#include "gql/printer.h"
#include "gql/schema.h"
#include "type_internal.h"

#include <stdlib.h>
#include <string.h>

/* One named type being built, with the nodes it is made of. */
struct tentry {
    struct gql_type_def *type;
    const struct gql_node *def;              /* definition (prelude or document) */
    ARENA_VEC(const struct gql_node *) exts; /* the document's extensions of it */
    bool builtin;
    bool in_map;    /* currently in the typeMap set */
    uint64_t stamp; /* insertion order in the typeMap set */
};

struct builder {
    struct arena *arena; /* process arena: the schema */
    struct arena scratch;
    struct gql_error_list *errors;
    const struct gql_document *doc;
    const struct gql_document *prelude;
    struct gql_schema *schema;
    struct gql_schema_index *by_name; /* name -> struct tentry */
    ARENA_VEC(struct tentry *) entries;
    ARENA_VEC(struct tentry *) config; /* the document's types, document order */
    ARENA_VEC(struct gql_directive_def *) user_directives;
    ARENA_VEC(struct gql_directive_def *) builtin_directives;
    const struct gql_schema_definition *schema_def;
    ARENA_VEC(const struct gql_schema_definition *) schema_exts;
    uint64_t next_stamp;
    bool failed;
};

/* Custom scalars start with no hooks: values pass through unchanged (graphql-js defaults). */
static const struct gql_scalar_ops custom_scalar_ops = {NULL, NULL, NULL};

/*-------------------------------------------------------------------------------------------
 * Small helpers.
 *-------------------------------------------------------------------------------------------*/

static const char *
description_of(const struct gql_value *d)
{
    if (d == NULL || d->node.kind != GQL_KIND_STRING_VALUE)
        return NULL;
    return d->string.value;
}

static enum gql_type_kind
kind_of_node(enum gql_kind k)
{
    switch (k) {
    case GQL_KIND_SCALAR_TYPE_DEFINITION:
    case GQL_KIND_SCALAR_TYPE_EXTENSION:
        return GQL_TYPE_SCALAR;
    case GQL_KIND_OBJECT_TYPE_DEFINITION:
    case GQL_KIND_OBJECT_TYPE_EXTENSION:
        return GQL_TYPE_OBJECT;
    case GQL_KIND_INTERFACE_TYPE_DEFINITION:
    case GQL_KIND_INTERFACE_TYPE_EXTENSION:
        return GQL_TYPE_INTERFACE;
    case GQL_KIND_UNION_TYPE_DEFINITION:
    case GQL_KIND_UNION_TYPE_EXTENSION:
        return GQL_TYPE_UNION;
    case GQL_KIND_ENUM_TYPE_DEFINITION:
    case GQL_KIND_ENUM_TYPE_EXTENSION:
        return GQL_TYPE_ENUM;
    default:
        return GQL_TYPE_INPUT_OBJECT;
    }
}

static const struct gql_value *
description_node(const struct gql_node *n)
{
    switch (n->kind) {
    case GQL_KIND_SCALAR_TYPE_DEFINITION:
        return ((const struct gql_scalar_type_definition *)n)->description;
    case GQL_KIND_OBJECT_TYPE_DEFINITION:
        return ((const struct gql_object_type_definition *)n)->description;
    case GQL_KIND_INTERFACE_TYPE_DEFINITION:
        return ((const struct gql_interface_type_definition *)n)->description;
    case GQL_KIND_UNION_TYPE_DEFINITION:
        return ((const struct gql_union_type_definition *)n)->description;
    case GQL_KIND_ENUM_TYPE_DEFINITION:
        return ((const struct gql_enum_type_definition *)n)->description;
    case GQL_KIND_INPUT_OBJECT_TYPE_DEFINITION:
        return ((const struct gql_input_object_type_definition *)n)->description;
    default:
        return NULL;
    }
}

/* The applied directive named name in dirs, or NULL. */
static const struct gql_directive *
find_directive(const struct gql_directive_list *dirs, const char *name)
{
    if (dirs == NULL)
        return NULL;
    for (uint32_t i = 0; i < dirs->count; i++)
        if (gql_name_is(&dirs->items[i]->name, name))
            return dirs->items[i];
    return NULL;
}

static const struct gql_value *
directive_arg(const struct gql_directive *d, const char *name)
{
    for (uint32_t i = 0; i < d->arguments.count; i++)
        if (gql_name_is(&d->arguments.items[i]->name, name))
            return d->arguments.items[i]->value;
    return NULL;
}

/*
 * graphql-js getDeprecationReason: the reason of an applied @deprecated, its default "No
 * longer supported" when not given, NULL when not deprecated (or given an explicit null).
 */
static const char *
deprecation_reason(const struct gql_directive_list *dirs)
{
    const struct gql_directive *d = find_directive(dirs, "deprecated");
    if (d == NULL)
        return NULL;
    const struct gql_value *reason = directive_arg(d, "reason");
    if (reason == NULL)
        return "No longer supported";
    if (reason->node.kind == GQL_KIND_STRING_VALUE)
        return reason->string.value;
    return NULL; /* null, or an invalid value reported by check_applied_directives */
}

static void
error_at(struct builder *b, const struct gql_node *at, const char *message)
{
    struct gql_error *e = gql_error_add_message(b->errors, NULL, message);
    if (at != NULL)
        gql_error_add_location(b->errors, e, at->start);
    b->failed = true;
}

/*-------------------------------------------------------------------------------------------
 * Types and members.
 *-------------------------------------------------------------------------------------------*/

static struct tentry *
entry_of(struct builder *b, const char *name, size_t len)
{
    return (struct tentry *)gql_tsys_index_get(b->by_name, name, len);
}

/* Resolves an AST type reference; NULL when its named type is unknown (already reported). */
static const struct gql_type_def *
resolve_ref(struct builder *b, const struct gql_type *t)
{
    switch (t->node.kind) {
    case GQL_KIND_LIST_TYPE: {
        const struct gql_type_def *inner = resolve_ref(b, t->of_type);
        return inner != NULL ? gql_type_def_list_of(b->arena, inner) : NULL;
    }
    case GQL_KIND_NON_NULL_TYPE: {
        const struct gql_type_def *inner = resolve_ref(b, t->of_type);
        return inner != NULL ? gql_type_def_non_null_of(b->arena, inner) : NULL;
    }
    default: {
        struct tentry *e = entry_of(b, t->name.value, t->name.len);
        if (e == NULL) {
            if (!b->failed) {
                struct strbuf sb = STRBUF_INIT;
                strbuf_printf(&sb, "Unknown type: \"%s\".", t->name.value);
                error_at(b, &t->node, strbuf_cstr(&sb));
                strbuf_free(&sb);
            }
            b->failed = true;
            return NULL;
        }
        return e->type;
    }
    }
}

static struct gql_input_value_def *
build_input_values(struct builder *b,
                   const struct gql_input_value_definition *const *items,
                   uint32_t count,
                   bool builtin)
{
    if (count == 0)
        return NULL;
    struct gql_input_value_def *out = arena_calloc(b->arena, count, sizeof *out);
    for (uint32_t i = 0; i < count; i++) {
        const struct gql_input_value_definition *n = items[i];
        struct gql_input_value_def *v = &out[i];
        v->name = n->name.value;
        v->name_len = n->name.len;
        v->index = i;
        v->description = description_of(n->description);
        v->type = resolve_ref(b, n->type);
        v->has_default = n->default_value != NULL;
        v->default_literal = n->default_value;
        v->deprecation_reason = deprecation_reason(&n->directives);
        v->ast = builtin ? NULL : n;
    }
    return out;
}

/* A growable array of types (named so that it can be passed to functions). */
struct type_vec {
    const struct gql_type_def **items;
    size_t len, cap;
};

static void
add_interfaces(struct builder *b, struct type_vec *out, const struct gql_type_list *list)
{
    for (uint32_t i = 0; i < list->count; i++) {
        const struct gql_type_def *t = resolve_ref(b, list->items[i]);
        if (t != NULL)
            ARENA_VEC_PUSH(b->arena, out, t);
    }
}

static void
build_composite(struct builder *b, struct tentry *e, const struct gql_node *const *nodes, size_t n)
{
    struct gql_type_def *t = e->type;
    struct type_vec ifaces = {NULL, 0, 0};
    ARENA_VEC(const struct gql_field_definition *) fdefs = {NULL, 0, 0};
    struct gql_schema_index *seen = gql_tsys_index_new(&b->scratch, 16);
    for (size_t k = 0; k < n; k++) {
        const struct gql_type_list *il;
        const struct gql_field_definition_list *fl;
        if (t->kind == GQL_TYPE_OBJECT) {
            il = &((const struct gql_object_type_definition *)nodes[k])->interfaces;
            fl = &((const struct gql_object_type_definition *)nodes[k])->fields;
        } else {
            il = &((const struct gql_interface_type_definition *)nodes[k])->interfaces;
            fl = &((const struct gql_interface_type_definition *)nodes[k])->fields;
        }
        add_interfaces(b, &ifaces, il);
        for (uint32_t i = 0; i < fl->count; i++) {
            const struct gql_field_definition *f = fl->items[i];
            if (gql_tsys_index_put(seen, f->name.value, f->name.len, f) == NULL)
                ARENA_VEC_PUSH(&b->scratch, &fdefs, f);
        }
    }
    t->interfaces = ifaces.items;
    t->interface_count = (uint32_t)ifaces.len;
    struct gql_field_def *fields = arena_calloc(b->arena, fdefs.len + 1, sizeof *fields);
    for (size_t i = 0; i < fdefs.len; i++) {
        const struct gql_field_definition *n1 = fdefs.items[i];
        struct gql_field_def *f = &fields[i];
        f->name = n1->name.value;
        f->name_len = n1->name.len;
        f->index = (uint32_t)i;
        f->description = description_of(n1->description);
        f->type = resolve_ref(b, n1->type);
        f->args = build_input_values(
            b,
            (const struct gql_input_value_definition *const *)n1->arguments.items,
            n1->arguments.count,
            e->builtin);
        f->arg_count = n1->arguments.count;
        f->deprecation_reason = deprecation_reason(&n1->directives);
        f->parent = t;
        f->ast = e->builtin ? NULL : n1;
    }
    t->fields = fields;
    t->field_count = (uint32_t)fdefs.len;
}

static void
build_members(struct builder *b, struct tentry *e)
{
    struct gql_type_def *t = e->type;
    size_t n = 1 + e->exts.len;
    const struct gql_node **nodes = arena_alloc(&b->scratch, n * sizeof *nodes);
    nodes[0] = e->def;
    for (size_t i = 0; i < e->exts.len; i++)
        nodes[i + 1] = e->exts.items[i];
    switch (t->kind) {
    case GQL_TYPE_OBJECT:
    case GQL_TYPE_INTERFACE:
        build_composite(b, e, nodes, n);
        break;
    case GQL_TYPE_UNION: {
        struct type_vec members = {NULL, 0, 0};
        for (size_t k = 0; k < n; k++)
            add_interfaces(
                b, &members, &((const struct gql_union_type_definition *)nodes[k])->types);
        t->possible_types = members.items;
        t->possible_type_count = (uint32_t)members.len;
        break;
    }
    case GQL_TYPE_ENUM: {
        ARENA_VEC(const struct gql_enum_value_definition *) vdefs = {NULL, 0, 0};
        struct gql_schema_index *seen = gql_tsys_index_new(&b->scratch, 16);
        for (size_t k = 0; k < n; k++) {
            const struct gql_enum_type_definition *d =
                (const struct gql_enum_type_definition *)nodes[k];
            for (uint32_t i = 0; i < d->values.count; i++) {
                const struct gql_enum_value_definition *v = d->values.items[i];
                if (gql_tsys_index_put(seen, v->name.value, v->name.len, v) == NULL)
                    ARENA_VEC_PUSH(&b->scratch, &vdefs, v);
            }
        }
        struct gql_enum_value_def *vals = arena_calloc(b->arena, vdefs.len + 1, sizeof *vals);
        for (size_t i = 0; i < vdefs.len; i++) {
            const struct gql_enum_value_definition *v = vdefs.items[i];
            vals[i].name = v->name.value;
            vals[i].name_len = v->name.len;
            vals[i].index = (uint32_t)i;
            vals[i].description = description_of(v->description);
            vals[i].deprecation_reason = deprecation_reason(&v->directives);
            vals[i].parent = t;
            vals[i].ast = e->builtin ? NULL : v;
        }
        t->enum_values = vals;
        t->enum_value_count = (uint32_t)vdefs.len;
        break;
    }
    case GQL_TYPE_INPUT_OBJECT: {
        ARENA_VEC(const struct gql_input_value_definition *) fdefs = {NULL, 0, 0};
        struct gql_schema_index *seen = gql_tsys_index_new(&b->scratch, 16);
        for (size_t k = 0; k < n; k++) {
            const struct gql_input_object_type_definition *d =
                (const struct gql_input_object_type_definition *)nodes[k];
            for (uint32_t i = 0; i < d->fields.count; i++) {
                const struct gql_input_value_definition *f = d->fields.items[i];
                if (gql_tsys_index_put(seen, f->name.value, f->name.len, f) == NULL)
                    ARENA_VEC_PUSH(&b->scratch, &fdefs, f);
            }
            if (find_directive(&d->directives, "oneOf") != NULL)
                t->is_one_of = true;
        }
        t->input_fields =
            build_input_values(b,
                               (const struct gql_input_value_definition *const *)fdefs.items,
                               (uint32_t)fdefs.len,
                               e->builtin);
        t->input_field_count = (uint32_t)fdefs.len;
        break;
    }
    case GQL_TYPE_SCALAR: {
        const struct gql_scalar_ops *ops = e->builtin ? gql_tsys_builtin_scalar_ops(t->name) : NULL;
        t->scalar_ops = ops != NULL ? ops : &custom_scalar_ops;
        for (size_t k = 0; k < n; k++) {
            const struct gql_directive *d = find_directive(
                &((const struct gql_scalar_type_definition *)nodes[k])->directives, "specifiedBy");
            const struct gql_value *url = d != NULL ? directive_arg(d, "url") : NULL;
            if (url != NULL && url->node.kind == GQL_KIND_STRING_VALUE)
                t->specified_by_url = url->string.value;
        }
        break;
    }
    default:
        break;
    }
}

/* The member index of a type: fields, enum values or input fields by name. */
static void
index_members(struct builder *b, struct gql_type_def *t)
{
    struct gql_schema_index *ix;
    switch (t->kind) {
    case GQL_TYPE_OBJECT:
    case GQL_TYPE_INTERFACE:
        ix = gql_tsys_index_new(b->arena, t->field_count);
        for (uint32_t i = 0; i < t->field_count; i++)
            gql_tsys_index_put(ix, t->fields[i].name, t->fields[i].name_len, &t->fields[i]);
        break;
    case GQL_TYPE_ENUM:
        ix = gql_tsys_index_new(b->arena, t->enum_value_count);
        for (uint32_t i = 0; i < t->enum_value_count; i++)
            gql_tsys_index_put(
                ix, t->enum_values[i].name, t->enum_values[i].name_len, &t->enum_values[i]);
        break;
    case GQL_TYPE_INPUT_OBJECT:
        ix = gql_tsys_index_new(b->arena, t->input_field_count);
        for (uint32_t i = 0; i < t->input_field_count; i++)
            gql_tsys_index_put(
                ix, t->input_fields[i].name, t->input_fields[i].name_len, &t->input_fields[i]);
        break;
    default:
        return;
    }
    t->member_index = ix;
}

static struct tentry *
new_entry(struct builder *b, const struct gql_node *def, bool builtin)
{
    const struct gql_name *name = gql_node_name(def);
    struct tentry *e = arena_calloc(&b->scratch, 1, sizeof *e);
    struct gql_type_def *t = arena_calloc(b->arena, 1, sizeof *t);
    t->kind = kind_of_node(def->kind);
    t->name = name->value;
    t->name_len = name->len;
    t->description = description_of(description_node(def));
    t->builtin = builtin;
    t->introspection = builtin && name->len > 2 && name->value[0] == '_' && name->value[1] == '_';
    t->ast = builtin ? NULL : def;
    e->type = t;
    e->def = def;
    e->builtin = builtin;
    gql_tsys_index_put(b->by_name, name->value, name->len, e);
    ARENA_VEC_PUSH(&b->scratch, &b->entries, e);
    return e;
}

static struct gql_directive_def *
build_directive(struct builder *b, const struct gql_directive_definition *d, bool builtin)
{
    struct gql_directive_def *dd = arena_calloc(b->arena, 1, sizeof *dd);
    dd->name = d->name.value;
    dd->name_len = d->name.len;
    dd->description = description_of(d->description);
    dd->args =
        build_input_values(b,
                           (const struct gql_input_value_definition *const *)d->arguments.items,
                           d->arguments.count,
                           builtin);
    dd->arg_count = d->arguments.count;
    uint8_t *order = arena_alloc(b->arena, d->locations.count + 1);
    dd->location_order = order;
    for (uint32_t i = 0; i < d->locations.count; i++) {
        int loc = gql_directive_location_from_name(d->locations.items[i].value,
                                                   d->locations.items[i].len);
        if (loc < 0) {
            struct strbuf sb = STRBUF_INIT;
            strbuf_printf(&sb, "Unknown directive location \"%s\".", d->locations.items[i].value);
            error_at(b, &d->locations.items[i].node, strbuf_cstr(&sb));
            strbuf_free(&sb);
            continue;
        }
        if (!(dd->locations & GQL_LOC_BIT(loc)))
            order[dd->location_count++] = (uint8_t)loc;
        dd->locations |= GQL_LOC_BIT(loc);
    }
    dd->repeatable = d->repeatable;
    dd->builtin = builtin;
    dd->ast = builtin ? NULL : d;
    return dd;
}

/*-------------------------------------------------------------------------------------------
 * Collecting definitions.
 *-------------------------------------------------------------------------------------------*/

static void
collect_prelude(struct builder *b)
{
    for (uint32_t i = 0; i < b->prelude->definitions.count; i++) {
        const struct gql_node *d = b->prelude->definitions.items[i];
        if (d->kind == GQL_KIND_DIRECTIVE_DEFINITION)
            ARENA_VEC_PUSH(&b->scratch,
                           &b->builtin_directives,
                           build_directive(b, (const struct gql_directive_definition *)d, true));
        else
            new_entry(b, d, true);
    }
}

static void
collect_document(struct builder *b)
{
    const struct gql_document *doc = b->doc;
    struct gql_schema_index *dir_names =
        gql_tsys_index_new(&b->scratch, doc->definitions.count + 1);
    ARENA_VEC(const struct gql_directive_definition *) directive_nodes = {NULL, 0, 0};
    for (uint32_t i = 0; i < doc->definitions.count; i++) {
        const struct gql_node *d = doc->definitions.items[i];
        if (d->kind == GQL_KIND_SCHEMA_DEFINITION) {
            if (b->schema_def == NULL)
                b->schema_def = (const struct gql_schema_definition *)d;
        } else if (d->kind == GQL_KIND_SCHEMA_EXTENSION) {
            ARENA_VEC_PUSH(&b->scratch, &b->schema_exts, (const struct gql_schema_definition *)d);
        } else if (d->kind == GQL_KIND_DIRECTIVE_DEFINITION) {
            const struct gql_directive_definition *dd = (const struct gql_directive_definition *)d;
            if (gql_tsys_index_put(dir_names, dd->name.value, dd->name.len, dd) == NULL)
                ARENA_VEC_PUSH(&b->scratch, &directive_nodes, dd);
        } else if (gql_kind_is_type_definition(d->kind)) {
            const struct gql_name *name = gql_node_name(d);
            struct tentry *e = entry_of(b, name->value, name->len);
            if (e == NULL) {
                e = new_entry(b, d, false);
                ARENA_VEC_PUSH(&b->scratch, &b->config, e);
            } else if (e->builtin) {
                /* A specified scalar or introspection type restated: the built-in is kept. */
                bool listed = false;
                for (size_t k = 0; k < b->config.len; k++)
                    if (b->config.items[k] == e)
                        listed = true;
                if (!listed)
                    ARENA_VEC_PUSH(&b->scratch, &b->config, e);
            }
        }
    }
    /* Extensions may precede their definition in the document: attach them afterwards. */
    for (uint32_t i = 0; i < doc->definitions.count; i++) {
        const struct gql_node *d = doc->definitions.items[i];
        if (!gql_kind_is_type_extension(d->kind))
            continue;
        const struct gql_name *name = gql_node_name(d);
        struct tentry *e = entry_of(b, name->value, name->len);
        if (e == NULL || e->builtin || kind_of_node(d->kind) != e->type->kind)
            continue; /* reported by the SDL rules, or ignored as graphql-js does */
        ARENA_VEC_PUSH(&b->scratch, &e->exts, d);
    }
    /* Directive arguments may refer to any type of the document. */
    for (size_t i = 0; i < directive_nodes.len; i++)
        ARENA_VEC_PUSH(
            &b->scratch, &b->user_directives, build_directive(b, directive_nodes.items[i], false));
}

/*-------------------------------------------------------------------------------------------
 * Type order (graphql-js GraphQLSchema constructor, collectReferencedTypes).
 *-------------------------------------------------------------------------------------------*/

static struct tentry *
entry_of_type(struct builder *b, const struct gql_type_def *t)
{
    t = gql_type_def_named(t);
    return t != NULL ? entry_of(b, t->name, t->name_len) : NULL;
}

/* Depth-first, pre-order, with an explicit stack (no recursion on hostile schemas). */
static void
collect_referenced(struct builder *b, const struct gql_type_def *root)
{
    ARENA_VEC(const struct gql_type_def *) stack = {NULL, 0, 0};
    ARENA_VEC_PUSH(&b->scratch, &stack, gql_type_def_named(root));
    ARENA_VEC(const struct gql_type_def *) children = {NULL, 0, 0};
    while (stack.len > 0) {
        const struct gql_type_def *t = stack.items[--stack.len];
        struct tentry *e = entry_of_type(b, t);
        if (e == NULL || e->in_map)
            continue;
        e->in_map = true;
        e->stamp = b->next_stamp++;
        children.len = 0;
        switch (t->kind) {
        case GQL_TYPE_UNION:
            for (uint32_t i = 0; i < t->possible_type_count; i++)
                ARENA_VEC_PUSH(&b->scratch, &children, t->possible_types[i]);
            break;
        case GQL_TYPE_OBJECT:
        case GQL_TYPE_INTERFACE:
            for (uint32_t i = 0; i < t->interface_count; i++)
                ARENA_VEC_PUSH(&b->scratch, &children, t->interfaces[i]);
            for (uint32_t i = 0; i < t->field_count; i++) {
                ARENA_VEC_PUSH(&b->scratch, &children, gql_type_def_named(t->fields[i].type));
                for (uint32_t a = 0; a < t->fields[i].arg_count; a++)
                    ARENA_VEC_PUSH(
                        &b->scratch, &children, gql_type_def_named(t->fields[i].args[a].type));
            }
            break;
        case GQL_TYPE_INPUT_OBJECT:
            for (uint32_t i = 0; i < t->input_field_count; i++)
                ARENA_VEC_PUSH(&b->scratch, &children, gql_type_def_named(t->input_fields[i].type));
            break;
        default:
            break;
        }
        /* Push in reverse so the first child is explored first. */
        for (size_t i = children.len; i > 0; i--)
            if (children.items[i - 1] != NULL)
                ARENA_VEC_PUSH(&b->scratch, &stack, children.items[i - 1]);
    }
}

static int
stamp_cmp(const void *pa, const void *pb)
{
    const struct tentry *a = *(struct tentry *const *)pa, *b = *(struct tentry *const *)pb;
    return a->stamp < b->stamp ? -1 : a->stamp > b->stamp;
}

static void
order_types(struct builder *b)
{
    struct gql_schema *s = b->schema;
    for (size_t i = 0; i < b->config.len; i++) {
        b->config.items[i]->in_map = true;
        b->config.items[i]->stamp = b->next_stamp++;
    }
    for (size_t i = 0; i < b->config.len; i++) {
        b->config.items[i]->in_map = false; /* delete, then re-add with its references */
        collect_referenced(b, b->config.items[i]->type);
    }
    if (s->query_type != NULL)
        collect_referenced(b, s->query_type);
    if (s->mutation_type != NULL)
        collect_referenced(b, s->mutation_type);
    if (s->subscription_type != NULL)
        collect_referenced(b, s->subscription_type);
    for (uint32_t i = 0; i < s->directive_count; i++)
        for (uint32_t a = 0; a < s->directives[i]->arg_count; a++)
            if (s->directives[i]->args[a].type != NULL)
                collect_referenced(b, s->directives[i]->args[a].type);
    struct tentry *schema_type = entry_of(b, "__Schema", 8);
    collect_referenced(b, schema_type->type);

    size_t n = 0;
    for (size_t i = 0; i < b->entries.len; i++)
        if (b->entries.items[i]->in_map)
            n++;
    struct tentry **sorted = arena_alloc(&b->scratch, (n + 1) * sizeof *sorted);
    n = 0;
    for (size_t i = 0; i < b->entries.len; i++)
        if (b->entries.items[i]->in_map)
            sorted[n++] = b->entries.items[i];
    qsort(sorted, n, sizeof *sorted, stamp_cmp);
    const struct gql_type_def **types = arena_calloc(b->arena, n + 1, sizeof *types);
    s->type_index = NULL;
    struct gql_schema_index *ix = gql_tsys_index_new(b->arena, n);
    for (size_t i = 0; i < n; i++) {
        struct gql_type_def *t = sorted[i]->type;
        t->index = (uint32_t)i;
        types[i] = t;
        gql_tsys_index_put(ix, t->name, t->name_len, t);
    }
    s->types = types;
    s->type_count = (uint32_t)n;
    s->type_index = ix;
}

/*-------------------------------------------------------------------------------------------
 * Roots, directives, possible types.
 *-------------------------------------------------------------------------------------------*/

static void
choose_roots(struct builder *b)
{
    struct gql_schema *s = b->schema;
    const struct gql_type_def *roots[3] = {NULL, NULL, NULL};
    if (b->schema_def != NULL || b->schema_exts.len > 0) {
        size_t n = b->schema_exts.len + 1;
        for (size_t k = 0; k < n; k++) {
            const struct gql_schema_definition *sd =
                k == 0 ? b->schema_def : b->schema_exts.items[k - 1];
            if (sd == NULL)
                continue;
            for (uint32_t i = 0; i < sd->operation_types.count; i++) {
                const struct gql_operation_type_definition *op = sd->operation_types.items[i];
                const struct gql_type_def *t = resolve_ref(b, op->type);
                if (t != NULL)
                    roots[op->operation] = t;
            }
        }
    }
    if (b->schema_def == NULL) {
        static const char *const names[3] = {"Query", "Mutation", "Subscription"};
        for (size_t i = 0; i < b->config.len; i++) {
            const struct gql_type_def *t = b->config.items[i]->type;
            for (int op = 0; op < 3; op++)
                if (strcmp(t->name, names[op]) == 0)
                    roots[op] = t; /* graphql-js: the default names win over extensions */
        }
    }
    s->query_type = roots[GQL_OP_QUERY];
    s->mutation_type = roots[GQL_OP_MUTATION];
    s->subscription_type = roots[GQL_OP_SUBSCRIPTION];
    if (b->schema_def != NULL)
        s->description = description_of(b->schema_def->description);
    s->ast = b->schema_def;
    s->extension_asts = b->schema_exts.items;
    s->extension_ast_count = (uint32_t)b->schema_exts.len;
}

static void
assemble_directives(struct builder *b)
{
    struct gql_schema *s = b->schema;
    size_t n = b->user_directives.len + b->builtin_directives.len;
    const struct gql_directive_def **dirs = arena_calloc(b->arena, n + 1, sizeof *dirs);
    struct gql_schema_index *ix = gql_tsys_index_new(b->arena, n);
    size_t k = 0;
    for (size_t i = 0; i < b->user_directives.len; i++) {
        struct gql_directive_def *d = b->user_directives.items[i];
        d->index = (uint32_t)k;
        dirs[k++] = d;
        gql_tsys_index_put(ix, d->name, d->name_len, d);
    }
    for (size_t i = 0; i < b->builtin_directives.len; i++) {
        struct gql_directive_def *d = b->builtin_directives.items[i];
        if (gql_tsys_index_get(ix, d->name, d->name_len) != NULL)
            continue; /* redeclared by the document */
        d->index = (uint32_t)k;
        dirs[k++] = d;
        gql_tsys_index_put(ix, d->name, d->name_len, d);
    }
    s->directives = dirs;
    s->directive_count = (uint32_t)k;
    s->directive_index = ix;
}

static uint64_t *
new_bits(struct builder *b)
{
    size_t words = (b->schema->type_count + 63) / 64;
    return arena_calloc(b->arena, words ? words : 1, sizeof(uint64_t));
}

static void
set_bit(uint64_t *bits, uint32_t i)
{
    bits[i / 64] |= (uint64_t)1 << (i % 64);
}

static void
compute_possible_types(struct builder *b)
{
    struct gql_schema *s = b->schema;
    for (uint32_t i = 0; i < s->type_count; i++) {
        struct gql_type_def *t = (struct gql_type_def *)s->types[i];
        if (t->kind == GQL_TYPE_OBJECT || t->kind == GQL_TYPE_INTERFACE) {
            uint64_t *bits = new_bits(b);
            for (uint32_t k = 0; k < t->interface_count; k++)
                if (t->interfaces[k]->kind == GQL_TYPE_INTERFACE)
                    set_bit(bits, t->interfaces[k]->index);
            t->ancestor_bits = bits;
        }
        if (t->kind == GQL_TYPE_UNION) {
            uint64_t *bits = new_bits(b);
            for (uint32_t k = 0; k < t->possible_type_count; k++)
                if (t->possible_types[k]->kind == GQL_TYPE_OBJECT)
                    set_bit(bits, t->possible_types[k]->index);
            t->possible_bits = bits;
        }
    }
    for (uint32_t i = 0; i < s->type_count; i++) {
        struct gql_type_def *iface = (struct gql_type_def *)s->types[i];
        if (iface->kind != GQL_TYPE_INTERFACE)
            continue;
        ARENA_VEC(const struct gql_type_def *) objs = {NULL, 0, 0};
        ARENA_VEC(const struct gql_type_def *) ifs = {NULL, 0, 0};
        uint64_t *bits = new_bits(b);
        for (uint32_t j = 0; j < s->type_count; j++) {
            const struct gql_type_def *t = s->types[j];
            if (t->kind != GQL_TYPE_OBJECT && t->kind != GQL_TYPE_INTERFACE)
                continue;
            for (uint32_t k = 0; k < t->interface_count; k++) {
                if (t->interfaces[k] != iface)
                    continue;
                if (t->kind == GQL_TYPE_OBJECT) {
                    ARENA_VEC_PUSH(b->arena, &objs, t);
                    set_bit(bits, t->index);
                } else {
                    ARENA_VEC_PUSH(b->arena, &ifs, t);
                }
                break;
            }
        }
        iface->possible_types = objs.items;
        iface->possible_type_count = (uint32_t)objs.len;
        iface->implementing_interfaces = ifs.items;
        iface->implementing_interface_count = (uint32_t)ifs.len;
        iface->possible_bits = bits;
    }
}

/*-------------------------------------------------------------------------------------------
 * Default values and applied directive arguments.
 *-------------------------------------------------------------------------------------------*/

/* Checks the argument values of every directive applied in the document. */
static void
check_applied_directive_list(struct builder *b, const struct gql_directive_list *dirs)
{
    if (dirs == NULL)
        return;
    for (uint32_t i = 0; i < dirs->count; i++) {
        const struct gql_directive *d = dirs->items[i];
        const struct gql_directive_def *def =
            gql_schema_directive(b->schema, d->name.value, d->name.len);
        if (def == NULL)
            continue;
        for (uint32_t a = 0; a < d->arguments.count; a++) {
            const struct gql_argument *arg = d->arguments.items[a];
            const struct gql_input_value_def *ad =
                gql_directive_def_arg(def, arg->name.value, arg->name.len);
            if (ad == NULL || ad->type == NULL)
                continue;
            struct gql_val v;
            const char *msg = NULL;
            /* In the schema arena: coercion may compute and keep input field defaults. */
            if (gql_tsys_coerce_const_literal(ad->type, arg->value, b->arena, &v, &msg) < 0) {
                struct strbuf sb = STRBUF_INIT;
                strbuf_printf(&sb, "Argument \"%s\" has invalid value ", arg->name.value);
                gql_print(&arg->value->node, NULL, &sb);
                strbuf_putc(&sb, '.');
                error_at(b, &arg->value->node, strbuf_cstr(&sb));
                strbuf_free(&sb);
            }
        }
    }
}

static void
check_applied_directives(struct builder *b)
{
    const struct gql_document *doc = b->doc;
    for (uint32_t i = 0; i < doc->definitions.count; i++) {
        const struct gql_node *d = doc->definitions.items[i];
        check_applied_directive_list(b, gql_node_directives(d));
        const struct gql_field_definition_list *fl = NULL;
        const struct gql_input_value_definition_list *il = NULL;
        switch (d->kind) {
        case GQL_KIND_OBJECT_TYPE_DEFINITION:
        case GQL_KIND_OBJECT_TYPE_EXTENSION:
            fl = &((const struct gql_object_type_definition *)d)->fields;
            break;
        case GQL_KIND_INTERFACE_TYPE_DEFINITION:
        case GQL_KIND_INTERFACE_TYPE_EXTENSION:
            fl = &((const struct gql_interface_type_definition *)d)->fields;
            break;
        case GQL_KIND_INPUT_OBJECT_TYPE_DEFINITION:
        case GQL_KIND_INPUT_OBJECT_TYPE_EXTENSION:
            il = &((const struct gql_input_object_type_definition *)d)->fields;
            break;
        case GQL_KIND_DIRECTIVE_DEFINITION:
            il = &((const struct gql_directive_definition *)d)->arguments;
            break;
        case GQL_KIND_ENUM_TYPE_DEFINITION:
        case GQL_KIND_ENUM_TYPE_EXTENSION: {
            const struct gql_enum_type_definition *e = (const struct gql_enum_type_definition *)d;
            for (uint32_t k = 0; k < e->values.count; k++)
                check_applied_directive_list(b, &e->values.items[k]->directives);
            break;
        }
        default:
            break;
        }
        if (fl != NULL) {
            for (uint32_t k = 0; k < fl->count; k++) {
                check_applied_directive_list(b, &fl->items[k]->directives);
                for (uint32_t a = 0; a < fl->items[k]->arguments.count; a++)
                    check_applied_directive_list(b, &fl->items[k]->arguments.items[a]->directives);
            }
        }
        if (il != NULL)
            for (uint32_t k = 0; k < il->count; k++)
                check_applied_directive_list(b, &il->items[k]->directives);
    }
}

/*-------------------------------------------------------------------------------------------
 * Entry points.
 *-------------------------------------------------------------------------------------------*/

static int
parse_prelude(struct builder *b)
{
    size_t len = 0;
    for (size_t i = 0; i < gql_tsys_prelude_line_count; i++)
        len += strlen(gql_tsys_prelude_lines[i]);
    char *text = arena_alloc(b->arena, len + 1);
    size_t off = 0;
    for (size_t i = 0; i < gql_tsys_prelude_line_count; i++) {
        size_t n = strlen(gql_tsys_prelude_lines[i]);
        memcpy(text + off, gql_tsys_prelude_lines[i], n);
        off += n;
    }
    text[len] = '\0';
    struct gql_error_list perr;
    gql_error_list_init(&perr, &b->scratch, text, len);
    struct gql_document *prelude = NULL;
    if (gql_parse_sdl(b->arena, text, len, NULL, &prelude, &perr) < 0) {
        gql_error_add(b->errors,
                      NULL,
                      "Internal error: the built-in definitions do not parse: %s",
                      perr.count ? perr.items[0].message : "?");
        return -1;
    }
    b->prelude = prelude;
    return 0;
}

int
gql_schema_build_from_document(struct arena *process_arena,
                               const struct gql_document *doc,
                               struct gql_schema **out,
                               struct gql_error_list *errors)
{
    struct builder b;
    memset(&b, 0, sizeof b);
    b.arena = process_arena;
    b.errors = errors;
    b.doc = doc;
    *out = NULL;
    if (errors->source == NULL) {
        errors->source = doc->source;
        errors->source_len = doc->source_len;
    }
    arena_init(&b.scratch, 0);
    int rc = -1;
    if (parse_prelude(&b) < 0)
        goto out_free_scratch;
    if (gql_tsys_sdl_validate(&b.scratch, doc, b.prelude, errors) > 0)
        goto out_free_scratch;

    struct gql_schema *s = arena_calloc(process_arena, 1, sizeof *s);
    s->arena = process_arena;
    s->introspection_enabled = true;
    b.schema = s;
    b.by_name = gql_tsys_index_new(&b.scratch, doc->definitions.count + 32);
    collect_prelude(&b);
    collect_document(&b);
    for (size_t i = 0; i < b.entries.len; i++)
        build_members(&b, b.entries.items[i]);
    if (b.failed)
        goto out_free_scratch;
    for (size_t i = 0; i < b.entries.len; i++) {
        struct tentry *e = b.entries.items[i];
        e->type->extension_asts =
            e->exts.len ? arena_alloc(process_arena, e->exts.len * sizeof(void *)) : NULL;
        if (e->exts.len)
            memcpy((void *)e->type->extension_asts, e->exts.items, e->exts.len * sizeof(void *));
        e->type->extension_ast_count = (uint32_t)e->exts.len;
        index_members(&b, e->type);
    }
    if (b.schema_exts.len > 0) {
        const struct gql_schema_definition **exts =
            arena_alloc(process_arena, b.schema_exts.len * sizeof *exts);
        memcpy(exts, b.schema_exts.items, b.schema_exts.len * sizeof *exts);
        b.schema_exts.items = exts;
    }
    choose_roots(&b);
    assemble_directives(&b);
    if (b.failed)
        goto out_free_scratch;
    order_types(&b);
    compute_possible_types(&b);
    if (gql_tsys_validate_schema(s, errors) > 0)
        goto out_free_scratch;
    check_applied_directives(&b);
    if (b.failed)
        goto out_free_scratch;
    if (gql_tsys_recoerce_defaults(s, errors) < 0)
        goto out_free_scratch;
    gql_tsys_install_introspection(s);
    *out = s;
    rc = 0;
out_free_scratch:
    arena_free(&b.scratch);
    return rc;
}

int
gql_schema_build_from_sdl(struct arena *process_arena,
                          const char *sdl,
                          size_t len,
                          struct gql_schema **out,
                          struct gql_error_list *errors)
{
    *out = NULL;
    char *copy = arena_strndup(process_arena, sdl, len);
    if (errors->source == NULL) {
        errors->source = copy;
        errors->source_len = len;
    }
    struct gql_document *doc = NULL;
    if (gql_parse_sdl(process_arena, copy, len, NULL, &doc, errors) < 0)
        return -1;
    return gql_schema_build_from_document(process_arena, doc, out, errors);
}
