/*
 * Complexity limits of contract §3, checked before the validation rules (in particular before
 * OverlappingFieldsCanBeMerged, which compares fields pairwise) and before any resolver:
 * selection depth, number of fields and of aliases after fragment expansion, text size.
 *
 * Counting fields by expanding fragments naively is exponential: 40 fragments each spreading
 * the previous one twice expand to 2^40 fields from 3 KB of text. Here every fragment's
 * expansion is summarised once -- its field count, alias count and depth, given the summaries
 * of the fragments it spreads -- in post-order over the spread graph, and counts saturate
 * instead of overflowing. Work and memory are linear in the document; nothing recurses on the
 * C stack (explicit stacks throughout), so fragment chains of any length are safe.
 */
#include "context.h"

#include <inttypes.h>
#include <string.h>

/* Counts saturate here: far beyond any limit, and sums cannot overflow. */
#define SATURATED (UINT64_MAX / 4)

static uint64_t
add_sat(uint64_t a, uint64_t b)
{
    uint64_t s = a + b;
    return s > SATURATED ? SATURATED : s;
}

/* A fragment spread met while walking a definition, with the field depth it appears at. */
struct spread_edge {
    int32_t target;    /* index into the fragment table, -1 when unknown */
    uint32_t depth_at; /* fields enclosing the spread within its definition */
    bool counts_depth; /* false inside __schema / __type */
};

/* What one definition contributes by itself, and the spreads it makes. */
struct summary {
    uint64_t fields;
    uint64_t aliases;
    uint64_t depth;
    ARENA_VEC(struct spread_edge) edges;
};

struct walk_frame {
    const struct gql_selection_set *set;
    uint32_t depth; /* fields enclosing this selection set */
    bool counts_depth;
};

static bool
is_introspection_root(const struct gql_field *f)
{
    return gql_name_is(&f->name, "__schema") || gql_name_is(&f->name, "__type");
}

/* Fills s with the definition's own fields, aliases, depth and spread edges. */
static void
summarise(struct arena *arena,
          const struct gql_name_map *fragment_index,
          const struct gql_selection_set *root,
          struct summary *s)
{
    memset(s, 0, sizeof(*s));
    ARENA_VEC(struct walk_frame) stack = {0};
    struct walk_frame first = {root, 0, true};
    ARENA_VEC_PUSH(arena, &stack, first);
    while (stack.len > 0) {
        struct walk_frame fr = stack.items[--stack.len];
        for (uint32_t i = 0; i < fr.set->selections.count; i++) {
            const struct gql_node *sel = fr.set->selections.items[i];
            switch (sel->kind) {
            case GQL_KIND_FIELD: {
                const struct gql_field *f = (const struct gql_field *)sel;
                s->fields = add_sat(s->fields, 1);
                if (f->alias.value != NULL)
                    s->aliases = add_sat(s->aliases, 1);
                uint32_t d = fr.depth + 1;
                if (fr.counts_depth && d > s->depth)
                    s->depth = d;
                if (f->selection_set != NULL) {
                    struct walk_frame sub = {
                        f->selection_set, d, fr.counts_depth && !is_introspection_root(f)};
                    ARENA_VEC_PUSH(arena, &stack, sub);
                }
                break;
            }
            case GQL_KIND_INLINE_FRAGMENT: {
                const struct gql_inline_fragment *inl = (const struct gql_inline_fragment *)sel;
                struct walk_frame sub = {inl->selection_set, fr.depth, fr.counts_depth};
                ARENA_VEC_PUSH(arena, &stack, sub);
                break;
            }
            case GQL_KIND_FRAGMENT_SPREAD: {
                const struct gql_fragment_spread *sp = (const struct gql_fragment_spread *)sel;
                void *idx = gql_name_map_get(fragment_index, sp->name.value, sp->name.len);
                struct spread_edge e = {
                    idx != NULL ? (int32_t)((uintptr_t)idx - 1) : -1, fr.depth, fr.counts_depth};
                ARENA_VEC_PUSH(arena, &s->edges, e);
                break;
            }
            default:
                break;
            }
        }
    }
}

enum { UNVISITED, IN_PROGRESS, DONE };

/* Adds the expansions of s's spread targets (already DONE, or 0 on a cycle) to s. */
static void
fold_edges(struct summary *s, const struct summary *frags, const uint8_t *state)
{
    for (size_t k = 0; k < s->edges.len; k++) {
        const struct spread_edge *e = &s->edges.items[k];
        if (e->target < 0 || state[e->target] != DONE)
            continue; /* unknown fragment or a cycle: validation reports those */
        const struct summary *t = &frags[e->target];
        s->fields = add_sat(s->fields, t->fields);
        s->aliases = add_sat(s->aliases, t->aliases);
        if (e->counts_depth && t->depth > 0 && e->depth_at + t->depth > s->depth)
            s->depth = add_sat(e->depth_at, t->depth);
    }
}

int
gql_check_text_limit(size_t len, const struct gql_limits *limits, struct gql_error_list *errors)
{
    if (limits == NULL || limits->max_bytes == 0 || len <= limits->max_bytes)
        return 0;
    gql_error_add(errors,
                  GQL_CODE_QUERY_TOO_COMPLEX,
                  "Query is too large: %zu bytes; the limit is %zu bytes.",
                  len,
                  limits->max_bytes);
    return 1;
}

static void
report(struct gql_error_list *errors,
       const struct gql_operation_definition *op,
       const char *what,
       uint64_t value,
       uint32_t limit)
{
    struct gql_error *e;
    if (value >= SATURATED)
        e = gql_error_add(errors,
                          GQL_CODE_QUERY_TOO_COMPLEX,
                          "Query is too complex: more than %" PRIu32 " %s; the limit is %" PRIu32
                          ".",
                          limit,
                          what,
                          limit);
    else
        e = gql_error_add(errors,
                          GQL_CODE_QUERY_TOO_COMPLEX,
                          "Query is too complex: %" PRIu64 " %s; the limit is %" PRIu32 ".",
                          value,
                          what,
                          limit);
    gql_error_add_location(errors, e, op->node.start);
}

int
gql_check_limits(const struct gql_document *doc,
                 const char *operation_name,
                 const struct gql_limits *limits,
                 struct arena *arena,
                 struct gql_error_list *errors)
{
    if (errors->source == NULL) {
        errors->source = doc->source;
        errors->source_len = doc->source_len;
    }
    if (limits == NULL)
        return 0;
    int reported = gql_check_text_limit(doc->source_len, limits, errors);
    if (limits->max_depth == 0 && limits->max_fields == 0 && limits->max_aliases == 0)
        return reported;

    /* Fragment table: index + 1 stored as the map value (0 means absent). */
    const struct gql_node_list *defs = &doc->definitions;
    struct gql_name_map index;
    gql_name_map_init(&index, arena);
    uint32_t nfrag = 0;
    for (uint32_t i = 0; i < defs->count; i++) {
        if (defs->items[i]->kind != GQL_KIND_FRAGMENT_DEFINITION)
            continue;
        const struct gql_fragment_definition *f =
            (const struct gql_fragment_definition *)defs->items[i];
        bool existed;
        void **slot = gql_name_map_put(&index, f->name.value, f->name.len, &existed);
        if (!existed)
            *slot = (void *)(uintptr_t)(++nfrag);
    }
    const struct gql_fragment_definition **frag_defs =
        arena_calloc(arena, nfrag ? nfrag : 1, sizeof(*frag_defs));
    for (uint32_t i = 0; i < defs->count; i++) {
        if (defs->items[i]->kind != GQL_KIND_FRAGMENT_DEFINITION)
            continue;
        const struct gql_fragment_definition *f =
            (const struct gql_fragment_definition *)defs->items[i];
        uintptr_t idx = (uintptr_t)gql_name_map_get(&index, f->name.value, f->name.len);
        frag_defs[idx - 1] = f; /* the last of duplicated names, as validation's getFragment */
    }

    /* Own summaries, then expansions in post-order of the spread graph. */
    struct summary *frags = arena_calloc(arena, nfrag ? nfrag : 1, sizeof(*frags));
    for (uint32_t i = 0; i < nfrag; i++)
        summarise(arena, &index, frag_defs[i]->selection_set, &frags[i]);
    uint8_t *state = arena_calloc(arena, nfrag ? nfrag : 1, 1);
    struct dfs_frame {
        uint32_t frag;
        size_t next_edge;
    };
    ARENA_VEC(struct dfs_frame) stack = {0};
    for (uint32_t i = 0; i < nfrag; i++) {
        if (state[i] != UNVISITED)
            continue;
        state[i] = IN_PROGRESS;
        struct dfs_frame root = {i, 0};
        ARENA_VEC_PUSH(arena, &stack, root);
        while (stack.len > 0) {
            struct dfs_frame *top = &stack.items[stack.len - 1];
            struct summary *s = &frags[top->frag];
            if (top->next_edge < s->edges.len) {
                int32_t t = s->edges.items[top->next_edge++].target;
                if (t >= 0 && state[t] == UNVISITED) {
                    state[t] = IN_PROGRESS;
                    struct dfs_frame child = {(uint32_t)t, 0};
                    ARENA_VEC_PUSH(arena, &stack, child); /* may move top: not used after */
                }
                continue;
            }
            fold_edges(s, frags, state);
            state[top->frag] = DONE;
            stack.len--;
        }
    }

    for (uint32_t i = 0; i < defs->count; i++) {
        if (defs->items[i]->kind != GQL_KIND_OPERATION_DEFINITION)
            continue;
        const struct gql_operation_definition *op =
            (const struct gql_operation_definition *)defs->items[i];
        if (operation_name != NULL && !gql_name_is(&op->name, operation_name))
            continue;
        struct summary s;
        summarise(arena, &index, op->selection_set, &s);
        fold_edges(&s, frags, state);
        if (limits->max_depth > 0 && s.depth > limits->max_depth) {
            report(errors, op, "levels of selection depth", s.depth, limits->max_depth);
            reported++;
        }
        if (limits->max_fields > 0 && s.fields > limits->max_fields) {
            report(errors, op, "fields after fragment expansion", s.fields, limits->max_fields);
            reported++;
        }
        if (limits->max_aliases > 0 && s.aliases > limits->max_aliases) {
            report(errors, op, "aliases", s.aliases, limits->max_aliases);
            reported++;
        }
    }
    return reported;
}
