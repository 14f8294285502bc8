/*
 * §5.3.2 Field Selection Merging (graphql-js OverlappingFieldsCanBeMergedRule): fields that
 * produce the same response key must be mergeable -- the same field with the same arguments
 * unless their parents can never be the same object, compatible return types, and mergeable
 * sub-selections.
 *
 * The algorithm is graphql-js v16's (see the comment on findConflictsWithinSelectionSet
 * there): fields are compared "within" each selection set once, and "between" sets only
 * across the boundaries of sub-selections and fragment spreads, with these memo tables so a
 * large document is not compared pairwise over and over:
 *   - collected fields per (parent type, selection set) -- each set is collected once;
 *   - overlapping response keys per pair of collections;
 *   - fragment pairs already compared (graphql-js PairSet, with its mutual-exclusion flag) and,
 *     per collection, the fragments already compared with it;
 *   - per pair of fields, the verdict on names and arguments; per value, its canonical form.
 * Work is metered as in graphql-js (a budget of 500,000 steps, then "Validation aborted."),
 * and the recursion through nested fields and fragment chains is bounded.
 */
#include "validation/context.h"

#include <stdlib.h>
#include <string.h>

#define MAX_CONFLICT_DETAIL_LENGTH 1000
#define MAX_CONFLICT_NODES 20
#define MAX_COMPLEXITY_BUDGET 500000
#define MAX_RECURSION 1000

struct field_info {
    const struct gql_type_def *named_type; /* NULL when the field is unknown */
    const struct gql_argument_list *args;  /* NULL when the field has no arguments */
    struct gql_name_map values;            /* argument name -> value (last wins) */
};

struct field_details {
    const struct gql_type_def *parent_type;
    const struct gql_field *node;
    const struct gql_field_def *def; /* NULL for unknown and meta fields */
    bool simple_leaf;                /* no arguments, no selection set */
    struct field_info *info;         /* built when the field first overlaps another */
};

struct group {
    const struct gql_name *name; /* response key */
    ARENA_VEC(struct field_details *) fields;
};

struct collect_result {
    ARENA_VEC(struct group) groups;         /* response keys in first-seen order */
    struct gql_name_map index;              /* response key -> group index + 1 */
    ARENA_VEC(const char *) fragment_names; /* interned, unique, first-seen order */
    struct gql_name_map compared; /* fragment name -> 1 compared, 2 compared exclusively */
};

struct overlap {
    const struct gql_name *name;
    const struct group *g1;
    const struct group *g2;
};

struct overlap_list {
    const struct overlap *items;
    size_t len;
};

struct conflict {
    const struct gql_name *response_name;
    const char *reason;
    ARENA_VEC(const struct gql_node *) fields1;
    ARENA_VEC(const struct gql_node *) fields2;
};

typedef ARENA_VEC(struct conflict) conflict_vec;

struct state {
    struct gql_validation_context *ctx;
    struct arena *arena;
    struct gql_pair_map collected;      /* (parent type, selection set) -> collect_result */
    struct gql_pair_map overlaps;       /* (result1, result2) -> overlap_list */
    struct gql_pair_map reasons;        /* (info1, info2) -> reason, or no_conflict */
    struct gql_pair_map fragment_pairs; /* (name1, name2) -> 1 non-exclusive, 2 exclusive */
    struct gql_name_map names;          /* fragment name -> interned name */
    struct gql_pair_map canonical;      /* (value, NULL) -> canonical text */
    int64_t budget;
    uint32_t depth;
    bool aborted;
};

/* Marker stored in `reasons` for "no conflict" (a NULL slot means "not computed"). */
static const char no_conflict[] = "";

static bool
spend(struct state *st, int64_t cost)
{
    if (st->aborted)
        return false;
    st->budget -= cost;
    if (st->budget < 0) {
        st->aborted = true;
        gql_ctx_abort(st->ctx);
        return false;
    }
    return true;
}

static bool
enter_recursion(struct state *st)
{
    if (st->aborted)
        return false;
    if (st->depth >= MAX_RECURSION) {
        st->aborted = true;
        gql_ctx_abort(st->ctx);
        return false;
    }
    st->depth++;
    return true;
}

static const char *
intern(struct state *st, const struct gql_name *name)
{
    bool existed;
    void **slot = gql_name_map_put(&st->names, name->value, name->len, &existed);
    if (!existed)
        *slot = (void *)name->value;
    return *slot;
}

/* graphql-js maybeAbbreviate. */
static void
append_abbreviated(struct strbuf *sb, const char *text, size_t len)
{
    if (len > MAX_CONFLICT_DETAIL_LENGTH) {
        strbuf_append(sb, text, MAX_CONFLICT_DETAIL_LENGTH);
        strbuf_puts(sb, "...");
    } else {
        strbuf_append(sb, text, len);
    }
}

/*--------------------------------------------------------------------------------------------
 * Collecting fields
 *------------------------------------------------------------------------------------------*/

static void
collect_impl(struct state *st,
             const struct gql_type_def *parent_type,
             const struct gql_selection_set *set,
             struct collect_result *r,
             struct gql_name_map *seen_fragments)
{
    for (uint32_t i = 0; i < set->selections.count; i++) {
        const struct gql_node *sel = set->selections.items[i];
        if (sel->kind == GQL_KIND_FIELD) {
            const struct gql_field *f = (const struct gql_field *)sel;
            const struct gql_field_def *def = NULL;
            if (parent_type != NULL &&
                (parent_type->kind == GQL_TYPE_OBJECT || parent_type->kind == GQL_TYPE_INTERFACE))
                def = gql_type_def_field(parent_type, f->name.value, f->name.len);
            const struct gql_name *key = f->alias.value != NULL ? &f->alias : &f->name;
            bool existed;
            void **slot = gql_name_map_put(&r->index, key->value, key->len, &existed);
            if (!existed) {
                struct group g;
                memset(&g, 0, sizeof(g));
                g.name = key;
                ARENA_VEC_PUSH(st->arena, &r->groups, g);
                *slot = (void *)(uintptr_t)r->groups.len;
            }
            struct field_details *fd = arena_calloc(st->arena, 1, sizeof(*fd));
            fd->parent_type = parent_type;
            fd->node = f;
            fd->def = def;
            fd->simple_leaf = f->arguments.count == 0 && f->selection_set == NULL;
            struct group *g = &r->groups.items[(uintptr_t)*slot - 1];
            ARENA_VEC_PUSH(st->arena, &g->fields, fd);
        } else if (sel->kind == GQL_KIND_FRAGMENT_SPREAD) {
            const struct gql_fragment_spread *sp = (const struct gql_fragment_spread *)sel;
            bool existed;
            gql_name_map_put(seen_fragments, sp->name.value, sp->name.len, &existed);
            if (!existed)
                ARENA_VEC_PUSH(st->arena, &r->fragment_names, intern(st, &sp->name));
        } else if (sel->kind == GQL_KIND_INLINE_FRAGMENT) {
            const struct gql_inline_fragment *inl = (const struct gql_inline_fragment *)sel;
            const struct gql_type_def *t =
                inl->type_condition != NULL
                    ? gql_schema_type_from_ast(st->ctx->schema, st->arena, inl->type_condition)
                    : parent_type;
            collect_impl(st, t, inl->selection_set, r, seen_fragments);
        }
    }
}

static struct collect_result *
collect_fields(struct state *st,
               const struct gql_type_def *parent_type,
               const struct gql_selection_set *set)
{
    bool existed;
    void **slot = gql_pair_map_put(&st->collected, parent_type, set, &existed);
    if (existed)
        return *slot;
    struct collect_result *r = arena_calloc(st->arena, 1, sizeof(*r));
    gql_name_map_init(&r->index, st->arena);
    gql_name_map_init(&r->compared, st->arena);
    struct gql_name_map seen;
    gql_name_map_init(&seen, st->arena);
    collect_impl(st, parent_type, set, r, &seen);
    *gql_pair_map_put(&st->collected, parent_type, set, NULL) = r;
    return r;
}

static struct collect_result *
collect_fragment_fields(struct state *st, const struct gql_fragment_definition *frag)
{
    const struct gql_type_def *t =
        gql_schema_type_from_ast(st->ctx->schema, st->arena, frag->type_condition);
    return collect_fields(st, t, frag->selection_set);
}

static const struct gql_fragment_definition *
fragment(struct state *st, const char *name)
{
    return gql_ctx_fragment(st->ctx, name, (uint32_t)strlen(name));
}

/*--------------------------------------------------------------------------------------------
 * Comparing fields
 *------------------------------------------------------------------------------------------*/

static struct field_info *
field_info(struct state *st, struct field_details *fd)
{
    if (fd->info != NULL)
        return fd->info;
    struct field_info *info = arena_calloc(st->arena, 1, sizeof(*info));
    info->named_type = fd->def != NULL ? gql_type_def_named(fd->def->type) : NULL;
    gql_name_map_init(&info->values, st->arena);
    if (fd->node->arguments.count > 0) {
        info->args = &fd->node->arguments;
        for (uint32_t i = 0; i < info->args->count; i++) {
            const struct gql_argument *a = info->args->items[i];
            *gql_name_map_put(&info->values, a->name.value, a->name.len, NULL) = a->value;
        }
    }
    fd->info = info;
    return info;
}

static void canonical_append(struct strbuf *sb, const struct gql_value *v);

static void
canonical_name(struct strbuf *sb, const char *s, uint32_t len)
{
    strbuf_printf(sb, "%u:", (unsigned)len);
    strbuf_append(sb, s, len);
}

struct sorted_field {
    const struct gql_object_field *field;
    uint32_t index; /* position in the literal: keeps the sort stable, as JavaScript's */
};

static int
compare_fields_by_name(const void *pa, const void *pb)
{
    const struct sorted_field *a = pa, *b = pb;
    uint32_t n = a->field->name.len < b->field->name.len ? a->field->name.len : b->field->name.len;
    int c = memcmp(a->field->name.value, b->field->name.value, n);
    if (c != 0)
        return c;
    if (a->field->name.len != b->field->name.len)
        return a->field->name.len < b->field->name.len ? -1 : 1;
    return a->index < b->index ? -1 : (a->index > b->index);
}

/*
 * A canonical text of a value (graphql-js stringifyValue): equal texts exactly when the values
 * are equal with object fields sorted by name. Recursion follows the value's nesting, which
 * the parser bounds.
 */
static void
canonical_append(struct strbuf *sb, const struct gql_value *v)
{
    switch (v->node.kind) {
    case GQL_KIND_VARIABLE:
        strbuf_putc(sb, 'V');
        canonical_name(sb, v->name.value, v->name.len);
        break;
    case GQL_KIND_INT_VALUE:
        strbuf_putc(sb, 'I');
        canonical_name(sb, v->number.text, v->number.len);
        break;
    case GQL_KIND_FLOAT_VALUE:
        strbuf_putc(sb, 'F');
        canonical_name(sb, v->number.text, v->number.len);
        break;
    case GQL_KIND_STRING_VALUE:
        strbuf_putc(sb, v->string.block ? 'T' : 'S');
        canonical_name(sb, v->string.value, v->string.len);
        break;
    case GQL_KIND_BOOLEAN_VALUE:
        strbuf_puts(sb, v->boolean ? "B1" : "B0");
        break;
    case GQL_KIND_NULL_VALUE:
        strbuf_putc(sb, 'N');
        break;
    case GQL_KIND_ENUM_VALUE:
        strbuf_putc(sb, 'E');
        canonical_name(sb, v->name.value, v->name.len);
        break;
    case GQL_KIND_LIST_VALUE:
        strbuf_putc(sb, '[');
        for (uint32_t i = 0; i < v->list.count; i++) {
            canonical_append(sb, v->list.items[i]);
            strbuf_putc(sb, ',');
        }
        strbuf_putc(sb, ']');
        break;
    case GQL_KIND_OBJECT_VALUE: {
        uint32_t n = v->object.count;
        struct sorted_field small[16];
        struct sorted_field *sorted = n <= 16 ? small : malloc(n * sizeof(*sorted));
        if (sorted == NULL)
            abort();
        for (uint32_t i = 0; i < n; i++) {
            sorted[i].field = v->object.items[i];
            sorted[i].index = i;
        }
        qsort(sorted, n, sizeof(*sorted), compare_fields_by_name);
        strbuf_putc(sb, '{');
        for (uint32_t i = 0; i < n; i++) {
            canonical_name(sb, sorted[i].field->name.value, sorted[i].field->name.len);
            canonical_append(sb, sorted[i].field->value);
            strbuf_putc(sb, ',');
        }
        strbuf_putc(sb, '}');
        if (sorted != small)
            free(sorted);
        break;
    }
    default:
        break;
    }
}

static const char *
canonical(struct state *st, const struct gql_value *v)
{
    bool existed;
    void **slot = gql_pair_map_put(&st->canonical, v, NULL, &existed);
    if (existed)
        return *slot;
    struct strbuf sb = STRBUF_INIT;
    canonical_append(&sb, v);
    const char *s = arena_strndup(st->arena, strbuf_cstr(&sb), sb.len);
    strbuf_free(&sb);
    *gql_pair_map_put(&st->canonical, v, NULL, NULL) = (void *)s;
    return s;
}

/* graphql-js sameArguments. */
static bool
same_arguments(struct state *st, const struct field_info *a, const struct field_info *b)
{
    if (a->args == NULL)
        return b->args == NULL;
    if (b->args == NULL || a->args->count != b->args->count)
        return false;
    for (uint32_t i = 0; i < a->args->count; i++) {
        if (!spend(st, 1))
            return true;
        const struct gql_argument *arg = a->args->items[i];
        const struct gql_value *v2 = gql_name_map_get(&b->values, arg->name.value, arg->name.len);
        if (v2 == NULL)
            return false;
        if (strcmp(canonical(st, arg->value), canonical(st, v2)) != 0)
            return false;
    }
    return true;
}

/* graphql-js doTypesConflict: lists and non-nulls must match; leaf types must be the same. */
static bool
types_conflict(struct state *st, const struct gql_type_def *t1, const struct gql_type_def *t2)
{
    for (;;) {
        if (gql_type_def_equal(t1, t2))
            return false;
        if (!spend(st, 1))
            return false;
        if (t1->kind == GQL_TYPE_LIST) {
            if (t2->kind != GQL_TYPE_LIST)
                return true;
            t1 = t1->of_type;
            t2 = t2->of_type;
            continue;
        }
        if (t2->kind == GQL_TYPE_LIST)
            return true;
        if (t1->kind == GQL_TYPE_NON_NULL) {
            if (t2->kind != GQL_TYPE_NON_NULL)
                return true;
            t1 = t1->of_type;
            t2 = t2->of_type;
            continue;
        }
        if (t2->kind == GQL_TYPE_NON_NULL)
            return true;
        if (gql_type_def_is_leaf(t1) || gql_type_def_is_leaf(t2))
            return t1 != t2;
        return false;
    }
}

static void find_conflicts_between_sub_selection_sets(struct state *st,
                                                      conflict_vec *conflicts,
                                                      bool exclusive,
                                                      const struct gql_type_def *pt1,
                                                      const struct gql_selection_set *ss1,
                                                      const struct gql_type_def *pt2,
                                                      const struct gql_selection_set *ss2);

static void
push_conflict(struct state *st,
              conflict_vec *conflicts,
              const struct gql_name *response_name,
              const char *reason,
              const struct gql_node *n1,
              const struct gql_node *n2)
{
    struct conflict c;
    memset(&c, 0, sizeof(c));
    c.response_name = response_name;
    c.reason = reason;
    ARENA_VEC_PUSH(st->arena, &c.fields1, n1);
    ARENA_VEC_PUSH(st->arena, &c.fields2, n2);
    ARENA_VEC_PUSH(st->arena, conflicts, c);
}

/* graphql-js collectConflictNodes for one side (1 or 2). */
static void
conflict_nodes(struct state *st,
               const struct gql_node *node,
               const conflict_vec *sub,
               int side,
               struct conflict *out)
{
    if (side == 1)
        ARENA_VEC_PUSH(st->arena, &out->fields1, node);
    else
        ARENA_VEC_PUSH(st->arena, &out->fields2, node);
    size_t *len = side == 1 ? &out->fields1.len : &out->fields2.len;
    for (size_t i = 0; i < sub->len; i++) {
        size_t remaining = MAX_CONFLICT_NODES - *len;
        const struct conflict *c = &sub->items[i];
        size_t n = side == 1 ? c->fields1.len : c->fields2.len;
        const struct gql_node *const *items = side == 1 ? c->fields1.items : c->fields2.items;
        size_t from = n > remaining ? n - remaining : 0;
        for (size_t k = from; k < n; k++) {
            if (side == 1)
                ARENA_VEC_PUSH(st->arena, &out->fields1, items[k]);
            else
                ARENA_VEC_PUSH(st->arena, &out->fields2, items[k]);
        }
        if (*len == MAX_CONFLICT_NODES)
            break;
    }
}

/* graphql-js findConflict: the conflict between two fields of one response key, if any. */
static void
find_conflict(struct state *st,
              conflict_vec *conflicts,
              bool parent_exclusive,
              const struct gql_name *response_name,
              struct field_details *fd1,
              struct field_details *fd2)
{
    const struct gql_type_def *pt1 = fd1->parent_type, *pt2 = fd2->parent_type;
    bool exclusive =
        parent_exclusive || (pt1 != pt2 && pt1 != NULL && pt2 != NULL &&
                             pt1->kind == GQL_TYPE_OBJECT && pt2->kind == GQL_TYPE_OBJECT);
    if (!spend(st, 2))
        return;
    const struct gql_type_def *type1 = fd1->def != NULL ? fd1->def->type : NULL;
    const struct gql_type_def *type2 = fd2->def != NULL ? fd2->def->type : NULL;
    bool same_type = (type1 == NULL && type2 == NULL) ||
                     (type1 != NULL && type2 != NULL && gql_type_def_equal(type1, type2));
    if (fd1->simple_leaf && fd2->simple_leaf && same_type &&
        gql_name_eq(&fd1->node->name, &fd2->node->name))
        return;

    if (!exclusive) {
        struct field_info *i1 = field_info(st, fd1);
        struct field_info *i2 = field_info(st, fd2);
        bool known;
        void **slot = gql_pair_map_put(&st->reasons, i1, i2, &known);
        const char *reason;
        if (known) {
            reason = *slot;
        } else {
            if (!gql_name_eq(&fd1->node->name, &fd2->node->name)) {
                struct strbuf sb = STRBUF_INIT;
                strbuf_putc(&sb, '"');
                append_abbreviated(&sb, fd1->node->name.value, fd1->node->name.len);
                strbuf_puts(&sb, "\" and \"");
                append_abbreviated(&sb, fd2->node->name.value, fd2->node->name.len);
                strbuf_puts(&sb, "\" are different fields");
                reason = arena_strndup(st->arena, sb.data, sb.len);
                strbuf_free(&sb);
            } else if (same_arguments(st, i1, i2)) {
                reason = no_conflict;
            } else {
                reason = "they have differing arguments";
            }
            *gql_pair_map_put(&st->reasons, i1, i2, NULL) = (void *)reason;
        }
        if (st->aborted)
            return;
        if (reason != no_conflict) {
            push_conflict(st, conflicts, response_name, reason, &fd1->node->node, &fd2->node->node);
            return;
        }
    }

    if (type1 != NULL && type2 != NULL && types_conflict(st, type1, type2)) {
        struct strbuf sb = STRBUF_INIT;
        strbuf_puts(&sb, "they return conflicting types \"");
        gql_type_def_print(type1, &sb);
        strbuf_puts(&sb, "\" and \"");
        gql_type_def_print(type2, &sb);
        strbuf_putc(&sb, '"');
        const char *reason = arena_strndup(st->arena, sb.data, sb.len);
        strbuf_free(&sb);
        push_conflict(st, conflicts, response_name, reason, &fd1->node->node, &fd2->node->node);
        return;
    }
    if (st->aborted)
        return;

    const struct gql_selection_set *ss1 = fd1->node->selection_set;
    const struct gql_selection_set *ss2 = fd2->node->selection_set;
    if (ss1 == NULL || ss2 == NULL)
        return;
    if (!enter_recursion(st))
        return;
    conflict_vec sub = {0};
    find_conflicts_between_sub_selection_sets(st,
                                              &sub,
                                              exclusive,
                                              field_info(st, fd1)->named_type,
                                              ss1,
                                              field_info(st, fd2)->named_type,
                                              ss2);
    st->depth--;
    if (sub.len == 0 || st->aborted)
        return;
    /* graphql-js subfieldConflicts: one conflict summarising the sub-fields'. */
    struct strbuf msg = STRBUF_INIT;
    for (size_t i = 0; i < sub.len; i++) {
        if (msg.len > 0)
            strbuf_puts(&msg, " and ");
        strbuf_puts(&msg, "subfields \"");
        append_abbreviated(
            &msg, sub.items[i].response_name->value, sub.items[i].response_name->len);
        strbuf_puts(&msg, "\" conflict because ");
        strbuf_puts(&msg, sub.items[i].reason);
        if (msg.len > MAX_CONFLICT_DETAIL_LENGTH)
            break;
    }
    struct strbuf abbreviated = STRBUF_INIT;
    append_abbreviated(&abbreviated, strbuf_cstr(&msg), msg.len);
    struct conflict c;
    memset(&c, 0, sizeof(c));
    c.response_name = response_name;
    c.reason = arena_strndup(st->arena, strbuf_cstr(&abbreviated), abbreviated.len);
    strbuf_free(&msg);
    strbuf_free(&abbreviated);
    conflict_nodes(st, &fd1->node->node, &sub, 1, &c);
    conflict_nodes(st, &fd2->node->node, &sub, 2, &c);
    ARENA_VEC_PUSH(st->arena, conflicts, c);
}

/* graphql-js getOverlappingFields: response keys present in both collections (memoised). */
static struct overlap_list
overlapping(struct state *st, const struct collect_result *r1, const struct collect_result *r2)
{
    bool existed;
    void **slot = gql_pair_map_put(&st->overlaps, r1, r2, &existed);
    if (existed)
        return *(struct overlap_list *)*slot;
    ARENA_VEC(struct overlap) list = {0};
    for (size_t i = 0; i < r1->groups.len; i++) {
        if (!spend(st, 1))
            break;
        const struct group *g1 = &r1->groups.items[i];
        uintptr_t j = (uintptr_t)gql_name_map_get(&r2->index, g1->name->value, g1->name->len);
        if (j == 0)
            continue;
        struct overlap o = {g1->name, g1, &r2->groups.items[j - 1]};
        ARENA_VEC_PUSH(st->arena, &list, o);
    }
    struct overlap_list *out = arena_alloc(st->arena, sizeof(*out));
    out->items = list.items;
    out->len = list.len;
    *gql_pair_map_put(&st->overlaps, r1, r2, NULL) = out;
    return *out;
}

/* graphql-js collectConflictsWithin: every pair of fields within one collection. */
static void
collect_conflicts_within(struct state *st, conflict_vec *conflicts, const struct collect_result *r)
{
    for (size_t g = 0; g < r->groups.len && !st->aborted; g++) {
        const struct group *grp = &r->groups.items[g];
        for (size_t i = 0; i < grp->fields.len; i++)
            for (size_t j = i + 1; j < grp->fields.len && !st->aborted; j++)
                find_conflict(
                    st, conflicts, false, grp->name, grp->fields.items[i], grp->fields.items[j]);
    }
}

/* graphql-js collectConflictsBetween: pairs across two collections. */
static void
collect_conflicts_between(struct state *st,
                          conflict_vec *conflicts,
                          bool exclusive,
                          const struct collect_result *r1,
                          const struct collect_result *r2)
{
    if (r1->groups.len == 0 || r2->groups.len == 0)
        return;
    struct overlap_list ol = overlapping(st, r1, r2);
    for (size_t k = 0; k < ol.len && !st->aborted; k++) {
        const struct overlap *o = &ol.items[k];
        for (size_t i = 0; i < o->g1->fields.len; i++)
            for (size_t j = 0; j < o->g2->fields.len && !st->aborted; j++)
                find_conflict(st,
                              conflicts,
                              exclusive,
                              o->name,
                              o->g1->fields.items[i],
                              o->g2->fields.items[j]);
    }
}

/* graphql-js collectConflictsBetweenFieldsAndFragment. */
static void
between_fields_and_fragment(struct state *st,
                            conflict_vec *conflicts,
                            bool exclusive,
                            struct collect_result *r,
                            const char *fragment_name)
{
    if (!spend(st, 1) || r->groups.len == 0)
        return;
    uint32_t len = (uint32_t)strlen(fragment_name);
    bool existed;
    void **slot = gql_name_map_put(&r->compared, fragment_name, len, &existed);
    if (existed) {
        uintptr_t compared = (uintptr_t)*slot;
        if (compared == 1 || (exclusive && compared == 2))
            return;
    }
    *slot = (void *)(uintptr_t)(exclusive ? 2 : 1);
    const struct gql_fragment_definition *frag = fragment(st, fragment_name);
    if (frag == NULL)
        return;
    struct collect_result *r2 = collect_fragment_fields(st, frag);
    if (r == r2)
        return;
    collect_conflicts_between(st, conflicts, exclusive, r, r2);
    if (!enter_recursion(st))
        return;
    for (size_t i = 0; i < r2->fragment_names.len && !st->aborted; i++)
        between_fields_and_fragment(st, conflicts, exclusive, r, r2->fragment_names.items[i]);
    st->depth--;
}

/* graphql-js PairSet.has: compared before, in either order, compatibly with `exclusive`. */
static bool
pair_compared(struct state *st, const char *a, const char *b, bool exclusive)
{
    void **ab = gql_pair_map_get(&st->fragment_pairs, a, b);
    void **ba = gql_pair_map_get(&st->fragment_pairs, b, a);
    if (ab != NULL && (exclusive || (uintptr_t)*ab == 1))
        return true;
    if (ba != NULL && (exclusive || (uintptr_t)*ba == 1))
        return true;
    return false;
}

/* graphql-js collectConflictsBetweenFragments. */
static void
between_fragments(
    struct state *st, conflict_vec *conflicts, bool exclusive, const char *name1, const char *name2)
{
    if (!spend(st, 2) || name1 == name2)
        return;
    if (pair_compared(st, name1, name2, exclusive))
        return;
    *gql_pair_map_put(&st->fragment_pairs, name1, name2, NULL) =
        (void *)(uintptr_t)(exclusive ? 2 : 1);
    const struct gql_fragment_definition *f1 = fragment(st, name1);
    const struct gql_fragment_definition *f2 = fragment(st, name2);
    if (f1 == NULL || f2 == NULL)
        return;
    struct collect_result *r1 = collect_fragment_fields(st, f1);
    struct collect_result *r2 = collect_fragment_fields(st, f2);
    collect_conflicts_between(st, conflicts, exclusive, r1, r2);
    if (!enter_recursion(st))
        return;
    for (size_t i = 0; i < r2->fragment_names.len && !st->aborted; i++)
        between_fragments(st, conflicts, exclusive, name1, r2->fragment_names.items[i]);
    for (size_t i = 0; i < r1->fragment_names.len && !st->aborted; i++)
        between_fragments(st, conflicts, exclusive, r1->fragment_names.items[i], name2);
    st->depth--;
}

static void
find_conflicts_between_sub_selection_sets(struct state *st,
                                          conflict_vec *conflicts,
                                          bool exclusive,
                                          const struct gql_type_def *pt1,
                                          const struct gql_selection_set *ss1,
                                          const struct gql_type_def *pt2,
                                          const struct gql_selection_set *ss2)
{
    struct collect_result *r1 = collect_fields(st, pt1, ss1);
    struct collect_result *r2 = collect_fields(st, pt2, ss2);
    collect_conflicts_between(st, conflicts, exclusive, r1, r2);
    for (size_t i = 0; i < r2->fragment_names.len && !st->aborted; i++)
        between_fields_and_fragment(st, conflicts, exclusive, r1, r2->fragment_names.items[i]);
    for (size_t i = 0; i < r1->fragment_names.len && !st->aborted; i++)
        between_fields_and_fragment(st, conflicts, exclusive, r2, r1->fragment_names.items[i]);
    for (size_t i = 0; i < r1->fragment_names.len && !st->aborted; i++)
        for (size_t j = 0; j < r2->fragment_names.len && !st->aborted; j++)
            between_fragments(
                st, conflicts, exclusive, r1->fragment_names.items[i], r2->fragment_names.items[j]);
}

/* graphql-js findConflictsWithinSelectionSet. */
static void
find_conflicts_within_selection_set(struct state *st,
                                    conflict_vec *conflicts,
                                    const struct gql_type_def *parent_type,
                                    const struct gql_selection_set *set)
{
    struct collect_result *r = collect_fields(st, parent_type, set);
    collect_conflicts_within(st, conflicts, r);
    size_t nf = r->fragment_names.len;
    if (nf == 0 || (r->groups.len == 0 && nf <= 1))
        return;
    for (size_t i = 0; i < nf && !st->aborted; i++) {
        between_fields_and_fragment(st, conflicts, false, r, r->fragment_names.items[i]);
        for (size_t j = i + 1; j < nf && !st->aborted; j++)
            between_fragments(
                st, conflicts, false, r->fragment_names.items[i], r->fragment_names.items[j]);
    }
}

static int
enter_selection_set(const struct gql_node *node, const struct gql_ancestors *ancestors, void *user)
{
    struct state *st = user;
    if (st->aborted)
        return 1;
    const struct gql_selection_set *set = (const struct gql_selection_set *)node;
    if (ancestors->count > 0 &&
        ancestors->items[ancestors->count - 1]->kind == GQL_KIND_INLINE_FRAGMENT)
        return 1; /* flattened into the enclosing selection set */
    if (set->selections.count <= 1 &&
        (set->selections.count == 0 || set->selections.items[0]->kind != GQL_KIND_INLINE_FRAGMENT))
        return 1;
    conflict_vec conflicts = {0};
    find_conflicts_within_selection_set(st, &conflicts, gql_ctx_parent_type(st->ctx), set);
    for (size_t i = 0; i < conflicts.len; i++) {
        const struct conflict *c = &conflicts.items[i];
        struct strbuf *msg = gql_ctx_message(st->ctx);
        strbuf_puts(msg, "Fields \"");
        append_abbreviated(msg, c->response_name->value, c->response_name->len);
        strbuf_printf(msg,
                      "\" conflict because %s. Use different aliases on the fields to fetch both "
                      "if this was intentional.",
                      c->reason);
        size_t n = c->fields1.len + c->fields2.len;
        const struct gql_node **nodes = arena_alloc(st->arena, n * sizeof(*nodes));
        memcpy(nodes, c->fields1.items, c->fields1.len * sizeof(*nodes));
        memcpy(nodes + c->fields1.len, c->fields2.items, c->fields2.len * sizeof(*nodes));
        gql_ctx_report(st->ctx, msg->data, nodes, n);
    }
    return 1;
}

static void
create(struct gql_validation_context *ctx, struct gql_visitor *v)
{
    struct state *st = GQL_RULE_STATE(ctx, struct state);
    st->ctx = ctx;
    st->arena = ctx->arena;
    gql_pair_map_init(&st->collected, ctx->arena);
    gql_pair_map_init(&st->overlaps, ctx->arena);
    gql_pair_map_init(&st->reasons, ctx->arena);
    gql_pair_map_init(&st->fragment_pairs, ctx->arena);
    gql_pair_map_init(&st->canonical, ctx->arena);
    gql_name_map_init(&st->names, ctx->arena);
    st->budget = MAX_COMPLEXITY_BUDGET;
    v->enter[GQL_KIND_SELECTION_SET] = enter_selection_set;
    v->user = st;
}

const struct gql_rule gql_rule_overlapping_fields_can_be_merged = {
    "OverlappingFieldsCanBeMergedRule", create};
