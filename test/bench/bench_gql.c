/*
 * Micro-benchmark of the GraphQL engine (issue 3): parses, validates and executes the wallet
 * dashboard document (test/bench/dashboard.graphql) against schema/schema.graphql over an
 * in-memory root value (test/bench/dashboard_root.json), many times, and prints the mean
 * microseconds per document for each phase. test/bench/bench_graphqljs.mjs does the same
 * with graphql-js; test/bench/run.sh runs both and prints the ratios.
 *
 * Usage: bench_gql [SOURCE_DIR] [--seconds S | --iterations N] [--out RESPONSE.json]
 * Output lines: "parse_us 12.3", "validate_us ...", "execute_us ...", "total_us ...".
 *
 * A program, not a test: timings depend on the machine. It reads JSON with jansson (the
 * engine itself never does) and links only the engine and core.
 */
#include "core/arena.h"
#include "core/strbuf.h"
#include "gql/custom_scalars.h"
#include "gql/error.h"
#include "gql/execute.h"
#include "gql/parser.h"
#include "gql/schema.h"
#include "gql/validate.h"
#include "gql/value.h"
#include "gql_test_util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#ifndef WALLET_SOURCE_DIR
#define WALLET_SOURCE_DIR "."
#endif

static char *
slurp(const char *path, size_t *len)
{
    char *s = gtu_read_file(path, len);
    if (s == NULL) {
        fprintf(stderr, "bench_gql: cannot read %s\n", path);
        exit(2);
    }
    return s;
}

static double
now_us(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec * 1e6 + (double)ts.tv_nsec / 1e3;
}

/* Root resolvers as an application would bind them: read the in-memory data. */
static int
resolve_root_field(const struct gql_resolve_info *info, struct gql_val *out)
{
    const struct gql_val *v = gql_val_object_get(info->source, info->field_name);
    *out = v ? *v : gql_val_null();
    return 0;
}

int
main(int argc, char **argv)
{
    const char *src_dir = WALLET_SOURCE_DIR;
    const char *out_path = NULL;
    double seconds = 1.0;
    long iterations = 0; /* fixed count per phase (for callgrind), overrides seconds */
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--seconds") == 0 && i + 1 < argc)
            seconds = atof(argv[++i]);
        else if (strcmp(argv[i], "--iterations") == 0 && i + 1 < argc)
            iterations = atol(argv[++i]);
        else if (strcmp(argv[i], "--out") == 0 && i + 1 < argc)
            out_path = argv[++i];
        else
            src_dir = argv[i];
    }
    char path[4096];
    size_t doc_len;
    snprintf(path, sizeof path, "%s/schema/schema.graphql", src_dir);
    char *sdl = slurp(path, NULL);
    snprintf(path, sizeof path, "%s/test/bench/dashboard.graphql", src_dir);
    char *text = slurp(path, &doc_len);
    snprintf(path, sizeof path, "%s/test/bench/dashboard_root.json", src_dir);
    json_error_t jerr;
    json_t *jroot = json_load_file(path, 0, &jerr);
    if (jroot == NULL) {
        fprintf(stderr, "bench_gql: %s: %s\n", path, jerr.text);
        return 2;
    }

    struct arena process;
    arena_init(&process, 0);
    struct gql_error_list errors;
    struct gql_schema *schema = gtu_schema(&process, sdl);
    if (schema == NULL)
        return 2;
    gql_schema_set_scalar(schema, "Money", &gql_scalars_decimal2, NULL, NULL);
    gql_schema_set_scalar(schema, "DateTime", &gql_scalars_datetime, NULL, NULL);
    gql_schema_set_scalar(schema, "Date", &gql_scalars_date, NULL, NULL);
    gql_schema_bind(schema, "Query.me", resolve_root_field, NULL);
    gql_schema_bind(schema, "Query.transfers", resolve_root_field, NULL);
    gql_schema_bind(schema, "Query.cashFlow", resolve_root_field, NULL);
    struct gql_val root;
    gtu_json_to_val(&process, jroot, &root);
    json_decref(jroot);

    struct arena a;
    arena_init(&a, 256 * 1024);
    struct strbuf out = STRBUF_INIT;
    struct gql_document *doc = NULL;

    /* Warm-up: caches, arena chunks and the output buffer reach their steady state. */
    struct arena scratch;
    arena_init(&scratch, 256 * 1024);
    for (int k = 0; k < 200; k++) {
        arena_reset(&a);
        arena_reset(&scratch);
        gql_error_list_init(&errors, &a, NULL, 0);
        if (gql_parse(&a, text, doc_len, NULL, &doc, &errors) < 0 ||
            gql_validate(schema, doc, NULL, &scratch, &errors) != 0) {
            fprintf(stderr, "bench_gql: %s\n", errors.count ? errors.items[0].message : "?");
            return 1;
        }
        struct gql_execute_params wp = {
            .schema = schema, .document = doc, .root_value = &root, .arena = &scratch};
        strbuf_reset(&out);
        gql_execute(&wp, &out, NULL);
    }

    /* Parse. */
    long n = 0;
    double t0 = now_us(), t1;
    do {
        for (int k = 0; k < 50; k++, n++) {
            arena_reset(&a);
            gql_error_list_init(&errors, &a, NULL, 0);
            if (gql_parse(&a, text, doc_len, NULL, &doc, &errors) < 0) {
                fprintf(stderr, "bench_gql: parse: %s\n", errors.items[0].message);
                return 1;
            }
        }
        t1 = now_us();
    } while (iterations ? n < iterations : t1 - t0 < seconds * 1e6);
    double parse_us = (t1 - t0) / (double)n;

    /* Validate (the last parse's document stays in a; scratch in a second arena). */
    n = 0;
    t0 = now_us();
    do {
        for (int k = 0; k < 50; k++, n++) {
            arena_reset(&scratch);
            gql_error_list_init(&errors, &scratch, NULL, 0);
            if (gql_validate(schema, doc, NULL, &scratch, &errors) != 0) {
                fprintf(stderr, "bench_gql: validate: %s\n", errors.items[0].message);
                return 1;
            }
        }
        t1 = now_us();
    } while (iterations ? n < iterations : t1 - t0 < seconds * 1e6);
    double validate_us = (t1 - t0) / (double)n;

    /* Execute. */
    struct gql_execute_params p = {
        .schema = schema, .document = doc, .root_value = &root, .arena = &scratch};
    n = 0;
    t0 = now_us();
    do {
        for (int k = 0; k < 50; k++, n++) {
            arena_reset(&scratch);
            strbuf_reset(&out);
            struct gql_execute_result r;
            if (gql_execute(&p, &out, &r) != GQL_EXECUTE_OK || r.error_count) {
                fprintf(stderr, "bench_gql: execute: %s\n", strbuf_cstr(&out));
                return 1;
            }
        }
        t1 = now_us();
    } while (iterations ? n < iterations : t1 - t0 < seconds * 1e6);
    double execute_us = (t1 - t0) / (double)n;

    printf("engine C\n");
    printf("document_bytes %zu\n", doc_len);
    printf("response_bytes %zu\n", out.len);
    printf("parse_us %.3f\n", parse_us);
    printf("validate_us %.3f\n", validate_us);
    printf("execute_us %.3f\n", execute_us);
    printf("total_us %.3f\n", parse_us + validate_us + execute_us);
    if (out_path) {
        FILE *f = fopen(out_path, "wb");
        if (f) {
            fwrite(out.data, 1, out.len, f);
            fclose(f);
        }
    }
    strbuf_free(&out);
    arena_free(&scratch);
    arena_free(&a);
    arena_free(&process);
    free(text);
    free(sdl);
    return 0;
}
