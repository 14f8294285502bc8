/*
 * Unit tests for execution (include/gql/execute.h; spec §6, graphql-js execute tests):
 * response shape, aliases and merging, __typename, null propagation through non-null
 * fields and list items, errors with path and locations, operation selection, variables and
 * arguments, fragments and directives, abstract types, serial mutations, subscriptions for
 * one event, leaf serialization, custom scalars, resolver infos (batch slot, parent chain,
 * context) and the nesting bound.
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

#include "gql/custom_scalars.h"
#include "gql_test_util.h"

static const char *const SDL =
    "schema { query: Query mutation: Mutation subscription: Subscription }\n"
    "scalar Money\n"
    "scalar DateTime\n"
    "scalar Date\n"
    "scalar JSON\n"
    "enum Color { RED GREEN BLUE }\n"
    "interface Node { id: ID! }\n"
    "type User implements Node { id: ID! name: String friends: [User] best: User! }\n"
    "type Account implements Node { id: ID! balance: Money owner: User }\n"
    "union Thing = User | Account\n"
    "input Filter { color: Color = RED limit: Int! tags: [String!] }\n"
    "input Pick @oneOf { a: Int b: String }\n"
    "type Deep { d: Deep! n: Deep s: String }\n"
    "type Query {\n"
    "  hello: String\n"
    "  req: String!\n"
    "  int: Int\n"
    "  float: Float\n"
    "  list: [Int]\n"
    "  items: [Int!]\n"
    "  itemsReq: [Int!]!\n"
    "  user: User\n"
    "  users: [User!]\n"
    "  node(id: ID!): Node\n"
    "  nodes: [Node]\n"
    "  things: [Thing]\n"
    "  args(s: String = \"dflt\", i: Int, c: Color, f: Filter, l: [Int], p: Pick, m: Money,\n"
    "       t: DateTime, d: Date): JSON\n"
    "  color: Color\n"
    "  money: Money\n"
    "  when: DateTime\n"
    "  day: Date\n"
    "  fail: String\n"
    "  failReq: String!\n"
    "  deep: Deep\n"
    "  counter: Int\n"
    "}\n"
    "type Mutation { add(n: Int!): Int! }\n"
    "type Subscription { tick: Int }\n";

static const char *const ROOT = "{\"hello\":\"hi\",\"user\":{\"id\":\"u1\",\"name\":\"Ann\","
                                "\"friends\":[{\"name\":\"Bob\"},null]}}";

static struct arena process_arena;
static struct gql_schema *schema;
static int counter_calls;
static int name_loads;

/*-------------------------------------------------------------------------------------------
 * Resolvers
 *-------------------------------------------------------------------------------------------*/

static int
resolve_args(const struct gql_resolve_info *info, struct gql_val *out)
{
    *out = *info->args;
    return 0;
}

static int
resolve_fail(const struct gql_resolve_info *info, struct gql_val *out)
{
    (void)out;
    assert_string_equal(info->field_name, "fail");
    return gql_resolve_error(info, "NOT_FOUND", "No such thing %d", 7);
}

static int
resolve_fail_silently(const struct gql_resolve_info *info, struct gql_val *out)
{
    (void)info;
    (void)out;
    return -5;
}

static int
resolve_counter(const struct gql_resolve_info *info, struct gql_val *out)
{
    (void)info;
    *out = gql_val_int(++counter_calls);
    return 0;
}

struct mutation_log {
    int64_t seen[8];
    int count;
    int64_t total;
};

static int
resolve_add(const struct gql_resolve_info *info, struct gql_val *out)
{
    struct mutation_log *log = info->context;
    const struct gql_val *n = gql_resolve_arg(info, "n");
    assert_non_null(n);
    assert_int_equal(n->kind, GQL_VAL_INT);
    log->seen[log->count++] = n->u.int_;
    log->total += n->u.int_;
    *out = gql_val_int(log->total);
    return 0;
}

/* User.name: loads "names" once per list (batch slot) and checks the parent chain. */
static int
resolve_user_name(const struct gql_resolve_info *info, struct gql_val *out)
{
    if (info->parent && strcmp(info->parent->field_name, "users") == 0) {
        assert_non_null(info->parent_result);
        assert_int_equal(info->parent_result->kind, GQL_VAL_LIST);
        assert_non_null(info->batch);
        if (*info->batch == NULL) {
            name_loads++;
            *info->batch = arena_strdup(info->arena, "loaded");
        }
        assert_string_equal((const char *)*info->batch, "loaded");
    }
    return gql_default_resolve(info, out);
}

struct thing {
    const char *id;
};

static int
resolve_node(const struct gql_resolve_info *info, struct gql_val *out)
{
    static struct thing t = {"opaque-1"};
    const struct gql_val *id = gql_resolve_arg(info, "id");
    if (id == NULL || id->kind != GQL_VAL_STRING)
        return gql_resolve_error(info, "BAD_USER_INPUT", "bad id");
    if (strcmp(id->u.string.ptr, "missing") == 0)
        return 0; /* null */
    *out = gql_val_opaque(&t, NULL);
    return 0;
}

/* OPAQUE values are Users; OBJECT values say their type in "__typename". */
static const char *
resolve_node_type(const struct gql_val *value,
                  const struct gql_resolve_info *info,
                  const struct gql_type_def *abstract_type,
                  void *userdata)
{
    assert_string_equal(abstract_type->name, "Node");
    assert_true(strcmp(info->field_name, "node") == 0 || strcmp(info->field_name, "nodes") == 0);
    assert_string_equal((const char *)userdata, "node-types");
    if (value->kind == GQL_VAL_OPAQUE)
        return "User";
    const struct gql_val *t = gql_val_object_get(value, "__typename");
    return t && t->kind == GQL_VAL_STRING ? t->u.string.ptr : NULL;
}

static int
resolve_user_id(const struct gql_resolve_info *info, struct gql_val *out)
{
    if (info->source->kind == GQL_VAL_OPAQUE) {
        const struct thing *t = info->source->u.opaque.ptr;
        *out = gql_val_string_ref(t->id, strlen(t->id));
        return 0;
    }
    return gql_default_resolve(info, out);
}

static int
resolve_deep_forever(const struct gql_resolve_info *info, struct gql_val *out)
{
    *out = gql_val_object(info->arena, 0);
    return 0;
}

static int
group_setup(void **state)
{
    (void)state;
    arena_init(&process_arena, 0);
    schema = gtu_schema(&process_arena, SDL);
    if (schema == NULL)
        return -1;
    struct gql_error_list errors;
    gql_error_list_init(&errors, &process_arena, NULL, 0);
    assert_int_equal(gql_schema_set_scalar(schema, "Money", &gql_scalars_decimal2, NULL, &errors),
                     0);
    assert_int_equal(
        gql_schema_set_scalar(schema, "DateTime", &gql_scalars_datetime, NULL, &errors), 0);
    assert_int_equal(gql_schema_set_scalar(schema, "Date", &gql_scalars_date, NULL, &errors), 0);
    assert_int_equal(gql_schema_bind(schema, "Query.args", resolve_args, NULL), 0);
    assert_int_equal(gql_schema_bind(schema, "Query.fail", resolve_fail, NULL), 0);
    assert_int_equal(gql_schema_bind(schema, "Query.failReq", resolve_fail_silently, NULL), 0);
    assert_int_equal(gql_schema_bind(schema, "Query.counter", resolve_counter, NULL), 0);
    assert_int_equal(gql_schema_bind(schema, "Query.node", resolve_node, NULL), 0);
    assert_int_equal(gql_schema_bind(schema, "Mutation.add", resolve_add, NULL), 0);
    assert_int_equal(gql_schema_bind(schema, "User.name", resolve_user_name, NULL), 0);
    assert_int_equal(gql_schema_bind(schema, "User.id", resolve_user_id, NULL), 0);
    assert_int_equal(gql_schema_bind_type(schema, "Node", resolve_node_type, "node-types"), 0);
    assert_int_equal(gql_schema_bind(schema, "Query.nope", resolve_args, NULL), -1);
    return 0;
}

static int
group_teardown(void **state)
{
    (void)state;
    arena_free(&process_arena);
    return 0;
}

/* Runs query over root JSON and compares the whole response. */
static void
expect(const char *query, const char *root, const char *expected)
{
    struct arena a;
    arena_init(&a, 0);
    struct gtu_run run = {.root = root};
    const char *got = gtu_exec(&a, schema, query, &run, NULL, NULL);
    if (strcmp(got, expected) != 0)
        fprintf(stderr, "query:    %s\nexpected: %s\ngot:      %s\n", query, expected, got);
    assert_string_equal(got, expected);
    arena_free(&a);
}

static void
expect_vars(const char *query, const char *vars, const char *expected)
{
    struct arena a;
    arena_init(&a, 0);
    struct gtu_run run = {.root = "{}", .variables = vars};
    const char *got = gtu_exec(&a, schema, query, &run, NULL, NULL);
    if (strcmp(got, expected) != 0)
        fprintf(stderr,
                "query:    %s\nvars:     %s\nexpected: %s\ngot:      %s\n",
                query,
                vars,
                expected,
                got);
    assert_string_equal(got, expected);
    arena_free(&a);
}

/*-------------------------------------------------------------------------------------------
 * Tests
 *-------------------------------------------------------------------------------------------*/

/* Fields, aliases and nested objects and lists come out in document order. */
static void
basic_shape_and_aliases(void **state)
{
    (void)state;
    expect("{ hello user { id name friends { name } } a: hello }",
           ROOT,
           "{\"data\":{\"hello\":\"hi\",\"user\":{\"id\":\"u1\",\"name\":\"Ann\",\"friends\":"
           "[{\"name\":\"Bob\"},null]},\"a\":\"hi\"}}");
    /* Same response key twice: merged, sub-selections combined. */
    expect("{ user { id } user { name } }",
           ROOT,
           "{\"data\":{\"user\":{\"id\":\"u1\",\"name\":\"Ann\"}}}");
    /* A missing key and a null root value both give null. */
    expect("{ int list }", "{}", "{\"data\":{\"int\":null,\"list\":null}}");
    expect("{ __typename user { __typename } }",
           ROOT,
           "{\"data\":{\"__typename\":\"Query\",\"user\":{\"__typename\":\"User\"}}}");
}

/* A null in a non-null root field nulls data. */
static void
non_null_root_field_nulls_data(void **state)
{
    (void)state;
    expect("{ hello req }",
           "{\"hello\":\"x\"}",
           "{\"errors\":[{\"message\":\"Cannot return null for non-nullable field Query.req.\","
           "\"locations\":[{\"line\":1,\"column\":9}],\"path\":[\"req\"],"
           "\"extensions\":{\"code\":\"INTERNAL_SERVER_ERROR\"}}],\"data\":null}");
}

/* A non-null field nulls its parent object, which is nullable. */
static void
non_null_field_nulls_parent(void **state)
{
    (void)state;
    expect("{ user { id best { name } } hello }",
           ROOT,
           "{\"errors\":[{\"message\":\"Cannot return null for non-nullable field User.best.\","
           "\"locations\":[{\"line\":1,\"column\":13}],\"path\":[\"user\",\"best\"],"
           "\"extensions\":{\"code\":\"INTERNAL_SERVER_ERROR\"}}],"
           "\"data\":{\"user\":null,\"hello\":\"hi\"}}");
    /* Through two non-null levels up to the nearest nullable one. */
    expect("{ deep { n { d { d { s } } } } }",
           "{\"deep\":{\"n\":{\"d\":{}}}}",
           "{\"errors\":[{\"message\":\"Cannot return null for non-nullable field Deep.d.\","
           "\"locations\":[{\"line\":1,\"column\":18}],\"path\":[\"deep\",\"n\",\"d\",\"d\"],"
           "\"extensions\":{\"code\":\"INTERNAL_SERVER_ERROR\"}}],"
           "\"data\":{\"deep\":{\"n\":null}}}");
}

/* List items: nullable items absorb errors; a non-null item nulls the list. */
static void
list_items_null_propagation(void **state)
{
    (void)state;
    expect("{ list }", "{\"list\":[1,null,3]}", "{\"data\":{\"list\":[1,null,3]}}");
    expect("{ items }",
           "{\"items\":[1,null,3]}",
           "{\"errors\":[{\"message\":\"Cannot return null for non-nullable field Query.items.\","
           "\"locations\":[{\"line\":1,\"column\":3}],\"path\":[\"items\",1],"
           "\"extensions\":{\"code\":\"INTERNAL_SERVER_ERROR\"}}],\"data\":{\"items\":null}}");
    expect("{ itemsReq hello }",
           "{\"itemsReq\":[null],\"hello\":\"x\"}",
           "{\"errors\":[{\"message\":\"Cannot return null for non-nullable field "
           "Query.itemsReq.\",\"locations\":[{\"line\":1,\"column\":3}],"
           "\"path\":[\"itemsReq\",0],\"extensions\":{\"code\":\"INTERNAL_SERVER_ERROR\"}}],"
           "\"data\":null}");
    /* An object item whose non-null field fails nulls the item; the item is non-null, so the
     * list goes. */
    expect("{ users { best { id } } }",
           "{\"users\":[{\"best\":{\"id\":\"x\"}},{}]}",
           "{\"errors\":[{\"message\":\"Cannot return null for non-nullable field User.best.\","
           "\"locations\":[{\"line\":1,\"column\":11}],\"path\":[\"users\",1,\"best\"],"
           "\"extensions\":{\"code\":\"INTERNAL_SERVER_ERROR\"}}],\"data\":{\"users\":null}}");
    /* Nullable object items: only the failing item is null. */
    expect("{ user { friends { best { id } } } }",
           "{\"user\":{\"friends\":[{\"best\":{\"id\":\"b\"}},{\"best\":null}]}}",
           "{\"errors\":[{\"message\":\"Cannot return null for non-nullable field User.best.\","
           "\"locations\":[{\"line\":1,\"column\":20}],\"path\":[\"user\",\"friends\",1,"
           "\"best\"],\"extensions\":{\"code\":\"INTERNAL_SERVER_ERROR\"}}],"
           "\"data\":{\"user\":{\"friends\":[{\"best\":{\"id\":\"b\"}},null]}}}");
    /* Not a list where a list is expected. */
    expect("{ list }",
           "{\"list\":5}",
           "{\"errors\":[{\"message\":\"Expected Iterable, but did not find one for field "
           "\\\"Query.list\\\".\",\"locations\":[{\"line\":1,\"column\":3}],\"path\":[\"list\"],"
           "\"extensions\":{\"code\":\"INTERNAL_SERVER_ERROR\"}}],\"data\":{\"list\":null}}");
}

/* Resolver errors: code from gql_resolve_error, every location of a merged key, and the
 * generic internal error when a resolver fails without a message. */
static void
resolver_errors(void **state)
{
    (void)state;
    expect("{ fail hello }",
           ROOT,
           "{\"errors\":[{\"message\":\"No such thing 7\",\"locations\":[{\"line\":1,"
           "\"column\":3}],\"path\":[\"fail\"],\"extensions\":{\"code\":\"NOT_FOUND\"}}],"
           "\"data\":{\"fail\":null,\"hello\":\"hi\"}}");
    expect("{ fail\n  fail }",
           ROOT,
           "{\"errors\":[{\"message\":\"No such thing 7\",\"locations\":[{\"line\":1,"
           "\"column\":3},{\"line\":2,\"column\":3}],\"path\":[\"fail\"],"
           "\"extensions\":{\"code\":\"NOT_FOUND\"}}],\"data\":{\"fail\":null}}");

    /* failReq is non-null: data is null, and the sibling after it never runs. */
    counter_calls = 0;
    expect("{ failReq counter }",
           ROOT,
           "{\"errors\":[{\"message\":\"Internal server error\",\"locations\":[{\"line\":1,"
           "\"column\":3}],\"path\":[\"failReq\"],"
           "\"extensions\":{\"code\":\"INTERNAL_SERVER_ERROR\"}}],\"data\":null}");
    assert_int_equal(counter_calls, 0);
    expect("{ counter failReq }",
           ROOT,
           "{\"errors\":[{\"message\":\"Internal server error\",\"locations\":[{\"line\":1,"
           "\"column\":11}],\"path\":[\"failReq\"],"
           "\"extensions\":{\"code\":\"INTERNAL_SERVER_ERROR\"}}],\"data\":null}");
    assert_int_equal(counter_calls, 1);

    /* A request id is attached to internal errors only. */
    struct arena a;
    arena_init(&a, 0);
    struct gql_error_list errors;
    gql_error_list_init(&errors, &a, NULL, 0);
    const char *q = "{ fail failReq }";
    struct gql_document *doc;
    assert_int_equal(gql_parse(&a, q, strlen(q), NULL, &doc, &errors), 0);
    struct gql_execute_params p = {
        .schema = schema, .document = doc, .arena = &a, .request_id = "req-1"};
    struct strbuf out = STRBUF_INIT;
    struct gql_execute_result r;
    assert_int_equal(gql_execute(&p, &out, &r), GQL_EXECUTE_OK);
    assert_string_equal(
        strbuf_cstr(&out),
        "{\"errors\":[{\"message\":\"No such thing 7\",\"locations\":[{\"line\":1,\"column\":3}],"
        "\"path\":[\"fail\"],\"extensions\":{\"code\":\"NOT_FOUND\"}},{\"message\":\"Internal "
        "server error\",\"locations\":[{\"line\":1,\"column\":8}],\"path\":[\"failReq\"],"
        "\"extensions\":{\"code\":\"INTERNAL_SERVER_ERROR\",\"requestId\":\"req-1\"}}],"
        "\"data\":null}");
    assert_int_equal(r.error_count, 2);
    assert_true(r.data_null);
    assert_int_equal(r.resolver_calls, 2);
    assert_int_equal(r.operation_type, GQL_OP_QUERY);
    strbuf_free(&out);
    arena_free(&a);
}

/* §6.1 GetOperation and the request-level refusals. */
static void
operation_selection(void **state)
{
    (void)state;
    struct arena a;
    arena_init(&a, 0);
    const char *doc = "query A { hello } query B { int } mutation M { add(n: 1) }";
    int rc;
    struct gtu_run run = {.root = "{\"hello\":\"h\",\"int\":4}"};
    assert_string_equal(gtu_exec(&a, schema, doc, &run, &rc, NULL),
                        "{\"errors\":[{\"message\":\"Must provide operation name if query "
                        "contains multiple operations.\",\"extensions\":{\"code\":"
                        "\"BAD_USER_INPUT\"}}]}");
    assert_int_equal(rc, GQL_EXECUTE_REQUEST_ERROR);
    run.operation_name = "B";
    assert_string_equal(gtu_exec(&a, schema, doc, &run, &rc, NULL), "{\"data\":{\"int\":4}}");
    assert_int_equal(rc, GQL_EXECUTE_OK);
    run.operation_name = "C";
    assert_string_equal(gtu_exec(&a, schema, doc, &run, &rc, NULL),
                        "{\"errors\":[{\"message\":\"Unknown operation named \\\"C\\\".\","
                        "\"extensions\":{\"code\":\"BAD_USER_INPUT\"}}]}");
    assert_int_equal(rc, GQL_EXECUTE_REQUEST_ERROR);

    /* A mutation refused by flag (HTTP GET). */
    struct mutation_log log = {{0}, 0, 0};
    run.operation_name = "M";
    run.context = &log;
    run.flags = GQL_EXECUTE_NO_MUTATION;
    assert_string_equal(gtu_exec(&a, schema, doc, &run, &rc, NULL),
                        "{\"errors\":[{\"message\":\"Can only perform a mutation operation from a "
                        "POST request.\",\"locations\":[{\"line\":1,\"column\":35}],"
                        "\"extensions\":{\"code\":\"BAD_USER_INPUT\"}}]}");
    assert_int_equal(log.count, 0);

    /* Introspection refused by flag; __typename still allowed. */
    run = (struct gtu_run){.root = "{}", .flags = GQL_EXECUTE_NO_INTROSPECTION};
    assert_string_equal(gtu_exec(&a, schema, "{ __typename }", &run, &rc, NULL),
                        "{\"data\":{\"__typename\":\"Query\"}}");
    const char *got =
        gtu_exec(&a, schema, "{ a: __schema { queryType { name } } }", &run, &rc, NULL);
    assert_int_equal(rc, GQL_EXECUTE_REQUEST_ERROR);
    assert_string_equal(got,
                        "{\"errors\":[{\"message\":\"GraphQL introspection has been disabled, but "
                        "the requested query contained the field \\\"__schema\\\".\","
                        "\"locations\":[{\"line\":1,\"column\":3}],"
                        "\"extensions\":{\"code\":\"INTROSPECTION_DISABLED\"}}]}");

    /* No document operation at all. */
    assert_string_equal(gtu_exec(&a, schema, "fragment F on Query { hello }", NULL, &rc, NULL),
                        "{\"errors\":[{\"message\":\"Must provide an operation.\","
                        "\"extensions\":{\"code\":\"BAD_USER_INPUT\"}}]}");

    /* A schema without a mutation type. */
    struct gql_schema *small = gtu_schema(&a, "type Query { a: Int }");
    assert_non_null(small);
    assert_string_equal(gtu_exec(&a, small, "mutation { a }", NULL, &rc, NULL),
                        "{\"errors\":[{\"message\":\"Schema is not configured to execute mutation "
                        "operation.\",\"locations\":[{\"line\":1,\"column\":1}]}],\"data\":null}");
    assert_int_equal(rc, GQL_EXECUTE_OK);
    const struct gql_operation_definition *op;
    const char *message;
    struct gql_error_list errors;
    gql_error_list_init(&errors, &a, NULL, 0);
    struct gql_document *d;
    assert_int_equal(gql_parse(&a, doc, strlen(doc), NULL, &d, &errors), 0);
    assert_int_equal(gql_get_operation(d, "M", &a, &op, &message), 0);
    assert_int_equal(op->operation, GQL_OP_MUTATION);
    arena_free(&a);
}

/* §6.1.2 CoerceVariableValues through gql_execute. */
static void
variables(void **state)
{
    (void)state;
    const char *q = "query($i: Int = 5) { args(i: $i) }";
    expect_vars(q, NULL, "{\"data\":{\"args\":{\"s\":\"dflt\",\"i\":5}}}");
    expect_vars(q, "{\"i\":null}", "{\"data\":{\"args\":{\"s\":\"dflt\",\"i\":null}}}");
    expect_vars(q, "{\"i\":7,\"unused\":1}", "{\"data\":{\"args\":{\"s\":\"dflt\",\"i\":7}}}");
    expect_vars("query($i: Int!) { args(i: $i) }",
                "{}",
                "{\"errors\":[{\"message\":\"Variable \\\"$i\\\" of required type \\\"Int!\\\" "
                "was not provided.\",\"locations\":[{\"line\":1,\"column\":7}],"
                "\"extensions\":{\"code\":\"BAD_USER_INPUT\"}}]}");
    expect_vars("query($i: Int!) { args(i: $i) }",
                "{\"i\":null}",
                "{\"errors\":[{\"message\":\"Variable \\\"$i\\\" of non-null type \\\"Int!\\\" "
                "must not be null.\",\"locations\":[{\"line\":1,\"column\":7}],"
                "\"extensions\":{\"code\":\"BAD_USER_INPUT\"}}]}");
    expect_vars("query($i: Int) { args(i: $i) }",
                "{\"i\":\"x\"}",
                "{\"errors\":[{\"message\":\"Variable \\\"$i\\\" got invalid value \\\"x\\\"; "
                "Int cannot represent non-integer value: \\\"x\\\"\",\"locations\":[{\"line\":1,"
                "\"column\":7}],\"extensions\":{\"code\":\"BAD_USER_INPUT\"}}]}");

    const char *qf = "query($f: Filter) { args(f: $f) }";
    expect_vars(qf,
                "{\"f\":{\"limit\":2,\"tags\":\"x\"}}",
                "{\"data\":{\"args\":{\"s\":\"dflt\",\"f\":{\"color\":\"RED\",\"limit\":2,"
                "\"tags\":[\"x\"]}}}}");
    expect_vars(qf,
                "{\"f\":{}}",
                "{\"errors\":[{\"message\":\"Variable \\\"$f\\\" got invalid value {}; Field "
                "\\\"limit\\\" of required type \\\"Int!\\\" was not provided.\","
                "\"locations\":[{\"line\":1,\"column\":7}],"
                "\"extensions\":{\"code\":\"BAD_USER_INPUT\"}}]}");
    expect_vars(qf,
                "{\"f\":{\"limit\":1,\"bogus\":true}}",
                "{\"errors\":[{\"message\":\"Variable \\\"$f\\\" got invalid value { limit: 1, "
                "bogus: true }; Field \\\"bogus\\\" is not defined by type \\\"Filter\\\".\","
                "\"locations\":[{\"line\":1,\"column\":7}],"
                "\"extensions\":{\"code\":\"BAD_USER_INPUT\"}}]}");
    expect_vars(qf,
                "{\"f\":{\"limit\":1,\"tags\":[\"a\",null]}}",
                "{\"errors\":[{\"message\":\"Variable \\\"$f\\\" got invalid value null at "
                "\\\"f.tags[1]\\\"; Expected non-nullable type \\\"String!\\\" not to be null.\","
                "\"locations\":[{\"line\":1,\"column\":7}],"
                "\"extensions\":{\"code\":\"BAD_USER_INPUT\"}}]}");
    expect_vars(qf,
                "{\"f\":[1]}",
                "{\"errors\":[{\"message\":\"Variable \\\"$f\\\" got invalid value [1]; Expected "
                "type \\\"Filter\\\" to be an object.\",\"locations\":[{\"line\":1,\"column\":7}],"
                "\"extensions\":{\"code\":\"BAD_USER_INPUT\"}}]}");

    expect_vars("query($c: Color) { args(c: $c) }",
                "{\"c\":\"GREEN\"}",
                "{\"data\":{\"args\":{\"s\":\"dflt\",\"c\":\"GREEN\"}}}");
    expect_vars("query($l: [Int]) { args(l: $l) }",
                "{\"l\":3}",
                "{\"data\":{\"args\":{\"s\":\"dflt\",\"l\":[3]}}}");

    const char *qp = "query($p: Pick) { args(p: $p) }";
    expect_vars(qp, "{\"p\":{\"a\":1}}", "{\"data\":{\"args\":{\"s\":\"dflt\",\"p\":{\"a\":1}}}}");
    expect_vars(qp,
                "{\"p\":{\"a\":1,\"b\":\"x\"}}",
                "{\"errors\":[{\"message\":\"Variable \\\"$p\\\" got invalid value { a: 1, b: "
                "\\\"x\\\" }; Exactly one key must be specified for OneOf type \\\"Pick\\\".\","
                "\"locations\":[{\"line\":1,\"column\":7}],"
                "\"extensions\":{\"code\":\"BAD_USER_INPUT\"}}]}");
    expect_vars(qp,
                "{\"p\":{\"a\":null}}",
                "{\"errors\":[{\"message\":\"Variable \\\"$p\\\" got invalid value null at "
                "\\\"p.a\\\"; Field \\\"a\\\" must be non-null.\",\"locations\":[{\"line\":1,"
                "\"column\":7}],\"extensions\":{\"code\":\"BAD_USER_INPUT\"}}]}");

    /* A long field name reaches the message whole (it was cut at 512 bytes). */
    {
        char key[701];
        memset(key, 'k', sizeof key - 1);
        key[sizeof key - 1] = '\0';
        char vars[800], expected[2400];
        snprintf(vars, sizeof vars, "{\"f\":{\"limit\":1,\"%s\":true}}", key);
        snprintf(expected,
                 sizeof expected,
                 "{\"errors\":[{\"message\":\"Variable \\\"$f\\\" got invalid value { limit: 1, "
                 "%s: true }; Field \\\"%s\\\" is not defined by type \\\"Filter\\\".\","
                 "\"locations\":[{\"line\":1,\"column\":7}],"
                 "\"extensions\":{\"code\":\"BAD_USER_INPUT\"}}]}",
                 key,
                 key);
        expect_vars(qf, vars, expected);
    }

    /* Several bad variables: every one reported, in definition order. */
    struct arena a;
    arena_init(&a, 0);
    struct gtu_run run = {.variables = "{\"a\":\"x\",\"b\":null}"};
    int rc;
    struct gql_execute_result r;
    gtu_exec(&a, schema, "query($a: Int, $b: Int!, $c: Int!) { hello }", &run, &rc, &r);
    assert_int_equal(rc, GQL_EXECUTE_REQUEST_ERROR);
    assert_int_equal(r.error_count, 3);
    arena_free(&a);
}

/* §6.4.1 CoerceArgumentValues from literals, defaults and variables. */
static void
arguments(void **state)
{
    (void)state;
    expect("{ args(i: 3, c: BLUE, f: {limit: 1, tags: \"t\"}, l: [1, 2]) }",
           "{}",
           "{\"data\":{\"args\":{\"s\":\"dflt\",\"i\":3,\"c\":\"BLUE\",\"f\":{\"color\":\"RED\","
           "\"limit\":1,\"tags\":[\"t\"]},\"l\":[1,2]}}}");
    expect("{ args(s: null) }", "{}", "{\"data\":{\"args\":{\"s\":null}}}");
    expect("{ args(p: {b: \"x\"}) }",
           "{}",
           "{\"data\":{\"args\":{\"s\":\"dflt\",\"p\":{\"b\":\"x\"}}}}");
    /* A variable not provided: the argument's default, or absent, or null inside a list. */
    expect_vars(
        "query($x: String) { args(s: $x) }", "{}", "{\"data\":{\"args\":{\"s\":\"dflt\"}}}");
    expect_vars("query($x: Int) { args(i: $x) }", "{}", "{\"data\":{\"args\":{\"s\":\"dflt\"}}}");
    expect_vars("query($x: Int) { args(l: [1, $x]) }",
                "{}",
                "{\"data\":{\"args\":{\"s\":\"dflt\",\"l\":[1,null]}}}");
    expect_vars("query($x: Int) { args(f: {limit: $x}) }",
                "{\"x\":4}",
                "{\"data\":{\"args\":{\"s\":\"dflt\",\"f\":{\"color\":\"RED\",\"limit\":4}}}}");
    /* Arguments are coerced once per field and reused for every list item. */
    expect("{ users { name } }",
           "{\"users\":[{\"name\":\"a\"},{\"name\":\"b\"}]}",
           "{\"data\":{\"users\":[{\"name\":\"a\"},{\"name\":\"b\"}]}}");
    /* An invalid literal (validation would refuse it) is a field error. */
    expect("{ args(m: 12.5) hello }",
           "{\"hello\":\"h\"}",
           "{\"errors\":[{\"message\":\"Argument \\\"m\\\" has invalid value 12.5.\","
           "\"locations\":[{\"line\":1,\"column\":11}],\"path\":[\"args\"],"
           "\"extensions\":{\"code\":\"BAD_USER_INPUT\"}}],"
           "\"data\":{\"args\":null,\"hello\":\"h\"}}");
    expect("{ node { id } }",
           "{}",
           "{\"errors\":[{\"message\":\"Argument \\\"id\\\" of required type \\\"ID!\\\" was "
           "not provided.\",\"locations\":[{\"line\":1,\"column\":3}],\"path\":[\"node\"],"
           "\"extensions\":{\"code\":\"BAD_USER_INPUT\"}}],\"data\":{\"node\":null}}");
}

/*
 * Collection past the size where response keys and expanded fragments are hashed: keys
 * repeated directly and through fragments merge into their first position, each fragment
 * is expanded once however often it is spread.
 */
static void
many_keys_and_fragments(void **state)
{
    (void)state;
    enum { KEYS = 80, FRAGMENTS = 40 }; /* both past the size where names are hashed */
    struct strbuf q = STRBUF_INIT, want = STRBUF_INIT;
    strbuf_puts(&q, "{");
    for (int i = 0; i < KEYS; i++)
        strbuf_printf(&q, " k%d: hello ...F%d", i, i % FRAGMENTS);
    for (int i = 0; i < KEYS; i++)
        strbuf_printf(&q, " k%d: hello", KEYS - 1 - i); /* all repeats */
    strbuf_puts(&q, " }");
    for (int i = 0; i < FRAGMENTS; i++)
        strbuf_printf(&q,
                      " fragment F%d on Query { f%d: hello k%d: hello ...F%d }",
                      i,
                      i,
                      i,
                      (i + 1) % FRAGMENTS);
    /* ...F0 after k0 expands F0 -> F1 -> ... -> F39 at once (F39 spreads F0 again: skipped). */
    strbuf_puts(&want, "{\"data\":{\"k0\":\"hi\",\"f0\":\"hi\"");
    for (int i = 1; i < FRAGMENTS; i++)
        strbuf_printf(&want, ",\"f%d\":\"hi\",\"k%d\":\"hi\"", i, i);
    for (int i = FRAGMENTS; i < KEYS; i++)
        strbuf_printf(&want, ",\"k%d\":\"hi\"", i);
    strbuf_puts(&want, "}}");
    expect(strbuf_cstr(&q), ROOT, strbuf_cstr(&want));
    strbuf_free(&q);
    strbuf_free(&want);
}

/* Fragments, inline fragments, spreads used twice, @skip and @include. */
static void
fragments_and_directives(void **state)
{
    (void)state;
    expect("query { ...Q user { ...U ... on User { name } } }\n"
           "fragment Q on Query { hello }\n"
           "fragment U on User { id ...U2 }\n"
           "fragment U2 on User { name }",
           ROOT,
           "{\"data\":{\"hello\":\"hi\",\"user\":{\"id\":\"u1\",\"name\":\"Ann\"}}}");
    expect("{ ...F ...F hello } fragment F on Query { hello a: hello }",
           ROOT,
           "{\"data\":{\"hello\":\"hi\",\"a\":\"hi\"}}");
    struct arena a;
    arena_init(&a, 0);
    struct gtu_run run = {.root = ROOT, .variables = "{\"yes\":true,\"no\":false}"};
    assert_string_equal(gtu_exec(&a,
                                 schema,
                                 "query($yes: Boolean!, $no: Boolean!) {\n"
                                 "  a: hello @skip(if: $yes)\n"
                                 "  b: hello @include(if: $yes)\n"
                                 "  c: hello @include(if: $no)\n"
                                 "  ... @skip(if: $no) { d: hello }\n"
                                 "  ...F @include(if: false)\n"
                                 "  e: hello @skip(if: false) @include(if: true)\n"
                                 "  f: hello @skip(if: true) @include(if: true)\n"
                                 "}\n"
                                 "fragment F on Query { g: hello }",
                                 &run,
                                 NULL,
                                 NULL),
                        "{\"data\":{\"b\":\"hi\",\"d\":\"hi\",\"e\":\"hi\"}}");
    arena_free(&a);
}

/* Interfaces and unions: __typename from the data, OPAQUE values with a type resolver, and
 * each way resolving the runtime type can fail. */
static void
abstract_types(void **state)
{
    (void)state;
    expect("{ nodes { id __typename ... on User { name } ... on Account { balance } } }",
           "{\"nodes\":[{\"__typename\":\"User\",\"id\":\"u1\",\"name\":\"Ann\"},"
           "{\"__typename\":\"Account\",\"id\":\"a1\",\"balance\":1250}]}",
           "{\"data\":{\"nodes\":[{\"id\":\"u1\",\"__typename\":\"User\",\"name\":\"Ann\"},"
           "{\"id\":\"a1\",\"__typename\":\"Account\",\"balance\":\"12.50\"}]}}");
    expect("{ things { ...N ... on Account { owner { name } } } } fragment N on Node { id }",
           "{\"things\":[{\"__typename\":\"Account\",\"id\":\"a\",\"owner\":{\"name\":\"o\"}},"
           "{\"__typename\":\"User\",\"id\":\"u\"}]}",
           "{\"data\":{\"things\":[{\"id\":\"a\",\"owner\":{\"name\":\"o\"}},{\"id\":\"u\"}]}}");
    /* OPAQUE value, type chosen by the bound type resolver, id read by a bound resolver. */
    expect("{ node(id: \"x\") { __typename id ... on User { name } } }",
           "{}",
           "{\"data\":{\"node\":{\"__typename\":\"User\",\"id\":\"opaque-1\",\"name\":null}}}");
    expect("{ node(id: \"missing\") { id } }", "{}", "{\"data\":{\"node\":null}}");
    expect("{ nodes { id } }",
           "{\"nodes\":[{\"id\":\"x\"}]}",
           "{\"errors\":[{\"message\":\"Abstract type \\\"Node\\\" must resolve to an Object "
           "type at runtime for field \\\"Query.nodes\\\". Either the \\\"Node\\\" type should "
           "provide a \\\"resolveType\\\" function or each possible type should provide an "
           "\\\"isTypeOf\\\" function.\",\"locations\":[{\"line\":1,\"column\":3}],"
           "\"path\":[\"nodes\",0],\"extensions\":{\"code\":\"INTERNAL_SERVER_ERROR\"}}],"
           "\"data\":{\"nodes\":[null]}}");
    expect("{ nodes { id } }",
           "{\"nodes\":[{\"__typename\":\"Nope\"}]}",
           "{\"errors\":[{\"message\":\"Abstract type \\\"Node\\\" was resolved to a type "
           "\\\"Nope\\\" that does not exist inside the schema.\",\"locations\":[{\"line\":1,"
           "\"column\":3}],\"path\":[\"nodes\",0],"
           "\"extensions\":{\"code\":\"INTERNAL_SERVER_ERROR\"}}],\"data\":{\"nodes\":[null]}}");
    expect("{ things { __typename } }",
           "{\"things\":[{\"__typename\":\"Deep\"}]}",
           "{\"errors\":[{\"message\":\"Runtime Object type \\\"Deep\\\" is not a possible type "
           "for \\\"Thing\\\".\",\"locations\":[{\"line\":1,\"column\":3}],"
           "\"path\":[\"things\",0],\"extensions\":{\"code\":\"INTERNAL_SERVER_ERROR\"}}],"
           "\"data\":{\"things\":[null]}}");
    expect("{ things { __typename } }",
           "{\"things\":[{\"__typename\":\"Color\"}]}",
           "{\"errors\":[{\"message\":\"Abstract type \\\"Thing\\\" was resolved to a non-object "
           "type \\\"Color\\\".\",\"locations\":[{\"line\":1,\"column\":3}],"
           "\"path\":[\"things\",0],\"extensions\":{\"code\":\"INTERNAL_SERVER_ERROR\"}}],"
           "\"data\":{\"things\":[null]}}");
}

/* §6.2.2: mutation root fields run one after another, in document order. */
static void
mutations_run_serially(void **state)
{
    (void)state;
    struct arena a;
    arena_init(&a, 0);
    struct mutation_log log = {{0}, 0, 0};
    struct gtu_run run = {.context = &log};
    struct gql_execute_result r;
    assert_string_equal(
        gtu_exec(&a, schema, "mutation { c: add(n: 3) a: add(n: 1) b: add(n: 2) }", &run, NULL, &r),
        "{\"data\":{\"c\":3,\"a\":4,\"b\":6}}");
    assert_int_equal(log.count, 3);
    assert_int_equal(log.seen[0], 3);
    assert_int_equal(log.seen[1], 1);
    assert_int_equal(log.seen[2], 2);
    assert_int_equal(r.operation_type, GQL_OP_MUTATION);
    assert_int_equal(r.resolver_calls, 3);
    arena_free(&a);
}

/* A subscription executes its selection once for the event given as root value. */
static void
subscription_event(void **state)
{
    (void)state;
    expect("subscription S { tick __typename }",
           "{\"tick\":5}",
           "{\"data\":{\"tick\":5,\"__typename\":\"Subscription\"}}");
}

/* §6.2.3.1: the root field and coerced arguments a subscription transport needs. */
static void
subscription_source(void **state)
{
    (void)state;
    struct arena a;
    arena_init(&a, 0);
    struct gql_schema *s =
        gtu_schema(&a,
                   "type Query { a: Int }\n"
                   "type Subscription { ledger(account: ID!, n: Int = 3): Int }");
    assert_non_null(s);
    struct gql_error_list errors;
    gql_error_list_init(&errors, &a, NULL, 0);
    const char *q = "query Q { a } subscription S($acc: ID!) { l: ledger(account: $acc) }";
    struct gql_document *doc;
    assert_int_equal(gql_parse(&a, q, strlen(q), NULL, &doc, &errors), 0);
    struct gql_val vars = gtu_json(&a, "{\"acc\":\"A1\"}");
    struct gql_execute_params p = {
        .schema = s, .document = doc, .arena = &a, .operation_name = "S", .variables = &vars};
    struct gql_subscription_source src;
    struct strbuf err = STRBUF_INIT;
    assert_int_equal(gql_subscription_source(&p, &src, &err), GQL_EXECUTE_OK);
    assert_string_equal(src.field_name, "ledger");
    assert_string_equal(src.response_key, "l");
    assert_string_equal(gql_val_object_get(&src.args, "account")->u.string.ptr, "A1");
    assert_int_equal(gql_val_object_get(&src.args, "n")->u.int_, 3);
    assert_non_null(gql_val_object_get(&src.variables, "acc"));
    assert_int_equal(err.len, 0);

    /* Each event: the same operation executed with the event as root value. */
    struct gql_val event = gtu_json(&a, "{\"ledger\":42}");
    p.root_value = &event;
    struct strbuf out = STRBUF_INIT;
    assert_int_equal(gql_execute(&p, &out, NULL), GQL_EXECUTE_OK);
    assert_string_equal(strbuf_cstr(&out), "{\"data\":{\"l\":42}}");

    p.operation_name = "Q";
    assert_int_equal(gql_subscription_source(&p, &src, &err), GQL_EXECUTE_REQUEST_ERROR);
    assert_string_equal(strbuf_cstr(&err),
                        "{\"errors\":[{\"message\":\"Expected a subscription operation, found a "
                        "query.\",\"locations\":[{\"line\":1,\"column\":1}],"
                        "\"extensions\":{\"code\":\"BAD_USER_INPUT\"}}]}");
    strbuf_reset(&err);
    p.operation_name = "S";
    p.variables = NULL;
    assert_int_equal(gql_subscription_source(&p, &src, &err), GQL_EXECUTE_REQUEST_ERROR);
    assert_non_null(strstr(strbuf_cstr(&err), "Variable \\\"$acc\\\" of required type"));
    strbuf_free(&err);
    strbuf_free(&out);
    arena_free(&a);
}

/* Result coercion of built-in leaves and enums. */
static void
leaf_serialization(void **state)
{
    (void)state;
    expect("{ float }", "{\"float\":0.1}", "{\"data\":{\"float\":0.1}}");
    expect("{ float }", "{\"float\":1e21}", "{\"data\":{\"float\":1e+21}}");
    expect("{ float }", "{\"float\":3}", "{\"data\":{\"float\":3}}");
    expect("{ color }", "{\"color\":\"GREEN\"}", "{\"data\":{\"color\":\"GREEN\"}}");
    struct arena a;
    arena_init(&a, 0);
    struct gtu_run run = {.root = "{\"int\":3000000000,\"color\":\"PINK\",\"hello\":\"\\u00e9\"}"};
    const char *got = gtu_exec(&a, schema, "{ int color hello }", &run, NULL, NULL);
    assert_non_null(
        strstr(got, "Int cannot represent non 32-bit signed integer value: 3000000000"));
    assert_non_null(strstr(got, "\"path\":[\"int\"]"));
    assert_non_null(strstr(got, "\"path\":[\"color\"]"));
    assert_non_null(strstr(got, "\"data\":{\"int\":null,\"color\":null,\"hello\":\"\xc3\xa9\"}"));
    arena_free(&a);
}

/* Money, DateTime and Date registered from the reusable scalar set. */
static void
custom_scalars(void **state)
{
    (void)state;
    expect("{ money when day }",
           "{\"money\":\"12.5\",\"when\":\"2026-11-24 08:00:00.123+00\",\"day\":\"2024-02-29\"}",
           "{\"data\":{\"money\":\"12.50\",\"when\":\"2026-11-24T08:00:00.123Z\","
           "\"day\":\"2024-02-29\"}}");
    expect("{ money when day }",
           "{\"money\":-5,\"when\":0,\"day\":0}",
           "{\"data\":{\"money\":\"-0.05\",\"when\":\"1970-01-01T00:00:00.000Z\","
           "\"day\":\"1970-01-01\"}}");
    /* A float is never money. */
    struct arena a;
    arena_init(&a, 0);
    struct gtu_run run = {.root = "{\"money\":1.5}"};
    const char *got = gtu_exec(&a, schema, "{ money }", &run, NULL, NULL);
    assert_non_null(strstr(got, "Money cannot represent value: 1.5"));
    assert_non_null(strstr(got, "\"data\":{\"money\":null}"));
    arena_free(&a);
    expect("{ args(m: \"12.5\", t: \"2026-11-24T13:30:00+05:30\", d: \"2024-02-29\") }",
           "{}",
           "{\"data\":{\"args\":{\"s\":\"dflt\",\"m\":1250,\"t\":\"2026-11-24T08:00:00.000Z\","
           "\"d\":\"2024-02-29\"}}}");
    expect_vars("query($m: Money, $d: Date) { args(m: $m, d: $d) }",
                "{\"m\":\"0.5\",\"d\":\"2000-02-29\"}",
                "{\"data\":{\"args\":{\"s\":\"dflt\",\"m\":50,\"d\":\"2000-02-29\"}}}");
    expect_vars("query($m: Money) { args(m: $m) }",
                "{\"m\":12.5}",
                "{\"errors\":[{\"message\":\"Variable \\\"$m\\\" got invalid value 12.5; Money "
                "cannot represent a non-string value: 12.5\",\"locations\":[{\"line\":1,"
                "\"column\":7}],\"extensions\":{\"code\":\"BAD_USER_INPUT\"}}]}");
    const char *bad_money[] = {"1e3", "-1", ".5", "0.001", "-", "99999999999999999999.99", " 1"};
    for (size_t i = 0; i < sizeof bad_money / sizeof *bad_money; i++) {
        arena_init(&a, 0);
        char vars[128];
        snprintf(vars, sizeof vars, "{\"m\":\"%s\"}", bad_money[i]);
        run = (struct gtu_run){.variables = vars};
        int rc;
        got = gtu_exec(&a, schema, "query($m: Money) { args(m: $m) }", &run, &rc, NULL);
        assert_int_equal(rc, GQL_EXECUTE_REQUEST_ERROR);
        assert_non_null(strstr(got, "Money cannot represent value"));
        arena_free(&a);
    }
    const char *bad_dates[] = {"2025-02-29", "2024-13-01", "2024-1-01", "24-01-01", "2024-01-01Z"};
    for (size_t i = 0; i < sizeof bad_dates / sizeof *bad_dates; i++) {
        arena_init(&a, 0);
        char q[128];
        snprintf(q, sizeof q, "{ args(d: \"%s\") }", bad_dates[i]);
        got = gtu_exec(&a, schema, q, NULL, NULL, NULL);
        assert_non_null(strstr(got, "has invalid value"));
        arena_free(&a);
    }
}

/* The batch slot is shared by the items of one list; parent and parent_result chain up. */
static void
resolver_info_batch_and_parent(void **state)
{
    (void)state;
    name_loads = 0;
    expect("{ users { name } }",
           "{\"users\":[{\"name\":\"a\"},{\"name\":\"b\"},{\"name\":\"c\"}]}",
           "{\"data\":{\"users\":[{\"name\":\"a\"},{\"name\":\"b\"},{\"name\":\"c\"}]}}");
    assert_int_equal(name_loads, 1);
    name_loads = 0;
    expect("{ x: users { name } y: users { name } }",
           "{\"users\":[{\"name\":\"a\"}]}",
           "{\"data\":{\"x\":[{\"name\":\"a\"}],\"y\":[{\"name\":\"a\"}]}}");
    assert_int_equal(name_loads, 2);
}

/* Selections nested through a cyclic fragment over endless data stop at the bound. */
static void
nesting_is_bounded(void **state)
{
    (void)state;
    struct arena a;
    arena_init(&a, 0);
    struct gql_schema *s = gtu_schema(&a, "type Query { deep: Deep } type Deep { n: Deep s: Int }");
    assert_non_null(s);
    assert_int_equal(gql_schema_bind(s, "Query.deep", resolve_deep_forever, NULL), 0);
    assert_int_equal(gql_schema_bind(s, "Deep.n", resolve_deep_forever, NULL), 0);
    int rc;
    const char *got =
        gtu_exec(&a, s, "{ deep { ...F } } fragment F on Deep { s n { ...F } }", NULL, &rc, NULL);
    assert_int_equal(rc, GQL_EXECUTE_OK);
    assert_non_null(strstr(got, "Selections are nested too deeply to execute."));
    assert_non_null(strstr(got, "\"data\":{\"deep\":{\"s\":null,\"n\":{"));

    /* 600 fragments, each spreading the next: expansion stops at the bound with an error. */
    struct strbuf doc = STRBUF_INIT;
    strbuf_puts(&doc, "{ ...F0 }");
    for (int i = 0; i < 600; i++)
        strbuf_printf(&doc, " fragment F%d on Query { ...F%d }", i, i + 1);
    strbuf_puts(&doc, " fragment F600 on Query { deep { s } }");
    got = gtu_exec(&a, s, strbuf_cstr(&doc), NULL, &rc, NULL);
    assert_int_equal(rc, GQL_EXECUTE_OK);
    assert_non_null(strstr(got, "Fragments are nested too deeply to execute."));
    assert_non_null(strstr(got, "\"data\":{}"));
    strbuf_free(&doc);
    arena_free(&a);
}

/* The response is appended to whatever the buffer already holds. */
static void
appends_to_buffer(void **state)
{
    (void)state;
    struct arena a;
    arena_init(&a, 0);
    struct gql_error_list errors;
    gql_error_list_init(&errors, &a, NULL, 0);
    const char *q = "{ fail }";
    struct gql_document *doc;
    assert_int_equal(gql_parse(&a, q, strlen(q), NULL, &doc, &errors), 0);
    struct gql_execute_params p = {.schema = schema, .document = doc, .arena = &a};
    struct strbuf out = STRBUF_INIT;
    strbuf_puts(&out, "prefix:");
    assert_int_equal(gql_execute(&p, &out, NULL), GQL_EXECUTE_OK);
    assert_string_equal(strbuf_cstr(&out),
                        "prefix:{\"errors\":[{\"message\":\"No such thing 7\",\"locations\":[{"
                        "\"line\":1,\"column\":3}],\"path\":[\"fail\"],\"extensions\":{\"code\":"
                        "\"NOT_FOUND\"}}],\"data\":{\"fail\":null}}");
    assert_int_equal(gql_execute(NULL, &out, NULL), GQL_EXECUTE_INVALID_PARAMS);
    strbuf_free(&out);
    arena_free(&a);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(basic_shape_and_aliases),
        cmocka_unit_test(non_null_root_field_nulls_data),
        cmocka_unit_test(non_null_field_nulls_parent),
        cmocka_unit_test(list_items_null_propagation),
        cmocka_unit_test(resolver_errors),
        cmocka_unit_test(operation_selection),
        cmocka_unit_test(variables),
        cmocka_unit_test(arguments),
        cmocka_unit_test(fragments_and_directives),
        cmocka_unit_test(many_keys_and_fragments),
        cmocka_unit_test(abstract_types),
        cmocka_unit_test(mutations_run_serially),
        cmocka_unit_test(subscription_event),
        cmocka_unit_test(subscription_source),
        cmocka_unit_test(leaf_serialization),
        cmocka_unit_test(custom_scalars),
        cmocka_unit_test(resolver_info_batch_and_parent),
        cmocka_unit_test(nesting_is_bounded),
        cmocka_unit_test(appends_to_buffer),
    };
    return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
