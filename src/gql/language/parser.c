/* The GraphQL parser (include/gql/parser.h): placeholder until the implementation lands. */
#include "gql/parser.h"

static int
not_yet(struct gql_error_list *errors)
{
    gql_error_add(errors, GQL_CODE_PARSE_FAILED, "Syntax Error: parser not implemented yet.");
    return -1;
}

int
gql_parse(struct arena *arena,
          const char *src,
          size_t len,
          const struct gql_parse_options *opts,
          struct gql_document **out,
          struct gql_error_list *errors)
{
    (void)arena, (void)src, (void)len, (void)opts;
    *out = NULL;
    return not_yet(errors);
}

int
gql_parse_sdl(struct arena *arena,
              const char *src,
              size_t len,
              const struct gql_parse_options *opts,
              struct gql_document **out,
              struct gql_error_list *errors)
{
    return gql_parse(arena, src, len, opts, out, errors);
}

int
gql_parse_value(struct arena *arena,
                const char *src,
                size_t len,
                const struct gql_parse_options *opts,
                int is_const,
                struct gql_value **out,
                struct gql_error_list *errors)
{
    (void)arena, (void)src, (void)len, (void)opts, (void)is_const;
    *out = NULL;
    return not_yet(errors);
}

int
gql_parse_type(struct arena *arena,
               const char *src,
               size_t len,
               const struct gql_parse_options *opts,
               struct gql_type **out,
               struct gql_error_list *errors)
{
    (void)arena, (void)src, (void)len, (void)opts;
    *out = NULL;
    return not_yet(errors);
}
