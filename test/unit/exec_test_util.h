/*
 * Helpers shared by the execution unit tests (test_execute.c, test_values.c): build a schema
 * from SDL, turn JSON text into runtime values (through jansson, which tests may use) and
 * run a document to its response JSON.
 */
#ifndef WALLET_TEST_EXEC_TEST_UTIL_H
#define WALLET_TEST_EXEC_TEST_UTIL_H

#include "core/arena.h"
#include "core/strbuf.h"
#include "gql/error.h"
#include "gql/execute.h"
#include "gql/parser.h"
#include "gql/schema.h"
#include "gql/value.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static inline void
etu_json_to_val(struct arena *a, json_t *j, struct gql_val *out)
{
    switch (json_typeof(j)) {
    case JSON_NULL:
        *out = gql_val_null();
        return;
    case JSON_TRUE:
        *out = gql_val_boolean(true);
        return;
    case JSON_FALSE:
        *out = gql_val_boolean(false);
        return;
    case JSON_INTEGER:
        *out = gql_val_int((int64_t)json_integer_value(j));
        return;
    case JSON_REAL:
        *out = gql_val_float(json_real_value(j));
        return;
    case JSON_STRING:
        *out = gql_val_string(a, json_string_value(j), json_string_length(j));
        return;
    case JSON_ARRAY:
        *out = gql_val_list(a, json_array_size(j));
        for (size_t i = 0; i < json_array_size(j); i++)
            etu_json_to_val(a, json_array_get(j, i), &out->u.list.items[i]);
        return;
    case JSON_OBJECT: {
        *out = gql_val_object(a, json_object_size(j));
        const char *key;
        json_t *v;
        json_object_foreach(j, key, v)
        {
            struct gql_val cv;
            etu_json_to_val(a, v, &cv);
            gql_val_object_set(a, out, key, cv);
        }
        return;
    }
    }
}

/* JSON text -> runtime value in a (aborts the test on malformed JSON). */
static inline struct gql_val
etu_json(struct arena *a, const char *text)
{
    json_error_t err;
    json_t *j = json_loads(text, JSON_DECODE_ANY, &err);
    if (j == NULL) {
        fprintf(stderr, "bad test JSON: %s: %s\n", text, err.text);
        abort();
    }
    struct gql_val v;
    etu_json_to_val(a, j, &v);
    json_decref(j);
    return v;
}

/* Builds a schema from SDL in a (aborts with the errors printed on failure). */
static inline struct gql_schema *
etu_schema(struct arena *a, const char *sdl)
{
    struct gql_error_list errors;
    gql_error_list_init(&errors, a, NULL, 0);
    struct gql_schema *s = NULL;
    if (gql_schema_build_from_sdl(a, sdl, strlen(sdl), &s, &errors) < 0) {
        for (uint32_t i = 0; i < errors.count; i++)
            fprintf(stderr, "schema error: %s\n", errors.items[i].message);
        abort();
    }
    return s;
}

struct etu_run {
    const char *operation_name;
    const char *variables; /* JSON, or NULL */
    const char *root;      /* JSON, or NULL */
    const struct gql_val *root_value;
    void *context;
    unsigned flags;
};

/*
 * Parses query (aborting on a syntax error), executes it and returns the response JSON as an
 * arena string. *rc gets gql_execute's result when rc is not NULL.
 */
static inline const char *
etu_exec(struct arena *a,
         const struct gql_schema *s,
         const char *query,
         const struct etu_run *opt,
         int *rc,
         struct gql_execute_result *result)
{
    struct gql_error_list errors;
    gql_error_list_init(&errors, a, NULL, 0);
    struct gql_document *doc = NULL;
    if (gql_parse(a, query, strlen(query), NULL, &doc, &errors) < 0) {
        fprintf(stderr, "syntax error in test query: %s\n", errors.items[0].message);
        abort();
    }
    struct gql_val vars, root;
    struct gql_execute_params p = {.schema = s, .document = doc, .arena = a};
    if (opt) {
        p.operation_name = opt->operation_name;
        if (opt->variables) {
            vars = etu_json(a, opt->variables);
            p.variables = &vars;
        }
        if (opt->root) {
            root = etu_json(a, opt->root);
            p.root_value = &root;
        }
        if (opt->root_value)
            p.root_value = opt->root_value;
        p.context = opt->context;
        p.flags = opt->flags;
    }
    struct strbuf out = STRBUF_INIT;
    int r = gql_execute(&p, &out, result);
    if (rc)
        *rc = r;
    const char *s_out = arena_strdup(a, strbuf_cstr(&out));
    strbuf_free(&out);
    return s_out;
}

#endif
