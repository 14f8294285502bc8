/*
 * §5.3.3 Leaf Field Selections (graphql-js ScalarLeafsRule): fields of scalar or enum type
 * have no selection set; fields of object, interface or union type have one.
 */
#include "validation/context.h"

static int
enter_field(const struct gql_node *node, const struct gql_ancestors *ancestors, void *user)
{
    (void)ancestors;
    struct gql_validation_context *ctx = user;
    const struct gql_field *f = (const struct gql_field *)node;
    const struct gql_type_def *type = gql_ctx_type(ctx);
    if (type == NULL)
        return 1;
    struct strbuf *msg = gql_ctx_message(ctx);
    if (gql_type_def_is_leaf(gql_type_def_named(type))) {
        if (f->selection_set != NULL) {
            strbuf_printf(
                msg, "Field \"%s\" must not have a selection since type \"", f->name.value);
            gql_type_def_print(type, msg);
            strbuf_puts(msg, "\" has no subfields.");
            gql_ctx_report1(ctx, msg->data, &f->selection_set->node);
        }
    } else if (f->selection_set == NULL) {
        strbuf_printf(msg, "Field \"%s\" of type \"", f->name.value);
        gql_type_def_print(type, msg);
        strbuf_puts(msg, "\" must have a selection of subfields.");
        /* graphql-js keeps this hint when suggestions are hidden; contract §3 wants no
         * "Did you mean" at all in production, so it goes with the other suggestions. */
        if (!ctx->hide_suggestions)
            strbuf_printf(msg, " Did you mean \"%s { ... }\"?", f->name.value);
        gql_ctx_report1(ctx, msg->data, node);
    } else if (f->selection_set->selections.count == 0) {
        strbuf_printf(msg, "Field \"%s\" of type \"", f->name.value);
        gql_type_def_print(type, msg);
        strbuf_puts(msg, "\" must have at least one field selected.");
        gql_ctx_report1(ctx, msg->data, node);
    }
    return 1;
}

static void
create(struct gql_validation_context *ctx, struct gql_visitor *v)
{
    v->enter[GQL_KIND_FIELD] = enter_field;
    v->user = ctx;
}

const struct gql_rule gql_rule_scalar_leafs = {"ScalarLeafsRule", create};
