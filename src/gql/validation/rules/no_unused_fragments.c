/*
 * §5.5.1.4 Fragments Must Be Used (graphql-js NoUnusedFragmentsRule): every fragment is
 * reachable, directly or through other fragments, from some operation.
 */
#include "validation/context.h"

struct state {
    struct gql_validation_context *ctx;
    ARENA_VEC(const struct gql_node *) operations;
    ARENA_VEC(const struct gql_fragment_definition *) fragments;
};

static int
enter_operation(const struct gql_node *node, const struct gql_ancestors *ancestors, void *user)
{
    (void)ancestors;
    struct state *st = user;
    ARENA_VEC_PUSH(st->ctx->arena, &st->operations, node);
    return 0;
}

static int
enter_fragment(const struct gql_node *node, const struct gql_ancestors *ancestors, void *user)
{
    (void)ancestors;
    struct state *st = user;
    ARENA_VEC_PUSH(st->ctx->arena, &st->fragments, (const struct gql_fragment_definition *)node);
    return 0;
}

static int
leave_document(const struct gql_node *node, const struct gql_ancestors *ancestors, void *user)
{
    (void)node, (void)ancestors;
    struct state *st = user;
    struct gql_validation_context *ctx = st->ctx;
    struct gql_fragment_list used =
        gql_ctx_recursive_fragments(ctx, st->operations.items, st->operations.len);
    struct gql_name_map used_names;
    gql_name_map_init(&used_names, ctx->arena);
    for (uint32_t i = 0; i < used.count; i++)
        gql_name_map_put(&used_names, used.items[i]->name.value, used.items[i]->name.len, NULL);
    for (size_t i = 0; i < st->fragments.len; i++) {
        const struct gql_fragment_definition *f = st->fragments.items[i];
        if (gql_name_map_has(&used_names, f->name.value, f->name.len))
            continue;
        struct strbuf *msg = gql_ctx_message(ctx);
        strbuf_printf(msg, "Fragment \"%s\" is never used.", f->name.value);
        gql_ctx_report1(ctx, msg->data, &f->node);
    }
    return 1;
}

static void
create(struct gql_validation_context *ctx, struct gql_visitor *v)
{
    struct state *st = GQL_RULE_STATE(ctx, struct state);
    st->ctx = ctx;
    v->enter[GQL_KIND_OPERATION_DEFINITION] = enter_operation;
    v->enter[GQL_KIND_FRAGMENT_DEFINITION] = enter_fragment;
    v->leave[GQL_KIND_DOCUMENT] = leave_document;
    v->user = st;
}

const struct gql_rule gql_rule_no_unused_fragments = {"NoUnusedFragmentsRule", create};
