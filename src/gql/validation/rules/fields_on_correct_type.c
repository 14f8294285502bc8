/*
 * §5.3.1 Field Selections (graphql-js FieldsOnCorrectTypeRule): a selected field is defined
 * on the parent type (or is a meta field). The message suggests inline fragments on types
 * that do define the field, else similarly named fields.
 */
#include "validation/context.h"

struct suggested {
    const struct gql_type_def *type;
    uint32_t usage;
};

/* graphql-js's comparator: more usages first, super types before their subtypes, names. */
static int
compare(const struct gql_schema *schema, const struct suggested *a, const struct suggested *b)
{
    if (a->usage != b->usage)
        return a->usage > b->usage ? -1 : 1;
    if (a->type->kind == GQL_TYPE_INTERFACE && gql_schema_is_subtype(schema, a->type, b->type))
        return -1;
    if (b->type->kind == GQL_TYPE_INTERFACE && gql_schema_is_subtype(schema, b->type, a->type))
        return 1;
    return gql_natural_compare(a->type->name, b->type->name);
}

/* getSuggestedTypeNames: types that define the field, for an abstract parent type. */
static size_t
suggested_type_names(struct gql_validation_context *ctx,
                     const struct gql_type_def *type,
                     const struct gql_field *field,
                     const char ***out)
{
    *out = NULL;
    if (!gql_type_def_is_abstract(type))
        return 0;
    ARENA_VEC(struct suggested) list = {0};
    const char *name = field->name.value;
    uint32_t len = field->name.len;
    for (uint32_t i = 0; i < type->possible_type_count; i++) {
        const struct gql_type_def *pt = type->possible_types[i];
        if (gql_type_def_field(pt, name, len) == NULL)
            continue;
        struct suggested s = {pt, 1};
        ARENA_VEC_PUSH(ctx->arena, &list, s);
        for (uint32_t j = 0; j < pt->interface_count; j++) {
            const struct gql_type_def *iface = pt->interfaces[j];
            if (gql_type_def_field(iface, name, len) == NULL)
                continue;
            size_t k = 0;
            while (k < list.len && list.items[k].type != iface)
                k++;
            if (k == list.len) {
                struct suggested si = {iface, 1};
                ARENA_VEC_PUSH(ctx->arena, &list, si);
            } else {
                list.items[k].usage++;
            }
        }
    }
    /* Stable insertion sort, as JavaScript's sort is stable. */
    for (size_t i = 1; i < list.len; i++) {
        struct suggested cur = list.items[i];
        size_t j = i;
        while (j > 0 && compare(ctx->schema, &cur, &list.items[j - 1]) < 0) {
            list.items[j] = list.items[j - 1];
            j--;
        }
        list.items[j] = cur;
    }
    const char **names = arena_alloc(ctx->arena, (list.len ? list.len : 1) * sizeof(*names));
    for (size_t i = 0; i < list.len; i++)
        names[i] = list.items[i].type->name;
    *out = names;
    return list.len;
}

static int
enter_field(const struct gql_node *node, const struct gql_ancestors *ancestors, void *user)
{
    (void)ancestors;
    struct gql_validation_context *ctx = user;
    const struct gql_field *f = (const struct gql_field *)node;
    const struct gql_type_def *type = gql_ctx_parent_type(ctx);
    if (type == NULL || gql_ctx_field_def(ctx) != NULL)
        return 1;
    struct strbuf *msg = gql_ctx_message(ctx);
    strbuf_printf(msg, "Cannot query field \"%s\" on type \"%s\".", f->name.value, type->name);
    if (!ctx->hide_suggestions) {
        const char **types;
        size_t n = suggested_type_names(ctx, type, f, &types);
        if (n > 0) {
            gql_did_you_mean(msg, "to use an inline fragment on", types, n);
        } else if (type->kind == GQL_TYPE_OBJECT || type->kind == GQL_TYPE_INTERFACE) {
            const char **fields =
                arena_alloc(ctx->arena, (type->field_count + 1) * sizeof(*fields));
            for (uint32_t i = 0; i < type->field_count; i++)
                fields[i] = type->fields[i].name;
            gql_ctx_suggest(ctx, msg, NULL, f->name.value, fields, type->field_count);
        }
    }
    gql_ctx_report1(ctx, msg->data, node);
    return 1;
}

static void
create(struct gql_validation_context *ctx, struct gql_visitor *v)
{
    v->enter[GQL_KIND_FIELD] = enter_field;
    v->user = ctx;
}

const struct gql_rule gql_rule_fields_on_correct_type = {"FieldsOnCorrectTypeRule", create};
