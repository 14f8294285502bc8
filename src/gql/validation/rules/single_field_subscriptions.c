/*
 * §5.2.3.1 Single root field (graphql-js SingleFieldSubscriptionsRule): a subscription
 * selects exactly one root field, after collecting fields (fragments expanded, @skip/@include
 * applied with no variable values), and that field is not an introspection field.
 *
 * graphql-js throws (rather than reporting) when @skip/@include on a root selection takes a
 * variable or a non-Boolean value; here such a selection is simply kept, and the other rules
 * report whatever is wrong with the value.
 */
#include "validation/context.h"

#include <string.h>

/* The response keys and their field nodes, in first-seen order. */
struct group {
    const char *key;
    uint32_t key_len;
    ARENA_VEC(const struct gql_field *) fields;
};

struct frame {
    const struct gql_selection_set *set;
    uint32_t next;
};

/* Whether @skip/@include with a literal `if` excludes the selection (shouldIncludeNode). */
static bool
excluded(const struct gql_directive_list *dirs)
{
    for (uint32_t i = 0; i < dirs->count; i++) {
        const struct gql_directive *d = dirs->items[i];
        bool is_skip = gql_name_is(&d->name, "skip");
        if (!is_skip && !gql_name_is(&d->name, "include"))
            continue;
        for (uint32_t j = 0; j < d->arguments.count; j++) {
            const struct gql_argument *a = d->arguments.items[j];
            if (!gql_name_is(&a->name, "if") || a->value->node.kind != GQL_KIND_BOOLEAN_VALUE)
                continue;
            if (a->value->boolean == is_skip)
                return true;
        }
    }
    return false;
}

/* graphql-js reserveSelectionSetWork: the fragment work of collecting one selection set. */
static bool
reserve(struct gql_validation_context *ctx, const struct gql_selection_set *set)
{
    int64_t cost = set->selections.count;
    for (uint32_t i = 0; i < set->selections.count; i++) {
        const struct gql_node *sel = set->selections.items[i];
        const struct gql_directive_list *dirs =
            sel->kind == GQL_KIND_FIELD ? &((const struct gql_field *)sel)->directives
            : sel->kind == GQL_KIND_FRAGMENT_SPREAD
                ? &((const struct gql_fragment_spread *)sel)->directives
                : &((const struct gql_inline_fragment *)sel)->directives;
        cost += dirs->count;
        for (uint32_t j = 0; j < dirs->count; j++)
            if (gql_name_is(&dirs->items[j]->name, "skip") ||
                gql_name_is(&dirs->items[j]->name, "include"))
                cost += dirs->items[j]->arguments.count;
    }
    return gql_ctx_spend_fragment_work(ctx, cost);
}

static bool
condition_matches(const struct gql_schema *schema,
                  struct arena *arena,
                  const struct gql_type *cond,
                  const struct gql_type_def *type)
{
    if (cond == NULL)
        return true;
    const struct gql_type_def *ct = gql_schema_type_from_ast(schema, arena, cond);
    if (ct == type)
        return true;
    if (ct != NULL && gql_type_def_is_abstract(ct))
        return gql_schema_is_subtype(schema, ct, type);
    return false;
}

struct state {
    struct gql_validation_context *ctx;
    bool charged_definitions; /* graphql-js builds its fragment map once per rule */
};

static int
enter_operation(const struct gql_node *node, const struct gql_ancestors *ancestors, void *user)
{
    (void)ancestors;
    struct state *st = user;
    struct gql_validation_context *ctx = st->ctx;
    const struct gql_operation_definition *op = (const struct gql_operation_definition *)node;
    if (op->operation != GQL_OP_SUBSCRIPTION)
        return 1;
    const struct gql_type_def *sub = ctx->schema->subscription_type;
    if (sub == NULL)
        return 1;
    struct arena *a = ctx->arena;
    if (!st->charged_definitions) {
        st->charged_definitions = true;
        if (!gql_ctx_spend_fragment_work(ctx, ctx->doc->definitions.count))
            return 1;
    }

    ARENA_VEC(struct group) groups = {0};
    struct gql_name_map group_index; /* key -> group index + 1 */
    struct gql_name_map visited;     /* fragment names */
    gql_name_map_init(&group_index, a);
    gql_name_map_init(&visited, a);
    ARENA_VEC(struct frame) stack = {0};
    struct frame first = {op->selection_set, 0};
    if (!reserve(ctx, op->selection_set))
        return 1;
    ARENA_VEC_PUSH(a, &stack, first);
    while (stack.len > 0) {
        struct frame *top = &stack.items[stack.len - 1];
        if (top->next >= top->set->selections.count) {
            stack.len--;
            continue;
        }
        const struct gql_node *sel = top->set->selections.items[top->next++];
        if (sel->kind == GQL_KIND_FIELD) {
            const struct gql_field *f = (const struct gql_field *)sel;
            if (excluded(&f->directives))
                continue;
            const struct gql_name *key = f->alias.value != NULL ? &f->alias : &f->name;
            bool existed;
            void **slot = gql_name_map_put(&group_index, key->value, key->len, &existed);
            if (!existed) {
                struct group g;
                memset(&g, 0, sizeof(g));
                g.key = key->value;
                g.key_len = key->len;
                ARENA_VEC_PUSH(a, &groups, g);
                *slot = (void *)(uintptr_t)groups.len;
            }
            struct group *g = &groups.items[(uintptr_t)*slot - 1];
            ARENA_VEC_PUSH(a, &g->fields, f);
        } else if (sel->kind == GQL_KIND_INLINE_FRAGMENT) {
            const struct gql_inline_fragment *inl = (const struct gql_inline_fragment *)sel;
            if (excluded(&inl->directives) ||
                !condition_matches(ctx->schema, a, inl->type_condition, sub))
                continue;
            struct frame child = {inl->selection_set, 0};
            if (!reserve(ctx, inl->selection_set))
                return 1;
            ARENA_VEC_PUSH(a, &stack, child);
        } else if (sel->kind == GQL_KIND_FRAGMENT_SPREAD) {
            const struct gql_fragment_spread *sp = (const struct gql_fragment_spread *)sel;
            if (gql_name_map_has(&visited, sp->name.value, sp->name.len) ||
                excluded(&sp->directives))
                continue;
            gql_name_map_put(&visited, sp->name.value, sp->name.len, NULL);
            const struct gql_fragment_definition *frag =
                gql_ctx_fragment(ctx, sp->name.value, sp->name.len);
            if (frag == NULL || !condition_matches(ctx->schema, a, frag->type_condition, sub))
                continue;
            struct frame child = {frag->selection_set, 0};
            if (!reserve(ctx, frag->selection_set))
                return 1;
            ARENA_VEC_PUSH(a, &stack, child);
        }
    }

    const char *name = op->name.value;
    if (groups.len > 1) {
        ARENA_VEC(const struct gql_node *) extra = {0};
        for (size_t i = 1; i < groups.len; i++)
            for (size_t j = 0; j < groups.items[i].fields.len; j++)
                ARENA_VEC_PUSH(a, &extra, &groups.items[i].fields.items[j]->node);
        struct strbuf *msg = gql_ctx_message(ctx);
        if (name != NULL)
            strbuf_printf(msg, "Subscription \"%s\" must select only one top level field.", name);
        else
            strbuf_puts(msg, "Anonymous Subscription must select only one top level field.");
        gql_ctx_report(ctx, msg->data, extra.items, extra.len);
    }
    for (size_t i = 0; i < groups.len; i++) {
        const struct gql_field *f0 = groups.items[i].fields.items[0];
        if (f0->name.len < 2 || f0->name.value[0] != '_' || f0->name.value[1] != '_')
            continue;
        struct strbuf *msg = gql_ctx_message(ctx);
        if (name != NULL)
            strbuf_printf(
                msg, "Subscription \"%s\" must not select an introspection top level field.", name);
        else
            strbuf_puts(msg,
                        "Anonymous Subscription must not select an introspection top level field.");
        const struct gql_node **nodes = arena_alloc(a, groups.items[i].fields.len * sizeof(*nodes));
        for (size_t j = 0; j < groups.items[i].fields.len; j++)
            nodes[j] = &groups.items[i].fields.items[j]->node;
        gql_ctx_report(ctx, msg->data, nodes, groups.items[i].fields.len);
    }
    return 1;
}

static void
create(struct gql_validation_context *ctx, struct gql_visitor *v)
{
    struct state *st = GQL_RULE_STATE(ctx, struct state);
    st->ctx = ctx;
    v->enter[GQL_KIND_OPERATION_DEFINITION] = enter_operation;
    v->user = st;
}

const struct gql_rule gql_rule_single_field_subscriptions = {"SingleFieldSubscriptionsRule",
                                                             create};
