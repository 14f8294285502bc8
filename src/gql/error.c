/*
 * GraphQL errors (include/gql/error.h): construction in an arena, located errors, response
 * paths and the JSON form of §7.1.2.
 */
#include "gql/error.h"

#include "language/utf8.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

void
gql_error_list_init(struct gql_error_list *list,
                    struct arena *arena,
                    const char *source,
                    size_t source_len)
{
    list->arena = arena;
    list->source = source;
    list->source_len = source_len;
    list->items = NULL;
    list->count = 0;
    list->cap = 0;
    list->scan_source = NULL;
}

void
gql_error_list_clear(struct gql_error_list *list)
{
    list->count = 0;
}

/* Appends a zeroed error whose message is msg (already in the arena). */
static struct gql_error *
append(struct gql_error_list *list, const char *code, const char *msg)
{
    if (list->count == list->cap) {
        uint32_t cap = list->cap ? list->cap * 2 : 4;
        list->items = arena_realloc(
            list->arena, list->items, list->cap * sizeof(*list->items), cap * sizeof(*list->items));
        list->cap = cap;
    }
    struct gql_error *e = &list->items[list->count++];
    memset(e, 0, sizeof(*e));
    e->message = msg;
    e->code = code;
    return e;
}

char *
gql_format_v(struct arena *a, const char *fmt, va_list ap)
{
    va_list ap2;
    va_copy(ap2, ap);
    int n = vsnprintf(NULL, 0, fmt, ap2);
    va_end(ap2);
    if (n < 0)
        return arena_strdup(a, fmt);
    char *s = arena_alloc(a, (size_t)n + 1);
    vsnprintf(s, (size_t)n + 1, fmt, ap);
    return s;
}

struct gql_error *
gql_error_add(struct gql_error_list *list, const char *code, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char *msg = gql_format_v(list->arena, fmt, ap);
    va_end(ap);
    return append(list, code, msg);
}

struct gql_error *
gql_error_add_message(struct gql_error_list *list, const char *code, const char *message)
{
    return append(list, code, arena_strdup(list->arena, message));
}

struct gql_error *
gql_error_add_at(
    struct gql_error_list *list, uint32_t offset, const char *code, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char *msg = gql_format_v(list->arena, fmt, ap);
    va_end(ap);
    struct gql_error *e = append(list, code, msg);
    gql_error_add_location(list, e, offset);
    return e;
}

/*
 * graphql-js getLocation(), resumable: advances (*pos, *loc) to end. A line starts after
 * "\r\n", "\n" or "\r"; the column is the JavaScript string index difference + 1, i.e. UTF-16
 * code units: a character outside the BMP counts two, any other character one, an invalid
 * UTF-8 byte one (it decodes to U+FFFD). A character straddling end is counted, so *pos may
 * pass end. *pos must be 0 or where an earlier call stopped.
 */
static void
scan_location(const unsigned char *s, size_t len, size_t *pos, struct gql_location *loc, size_t end)
{
    size_t i = *pos;
    if (i > 0 && i < end && s[i - 1] == '\r' && s[i] == '\n')
        i++; /* the "\n" of a "\r\n" the last scan stopped inside: one line break */
    while (i < end) {
        if (s[i] == '\n' || s[i] == '\r') {
            loc->line++;
            loc->column = 1;
            i += s[i] == '\r' && i + 1 < end && s[i + 1] == '\n' ? 2 : 1;
            continue;
        }
        uint32_t cp;
        int valid;
        i += gql_utf8_decode(s + i, (uint32_t)(len - i), &cp, &valid);
        loc->column += cp >= 0x10000 ? 2 : 1;
    }
    *pos = i;
}

struct gql_location
gql_location_of(const char *src, size_t len, uint32_t offset)
{
    struct gql_location loc = {1, 1};
    size_t pos = 0;
    scan_location((const unsigned char *)src, len, &pos, &loc, offset < len ? offset : len);
    return loc;
}

void
gql_error_add_line_column(struct gql_error_list *list,
                          struct gql_error *err,
                          struct gql_location loc)
{
    if (err->location_count == err->location_cap) {
        uint32_t cap = err->location_cap ? err->location_cap * 2 : 2;
        err->locations = arena_realloc(list->arena,
                                       err->locations,
                                       err->location_cap * sizeof(*err->locations),
                                       cap * sizeof(*err->locations));
        err->location_cap = cap;
    }
    err->locations[err->location_count++] = loc;
}

void
gql_error_add_location(struct gql_error_list *list, struct gql_error *err, uint32_t offset)
{
    struct gql_location loc = {1, 1};
    if (list->source != NULL) {
        const unsigned char *s = (const unsigned char *)list->source;
        size_t end = offset < list->source_len ? offset : list->source_len;
        if (list->scan_source != list->source || end < list->scan_offset) {
            list->scan_source = list->source; /* restart from the beginning */
            list->scan_pos = 0;
            list->scan_loc = loc;
        }
        scan_location(s, list->source_len, &list->scan_pos, &list->scan_loc, end);
        list->scan_offset = end;
        loc = list->scan_loc;
    }
    gql_error_add_line_column(list, err, loc);
}

void
gql_error_set_path(struct gql_error_list *list, struct gql_error *err, const struct gql_path *path)
{
    uint32_t n = 0;
    for (const struct gql_path *p = path; p != NULL; p = p->prev)
        n++;
    err->path = NULL;
    err->path_len = n;
    if (n == 0)
        return;
    err->path = arena_alloc(list->arena, n * sizeof(*err->path));
    uint32_t i = n;
    for (const struct gql_path *p = path; p != NULL; p = p->prev) {
        i--;
        err->path[i].key = p->key;
        err->path[i].index = p->index;
    }
}

void
gql_error_to_json(const struct gql_error *e, struct strbuf *out)
{
    strbuf_puts(out, "{\"message\":");
    const char *msg = e->message ? e->message : "";
    strbuf_append_json_string(out, msg, strlen(msg));
    if (e->location_count > 0) {
        strbuf_puts(out, ",\"locations\":[");
        for (uint32_t i = 0; i < e->location_count; i++) {
            strbuf_printf(out,
                          "%s{\"line\":%u,\"column\":%u}",
                          i ? "," : "",
                          (unsigned)e->locations[i].line,
                          (unsigned)e->locations[i].column);
        }
        strbuf_putc(out, ']');
    }
    if (e->path_len > 0) {
        strbuf_puts(out, ",\"path\":[");
        for (uint32_t i = 0; i < e->path_len; i++) {
            if (i)
                strbuf_putc(out, ',');
            if (e->path[i].key != NULL)
                strbuf_append_json_string(out, e->path[i].key, strlen(e->path[i].key));
            else
                strbuf_append_int(out, e->path[i].index);
        }
        strbuf_putc(out, ']');
    }
    if (e->code != NULL) {
        strbuf_puts(out, ",\"extensions\":{\"code\":");
        strbuf_append_json_string(out, e->code, strlen(e->code));
        strbuf_putc(out, '}');
    }
    strbuf_putc(out, '}');
}

void
gql_errors_to_json(const struct gql_error_list *list, struct strbuf *out)
{
    strbuf_putc(out, '[');
    for (uint32_t i = 0; i < list->count; i++) {
        if (i)
            strbuf_putc(out, ',');
        gql_error_to_json(&list->items[i], out);
    }
    strbuf_putc(out, ']');
}
