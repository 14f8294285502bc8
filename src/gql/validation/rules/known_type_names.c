/*
 * §5.5.1.2 Fragment Spread Type Existence, §5.8.2 (graphql-js KnownTypeNamesRule): every
 * type named in the document (type conditions, variable types) exists in the schema or is
 * defined in the document.
 */
#include "validation/context.h"

/* graphql-js standardTypeNames: the specified scalars and the introspection types. */
static const char *const standard_type_names[] = {
    "String",
    "Int",
    "Float",
    "Boolean",
    "ID",
    "__Schema",
    "__Directive",
    "__DirectiveLocation",
    "__Type",
    "__Field",
    "__InputValue",
    "__EnumValue",
    "__TypeKind",
};
#define STANDARD_COUNT (sizeof(standard_type_names) / sizeof(standard_type_names[0]))

struct state {
    struct gql_validation_context *ctx;
    struct gql_name_map defined; /* type definitions in the document */
    const char **names;          /* schema type names, then document type names */
    size_t name_count;
};

static bool
is_standard(const struct gql_name *name)
{
    for (size_t i = 0; i < STANDARD_COUNT; i++)
        if (gql_name_is(name, standard_type_names[i]))
            return true;
    return false;
}

static int
enter_named_type(const struct gql_node *node, const struct gql_ancestors *ancestors, void *user)
{
    struct state *st = user;
    struct gql_validation_context *ctx = st->ctx;
    const struct gql_type *t = (const struct gql_type *)node;
    if (gql_schema_type(ctx->schema, t->name.value, t->name.len) != NULL ||
        gql_name_map_has(&st->defined, t->name.value, t->name.len))
        return 1;
    /* graphql-js looks at ancestors[2] (the top-level definition), else the parent. */
    const struct gql_node *def = NULL;
    if (ancestors->count > 1)
        def = ancestors->items[1];
    else if (ancestors->count > 0)
        def = ancestors->items[ancestors->count - 1];
    bool is_sdl = def != NULL && gql_kind_is_type_system_definition(def->kind);
    if (is_sdl && is_standard(&t->name))
        return 1;
    struct strbuf *msg = gql_ctx_message(ctx);
    strbuf_printf(msg, "Unknown type \"%s\".", t->name.value);
    if (is_sdl) {
        const char **opts =
            arena_alloc(ctx->arena, (STANDARD_COUNT + st->name_count) * sizeof(*opts));
        for (size_t i = 0; i < STANDARD_COUNT; i++)
            opts[i] = standard_type_names[i];
        for (size_t i = 0; i < st->name_count; i++)
            opts[STANDARD_COUNT + i] = st->names[i];
        gql_ctx_suggest(ctx, msg, NULL, t->name.value, opts, STANDARD_COUNT + st->name_count);
    } else {
        gql_ctx_suggest(ctx, msg, NULL, t->name.value, st->names, st->name_count);
    }
    gql_ctx_report1(ctx, msg->data, node);
    return 1;
}

static void
create(struct gql_validation_context *ctx, struct gql_visitor *v)
{
    struct state *st = GQL_RULE_STATE(ctx, struct state);
    st->ctx = ctx;
    gql_name_map_init(&st->defined, ctx->arena);
    const struct gql_node_list *defs = &ctx->doc->definitions;
    size_t n = ctx->schema->type_count;
    for (uint32_t i = 0; i < defs->count; i++)
        if (gql_kind_is_type_definition(defs->items[i]->kind))
            n++;
    st->names = arena_alloc(ctx->arena, (n ? n : 1) * sizeof(*st->names));
    for (uint32_t i = 0; i < ctx->schema->type_count; i++)
        st->names[st->name_count++] = ctx->schema->types[i]->name;
    for (uint32_t i = 0; i < defs->count; i++) {
        if (!gql_kind_is_type_definition(defs->items[i]->kind))
            continue;
        const struct gql_name *name = gql_node_name(defs->items[i]);
        gql_name_map_put(&st->defined, name->value, name->len, NULL);
        st->names[st->name_count++] = name->value;
    }
    v->enter[GQL_KIND_NAMED_TYPE] = enter_named_type;
    v->user = st;
}

const struct gql_rule gql_rule_known_type_names = {"KnownTypeNamesRule", create};
