/*
 * §5.1.1 Executable Definitions (graphql-js ExecutableDefinitionsRule): a document to be
 * executed may contain only operations and fragments.
 */
#include "validation/context.h"

static int
enter_document(const struct gql_node *node, const struct gql_ancestors *ancestors, void *user)
{
    (void)ancestors;
    struct gql_validation_context *ctx = user;
    const struct gql_document *doc = (const struct gql_document *)node;
    for (uint32_t i = 0; i < doc->definitions.count; i++) {
        const struct gql_node *def = doc->definitions.items[i];
        if (gql_kind_is_executable_definition(def->kind))
            continue;
        struct strbuf *msg = gql_ctx_message(ctx);
        if (def->kind == GQL_KIND_SCHEMA_DEFINITION || def->kind == GQL_KIND_SCHEMA_EXTENSION) {
            strbuf_puts(msg, "The schema definition is not executable.");
        } else {
            const struct gql_name *name = gql_node_name(def);
            strbuf_printf(msg,
                          "The \"%s\" definition is not executable.",
                          name != NULL && name->value != NULL ? name->value : "");
        }
        gql_ctx_report1(ctx, msg->data, def);
    }
    return 0;
}

static void
create(struct gql_validation_context *ctx, struct gql_visitor *v)
{
    v->enter[GQL_KIND_DOCUMENT] = enter_document;
    v->user = ctx;
}

const struct gql_rule gql_rule_executable_definitions = {"ExecutableDefinitionsRule", create};
