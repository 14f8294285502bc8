/*
 * §5.2.1.1 Operation Name Uniqueness (graphql-js UniqueOperationNamesRule): no two
 * operations of a document share a name.
 */
#include "validation/context.h"

struct state {
    struct gql_validation_context *ctx;
    struct gql_name_map known; /* name -> first struct gql_name */
};

static int
enter_operation(const struct gql_node *node, const struct gql_ancestors *ancestors, void *user)
{
    (void)ancestors;
    struct state *st = user;
    const struct gql_operation_definition *op = (const struct gql_operation_definition *)node;
    if (op->name.value == NULL)
        return 0;
    gql_ctx_check_unique(st->ctx,
                         &st->known,
                         &op->name,
                         &op->name.node,
                         "There can be only one operation named \"",
                         "\".");
    return 0;
}

static int
skip(const struct gql_node *node, const struct gql_ancestors *ancestors, void *user)
{
    (void)node, (void)ancestors, (void)user;
    return 0;
}

static void
create(struct gql_validation_context *ctx, struct gql_visitor *v)
{
    struct state *st = GQL_RULE_STATE(ctx, struct state);
    st->ctx = ctx;
    gql_name_map_init(&st->known, ctx->arena);
    v->enter[GQL_KIND_OPERATION_DEFINITION] = enter_operation;
    v->enter[GQL_KIND_FRAGMENT_DEFINITION] = skip;
    v->user = st;
}

const struct gql_rule gql_rule_unique_operation_names = {"UniqueOperationNamesRule", create};
