/*
 * Runtime values (include/gql/value.h): constructors, object lookup, equality and one
 * writer in three styles (JSON for responses, graphql-js inspect() for error messages,
 * GraphQL literal syntax for printed default values).
 */
#include "gql/value.h"

#include "core/arena.h"
#include "core/strbuf.h"
#include "gql/printer.h"
#include "util/name_map.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Deepest value the printers descend into (values can come from hostile JSON). */
#define VALUE_MAX_DEPTH 1000

struct gql_val
gql_val_null(void)
{
    struct gql_val v;
    memset(&v, 0, sizeof v);
    return v;
}

struct gql_val
gql_val_boolean(bool b)
{
    struct gql_val v = gql_val_null();
    v.kind = GQL_VAL_BOOLEAN;
    v.u.boolean = b;
    return v;
}

struct gql_val
gql_val_int(int64_t i)
{
    struct gql_val v = gql_val_null();
    v.kind = GQL_VAL_INT;
    v.u.int_ = i;
    return v;
}

struct gql_val
gql_val_float(double d)
{
    struct gql_val v = gql_val_null();
    if (!isfinite(d))
        return v;
    v.kind = GQL_VAL_FLOAT;
    v.u.float_ = d;
    return v;
}

struct gql_val
gql_val_string(struct arena *a, const char *s, size_t len)
{
    struct gql_val v = gql_val_null();
    v.kind = GQL_VAL_STRING;
    v.u.string.ptr = arena_strndup(a, s ? s : "", s ? len : 0);
    v.u.string.len = s ? len : 0;
    return v;
}

struct gql_val
gql_val_cstring(struct arena *a, const char *s)
{
    return gql_val_string(a, s, s ? strlen(s) : 0);
}

struct gql_val
gql_val_string_ref(const char *s, size_t len)
{
    struct gql_val v = gql_val_null();
    v.kind = GQL_VAL_STRING;
    v.u.string.ptr = s ? s : "";
    v.u.string.len = s ? len : 0;
    return v;
}

struct gql_val
gql_val_enum(struct arena *a, const char *name)
{
    struct gql_val v = gql_val_cstring(a, name);
    v.kind = GQL_VAL_ENUM;
    return v;
}

struct gql_val
gql_val_list(struct arena *a, size_t count)
{
    struct gql_val v = gql_val_null();
    v.kind = GQL_VAL_LIST;
    v.u.list.items = count ? arena_calloc(a, count, sizeof(struct gql_val)) : NULL;
    v.u.list.count = count;
    return v;
}

/*
 * Objects with room for INDEX_MIN_CAP fields or more keep a hash index right after their
 * fields array (index_slots(cap) uint32_t slots holding a field position + 1, 0 when empty;
 * open addressing), so building an object of n keys and looking keys up cost O(n) and O(1)
 * instead of O(n^2) and O(n): request variables are objects of any size. An entry is trusted
 * only when its position is below the object's count and its key matches (copies of a value
 * share the array).
 */
#define INDEX_MIN_CAP 16

static size_t
index_slots(size_t cap)
{
    size_t n = 32;
    while (n < 2 * cap)
        n *= 2;
    return n;
}

static uint32_t *
object_index(const struct gql_val *obj)
{
    if (obj->u.object.cap < INDEX_MIN_CAP)
        return NULL;
    return (uint32_t *)(void *)(obj->u.object.fields + obj->u.object.cap);
}

/* Room for cap fields (and their index when cap is large enough), index empty. */
static struct gql_val_field *
alloc_fields(struct arena *a, size_t cap)
{
    if (cap == 0)
        return NULL;
    size_t bytes = cap * sizeof(struct gql_val_field);
    if (cap < INDEX_MIN_CAP)
        return arena_alloc(a, bytes);
    size_t index_bytes = index_slots(cap) * sizeof(uint32_t);
    struct gql_val_field *fields = arena_alloc(a, bytes + index_bytes);
    memset(fields + cap, 0, index_bytes);
    return fields;
}

/*
 * The position of key in obj, or -1. *empty (may be NULL) gets the index slot where the key
 * would be inserted (indexed objects only).
 */
static ptrdiff_t
object_find(const struct gql_val *obj, const char *key, size_t key_len, uint32_t **empty)
{
    const struct gql_val_field *fields = obj->u.object.fields;
    uint32_t *ix = object_index(obj);
    if (ix == NULL) {
        for (size_t i = 0; i < obj->u.object.count; i++)
            if (fields[i].key_len == key_len && memcmp(fields[i].key, key, key_len) == 0)
                return (ptrdiff_t)i;
        return -1;
    }
    size_t mask = index_slots(obj->u.object.cap) - 1;
    for (size_t s = gql_name_hash(key, key_len) & mask;; s = (s + 1) & mask) {
        if (ix[s] == 0) {
            if (empty != NULL)
                *empty = &ix[s];
            return -1;
        }
        size_t i = ix[s] - 1;
        if (i < obj->u.object.count && fields[i].key_len == key_len &&
            memcmp(fields[i].key, key, key_len) == 0)
            return (ptrdiff_t)i;
    }
}

struct gql_val
gql_val_object(struct arena *a, size_t capacity)
{
    struct gql_val v = gql_val_null();
    v.kind = GQL_VAL_OBJECT;
    v.u.object.fields = alloc_fields(a, capacity);
    v.u.object.count = 0;
    v.u.object.cap = capacity;
    return v;
}

struct gql_val
gql_val_opaque(void *ptr, const char *type_name)
{
    struct gql_val v = gql_val_null();
    v.kind = GQL_VAL_OPAQUE;
    v.u.opaque.ptr = ptr;
    v.u.opaque.type_name = type_name;
    return v;
}

void
gql_val_object_setn(
    struct arena *a, struct gql_val *obj, const char *key, size_t key_len, struct gql_val value)
{
    if (obj->kind != GQL_VAL_OBJECT)
        return;
    uint32_t *empty = NULL;
    ptrdiff_t at = object_find(obj, key, key_len, &empty);
    if (at >= 0) {
        obj->u.object.fields[at].value = value;
        return;
    }
    size_t count = obj->u.object.count;
    if (count == obj->u.object.cap) {
        size_t cap = obj->u.object.cap ? obj->u.object.cap * 2 : 4;
        struct gql_val_field *fields = alloc_fields(a, cap);
        if (count != 0)
            memcpy(fields, obj->u.object.fields, count * sizeof(*fields));
        obj->u.object.fields = fields;
        obj->u.object.cap = cap;
        uint32_t *ix = object_index(obj);
        if (ix != NULL) {
            size_t mask = index_slots(cap) - 1;
            for (size_t i = 0; i <= count; i++) { /* the new key goes to position count */
                const char *k = i < count ? fields[i].key : key;
                size_t klen = i < count ? fields[i].key_len : key_len;
                size_t s = gql_name_hash(k, klen) & mask;
                while (ix[s] != 0)
                    s = (s + 1) & mask;
                ix[s] = (uint32_t)(i + 1);
            }
        }
    } else if (empty != NULL) {
        *empty = (uint32_t)(count + 1);
    }
    struct gql_val_field *f = &obj->u.object.fields[obj->u.object.count++];
    f->key = arena_strndup(a, key, key_len);
    f->key_len = key_len;
    f->value = value;
}

void
gql_val_object_set(struct arena *a, struct gql_val *obj, const char *key, struct gql_val value)
{
    gql_val_object_setn(a, obj, key, strlen(key), value);
}

const struct gql_val *
gql_val_object_getn(const struct gql_val *obj, const char *key, size_t key_len)
{
    if (obj == NULL || obj->kind != GQL_VAL_OBJECT)
        return NULL;
    ptrdiff_t at = object_find(obj, key, key_len, NULL);
    return at >= 0 ? &obj->u.object.fields[at].value : NULL;
}

const struct gql_val *
gql_val_object_get(const struct gql_val *obj, const char *key)
{
    return gql_val_object_getn(obj, key, strlen(key));
}

const char *
gql_val_kind_name(enum gql_val_kind kind)
{
    switch (kind) {
    case GQL_VAL_NULL:
        return "null";
    case GQL_VAL_BOOLEAN:
        return "boolean";
    case GQL_VAL_INT:
        return "int";
    case GQL_VAL_FLOAT:
        return "float";
    case GQL_VAL_STRING:
        return "string";
    case GQL_VAL_ENUM:
        return "enum";
    case GQL_VAL_LIST:
        return "list";
    case GQL_VAL_OBJECT:
        return "object";
    case GQL_VAL_OPAQUE:
        return "opaque";
    }
    return "unknown";
}

static bool
equal_at(const struct gql_val *a, const struct gql_val *b, int depth)
{
    if (depth > VALUE_MAX_DEPTH)
        return false;
    if (a->kind != b->kind)
        return false;
    switch (a->kind) {
    case GQL_VAL_NULL:
        return true;
    case GQL_VAL_BOOLEAN:
        return a->u.boolean == b->u.boolean;
    case GQL_VAL_INT:
        return a->u.int_ == b->u.int_;
    case GQL_VAL_FLOAT:
        return a->u.float_ == b->u.float_;
    case GQL_VAL_STRING:
    case GQL_VAL_ENUM:
        return a->u.string.len == b->u.string.len &&
               memcmp(a->u.string.ptr, b->u.string.ptr, a->u.string.len) == 0;
    case GQL_VAL_LIST:
        if (a->u.list.count != b->u.list.count)
            return false;
        for (size_t i = 0; i < a->u.list.count; i++)
            if (!equal_at(&a->u.list.items[i], &b->u.list.items[i], depth + 1))
                return false;
        return true;
    case GQL_VAL_OBJECT:
        if (a->u.object.count != b->u.object.count)
            return false;
        for (size_t i = 0; i < a->u.object.count; i++) {
            const struct gql_val_field *f = &a->u.object.fields[i];
            const struct gql_val *o = gql_val_object_getn(b, f->key, f->key_len);
            if (o == NULL || !equal_at(&f->value, o, depth + 1))
                return false;
        }
        return true;
    case GQL_VAL_OPAQUE:
        if (a->u.opaque.ptr != b->u.opaque.ptr)
            return false;
        if (a->u.opaque.type_name == NULL || b->u.opaque.type_name == NULL)
            return a->u.opaque.type_name == b->u.opaque.type_name;
        return strcmp(a->u.opaque.type_name, b->u.opaque.type_name) == 0;
    }
    return false;
}

bool
gql_val_equal(const struct gql_val *a, const struct gql_val *b)
{
    if (a == NULL || b == NULL)
        return a == b;
    return equal_at(a, b, 0);
}

/*
 * Number::toString of ECMAScript (§6.1.6.1.20): the shortest digit string that reads back as
 * d, placed as JavaScript places it. Shortest digits are found by increasing the precision
 * of "%.*e" until strtod() returns d.
 */
void
gql_json_append_double(struct strbuf *out, double d)
{
    char buf[40];
    if (!isfinite(d)) {
        strbuf_puts(out, "null");
        return;
    }
    if (d == 0) {
        strbuf_putc(out, '0'); /* also -0, as JSON.stringify(-0) */
        return;
    }
    /* A normal double needing k <= 15 significant digits prints as those digits padded
     * with zeros at precision 15 (its rounding error is below half a unit of the 15th
     * digit), and trailing zeros are trimmed below: start there. Subnormals have fewer
     * significant bits, so their search starts at one digit. */
    int prec = (d >= 2.2250738585072014e-308 || d <= -2.2250738585072014e-308) ? 14 : 0;
    for (; prec < 17; prec++) {
        snprintf(buf, sizeof buf, "%.*e", prec, d);
        if (strtod(buf, NULL) == d)
            break;
    }
    if (prec == 17)
        snprintf(buf, sizeof buf, "%.*e", prec, d);
    /* buf is [-]D[.DDD]e[+-]XX: split into digits and exponent. */
    const char *p = buf;
    if (*p == '-') {
        strbuf_putc(out, '-');
        p++;
    }
    char digits[24];
    int k = 0;
    while (*p && *p != 'e') {
        if (*p != '.')
            digits[k++] = *p;
        p++;
    }
    while (k > 1 && digits[k - 1] == '0')
        k--;
    int e = atoi(p + 1);
    int n = e + 1; /* position of the decimal point relative to the digits */
    if (k <= n && n <= 21) {
        strbuf_append(out, digits, (size_t)k);
        for (int i = k; i < n; i++)
            strbuf_putc(out, '0');
    } else if (0 < n && n <= 21) {
        strbuf_append(out, digits, (size_t)n);
        strbuf_putc(out, '.');
        strbuf_append(out, digits + n, (size_t)(k - n));
    } else if (-6 < n && n <= 0) {
        strbuf_puts(out, "0.");
        for (int i = n; i < 0; i++)
            strbuf_putc(out, '0');
        strbuf_append(out, digits, (size_t)k);
    } else {
        strbuf_putc(out, digits[0]);
        if (k > 1) {
            strbuf_putc(out, '.');
            strbuf_append(out, digits + 1, (size_t)(k - 1));
        }
        strbuf_printf(out, "e%c%d", n - 1 < 0 ? '-' : '+', abs(n - 1));
    }
}

/* Appends v in decimal (no printf: this runs for every Int in a response). */
static void
append_i64(struct strbuf *out, int64_t v)
{
    char tmp[24];
    int n = 0;
    uint64_t mag = v < 0 ? (uint64_t)0 - (uint64_t)v : (uint64_t)v;
    do {
        tmp[n++] = (char)('0' + mag % 10);
        mag /= 10;
    } while (mag);
    if (v < 0)
        tmp[n++] = '-';
    strbuf_reserve(out, (size_t)n);
    char *p = out->data + out->len;
    while (n)
        *p++ = tmp[--n];
    out->len = (size_t)(p - out->data);
    *p = '\0';
}

/*
 * The three ways a value is written. JSON for responses; graphql-js inspect() for messages
 * (strings quoted, enums bare, "{ k: v }", at most 10 list items, [Array]/[Object] below two
 * levels); GraphQL literal syntax for printed defaults (graphql-js print(astFromValue())).
 */
enum val_style { STYLE_JSON, STYLE_INSPECT, STYLE_LITERAL };

/* Inspect's cut-offs (graphql-js MAX_ARRAY_LENGTH, MAX_RECURSIVE_DEPTH). */
#define INSPECT_MAX_ITEMS 10
#define INSPECT_MAX_DEPTH 2
/*
 * Our own cut-off, which graphql-js does not have: inspect() text longer than this ends in
 * "...". A message names the invalid value in every error about it, so a 1 MiB variables
 * object with many unknown fields would otherwise make a response fifty times larger.
 */
#define INSPECT_MAX_BYTES 2048

/* Writes v; stops descending once out->len passes stop (the caller trims the excess). */
static void
write_at(const struct gql_val *v, struct strbuf *out, enum val_style style, int depth, size_t stop)
{
    if (out->len > stop)
        return;
    if (depth > VALUE_MAX_DEPTH) {
        strbuf_puts(out, "null");
        return;
    }
    const char *sep = style == STYLE_JSON ? "," : ", ";
    switch (v->kind) {
    case GQL_VAL_NULL:
        strbuf_puts(out, "null");
        return;
    case GQL_VAL_OPAQUE:
        strbuf_puts(out, style == STYLE_INSPECT ? "{}" : "null");
        return;
    case GQL_VAL_BOOLEAN:
        strbuf_puts(out, v->u.boolean ? "true" : "false");
        return;
    case GQL_VAL_INT:
        append_i64(out, v->u.int_);
        return;
    case GQL_VAL_FLOAT:
        gql_json_append_double(out, v->u.float_);
        return;
    case GQL_VAL_STRING:
    case GQL_VAL_ENUM:
        if (v->kind == GQL_VAL_ENUM && style != STYLE_JSON)
            strbuf_append(out, v->u.string.ptr, v->u.string.len);
        else if (style == STYLE_LITERAL)
            gql_print_string(out, v->u.string.ptr, v->u.string.len);
        else
            strbuf_append_json_string(out, v->u.string.ptr, v->u.string.len);
        return;
    case GQL_VAL_LIST: {
        size_t n = v->u.list.count;
        if (style == STYLE_INSPECT && n != 0 && depth >= INSPECT_MAX_DEPTH) {
            strbuf_puts(out, "[Array]");
            return;
        }
        if (style == STYLE_INSPECT && n > INSPECT_MAX_ITEMS)
            n = INSPECT_MAX_ITEMS;
        strbuf_putc(out, '[');
        for (size_t i = 0; i < n; i++) {
            if (i)
                strbuf_puts(out, sep);
            write_at(&v->u.list.items[i], out, style, depth + 1, stop);
        }
        if (n < v->u.list.count) {
            size_t more = v->u.list.count - n;
            strbuf_printf(out, ", ... %zu more item%s", more, more == 1 ? "" : "s");
        }
        strbuf_putc(out, ']');
        return;
    }
    case GQL_VAL_OBJECT:
        if (v->u.object.count == 0) {
            strbuf_puts(out, "{}");
            return;
        }
        if (style == STYLE_INSPECT && depth >= INSPECT_MAX_DEPTH) {
            strbuf_puts(out, "[Object]");
            return;
        }
        strbuf_puts(out, style == STYLE_INSPECT ? "{ " : "{");
        for (size_t i = 0; i < v->u.object.count; i++) {
            const struct gql_val_field *f = &v->u.object.fields[i];
            if (i)
                strbuf_puts(out, sep);
            if (style == STYLE_JSON) {
                strbuf_append_json_string(out, f->key, f->key_len);
                strbuf_putc(out, ':');
            } else {
                strbuf_append(out, f->key, f->key_len);
                strbuf_puts(out, ": ");
            }
            write_at(&f->value, out, style, depth + 1, stop);
        }
        strbuf_puts(out, style == STYLE_INSPECT ? " }" : "}");
        return;
    }
}

void
gql_val_write_json(const struct gql_val *v, struct strbuf *out)
{
    if (v == NULL) {
        strbuf_puts(out, "null");
        return;
    }
    write_at(v, out, STYLE_JSON, 0, SIZE_MAX);
}

void
gql_val_write_graphql(const struct gql_val *v, struct strbuf *out)
{
    if (v == NULL) {
        strbuf_puts(out, "undefined");
        return;
    }
    size_t start = out->len;
    write_at(v, out, STYLE_INSPECT, 0, start + INSPECT_MAX_BYTES);
    if (out->len - start > INSPECT_MAX_BYTES) {
        size_t cut = start + INSPECT_MAX_BYTES;
        while (cut > start && ((unsigned char)out->data[cut] & 0xC0) == 0x80)
            cut--; /* not inside a UTF-8 character */
        strbuf_truncate(out, cut);
        strbuf_puts(out, "...");
    }
}

void
gql_val_write_literal(const struct gql_val *v, struct strbuf *out)
{
    write_at(v, out, STYLE_LITERAL, 0, SIZE_MAX);
}
