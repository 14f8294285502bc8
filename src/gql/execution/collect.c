/*
 * Field collection (GraphQL specification §6.3.2 "Field Collection"; graphql-js
 * execution/collectFields.ts): turns a selection set into fields grouped by response key,
 * in document order, honouring @skip/@include, fragment spreads and inline fragments with
 * type conditions.
 *
 * Recursion follows fragments and inline fragments, bounded by the parser's nesting cap and
 * by the visited set (each named fragment is expanded once per collection).
 */
#include "exec.h"

#include <string.h>

void
gql_exec_index_fragments(struct gql_exec *ex)
{
    const struct gql_node_list *defs = &ex->doc->definitions;
    gql_name_map_init(&ex->fragments, ex->arena);
    for (uint32_t i = 0; i < defs->count; i++) {
        if (defs->items[i]->kind != GQL_KIND_FRAGMENT_DEFINITION)
            continue;
        const struct gql_fragment_definition *f =
            (const struct gql_fragment_definition *)defs->items[i];
        bool existed;
        void **slot = gql_name_map_put(&ex->fragments, f->name.value, f->name.len, &existed);
        if (!existed)
            *slot = (void *)f;
    }
}

static const struct gql_fragment_definition *
find_fragment(struct gql_exec *ex, const struct gql_name *name)
{
    return gql_name_map_get(&ex->fragments, name->value, name->len);
}

/* The value of directive's argument "if"; dflt when absent or not a boolean (validation
 * guarantees a Boolean! there, so only a hostile caller skipping validation gets dflt). */
static bool
directive_if(struct gql_exec *ex, const struct gql_directive *d, bool dflt)
{
    for (uint32_t i = 0; i < d->arguments.count; i++) {
        const struct gql_argument *arg = d->arguments.items[i];
        if (!gql_name_is(&arg->name, "if"))
            continue;
        const struct gql_value *v = arg->value;
        if (v->node.kind == GQL_KIND_BOOLEAN_VALUE)
            return v->boolean;
        if (v->node.kind == GQL_KIND_VARIABLE) {
            const struct gql_val *var =
                gql_val_object_getn(&ex->variables, v->name.value, v->name.len);
            if (var && var->kind == GQL_VAL_BOOLEAN)
                return var->u.boolean;
        }
        return dflt;
    }
    return dflt;
}

/* §6.3.2: @skip(if: true) excludes, @include(if: false) excludes. */
static bool
should_include_node(struct gql_exec *ex, const struct gql_directive_list *directives)
{
    for (uint32_t i = 0; i < directives->count; i++) {
        const struct gql_directive *d = directives->items[i];
        if (gql_name_is(&d->name, "skip")) {
            if (directive_if(ex, d, false))
                return false;
        } else if (gql_name_is(&d->name, "include")) {
            if (!directive_if(ex, d, true))
                return false;
        }
    }
    return true;
}

/* §6.3.2 DoesFragmentTypeApply. */
static bool
does_fragment_condition_match(struct gql_exec *ex,
                              const struct gql_type *type_condition,
                              const struct gql_type_def *object_type)
{
    if (type_condition == NULL)
        return true;
    const struct gql_type_def *cond =
        gql_schema_type(ex->schema, type_condition->name.value, type_condition->name.len);
    if (cond == NULL)
        return false;
    if (cond == object_type)
        return true;
    if (gql_type_def_is_abstract(cond))
        return gql_schema_is_subtype(ex->schema, cond, object_type);
    return false;
}

/* Names of fragments already expanded in one collection: scanned while few, then hashed. */
struct visited {
    const struct gql_name **names;
    uint32_t count;
    uint32_t cap;
    struct gql_name_map *index;
};

static bool
visited_add(struct gql_exec *ex, struct visited *v, const struct gql_name *name)
{
    if (v->index != NULL) {
        bool existed;
        gql_name_map_put(v->index, name->value, name->len, &existed);
        return !existed;
    }
    for (uint32_t i = 0; i < v->count; i++)
        if (gql_name_eq(v->names[i], name))
            return false;
    if (v->count == GQL_EXEC_INDEX_AT) {
        v->index = arena_alloc(ex->arena, sizeof(*v->index));
        gql_name_map_init(v->index, ex->arena);
        for (uint32_t i = 0; i < v->count; i++)
            gql_name_map_put(v->index, v->names[i]->value, v->names[i]->len, NULL);
        gql_name_map_put(v->index, name->value, name->len, NULL);
        return true;
    }
    if (v->count == v->cap) {
        uint32_t cap = v->cap ? v->cap * 2 : 8;
        v->names =
            arena_realloc(ex->arena, v->names, v->cap * sizeof(*v->names), cap * sizeof(*v->names));
        v->cap = cap;
    }
    v->names[v->count++] = name;
    return true;
}

/* The group of response key in out, or NULL. */
static struct field_group *
find_group(const struct grouped_fields *out, const struct gql_name *key)
{
    if (out->index != NULL)
        return gql_name_map_get(out->index, key->value, key->len);
    for (uint32_t i = 0; i < out->count; i++) {
        struct field_group *c = out->items[i];
        if (c->key_len == key->len && memcmp(c->key, key->value, key->len) == 0)
            return c;
    }
    return NULL;
}

/* Appends g to out, indexing the keys once there are enough of them. */
static void
append_group(struct gql_exec *ex, struct grouped_fields *out, struct field_group *g)
{
    if (out->count == out->cap) {
        uint32_t cap = out->cap ? out->cap * 2 : 8;
        out->items = arena_realloc(
            ex->arena, out->items, out->cap * sizeof(*out->items), cap * sizeof(*out->items));
        out->cap = cap;
    }
    out->items[out->count++] = g;
    if (out->index != NULL) {
        *gql_name_map_put(out->index, g->key, g->key_len, NULL) = g;
    } else if (out->count == GQL_EXEC_INDEX_AT) {
        out->index = arena_alloc(ex->arena, sizeof(*out->index));
        gql_name_map_init(out->index, ex->arena);
        for (uint32_t i = 0; i < out->count; i++)
            *gql_name_map_put(out->index, out->items[i]->key, out->items[i]->key_len, NULL) =
                out->items[i];
    }
}

static void
add_field(struct gql_exec *ex,
          const struct gql_type_def *object_type,
          const struct gql_field *field,
          struct grouped_fields *out)
{
    const struct gql_name *key = field->alias.value ? &field->alias : &field->name;
    struct field_group *g = find_group(out, key);
    if (g == NULL) {
        g = arena_calloc(ex->arena, 1, sizeof *g);
        g->key = key->value;
        g->key_len = key->len;
        g->def = gql_schema_field_def(ex->schema, object_type, field->name.value, field->name.len);
        g->is_typename = g->def != NULL && g->def == ex->schema->typename_meta_field;
        append_group(ex, out, g);
    }
    if (g->count == g->cap) {
        uint32_t cap = g->cap ? g->cap * 2 : 2;
        g->nodes =
            arena_realloc(ex->arena, g->nodes, g->cap * sizeof(*g->nodes), cap * sizeof(*g->nodes));
        g->cap = cap;
    }
    g->nodes[g->count++] = field;
}

static void
collect_impl(struct gql_exec *ex,
             const struct gql_type_def *object_type,
             const struct gql_selection_set *selection_set,
             struct grouped_fields *out,
             struct visited *visited,
             unsigned depth)
{
    const struct gql_node_list *sel = &selection_set->selections;
    if (depth > GQL_COLLECT_MAX_DEPTH) {
        /* A chain of thousands of fragments, each spreading the next: stop expanding rather
         * than recursing without bound (validation's limits refuse such documents first). */
        if (!ex->collect_too_deep) {
            ex->collect_too_deep = true;
            struct gql_error *e = gql_error_add(
                &ex->errors, "QUERY_TOO_COMPLEX", "Fragments are nested too deeply to execute.");
            gql_error_add_location(&ex->errors, e, selection_set->node.start);
        }
        return;
    }
    for (uint32_t i = 0; i < sel->count; i++) {
        const struct gql_node *node = sel->items[i];
        switch (node->kind) {
        case GQL_KIND_FIELD: {
            const struct gql_field *f = (const struct gql_field *)node;
            if (!should_include_node(ex, &f->directives))
                continue;
            add_field(ex, object_type, f, out);
            break;
        }
        case GQL_KIND_INLINE_FRAGMENT: {
            const struct gql_inline_fragment *frag = (const struct gql_inline_fragment *)node;
            if (!should_include_node(ex, &frag->directives) ||
                !does_fragment_condition_match(ex, frag->type_condition, object_type))
                continue;
            collect_impl(ex, object_type, frag->selection_set, out, visited, depth + 1);
            break;
        }
        case GQL_KIND_FRAGMENT_SPREAD: {
            const struct gql_fragment_spread *spread = (const struct gql_fragment_spread *)node;
            if (!should_include_node(ex, &spread->directives))
                continue;
            if (!visited_add(ex, visited, &spread->name))
                continue;
            const struct gql_fragment_definition *frag = find_fragment(ex, &spread->name);
            if (frag == NULL ||
                !does_fragment_condition_match(ex, frag->type_condition, object_type))
                continue;
            collect_impl(ex, object_type, frag->selection_set, out, visited, depth + 1);
            break;
        }
        default:
            break;
        }
    }
}

void
gql_exec_collect_fields(struct gql_exec *ex,
                        const struct gql_type_def *object_type,
                        const struct gql_selection_set *selection_set,
                        struct grouped_fields *out)
{
    struct visited visited = {NULL, 0, 0, NULL};
    collect_impl(ex, object_type, selection_set, out, &visited, 0);
}

const struct grouped_fields *
gql_exec_collect_subfields(struct gql_exec *ex,
                           const struct gql_type_def *object_type,
                           struct field_group *group)
{
    for (struct subfields_memo *m = group->memo; m; m = m->next)
        if (m->type == object_type)
            return &m->fields;
    struct subfields_memo *m = arena_calloc(ex->arena, 1, sizeof *m);
    m->type = object_type;
    struct visited visited = {NULL, 0, 0, NULL};
    for (uint32_t i = 0; i < group->count; i++)
        if (group->nodes[i]->selection_set)
            collect_impl(ex, object_type, group->nodes[i]->selection_set, &m->fields, &visited, 0);
    m->next = group->memo;
    group->memo = m;
    return &m->fields;
}
