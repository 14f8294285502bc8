/*
 * The engine's hash maps (util/name_map.h): names (byte strings) to pointers, for the
 * schema's lookups by name and validation's fragments, variables and seen-name sets; and
 * pairs of pointers to pointers, for validation's memo tables. Open addressing with linear
 * probing (FNV-1a hashes for names); never shrinks, freed with the arena. Not from the
 * specification: the data structure its algorithms (CollectFields, the validation rules)
 * need to stay linear in the document size.
 */
#include "util/name_map.h"

#include <string.h>

void
gql_name_map_init(struct gql_name_map *m, struct arena *arena)
{
    m->arena = arena;
    m->slots = NULL;
    m->cap = 0;
    m->count = 0;
}

static void
grow(struct gql_name_map *m)
{
    uint32_t ncap = m->cap ? m->cap * 2 : 16;
    struct gql_name_map_entry *slots = arena_calloc(m->arena, ncap, sizeof(*slots));
    for (uint32_t i = 0; i < m->cap; i++) {
        struct gql_name_map_entry *e = &m->slots[i];
        if (e->key != NULL)
            *gql_name_map_slot(slots, ncap, e->key, e->len, e->hash) = *e;
    }
    m->slots = slots;
    m->cap = ncap;
}

void
gql_name_map_reserve(struct gql_name_map *m, uint32_t n)
{
    while ((uint64_t)(n + 1) * 4 > (uint64_t)m->cap * 3)
        grow(m);
}

void **
gql_name_map_put(struct gql_name_map *m, const char *key, uint32_t len, bool *existed)
{
    if ((m->count + 1) * 4 > m->cap * 3)
        grow(m);
    uint32_t h = gql_name_hash(key, len);
    struct gql_name_map_entry *e = gql_name_map_slot(m->slots, m->cap, key, len, h);
    if (existed != NULL)
        *existed = e->key != NULL;
    if (e->key == NULL) {
        e->key = key;
        e->len = len;
        e->hash = h;
        e->value = NULL;
        m->count++;
    }
    return &e->value;
}

/*--------------------------------------------------------------------------------------------
 * Pointer-pair map
 *------------------------------------------------------------------------------------------*/

static uint64_t
hash_pair(uintptr_t a, uintptr_t b)
{
    uint64_t h = (uint64_t)a * 0x9E3779B97F4A7C15ull;
    h ^= (uint64_t)b + 0x632BE59BD9B4E019ull + (h << 6) + (h >> 2);
    h ^= h >> 31;
    return h * 0xBF58476D1CE4E5B9ull;
}

void
gql_pair_map_init(struct gql_pair_map *m, struct arena *arena)
{
    m->arena = arena;
    m->slots = NULL;
    m->cap = 0;
    m->count = 0;
}

static struct gql_pair_map_entry *
pair_slot(struct gql_pair_map_entry *slots, uint32_t cap, uintptr_t a, uintptr_t b)
{
    uint32_t i = (uint32_t)hash_pair(a, b) & (cap - 1);
    for (;;) {
        struct gql_pair_map_entry *e = &slots[i];
        if (!e->used || (e->a == a && e->b == b))
            return e;
        i = (i + 1) & (cap - 1);
    }
}

void **
gql_pair_map_get(const struct gql_pair_map *m, const void *a, const void *b)
{
    if (m->count == 0)
        return NULL;
    struct gql_pair_map_entry *e = pair_slot(m->slots, m->cap, (uintptr_t)a, (uintptr_t)b);
    return e->used ? &e->value : NULL;
}

void **
gql_pair_map_put(struct gql_pair_map *m, const void *a, const void *b, bool *existed)
{
    if ((m->count + 1) * 4 > m->cap * 3) {
        uint32_t ncap = m->cap ? m->cap * 2 : 16;
        struct gql_pair_map_entry *slots = arena_calloc(m->arena, ncap, sizeof(*slots));
        for (uint32_t i = 0; i < m->cap; i++)
            if (m->slots[i].used)
                *pair_slot(slots, ncap, m->slots[i].a, m->slots[i].b) = m->slots[i];
        m->slots = slots;
        m->cap = ncap;
    }
    struct gql_pair_map_entry *e = pair_slot(m->slots, m->cap, (uintptr_t)a, (uintptr_t)b);
    if (existed != NULL)
        *existed = e->used;
    if (!e->used) {
        e->used = true;
        e->a = (uintptr_t)a;
        e->b = (uintptr_t)b;
        e->value = NULL;
        m->count++;
    }
    return &e->value;
}
