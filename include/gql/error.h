/*
 * GraphQL errors (GraphQL specification, October 2021, §7.1.2 "Errors").
 *
 * An error carries a message, source locations ({line, column}), an optional response path
 * and an `extensions.code`. Errors accumulate in a `struct gql_error_list` whose storage is
 * an arena (usually the request arena): nothing is freed piecemeal.
 *
 * Positions are kept as byte offsets everywhere else in the engine; line and column are
 * computed only here, when an error is made. Columns are counted as graphql-js counts them:
 * 1-based, in UTF-16 code units (a character outside the BMP counts 2).
 */
#ifndef WALLET_GQL_ERROR_H
#define WALLET_GQL_ERROR_H

#include "core/arena.h"
#include "core/strbuf.h"

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

/* extensions.code values set by the engine (contract §2 error codes). */
#define GQL_CODE_PARSE_FAILED "GRAPHQL_PARSE_FAILED"
#define GQL_CODE_VALIDATION_FAILED "GRAPHQL_VALIDATION_FAILED"
#define GQL_CODE_BAD_USER_INPUT "BAD_USER_INPUT"

/* A 1-based line and column (graphql-js SourceLocation). */
struct gql_location {
    uint32_t line;
    uint32_t column;
};

/*
 * A response path being built during execution, linked towards the root (graphql-js Path).
 * Lives on the C stack of the recursion that walks the result; converted into an array only
 * when an error is recorded. key is a field's response key, or NULL for a list index.
 */
struct gql_path {
    const struct gql_path *prev; /* NULL at the root field */
    const char *key;             /* NUL-terminated response key, or NULL */
    int64_t index;               /* list index when key is NULL */
};

/* One segment of an error's path: a key, or an index when key is NULL. */
struct gql_path_segment {
    const char *key;
    int64_t index;
};

struct gql_error {
    const char *message;            /* NUL-terminated, arena */
    const char *code;               /* extensions.code, NULL for none */
    struct gql_location *locations; /* arena array, may be NULL when count is 0 */
    uint32_t location_count;
    uint32_t location_cap;
    struct gql_path_segment *path; /* root first; NULL when there is no path */
    uint32_t path_len;
};

/*
 * A list of errors. arena: where errors, messages and locations are allocated.
 * source/source_len: the document that byte offsets refer to (may be changed between
 * phases, e.g. SDL errors first, then document errors).
 */
struct gql_error_list {
    struct arena *arena;
    const char *source;
    size_t source_len;
    struct gql_error *items; /* arena array; pointers into it change when it grows */
    uint32_t count;
    uint32_t cap;
    /* Private to error.c: where the last location was computed, so that locations met in
     * document order cost linear time in total, however many there are. */
    const char *scan_source; /* the source the scan belongs to (NULL: none yet) */
    size_t scan_pos;         /* byte where the scan stopped */
    size_t scan_offset;      /* the offset it was asked for */
    struct gql_location scan_loc;
};

/* Prepares an empty list allocating from arena, with offsets referring to source. */
void gql_error_list_init(struct gql_error_list *list,
                         struct arena *arena,
                         const char *source,
                         size_t source_len);

/* Empties the list (its storage stays in the arena). */
void gql_error_list_clear(struct gql_error_list *list);

/*
 * Appends an error with a formatted message and the given extensions.code (may be NULL; the
 * string is not copied and must outlive the list, typically a literal). Returns the new
 * error, valid until the next append. Never fails (the arena aborts on OOM).
 */
struct gql_error *gql_error_add(struct gql_error_list *list, const char *code, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/*
 * vsprintf into the arena: the formatting step of gql_error_add, for messages built before
 * they become errors (syntax errors, scalar coercion messages, field errors).
 */
char *gql_format_v(struct arena *arena, const char *fmt, va_list ap)
    __attribute__((format(printf, 2, 0)));

/* Like gql_error_add with a message that is copied verbatim (no formatting). */
struct gql_error *
gql_error_add_message(struct gql_error_list *list, const char *code, const char *message);

/* Like gql_error_add, with one location computed from a byte offset into list->source. */
struct gql_error *gql_error_add_at(struct gql_error_list *list,
                                   uint32_t offset,
                                   const char *code,
                                   const char *fmt,
                                   ...) __attribute__((format(printf, 4, 5)));

/* Adds a location computed from a byte offset into list->source. */
void gql_error_add_location(struct gql_error_list *list, struct gql_error *err, uint32_t offset);

/* Adds an already computed location. */
void gql_error_add_line_column(struct gql_error_list *list,
                               struct gql_error *err,
                               struct gql_location loc);

/* Copies a linked response path (leaf last) into err->path, root first. NULL clears it. */
void
gql_error_set_path(struct gql_error_list *list, struct gql_error *err, const struct gql_path *path);

/*
 * The line and column of byte offset in src[0..len) (offset is clamped to len). Lines are
 * separated by "\r\n", "\n" or "\r" (§2.1.2); columns count UTF-16 code units from 1.
 */
struct gql_location gql_location_of(const char *src, size_t len, uint32_t offset);

/*
 * Appends the list as a JSON array (§7.1.2):
 * [{"message":..,"locations":[{"line":..,"column":..}],"path":[..],"extensions":{"code":..}}]
 * "locations", "path" and "extensions" are left out when empty. An empty list gives "[]".
 */
void gql_errors_to_json(const struct gql_error_list *list, struct strbuf *out);

/* Appends one error as a JSON object (the element format of gql_errors_to_json). */
void gql_error_to_json(const struct gql_error *err, struct strbuf *out);

#endif
