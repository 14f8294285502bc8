/*
 * Helpers shared by the GraphQL engine's tests, tools and benchmark (test/unit/test_*.c,
 * test/tools/gql_introspect.c, test/bench/bench_gql.c): read a file, by path or relative to
 * WALLET_SOURCE_DIR; build a schema from SDL; turn JSON text into runtime values (through
 * jansson, which tests may use: the engine itself never reads JSON); run a document to its
 * response JSON.
 *
 * Header-only (static inline), so each program takes what it uses; a program including it
 * links jansson. Included after cmocka.h it also offers gtu_parse_ok, gtu_fixture and
 * gtu_schema_ok, which fail the test instead of returning NULL.
 */
#ifndef WALLET_TEST_GQL_TEST_UTIL_H
#define WALLET_TEST_GQL_TEST_UTIL_H

#include "core/arena.h"
#include "core/strbuf.h"
#include "gql/error.h"
#include "gql/execute.h"
#include "gql/parser.h"
#include "gql/schema.h"
#include "gql/validate.h"
#include "gql/value.h"

#include <jansson.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The whole file at path as a malloc'd NUL-terminated string (*len bytes, len may be NULL),
 * or NULL when it cannot be read. */
static inline char *
gtu_read_file(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (f == NULL)
        return NULL;
    struct strbuf sb = STRBUF_INIT;
    char buf[65536];
    size_t n;
    while ((n = fread(buf, 1, sizeof buf, f)) > 0)
        strbuf_append(&sb, buf, n);
    int failed = ferror(f);
    fclose(f);
    if (failed) {
        strbuf_free(&sb);
        return NULL;
    }
    size_t l = 0;
    char *s = strbuf_detach(&sb, &l);
    if (len != NULL)
        *len = l;
    return s;
}

/* gtu_read_file of a path relative to the source tree ($WALLET_SOURCE_DIR, else "."); says
 * which file it could not read on stderr. */
static inline char *
gtu_read_source(const char *relative, size_t *len)
{
    const char *dir = getenv("WALLET_SOURCE_DIR");
    char path[4096];
    snprintf(path, sizeof path, "%s/%s", dir != NULL ? dir : ".", relative);
    char *s = gtu_read_file(path, len);
    if (s == NULL)
        fprintf(stderr, "cannot read %s (set WALLET_SOURCE_DIR)\n", path);
    return s;
}

/* Builds the SDL text sdl into a; on failure prints the errors on stderr and returns NULL. */
static inline struct gql_schema *
gtu_schema(struct arena *a, const char *sdl)
{
    struct arena scratch;
    arena_init(&scratch, 0);
    struct gql_error_list errors;
    gql_error_list_init(&errors, &scratch, sdl, strlen(sdl));
    struct gql_schema *s = NULL;
    if (gql_schema_build_from_sdl(a, sdl, strlen(sdl), &s, &errors) != 0) {
        for (uint32_t i = 0; i < errors.count; i++)
            fprintf(stderr, "schema error: %s\n", errors.items[i].message);
        s = NULL;
    }
    arena_free(&scratch);
    return s;
}

#ifdef assert_non_null
/* In a cmocka test: parses src[0..len); the test fails with the syntax error if it does not. */
static inline struct gql_document *
gtu_parse_ok(struct arena *a, const char *src, size_t len)
{
    struct gql_error_list errors;
    gql_error_list_init(&errors, a, src, len);
    struct gql_document *doc = NULL;
    if (gql_parse(a, src, len, NULL, &doc, &errors) != 0)
        fail_msg("%s: %s", src, errors.items[0].message);
    return doc;
}

/* In a cmocka test: the file dir/name of the source tree, NUL-terminated in a (*len bytes);
 * the test fails when it cannot be read. */
static inline char *
gtu_fixture(struct arena *a, const char *dir, const char *name, size_t *len)
{
    char relative[1024];
    snprintf(relative, sizeof relative, "%s/%s", dir, name);
    size_t n = 0;
    char *s = gtu_read_source(relative, &n);
    if (s == NULL)
        fail_msg("cannot read %s", relative);
    char *copy = arena_strndup(a, s, n);
    free(s);
    *len = n;
    return copy;
}

/* gtu_schema in a cmocka test: the test fails when the SDL does not build. */
static inline struct gql_schema *
gtu_schema_ok(struct arena *a, const char *sdl)
{
    struct gql_schema *s = gtu_schema(a, sdl);
    assert_non_null(s);
    return s;
}
#endif

/* A jansson value as a runtime value in a. */
static inline void
gtu_json_to_val(struct arena *a, json_t *j, struct gql_val *out)
{
    switch (json_typeof(j)) {
    case JSON_NULL:
        *out = gql_val_null();
        return;
    case JSON_TRUE:
    case JSON_FALSE:
        *out = gql_val_boolean(json_is_true(j));
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
            gtu_json_to_val(a, json_array_get(j, i), &out->u.list.items[i]);
        return;
    case JSON_OBJECT: {
        *out = gql_val_object(a, json_object_size(j));
        const char *key;
        json_t *v;
        json_object_foreach(j, key, v)
        {
            struct gql_val cv;
            gtu_json_to_val(a, v, &cv);
            gql_val_object_set(a, out, key, cv);
        }
        return;
    }
    }
}

/* JSON text -> runtime value in a (aborts the program on malformed JSON). */
static inline struct gql_val
gtu_json(struct arena *a, const char *text)
{
    json_error_t err;
    json_t *j = json_loads(text, JSON_DECODE_ANY, &err);
    if (j == NULL) {
        fprintf(stderr, "bad test JSON: %s: %s\n", text, err.text);
        abort();
    }
    struct gql_val v;
    gtu_json_to_val(a, j, &v);
    json_decref(j);
    return v;
}

/* How gtu_exec runs a document (every member optional). */
struct gtu_run {
    const char *operation_name;
    const char *variables; /* JSON, or NULL */
    const char *root;      /* JSON, or NULL */
    const struct gql_val *root_value;
    void *context;
    unsigned flags;
    bool validate; /* run gql_validate first; a document with errors gives them as JSON */
};

/*
 * Parses query (aborting on a syntax error), validates it when opt->validate, executes it and
 * returns the response JSON as an arena string. *rc gets gql_execute's result (or -1 after
 * validation errors) when rc is not NULL.
 */
static inline const char *
gtu_exec(struct arena *a,
         const struct gql_schema *s,
         const char *query,
         const struct gtu_run *opt,
         int *rc,
         struct gql_execute_result *result)
{
    struct gql_error_list errors;
    gql_error_list_init(&errors, a, query, strlen(query));
    struct gql_document *doc = NULL;
    if (gql_parse(a, query, strlen(query), NULL, &doc, &errors) < 0) {
        fprintf(stderr, "syntax error in test query: %s\n", errors.items[0].message);
        abort();
    }
    struct strbuf out = STRBUF_INIT;
    if (opt != NULL && opt->validate && gql_validate(s, doc, NULL, a, &errors) > 0) {
        strbuf_puts(&out, "{\"errors\":");
        gql_errors_to_json(&errors, &out);
        strbuf_putc(&out, '}');
        if (rc)
            *rc = -1;
    } else {
        struct gql_val vars, root;
        struct gql_execute_params p = {.schema = s, .document = doc, .arena = a};
        if (opt) {
            p.operation_name = opt->operation_name;
            if (opt->variables) {
                vars = gtu_json(a, opt->variables);
                p.variables = &vars;
            }
            if (opt->root) {
                root = gtu_json(a, opt->root);
                p.root_value = &root;
            }
            if (opt->root_value)
                p.root_value = opt->root_value;
            p.context = opt->context;
            p.flags = opt->flags;
        }
        int r = gql_execute(&p, &out, result);
        if (rc)
            *rc = r;
    }
    const char *s_out = arena_strdup(a, strbuf_cstr(&out));
    strbuf_free(&out);
    return s_out;
}

#endif
