/*
 * A cache of parsed and validated documents, shared by worker threads (issue 3 "Document
 * cache"): a repeated query text skips parsing and validation.
 *
 * Entries are keyed by a seeded 64-bit FNV-1a hash of the query text and confirmed by a full
 * comparison of the text. Each entry owns its own arena holding a copy of the text and the
 * AST. The cache is bounded by entry count and by bytes; the least recently used entry is
 * evicted first. Entries are reference-counted: gql_doc_cache_get() hands out a reference
 * that keeps the document alive until gql_doc_cache_release(), even if the entry is evicted
 * meanwhile. Only documents that parsed and validated without errors are cached.
 *
 * Thread-safety: every function may be called from any thread; one mutex guards the table
 * and the LRU list, and parsing and validation run outside it.
 */
#ifndef WALLET_GQL_DOC_CACHE_H
#define WALLET_GQL_DOC_CACHE_H

#include "gql/ast.h"
#include "gql/error.h"
#include "gql/parser.h"

#include <stddef.h>
#include <stdint.h>

struct gql_schema;
struct gql_doc_cache;
struct gql_doc_entry; /* one cached document; a reference held by a caller */

/*
 * Validates doc against the schema the cache was made for, appending errors to errors
 * (whose arena is the caller's request arena). Returns 0 when valid, negative otherwise.
 * Usually wraps gql_validate() plus the request limits (depth, field count, aliases).
 * Called outside the cache lock, possibly from several threads at once.
 */
typedef int (*gql_doc_validate_fn)(const struct gql_schema *schema,
                                   const struct gql_document *doc,
                                   struct gql_error_list *errors,
                                   void *userdata);

/*
 * A ready-made gql_doc_validate_fn: gql_validate() with userdata as its
 * `const struct gql_validate_options *` (NULL for the defaults), scratch in errors->arena.
 * Leave the options' operation_name NULL: a cached verdict holds for the text whichever
 * operation later requests select, so the limits apply to every operation of the document.
 */
int gql_doc_cache_validate(const struct gql_schema *schema,
                           const struct gql_document *doc,
                           struct gql_error_list *errors,
                           void *userdata);

struct gql_doc_cache_config {
    size_t max_entries;                     /* 0 = 512 */
    size_t max_bytes;                       /* total arena bytes of all entries; 0 = 16 MiB */
    struct gql_parse_options parse_options; /* limits and mode for gql_parse */
    gql_doc_validate_fn validate;           /* NULL = parse only */
    void *validate_userdata;
};

struct gql_doc_cache_stats {
    uint64_t hits;
    uint64_t misses;    /* parsed (valid or not) */
    uint64_t evictions; /* entries dropped to respect the bounds */
    uint64_t invalid;   /* misses that failed parsing or validation */
    size_t entries;     /* current entry count */
    size_t bytes;       /* current arena bytes */
};

/*
 * Creates a cache for schema (which must outlive it). Returns NULL only if the mutex cannot
 * be created. Free with gql_doc_cache_free() once no reference is held.
 */
struct gql_doc_cache *gql_doc_cache_new(const struct gql_schema *schema,
                                        const struct gql_doc_cache_config *config);

/* Frees the cache and every entry. No reference may be outstanding. */
void gql_doc_cache_free(struct gql_doc_cache *cache);

/*
 * Returns the document for text[0..len): from the cache, or parsed and validated now and
 * then cached. On success returns 0, sets *doc and *entry (a reference to release with
 * gql_doc_cache_release() when the request is done; the document is read-only and stays
 * valid until then). On a syntax error returns -1, on validation errors -2; the errors are
 * appended to errors (its arena holds them; its source is set to text when NULL), and
 * *doc and *entry are NULL.
 */
int gql_doc_cache_get(struct gql_doc_cache *cache,
                      const char *text,
                      size_t len,
                      const struct gql_document **doc,
                      struct gql_doc_entry **entry,
                      struct gql_error_list *errors);

/* Drops a reference taken by gql_doc_cache_get(). NULL is ignored. */
void gql_doc_cache_release(struct gql_doc_cache *cache, struct gql_doc_entry *entry);

/* Copies the counters. */
void gql_doc_cache_get_stats(struct gql_doc_cache *cache, struct gql_doc_cache_stats *stats);

/* Evicts every entry from the table; documents still referenced stay valid until released. */
void gql_doc_cache_clear(struct gql_doc_cache *cache);

#endif
