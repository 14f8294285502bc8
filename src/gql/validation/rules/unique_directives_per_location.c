/*
 * §5.7.3 Directives Are Unique Per Location (graphql-js UniqueDirectivesPerLocationRule): a
 * non-repeatable directive appears at most once where it is applied (for type-system
 * definitions and their extensions, once across all of them).
 */
#include "validation/context.h"

struct state {
    struct gql_validation_context *ctx;
    struct gql_name_map schema_seen; /* schema definition and extensions */
    struct gql_name_map type_seen;   /* type name -> struct gql_name_map * */
};

static bool
is_unique(struct state *st, const struct gql_name *name)
{
    const struct gql_doc_directive *dd = gql_ctx_doc_directive(st->ctx, name->value, name->len);
    if (dd != NULL)
        return !dd->def->repeatable;
    const struct gql_directive_def *def =
        gql_schema_directive(st->ctx->schema, name->value, name->len);
    return def != NULL && !def->repeatable;
}

static int
enter_any(const struct gql_node *node, const struct gql_ancestors *ancestors, void *user)
{
    (void)ancestors;
    struct state *st = user;
    struct gql_validation_context *ctx = st->ctx;
    const struct gql_directive_list *dirs = gql_node_directives(node);
    if (dirs == NULL || dirs->count == 0)
        return 1;
    struct gql_name_map local;
    struct gql_name_map *seen;
    if (node->kind == GQL_KIND_SCHEMA_DEFINITION || node->kind == GQL_KIND_SCHEMA_EXTENSION) {
        seen = &st->schema_seen;
    } else if (gql_kind_is_type_definition(node->kind) || gql_kind_is_type_extension(node->kind)) {
        const struct gql_name *tn = gql_node_name(node);
        bool existed;
        void **slot = gql_name_map_put(&st->type_seen, tn->value, tn->len, &existed);
        if (!existed) {
            struct gql_name_map *m = arena_alloc(ctx->arena, sizeof(*m));
            gql_name_map_init(m, ctx->arena);
            *slot = m;
        }
        seen = *slot;
    } else {
        gql_name_map_init(&local, ctx->arena);
        seen = &local;
    }
    for (uint32_t i = 0; i < dirs->count; i++) {
        const struct gql_directive *d = dirs->items[i];
        if (!is_unique(st, &d->name))
            continue;
        gql_ctx_check_unique(ctx,
                             seen,
                             &d->name,
                             &d->node,
                             "The directive \"@",
                             "\" can only be used once at this location.");
    }
    return 1;
}

static void
create(struct gql_validation_context *ctx, struct gql_visitor *v)
{
    struct state *st = GQL_RULE_STATE(ctx, struct state);
    st->ctx = ctx;
    gql_name_map_init(&st->schema_seen, ctx->arena);
    gql_name_map_init(&st->type_seen, ctx->arena);
    /* As graphql-js, listen to every node and look for directives on it. */
    for (int k = 0; k < GQL_KIND_COUNT; k++)
        if (k != GQL_KIND_NAME)
            v->enter[k] = enter_any;
    v->user = st;
}

const struct gql_rule gql_rule_unique_directives_per_location = {"UniqueDirectivesPerLocationRule",
                                                                 create};
