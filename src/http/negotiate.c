/*
 * Media-type negotiation, request ids, CORS allow-list, UTF-8 checks and form decoding for
 * the HTTP layer (see include/http/negotiate.h).
 */
#include "http/negotiate.h"

#include "core/arena.h"

#include <sodium.h>
#include <string.h>
#include <strings.h>

const char *
http_media_content_type(enum http_media media)
{
    return media == HTTP_MEDIA_GRAPHQL_RESPONSE ? HTTP_CT_GRAPHQL_RESPONSE : HTTP_CT_JSON;
}

static bool
is_ows(char c)
{
    return c == ' ' || c == '\t';
}

/* Trims [*b, *e) of optional whitespace. */
static void
trim(const char **b, const char **e)
{
    while (*b < *e && is_ows(**b))
        (*b)++;
    while (*e > *b && is_ows((*e)[-1]))
        (*e)--;
}

static bool
span_eq(const char *b, const char *e, const char *lit)
{
    size_t n = strlen(lit);
    return (size_t)(e - b) == n && strncasecmp(b, lit, n) == 0;
}

/* Parses a qvalue ("0", "0.5", "1.000"); returns 1000ths, or -1 when malformed. */
static int
parse_q(const char *b, const char *e)
{
    if (b == e || (*b != '0' && *b != '1'))
        return -1;
    int whole = *b - '0';
    int frac = 0, digits = 0;
    b++;
    if (b < e) {
        if (*b != '.')
            return -1;
        for (b++; b < e; b++) {
            if (*b < '0' || *b > '9' || digits == 3)
                return -1;
            frac = frac * 10 + (*b - '0');
            digits++;
        }
    }
    while (digits++ < 3)
        frac *= 10;
    int q = whole * 1000 + frac;
    return q > 1000 ? -1 : q;
}

enum http_media
http_negotiate_accept(const char *accept)
{
    /* Best q seen for each candidate, through an exact entry or a wildcard. */
    int q_exact[2] = {-1, -1}; /* JSON, GRAPHQL_RESPONSE */
    int q_app_wild = -1, q_any = -1;

    if (accept == NULL)
        return HTTP_MEDIA_JSON;
    const char *p = accept;
    while (*p) {
        const char *item = p;
        const char *end = strchr(p, ',');
        if (end == NULL)
            end = p + strlen(p);
        p = *end ? end + 1 : end;

        const char *semi = memchr(item, ';', (size_t)(end - item));
        const char *tb = item, *te = semi ? semi : end;
        trim(&tb, &te);
        int q = 1000;
        /* Parameters: only q matters; a malformed q makes the entry unusable. */
        for (const char *param = semi; param != NULL && param < end;) {
            const char *pb = param + 1;
            const char *pe = memchr(pb, ';', (size_t)(end - pb));
            const char *next = pe;
            if (pe == NULL)
                pe = end;
            const char *eq = memchr(pb, '=', (size_t)(pe - pb));
            if (eq != NULL) {
                const char *nb = pb, *ne = eq, *vb = eq + 1, *ve = pe;
                trim(&nb, &ne);
                trim(&vb, &ve);
                if (span_eq(nb, ne, "q"))
                    q = parse_q(vb, ve);
            }
            param = next;
        }
        if (q < 0)
            continue;

        int *slot = NULL;
        if (span_eq(tb, te, "application/json"))
            slot = &q_exact[HTTP_MEDIA_JSON];
        else if (span_eq(tb, te, "application/graphql-response+json"))
            slot = &q_exact[HTTP_MEDIA_GRAPHQL_RESPONSE];
        else if (span_eq(tb, te, "application/*"))
            slot = &q_app_wild;
        else if (span_eq(tb, te, "*/*"))
            slot = &q_any;
        if (slot != NULL && q > *slot)
            *slot = q;
    }

    /* A specific entry overrides wildcards for its type (RFC 9110 precedence). */
    int wild = q_app_wild >= 0 ? q_app_wild : q_any;
    int qj = q_exact[HTTP_MEDIA_JSON] >= 0 ? q_exact[HTTP_MEDIA_JSON] : wild;
    int qg =
        q_exact[HTTP_MEDIA_GRAPHQL_RESPONSE] >= 0 ? q_exact[HTTP_MEDIA_GRAPHQL_RESPONSE] : wild;
    if (qg > 0 && qg > qj)
        return HTTP_MEDIA_GRAPHQL_RESPONSE;
    if (qg > 0 && qg == qj && q_exact[HTTP_MEDIA_GRAPHQL_RESPONSE] >= 0)
        return HTTP_MEDIA_GRAPHQL_RESPONSE;
    return HTTP_MEDIA_JSON;
}

bool
http_content_type_is_json(const char *ct)
{
    if (ct == NULL)
        return false;
    const char *end = ct + strlen(ct);
    const char *semi = strchr(ct, ';');
    const char *tb = ct, *te = semi ? semi : end;
    trim(&tb, &te);
    if (!span_eq(tb, te, "application/json"))
        return false;
    for (const char *param = semi; param != NULL;) {
        const char *pb = param + 1;
        const char *pe = strchr(pb, ';');
        const char *next = pe;
        if (pe == NULL)
            pe = end;
        const char *eq = memchr(pb, '=', (size_t)(pe - pb));
        const char *nb = pb, *ne = eq ? eq : pe;
        trim(&nb, &ne);
        if (span_eq(nb, ne, "charset")) {
            if (eq == NULL)
                return false;
            const char *vb = eq + 1, *ve = pe;
            trim(&vb, &ve);
            if (ve - vb >= 2 && *vb == '"' && ve[-1] == '"') {
                vb++;
                ve--;
            }
            if (!span_eq(vb, ve, "utf-8") && !span_eq(vb, ve, "utf8"))
                return false;
        }
        param = next;
    }
    return true;
}

bool
http_request_id_is_safe(const char *id)
{
    if (id == NULL)
        return false;
    size_t n = 0;
    for (const char *p = id; *p; p++, n++) {
        char c = *p;
        bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                  c == '.' || c == '_' || c == '-';
        if (!ok || n >= HTTP_REQUEST_ID_MAX)
            return false;
    }
    return n >= 1;
}

void
http_request_id_generate(char out[33])
{
    unsigned char raw[16];
    randombytes_buf(raw, sizeof(raw));
    static const char hex[] = "0123456789abcdef";
    for (size_t i = 0; i < sizeof(raw); i++) {
        out[2 * i] = hex[raw[i] >> 4];
        out[2 * i + 1] = hex[raw[i] & 15];
    }
    out[32] = '\0';
}

bool
http_cors_origin_allowed(const char *list, const char *origin)
{
    if (list == NULL || origin == NULL || origin[0] == '\0' || strcmp(origin, "null") == 0)
        return false;
    size_t olen = strlen(origin);
    const char *p = list;
    while (*p) {
        const char *end = strchr(p, ',');
        if (end == NULL)
            end = p + strlen(p);
        const char *b = p, *e = end;
        trim(&b, &e);
        if ((size_t)(e - b) == olen && memcmp(b, origin, olen) == 0)
            return true;
        p = *end ? end + 1 : end;
    }
    return false;
}

bool
http_utf8_valid(const char *s, size_t n)
{
    const unsigned char *p = (const unsigned char *)s;
    size_t i = 0;
    while (i < n) {
        unsigned char c = p[i];
        if (c < 0x80) {
            i++;
            continue;
        }
        size_t len;
        unsigned cp;
        if (c >= 0xC2 && c <= 0xDF) {
            len = 2;
            cp = c & 0x1F;
        } else if (c >= 0xE0 && c <= 0xEF) {
            len = 3;
            cp = c & 0x0F;
        } else if (c >= 0xF0 && c <= 0xF4) {
            len = 4;
            cp = c & 0x07;
        } else {
            return false;
        }
        if (n - i < len)
            return false;
        for (size_t k = 1; k < len; k++) {
            if ((p[i + k] & 0xC0) != 0x80)
                return false;
            cp = (cp << 6) | (p[i + k] & 0x3F);
        }
        if ((len == 3 && cp < 0x800) || (len == 4 && cp < 0x10000) || cp > 0x10FFFF ||
            (cp >= 0xD800 && cp <= 0xDFFF))
            return false;
        i += len;
    }
    return true;
}

static int
hexval(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

/* Decodes src[0..n) into dst (at least n + 1 bytes); returns the decoded length. */
static size_t
form_decode(const char *src, size_t n, char *dst)
{
    size_t o = 0;
    for (size_t i = 0; i < n; i++) {
        if (src[i] == '+') {
            dst[o++] = ' ';
        } else if (src[i] == '%' && i + 2 < n && hexval(src[i + 1]) >= 0 &&
                   hexval(src[i + 2]) >= 0) {
            dst[o++] = (char)(hexval(src[i + 1]) * 16 + hexval(src[i + 2]));
            i += 2;
        } else {
            dst[o++] = src[i];
        }
    }
    dst[o] = '\0';
    return o;
}

char *
http_form_get(
    struct arena *arena, const char *query, const char *name, size_t *len, bool *duplicate)
{
    char *found = NULL;
    size_t found_len = 0;
    size_t name_len = strlen(name);
    *duplicate = false;
    if (query == NULL)
        return NULL;
    const char *p = query;
    while (*p) {
        const char *end = strchr(p, '&');
        if (end == NULL)
            end = p + strlen(p);
        const char *eq = memchr(p, '=', (size_t)(end - p));
        const char *key_end = eq ? eq : end;
        /* Names are compared after decoding (a client may escape them). */
        size_t klen = (size_t)(key_end - p);
        if (klen <= 3 * name_len + 3) {
            char key[3 * 64 + 4];
            if (klen < sizeof(key)) {
                size_t dk = form_decode(p, klen, key);
                if (dk == name_len && memcmp(key, name, name_len) == 0) {
                    if (found != NULL) {
                        *duplicate = true;
                    } else {
                        const char *vb = eq ? eq + 1 : end;
                        size_t vn = (size_t)(end - vb);
                        found = arena_alloc(arena, vn + 1);
                        found_len = form_decode(vb, vn, found);
                    }
                }
            }
        }
        p = *end ? end + 1 : end;
    }
    if (found != NULL)
        *len = found_len;
    return found;
}
