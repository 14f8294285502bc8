/*
 * §5.2.2.1 Lone Anonymous Operation (graphql-js LoneAnonymousOperationRule): an anonymous
 * operation must be the only operation of its document.
 */
#include "validation/context.h"

struct state {
    struct gql_validation_context *ctx;
    uint32_t operation_count;
};

static int
enter_document(const struct gql_node *node, const struct gql_ancestors *ancestors, void *user)
{
    (void)ancestors;
    struct state *st = user;
    const struct gql_document *doc = (const struct gql_document *)node;
    st->operation_count = 0;
    for (uint32_t i = 0; i < doc->definitions.count; i++)
        if (doc->definitions.items[i]->kind == GQL_KIND_OPERATION_DEFINITION)
            st->operation_count++;
    return 1;
}

static int
enter_operation(const struct gql_node *node, const struct gql_ancestors *ancestors, void *user)
{
    (void)ancestors;
    struct state *st = user;
    const struct gql_operation_definition *op = (const struct gql_operation_definition *)node;
    if (op->name.value == NULL && st->operation_count > 1)
        gql_ctx_report1(
            st->ctx, "This anonymous operation must be the only defined operation.", node);
    return 1;
}

static void
create(struct gql_validation_context *ctx, struct gql_visitor *v)
{
    struct state *st = GQL_RULE_STATE(ctx, struct state);
    st->ctx = ctx;
    v->enter[GQL_KIND_DOCUMENT] = enter_document;
    v->enter[GQL_KIND_OPERATION_DEFINITION] = enter_operation;
    v->user = st;
}

const struct gql_rule gql_rule_lone_anonymous_operation = {"LoneAnonymousOperationRule", create};
