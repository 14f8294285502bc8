/*
 * §5.8.3 All Variable Uses Defined (graphql-js NoUndefinedVariablesRule): every variable used
 * by an operation, directly or in the fragments it spreads, is defined by the operation.
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
    const struct gql_operation_definition *op = (const struct gql_operation_definition *)node;
    struct gql_usage_list usages = gql_ctx_recursive_variable_usages(st->ctx, op);
    for (uint32_t i = 0; i < usages.count; i++) {
        const struct gql_name *name = &usages.items[i].node->name;
        if (gql_ctx_variable_definition(st->ctx, op, name->value, name->len) != NULL)
            continue;
        struct strbuf *msg = gql_ctx_message(st->ctx);
        if (op->name.value != NULL)
            strbuf_printf(msg,
                          "Variable \"$%s\" is not defined by operation \"%s\".",
                          name->value,
                          op->name.value);
        else
            strbuf_printf(msg, "Variable \"$%s\" is not defined.", name->value);
        const struct gql_node *nodes[2] = {&usages.items[i].node->node, node};
        gql_ctx_report(st->ctx, msg->data, nodes, 2);
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

const struct gql_rule gql_rule_no_undefined_variables = {"NoUndefinedVariablesRule", create};
