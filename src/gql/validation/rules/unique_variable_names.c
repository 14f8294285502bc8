/*
 * §5.8.1 Variable Uniqueness (graphql-js UniqueVariableNamesRule): an operation defines each
 * variable once.
 */
#include "validation/context.h"

static int
enter_operation(const struct gql_node *node, const struct gql_ancestors *ancestors, void *user)
{
    (void)ancestors;
    struct gql_validation_context *ctx = user;
    const struct gql_operation_definition *op = (const struct gql_operation_definition *)node;
    const struct gql_variable_definition_list *defs = &op->variable_definitions;
    if (defs->count < 2)
        return 1;
    const struct gql_name **names = arena_alloc(ctx->arena, defs->count * sizeof(*names));
    for (uint32_t i = 0; i < defs->count; i++)
        names[i] = &defs->items[i]->variable->name;
    gql_ctx_report_duplicate_names(
        ctx, names, defs->count, "There can be only one variable named \"$", "\".");
    return 1;
}

static void
create(struct gql_validation_context *ctx, struct gql_visitor *v)
{
    v->enter[GQL_KIND_OPERATION_DEFINITION] = enter_operation;
    v->user = ctx;
}

const struct gql_rule gql_rule_unique_variable_names = {"UniqueVariableNamesRule", create};
