/*
 * Hash maps of the engine, allocated in an arena (src/gql/util/name_map.c): names to
 * pointers (schema lookups by name, fragments and variables by name, seen-name sets) and
 * pairs of pointers to pointers (validation's memo tables). Open addressing with linear
 * probing; never shrink; freed with their arena. A map that is no longer written may be
 * read from many threads at once (the schema's maps after start-up). Not from the
 * specification: the data structure that keeps its algorithms linear in the input size.
 */
#ifndef WALLET_GQL_UTIL_NAME_MAP_H
#define WALLET_GQL_UTIL_NAME_MAP_H

#include "core/arena.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

/* FNV-1a of s[0..len): the names' hash. */
static inline uint32_t
gql_name_hash(const char *s, size_t len)
{
    uint32_t h = 2166136261u;
    for (size_t i = 0; i < len; i++) {
        h ^= (unsigned char)s[i];
        h *= 16777619u;
    }
    return h;
}

struct gql_name_map_entry {
    const char *key; /* NULL: free slot */
    uint32_t len;
    uint32_t hash;
    void *value;
};

struct gql_name_map {
    struct arena *arena;
    struct gql_name_map_entry *slots;
    uint32_t cap; /* power of two */
    uint32_t count;
};

void gql_name_map_init(struct gql_name_map *m, struct arena *arena);
/* Makes room for n entries without growing again. */
void gql_name_map_reserve(struct gql_name_map *m, uint32_t n);
/*
 * The slot of key (hash h) in slots[0..cap): its entry, or the free slot where it would go.
 * Inline with the lookups below: schema and validation lookups are on the hot path.
 */
static inline struct gql_name_map_entry *
gql_name_map_slot(
    struct gql_name_map_entry *slots, uint32_t cap, const char *key, uint32_t len, uint32_t h)
{
    for (uint32_t i = h & (cap - 1);; i = (i + 1) & (cap - 1)) {
        struct gql_name_map_entry *e = &slots[i];
        if (e->key == NULL || (e->hash == h && e->len == len && memcmp(e->key, key, len) == 0))
            return e;
    }
}

/* The value stored under key, or NULL. */
static inline void *
gql_name_map_get(const struct gql_name_map *m, const char *key, uint32_t len)
{
    if (m->count == 0 || key == NULL)
        return NULL;
    struct gql_name_map_entry *e =
        gql_name_map_slot(m->slots, m->cap, key, len, gql_name_hash(key, len));
    return e->key != NULL ? e->value : NULL;
}

/* Whether key is in the map. */
static inline bool
gql_name_map_has(const struct gql_name_map *m, const char *key, uint32_t len)
{
    if (m->count == 0 || key == NULL)
        return false;
    return gql_name_map_slot(m->slots, m->cap, key, len, gql_name_hash(key, len))->key != NULL;
}
/*
 * The value slot of key, inserted (value NULL) when absent; *existed (may be NULL) tells which.
 * key must outlive the map (AST names and schema names do). The slot moves when the map grows.
 */
void **gql_name_map_put(struct gql_name_map *m, const char *key, uint32_t len, bool *existed);

/* A map from ordered pairs of pointers to pointers (memo tables keyed by two objects). */
struct gql_pair_map_entry {
    uintptr_t a, b;
    void *value;
    bool used;
};

struct gql_pair_map {
    struct arena *arena;
    struct gql_pair_map_entry *slots;
    uint32_t cap;
    uint32_t count;
};

void gql_pair_map_init(struct gql_pair_map *m, struct arena *arena);
/* The value slot of (a, b), or NULL when absent. */
void **gql_pair_map_get(const struct gql_pair_map *m, const void *a, const void *b);
/* The value slot of (a, b), inserted (value NULL) when absent. Slots move when the map grows. */
void **gql_pair_map_put(struct gql_pair_map *m, const void *a, const void *b, bool *existed);

#endif
