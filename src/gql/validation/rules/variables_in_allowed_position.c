/*
 * §5.8.5 All Variable Usages Are Allowed (graphql-js VariablesInAllowedPositionRule): a
 * variable's type fits every position it is used in (non-null where required, unless a
 * default covers it; list and item types compatible), and variables given to a field of a
 * @oneOf input object are non-null.
 */
#include "validation/context.h"

struct state {
    struct gql_validation_context *ctx;
};

/* graphql-js allowedVariableUsage. */
static bool
allowed(const struct gql_schema *schema,
        const struct gql_type_def *var_type,
        const struct gql_value *var_default,
        const struct gql_type_def *location_type,
        const struct gql_input_value_def *location_default_owner)
{
    if (gql_type_def_is_non_null(location_type) && !gql_type_def_is_non_null(var_type)) {
        bool var_has_default = var_default != NULL && var_default->node.kind != GQL_KIND_NULL_VALUE;
        bool location_has_default =
            location_default_owner != NULL && location_default_owner->has_default;
        if (!var_has_default && !location_has_default)
            return false;
        return gql_type_def_is_subtype_of(schema, var_type, location_type->of_type);
    }
    return gql_type_def_is_subtype_of(schema, var_type, location_type);
}

static int
leave_operation(const struct gql_node *node, const struct gql_ancestors *ancestors, void *user)
{
    (void)ancestors;
    struct state *st = user;
    struct gql_validation_context *ctx = st->ctx;
    const struct gql_operation_definition *op = (const struct gql_operation_definition *)node;
    struct gql_usage_list usages = gql_ctx_recursive_variable_usages(ctx, op);
    for (uint32_t i = 0; i < usages.count; i++) {
        const struct gql_variable_usage *u = &usages.items[i];
        const struct gql_name *name = &u->node->name;
        const struct gql_variable_definition *vd =
            gql_ctx_variable_definition(ctx, op, name->value, name->len);
        if (vd == NULL || u->type == NULL)
            continue;
        const struct gql_type_def *var_type =
            gql_schema_type_from_ast(ctx->schema, ctx->arena, vd->type);
        const struct gql_node *nodes[2] = {&vd->node, &u->node->node};
        if (var_type != NULL &&
            !allowed(ctx->schema, var_type, vd->default_value, u->type, u->default_owner)) {
            struct strbuf *msg = gql_ctx_message(ctx);
            strbuf_printf(msg, "Variable \"$%s\" of type \"", name->value);
            gql_type_def_print(var_type, msg);
            strbuf_puts(msg, "\" used in position expecting type \"");
            gql_type_def_print(u->type, msg);
            strbuf_puts(msg, "\".");
            gql_ctx_report(ctx, msg->data, nodes, 2);
        }
        if (u->parent_type != NULL && u->parent_type->kind == GQL_TYPE_INPUT_OBJECT &&
            u->parent_type->is_one_of && var_type != NULL && !gql_type_def_is_non_null(var_type)) {
            struct strbuf *msg = gql_ctx_message(ctx);
            strbuf_printf(msg, "Variable \"$%s\" is of type \"", name->value);
            gql_type_def_print(var_type, msg);
            strbuf_printf(msg,
                          "\" but must be non-nullable to be used for OneOf Input Object \"%s\".",
                          u->parent_type->name);
            gql_ctx_report(ctx, msg->data, nodes, 2);
        }
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

const struct gql_rule gql_rule_variables_in_allowed_position = {"VariablesInAllowedPositionRule",
                                                                create};
