/*
 * §5.5.2.1 Fragment spread target defined (graphql-js KnownFragmentNamesRule): every spread
 * names a fragment defined in the document.
 */
#include "validation/context.h"

static int
enter_spread(const struct gql_node *node, const struct gql_ancestors *ancestors, void *user)
{
    (void)ancestors;
    struct gql_validation_context *ctx = user;
    const struct gql_fragment_spread *sp = (const struct gql_fragment_spread *)node;
    if (gql_ctx_fragment(ctx, sp->name.value, sp->name.len) == NULL) {
        struct strbuf *msg = gql_ctx_message(ctx);
        strbuf_printf(msg, "Unknown fragment \"%s\".", sp->name.value);
        gql_ctx_report1(ctx, msg->data, &sp->name.node);
    }
    return 1;
}

static void
create(struct gql_validation_context *ctx, struct gql_visitor *v)
{
    v->enter[GQL_KIND_FRAGMENT_SPREAD] = enter_spread;
    v->user = ctx;
}

const struct gql_rule gql_rule_known_fragment_names = {"KnownFragmentNamesRule", create};
