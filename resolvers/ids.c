/*
 * Global ids, cursors, page arguments and connection values (see include/resolvers/ids.h).
 */
#include "resolvers/ids.h"

#include "core/arena.h"

#include <inttypes.h>
#include <sodium.h>
#include <stdio.h>
#include <string.h>

static const char *const type_names[RES_ID_TYPE_COUNT] = {
    [RES_ID_USER] = "User",
    [RES_ID_ACCOUNT] = "Account",
    [RES_ID_TRANSFER] = "Transfer",
    [RES_ID_LEDGER_ENTRY] = "LedgerEntry",
    [RES_ID_CARD] = "Card",
    [RES_ID_AUDIT_ENTRY] = "AuditEntry",
};

const char *
res_id_type_name(enum res_id_type type)
{
    if ((unsigned)type >= RES_ID_TYPE_COUNT)
        return NULL;
    return type_names[type];
}

/* Unpadded base64url of bin[0..len) as an arena string. */
static char *
b64_encode(struct arena *a, const void *bin, size_t len)
{
    size_t cap = sodium_base64_ENCODED_LEN(len, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
    char *out = arena_alloc(a, cap);
    sodium_bin2base64(out, cap, bin, len, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
    return out;
}

/*
 * Decodes canonical unpadded base64url s[0..len) into out (cap bytes). Returns the decoded
 * length, or -1.
 */
static long
b64_decode(const char *s, size_t len, unsigned char *out, size_t cap)
{
    size_t n = 0;
    const char *end = NULL;
    if (len == 0)
        return -1;
    if (sodium_base642bin(
            out, cap, s, len, NULL, &n, &end, sodium_base64_VARIANT_URLSAFE_NO_PADDING) != 0 ||
        end != s + len)
        return -1;
    return (long)n;
}

/* Parses a decimal 1..INT64_MAX without sign or leading zero from s[0..len). */
static int
parse_positive(const char *s, size_t len, int64_t *out)
{
    if (len == 0 || len > 19 || s[0] < '1' || s[0] > '9')
        return -1;
    int64_t v = 0;
    for (size_t i = 0; i < len; i++) {
        if (s[i] < '0' || s[i] > '9')
            return -1;
        int d = s[i] - '0';
        if (v > (INT64_MAX - d) / 10)
            return -1;
        v = v * 10 + d;
    }
    *out = v;
    return 0;
}

/* Parses a decimal int64 with an optional '-' ("0" allowed, no leading zeros). */
static int
parse_signed(const char *s, size_t len, int64_t *out)
{
    bool neg = len > 0 && s[0] == '-';
    if (neg) {
        s++;
        len--;
    }
    if (len == 1 && s[0] == '0' && !neg) {
        *out = 0;
        return 0;
    }
    if (len == 0 || len > 19 || s[0] < '1' || s[0] > '9')
        return -1;
    uint64_t v = 0;
    for (size_t i = 0; i < len; i++) {
        if (s[i] < '0' || s[i] > '9')
            return -1;
        v = v * 10 + (uint64_t)(s[i] - '0');
        if (v > (uint64_t)INT64_MAX + (neg ? 1u : 0u))
            return -1;
    }
    *out = neg ? (int64_t)(0 - v) : (int64_t)v;
    return 0;
}

char *
res_id_encode(struct arena *a, enum res_id_type type, int64_t id)
{
    char raw[64];
    const char *name = res_id_type_name(type);
    int n = snprintf(raw, sizeof(raw), "%s:%" PRId64, name ? name : "?", id);
    return b64_encode(a, raw, (size_t)n);
}

struct gql_val
res_id_val(struct arena *a, enum res_id_type type, int64_t id)
{
    char *s = res_id_encode(a, type, id);
    return gql_val_string_ref(s, strlen(s));
}

int
res_id_decode(const char *s, size_t len, enum res_id_type *type, int64_t *id)
{
    unsigned char raw[RES_ID_MAX_LEN];
    if (s == NULL || len > RES_ID_MAX_LEN)
        return -1;
    long n = b64_decode(s, len, raw, sizeof(raw));
    if (n <= 0)
        return -1;
    const char *text = (const char *)raw;
    const char *colon = memchr(text, ':', (size_t)n);
    if (colon == NULL)
        return -1;
    size_t name_len = (size_t)(colon - text);
    for (int t = 0; t < RES_ID_TYPE_COUNT; t++) {
        if (strlen(type_names[t]) != name_len || memcmp(type_names[t], text, name_len) != 0)
            continue;
        int64_t v;
        if (parse_positive(colon + 1, (size_t)n - name_len - 1, &v) < 0)
            return -1;
        *type = (enum res_id_type)t;
        *id = v;
        return 0;
    }
    return -1;
}

int
res_id_expect(const struct gql_resolve_info *info,
              const struct gql_val *v,
              const char *what,
              enum res_id_type type,
              int64_t *id)
{
    enum res_id_type got;
    if (v == NULL || v->kind != GQL_VAL_STRING ||
        res_id_decode(v->u.string.ptr, v->u.string.len, &got, id) < 0)
        return gql_resolve_error(info, "BAD_USER_INPUT", "Invalid ID for %s", what);
    if (got != type)
        return gql_resolve_error(info, "NOT_FOUND", "%s not found", res_id_type_name(type));
    return 0;
}

/*---------------------------------------------------------------------------------------------
 * Cursors
 *-------------------------------------------------------------------------------------------*/

char *
res_cursor_encode(struct arena *a, const struct res_cursor *c)
{
    const char *text = c->text ? c->text : "";
    char *raw = arena_sprintf(a, "%s|%" PRId64 "|%" PRId64 "|%s", c->kind, c->a, c->b, text);
    return b64_encode(a, raw, strlen(raw));
}

int
res_cursor_decode(
    struct arena *a, const char *s, size_t len, const char *kind, struct res_cursor *out)
{
    unsigned char raw[RES_CURSOR_MAX_LEN];
    if (s == NULL || len > RES_CURSOR_MAX_LEN)
        return -1;
    long n = b64_decode(s, len, raw, sizeof(raw));
    if (n <= 0)
        return -1;
    const char *p = (const char *)raw;
    const char *end = p + n;
    /* kind */
    size_t kind_len = strlen(kind);
    if ((size_t)n <= kind_len || memcmp(p, kind, kind_len) != 0 || p[kind_len] != '|')
        return -1;
    p += kind_len + 1;
    /* a */
    const char *bar = memchr(p, '|', (size_t)(end - p));
    if (bar == NULL || parse_signed(p, (size_t)(bar - p), &out->a) < 0)
        return -1;
    p = bar + 1;
    /* b */
    bar = memchr(p, '|', (size_t)(end - p));
    if (bar == NULL || parse_signed(p, (size_t)(bar - p), &out->b) < 0)
        return -1;
    p = bar + 1;
    /* text: the rest, no NUL inside, bounded */
    size_t text_len = (size_t)(end - p);
    if (text_len > RES_CURSOR_TEXT_MAX || memchr(p, '\0', text_len) != NULL)
        return -1;
    out->kind = kind;
    out->text = arena_strndup(a, p, text_len);
    return 0;
}

int
res_page_args(const struct gql_resolve_info *info, const char *kind, struct res_page *out)
{
    memset(out, 0, sizeof(*out));
    const struct gql_val *first = gql_resolve_arg(info, "first");
    int64_t f = 20;
    if (first != NULL && first->kind == GQL_VAL_INT)
        f = first->u.int_;
    else if (first != NULL && first->kind == GQL_VAL_NULL)
        f = 0; /* an explicit null is not a page size */
    if (f < RES_FIRST_MIN || f > RES_FIRST_MAX)
        return gql_resolve_error(info,
                                 "BAD_USER_INPUT",
                                 "first must be between %d and %d",
                                 RES_FIRST_MIN,
                                 RES_FIRST_MAX);
    out->first = (int)f;
    const struct gql_val *after = gql_resolve_arg(info, "after");
    if (after == NULL || after->kind == GQL_VAL_NULL)
        return 0;
    if (after->kind != GQL_VAL_STRING ||
        res_cursor_decode(
            info->arena, after->u.string.ptr, after->u.string.len, kind, &out->after) < 0)
        return gql_resolve_error(info, "BAD_USER_INPUT", "Invalid cursor");
    out->has_after = true;
    return 0;
}

/*---------------------------------------------------------------------------------------------
 * Connections (Relay cursor connections specification)
 *-------------------------------------------------------------------------------------------*/

static struct gql_val
cursor_or_null(const char *c)
{
    return c ? gql_val_string_ref(c, strlen(c)) : gql_val_null();
}

struct gql_val
res_connection_val(struct arena *a,
                   const struct gql_val *nodes,
                   const char *const *cursors,
                   size_t n,
                   bool has_next,
                   bool has_previous,
                   const int64_t *total)
{
    struct gql_val edges = gql_val_list(a, n);
    for (size_t i = 0; i < n; i++) {
        struct gql_val e = gql_val_object(a, 2);
        gql_val_object_set(a, &e, "cursor", cursor_or_null(cursors[i]));
        gql_val_object_set(a, &e, "node", nodes[i]);
        edges.u.list.items[i] = e;
    }
    struct gql_val info = gql_val_object(a, 4);
    gql_val_object_set(a, &info, "hasNextPage", gql_val_boolean(has_next));
    gql_val_object_set(a, &info, "hasPreviousPage", gql_val_boolean(has_previous));
    gql_val_object_set(a, &info, "startCursor", cursor_or_null(n ? cursors[0] : NULL));
    gql_val_object_set(a, &info, "endCursor", cursor_or_null(n ? cursors[n - 1] : NULL));
    struct gql_val conn = gql_val_object(a, 3);
    gql_val_object_set(a, &conn, "edges", edges);
    gql_val_object_set(a, &conn, "pageInfo", info);
    if (total != NULL)
        gql_val_object_set(a, &conn, "totalCount", gql_val_int(*total));
    return conn;
}
