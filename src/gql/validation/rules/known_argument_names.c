/*
 * §5.4.1 Argument Names (graphql-js KnownArgumentNamesRule, including
 * KnownArgumentNamesOnDirectivesRule): every argument given to a field or directive is
 * declared by it.
 */
#include "validation/context.h"

#include <string.h>

struct state {
    struct gql_validation_context *ctx;
};

static int
enter_directive(const struct gql_node *node, const struct gql_ancestors *ancestors, void *user)
{
    (void)ancestors;
    struct state *st = user;
    struct gql_validation_context *ctx = st->ctx;
    const struct gql_directive *d = (const struct gql_directive *)node;
    const struct gql_doc_directive *dd = gql_ctx_doc_directive(ctx, d->name.value, d->name.len);
    const struct gql_directive_def *def = NULL;
    if (dd == NULL) {
        def = gql_schema_directive(ctx->schema, d->name.value, d->name.len);
        if (def == NULL)
            return 0;
    }
    for (uint32_t i = 0; i < d->arguments.count; i++) {
        const struct gql_argument *a = d->arguments.items[i];
        const char **names;
        uint32_t n;
        bool known = false;
        if (dd != NULL) {
            names = dd->arg_names;
            n = dd->def->arguments.count;
            known = gql_name_map_has(&dd->args, a->name.value, a->name.len);
        } else {
            known = gql_directive_def_arg(def, a->name.value, a->name.len) != NULL;
            n = def->arg_count;
            names = arena_alloc(ctx->arena, (n + 1) * sizeof(*names));
            for (uint32_t j = 0; j < n; j++)
                names[j] = def->args[j].name;
        }
        if (known)
            continue;
        struct strbuf *msg = gql_ctx_message(ctx);
        strbuf_printf(
            msg, "Unknown argument \"%s\" on directive \"@%s\".", a->name.value, d->name.value);
        gql_ctx_suggest(ctx, msg, NULL, a->name.value, names, n);
        gql_ctx_report1(ctx, msg->data, &a->node);
    }
    return 0; /* this rule's Argument check is for fields only */
}

static int
enter_argument(const struct gql_node *node, const struct gql_ancestors *ancestors, void *user)
{
    (void)ancestors;
    struct state *st = user;
    struct gql_validation_context *ctx = st->ctx;
    const struct gql_argument *a = (const struct gql_argument *)node;
    const struct gql_field_def *field = gql_ctx_field_def(ctx);
    const struct gql_type_def *parent = gql_ctx_parent_type(ctx);
    if (gql_ctx_argument(ctx) != NULL || field == NULL || parent == NULL)
        return 1;
    struct strbuf *msg = gql_ctx_message(ctx);
    strbuf_printf(msg,
                  "Unknown argument \"%s\" on field \"%s.%s\".",
                  a->name.value,
                  parent->name,
                  field->name);
    const char **names = arena_alloc(ctx->arena, (field->arg_count + 1) * sizeof(*names));
    for (uint32_t j = 0; j < field->arg_count; j++)
        names[j] = field->args[j].name;
    gql_ctx_suggest(ctx, msg, NULL, a->name.value, names, field->arg_count);
    gql_ctx_report1(ctx, msg->data, node);
    return 1;
}

static void
create(struct gql_validation_context *ctx, struct gql_visitor *v)
{
    struct state *st = GQL_RULE_STATE(ctx, struct state);
    st->ctx = ctx;
    v->enter[GQL_KIND_DIRECTIVE] = enter_directive;
    v->enter[GQL_KIND_ARGUMENT] = enter_argument;
    v->user = st;
}

const struct gql_rule gql_rule_known_argument_names = {"KnownArgumentNamesRule", create};
