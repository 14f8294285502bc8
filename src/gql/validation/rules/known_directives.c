/*
 * §5.7.1 Directives Are Defined and §5.7.2 Directives Are In Valid Locations (graphql-js
 * KnownDirectivesRule): every directive is declared by the schema (or by a directive
 * definition in the document) and allowed where it is used.
 */
#include "validation/context.h"

struct state {
    struct gql_validation_context *ctx;
};

/* The location of a directive applied to node (graphql-js getDirectiveLocationForASTPath). */
static int
location_of(const struct gql_node *applied_to, const struct gql_node *grandparent)
{
    switch (applied_to->kind) {
    case GQL_KIND_OPERATION_DEFINITION:
        switch (((const struct gql_operation_definition *)applied_to)->operation) {
        case GQL_OP_QUERY:
            return GQL_LOC_QUERY;
        case GQL_OP_MUTATION:
            return GQL_LOC_MUTATION;
        case GQL_OP_SUBSCRIPTION:
            return GQL_LOC_SUBSCRIPTION;
        }
        return -1;
    case GQL_KIND_FIELD:
        return GQL_LOC_FIELD;
    case GQL_KIND_FRAGMENT_SPREAD:
        return GQL_LOC_FRAGMENT_SPREAD;
    case GQL_KIND_INLINE_FRAGMENT:
        return GQL_LOC_INLINE_FRAGMENT;
    case GQL_KIND_FRAGMENT_DEFINITION:
        return GQL_LOC_FRAGMENT_DEFINITION;
    case GQL_KIND_VARIABLE_DEFINITION:
        return GQL_LOC_VARIABLE_DEFINITION;
    case GQL_KIND_SCHEMA_DEFINITION:
    case GQL_KIND_SCHEMA_EXTENSION:
        return GQL_LOC_SCHEMA;
    case GQL_KIND_SCALAR_TYPE_DEFINITION:
    case GQL_KIND_SCALAR_TYPE_EXTENSION:
        return GQL_LOC_SCALAR;
    case GQL_KIND_OBJECT_TYPE_DEFINITION:
    case GQL_KIND_OBJECT_TYPE_EXTENSION:
        return GQL_LOC_OBJECT;
    case GQL_KIND_FIELD_DEFINITION:
        return GQL_LOC_FIELD_DEFINITION;
    case GQL_KIND_INTERFACE_TYPE_DEFINITION:
    case GQL_KIND_INTERFACE_TYPE_EXTENSION:
        return GQL_LOC_INTERFACE;
    case GQL_KIND_UNION_TYPE_DEFINITION:
    case GQL_KIND_UNION_TYPE_EXTENSION:
        return GQL_LOC_UNION;
    case GQL_KIND_ENUM_TYPE_DEFINITION:
    case GQL_KIND_ENUM_TYPE_EXTENSION:
        return GQL_LOC_ENUM;
    case GQL_KIND_ENUM_VALUE_DEFINITION:
        return GQL_LOC_ENUM_VALUE;
    case GQL_KIND_INPUT_OBJECT_TYPE_DEFINITION:
    case GQL_KIND_INPUT_OBJECT_TYPE_EXTENSION:
        return GQL_LOC_INPUT_OBJECT;
    case GQL_KIND_INPUT_VALUE_DEFINITION:
        if (grandparent != NULL && (grandparent->kind == GQL_KIND_INPUT_OBJECT_TYPE_DEFINITION ||
                                    grandparent->kind == GQL_KIND_INPUT_OBJECT_TYPE_EXTENSION))
            return GQL_LOC_INPUT_FIELD_DEFINITION;
        return GQL_LOC_ARGUMENT_DEFINITION;
    default:
        return -1;
    }
}

static int
enter_directive(const struct gql_node *node, const struct gql_ancestors *ancestors, void *user)
{
    struct state *st = user;
    struct gql_validation_context *ctx = st->ctx;
    const struct gql_directive *d = (const struct gql_directive *)node;
    uint32_t locations;
    const struct gql_doc_directive *dd = gql_ctx_doc_directive(ctx, d->name.value, d->name.len);
    if (dd != NULL) {
        locations = dd->locations;
    } else {
        const struct gql_directive_def *def =
            gql_schema_directive(ctx->schema, d->name.value, d->name.len);
        if (def == NULL) {
            struct strbuf *msg = gql_ctx_message(ctx);
            strbuf_printf(msg, "Unknown directive \"@%s\".", d->name.value);
            gql_ctx_report1(ctx, msg->data, node);
            return 1;
        }
        locations = def->locations;
    }
    if (ancestors->count == 0)
        return 1;
    const struct gql_node *applied_to = ancestors->items[ancestors->count - 1];
    const struct gql_node *grandparent =
        ancestors->count > 1 ? ancestors->items[ancestors->count - 2] : NULL;
    int loc = location_of(applied_to, grandparent);
    if (loc >= 0 && (locations & GQL_LOC_BIT(loc)) == 0) {
        struct strbuf *msg = gql_ctx_message(ctx);
        strbuf_printf(msg,
                      "Directive \"@%s\" may not be used on %s.",
                      d->name.value,
                      gql_directive_location_name((enum gql_directive_location)loc));
        gql_ctx_report1(ctx, msg->data, node);
    }
    return 1;
}

static void
create(struct gql_validation_context *ctx, struct gql_visitor *v)
{
    struct state *st = GQL_RULE_STATE(ctx, struct state);
    st->ctx = ctx;
    v->enter[GQL_KIND_DIRECTIVE] = enter_directive;
    v->user = st;
}

const struct gql_rule gql_rule_known_directives = {"KnownDirectivesRule", create};
