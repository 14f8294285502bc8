/*
 * `gql parse DOC.graphql...`: checks that each document (executable or SDL) is syntactically
 * valid GraphQL. Prints every syntax error as `DOC.graphql:LINE:COLUMN: message` on stderr.
 * Exit status: 0 all documents parse, 1 a document has a syntax error, 2 usage or file error.
 */
#include "commands.h"
#include "core/arena.h"
#include "gql/error.h"
#include "gql/parser.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Reads a whole file into a malloc'd buffer (caller frees). Returns NULL with errno set. */
static char *
read_file(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (f == NULL)
        return NULL;
    size_t cap = 8192, n = 0;
    char *buf = malloc(cap);
    if (buf == NULL)
        goto out_close;
    for (;;) {
        size_t got = fread(buf + n, 1, cap - n, f);
        n += got;
        if (got == 0)
            break;
        if (n == cap) {
            char *bigger = realloc(buf, cap * 2);
            if (bigger == NULL)
                goto out_free;
            buf = bigger;
            cap *= 2;
        }
    }
    if (ferror(f))
        goto out_free;
    fclose(f);
    *len = n;
    return buf;
out_free:
    free(buf);
out_close:
    fclose(f);
    if (errno == 0)
        errno = EIO;
    return NULL;
}

/* Parses one file; returns the exit status for it. */
static int
parse_one(const char *path)
{
    size_t len;
    errno = 0;
    char *src = read_file(path, &len);
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
        for (uint32_t i = 0; i < errors.count; i++) {
            const struct gql_error *e = &errors.items[i];
            struct gql_location loc =
                e->location_count ? e->locations[0] : (struct gql_location){1, 1};
            fprintf(stderr, "%s:%u:%u: %s\n", path, loc.line, loc.column, e->message);
        }
        status = 1;
    }
    arena_free(&arena);
    free(src);
    return status;
}

int
gql_cmd_parse(int argc, char **argv)
{
    if (argc < 2 || strcmp(argv[1], "-h") == 0 || strcmp(argv[1], "--help") == 0) {
        fputs("usage: gql parse DOC.graphql...\n"
              "Checks GraphQL syntax; prints errors as FILE:LINE:COLUMN: message.\n"
              "Exit status: 0 valid, 1 syntax errors, 2 usage or file error.\n",
              argc < 2 ? stderr : stdout);
        return argc < 2 ? 2 : 0;
    }
    int status = 0;
    for (int i = 1; i < argc; i++) {
        int s = parse_one(argv[i]);
        if (s > status)
            status = s;
    }
    return status;
}
