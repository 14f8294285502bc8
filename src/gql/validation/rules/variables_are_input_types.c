/*
 * §5.8.2 Variables Are Input Types (graphql-js VariablesAreInputTypesRule): a variable's type
 * is a scalar, enum or input object type, possibly wrapped.
 */
#include "validation/context.h"

static int
enter_variable_definition(const struct gql_node *node,
                          const struct gql_ancestors *ancestors,
                          void *user)
{
    (void)ancestors;
    struct gql_validation_context *ctx = user;
    const struct gql_variable_definition *vd = (const struct gql_variable_definition *)node;
    const struct gql_type_def *t = gql_schema_type_from_ast(ctx->schema, ctx->arena, vd->type);
    if (t != NULL && !gql_type_def_is_input(t)) {
        struct strbuf *msg = gql_ctx_message(ctx);
        strbuf_printf(
            msg, "Variable \"$%s\" cannot be non-input type \"", vd->variable->name.value);
        gql_print(&vd->type->node, NULL, msg);
        strbuf_puts(msg, "\".");
        gql_ctx_report1(ctx, msg->data, &vd->type->node);
    }
    return 1;
}

static void
create(struct gql_validation_context *ctx, struct gql_visitor *v)
{
    v->enter[GQL_KIND_VARIABLE_DEFINITION] = enter_variable_definition;
    v->user = ctx;
}

const struct gql_rule gql_rule_variables_are_input_types = {"VariablesAreInputTypesRule", create};
