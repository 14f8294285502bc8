/*
 * §5.5.1.3 Fragments On Composite Types (graphql-js FragmentsOnCompositeTypesRule): a type
 * condition names an object, interface or union type.
 */
#include "validation/context.h"

static bool
is_non_composite(struct gql_validation_context *ctx, const struct gql_type *cond)
{
    const struct gql_type_def *t = gql_schema_type_from_ast(ctx->schema, ctx->arena, cond);
    return t != NULL && !gql_type_def_is_composite(t);
}

static int
enter_inline(const struct gql_node *node, const struct gql_ancestors *ancestors, void *user)
{
    (void)ancestors;
    struct gql_validation_context *ctx = user;
    const struct gql_inline_fragment *f = (const struct gql_inline_fragment *)node;
    if (f->type_condition != NULL && is_non_composite(ctx, f->type_condition)) {
        struct strbuf *msg = gql_ctx_message(ctx);
        strbuf_puts(msg, "Fragment cannot condition on non composite type \"");
        gql_print(&f->type_condition->node, NULL, msg);
        strbuf_puts(msg, "\".");
        gql_ctx_report1(ctx, msg->data, &f->type_condition->node);
    }
    return 1;
}

static int
enter_fragment(const struct gql_node *node, const struct gql_ancestors *ancestors, void *user)
{
    (void)ancestors;
    struct gql_validation_context *ctx = user;
    const struct gql_fragment_definition *f = (const struct gql_fragment_definition *)node;
    if (is_non_composite(ctx, f->type_condition)) {
        struct strbuf *msg = gql_ctx_message(ctx);
        strbuf_printf(
            msg, "Fragment \"%s\" cannot condition on non composite type \"", f->name.value);
        gql_print(&f->type_condition->node, NULL, msg);
        strbuf_puts(msg, "\".");
        gql_ctx_report1(ctx, msg->data, &f->type_condition->node);
    }
    return 1;
}

static void
create(struct gql_validation_context *ctx, struct gql_visitor *v)
{
    v->enter[GQL_KIND_INLINE_FRAGMENT] = enter_inline;
    v->enter[GQL_KIND_FRAGMENT_DEFINITION] = enter_fragment;
    v->user = ctx;
}

const struct gql_rule gql_rule_fragments_on_composite_types = {"FragmentsOnCompositeTypesRule",
                                                               create};
