/*
 * §5.5.2.3 Fragment spread is possible (graphql-js PossibleFragmentSpreadsRule): a fragment
 * may be spread only where its type and the parent type can have an object type in common.
 */
#include "validation/context.h"

static int
enter_inline(const struct gql_node *node, const struct gql_ancestors *ancestors, void *user)
{
    (void)ancestors;
    struct gql_validation_context *ctx = user;
    const struct gql_type_def *frag_type = gql_ctx_type(ctx);
    const struct gql_type_def *parent_type = gql_ctx_parent_type(ctx);
    if (frag_type != NULL && gql_type_def_is_composite(frag_type) && parent_type != NULL &&
        gql_type_def_is_composite(parent_type) &&
        !gql_schema_types_overlap(ctx->schema, frag_type, parent_type)) {
        struct strbuf *msg = gql_ctx_message(ctx);
        strbuf_printf(msg,
                      "Fragment cannot be spread here as objects of type \"%s\" can never be of "
                      "type \"%s\".",
                      parent_type->name,
                      frag_type->name);
        gql_ctx_report1(ctx, msg->data, node);
    }
    return 1;
}

static int
enter_spread(const struct gql_node *node, const struct gql_ancestors *ancestors, void *user)
{
    (void)ancestors;
    struct gql_validation_context *ctx = user;
    const struct gql_fragment_spread *sp = (const struct gql_fragment_spread *)node;
    const struct gql_fragment_definition *frag =
        gql_ctx_fragment(ctx, sp->name.value, sp->name.len);
    if (frag == NULL)
        return 1;
    const struct gql_type_def *frag_type =
        gql_schema_type_from_ast(ctx->schema, ctx->arena, frag->type_condition);
    if (frag_type == NULL || !gql_type_def_is_composite(frag_type))
        return 1;
    const struct gql_type_def *parent_type = gql_ctx_parent_type(ctx);
    if (parent_type != NULL && !gql_schema_types_overlap(ctx->schema, frag_type, parent_type)) {
        struct strbuf *msg = gql_ctx_message(ctx);
        strbuf_printf(msg,
                      "Fragment \"%s\" cannot be spread here as objects of type \"%s\" can never "
                      "be of type \"%s\".",
                      sp->name.value,
                      parent_type->name,
                      frag_type->name);
        gql_ctx_report1(ctx, msg->data, node);
    }
    return 1;
}

static void
create(struct gql_validation_context *ctx, struct gql_visitor *v)
{
    v->enter[GQL_KIND_INLINE_FRAGMENT] = enter_inline;
    v->enter[GQL_KIND_FRAGMENT_SPREAD] = enter_spread;
    v->user = ctx;
}

const struct gql_rule gql_rule_possible_fragment_spreads = {"PossibleFragmentSpreadsRule", create};
