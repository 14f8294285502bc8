/*
 * §5.7.3 Directives Are Unique Per Location (graphql-js UniqueDirectivesPerLocationRule): a
 * non-repeatable directive appears at most once where it is applied (for type-system
 * definitions and their extensions, once across all of them).
 */
#include "validation/context.h"

struct state {
    struct gql_validation_context *ctx;
    struct gql_name_map
        doc_unique; /* directives defined in the document -> 1 unique, 2 repeatable */
    struct gql_name_map schema_seen; /* schema definition and extensions */
    struct gql_name_map type_seen;   /* type name -> struct gql_name_map * */
};

static const struct gql_directive_list *
directives_of(const struct gql_node *node)
{
    switch (node->kind) {
    case GQL_KIND_OPERATION_DEFINITION:
        return &((const struct gql_operation_definition *)node)->directives;
    case GQL_KIND_VARIABLE_DEFINITION:
        return &((const struct gql_variable_definition *)node)->directives;
    case GQL_KIND_FIELD:
        return &((const struct gql_field *)node)->directives;
    case GQL_KIND_FRAGMENT_SPREAD:
        return &((const struct gql_fragment_spread *)node)->directives;
    case GQL_KIND_INLINE_FRAGMENT:
        return &((const struct gql_inline_fragment *)node)->directives;
    case GQL_KIND_FRAGMENT_DEFINITION:
        return &((const struct gql_fragment_definition *)node)->directives;
    case GQL_KIND_SCHEMA_DEFINITION:
    case GQL_KIND_SCHEMA_EXTENSION:
        return &((const struct gql_schema_definition *)node)->directives;
    case GQL_KIND_SCALAR_TYPE_DEFINITION:
    case GQL_KIND_SCALAR_TYPE_EXTENSION:
        return &((const struct gql_scalar_type_definition *)node)->directives;
    case GQL_KIND_OBJECT_TYPE_DEFINITION:
    case GQL_KIND_OBJECT_TYPE_EXTENSION:
        return &((const struct gql_object_type_definition *)node)->directives;
    case GQL_KIND_FIELD_DEFINITION:
        return &((const struct gql_field_definition *)node)->directives;
    case GQL_KIND_INPUT_VALUE_DEFINITION:
        return &((const struct gql_input_value_definition *)node)->directives;
    case GQL_KIND_INTERFACE_TYPE_DEFINITION:
    case GQL_KIND_INTERFACE_TYPE_EXTENSION:
        return &((const struct gql_interface_type_definition *)node)->directives;
    case GQL_KIND_UNION_TYPE_DEFINITION:
    case GQL_KIND_UNION_TYPE_EXTENSION:
        return &((const struct gql_union_type_definition *)node)->directives;
    case GQL_KIND_ENUM_TYPE_DEFINITION:
    case GQL_KIND_ENUM_TYPE_EXTENSION:
        return &((const struct gql_enum_type_definition *)node)->directives;
    case GQL_KIND_ENUM_VALUE_DEFINITION:
        return &((const struct gql_enum_value_definition *)node)->directives;
    case GQL_KIND_INPUT_OBJECT_TYPE_DEFINITION:
    case GQL_KIND_INPUT_OBJECT_TYPE_EXTENSION:
        return &((const struct gql_input_object_type_definition *)node)->directives;
    default:
        return NULL;
    }
}

static bool
is_unique(struct state *st, const struct gql_name *name)
{
    uintptr_t doc = (uintptr_t)gql_name_map_get(&st->doc_unique, name->value, name->len);
    if (doc != 0)
        return doc == 1;
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
    const struct gql_directive_list *dirs = directives_of(node);
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
        bool existed;
        void **slot = gql_name_map_put(seen, d->name.value, d->name.len, &existed);
        if (existed) {
            struct strbuf *msg = gql_ctx_message(ctx);
            strbuf_printf(msg,
                          "The directive \"@%s\" can only be used once at this location.",
                          d->name.value);
            const struct gql_node *nodes[2] = {*slot, &d->node};
            gql_ctx_report(ctx, msg->data, nodes, 2);
        } else {
            *slot = (void *)&d->node;
        }
    }
    return 1;
}

static void
create(struct gql_validation_context *ctx, struct gql_visitor *v)
{
    struct state *st = GQL_RULE_STATE(ctx, struct state);
    st->ctx = ctx;
    gql_name_map_init(&st->doc_unique, ctx->arena);
    gql_name_map_init(&st->schema_seen, ctx->arena);
    gql_name_map_init(&st->type_seen, ctx->arena);
    const struct gql_node_list *defs = &ctx->doc->definitions;
    for (uint32_t i = 0; i < defs->count; i++) {
        if (defs->items[i]->kind != GQL_KIND_DIRECTIVE_DEFINITION)
            continue;
        const struct gql_directive_definition *dd =
            (const struct gql_directive_definition *)defs->items[i];
        *gql_name_map_put(&st->doc_unique, dd->name.value, dd->name.len, NULL) =
            (void *)(uintptr_t)(dd->repeatable ? 2 : 1);
    }
    /* As graphql-js, listen to every node and look for directives on it. */
    for (int k = 0; k < GQL_KIND_COUNT; k++)
        if (k != GQL_KIND_NAME)
            v->enter[k] = enter_any;
    v->user = st;
}

const struct gql_rule gql_rule_unique_directives_per_location = {"UniqueDirectivesPerLocationRule",
                                                                 create};
