/*
 * Private declarations shared by the files of the type module (src/gql/type/): the name
 * index, the construction of built-in types, default-value coercion and introspection
 * binding (specification §3 Type System, §4 Introspection). Nothing outside src/gql/type/
 * includes this header.
 */
#ifndef WALLET_GQL_TYPE_INTERNAL_H
#define WALLET_GQL_TYPE_INTERNAL_H

#include "core/arena.h"
#include "core/strbuf.h"
#include "gql/schema.h"
#include "util/name_map.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* A table from names to pointers: built once, read-only after (a gql_name_map). */
struct gql_schema_index {
    struct gql_name_map map;
};

/* A failed gql_schema_bind(): reported again by gql_schema_check_bindings(). */
struct gql_schema_binding_error {
    struct gql_schema_binding_error *next;
    const char *coordinate;
    const char *message;
};

/* An empty index expecting about n entries (it grows as needed), in arena. */
struct gql_schema_index *gql_tsys_index_new(struct arena *arena, size_t n);

/* Adds name -> value; returns the previous value for that name (not replaced), or NULL. */
const void *
gql_tsys_index_put(struct gql_schema_index *index, const char *name, size_t len, const void *value);

/* Adds name -> value, replacing the value of an existing entry. */
void
gql_tsys_index_set(struct gql_schema_index *index, const char *name, size_t len, const void *value);

/* The value for name, or NULL. index may be NULL. */
const void *gql_tsys_index_get(const struct gql_schema_index *index, const char *name, size_t len);

/* The built-in scalars' hooks (scalars.c). */
extern const struct gql_scalar_ops gql_tsys_int_ops;
extern const struct gql_scalar_ops gql_tsys_float_ops;
extern const struct gql_scalar_ops gql_tsys_string_ops;
extern const struct gql_scalar_ops gql_tsys_boolean_ops;
extern const struct gql_scalar_ops gql_tsys_id_ops;

/* The hooks of the built-in scalar called name, or NULL when name is not one. */
const struct gql_scalar_ops *gql_tsys_builtin_scalar_ops(const char *name);

/* The SDL of the built-in scalars, directives and introspection types, line by line
 * (prelude.c). */
extern const char *const gql_tsys_prelude_lines[];
extern const size_t gql_tsys_prelude_line_count;

/* Binds the introspection resolvers and creates the meta fields (introspection.c). */
void gql_tsys_install_introspection(struct gql_schema *schema);

/*
 * graphql-js valueFromAST for a constant literal (no variables): coerces literal to type,
 * filling in input-object field defaults. Returns 0, or -1 with *message (arena) saying why.
 */
int gql_tsys_coerce_const_literal(const struct gql_type_def *type,
                                  const struct gql_value *literal,
                                  struct arena *arena,
                                  struct gql_val *out,
                                  const char **message);

/* Recomputes every default value (after custom scalar hooks changed). */
int gql_tsys_recoerce_defaults(struct gql_schema *schema, struct gql_error_list *errors);

/*
 * Runs graphql-js's SDL rules over doc (prelude: the built-in definitions). Appends errors
 * and returns their number (sdl_rules.c).
 */
uint32_t gql_tsys_sdl_validate(struct arena *scratch,
                               const struct gql_document *doc,
                               const struct gql_document *prelude,
                               struct gql_error_list *errors);

/* Schema validation (validate_schema.c): appends errors, returns their count. */
uint32_t gql_tsys_validate_schema(const struct gql_schema *schema, struct gql_error_list *errors);

#endif
