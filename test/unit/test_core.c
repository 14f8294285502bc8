/* Unit tests for the core arena and string buffer. */
/* clang-format off */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
/* clang-format on */

#include "core/arena.h"
#include "core/strbuf.h"

static void
arena_allocations_are_aligned_and_distinct(void **state)
{
    (void)state;
    struct arena a;
    arena_init(&a, 1024);
    char *prev = NULL;
    for (int i = 0; i < 1000; i++) {
        char *p = arena_alloc(&a, (size_t)(i % 37) + 1);
        assert_int_equal((uintptr_t)p % 16, 0);
        assert_ptr_not_equal(p, prev);
        memset(p, 0xAB, (size_t)(i % 37) + 1);
        prev = p;
    }
    char *big = arena_alloc(&a, 100000);
    memset(big, 1, 100000);
    assert_string_equal(arena_strndup(&a, "hello world", 5), "hello");
    assert_string_equal(arena_sprintf(&a, "%d-%s", 42, "x"), "42-x");
    arena_free(&a);
}

static int deferred_runs;
static void
count_defer(void *p)
{
    deferred_runs += *(int *)p;
}

static void
arena_reset_runs_defers_and_reuses(void **state)
{
    (void)state;
    struct arena a;
    arena_init(&a, 0);
    static int one = 1;
    deferred_runs = 0;
    arena_defer(&a, count_defer, &one);
    arena_defer(&a, count_defer, &one);
    arena_alloc(&a, 50000);
    arena_reset(&a);
    assert_int_equal(deferred_runs, 2);
    assert_int_equal(a.bytes_used, 0);
    ARENA_VEC(int) v = {0};
    for (int i = 0; i < 100; i++)
        ARENA_VEC_PUSH(&a, &v, i);
    assert_int_equal(v.len, 100);
    assert_int_equal(v.items[99], 99);
    arena_free(&a);
    assert_int_equal(deferred_runs, 2);
}

static void
json_escaping_follows_rfc8259(void **state)
{
    (void)state;
    struct strbuf sb = STRBUF_INIT;
    strbuf_append_json_string(&sb, "a\"b\\c\n\x01", 7);
    assert_string_equal(strbuf_cstr(&sb), "\"a\\\"b\\\\c\\n\\u0001\"");
    strbuf_reset(&sb);
    strbuf_append_json_string(&sb, "caf\xC3\xA9 \xE2\x80\xA8", 9);
    assert_string_equal(strbuf_cstr(&sb), "\"caf\xC3\xA9 \\u2028\"");
    strbuf_reset(&sb);
    strbuf_append_json_string(&sb, "x\xFFy\xC3", 4); /* invalid and truncated sequences */
    assert_string_equal(strbuf_cstr(&sb), "\"x\xEF\xBF\xBDy\xEF\xBF\xBD\"");
    strbuf_reset(&sb);
    strbuf_append_json_string(&sb, "n\0ul", 4);
    assert_string_equal(strbuf_cstr(&sb), "\"n\\u0000ul\"");
    strbuf_free(&sb);
}

static void
strbuf_grows_and_formats(void **state)
{
    (void)state;
    struct strbuf sb = STRBUF_INIT;
    assert_string_equal(strbuf_cstr(&sb), "");
    for (int i = 0; i < 1000; i++)
        strbuf_printf(&sb, "%d,", i);
    assert_int_equal(strncmp(sb.data, "0,1,2,", 6), 0);
    strbuf_reset(&sb);
    strbuf_append_int(&sb, INT64_MIN);
    assert_string_equal(sb.data, "-9223372036854775808");
    char long_text[600];
    memset(long_text, 'z', sizeof(long_text) - 1);
    long_text[sizeof(long_text) - 1] = '\0';
    strbuf_reset(&sb);
    strbuf_printf(&sb, "<%s>", long_text);
    assert_int_equal(sb.len, 601);
    size_t len;
    char *owned = strbuf_detach(&sb, &len);
    assert_int_equal(len, 601);
    assert_null(sb.data);
    free(owned);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(arena_allocations_are_aligned_and_distinct),
        cmocka_unit_test(arena_reset_runs_defers_and_reuses),
        cmocka_unit_test(json_escaping_follows_rfc8259),
        cmocka_unit_test(strbuf_grows_and_formats),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
