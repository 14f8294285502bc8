/*
 * §5.6.1 Values of Correct Type, §5.6.2 Input Object Field Names, §5.6.4 Input Object
 * Required Fields, and @oneOf input objects (graphql-js ValuesOfCorrectTypeRule): every
 * literal value fits the input type expected where it appears.
 *
 * Leaf literals are checked as the type's parseLiteral would coerce them: the built-in
 * scalars exactly as graphql-js's GraphQLInt, GraphQLFloat, GraphQLString, GraphQLBoolean and
 * GraphQLID do (their messages are reported as they are), enums by value name (with
 * suggestions), custom scalars through the schema's parse_literal hooks (a refusal reads
 * `Expected value of type "Money", found 1.5; <the hook's message>`).
 */
#include "validation/context.h"

#include <string.h>

/* Reports `Expected value of type "T", found V.` with an optional "; detail". */
static void
report_expected(struct gql_validation_context *ctx,
                const struct gql_type_def *location_type,
                const struct gql_value *node,
                const char *detail)
{
    struct strbuf *msg = gql_ctx_message(ctx);
    strbuf_puts(msg, "Expected value of type \"");
    gql_type_def_print(location_type, msg);
    strbuf_puts(msg, "\", found ");
    gql_print(&node->node, NULL, msg);
    if (detail != NULL && detail[0] != '\0') {
        strbuf_puts(msg, "; ");
        strbuf_puts(msg, detail);
    } else {
        strbuf_putc(msg, '.');
    }
    gql_ctx_report1(ctx, msg->data, &node->node);
}

/* "<Prefix><printed value>" reported at the value: a built-in scalar's own error. */
static void
report_scalar(struct gql_validation_context *ctx, const char *prefix, const struct gql_value *node)
{
    struct strbuf *msg = gql_ctx_message(ctx);
    strbuf_puts(msg, prefix);
    gql_print(&node->node, NULL, msg);
    gql_ctx_report1(ctx, msg->data, &node->node);
}

/* Whether the text of an IntValue is within 32-bit signed range (graphql-js parseInt check). */
static bool
int_in_range(const char *text, uint32_t len)
{
    uint32_t i = 0;
    bool neg = false;
    if (i < len && text[i] == '-') {
        neg = true;
        i++;
    }
    uint64_t v = 0;
    for (; i < len; i++) {
        if (text[i] < '0' || text[i] > '9')
            break;
        v = v * 10 + (uint64_t)(text[i] - '0');
        if (v > 0x80000000ull)
            return false;
    }
    return neg ? v <= 0x80000000ull : v <= 0x7FFFFFFFull;
}

/* The built-in scalars' parseLiteral; returns false (after reporting) when refused. */
static void
check_builtin_scalar(struct gql_validation_context *ctx,
                     const struct gql_type_def *scalar,
                     const struct gql_value *node)
{
    enum gql_kind k = node->node.kind;
    const char *name = scalar->name;
    if (strcmp(name, "Int") == 0) {
        if (k != GQL_KIND_INT_VALUE) {
            report_scalar(ctx, "Int cannot represent non-integer value: ", node);
        } else if (!int_in_range(node->number.text, node->number.len)) {
            struct strbuf *msg = gql_ctx_message(ctx);
            strbuf_puts(msg, "Int cannot represent non 32-bit signed integer value: ");
            strbuf_append(msg, node->number.text, node->number.len);
            gql_ctx_report1(ctx, msg->data, &node->node);
        }
    } else if (strcmp(name, "Float") == 0) {
        if (k != GQL_KIND_INT_VALUE && k != GQL_KIND_FLOAT_VALUE)
            report_scalar(ctx, "Float cannot represent non numeric value: ", node);
    } else if (strcmp(name, "String") == 0) {
        if (k != GQL_KIND_STRING_VALUE)
            report_scalar(ctx, "String cannot represent a non string value: ", node);
    } else if (strcmp(name, "Boolean") == 0) {
        if (k != GQL_KIND_BOOLEAN_VALUE)
            report_scalar(ctx, "Boolean cannot represent a non boolean value: ", node);
    } else if (strcmp(name, "ID") == 0) {
        if (k != GQL_KIND_STRING_VALUE && k != GQL_KIND_INT_VALUE)
            report_scalar(ctx, "ID cannot represent a non-string and non-integer value: ", node);
    }
}

/* graphql-js didYouMeanEnumValue after an enum error message. */
static void
suggest_enum_value(struct gql_validation_context *ctx,
                   struct strbuf *msg,
                   const struct gql_type_def *type,
                   const char *printed)
{
    const char **names = arena_alloc(ctx->arena, (type->enum_value_count + 1) * sizeof(*names));
    for (uint32_t i = 0; i < type->enum_value_count; i++)
        names[i] = type->enum_values[i].name;
    gql_ctx_suggest(ctx, msg, "the enum value", printed, names, type->enum_value_count);
}

static void
check_enum(struct gql_validation_context *ctx,
           const struct gql_type_def *type,
           const struct gql_value *node)
{
    struct strbuf printed = STRBUF_INIT;
    gql_print(&node->node, NULL, &printed);
    const char *ps = strbuf_cstr(&printed);
    if (node->node.kind != GQL_KIND_ENUM_VALUE) {
        struct strbuf *msg = gql_ctx_message(ctx);
        strbuf_printf(msg, "Enum \"%s\" cannot represent non-enum value: %s.", type->name, ps);
        suggest_enum_value(ctx, msg, type, ps);
        gql_ctx_report1(ctx, msg->data, &node->node);
    } else if (gql_type_def_enum_value(type, node->name.value, node->name.len) == NULL) {
        struct strbuf *msg = gql_ctx_message(ctx);
        strbuf_printf(msg, "Value \"%s\" does not exist in \"%s\" enum.", ps, type->name);
        suggest_enum_value(ctx, msg, type, ps);
        gql_ctx_report1(ctx, msg->data, &node->node);
    }
    strbuf_free(&printed);
}

/* graphql-js isValidValueNode: the literal at the current input position. */
static void
check_value(struct gql_validation_context *ctx, const struct gql_value *node)
{
    const struct gql_type_def *location_type = gql_ctx_input_type(ctx);
    if (location_type == NULL)
        return;
    const struct gql_type_def *type = gql_type_def_named(location_type);
    if (!gql_type_def_is_leaf(type)) {
        report_expected(ctx, location_type, node, NULL);
        return;
    }
    if (type->kind == GQL_TYPE_ENUM) {
        check_enum(ctx, type, node);
        return;
    }
    if (type->builtin) {
        check_builtin_scalar(ctx, type, node);
        return;
    }
    struct gql_val out;
    const char *message = NULL;
    if (gql_leaf_parse_literal(type, ctx->arena, node, NULL, &out, &message) < 0)
        report_expected(ctx, location_type, node, message);
}

static int
enter_list(const struct gql_node *node, const struct gql_ancestors *ancestors, void *user)
{
    (void)ancestors;
    struct gql_validation_context *ctx = user;
    /* TypeInfo already moved to the item type: look at the enclosing position's type. */
    const struct gql_type_def *t = gql_ctx_parent_input_type(ctx);
    if (t != NULL)
        t = gql_type_def_nullable(t);
    if (t == NULL || t->kind != GQL_TYPE_LIST) {
        check_value(ctx, (const struct gql_value *)node);
        return 0;
    }
    return 1;
}

static int
enter_object(const struct gql_node *node, const struct gql_ancestors *ancestors, void *user)
{
    (void)ancestors;
    struct gql_validation_context *ctx = user;
    const struct gql_value *obj = (const struct gql_value *)node;
    const struct gql_type_def *it = gql_ctx_input_type(ctx);
    const struct gql_type_def *type = it != NULL ? gql_type_def_named(it) : NULL;
    if (type == NULL || type->kind != GQL_TYPE_INPUT_OBJECT) {
        check_value(ctx, obj);
        return 0;
    }
    /* Fields by name, the last of duplicates winning (graphql-js keyMap). */
    struct gql_name_map given;
    gql_name_map_init(&given, ctx->arena);
    uint32_t distinct = 0;
    const char *only_key = NULL;
    for (uint32_t i = 0; i < obj->object.count; i++) {
        const struct gql_object_field *f = obj->object.items[i];
        bool existed;
        *gql_name_map_put(&given, f->name.value, f->name.len, &existed) = (void *)f;
        if (!existed) {
            distinct++;
            only_key = f->name.value;
        }
    }
    for (uint32_t i = 0; i < type->input_field_count; i++) {
        const struct gql_input_value_def *fd = &type->input_fields[i];
        if (gql_name_map_has(&given, fd->name, fd->name_len) ||
            !gql_type_def_is_non_null(fd->type) || fd->has_default)
            continue;
        struct strbuf *msg = gql_ctx_message(ctx);
        strbuf_printf(msg, "Field \"%s.%s\" of required type \"", type->name, fd->name);
        gql_type_def_print(fd->type, msg);
        strbuf_puts(msg, "\" was not provided.");
        gql_ctx_report1(ctx, msg->data, node);
    }
    if (type->is_one_of) {
        if (distinct != 1) {
            struct strbuf *msg = gql_ctx_message(ctx);
            strbuf_printf(
                msg, "OneOf Input Object \"%s\" must specify exactly one key.", type->name);
            gql_ctx_report1(ctx, msg->data, node);
        } else {
            const struct gql_object_field *f =
                gql_name_map_get(&given, only_key, (uint32_t)strlen(only_key));
            if (f == NULL || f->value->node.kind == GQL_KIND_NULL_VALUE) {
                struct strbuf *msg = gql_ctx_message(ctx);
                strbuf_printf(msg, "Field \"%s.%s\" must be non-null.", type->name, only_key);
                gql_ctx_report1(ctx, msg->data, node);
            }
        }
    }
    return 1;
}

static int
enter_object_field(const struct gql_node *node, const struct gql_ancestors *ancestors, void *user)
{
    (void)ancestors;
    struct gql_validation_context *ctx = user;
    const struct gql_object_field *f = (const struct gql_object_field *)node;
    const struct gql_type_def *pt = gql_ctx_parent_input_type(ctx);
    const struct gql_type_def *parent = pt != NULL ? gql_type_def_named(pt) : NULL;
    if (gql_ctx_input_type(ctx) != NULL || parent == NULL || parent->kind != GQL_TYPE_INPUT_OBJECT)
        return 1;
    struct strbuf *msg = gql_ctx_message(ctx);
    strbuf_printf(msg, "Field \"%s\" is not defined by type \"%s\".", f->name.value, parent->name);
    const char **names = arena_alloc(ctx->arena, (parent->input_field_count + 1) * sizeof(*names));
    for (uint32_t i = 0; i < parent->input_field_count; i++)
        names[i] = parent->input_fields[i].name;
    gql_ctx_suggest(ctx, msg, NULL, f->name.value, names, parent->input_field_count);
    gql_ctx_report1(ctx, msg->data, node);
    return 1;
}

static int
enter_null(const struct gql_node *node, const struct gql_ancestors *ancestors, void *user)
{
    (void)ancestors;
    struct gql_validation_context *ctx = user;
    const struct gql_type_def *type = gql_ctx_input_type(ctx);
    if (type != NULL && gql_type_def_is_non_null(type))
        report_expected(ctx, type, (const struct gql_value *)node, NULL);
    return 1;
}

static int
enter_leaf(const struct gql_node *node, const struct gql_ancestors *ancestors, void *user)
{
    (void)ancestors;
    check_value(user, (const struct gql_value *)node);
    return 1;
}

static void
create(struct gql_validation_context *ctx, struct gql_visitor *v)
{
    v->enter[GQL_KIND_LIST_VALUE] = enter_list;
    v->enter[GQL_KIND_OBJECT_VALUE] = enter_object;
    v->enter[GQL_KIND_OBJECT_FIELD] = enter_object_field;
    v->enter[GQL_KIND_NULL_VALUE] = enter_null;
    v->enter[GQL_KIND_ENUM_VALUE] = enter_leaf;
    v->enter[GQL_KIND_INT_VALUE] = enter_leaf;
    v->enter[GQL_KIND_FLOAT_VALUE] = enter_leaf;
    v->enter[GQL_KIND_STRING_VALUE] = enter_leaf;
    v->enter[GQL_KIND_BOOLEAN_VALUE] = enter_leaf;
    v->user = ctx;
}

const struct gql_rule gql_rule_values_of_correct_type = {"ValuesOfCorrectTypeRule", create};
