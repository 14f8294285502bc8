/*
 * §5.4.2.1 Required Arguments (graphql-js ProvidedRequiredArgumentsRule, including
 * ProvidedRequiredArgumentsOnDirectivesRule): every argument of non-null type without a
 * default is given. Checked when leaving the field or directive, so that errors inside the
 * arguments come first.
 */
#include "validation/context.h"

#include <string.h>

struct state {
    struct gql_validation_context *ctx;
};

/* The names of the arguments given: a short list is scanned, a long one hashed. */
struct given {
    const struct gql_argument_list *args;
    struct gql_name_map set; /* used when args->count > 8 */
};

static void
given_init(struct given *g,
           struct gql_validation_context *ctx,
           const struct gql_argument_list *args)
{
    g->args = args;
    gql_name_map_init(&g->set, ctx->arena);
    if (args->count > 8)
        for (uint32_t i = 0; i < args->count; i++)
            gql_name_map_put(&g->set, args->items[i]->name.value, args->items[i]->name.len, NULL);
}

static bool
provided(const struct given *g, const char *name)
{
    if (g->args->count > 8)
        return gql_name_map_has(&g->set, name, (uint32_t)strlen(name));
    for (uint32_t i = 0; i < g->args->count; i++)
        if (gql_name_is(&g->args->items[i]->name, name))
            return true;
    return false;
}

static int
leave_field(const struct gql_node *node, const struct gql_ancestors *ancestors, void *user)
{
    (void)ancestors;
    struct state *st = user;
    struct gql_validation_context *ctx = st->ctx;
    const struct gql_field *f = (const struct gql_field *)node;
    const struct gql_field_def *def = gql_ctx_field_def(ctx);
    if (def == NULL)
        return 1;
    struct given given;
    given_init(&given, ctx, &f->arguments);
    for (uint32_t i = 0; i < def->arg_count; i++) {
        const struct gql_input_value_def *arg = &def->args[i];
        if (!gql_type_def_is_non_null(arg->type) || arg->has_default || provided(&given, arg->name))
            continue;
        struct strbuf *msg = gql_ctx_message(ctx);
        strbuf_printf(msg, "Field \"%s\" argument \"%s\" of type \"", def->name, arg->name);
        gql_type_def_print(arg->type, msg);
        strbuf_puts(msg, "\" is required, but it was not provided.");
        gql_ctx_report1(ctx, msg->data, node);
    }
    return 1;
}

static void
report_directive(struct gql_validation_context *ctx,
                 const struct gql_directive *d,
                 const char *arg_name,
                 const struct gql_type_def *type,
                 const struct gql_type *type_ast)
{
    struct strbuf *msg = gql_ctx_message(ctx);
    strbuf_printf(msg, "Directive \"@%s\" argument \"%s\" of type \"", d->name.value, arg_name);
    if (type != NULL)
        gql_type_def_print(type, msg);
    else
        gql_print(&type_ast->node, NULL, msg);
    strbuf_puts(msg, "\" is required, but it was not provided.");
    gql_ctx_report1(ctx, msg->data, &d->node);
}

static int
leave_directive(const struct gql_node *node, const struct gql_ancestors *ancestors, void *user)
{
    (void)ancestors;
    struct state *st = user;
    struct gql_validation_context *ctx = st->ctx;
    const struct gql_directive *d = (const struct gql_directive *)node;
    const struct gql_doc_directive *doc_def =
        gql_ctx_doc_directive(ctx, d->name.value, d->name.len);
    const struct gql_directive_definition *dd = doc_def != NULL ? doc_def->def : NULL;
    struct given given;
    given_init(&given, ctx, &d->arguments);
    if (dd != NULL) {
        for (uint32_t i = 0; i < dd->arguments.count; i++) {
            const struct gql_input_value_definition *arg = dd->arguments.items[i];
            bool required =
                arg->type->node.kind == GQL_KIND_NON_NULL_TYPE && arg->default_value == NULL;
            if (required && !provided(&given, arg->name.value))
                report_directive(ctx, d, arg->name.value, NULL, arg->type);
        }
        return 1;
    }
    const struct gql_directive_def *def =
        gql_schema_directive(ctx->schema, d->name.value, d->name.len);
    if (def == NULL)
        return 1;
    for (uint32_t i = 0; i < def->arg_count; i++) {
        const struct gql_input_value_def *arg = &def->args[i];
        if (gql_type_def_is_non_null(arg->type) && !arg->has_default &&
            !provided(&given, arg->name))
            report_directive(ctx, d, arg->name, arg->type, NULL);
    }
    return 1;
}

static void
create(struct gql_validation_context *ctx, struct gql_visitor *v)
{
    struct state *st = GQL_RULE_STATE(ctx, struct state);
    st->ctx = ctx;
    v->leave[GQL_KIND_FIELD] = leave_field;
    v->leave[GQL_KIND_DIRECTIVE] = leave_directive;
    v->user = st;
}

const struct gql_rule gql_rule_provided_required_arguments = {"ProvidedRequiredArgumentsRule",
                                                              create};
