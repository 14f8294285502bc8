/*
 * §5.5.1.1 Fragment Name Uniqueness (graphql-js UniqueFragmentNamesRule): no two fragments
 * of a document share a name.
 */
#include "validation/context.h"

struct state {
    struct gql_validation_context *ctx;
    struct gql_name_map known; /* name -> first struct gql_name */
};

static int
skip(const struct gql_node *node, const struct gql_ancestors *ancestors, void *user)
{
    (void)node, (void)ancestors, (void)user;
    return 0;
}

static int
enter_fragment(const struct gql_node *node, const struct gql_ancestors *ancestors, void *user)
{
    (void)ancestors;
    struct state *st = user;
    const struct gql_fragment_definition *f = (const struct gql_fragment_definition *)node;
    gql_ctx_check_unique(st->ctx,
                         &st->known,
                         &f->name,
                         &f->name.node,
                         "There can be only one fragment named \"",
                         "\".");
    return 0;
}

static void
create(struct gql_validation_context *ctx, struct gql_visitor *v)
{
    struct state *st = GQL_RULE_STATE(ctx, struct state);
    st->ctx = ctx;
    gql_name_map_init(&st->known, ctx->arena);
    v->enter[GQL_KIND_OPERATION_DEFINITION] = skip;
    v->enter[GQL_KIND_FRAGMENT_DEFINITION] = enter_fragment;
    v->user = st;
}

const struct gql_rule gql_rule_unique_fragment_names = {"UniqueFragmentNamesRule", create};
