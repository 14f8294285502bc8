/*
 * §5.8.4 All Variables Used (graphql-js NoUnusedVariablesRule): every variable an operation
 * defines is used by it, directly or in the fragments it spreads.
 */
#include "validation/context.h"

struct state {
    struct gql_validation_context *ctx;
};

static int
leave_operation(const struct gql_node *node, const struct gql_ancestors *ancestors, void *user)
{
    (void)ancestors;
    struct state *st = user;
    struct gql_validation_context *ctx = st->ctx;
    const struct gql_operation_definition *op = (const struct gql_operation_definition *)node;
    struct gql_usage_list usages = gql_ctx_recursive_variable_usages(ctx, op);
    struct gql_name_map used;
    gql_name_map_init(&used, ctx->arena);
    for (uint32_t i = 0; i < usages.count; i++)
        gql_name_map_put(
            &used, usages.items[i].node->name.value, usages.items[i].node->name.len, NULL);
    for (uint32_t i = 0; i < op->variable_definitions.count; i++) {
        const struct gql_variable_definition *vd = op->variable_definitions.items[i];
        const struct gql_name *name = &vd->variable->name;
        if (gql_name_map_has(&used, name->value, name->len))
            continue;
        struct strbuf *msg = gql_ctx_message(ctx);
        if (op->name.value != NULL)
            strbuf_printf(msg,
                          "Variable \"$%s\" is never used in operation \"%s\".",
                          name->value,
                          op->name.value);
        else
            strbuf_printf(msg, "Variable \"$%s\" is never used.", name->value);
        gql_ctx_report1(ctx, msg->data, &vd->node);
    }
    return 1;
}

static void
create(struct gql_validation_context *ctx, struct gql_visitor *v)
{
    struct state *st = GQL_RULE_STATE(ctx, struct state);
    st->ctx = ctx;
    v->leave[GQL_KIND_OPERATION_DEFINITION] = leave_operation;
    v->user = st;
}

const struct gql_rule gql_rule_no_unused_variables = {"NoUnusedVariablesRule", create};
