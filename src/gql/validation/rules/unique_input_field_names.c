/*
 * §5.6.3 Input Object Field Uniqueness (graphql-js UniqueInputFieldNamesRule): an input
 * object literal gives each field once.
 */
#include "validation/context.h"

struct state {
    struct gql_validation_context *ctx;
    ARENA_VEC(struct gql_name_map) stack; /* one map per enclosing object literal */
};

static int
enter_object(const struct gql_node *node, const struct gql_ancestors *ancestors, void *user)
{
    (void)ancestors;
    struct state *st = user;
    if (node->kind != GQL_KIND_OBJECT_VALUE)
        return 1;
    struct gql_name_map m;
    gql_name_map_init(&m, st->ctx->arena);
    ARENA_VEC_PUSH(st->ctx->arena, &st->stack, m);
    return 1;
}

static int
leave_object(const struct gql_node *node, const struct gql_ancestors *ancestors, void *user)
{
    (void)ancestors;
    struct state *st = user;
    if (node->kind == GQL_KIND_OBJECT_VALUE && st->stack.len > 0)
        st->stack.len--;
    return 1;
}

static int
enter_object_field(const struct gql_node *node, const struct gql_ancestors *ancestors, void *user)
{
    (void)ancestors;
    struct state *st = user;
    if (st->stack.len == 0)
        return 1;
    const struct gql_object_field *f = (const struct gql_object_field *)node;
    struct gql_name_map *known = &st->stack.items[st->stack.len - 1];
    gql_ctx_check_unique(st->ctx,
                         known,
                         &f->name,
                         &f->name.node,
                         "There can be only one input field named \"",
                         "\".");
    return 1;
}

static void
create(struct gql_validation_context *ctx, struct gql_visitor *v)
{
    struct state *st = GQL_RULE_STATE(ctx, struct state);
    st->ctx = ctx;
    v->enter[GQL_KIND_OBJECT_VALUE] = enter_object;
    v->leave[GQL_KIND_OBJECT_VALUE] = leave_object;
    v->enter[GQL_KIND_OBJECT_FIELD] = enter_object_field;
    v->user = st;
}

const struct gql_rule gql_rule_unique_input_field_names = {"UniqueInputFieldNamesRule", create};
