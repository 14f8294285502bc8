/*
 * A region allocator: many small allocations, freed together.
 *
 * One arena owns everything a request builds (tokens, AST, validation state, variables,
 * results, errors); nothing in it is freed piecemeal. Long-lived objects (schema, config)
 * live in a process arena built at start-up and read-only afterwards.
 *
 * Allocation never returns NULL: running out of memory aborts the process, as inputs are
 * bounded (1 MiB bodies, 100 KiB documents) long before an arena could grow without limit.
 * An arena is not thread-safe; each worker thread owns its own.
 */
#ifndef WALLET_CORE_ARENA_H
#define WALLET_CORE_ARENA_H

#include <stddef.h>

struct arena_chunk;
struct arena_defer;

struct arena {
    struct arena_chunk *head;   /* chunk being filled; older chunks follow */
    struct arena_defer *defers; /* cleanup callbacks, run newest first */
    size_t chunk_size;          /* size of ordinary chunks */
    size_t bytes_used;          /* allocated bytes, for metrics and limits */
};

/* Prepares an empty arena whose chunks hold at least chunk_size bytes (0 = 16 KiB). */
void arena_init(struct arena *a, size_t chunk_size);

/* Returns size bytes aligned for any type, uninitialised. */
void *arena_alloc(struct arena *a, size_t size);

/* Like arena_alloc, zero-filled. */
void *arena_calloc(struct arena *a, size_t count, size_t size);

/* Copies len bytes of s and adds a NUL. */
char *arena_strndup(struct arena *a, const char *s, size_t len);

/* Copies a NUL-terminated string. */
char *arena_strdup(struct arena *a, const char *s);

/* printf into the arena. */
char *arena_sprintf(struct arena *a, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Grows a block obtained from this arena (old contents kept; the old block is abandoned). */
void *arena_realloc(struct arena *a, void *old, size_t old_size, size_t new_size);

/* Registers fn(p) to run when the arena is reset or freed (e.g. PQclear, json_decref). */
void arena_defer(struct arena *a, void (*fn)(void *), void *p);

/* Runs deferred callbacks, frees all chunks but the first, and empties the arena for reuse. */
void arena_reset(struct arena *a);

/* Runs deferred callbacks and frees everything; the arena may be arena_init'ed again. */
void arena_free(struct arena *a);

/*
 * A growable array in an arena: ARENA_VEC(struct gql_field *) fields;
 * ARENA_VEC_PUSH(arena, &fields, f). Old storage is abandoned to the arena when it grows.
 */
#define ARENA_VEC(type)                                                                            \
    struct {                                                                                       \
        type *items;                                                                               \
        size_t len, cap;                                                                           \
    }

#define ARENA_VEC_PUSH(arena, vec, value)                                                          \
    do {                                                                                           \
        if ((vec)->len == (vec)->cap) {                                                            \
            size_t new_cap_ = (vec)->cap ? (vec)->cap * 2 : 4;                                     \
            (vec)->items = arena_realloc((arena),                                                  \
                                         (vec)->items,                                             \
                                         (vec)->cap * sizeof(*(vec)->items),                       \
                                         new_cap_ * sizeof(*(vec)->items));                        \
            (vec)->cap = new_cap_;                                                                 \
        }                                                                                          \
        (vec)->items[(vec)->len++] = (value);                                                      \
    } while (0)

#endif
