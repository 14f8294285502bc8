/*
 * What the `gql` subcommands share (commands.h): reading a document or schema file and
 * building a schema from SDL (specification §3 Type System, with the schema checks of
 * graphql-js buildSchema) with its errors reported as FILE:LINE:COLUMN: message.
 */
#include "commands.h"
#include "core/strbuf.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

char *
gql_cmd_read_file(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (f == NULL)
        return NULL;
    struct strbuf sb = STRBUF_INIT;
    char chunk[65536];
    size_t got;
    while ((got = fread(chunk, 1, sizeof chunk, f)) > 0)
        strbuf_append(&sb, chunk, got);
    int failed = ferror(f);
    fclose(f);
    if (failed) {
        strbuf_free(&sb);
        errno = EIO;
        return NULL;
    }
    strbuf_reserve(&sb, 1); /* an empty file still gets a buffer */
    return strbuf_detach(&sb, len);
}

void
gql_cmd_print_located(const char *path, const struct gql_error_list *errors)
{
    for (uint32_t i = 0; i < errors->count; i++) {
        const struct gql_error *e = &errors->items[i];
        if (e->location_count > 0)
            fprintf(stderr,
                    "%s:%u:%u: %s\n",
                    path,
                    e->locations[0].line,
                    e->locations[0].column,
                    e->message);
        else
            fprintf(stderr, "%s: %s\n", path, e->message);
    }
}

struct gql_schema *
gql_cmd_load_schema(struct arena *arena, const char *cmd, const char *path)
{
    size_t len = 0;
    char *sdl = gql_cmd_read_file(path, &len);
    if (sdl == NULL) {
        fprintf(stderr, "gql %s: cannot read %s: %s\n", cmd, path, strerror(errno));
        return NULL;
    }
    struct arena scratch;
    arena_init(&scratch, 0);
    struct gql_error_list errors;
    gql_error_list_init(&errors, &scratch, NULL, 0);
    struct gql_schema *schema = NULL;
    if (gql_schema_build_from_sdl(arena, sdl, len, &schema, &errors) < 0) {
        gql_cmd_print_located(path, &errors);
        schema = NULL;
    }
    arena_free(&scratch);
    free(sdl);
    return schema;
}
