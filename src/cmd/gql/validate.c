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
    size_t len = 0;
    char *text = NULL;
    struct arena schema_arena, arena;
    arena_init(&schema_arena, 0);
    arena_init(&arena, 0);
    struct gql_schema *schema = gql_cmd_load_schema(&schema_arena, "validate", schema_path);
    if (schema == NULL)
        goto out;
    if ((text = gql_cmd_read_file(doc_path, &len)) == NULL) {
        fprintf(stderr, "gql validate: cannot read %s: %s\n", doc_path, strerror(errno));
        goto out;
    }

    struct gql_error_list errors;
    gql_error_list_init(&errors, &arena, text, len);
    struct gql_document *doc = NULL;
    if (gql_parse(&arena, text, len, NULL, &doc, &errors) < 0) {
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
    free(text);
    return status;
}
