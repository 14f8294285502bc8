/*
 * In-memory rate limits: token buckets and sliding one-minute windows in a bounded,
 * sharded, locked table (see include/app/ratelimit.h).
 *
 * Each shard is a chained hash table plus a least-recently-used list; a full shard drops its
 * least recently used entry, which is the most idle one. Window entries keep the timestamps
 * of their attempts in a ring as large as the per-minute limit, so "at most N in any 60 s"
 * holds exactly rather than per calendar minute.
 */
#include "app/ratelimit.h"

#include <pthread.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define RL_SHARDS 16
#define RL_WINDOW_MS 60000

struct rl_entry {
    struct rl_entry *chain;               /* next in the hash bucket */
    struct rl_entry *lru_prev, *lru_next; /* most recent first */
    uint32_t hash;
    uint8_t kind;
    char key[APP_RL_KEY_MAX + 1];
    int64_t last_ms; /* bucket: last refill; both: last use */
    double tokens;   /* APP_RL_REQUEST */
    uint32_t head;   /* window: index of the oldest timestamp */
    uint32_t count;  /* window: timestamps held */
    uint32_t cap;    /* window: ring size */
    int64_t ring[];  /* window: attempt times */
};

struct rl_shard {
    pthread_mutex_t lock;
    struct rl_entry **buckets;
    size_t nbuckets; /* power of two */
    size_t size;
    size_t max;
    struct rl_entry *lru_head, *lru_tail;
};

struct app_ratelimit {
    struct app_ratelimit_config cfg;
    unsigned window[APP_RL_KIND_COUNT]; /* per-minute limit per window kind (0 = off) */
    struct rl_shard shards[RL_SHARDS];
};

static uint32_t
rl_hash(enum app_rl_kind kind, const char *key)
{
    uint32_t h = 2166136261u ^ (uint32_t)kind;
    for (const unsigned char *p = (const unsigned char *)key; *p; p++) {
        h ^= *p;
        h *= 16777619u;
    }
    return h;
}

int64_t
app_ratelimit_now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

struct app_ratelimit *
app_ratelimit_new(const struct app_ratelimit_config *cfg)
{
    struct app_ratelimit *rl = calloc(1, sizeof(*rl));
    if (rl == NULL)
        return NULL;
    rl->cfg = *cfg;
    if (rl->cfg.request_rps < 0)
        rl->cfg.request_rps = 0;
    if (rl->cfg.request_burst <= 0)
        rl->cfg.request_burst = 2 * rl->cfg.request_rps;
    if (rl->cfg.request_burst < 1 && rl->cfg.request_rps > 0)
        rl->cfg.request_burst = 1;
    if (rl->cfg.max_entries == 0)
        rl->cfg.max_entries = 65536;
    rl->window[APP_RL_LOGIN] = cfg->login_per_minute;
    rl->window[APP_RL_TRANSFER] = cfg->transfer_per_minute;
    for (int k = APP_RL_LOGIN; k < APP_RL_KIND_COUNT; k++)
        if (rl->window[k] > APP_RL_WINDOW_MAX)
            rl->window[k] = APP_RL_WINDOW_MAX;

    size_t per_shard = (rl->cfg.max_entries + RL_SHARDS - 1) / RL_SHARDS;
    size_t nbuckets = 16;
    while (nbuckets < per_shard && nbuckets < ((size_t)1 << 20))
        nbuckets <<= 1;
    for (int i = 0; i < RL_SHARDS; i++) {
        struct rl_shard *s = &rl->shards[i];
        pthread_mutex_init(&s->lock, NULL);
        s->nbuckets = nbuckets;
        s->max = per_shard;
        s->buckets = calloc(nbuckets, sizeof(*s->buckets));
        if (s->buckets == NULL) {
            app_ratelimit_free(rl);
            return NULL;
        }
    }
    return rl;
}

void
app_ratelimit_free(struct app_ratelimit *rl)
{
    if (rl == NULL)
        return;
    for (int i = 0; i < RL_SHARDS; i++) {
        struct rl_shard *s = &rl->shards[i];
        struct rl_entry *e = s->lru_head;
        while (e != NULL) {
            struct rl_entry *next = e->lru_next;
            free(e);
            e = next;
        }
        free(s->buckets);
        if (s->nbuckets)
            pthread_mutex_destroy(&s->lock);
    }
    free(rl);
}

int
app_ratelimit_enabled(const struct app_ratelimit *rl, enum app_rl_kind kind)
{
    if (rl == NULL)
        return 0;
    if (kind == APP_RL_REQUEST)
        return rl->cfg.request_rps > 0;
    return (unsigned)kind < APP_RL_KIND_COUNT && rl->window[kind] > 0;
}

static void
lru_unlink(struct rl_shard *s, struct rl_entry *e)
{
    if (e->lru_prev)
        e->lru_prev->lru_next = e->lru_next;
    else
        s->lru_head = e->lru_next;
    if (e->lru_next)
        e->lru_next->lru_prev = e->lru_prev;
    else
        s->lru_tail = e->lru_prev;
    e->lru_prev = e->lru_next = NULL;
}

static void
lru_push_front(struct rl_shard *s, struct rl_entry *e)
{
    e->lru_prev = NULL;
    e->lru_next = s->lru_head;
    if (s->lru_head)
        s->lru_head->lru_prev = e;
    s->lru_head = e;
    if (s->lru_tail == NULL)
        s->lru_tail = e;
}

static void
shard_remove(struct rl_shard *s, struct rl_entry *e)
{
    struct rl_entry **pp = &s->buckets[e->hash & (s->nbuckets - 1)];
    while (*pp != e)
        pp = &(*pp)->chain;
    *pp = e->chain;
    lru_unlink(s, e);
    s->size--;
    free(e);
}

/* Finds or creates the entry for (kind, key); NULL only on out of memory. Shard locked. */
static struct rl_entry *
shard_get(struct app_ratelimit *rl,
          struct rl_shard *s,
          uint32_t h,
          enum app_rl_kind kind,
          const char *key,
          int64_t now_ms)
{
    struct rl_entry *e = s->buckets[h & (s->nbuckets - 1)];
    for (; e != NULL; e = e->chain)
        if (e->hash == h && e->kind == kind && strcmp(e->key, key) == 0)
            break;
    if (e != NULL) {
        lru_unlink(s, e);
        lru_push_front(s, e);
        return e;
    }
    while (s->size >= s->max && s->lru_tail != NULL)
        shard_remove(s, s->lru_tail);

    uint32_t cap = kind == APP_RL_REQUEST ? 0 : rl->window[kind];
    e = calloc(1, sizeof(*e) + (size_t)cap * sizeof(int64_t));
    if (e == NULL)
        return NULL;
    e->hash = h;
    e->kind = (uint8_t)kind;
    size_t len = strlen(key);
    if (len > APP_RL_KEY_MAX)
        len = APP_RL_KEY_MAX;
    memcpy(e->key, key, len);
    e->key[len] = '\0';
    e->last_ms = now_ms;
    e->tokens = rl->cfg.request_burst;
    e->cap = cap;
    e->chain = s->buckets[h & (s->nbuckets - 1)];
    s->buckets[h & (s->nbuckets - 1)] = e;
    lru_push_front(s, e);
    s->size++;
    return e;
}

static int
take_bucket(const struct app_ratelimit *rl,
            struct rl_entry *e,
            unsigned n,
            int64_t now_ms,
            int *retry_after_s)
{
    double rps = rl->cfg.request_rps;
    if (now_ms > e->last_ms) {
        e->tokens += (double)(now_ms - e->last_ms) * rps / 1000.0;
        if (e->tokens > rl->cfg.request_burst)
            e->tokens = rl->cfg.request_burst;
        e->last_ms = now_ms;
    }
    if (e->tokens >= (double)n) {
        e->tokens -= (double)n;
        return 0;
    }
    double wait = ((double)n - e->tokens) / rps;
    int secs = (int)wait;
    if ((double)secs < wait)
        secs++;
    *retry_after_s = secs < 1 ? 1 : secs;
    return -1;
}

static int
take_window(struct rl_entry *e, unsigned n, int64_t now_ms, int *retry_after_s)
{
    while (e->count > 0 && e->ring[e->head] <= now_ms - RL_WINDOW_MS) {
        e->head = (e->head + 1) % e->cap;
        e->count--;
    }
    e->last_ms = now_ms;
    if (n > e->cap) {
        *retry_after_s = RL_WINDOW_MS / 1000;
        return -1;
    }
    if (e->count + n > e->cap) {
        /* The (count + n - cap)-th oldest attempt must leave the window first. */
        uint32_t k = e->count + n - e->cap - 1;
        int64_t expires = e->ring[(e->head + k) % e->cap] + RL_WINDOW_MS;
        int64_t ms = expires - now_ms;
        int secs = (int)((ms + 999) / 1000);
        *retry_after_s = secs < 1 ? 1 : secs;
        return -1;
    }
    for (unsigned i = 0; i < n; i++) {
        e->ring[(e->head + e->count) % e->cap] = now_ms;
        e->count++;
    }
    return 0;
}

int
app_ratelimit_take(struct app_ratelimit *rl,
                   enum app_rl_kind kind,
                   const char *key,
                   unsigned n,
                   int64_t now_ms,
                   int *retry_after_s)
{
    int dummy;
    if (retry_after_s == NULL)
        retry_after_s = &dummy;
    *retry_after_s = 0;
    if (n == 0 || !app_ratelimit_enabled(rl, kind))
        return 0;
    if (key == NULL)
        key = "";

    uint32_t h = rl_hash(kind, key);
    struct rl_shard *s = &rl->shards[h % RL_SHARDS];
    int rc;
    pthread_mutex_lock(&s->lock);
    struct rl_entry *e = shard_get(rl, s, h, kind, key, now_ms);
    if (e == NULL)
        rc = 0; /* out of memory: fail open rather than refuse every client */
    else if (kind == APP_RL_REQUEST)
        rc = take_bucket(rl, e, n, now_ms, retry_after_s);
    else
        rc = take_window(e, n, now_ms, retry_after_s);
    pthread_mutex_unlock(&s->lock);
    return rc;
}

size_t
app_ratelimit_size(struct app_ratelimit *rl)
{
    size_t total = 0;
    for (int i = 0; i < RL_SHARDS; i++) {
        pthread_mutex_lock(&rl->shards[i].lock);
        total += rl->shards[i].size;
        pthread_mutex_unlock(&rl->shards[i].lock);
    }
    return total;
}
