/*
 * gql_introspect: runs a query (by default graphql-js's full introspection query, from
 * test/fixtures/schema/introspection-query.graphql) against a schema built from an SDL file
 * through our engine (parse, validate, execute) and prints the response JSON. Used by the
 * node test test/js/introspection.mjs, which feeds the result to graphql-js buildClientSchema.
 *
 *   gql_introspect SCHEMA.graphql QUERY.graphql
 *
 * Exit status: 0 on a response without errors, 1 when the response has errors or the schema
 * does not build, 2 on a usage or file error.
 */
#include "core/arena.h"
#include "core/strbuf.h"
#include "gql/error.h"
#include "gql/execute.h"
#include "gql/parser.h"
#include "gql/schema.h"
#include "gql/validate.h"
#include "gql_test_util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int
main(int argc, char **argv)
{
    if (argc != 3) {
        fputs("usage: gql_introspect SCHEMA.graphql QUERY.graphql\n", stderr);
        return 2;
    }
    size_t query_len = 0;
    char *sdl = gtu_read_file(argv[1], NULL);
    char *query = gtu_read_file(argv[2], &query_len);
    if (sdl == NULL || query == NULL) {
        fprintf(stderr, "gql_introspect: cannot read %s\n", sdl == NULL ? argv[1] : argv[2]);
        free(sdl);
        free(query);
        return 2;
    }
    int status = 1;
    struct arena a;
    arena_init(&a, 0);
    struct strbuf out = STRBUF_INIT;
    struct gql_schema *schema = gtu_schema(&a, sdl);
    if (schema == NULL)
        goto out_free;
    struct gql_error_list qerrors;
    gql_error_list_init(&qerrors, &a, query, query_len);
    struct gql_document *doc = NULL;
    if (gql_parse(&a, query, query_len, NULL, &doc, &qerrors) < 0 ||
        gql_validate(schema, doc, NULL, &a, &qerrors) > 0) {
        strbuf_puts(&out, "{\"errors\":");
        gql_errors_to_json(&qerrors, &out);
        strbuf_puts(&out, "}");
        puts(strbuf_cstr(&out));
        goto out_free;
    }
    struct gql_execute_params p;
    memset(&p, 0, sizeof p);
    p.schema = schema;
    p.document = doc;
    p.arena = &a;
    struct gql_execute_result r;
    memset(&r, 0, sizeof r);
    int rc = gql_execute(&p, &out, &r);
    puts(strbuf_cstr(&out));
    status = rc == GQL_EXECUTE_OK && r.error_count == 0 ? 0 : 1;
out_free:
    strbuf_free(&out);
    arena_free(&a);
    free(sdl);
    free(query);
    return status;
}
