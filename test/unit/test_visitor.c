/*
 * Unit tests for the AST visitor (src/gql/language/visitor.c): traversal order (checked
 * against graphql-js visit() over the kitchen sinks), skipping, stopping, ancestors, and the
 * parallel visitor's per-visitor skip state.
 */
/* cmocka.h needs these system headers before it. */
/* clang-format off */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
/* clang-format on */

#include "core/arena.h"
#include "core/strbuf.h"
#include "gql/ast.h"
#include "gql/error.h"
#include "gql/parser.h"
#include "gql/visitor.h"
#include "gql_test_util.h"

/* A recorder: one line per callback, "enter Kind [name]" / "leave Kind". */
struct log {
    struct strbuf buf;
    struct strbuf *out; /* where to write: usually buf */
    const char *tag;    /* prefix, for telling parallel visitors apart */
};

static int
log_enter(const struct gql_node *node, const struct gql_ancestors *anc, void *user)
{
    (void)anc;
    struct log *l = user;
    strbuf_printf(l->out, "%senter %s", l->tag, gql_kind_name(node->kind));
    if (node->kind == GQL_KIND_NAME)
        strbuf_printf(l->out, " %s", ((const struct gql_name *)node)->value);
    strbuf_putc(l->out, '\n');
    return 1;
}

static int
log_leave(const struct gql_node *node, const struct gql_ancestors *anc, void *user)
{
    (void)anc;
    struct log *l = user;
    strbuf_printf(l->out, "%sleave %s\n", l->tag, gql_kind_name(node->kind));
    return 0;
}

static void
recorder(struct gql_visitor *v, struct log *l, const char *tag)
{
    memset(v, 0, sizeof(*v));
    for (int k = 0; k < GQL_KIND_COUNT; k++) {
        v->enter[k] = log_enter;
        v->leave[k] = log_leave;
    }
    strbuf_init(&l->buf);
    l->out = &l->buf;
    l->tag = tag;
    v->user = l;
}

static void
check_order(const char *doc_name, const char *order_name)
{
    struct arena a;
    arena_init(&a, 0);
    size_t len, want_len;
    char *src = gtu_fixture(&a, "test/fixtures/language", doc_name, &len);
    char *want = gtu_fixture(&a, "test/fixtures/language", order_name, &want_len);
    struct gql_document *doc = gtu_parse_ok(&a, src, len);
    struct gql_visitor v;
    struct log l;
    recorder(&v, &l, "");
    assert_int_equal(gql_visit(&doc->node, &v), 0);
    assert_string_equal(l.buf.data, want);
    strbuf_free(&l.buf);
    arena_free(&a);
}

static void
order_matches_graphql_js(void **state)
{
    (void)state;
    check_order("kitchen_sink.graphql", "kitchen_sink.visit.txt");
    check_order("kitchen_sink_schema.graphql", "kitchen_sink_schema.visit.txt");
}

/* Without a Name callback, names are not visited. */
static int
count_node(const struct gql_node *node, const struct gql_ancestors *anc, void *user)
{
    (void)node;
    (void)anc;
    (*(int *)user)++;
    return 1;
}

static void
names_only_on_request(void **state)
{
    (void)state;
    struct arena a;
    arena_init(&a, 0);
    struct gql_document *doc = gtu_parse_ok(&a, "{ a b }", 7);
    int fields = 0;
    struct gql_visitor v = {.user = &fields};
    v.enter[GQL_KIND_FIELD] = count_node;
    assert_int_equal(gql_visit(&doc->node, &v), 0);
    assert_int_equal(fields, 2);
    arena_free(&a);
}

/* enter returning 0 skips the children; leave is still called for that node. */
static int
skip_fields(const struct gql_node *node, const struct gql_ancestors *anc, void *user)
{
    log_enter(node, anc, user);
    return node->kind == GQL_KIND_FIELD ? 0 : 1;
}

static void
skip_children(void **state)
{
    (void)state;
    struct arena a;
    arena_init(&a, 0);
    struct gql_document *doc = gtu_parse_ok(&a, "{ a(x: 1) { b } }", 17);
    struct gql_visitor v;
    struct log l;
    recorder(&v, &l, "");
    for (int k = 0; k < GQL_KIND_COUNT; k++)
        v.enter[k] = skip_fields;
    assert_int_equal(gql_visit(&doc->node, &v), 0);
    assert_string_equal(l.buf.data,
                        "enter Document\n"
                        "enter OperationDefinition\n"
                        "enter SelectionSet\n"
                        "enter Field\n"
                        "leave Field\n"
                        "leave SelectionSet\n"
                        "leave OperationDefinition\n"
                        "leave Document\n");
    strbuf_free(&l.buf);
    arena_free(&a);
}

/* A negative return stops the walk and is returned. */
static int
stop_at_second_field(const struct gql_node *node, const struct gql_ancestors *anc, void *user)
{
    (void)node;
    (void)anc;
    int *seen = user;
    return ++*seen == 2 ? -7 : 1;
}

static void
stop_walk(void **state)
{
    (void)state;
    struct arena a;
    arena_init(&a, 0);
    struct gql_document *doc = gtu_parse_ok(&a, "{ a b c }", 9);
    int seen = 0;
    struct gql_visitor v = {.user = &seen};
    v.enter[GQL_KIND_FIELD] = stop_at_second_field;
    assert_int_equal(gql_visit(&doc->node, &v), -7);
    assert_int_equal(seen, 2);
    arena_free(&a);
}

/* Ancestors: root first, parent last. */
static int
check_name_ancestors(const struct gql_node *node, const struct gql_ancestors *anc, void *user)
{
    const struct gql_name *name = (const void *)node;
    if (!gql_name_is(name, "inner"))
        return 1;
    static const enum gql_kind want[] = {
        GQL_KIND_DOCUMENT,
        GQL_KIND_OPERATION_DEFINITION,
        GQL_KIND_SELECTION_SET,
        GQL_KIND_FIELD,
        GQL_KIND_SELECTION_SET,
        GQL_KIND_INLINE_FRAGMENT,
        GQL_KIND_SELECTION_SET,
        GQL_KIND_FIELD,
    };
    assert_int_equal(anc->count, sizeof(want) / sizeof(want[0]));
    for (uint32_t i = 0; i < anc->count; i++)
        assert_int_equal(anc->items[i]->kind, want[i]);
    (*(int *)user)++;
    return 1;
}

static void
ancestors_root_first(void **state)
{
    (void)state;
    struct arena a;
    arena_init(&a, 0);
    const char *src = "{ outer { ... on T { inner } } }";
    struct gql_document *doc = gtu_parse_ok(&a, src, strlen(src));
    int hits = 0;
    struct gql_visitor v = {.user = &hits};
    v.enter[GQL_KIND_NAME] = check_name_ancestors;
    assert_int_equal(gql_visit(&doc->node, &v), 0);
    assert_int_equal(hits, 1);
    arena_free(&a);
}

static int
never_descend(const struct gql_node *node, const struct gql_ancestors *anc, void *user)
{
    (void)node;
    (void)anc;
    (void)user;
    return 0;
}

/* Parallel: enter in index order, leave in reverse; skipping is per visitor. */
static int
skip_selection_sets(const struct gql_node *node, const struct gql_ancestors *anc, void *user)
{
    log_enter(node, anc, user);
    return node->kind == GQL_KIND_SELECTION_SET ? 0 : 1;
}

static void
parallel_visitors(void **state)
{
    (void)state;
    struct arena a;
    arena_init(&a, 0);
    struct gql_document *doc = gtu_parse_ok(&a, "{ f }", 5);
    struct gql_visitor v0, v1;
    struct log l0, l1;
    recorder(&v0, &l0, "0 ");
    recorder(&v1, &l1, "1 ");
    for (int k = 0; k < GQL_KIND_COUNT; k++)
        v1.enter[k] = skip_selection_sets;
    /* Both log into one buffer to check interleaving. */
    l1.out = &l0.buf;
    const struct gql_visitor *const both[] = {&v0, &v1};
    assert_int_equal(gql_visit_parallel(&doc->node, both, 2), 0);
    assert_string_equal(l0.buf.data,
                        "0 enter Document\n"
                        "1 enter Document\n"
                        "0 enter OperationDefinition\n"
                        "1 enter OperationDefinition\n"
                        "0 enter SelectionSet\n"
                        "1 enter SelectionSet\n"
                        "0 enter Field\n"
                        "0 enter Name f\n"
                        "0 leave Name\n"
                        "0 leave Field\n"
                        "1 leave SelectionSet\n"
                        "0 leave SelectionSet\n"
                        "1 leave OperationDefinition\n"
                        "0 leave OperationDefinition\n"
                        "1 leave Document\n"
                        "0 leave Document\n");
    strbuf_free(&l0.buf);
    strbuf_free(&l1.buf);

    /* When every visitor skips a subtree, nothing inside it is visited. */
    int fields = 0;
    struct gql_visitor s0 = {.user = &fields};
    s0.enter[GQL_KIND_SELECTION_SET] = never_descend;
    s0.enter[GQL_KIND_FIELD] = count_node;
    struct gql_visitor s1 = s0;
    const struct gql_visitor *const skippers[] = {&s0, &s1};
    assert_int_equal(gql_visit_parallel(&doc->node, skippers, 2), 0);
    assert_int_equal(fields, 0);
    /* With one visitor still descending, only it sees the field. */
    s1.enter[GQL_KIND_SELECTION_SET] = NULL;
    assert_int_equal(gql_visit_parallel(&doc->node, skippers, 2), 0);
    assert_int_equal(fields, 1);
    arena_free(&a);
}

/* A tree deeper than GQL_VISIT_MAX_DEPTH (only possible when built by hand) is refused. */
static void
too_deep_and_too_many(void **state)
{
    (void)state;
    struct arena a;
    arena_init(&a, 0);
    struct gql_type *t = arena_calloc(&a, 1, sizeof(*t));
    t->node.kind = GQL_KIND_NAMED_TYPE;
    t->name.value = "Int";
    t->name.len = 3;
    for (int i = 0; i < GQL_VISIT_MAX_DEPTH + 10; i++) {
        struct gql_type *list = arena_calloc(&a, 1, sizeof(*list));
        list->node.kind = GQL_KIND_LIST_TYPE;
        list->of_type = t;
        t = list;
    }
    int n = 0;
    struct gql_visitor v = {.user = &n};
    v.enter[GQL_KIND_NAMED_TYPE] = count_node;
    assert_int_equal(gql_visit(&t->node, &v), GQL_VISIT_TOO_DEEP);
    assert_int_equal(n, 0);

    const struct gql_visitor *many[GQL_VISIT_MAX_PARALLEL + 1];
    for (size_t i = 0; i <= GQL_VISIT_MAX_PARALLEL; i++)
        many[i] = &v;
    assert_int_equal(gql_visit_parallel(&t->node, many, GQL_VISIT_MAX_PARALLEL + 1), -1);
    assert_int_equal(gql_visit(NULL, &v), 0);
    arena_free(&a);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(order_matches_graphql_js),
        cmocka_unit_test(names_only_on_request),
        cmocka_unit_test(skip_children),
        cmocka_unit_test(stop_walk),
        cmocka_unit_test(ancestors_root_first),
        cmocka_unit_test(parallel_visitors),
        cmocka_unit_test(too_deep_and_too_many),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
