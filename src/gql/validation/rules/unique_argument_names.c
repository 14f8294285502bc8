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
    struct group {
        const struct gql_name *name;
        ARENA_VEC(const struct gql_node *) nodes;
    };
    ARENA_VEC(struct group) groups = {0};
    struct gql_name_map index; /* name -> group index + 1 */
    gql_name_map_init(&index, ctx->arena);
    for (uint32_t i = 0; i < args->count; i++) {
        const struct gql_name *name = &args->items[i]->name;
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
            msg, "There can be only one argument named \"%s\".", groups.items[i].name->value);
        gql_ctx_report(ctx, msg->data, groups.items[i].nodes.items, groups.items[i].nodes.len);
    }
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
