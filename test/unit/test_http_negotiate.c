/*
 * Unit tests for the HTTP layer's pure helpers: Accept negotiation with q-values,
 * Content-Type checks, request ids, the CORS allow-list, UTF-8 validation, form decoding and
 * the JSON-to-engine value converter.
 */
/* cmocka.h needs these headers first. */
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
#include "http/json_value.h"
#include "http/negotiate.h"

static void
accept_negotiation_follows_q_values(void **state)
{
    (void)state;
    const struct {
        const char *accept;
        enum http_media want;
    } cases[] = {
        {NULL, HTTP_MEDIA_JSON},
        {"", HTTP_MEDIA_JSON},
        {"application/json", HTTP_MEDIA_JSON},
        {"application/graphql-response+json", HTTP_MEDIA_GRAPHQL_RESPONSE},
        {"*/*", HTTP_MEDIA_JSON},
        {"application/*", HTTP_MEDIA_JSON},
        {"text/html", HTTP_MEDIA_JSON},
        /* What GraphiQL sends for introspection and for ordinary queries. */
        {"application/graphql-response+json, application/json;q=0.9", HTTP_MEDIA_GRAPHQL_RESPONSE},
        {"application/json, multipart/mixed", HTTP_MEDIA_JSON},
        {"application/json;q=0.9, application/graphql-response+json;q=0.8", HTTP_MEDIA_JSON},
        {"application/json, application/graphql-response+json", HTTP_MEDIA_GRAPHQL_RESPONSE},
        {"application/graphql-response+json;q=0, application/json", HTTP_MEDIA_JSON},
        {"APPLICATION/GRAPHQL-RESPONSE+JSON", HTTP_MEDIA_GRAPHQL_RESPONSE},
        {" application/graphql-response+json ; charset=utf-8 ; q=1.0 ",
         HTTP_MEDIA_GRAPHQL_RESPONSE},
        {"application/graphql-response+json;q=2", HTTP_MEDIA_JSON}, /* malformed q */
        {"application/graphql-response+json;q=0.5, */*;q=0.1", HTTP_MEDIA_GRAPHQL_RESPONSE},
        {"text/html, application/xhtml+xml, */*;q=0.8", HTTP_MEDIA_JSON},
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        enum http_media got = http_negotiate_accept(cases[i].accept);
        if (got != cases[i].want)
            fail_msg("Accept \"%s\": got %d", cases[i].accept ? cases[i].accept : "(null)", got);
    }
    assert_string_equal(http_media_content_type(HTTP_MEDIA_GRAPHQL_RESPONSE),
                        "application/graphql-response+json; charset=utf-8");
}

static void
content_type_must_be_json_utf8(void **state)
{
    (void)state;
    assert_true(http_content_type_is_json("application/json"));
    assert_true(http_content_type_is_json("Application/JSON; charset=UTF-8"));
    assert_true(http_content_type_is_json("application/json;charset=\"utf-8\""));
    assert_true(http_content_type_is_json("application/json; boundary=x"));
    assert_false(http_content_type_is_json(NULL));
    assert_false(http_content_type_is_json(""));
    assert_false(http_content_type_is_json("text/plain"));
    assert_false(http_content_type_is_json("application/graphql"));
    assert_false(http_content_type_is_json("application/jsonx"));
    assert_false(http_content_type_is_json("application/x-www-form-urlencoded"));
    assert_false(http_content_type_is_json("application/json; charset=latin1"));
}

static void
request_ids(void **state)
{
    (void)state;
    assert_true(http_request_id_is_safe("a"));
    assert_true(http_request_id_is_safe("req-123_ABC.x"));
    char max[HTTP_REQUEST_ID_MAX + 2];
    memset(max, 'x', sizeof(max));
    max[HTTP_REQUEST_ID_MAX] = '\0';
    assert_true(http_request_id_is_safe(max));
    max[HTTP_REQUEST_ID_MAX] = 'x';
    max[HTTP_REQUEST_ID_MAX + 1] = '\0';
    assert_false(http_request_id_is_safe(max));
    assert_false(http_request_id_is_safe(""));
    assert_false(http_request_id_is_safe(NULL));
    assert_false(http_request_id_is_safe("a b"));
    assert_false(http_request_id_is_safe("a\r\nSet-Cookie: x"));
    assert_false(http_request_id_is_safe("<script>"));
    char a[33], b[33];
    http_request_id_generate(a);
    http_request_id_generate(b);
    assert_int_equal(strlen(a), 32);
    assert_true(http_request_id_is_safe(a));
    assert_string_not_equal(a, b);
}

static void
cors_allow_list(void **state)
{
    (void)state;
    const char *list = "http://localhost:5173, https://wallet.example.com";
    assert_true(http_cors_origin_allowed(list, "http://localhost:5173"));
    assert_true(http_cors_origin_allowed(list, "https://wallet.example.com"));
    assert_false(http_cors_origin_allowed(list, "https://wallet.example.com.evil.org"));
    assert_false(http_cors_origin_allowed(list, "http://localhost"));
    assert_false(http_cors_origin_allowed(list, "null"));
    assert_false(http_cors_origin_allowed(list, ""));
    assert_false(http_cors_origin_allowed(NULL, "http://localhost:5173"));
    assert_false(http_cors_origin_allowed("", "http://localhost:5173"));
    assert_false(http_cors_origin_allowed("null", "null"));
}

static void
utf8_validation(void **state)
{
    (void)state;
    assert_true(http_utf8_valid("plain", 5));
    assert_true(http_utf8_valid("Run\xF0\x9F\x8F\x83Swim", 11));
    assert_true(http_utf8_valid("\xC3\xA9", 2));
    assert_false(http_utf8_valid("\xC3", 1));             /* truncated */
    assert_false(http_utf8_valid("\xC0\xAF", 2));         /* overlong '/' */
    assert_false(http_utf8_valid("\xE0\x80\xAF", 3));     /* overlong */
    assert_false(http_utf8_valid("\xED\xA0\x80", 3));     /* surrogate */
    assert_false(http_utf8_valid("\xF4\x90\x80\x80", 4)); /* > U+10FFFF */
    assert_false(http_utf8_valid("\xFF", 1));
    assert_false(http_utf8_valid("a\x80", 2));
}

static void
form_decoding(void **state)
{
    (void)state;
    struct arena a;
    arena_init(&a, 0);
    size_t len = 0;
    bool dup = false;
    const char *q = "query=%7B+__typename+%7D&operationName=Q&variables=%7B%22a%22%3A1%7D&x";
    char *v = http_form_get(&a, q, "query", &len, &dup);
    assert_string_equal(v, "{ __typename }");
    assert_int_equal(len, 14);
    assert_false(dup);
    assert_string_equal(http_form_get(&a, q, "variables", &len, &dup), "{\"a\":1}");
    assert_string_equal(http_form_get(&a, q, "operationName", &len, &dup), "Q");
    assert_null(http_form_get(&a, q, "extensions", &len, &dup));
    assert_string_equal(http_form_get(&a, q, "x", &len, &dup), "");
    /* An escaped NUL survives decoding so the caller can refuse it. */
    v = http_form_get(&a, "query=a%00b", "query", &len, &dup);
    assert_int_equal(len, 3);
    assert_int_equal(v[1], '\0');
    /* Repeated names are reported; a bad escape stays literal. */
    v = http_form_get(&a, "query=1&query=2", "query", &len, &dup);
    assert_true(dup);
    assert_string_equal(http_form_get(&a, "query=%zz%4", "query", &len, &dup), "%zz%4");
    arena_free(&a);
}

static void
json_values_keep_their_kinds(void **state)
{
    (void)state;
    struct arena a;
    arena_init(&a, 0);
    json_error_t err;
    json_t *j = json_loads("{\"n\":12,\"f\":1.5,\"s\":\"x\\u00e9\",\"b\":true,\"z\":null,"
                           "\"l\":[1,\"2\"],\"o\":{\"amount\":\"10.00\"}}",
                           JSON_REJECT_DUPLICATES,
                           &err);
    assert_non_null(j);
    struct gql_val v;
    assert_int_equal(http_json_to_val(&a, j, &v), 0);
    assert_int_equal(v.kind, GQL_VAL_OBJECT);
    assert_int_equal(v.u.object.count, 7);
    assert_string_equal(v.u.object.fields[0].key, "n"); /* order kept */
    assert_int_equal(gql_val_object_get(&v, "n")->kind, GQL_VAL_INT);
    assert_int_equal(gql_val_object_get(&v, "n")->u.int_, 12);
    assert_int_equal(gql_val_object_get(&v, "f")->kind, GQL_VAL_FLOAT);
    const struct gql_val *s = gql_val_object_get(&v, "s");
    assert_int_equal(s->kind, GQL_VAL_STRING);
    assert_int_equal(s->u.string.len, 3);
    assert_memory_equal(s->u.string.ptr, "x\xC3\xA9", 3);
    assert_int_equal(gql_val_object_get(&v, "b")->kind, GQL_VAL_BOOLEAN);
    const struct gql_val *z = gql_val_object_get(&v, "z");
    assert_non_null(z);
    assert_int_equal(z->kind, GQL_VAL_NULL);
    const struct gql_val *l = gql_val_object_get(&v, "l");
    assert_int_equal(l->u.list.count, 2);
    assert_int_equal(l->u.list.items[1].kind, GQL_VAL_STRING);
    const struct gql_val *amount = gql_val_object_get(gql_val_object_get(&v, "o"), "amount");
    assert_int_equal(amount->kind, GQL_VAL_STRING);
    json_decref(j);

    /* Nesting beyond the cap is refused. */
    char deep[2 * (HTTP_JSON_MAX_DEPTH + 5) + 1];
    size_t n = HTTP_JSON_MAX_DEPTH + 5;
    memset(deep, '[', n);
    memset(deep + n, ']', n);
    deep[2 * n] = '\0';
    j = json_loads(deep, 0, &err);
    assert_non_null(j);
    assert_int_equal(http_json_to_val(&a, j, &v), -1);
    json_decref(j);
    arena_free(&a);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(accept_negotiation_follows_q_values),
        cmocka_unit_test(content_type_must_be_json_utf8),
        cmocka_unit_test(request_ids),
        cmocka_unit_test(cors_allow_list),
        cmocka_unit_test(utf8_validation),
        cmocka_unit_test(form_decoding),
        cmocka_unit_test(json_values_keep_their_kinds),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
