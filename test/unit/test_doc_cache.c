/*
 * Unit tests for the document cache (include/gql/doc_cache.h): hits and misses, LRU
 * eviction by count and by bytes, invalid documents never cached, references that keep an
 * evicted document alive, and many threads sharing one cache.
 */
/* cmocka.h needs these system headers before it. */
/* clang-format off */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>
/* clang-format on */

#include "core/arena.h"
#include "gql/doc_cache.h"
#include "gql/schema.h"
#include "gql/validate.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>

struct fixture {
    struct arena arena;
    struct gql_error_list errors;
};

static void
fx_init(struct fixture *fx)
{
    arena_init(&fx->arena, 0);
    gql_error_list_init(&fx->errors, &fx->arena, NULL, 0);
}

static void
fx_free(struct fixture *fx)
{
    arena_free(&fx->arena);
}

static int
get(struct gql_doc_cache *c,
    struct fixture *fx,
    const char *text,
    const struct gql_document **doc,
    struct gql_doc_entry **e)
{
    gql_error_list_init(&fx->errors, &fx->arena, NULL, 0);
    return gql_doc_cache_get(c, text, strlen(text), doc, e, &fx->errors);
}

/* The same text twice: one parse, then the same document from the cache. */
static void
repeated_text_hits(void **state)
{
    (void)state;
    struct fixture fx;
    fx_init(&fx);
    struct gql_doc_cache *c = gql_doc_cache_new(NULL, NULL);
    assert_non_null(c);
    const struct gql_document *d1, *d2, *d3;
    struct gql_doc_entry *e1, *e2, *e3;
    assert_int_equal(get(c, &fx, "{ a }", &d1, &e1), 0);
    assert_int_equal(get(c, &fx, "{ a }", &d2, &e2), 0);
    assert_ptr_equal(d1, d2);
    assert_ptr_equal(e1, e2);
    assert_int_equal(d1->definitions.count, 1);
    /* A text differing by one byte is another entry. */
    assert_int_equal(get(c, &fx, "{ a } ", &d3, &e3), 0);
    assert_ptr_not_equal(d1, d3);
    struct gql_doc_cache_stats st;
    gql_doc_cache_get_stats(c, &st);
    assert_int_equal(st.hits, 1);
    assert_int_equal(st.misses, 2);
    assert_int_equal(st.entries, 2);
    assert_true(st.bytes > 0);
    gql_doc_cache_release(c, e1);
    gql_doc_cache_release(c, e2);
    gql_doc_cache_release(c, e3);
    gql_doc_cache_free(c);
    fx_free(&fx);
}

/* A syntax error is reported, returns -1 and is not cached. */
static void
syntax_error_not_cached(void **state)
{
    (void)state;
    struct fixture fx;
    fx_init(&fx);
    struct gql_doc_cache *c = gql_doc_cache_new(NULL, NULL);
    const struct gql_document *d;
    struct gql_doc_entry *e;
    assert_int_equal(get(c, &fx, "{ a ", &d, &e), -1);
    assert_null(d);
    assert_null(e);
    assert_true(fx.errors.count >= 1);
    assert_non_null(strstr(fx.errors.items[0].message, "Syntax Error"));
    assert_int_equal(get(c, &fx, "{ a ", &d, &e), -1);
    struct gql_doc_cache_stats st;
    gql_doc_cache_get_stats(c, &st);
    assert_int_equal(st.hits, 0);
    assert_int_equal(st.misses, 2);
    assert_int_equal(st.invalid, 2);
    assert_int_equal(st.entries, 0);
    gql_doc_cache_free(c);
    fx_free(&fx);
}

static int validate_calls;

/* Refuses documents whose text contains "bad"; counts calls. */
static int
validate_stub(const struct gql_schema *schema,
              const struct gql_document *doc,
              struct gql_error_list *errors,
              void *userdata)
{
    (void)schema;
    assert_ptr_equal(userdata, &validate_calls);
    __atomic_fetch_add(&validate_calls, 1, __ATOMIC_SEQ_CST);
    if (strstr(doc->source, "bad")) {
        gql_error_add(errors, "GRAPHQL_VALIDATION_FAILED", "Cannot query field \"bad\".");
        return -1;
    }
    return 0;
}

/* Validation runs once per miss; a refused document returns -2 and is not cached. */
static void
validation_runs_once_and_failures_are_not_cached(void **state)
{
    (void)state;
    struct fixture fx;
    fx_init(&fx);
    struct gql_doc_cache_config cfg = {0};
    cfg.validate = validate_stub;
    cfg.validate_userdata = &validate_calls;
    validate_calls = 0;
    struct gql_doc_cache *c = gql_doc_cache_new(NULL, &cfg);
    const struct gql_document *d;
    struct gql_doc_entry *e;
    for (int i = 0; i < 3; i++) {
        assert_int_equal(get(c, &fx, "{ good }", &d, &e), 0);
        gql_doc_cache_release(c, e);
    }
    assert_int_equal(validate_calls, 1);
    assert_int_equal(get(c, &fx, "{ bad }", &d, &e), -2);
    assert_int_equal(fx.errors.count, 1);
    assert_int_equal(get(c, &fx, "{ bad }", &d, &e), -2);
    assert_int_equal(validate_calls, 3);
    gql_doc_cache_free(c);
    fx_free(&fx);
}

/* The ready-made adapter runs gql_validate with the given options (limits included). */
static void
validate_adapter_with_gql_validate(void **state)
{
    (void)state;
    struct fixture fx;
    fx_init(&fx);
    struct arena process;
    arena_init(&process, 0);
    struct gql_error_list errors;
    gql_error_list_init(&errors, &process, NULL, 0);
    const char *sdl = "type Query { a: Int b: Query }";
    struct gql_schema *schema;
    assert_int_equal(gql_schema_build_from_sdl(&process, sdl, strlen(sdl), &schema, &errors), 0);
    struct gql_limits limits = {2, 0, 0, 0};
    struct gql_validate_options opts = {.limits = &limits};
    struct gql_doc_cache_config cfg = {0};
    cfg.validate = gql_doc_cache_validate;
    cfg.validate_userdata = &opts;
    struct gql_doc_cache *c = gql_doc_cache_new(schema, &cfg);
    const struct gql_document *d;
    struct gql_doc_entry *e;
    assert_int_equal(get(c, &fx, "{ a b { a } }", &d, &e), 0);
    gql_doc_cache_release(c, e);
    assert_int_equal(get(c, &fx, "{ nope }", &d, &e), -2);
    assert_string_equal(fx.errors.items[0].message,
                        "Cannot query field \"nope\" on type \"Query\".");
    assert_int_equal(get(c, &fx, "{ b { b { a } } }", &d, &e), -2);
    assert_string_equal(fx.errors.items[0].code, "QUERY_TOO_COMPLEX");
    gql_doc_cache_free(c);
    arena_free(&process);
    fx_free(&fx);
}

/* With room for two entries, the least recently used one goes first. */
static void
lru_eviction_by_count(void **state)
{
    (void)state;
    struct fixture fx;
    fx_init(&fx);
    struct gql_doc_cache_config cfg = {0};
    cfg.max_entries = 2;
    struct gql_doc_cache *c = gql_doc_cache_new(NULL, &cfg);
    const struct gql_document *d;
    struct gql_doc_entry *e;
    const char *texts[] = {"{ a }", "{ b }", "{ a }", "{ c }", "{ a }", "{ b }"};
    /* a miss, b miss, a hit (a most recent), c miss evicts b, a hit, b miss evicts c */
    for (size_t i = 0; i < 6; i++) {
        assert_int_equal(get(c, &fx, texts[i], &d, &e), 0);
        gql_doc_cache_release(c, e);
    }
    struct gql_doc_cache_stats st;
    gql_doc_cache_get_stats(c, &st);
    assert_int_equal(st.hits, 2);
    assert_int_equal(st.misses, 4);
    assert_int_equal(st.evictions, 2);
    assert_int_equal(st.entries, 2);
    gql_doc_cache_free(c);
    fx_free(&fx);
}

/* The byte bound evicts too, and a document larger than the bound is served uncached. */
static void
eviction_by_bytes(void **state)
{
    (void)state;
    struct fixture fx;
    fx_init(&fx);
    struct gql_doc_cache_config cfg = {0};
    cfg.max_bytes = 1; /* nothing fits */
    struct gql_doc_cache *c = gql_doc_cache_new(NULL, &cfg);
    const struct gql_document *d;
    struct gql_doc_entry *e;
    assert_int_equal(get(c, &fx, "{ a b c }", &d, &e), 0);
    assert_int_equal(d->definitions.count, 1);
    struct gql_doc_cache_stats st;
    gql_doc_cache_get_stats(c, &st);
    assert_int_equal(st.entries, 0);
    gql_doc_cache_release(c, e); /* frees it */
    gql_doc_cache_free(c);

    /* Room for about one entry by bytes: the second evicts the first. */
    cfg.max_bytes = 0;
    c = gql_doc_cache_new(NULL, &cfg);
    assert_int_equal(get(c, &fx, "{ a }", &d, &e), 0);
    gql_doc_cache_release(c, e);
    gql_doc_cache_get_stats(c, &st);
    gql_doc_cache_free(c);
    cfg.max_bytes = st.bytes + st.bytes / 2;
    c = gql_doc_cache_new(NULL, &cfg);
    assert_int_equal(get(c, &fx, "{ a }", &d, &e), 0);
    gql_doc_cache_release(c, e);
    assert_int_equal(get(c, &fx, "{ b }", &d, &e), 0);
    gql_doc_cache_release(c, e);
    gql_doc_cache_get_stats(c, &st);
    assert_int_equal(st.entries, 1);
    assert_int_equal(st.evictions, 1);
    gql_doc_cache_free(c);
    fx_free(&fx);
}

/* A reference keeps its document alive across eviction and clearing. */
static void
reference_survives_eviction(void **state)
{
    (void)state;
    struct fixture fx;
    fx_init(&fx);
    struct gql_doc_cache_config cfg = {0};
    cfg.max_entries = 1;
    struct gql_doc_cache *c = gql_doc_cache_new(NULL, &cfg);
    const struct gql_document *held, *d;
    struct gql_doc_entry *held_e, *e;
    assert_int_equal(get(c, &fx, "query Held { a { b } }", &held, &held_e), 0);
    assert_int_equal(get(c, &fx, "{ other }", &d, &e), 0); /* evicts Held */
    gql_doc_cache_release(c, e);
    gql_doc_cache_clear(c);
    /* Still readable (valgrind/ASan would catch a use after free). */
    assert_memory_equal(held->source, "query Held", 10);
    const struct gql_operation_definition *op =
        (const struct gql_operation_definition *)held->definitions.items[0];
    assert_string_equal(op->name.value, "Held");
    gql_doc_cache_release(c, held_e);
    struct gql_doc_cache_stats st;
    gql_doc_cache_get_stats(c, &st);
    assert_int_equal(st.entries, 0);
    assert_int_equal(st.bytes, 0);
    gql_doc_cache_free(c);
    fx_free(&fx);
}

/* Many threads over a few texts and a small cache: every answer is the right document. */
struct worker {
    struct gql_doc_cache *cache;
    int id;
    int failures;
};

#define THREADS 4
#define ROUNDS 3000
#define TEXTS 12

static void *
worker_main(void *arg)
{
    struct worker *w = arg;
    struct arena a;
    arena_init(&a, 0);
    char text[64];
    unsigned seed = (unsigned)w->id * 7919u + 1;
    for (int i = 0; i < ROUNDS; i++) {
        seed = seed * 1103515245u + 12345u;
        int k = (int)((seed >> 16) % TEXTS);
        snprintf(text, sizeof text, "query Q%d { f%d }", k, k);
        struct gql_error_list errors;
        gql_error_list_init(&errors, &a, NULL, 0);
        const struct gql_document *d;
        struct gql_doc_entry *e;
        if (gql_doc_cache_get(w->cache, text, strlen(text), &d, &e, &errors) != 0) {
            w->failures++;
            continue;
        }
        if (d->source_len != strlen(text) || memcmp(d->source, text, d->source_len) != 0)
            w->failures++;
        const struct gql_operation_definition *op =
            (const struct gql_operation_definition *)d->definitions.items[0];
        char name[16];
        snprintf(name, sizeof name, "Q%d", k);
        if (strcmp(op->name.value, name) != 0)
            w->failures++;
        gql_doc_cache_release(w->cache, e);
        if (i % 100 == 0)
            arena_reset(&a);
    }
    arena_free(&a);
    return NULL;
}

static void
threads_share_one_cache(void **state)
{
    (void)state;
    struct gql_doc_cache_config cfg = {0};
    cfg.max_entries = 5; /* smaller than the working set: constant eviction */
    struct gql_doc_cache *c = gql_doc_cache_new(NULL, &cfg);
    pthread_t t[THREADS];
    struct worker w[THREADS];
    for (int i = 0; i < THREADS; i++) {
        w[i] = (struct worker){c, i, 0};
        assert_int_equal(pthread_create(&t[i], NULL, worker_main, &w[i]), 0);
    }
    for (int i = 0; i < THREADS; i++) {
        pthread_join(t[i], NULL);
        assert_int_equal(w[i].failures, 0);
    }
    struct gql_doc_cache_stats st;
    gql_doc_cache_get_stats(c, &st);
    assert_int_equal(st.hits + st.misses, THREADS * ROUNDS);
    assert_true(st.entries <= 5);
    assert_true(st.evictions > 0);
    gql_doc_cache_free(c);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(repeated_text_hits),
        cmocka_unit_test(syntax_error_not_cached),
        cmocka_unit_test(validation_runs_once_and_failures_are_not_cached),
        cmocka_unit_test(validate_adapter_with_gql_validate),
        cmocka_unit_test(lru_eviction_by_count),
        cmocka_unit_test(eviction_by_bytes),
        cmocka_unit_test(reference_survives_eviction),
        cmocka_unit_test(threads_share_one_cache),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
