/*
 * The document cache (include/gql/doc_cache.h): parsed and validated documents reused across
 * requests and worker threads (issue 3 "Document cache"; no specification section: a
 * server is free to skip parsing and validation of a document it has seen, §6 assumes a
 * valid document).
 *
 * Layout: a power-of-two bucket array of singly linked chains (hash + full text compare) and
 * a doubly linked LRU list, both under one mutex. Each entry owns an arena with the query
 * text and its AST; refs counts the cache's own reference (while the entry is in the table)
 * plus one per caller holding it, and the entry is freed when the count reaches zero, so
 * eviction never frees a document a request is still executing.
 */
#include "gql/doc_cache.h"

#include "core/arena.h"
#include "gql/validate.h"

#include <pthread.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define DEFAULT_MAX_ENTRIES 512
#define DEFAULT_MAX_BYTES (16u * 1024u * 1024u)

struct gql_doc_entry {
    struct gql_doc_entry *chain;    /* next entry in the same bucket */
    struct gql_doc_entry *lru_prev; /* more recently used */
    struct gql_doc_entry *lru_next; /* less recently used */
    uint64_t hash;
    const char *text; /* copy of the query text in arena */
    size_t len;
    const struct gql_document *doc;
    struct arena arena;
    size_t bytes;  /* arena bytes, as counted in cache->bytes */
    unsigned refs; /* table reference + callers' references */
    bool in_table;
};

struct gql_doc_cache {
    pthread_mutex_t lock;
    const struct gql_schema *schema;
    struct gql_doc_cache_config config;
    uint64_t seed;
    struct gql_doc_entry **buckets;
    size_t bucket_mask;
    struct gql_doc_entry *lru_head; /* most recently used */
    struct gql_doc_entry *lru_tail; /* least recently used */
    struct gql_doc_cache_stats stats;
};

/* 64-bit FNV-1a with a per-cache seed folded into the offset basis. */
static uint64_t
hash_text(uint64_t seed, const char *s, size_t len)
{
    uint64_t h = 14695981039346656037ull ^ seed;
    for (size_t i = 0; i < len; i++) {
        h ^= (unsigned char)s[i];
        h *= 1099511628211ull;
    }
    return h;
}

static uint64_t
make_seed(const void *cache)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    uint64_t x = (uint64_t)ts.tv_nsec ^ ((uint64_t)ts.tv_sec << 32) ^ (uint64_t)(uintptr_t)cache;
    /* splitmix64 finaliser spreads the bits */
    x += 0x9e3779b97f4a7c15ull;
    x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ull;
    x = (x ^ (x >> 27)) * 0x94d049bb133111ebull;
    return x ^ (x >> 31);
}

int
gql_doc_cache_validate(const struct gql_schema *schema,
                       const struct gql_document *doc,
                       struct gql_error_list *errors,
                       void *userdata)
{
    const struct gql_validate_options *opts = userdata;
    return gql_validate(schema, doc, opts, errors->arena, errors) > 0 ? -1 : 0;
}

struct gql_doc_cache *
gql_doc_cache_new(const struct gql_schema *schema, const struct gql_doc_cache_config *config)
{
    struct gql_doc_cache *c = calloc(1, sizeof *c);
    if (c == NULL)
        return NULL;
    if (pthread_mutex_init(&c->lock, NULL) != 0) {
        free(c);
        return NULL;
    }
    c->schema = schema;
    if (config)
        c->config = *config;
    if (c->config.max_entries == 0)
        c->config.max_entries = DEFAULT_MAX_ENTRIES;
    if (c->config.max_bytes == 0)
        c->config.max_bytes = DEFAULT_MAX_BYTES;
    size_t nb = 16;
    while (nb < c->config.max_entries * 2)
        nb *= 2;
    c->buckets = calloc(nb, sizeof *c->buckets);
    if (c->buckets == NULL) {
        pthread_mutex_destroy(&c->lock);
        free(c);
        return NULL;
    }
    c->bucket_mask = nb - 1;
    c->seed = make_seed(c);
    return c;
}

static void
entry_free(struct gql_doc_entry *e)
{
    arena_free(&e->arena);
    free(e);
}

/* Unlinks e from the table and the LRU list; the caller holds the lock. */
static void
unlink_entry(struct gql_doc_cache *c, struct gql_doc_entry *e)
{
    struct gql_doc_entry **pp = &c->buckets[e->hash & c->bucket_mask];
    while (*pp != e)
        pp = &(*pp)->chain;
    *pp = e->chain;
    if (e->lru_prev)
        e->lru_prev->lru_next = e->lru_next;
    else
        c->lru_head = e->lru_next;
    if (e->lru_next)
        e->lru_next->lru_prev = e->lru_prev;
    else
        c->lru_tail = e->lru_prev;
    e->chain = e->lru_prev = e->lru_next = NULL;
    e->in_table = false;
    c->stats.entries--;
    c->stats.bytes -= e->bytes;
}

/* Drops one reference; returns true when the caller must free e (outside the lock). */
static bool
unref_locked(struct gql_doc_entry *e)
{
    return --e->refs == 0;
}

void
gql_doc_cache_free(struct gql_doc_cache *cache)
{
    if (cache == NULL)
        return;
    struct gql_doc_entry *e = cache->lru_head;
    while (e) {
        struct gql_doc_entry *next = e->lru_next;
        entry_free(e);
        e = next;
    }
    free(cache->buckets);
    pthread_mutex_destroy(&cache->lock);
    free(cache);
}

static void
lru_push_front(struct gql_doc_cache *c, struct gql_doc_entry *e)
{
    e->lru_prev = NULL;
    e->lru_next = c->lru_head;
    if (c->lru_head)
        c->lru_head->lru_prev = e;
    c->lru_head = e;
    if (c->lru_tail == NULL)
        c->lru_tail = e;
}

static void
lru_touch(struct gql_doc_cache *c, struct gql_doc_entry *e)
{
    if (c->lru_head == e)
        return;
    /* unlink from LRU only */
    e->lru_prev->lru_next = e->lru_next;
    if (e->lru_next)
        e->lru_next->lru_prev = e->lru_prev;
    else
        c->lru_tail = e->lru_prev;
    lru_push_front(c, e);
}

static struct gql_doc_entry *
lookup_locked(struct gql_doc_cache *c, uint64_t h, const char *text, size_t len)
{
    for (struct gql_doc_entry *e = c->buckets[h & c->bucket_mask]; e; e = e->chain)
        if (e->hash == h && e->len == len && memcmp(e->text, text, len) == 0)
            return e;
    return NULL;
}

/*
 * Evicts least recently used entries until adding one of `incoming` bytes respects the
 * bounds. Entries whose last reference was the table's are chained onto *dead for freeing
 * outside the lock.
 */
static void
evict_locked(struct gql_doc_cache *c, size_t incoming, struct gql_doc_entry **dead)
{
    while (c->lru_tail && (c->stats.entries + 1 > c->config.max_entries ||
                           c->stats.bytes + incoming > c->config.max_bytes)) {
        struct gql_doc_entry *e = c->lru_tail;
        unlink_entry(c, e);
        c->stats.evictions++;
        if (unref_locked(e)) {
            e->chain = *dead;
            *dead = e;
        }
    }
}

static void
free_dead(struct gql_doc_entry *dead)
{
    while (dead) {
        struct gql_doc_entry *next = dead->chain;
        entry_free(dead);
        dead = next;
    }
}

int
gql_doc_cache_get(struct gql_doc_cache *cache,
                  const char *text,
                  size_t len,
                  const struct gql_document **doc,
                  struct gql_doc_entry **entry,
                  struct gql_error_list *errors)
{
    *doc = NULL;
    *entry = NULL;
    uint64_t h = hash_text(cache->seed, text, len);

    pthread_mutex_lock(&cache->lock);
    struct gql_doc_entry *e = lookup_locked(cache, h, text, len);
    if (e) {
        e->refs++;
        lru_touch(cache, e);
        cache->stats.hits++;
        pthread_mutex_unlock(&cache->lock);
        *doc = e->doc;
        *entry = e;
        return 0;
    }
    cache->stats.misses++;
    pthread_mutex_unlock(&cache->lock);

    /* Miss: parse and validate outside the lock, into a fresh entry. */
    if (errors->source == NULL) {
        errors->source = text;
        errors->source_len = len;
    }
    e = calloc(1, sizeof *e);
    if (e == NULL)
        abort(); /* same policy as the arena: out of memory is fatal */
    arena_init(&e->arena, len * 8 + 4096);
    e->text = arena_strndup(&e->arena, text, len);
    e->len = len;
    e->hash = h;
    struct gql_document *parsed = NULL;
    int rc = 0;
    if (gql_parse(&e->arena, e->text, len, &cache->config.parse_options, &parsed, errors) < 0 ||
        parsed == NULL) {
        rc = -1;
    } else if (cache->config.validate &&
               cache->config.validate(
                   cache->schema, parsed, errors, cache->config.validate_userdata) < 0) {
        rc = -2;
    }
    if (rc < 0) {
        entry_free(e);
        pthread_mutex_lock(&cache->lock);
        cache->stats.invalid++;
        pthread_mutex_unlock(&cache->lock);
        return rc;
    }
    e->doc = parsed;
    e->bytes = e->arena.bytes_used + len + sizeof *e;

    struct gql_doc_entry *dead = NULL;
    pthread_mutex_lock(&cache->lock);
    struct gql_doc_entry *other = lookup_locked(cache, h, text, len);
    if (other) {
        /* Another thread cached the same text meanwhile: use its entry, drop ours. */
        other->refs++;
        lru_touch(cache, other);
        pthread_mutex_unlock(&cache->lock);
        entry_free(e);
        *doc = other->doc;
        *entry = other;
        return 0;
    }
    if (e->bytes <= cache->config.max_bytes) {
        evict_locked(cache, e->bytes, &dead);
        size_t b = h & cache->bucket_mask;
        e->chain = cache->buckets[b];
        cache->buckets[b] = e;
        lru_push_front(cache, e);
        e->in_table = true;
        e->refs = 2; /* the table's and the caller's */
        cache->stats.entries++;
        cache->stats.bytes += e->bytes;
    } else {
        e->refs = 1; /* too big to keep: the caller's only */
    }
    pthread_mutex_unlock(&cache->lock);
    free_dead(dead);
    *doc = e->doc;
    *entry = e;
    return 0;
}

void
gql_doc_cache_release(struct gql_doc_cache *cache, struct gql_doc_entry *entry)
{
    if (entry == NULL)
        return;
    pthread_mutex_lock(&cache->lock);
    bool last = unref_locked(entry);
    pthread_mutex_unlock(&cache->lock);
    if (last)
        entry_free(entry);
}

void
gql_doc_cache_get_stats(struct gql_doc_cache *cache, struct gql_doc_cache_stats *stats)
{
    pthread_mutex_lock(&cache->lock);
    *stats = cache->stats;
    pthread_mutex_unlock(&cache->lock);
}

void
gql_doc_cache_clear(struct gql_doc_cache *cache)
{
    struct gql_doc_entry *dead = NULL;
    pthread_mutex_lock(&cache->lock);
    while (cache->lru_tail) {
        struct gql_doc_entry *e = cache->lru_tail;
        unlink_entry(cache, e);
        if (unref_locked(e)) {
            e->chain = dead;
            dead = e;
        }
    }
    pthread_mutex_unlock(&cache->lock);
    free_dead(dead);
}
