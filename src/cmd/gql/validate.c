/*
 * `gql validate [--no-suggestions] SCHEMA.graphql DOC.graphql`: checks an executable document
 * against a schema written in SDL, as graphql-inspector's `validate` does in CI, with every
 * rule of the specification's Validation section (issue 3, include/gql/validate.h).
 *
 * Prints {"errors":[{"message":...,"locations":[{"line":...,"column":...}]}]} on stdout (an
 * empty list when the document is valid); a syntax error in DOC is reported the same way.
 * Exit status: 0 valid, 1 invalid (syntax or validation errors), 2 usage or file error, or a
 * schema that does not build (its errors on stderr as SCHEMA:LINE:COLUMN: message).
 */
#include "gql/validate.h"

#include "commands.h"
#include "core/arena.h"
#include "core/strbuf.h"
#include "gql/error.h"
#include "gql/parser.h"
#include "gql/schema.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char usage[] =
    "usage: gql validate [--no-suggestions] SCHEMA.graphql DOC.graphql\n"
    "Validates an executable GraphQL document against a schema (SDL) with every rule of the\n"
    "specification's Validation section. Prints {\"errors\":[...]} (empty when valid).\n"
    "--no-suggestions leaves \"Did you mean\" lists out of the messages.\n"
    "Exit status: 0 valid, 1 invalid, 2 usage or file error, or an invalid schema.\n";

/* Reads a whole file into a strbuf. Returns 0, or -1 with errno set. */
static int
read_file(const char *path, struct strbuf *out)
{
    FILE *f = fopen(path, "rb");
    if (f == NULL)
        return -1;
    char buf[65536];
    size_t n;
    while ((n = fread(buf, 1, sizeof(buf), f)) > 0)
        strbuf_append(out, buf, n);
    int failed = ferror(f);
    fclose(f);
    if (failed) {
        errno = EIO;
        return -1;
    }
    return 0;
}

/* Writes {"errors":[...]} with message and locations of each error, then a newline. */
static void
print_errors(const struct gql_error_list *errors)
{
    struct strbuf out = STRBUF_INIT;
    strbuf_puts(&out, "{\"errors\":[");
    for (uint32_t i = 0; i < errors->count; i++) {
        const struct gql_error *e = &errors->items[i];
        if (i > 0)
            strbuf_putc(&out, ',');
        strbuf_puts(&out, "{\"message\":");
        strbuf_append_json_string(&out, e->message, strlen(e->message));
        if (e->location_count > 0) {
            strbuf_puts(&out, ",\"locations\":[");
            for (uint32_t j = 0; j < e->location_count; j++)
                strbuf_printf(&out,
                              "%s{\"line\":%u,\"column\":%u}",
                              j > 0 ? "," : "",
                              e->locations[j].line,
                              e->locations[j].column);
            strbuf_putc(&out, ']');
        }
        strbuf_putc(&out, '}');
    }
    strbuf_puts(&out, "]}\n");
    fwrite(out.data, 1, out.len, stdout);
    strbuf_free(&out);
}

int
gql_cmd_validate(int argc, char **argv)
{
    bool hide_suggestions = false;
    int first = 1;
    for (; first < argc && argv[first][0] == '-' && argv[first][1] != '\0'; first++) {
        if (strcmp(argv[first], "--no-suggestions") == 0) {
            hide_suggestions = true;
        } else if (strcmp(argv[first], "-h") == 0 || strcmp(argv[first], "--help") == 0) {
            fputs(usage, stdout);
            return 0;
        } else {
            fprintf(stderr, "gql validate: unknown option %s\n", argv[first]);
            fputs(usage, stderr);
            return 2;
        }
    }
    if (argc - first != 2) {
        fputs(usage, stderr);
        return 2;
    }
    const char *schema_path = argv[first];
    const char *doc_path = argv[first + 1];

    int status = 2;
    struct strbuf sdl = STRBUF_INIT, text = STRBUF_INIT;
    struct arena schema_arena, arena;
    arena_init(&schema_arena, 0);
    arena_init(&arena, 0);
    if (read_file(schema_path, &sdl) < 0) {
        fprintf(stderr, "gql validate: cannot read %s: %s\n", schema_path, strerror(errno));
        goto out;
    }
    if (read_file(doc_path, &text) < 0) {
        fprintf(stderr, "gql validate: cannot read %s: %s\n", doc_path, strerror(errno));
        goto out;
    }

    struct gql_error_list schema_errors;
    gql_error_list_init(&schema_errors, &arena, NULL, 0);
    struct gql_schema *schema = NULL;
    if (gql_schema_build_from_sdl(
            &schema_arena, strbuf_cstr(&sdl), sdl.len, &schema, &schema_errors) < 0) {
        for (uint32_t i = 0; i < schema_errors.count; i++) {
            const struct gql_error *e = &schema_errors.items[i];
            if (e->location_count > 0)
                fprintf(stderr,
                        "%s:%u:%u: %s\n",
                        schema_path,
                        e->locations[0].line,
                        e->locations[0].column,
                        e->message);
            else
                fprintf(stderr, "%s: %s\n", schema_path, e->message);
        }
        goto out;
    }

    struct gql_error_list errors;
    gql_error_list_init(&errors, &arena, strbuf_cstr(&text), text.len);
    struct gql_document *doc = NULL;
    if (gql_parse(&arena, strbuf_cstr(&text), text.len, NULL, &doc, &errors) < 0) {
        print_errors(&errors);
        status = 1;
        goto out;
    }
    struct gql_validate_options opts = {0};
    opts.hide_suggestions = hide_suggestions;
    int n = gql_validate(schema, doc, &opts, &arena, &errors);
    print_errors(&errors);
    status = n > 0 ? 1 : 0;
out:
    arena_free(&arena);
    arena_free(&schema_arena);
    strbuf_free(&sdl);
    strbuf_free(&text);
    return status;
}
