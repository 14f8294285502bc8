/*
 * §5.7.1 Directives Are Defined and §5.7.2 Directives Are In Valid Locations (graphql-js
 * KnownDirectivesRule): every directive is declared by the schema (or by a directive
 * definition in the document) and allowed where it is used.
 */
#include "validation/context.h"

struct state {
    struct gql_validation_context *ctx;
};

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
    int loc = gql_directive_location_of(applied_to, grandparent);
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
