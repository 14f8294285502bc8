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
    /* Group by name in first-seen order; report each duplicated name once, with all its nodes. */
    struct group {
        const struct gql_name *name;
        ARENA_VEC(const struct gql_node *) nodes;
    };
    ARENA_VEC(struct group) groups = {0};
    struct gql_name_map index; /* name -> group index + 1 */
    gql_name_map_init(&index, ctx->arena);
    for (uint32_t i = 0; i < defs->count; i++) {
        const struct gql_name *name = &defs->items[i]->variable->name;
        bool existed;
        void **slot = gql_name_map_put(&index, name->value, name->len, &existed);
        if (!existed) {
            struct group g = {name, {0}};
            ARENA_VEC_PUSH(ctx->arena, &groups, g);
            *slot = (void *)(uintptr_t)groups.len;
        }
        struct group *g = &groups.items[(uintptr_t)*slot - 1];
        ARENA_VEC_PUSH(ctx->arena, &g->nodes, &name->node);
    }
    for (size_t i = 0; i < groups.len; i++) {
        if (groups.items[i].nodes.len < 2)
            continue;
        struct strbuf *msg = gql_ctx_message(ctx);
        strbuf_printf(
            msg, "There can be only one variable named \"$%s\".", groups.items[i].name->value);
        gql_ctx_report(ctx, msg->data, groups.items[i].nodes.items, groups.items[i].nodes.len);
    }
    return 1;
}

static void
create(struct gql_validation_context *ctx, struct gql_visitor *v)
{
    v->enter[GQL_KIND_OPERATION_DEFINITION] = enter_operation;
    v->user = ctx;
}

const struct gql_rule gql_rule_unique_variable_names = {"UniqueVariableNamesRule", create};
