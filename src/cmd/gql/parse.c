/*
 * `gql parse [--print|--print-redacted] DOC.graphql...`: checks that each document
 * (executable or SDL) is syntactically valid GraphQL (specification §2 Language, §3 Type
 * System), optionally printing its canonical form (graphql-js print()).
 * Prints every syntax error as `DOC.graphql:LINE:COLUMN: message` on stderr. Exit status: 0 all
 * documents parse, 1 a document has a syntax error, 2 usage or file error.
 */
#include "commands.h"
#include "core/arena.h"
#include "gql/error.h"
#include "gql/parser.h"
#include "gql/printer.h"

/* What to do with a document that parses. */
enum output {
    OUTPUT_NONE,   /* only check */
    OUTPUT_PRINT,  /* --print: canonical text (graphql-js print()) on stdout */
    OUTPUT_REDACT, /* --print-redacted: same with literal values replaced */
};

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Parses one file; returns the exit status for it. */
static int
parse_one(const char *path, enum output output)
{
    size_t len;
    errno = 0;
    char *src = gql_cmd_read_file(path, &len);
    if (src == NULL) {
        fprintf(stderr, "gql parse: cannot read %s: %s\n", path, strerror(errno));
        return 2;
    }
    struct arena arena;
    arena_init(&arena, 0);
    struct gql_error_list errors;
    gql_error_list_init(&errors, &arena, src, len);
    struct gql_document *doc;
    int status = 0;
    if (gql_parse(&arena, src, len, NULL, &doc, &errors) < 0) {
        gql_cmd_print_located(path, &errors);
        status = 1;
    } else if (output != OUTPUT_NONE) {
        struct strbuf out = STRBUF_INIT;
        struct gql_print_options po = {.redact_values = output == OUTPUT_REDACT};
        gql_print(&doc->node, &po, &out);
        strbuf_putc(&out, '\n');
        fwrite(out.data, 1, out.len, stdout);
        strbuf_free(&out);
    }
    arena_free(&arena);
    free(src);
    return status;
}

static const char usage[] =
    "usage: gql parse [--print | --print-redacted] DOC.graphql...\n"
    "Checks GraphQL syntax (executable documents and SDL); prints each error as\n"
    "FILE:LINE:COLUMN: message on stderr. --print writes the canonical form of each\n"
    "document on stdout; --print-redacted replaces every literal value by a placeholder.\n"
    "Exit status: 0 valid, 1 syntax errors, 2 usage or file error.\n";

int
gql_cmd_parse(int argc, char **argv)
{
    enum output output = OUTPUT_NONE;
    int first = 1;
    for (; first < argc && argv[first][0] == '-' && argv[first][1] != '\0'; first++) {
        if (strcmp(argv[first], "--print") == 0) {
            output = OUTPUT_PRINT;
        } else if (strcmp(argv[first], "--print-redacted") == 0) {
            output = OUTPUT_REDACT;
        } else if (strcmp(argv[first], "-h") == 0 || strcmp(argv[first], "--help") == 0) {
            fputs(usage, stdout);
            return 0;
        } else {
            fprintf(stderr, "gql parse: unknown option %s\n", argv[first]);
            fputs(usage, stderr);
            return 2;
        }
    }
    if (first >= argc) {
        fputs(usage, stderr);
        return 2;
    }
    int status = 0;
    for (int i = first; i < argc; i++) {
        int s = parse_one(argv[i], output);
        if (s > status)
            status = s;
    }
    return status;
}
