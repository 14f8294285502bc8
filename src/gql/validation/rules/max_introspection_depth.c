/*
 * graphql-js MaxIntrospectionDepthRule (recommended, in specifiedRules since graphql-js 16.9):
 * an introspection query (`__schema`, `__type`) may nest the list fields `fields`,
 * `interfaces`, `possibleTypes` and `inputFields` at most twice, fragments included, so a
 * small query cannot make introspection produce an enormous response.
 *
 * The search keeps graphql-js's per-fragment memos (depth at which a fragment was found
 * within or beyond the limit) and uses an explicit stack instead of recursion.
 */
#include "validation/context.h"

#define MAX_LISTS_DEPTH 3

struct frame {
    const struct gql_selection_set *set;
    uint32_t next;
    uint32_t depth;
    const struct gql_name *fragment; /* the fragment whose body this is, or NULL */
};

struct state {
    struct gql_validation_context *ctx;
    struct gql_name_map checked;  /* fragment -> greatest entry depth + 1 found within limit */
    struct gql_name_map exceeded; /* fragment -> smallest entry depth + 1 found over limit */
};

static bool
is_list_field(const struct gql_field *f)
{
    return gql_name_is(&f->name, "fields") || gql_name_is(&f->name, "interfaces") ||
           gql_name_is(&f->name, "possibleTypes") || gql_name_is(&f->name, "inputFields");
}

static uintptr_t
get(const struct gql_name_map *m, const struct gql_name *n)
{
    return (uintptr_t)gql_name_map_get(m, n->value, n->len);
}

static void
set(struct gql_name_map *m, const struct gql_name *n, uint32_t depth)
{
    *gql_name_map_put(m, n->value, n->len, NULL) = (void *)(uintptr_t)(depth + 1);
}

/* graphql-js checkDepth from a __schema / __type field: whether the limit is reached. */
static bool
check_depth(struct state *st, const struct gql_field *root)
{
    struct arena *a = st->ctx->arena;
    struct gql_name_map visited; /* fragment -> greatest entry depth + 1 in this check */
    gql_name_map_init(&visited, a);
    ARENA_VEC(struct frame) stack = {0};
    if (root->selection_set == NULL)
        return false;
    struct frame first = {root->selection_set, 0, 0, NULL};
    ARENA_VEC_PUSH(a, &stack, first);
    bool hit = false;
    while (stack.len > 0 && !hit) {
        struct frame *top = &stack.items[stack.len - 1];
        if (top->next >= top->set->selections.count) {
            if (top->fragment != NULL)
                set(&st->checked, top->fragment, top->depth);
            stack.len--;
            continue;
        }
        const struct gql_node *sel = top->set->selections.items[top->next++];
        uint32_t depth = top->depth;
        if (sel->kind == GQL_KIND_FRAGMENT_SPREAD) {
            const struct gql_name *name = &((const struct gql_fragment_spread *)sel)->name;
            uintptr_t ex = get(&st->exceeded, name);
            if (ex != 0 && ex - 1 <= depth) {
                hit = true;
                break;
            }
            uintptr_t vis = get(&visited, name), chk = get(&st->checked, name);
            if ((vis != 0 && vis - 1 >= depth) || (chk != 0 && chk - 1 >= depth))
                continue;
            const struct gql_fragment_definition *frag =
                gql_ctx_fragment(st->ctx, name->value, name->len);
            if (frag == NULL)
                continue;
            set(&visited, name, depth);
            struct frame f = {frag->selection_set, 0, depth, name};
            ARENA_VEC_PUSH(a, &stack, f);
        } else if (sel->kind == GQL_KIND_FIELD) {
            const struct gql_field *f = (const struct gql_field *)sel;
            if (is_list_field(f) && ++depth >= MAX_LISTS_DEPTH) {
                hit = true;
                break;
            }
            if (f->selection_set != NULL) {
                struct frame fr = {f->selection_set, 0, depth, NULL};
                ARENA_VEC_PUSH(a, &stack, fr);
            }
        } else if (sel->kind == GQL_KIND_INLINE_FRAGMENT) {
            struct frame fr = {
                ((const struct gql_inline_fragment *)sel)->selection_set, 0, depth, NULL};
            ARENA_VEC_PUSH(a, &stack, fr);
        }
    }
    if (!hit)
        return false;
    /* Every fragment being checked on the way down reached the limit at its entry depth. */
    for (size_t i = stack.len; i > 0; i--)
        if (stack.items[i - 1].fragment != NULL)
            set(&st->exceeded, stack.items[i - 1].fragment, stack.items[i - 1].depth);
    return true;
}

static int
enter_field(const struct gql_node *node, const struct gql_ancestors *ancestors, void *user)
{
    (void)ancestors;
    struct state *st = user;
    const struct gql_field *f = (const struct gql_field *)node;
    if (!gql_name_is(&f->name, "__schema") && !gql_name_is(&f->name, "__type"))
        return 1;
    if (check_depth(st, f)) {
        gql_ctx_report1(st->ctx, "Maximum introspection depth exceeded", node);
        return 0;
    }
    return 1;
}

static void
create(struct gql_validation_context *ctx, struct gql_visitor *v)
{
    struct state *st = GQL_RULE_STATE(ctx, struct state);
    st->ctx = ctx;
    gql_name_map_init(&st->checked, ctx->arena);
    gql_name_map_init(&st->exceeded, ctx->arena);
    v->enter[GQL_KIND_FIELD] = enter_field;
    v->user = st;
}

const struct gql_rule gql_rule_max_introspection_depth = {"MaxIntrospectionDepthRule", create};
