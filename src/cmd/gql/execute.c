/*
 * `gql execute SCHEMA.graphql DOC.graphql --root ROOT.json [--variables VARS.json]
 * [--operation NAME]`: builds the schema, parses and validates the document, then executes
 * it with the default property resolver over the JSON root value (an object field reads the
 * same-named key; an abstract type's concrete type comes from the value's "__typename" key)
 * and prints the GraphQL response JSON on stdout (specification §6 Execution, §7 Response;
 * issue 3).
 *
 * Exit status: 0 executed (the response may still hold field errors), 1 the document does
 * not parse or validate, or a request error (unknown operation, bad variables), 2 usage,
 * file or schema error. JSON is read with jansson here; the engine itself never sees it.
 */
#include "gql/execute.h"

#include "commands.h"
#include "core/arena.h"
#include "core/strbuf.h"
#include "gql/error.h"
#include "gql/parser.h"
#include "gql/schema.h"
#include "gql/validate.h"
#include "gql/value.h"

#include <errno.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Nesting bound of the JSON → value conversion (jansson itself stops near 2048). */
#define JSON_MAX_DEPTH 2048

/* Converts a jansson value into a runtime value in arena. Returns 0, or -1 if too deep. */
static int
json_to_val(struct arena *a, json_t *j, struct gql_val *out, int depth)
{
    if (depth > JSON_MAX_DEPTH)
        return -1;
    switch (json_typeof(j)) {
    case JSON_NULL:
        *out = gql_val_null();
        return 0;
    case JSON_TRUE:
        *out = gql_val_boolean(true);
        return 0;
    case JSON_FALSE:
        *out = gql_val_boolean(false);
        return 0;
    case JSON_INTEGER:
        *out = gql_val_int((int64_t)json_integer_value(j));
        return 0;
    case JSON_REAL:
        *out = gql_val_float(json_real_value(j));
        return 0;
    case JSON_STRING:
        *out = gql_val_string(a, json_string_value(j), json_string_length(j));
        return 0;
    case JSON_ARRAY: {
        size_t n = json_array_size(j);
        *out = gql_val_list(a, n);
        for (size_t i = 0; i < n; i++)
            if (json_to_val(a, json_array_get(j, i), &out->u.list.items[i], depth + 1) < 0)
                return -1;
        return 0;
    }
    case JSON_OBJECT: {
        *out = gql_val_object(a, json_object_size(j));
        const char *key;
        json_t *v;
        json_object_foreach(j, key, v)
        {
            struct gql_val cv;
            if (json_to_val(a, v, &cv, depth + 1) < 0)
                return -1;
            gql_val_object_set(a, out, key, cv);
        }
        return 0;
    }
    }
    return -1;
}

static int
load_json(struct arena *a, const char *what, const char *path, struct gql_val *out)
{
    json_error_t err;
    json_t *j = json_load_file(path, JSON_DECODE_ANY | JSON_ALLOW_NUL, &err);
    if (j == NULL) {
        fprintf(
            stderr, "gql execute: %s %s:%d:%d: %s\n", what, path, err.line, err.column, err.text);
        return -1;
    }
    int rc = json_to_val(a, j, out, 0);
    json_decref(j);
    if (rc < 0)
        fprintf(stderr, "gql execute: %s %s: nested too deeply\n", what, path);
    return rc;
}

static void
print_errors(const struct gql_error_list *errors)
{
    struct strbuf sb = STRBUF_INIT;
    strbuf_puts(&sb, "{\"errors\":");
    gql_errors_to_json(errors, &sb);
    strbuf_puts(&sb, "}\n");
    fputs(strbuf_cstr(&sb), stdout);
    strbuf_free(&sb);
}

static void
usage(void)
{
    fputs("usage: gql execute SCHEMA.graphql DOC.graphql --root ROOT.json"
          " [--variables VARS.json] [--operation NAME]\n",
          stderr);
}

int
gql_cmd_execute(int argc, char **argv)
{
    const char *schema_path = NULL, *doc_path = NULL, *root_path = NULL, *vars_path = NULL;
    const char *operation = NULL;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if ((strcmp(a, "--root") == 0 || strcmp(a, "--variables") == 0 ||
             strcmp(a, "--operation") == 0) &&
            i + 1 < argc) {
            const char *v = argv[++i];
            if (a[2] == 'r')
                root_path = v;
            else if (a[2] == 'v')
                vars_path = v;
            else
                operation = v;
        } else if (a[0] == '-' && a[1] == '-') {
            usage();
            return 2;
        } else if (schema_path == NULL) {
            schema_path = a;
        } else if (doc_path == NULL) {
            doc_path = a;
        } else {
            usage();
            return 2;
        }
    }
    if (schema_path == NULL || doc_path == NULL || root_path == NULL) {
        usage();
        return 2;
    }

    int status = 2;
    size_t doc_len = 0;
    char *text = NULL;
    struct arena process, request;
    arena_init(&process, 0);
    arena_init(&request, 0);
    struct strbuf out = STRBUF_INIT;

    struct gql_schema *schema = gql_cmd_load_schema(&process, "execute", schema_path);
    if (schema == NULL)
        goto out_free;
    if ((text = gql_cmd_read_file(doc_path, &doc_len)) == NULL) {
        fprintf(stderr, "gql execute: cannot read %s: %s\n", doc_path, strerror(errno));
        goto out_free;
    }
    gql_schema_allow_default_resolver(schema, "*");

    struct gql_val root, vars;
    bool have_vars = vars_path != NULL;
    if (load_json(&request, "root", root_path, &root) < 0)
        goto out_free;
    if (have_vars && load_json(&request, "variables", vars_path, &vars) < 0)
        goto out_free;

    struct gql_error_list errors;
    gql_error_list_init(&errors, &request, text, doc_len);
    struct gql_document *doc = NULL;
    struct gql_parse_options popts = {0, 0, GQL_DOC_EXECUTABLE};
    if (gql_parse(&request, text, doc_len, &popts, &doc, &errors) < 0) {
        print_errors(&errors);
        status = 1;
        goto out_free;
    }
    if (gql_validate(schema, doc, NULL, &request, &errors) > 0) {
        print_errors(&errors);
        status = 1;
        goto out_free;
    }

    struct gql_execute_params p = {
        .schema = schema,
        .document = doc,
        .operation_name = operation,
        .variables = have_vars ? &vars : NULL,
        .root_value = &root,
        .arena = &request,
    };
    int rc = gql_execute(&p, &out, NULL);
    strbuf_putc(&out, '\n');
    fputs(strbuf_cstr(&out), stdout);
    status = rc == GQL_EXECUTE_OK ? 0 : 1;

out_free:
    strbuf_free(&out);
    arena_free(&request);
    arena_free(&process);
    free(text);
    return status;
}
