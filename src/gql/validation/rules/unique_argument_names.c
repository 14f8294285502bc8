/*
 * §5.4.2 Argument Uniqueness (graphql-js UniqueArgumentNamesRule): a field or directive gets
 * each argument once.
 */
#include "validation/context.h"

static void
check(struct gql_validation_context *ctx, const struct gql_argument_list *args)
{
    if (args->count < 2)
        return;
    const struct gql_name **names = arena_alloc(ctx->arena, args->count * sizeof(*names));
    for (uint32_t i = 0; i < args->count; i++)
        names[i] = &args->items[i]->name;
    gql_ctx_report_duplicate_names(
        ctx, names, args->count, "There can be only one argument named \"", "\".");
}

static int
enter_field(const struct gql_node *node, const struct gql_ancestors *ancestors, void *user)
{
    (void)ancestors;
    check(user, &((const struct gql_field *)node)->arguments);
    return 1;
}

static int
enter_directive(const struct gql_node *node, const struct gql_ancestors *ancestors, void *user)
{
    (void)ancestors;
    check(user, &((const struct gql_directive *)node)->arguments);
    return 1;
}

static void
create(struct gql_validation_context *ctx, struct gql_visitor *v)
{
    v->enter[GQL_KIND_FIELD] = enter_field;
    v->enter[GQL_KIND_DIRECTIVE] = enter_directive;
    v->user = ctx;
}

const struct gql_rule gql_rule_unique_argument_names = {"UniqueArgumentNamesRule", create};
