/*
 * Leaf types: the specified scalars Int, Float, String, Boolean and ID (GraphQL
 * specification, October 2021, §3.5.1 - §3.5.5), enum coercion (§3.9), and the dispatch to
 * custom scalars' hooks. Behaviour and messages follow graphql-js type/scalars.ts and
 * GraphQLEnumType: e.g. "Int cannot represent non-integer value: 1.5",
 * "String cannot represent a non string value: 1".
 *
 * Int is a signed 32-bit integer; Float a finite double (a literal or value that overflows
 * to infinity is refused); ID accepts strings and integers and is carried as a string.
 */
#include "core/arena.h"
#include "core/strbuf.h"
#include "gql/printer.h"
#include "gql/schema.h"
#include "type_internal.h"

#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#define GQL_MAX_INT 2147483647LL
#define GQL_MIN_INT (-2147483648LL)

/* Literal nesting that the untyped conversion follows. */
#define LITERAL_MAX_DEPTH 256

int
gql_scalar_fail(struct gql_scalar_ctx *ctx, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    ctx->message = gql_format_v(ctx->arena, fmt, ap);
    va_end(ap);
    return -1;
}

/*-------------------------------------------------------------------------------------------
 * Printing for messages.
 *-------------------------------------------------------------------------------------------*/

/* The literal printed as graphql-js print() does, as an arena string. */
static const char *
literal_text(struct arena *arena, const struct gql_value *v)
{
    return gql_print_to_arena(arena, &v->node);
}

/* The value as graphql-js inspect() shows it, as an arena string. */
static const char *
inspect_text(struct arena *arena, const struct gql_val *v)
{
    struct strbuf sb = STRBUF_INIT;
    gql_val_write_graphql(v, &sb);
    char *s = arena_strndup(arena, strbuf_cstr(&sb), sb.len);
    strbuf_free(&sb);
    return s;
}

/*-------------------------------------------------------------------------------------------
 * Numbers.
 *-------------------------------------------------------------------------------------------*/

static bool
double_is_integer(double d)
{
    if (!isfinite(d))
        return false;
    if (d >= 9007199254740992.0 || d <= -9007199254740992.0)
        return true; /* beyond 2^53 every double is an integer */
    return d == (double)(long long)d;
}

/* JavaScript white space and line terminators, as Number() trims them (ASCII subset). */
static bool
is_js_space(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f';
}

/*
 * JavaScript Number(string) for decimal text: surrounding white space ignored, "" -> 0.
 * Returns false when the text is not a number (NaN in JavaScript).
 */
static bool
js_string_to_number(const char *s, size_t len, double *out)
{
    while (len > 0 && is_js_space(*s))
        s++, len--;
    while (len > 0 && is_js_space(s[len - 1]))
        len--;
    if (len == 0) {
        *out = 0;
        return true;
    }
    if (len > 400)
        return false;
    char buf[401];
    memcpy(buf, s, len);
    buf[len] = '\0';
    if (strcmp(buf, "Infinity") == 0 || strcmp(buf, "+Infinity") == 0) {
        *out = INFINITY;
        return true;
    }
    if (strcmp(buf, "-Infinity") == 0) {
        *out = -INFINITY;
        return true;
    }
    /* Only decimal digits, sign, '.', exponent: strtod alone would accept "inf", "0x1p3". */
    for (size_t i = 0; i < len; i++) {
        char c = buf[i];
        if (!((c >= '0' && c <= '9') || c == '.' || c == 'e' || c == 'E' || c == '+' || c == '-'))
            return false;
    }
    char *end;
    errno = 0;
    double d = strtod(buf, &end);
    if (end != buf + len || end == buf)
        return false;
    *out = d;
    return true;
}

/*
 * Parses an IntValue's text ("-12") into *out; returns false when it does not fit in int64.
 * The lexer guarantees the syntax.
 */
static bool
parse_int_text(const char *text, size_t len, int64_t *out)
{
    size_t i = 0;
    bool neg = false;
    if (i < len && text[i] == '-') {
        neg = true;
        i++;
    }
    if (i == len)
        return false;
    uint64_t v = 0;
    for (; i < len; i++) {
        if (text[i] < '0' || text[i] > '9')
            return false;
        unsigned d = (unsigned)(text[i] - '0');
        if (v > (UINT64_MAX - d) / 10)
            return false;
        v = v * 10 + d;
    }
    if (neg) {
        if (v > (uint64_t)INT64_MAX + 1)
            return false;
        *out = v == (uint64_t)INT64_MAX + 1 ? INT64_MIN : -(int64_t)v;
    } else {
        if (v > (uint64_t)INT64_MAX)
            return false;
        *out = (int64_t)v;
    }
    return true;
}

static double
parse_float_text(const char *text, size_t len)
{
    char small[64];
    char *buf = small;
    char *heap = NULL;
    if (len >= sizeof small) {
        heap = malloc(len + 1);
        if (heap == NULL)
            abort();
        buf = heap;
    }
    memcpy(buf, text, len);
    buf[len] = '\0';
    double d = strtod(buf, NULL);
    free(heap);
    return d;
}

/*-------------------------------------------------------------------------------------------
 * Failures: graphql-js's messages are "<Type> cannot represent ...: <value>", the value as
 * inspect() shows a runtime value or print() a literal.
 *-------------------------------------------------------------------------------------------*/

#define INT_NON_INTEGER "Int cannot represent non-integer value: "
#define INT_NON_32_BIT "Int cannot represent non 32-bit signed integer value: "
#define FLOAT_NON_NUMERIC "Float cannot represent non numeric value: "
#define STRING_NON_STRING "String cannot represent a non string value: "
#define BOOLEAN_NON_BOOLEAN "Boolean cannot represent a non boolean value: "

static int
fail_value(struct gql_scalar_ctx *ctx, const char *prefix, const struct gql_val *in)
{
    return gql_scalar_fail(ctx, "%s%s", prefix, inspect_text(ctx->arena, in));
}

static int
fail_literal(struct gql_scalar_ctx *ctx, const char *prefix, const struct gql_value *lit)
{
    return gql_scalar_fail(ctx, "%s%s", prefix, literal_text(ctx->arena, lit));
}

/*
 * The number serialize() reads from a runtime value (graphql-js serializeInt/serializeFloat:
 * booleans as 0/1, numeric strings as Number(string)); false when there is none.
 */
static bool
serialize_number(const struct gql_val *in, double *num)
{
    switch (in->kind) {
    case GQL_VAL_BOOLEAN:
        *num = in->u.boolean ? 1 : 0;
        return true;
    case GQL_VAL_INT:
        *num = (double)in->u.int_;
        return true;
    case GQL_VAL_FLOAT:
        *num = in->u.float_;
        return true;
    case GQL_VAL_STRING:
        return in->u.string.len != 0 &&
               js_string_to_number(in->u.string.ptr, in->u.string.len, num);
    default:
        return false;
    }
}

/*-------------------------------------------------------------------------------------------
 * Int (§3.5.1).
 *-------------------------------------------------------------------------------------------*/

/* The Int for num, read from in (named in the failure). */
static int
int_from_number(struct gql_scalar_ctx *ctx,
                const struct gql_val *in,
                double num,
                struct gql_val *out)
{
    if (!double_is_integer(num))
        return fail_value(ctx, INT_NON_INTEGER, in);
    if (num > (double)GQL_MAX_INT || num < (double)GQL_MIN_INT)
        return fail_value(ctx, INT_NON_32_BIT, in);
    *out = gql_val_int((int64_t)num);
    return 0;
}

static int
int_serialize(struct gql_scalar_ctx *ctx, const struct gql_val *in, struct gql_val *out)
{
    double num;
    if (!serialize_number(in, &num))
        return fail_value(ctx, INT_NON_INTEGER, in);
    return int_from_number(ctx, in, num, out);
}

static int
int_parse_value(struct gql_scalar_ctx *ctx, const struct gql_val *in, struct gql_val *out)
{
    if (in->kind != GQL_VAL_INT && in->kind != GQL_VAL_FLOAT)
        return fail_value(ctx, INT_NON_INTEGER, in);
    return int_from_number(
        ctx, in, in->kind == GQL_VAL_INT ? (double)in->u.int_ : in->u.float_, out);
}

static int
int_parse_literal(struct gql_scalar_ctx *ctx, const struct gql_value *lit, struct gql_val *out)
{
    if (lit->node.kind != GQL_KIND_INT_VALUE)
        return fail_literal(ctx, INT_NON_INTEGER, lit);
    int64_t v;
    if (!parse_int_text(lit->number.text, lit->number.len, &v) || v > GQL_MAX_INT ||
        v < GQL_MIN_INT)
        return fail_literal(ctx, INT_NON_32_BIT, lit);
    *out = gql_val_int(v);
    return 0;
}

const struct gql_scalar_ops gql_tsys_int_ops = {
    .serialize = int_serialize,
    .parse_value = int_parse_value,
    .parse_literal = int_parse_literal,
};

/*-------------------------------------------------------------------------------------------
 * Float (§3.5.2).
 *-------------------------------------------------------------------------------------------*/

static int
float_serialize(struct gql_scalar_ctx *ctx, const struct gql_val *in, struct gql_val *out)
{
    double num;
    if (!serialize_number(in, &num) || !isfinite(num))
        return fail_value(ctx, FLOAT_NON_NUMERIC, in);
    if (in->kind == GQL_VAL_BOOLEAN)
        *out = gql_val_int((int64_t)num); /* graphql-js returns the number 1 or 0 */
    else
        *out = gql_val_float(num);
    return 0;
}

static int
float_parse_value(struct gql_scalar_ctx *ctx, const struct gql_val *in, struct gql_val *out)
{
    if (in->kind == GQL_VAL_INT) {
        *out = gql_val_float((double)in->u.int_);
        return 0;
    }
    if (in->kind == GQL_VAL_FLOAT && isfinite(in->u.float_)) {
        *out = *in;
        return 0;
    }
    return fail_value(ctx, FLOAT_NON_NUMERIC, in);
}

static int
float_parse_literal(struct gql_scalar_ctx *ctx, const struct gql_value *lit, struct gql_val *out)
{
    if (lit->node.kind != GQL_KIND_FLOAT_VALUE && lit->node.kind != GQL_KIND_INT_VALUE)
        return fail_literal(ctx, FLOAT_NON_NUMERIC, lit);
    double d = parse_float_text(lit->number.text, lit->number.len);
    if (!isfinite(d))
        return fail_literal(ctx, FLOAT_NON_NUMERIC, lit);
    *out = gql_val_float(d);
    return 0;
}

const struct gql_scalar_ops gql_tsys_float_ops = {
    .serialize = float_serialize,
    .parse_value = float_parse_value,
    .parse_literal = float_parse_literal,
};

/*-------------------------------------------------------------------------------------------
 * String (§3.5.3).
 *-------------------------------------------------------------------------------------------*/

/* A number as its JavaScript String(): "12", "1.5", "1e+21". */
static struct gql_val
string_from_number(struct arena *arena, const struct gql_val *in)
{
    struct strbuf sb = STRBUF_INIT;
    if (in->kind == GQL_VAL_INT)
        strbuf_append_int(&sb, in->u.int_);
    else
        gql_json_append_double(&sb, in->u.float_);
    struct gql_val v = gql_val_string(arena, strbuf_cstr(&sb), sb.len);
    strbuf_free(&sb);
    return v;
}

static int
string_serialize(struct gql_scalar_ctx *ctx, const struct gql_val *in, struct gql_val *out)
{
    switch (in->kind) {
    case GQL_VAL_STRING:
        *out = *in;
        return 0;
    case GQL_VAL_ENUM:
        *out = *in;
        out->kind = GQL_VAL_STRING;
        return 0;
    case GQL_VAL_BOOLEAN:
        *out = gql_val_string_ref(in->u.boolean ? "true" : "false", in->u.boolean ? 4 : 5);
        return 0;
    case GQL_VAL_INT:
        *out = string_from_number(ctx->arena, in);
        return 0;
    case GQL_VAL_FLOAT:
        if (!isfinite(in->u.float_))
            break;
        *out = string_from_number(ctx->arena, in);
        return 0;
    default:
        break;
    }
    return fail_value(ctx, "String cannot represent value: ", in);
}

static int
string_parse_value(struct gql_scalar_ctx *ctx, const struct gql_val *in, struct gql_val *out)
{
    if (in->kind != GQL_VAL_STRING)
        return fail_value(ctx, STRING_NON_STRING, in);
    *out = *in;
    return 0;
}

static int
string_parse_literal(struct gql_scalar_ctx *ctx, const struct gql_value *lit, struct gql_val *out)
{
    if (lit->node.kind != GQL_KIND_STRING_VALUE)
        return fail_literal(ctx, STRING_NON_STRING, lit);
    *out = gql_val_string_ref(lit->string.value, lit->string.len);
    return 0;
}

const struct gql_scalar_ops gql_tsys_string_ops = {
    .serialize = string_serialize,
    .parse_value = string_parse_value,
    .parse_literal = string_parse_literal,
};

/*-------------------------------------------------------------------------------------------
 * Boolean (§3.5.4).
 *-------------------------------------------------------------------------------------------*/

static int
boolean_serialize(struct gql_scalar_ctx *ctx, const struct gql_val *in, struct gql_val *out)
{
    switch (in->kind) {
    case GQL_VAL_BOOLEAN:
        *out = *in;
        return 0;
    case GQL_VAL_INT:
        *out = gql_val_boolean(in->u.int_ != 0);
        return 0;
    case GQL_VAL_FLOAT:
        if (!isfinite(in->u.float_))
            break;
        *out = gql_val_boolean(in->u.float_ != 0);
        return 0;
    default:
        break;
    }
    return fail_value(ctx, BOOLEAN_NON_BOOLEAN, in);
}

static int
boolean_parse_value(struct gql_scalar_ctx *ctx, const struct gql_val *in, struct gql_val *out)
{
    if (in->kind != GQL_VAL_BOOLEAN)
        return fail_value(ctx, BOOLEAN_NON_BOOLEAN, in);
    *out = *in;
    return 0;
}

static int
boolean_parse_literal(struct gql_scalar_ctx *ctx, const struct gql_value *lit, struct gql_val *out)
{
    if (lit->node.kind != GQL_KIND_BOOLEAN_VALUE)
        return fail_literal(ctx, BOOLEAN_NON_BOOLEAN, lit);
    *out = gql_val_boolean(lit->boolean);
    return 0;
}

const struct gql_scalar_ops gql_tsys_boolean_ops = {
    .serialize = boolean_serialize,
    .parse_value = boolean_parse_value,
    .parse_literal = boolean_parse_literal,
};

/*-------------------------------------------------------------------------------------------
 * ID (§3.5.5).
 *-------------------------------------------------------------------------------------------*/

/* serialize and parseValue: strings, and integral numbers as their String(). */
static int
id_serialize(struct gql_scalar_ctx *ctx, const struct gql_val *in, struct gql_val *out)
{
    if (in->kind == GQL_VAL_STRING) {
        *out = *in;
        return 0;
    }
    if (in->kind == GQL_VAL_INT || (in->kind == GQL_VAL_FLOAT && double_is_integer(in->u.float_))) {
        *out = string_from_number(ctx->arena, in);
        return 0;
    }
    return fail_value(ctx, "ID cannot represent value: ", in);
}

static int
id_parse_literal(struct gql_scalar_ctx *ctx, const struct gql_value *lit, struct gql_val *out)
{
    if (lit->node.kind == GQL_KIND_STRING_VALUE) {
        *out = gql_val_string_ref(lit->string.value, lit->string.len);
        return 0;
    }
    if (lit->node.kind == GQL_KIND_INT_VALUE) {
        *out = gql_val_string_ref(lit->number.text, lit->number.len);
        return 0;
    }
    return fail_literal(ctx, "ID cannot represent a non-string and non-integer value: ", lit);
}

const struct gql_scalar_ops gql_tsys_id_ops = {
    .serialize = id_serialize,
    .parse_value = id_serialize,
    .parse_literal = id_parse_literal,
};

const struct gql_scalar_ops *
gql_tsys_builtin_scalar_ops(const char *name)
{
    if (strcmp(name, "Int") == 0)
        return &gql_tsys_int_ops;
    if (strcmp(name, "Float") == 0)
        return &gql_tsys_float_ops;
    if (strcmp(name, "String") == 0)
        return &gql_tsys_string_ops;
    if (strcmp(name, "Boolean") == 0)
        return &gql_tsys_boolean_ops;
    if (strcmp(name, "ID") == 0)
        return &gql_tsys_id_ops;
    return NULL;
}

/*-------------------------------------------------------------------------------------------
 * Untyped literal conversion (graphql-js valueFromASTUntyped), for custom scalars without a
 * parse_literal hook.
 *-------------------------------------------------------------------------------------------*/

static int
value_from_literal_untyped(struct arena *arena,
                           const struct gql_value *lit,
                           const struct gql_val *variables,
                           struct gql_val *out,
                           int depth)
{
    if (depth > LITERAL_MAX_DEPTH)
        return -1;
    switch (lit->node.kind) {
    case GQL_KIND_NULL_VALUE:
        *out = gql_val_null();
        return 0;
    case GQL_KIND_INT_VALUE: {
        int64_t v;
        if (parse_int_text(lit->number.text, lit->number.len, &v))
            *out = gql_val_int(v);
        else
            *out = gql_val_float(parse_float_text(lit->number.text, lit->number.len));
        return 0;
    }
    case GQL_KIND_FLOAT_VALUE: {
        double d = parse_float_text(lit->number.text, lit->number.len);
        if (!isfinite(d))
            return -1;
        *out = gql_val_float(d);
        return 0;
    }
    case GQL_KIND_STRING_VALUE:
        *out = gql_val_string_ref(lit->string.value, lit->string.len);
        return 0;
    case GQL_KIND_BOOLEAN_VALUE:
        *out = gql_val_boolean(lit->boolean);
        return 0;
    case GQL_KIND_ENUM_VALUE:
        out->kind = GQL_VAL_ENUM;
        out->u.string.ptr = lit->name.value;
        out->u.string.len = lit->name.len;
        return 0;
    case GQL_KIND_VARIABLE: {
        const struct gql_val *v = gql_val_object_getn(variables, lit->name.value, lit->name.len);
        *out = v != NULL ? *v : gql_val_null();
        return 0;
    }
    case GQL_KIND_LIST_VALUE: {
        *out = gql_val_list(arena, lit->list.count);
        for (uint32_t i = 0; i < lit->list.count; i++)
            if (value_from_literal_untyped(
                    arena, lit->list.items[i], variables, &out->u.list.items[i], depth + 1) < 0)
                return -1;
        return 0;
    }
    case GQL_KIND_OBJECT_VALUE: {
        *out = gql_val_object(arena, lit->object.count);
        for (uint32_t i = 0; i < lit->object.count; i++) {
            const struct gql_object_field *f = lit->object.items[i];
            struct gql_val fv;
            if (value_from_literal_untyped(arena, f->value, variables, &fv, depth + 1) < 0)
                return -1;
            gql_val_object_setn(arena, out, f->name.value, f->name.len, fv);
        }
        return 0;
    }
    default:
        return -1;
    }
}

/*-------------------------------------------------------------------------------------------
 * Enums (§3.9): internal and serialized value is the value's name.
 *-------------------------------------------------------------------------------------------*/

/* Sets *out to type's value named name[0..len); false when there is none. */
static bool
enum_value(const struct gql_type_def *type, const char *name, size_t len, struct gql_val *out)
{
    const struct gql_enum_value_def *ev = gql_type_def_enum_value(type, name, len);
    if (ev == NULL)
        return false;
    out->kind = GQL_VAL_ENUM;
    out->u.string.ptr = ev->name;
    out->u.string.len = ev->name_len;
    return true;
}

static int
enum_serialize(const struct gql_type_def *type,
               struct arena *arena,
               const struct gql_val *in,
               struct gql_val *out,
               const char **message)
{
    if ((in->kind == GQL_VAL_STRING || in->kind == GQL_VAL_ENUM) &&
        enum_value(type, in->u.string.ptr, in->u.string.len, out))
        return 0;
    *message = arena_sprintf(
        arena, "Enum \"%s\" cannot represent value: %s", type->name, inspect_text(arena, in));
    return -1;
}

static int
enum_parse_value(const struct gql_type_def *type,
                 struct arena *arena,
                 const struct gql_val *in,
                 struct gql_val *out,
                 const char **message)
{
    if (in->kind != GQL_VAL_STRING) {
        *message = arena_sprintf(arena,
                                 "Enum \"%s\" cannot represent non-string value: %s.",
                                 type->name,
                                 inspect_text(arena, in));
        return -1;
    }
    if (!enum_value(type, in->u.string.ptr, in->u.string.len, out)) {
        *message = arena_sprintf(arena,
                                 "Value \"%.*s\" does not exist in \"%s\" enum.",
                                 (int)in->u.string.len,
                                 in->u.string.ptr,
                                 type->name);
        return -1;
    }
    return 0;
}

static int
enum_parse_literal(const struct gql_type_def *type,
                   struct arena *arena,
                   const struct gql_value *lit,
                   struct gql_val *out,
                   const char **message)
{
    if (lit->node.kind != GQL_KIND_ENUM_VALUE) {
        *message = arena_sprintf(arena,
                                 "Enum \"%s\" cannot represent non-enum value: %s.",
                                 type->name,
                                 literal_text(arena, lit));
        return -1;
    }
    if (!enum_value(type, lit->name.value, lit->name.len, out)) {
        *message = arena_sprintf(arena,
                                 "Value \"%s\" does not exist in \"%s\" enum.",
                                 literal_text(arena, lit),
                                 type->name);
        return -1;
    }
    return 0;
}

/*-------------------------------------------------------------------------------------------
 * Dispatch.
 *-------------------------------------------------------------------------------------------*/

static void
init_ctx(struct gql_scalar_ctx *ctx, const struct gql_type_def *leaf, struct arena *arena)
{
    ctx->arena = arena;
    ctx->type = leaf;
    ctx->userdata = leaf->scalar_data;
    ctx->variables = NULL;
    ctx->message = NULL;
}

static int
finish(struct gql_scalar_ctx *ctx, int rc, const char **message)
{
    if (rc < 0) {
        *message = ctx->message != NULL
                       ? ctx->message
                       : arena_sprintf(ctx->arena, "Expected type \"%s\".", ctx->type->name);
        return -1;
    }
    return 0;
}

int
gql_leaf_serialize(const struct gql_type_def *leaf,
                   struct arena *arena,
                   const struct gql_val *in,
                   struct gql_val *out,
                   const char **message)
{
    if (leaf->kind == GQL_TYPE_ENUM)
        return enum_serialize(leaf, arena, in, out, message);
    const struct gql_scalar_ops *ops = leaf->scalar_ops;
    if (ops == NULL || ops->serialize == NULL) {
        *out = *in;
        return 0;
    }
    struct gql_scalar_ctx ctx;
    init_ctx(&ctx, leaf, arena);
    return finish(&ctx, ops->serialize(&ctx, in, out), message);
}

int
gql_leaf_parse_value(const struct gql_type_def *leaf,
                     struct arena *arena,
                     const struct gql_val *in,
                     struct gql_val *out,
                     const char **message)
{
    if (leaf->kind == GQL_TYPE_ENUM)
        return enum_parse_value(leaf, arena, in, out, message);
    const struct gql_scalar_ops *ops = leaf->scalar_ops;
    if (ops == NULL || ops->parse_value == NULL) {
        *out = *in;
        return 0;
    }
    struct gql_scalar_ctx ctx;
    init_ctx(&ctx, leaf, arena);
    return finish(&ctx, ops->parse_value(&ctx, in, out), message);
}

int
gql_leaf_parse_literal(const struct gql_type_def *leaf,
                       struct arena *arena,
                       const struct gql_value *literal,
                       const struct gql_val *variables,
                       struct gql_val *out,
                       const char **message)
{
    if (leaf->kind == GQL_TYPE_ENUM)
        return enum_parse_literal(leaf, arena, literal, out, message);
    const struct gql_scalar_ops *ops = leaf->scalar_ops;
    struct gql_scalar_ctx ctx;
    init_ctx(&ctx, leaf, arena);
    ctx.variables = variables;
    if (ops != NULL && ops->parse_literal != NULL)
        return finish(&ctx, ops->parse_literal(&ctx, literal, out), message);
    struct gql_val untyped;
    if (value_from_literal_untyped(arena, literal, variables, &untyped, 0) < 0) {
        *message = arena_sprintf(arena,
                                 "Expected value of type \"%s\", found %s.",
                                 leaf->name,
                                 literal_text(arena, literal));
        return -1;
    }
    if (ops == NULL || ops->parse_value == NULL) {
        *out = untyped;
        return 0;
    }
    return finish(&ctx, ops->parse_value(&ctx, &untyped, out), message);
}
