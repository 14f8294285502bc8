/*
 * The GraphQL type system (GraphQL specification, October 2021, §3 "Type System" and §4
 * "Introspection"): the schema object model, its construction from SDL, schema validation,
 * built-in scalars, introspection, resolver storage and an SDL printer.
 *
 * A schema is built once at start-up into a process arena (gql_schema_build_from_sdl), gets
 * its custom scalars and resolvers attached (gql_schema_set_scalar, gql_schema_bind from
 * gql/execute.h), is checked (gql_schema_check_bindings) and is read-only afterwards, so any
 * number of threads may use it without a lock. Everything reachable from a struct gql_schema
 * lives in the arena it was built in.
 *
 * Model (graphql-js src/type/definition.ts): one struct gql_type_def for named types
 * (SCALAR, OBJECT, INTERFACE, UNION, ENUM, INPUT_OBJECT) and for the wrapping types LIST and
 * NON_NULL (of_type points to the wrapped type). Wrapping types used by the schema are
 * allocated in the schema arena; gql_type_def_list_of / gql_type_def_non_null_of build new
 * ones in any arena (e.g. a request arena for a variable's `[Int!]!`), so two wrapping types
 * are compared with gql_type_def_equal, never by pointer. Named types are unique per schema
 * and compare by pointer.
 *
 * Names (type, field, argument, enum value, directive) are NUL-terminated with their length
 * alongside; lookups take a pointer and length so AST names can be passed directly.
 */
#ifndef WALLET_GQL_SCHEMA_H
#define WALLET_GQL_SCHEMA_H

#include "gql/ast.h"
#include "gql/error.h"
#include "gql/execute.h" /* gql_resolve_fn, gql_resolve_type_fn */
#include "gql/value.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct arena;
struct strbuf;

/* extensions.code of the request error that refuses __schema/__type in production. */
#define GQL_CODE_INTROSPECTION_DISABLED "INTROSPECTION_DISABLED"

/* Kinds of types, in the order of the __TypeKind enum (§4.2.1). */
enum gql_type_kind {
    GQL_TYPE_SCALAR,
    GQL_TYPE_OBJECT,
    GQL_TYPE_INTERFACE,
    GQL_TYPE_UNION,
    GQL_TYPE_ENUM,
    GQL_TYPE_INPUT_OBJECT,
    GQL_TYPE_LIST,     /* wrapping type: of_type */
    GQL_TYPE_NON_NULL, /* wrapping type: of_type, never itself NON_NULL */
};

/* The bit of a location in gql_directive_def.locations. */
#define GQL_LOC_BIT(loc) (1u << (loc))

struct gql_type_def;
struct gql_schema_index; /* private: name hash tables, built at start-up */

/*-------------------------------------------------------------------------------------------
 * Scalar coercion hooks (§3.5.1 - §3.5.5; graphql-js GraphQLScalarType serialize,
 * parseValue, parseLiteral).
 *-------------------------------------------------------------------------------------------*/

/*
 * What a hook is called with. On failure a hook sets message (arena string, or a literal)
 * with graphql-js's wording, e.g. "Int cannot represent non-integer value: 1.5", and
 * returns a negative number; gql_scalar_fail() does both.
 */
struct gql_scalar_ctx {
    struct arena *arena;             /* results and messages are allocated here */
    const struct gql_type_def *type; /* the scalar type being coerced */
    void *userdata;                  /* given to gql_schema_set_scalar */
    const struct gql_val *variables; /* parse_literal: coerced variables (OBJECT) or NULL */
    const char *message;             /* out: why coercion failed */
};

/*
 * Coercion functions of a scalar type. Each returns 0 with the result in *out, or a negative
 * number with ctx->message set. A NULL member means: serialize and parse_value return their
 * input unchanged; parse_literal converts the literal into a value (variables substituted,
 * INT/FLOAT literals to INT/FLOAT values, enum literals to ENUM values) and calls
 * parse_value (graphql-js's defaults).
 *
 * serialize:     a resolver's value -> the value written into the response (result
 *                coercion, §3.5.x "Result Coercion"); out must be null, boolean, int, float,
 *                string or a list/object of those.
 * parse_value:   a variable value from the transport (JSON: null, boolean, int, float,
 *                string, list, object) -> internal value (input coercion).
 * parse_literal: a literal in a document (never a NULL_VALUE, which the caller handles;
 *                may contain variables when the scalar accepts lists or objects) -> internal
 *                value (input coercion). Called for schema default values too.
 */
struct gql_scalar_ops {
    int (*serialize)(struct gql_scalar_ctx *ctx, const struct gql_val *in, struct gql_val *out);
    int (*parse_value)(struct gql_scalar_ctx *ctx, const struct gql_val *in, struct gql_val *out);
    int (*parse_literal)(struct gql_scalar_ctx *ctx,
                         const struct gql_value *literal,
                         struct gql_val *out);
};

/* Sets ctx->message to the formatted text (in ctx->arena) and returns -1. */
int gql_scalar_fail(struct gql_scalar_ctx *ctx, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/*-------------------------------------------------------------------------------------------
 * The object model.
 *-------------------------------------------------------------------------------------------*/

/* An argument of a field or directive, or a field of an input object (§3.6.1, §3.10). */
struct gql_input_value_def {
    const char *name;
    uint32_t name_len;
    uint32_t index;                          /* position in its owner's list */
    const char *description;                 /* NULL when none */
    const struct gql_type_def *type;         /* an input type */
    bool has_default;                        /* a default value was declared */
    struct gql_val default_value;            /* the default, already coerced to type (a declared
                                                `= null` is a NULL value); null when !has_default */
    const struct gql_value *default_literal; /* the default as written, NULL when none */
    const char *deprecation_reason;          /* @deprecated(reason:), NULL if not deprecated */
    const struct gql_input_value_definition *ast; /* definition node, NULL for built-ins */
    uint8_t default_state; /* private: progress of default coercion at build time */
};

/* A field of an object or interface type (§3.6). */
struct gql_field_def {
    const char *name;
    uint32_t name_len;
    uint32_t index;                         /* position in parent->fields */
    const char *description;                /* NULL when none */
    const struct gql_type_def *type;        /* an output type */
    const struct gql_input_value_def *args; /* array of arg_count, in declaration order */
    uint32_t arg_count;
    const char *deprecation_reason;         /* NULL when not deprecated */
    const struct gql_type_def *parent;      /* the object or interface declaring it; NULL for
                                               the meta fields __schema, __type, __typename */
    const struct gql_field_definition *ast; /* definition node, NULL for built-ins */
    bool introspection;                     /* __schema or __type: refused when introspection
                                               is disabled (__typename is always allowed) */

    /* Resolver storage, written by gql_schema_bind() at start-up only. */
    gql_resolve_fn resolve;        /* NULL: not bound (default property resolver if allowed) */
    void *resolve_data;            /* userdata for resolve */
    bool resolve_inherited;        /* resolve comes from a binding on an interface field */
    bool default_resolver_allowed; /* gql_schema_allow_default_resolver() covers it */
};

/* A value of an enum type (§3.9). Its internal and serialized form is its name. */
struct gql_enum_value_def {
    const char *name;
    uint32_t name_len;
    uint32_t index;                 /* position in parent->enum_values */
    const char *description;        /* NULL when none */
    const char *deprecation_reason; /* NULL when not deprecated */
    const struct gql_type_def *parent;
    const struct gql_enum_value_definition *ast; /* NULL for built-ins */
};

/*
 * A named type or a wrapping type. Members not listed for a kind are zero/NULL.
 */
struct gql_type_def {
    enum gql_type_kind kind;
    const struct gql_type_def *of_type; /* LIST, NON_NULL: the wrapped type */

    /* Named types only. */
    const char *name; /* NULL for LIST and NON_NULL */
    uint32_t name_len;
    uint32_t index;                               /* position in schema->types */
    const char *description;                      /* NULL when none */
    bool builtin;                                 /* a specified scalar or an introspection type */
    bool introspection;                           /* one of the __ types */
    const struct gql_node *ast;                   /* definition node (NULL for built-ins) */
    const struct gql_node *const *extension_asts; /* extension nodes, in document order */
    uint32_t extension_ast_count;

    /* OBJECT, INTERFACE */
    const struct gql_field_def *fields; /* array of field_count, in declaration order
                                           (extensions' fields appended) */
    uint32_t field_count;
    const struct gql_type_def *const *interfaces; /* declared `implements`, in order */
    uint32_t interface_count;

    /* INTERFACE, UNION: the object types that may appear at runtime (precomputed). For a
     * union, its members in declaration order; for an interface, the object types that
     * implement it, in schema->types order. */
    const struct gql_type_def *const *possible_types;
    uint32_t possible_type_count;
    /* INTERFACE: the interfaces that declare this one among theirs, in schema order. */
    const struct gql_type_def *const *implementing_interfaces;
    uint32_t implementing_interface_count;

    /* ENUM */
    const struct gql_enum_value_def *enum_values; /* array of enum_value_count */
    uint32_t enum_value_count;

    /* INPUT_OBJECT */
    const struct gql_input_value_def *input_fields; /* array of input_field_count */
    uint32_t input_field_count;
    bool is_one_of; /* @oneOf: exactly one field must be given, non-null */

    /* SCALAR */
    const char *specified_by_url;            /* @specifiedBy(url:), NULL when none */
    const struct gql_scalar_ops *scalar_ops; /* never NULL for scalars of a built schema */
    void *scalar_data;                       /* userdata for scalar_ops */

    /* INTERFACE, UNION: type resolver storage, written by gql_schema_bind_type(). */
    gql_resolve_type_fn resolve_type; /* NULL: default (OPAQUE type_name / "__typename") */
    void *resolve_type_data;

    /* Private: lookup structures (possible-type bit set, name tables). */
    const uint64_t *possible_bits;               /* INTERFACE, UNION: bit i = schema->types[i] */
    const uint64_t *ancestor_bits;               /* OBJECT, INTERFACE: interfaces implemented */
    const struct gql_schema_index *member_index; /* fields / enum values / input fields */
};

/* A directive definition (§3.13), built-in or declared. */
struct gql_directive_def {
    const char *name; /* without '@' */
    uint32_t name_len;
    uint32_t index;                         /* position in schema->directives */
    const char *description;                /* NULL when none */
    const struct gql_input_value_def *args; /* array of arg_count */
    uint32_t arg_count;
    uint32_t locations;            /* GQL_LOC_BIT(loc) for each allowed location */
    const uint8_t *location_order; /* the locations (enum gql_directive_location) in
                                      declaration order, as introspection lists them */
    uint32_t location_count;
    bool repeatable;
    bool builtin; /* @include, @skip, @deprecated, @specifiedBy, @oneOf */
    const struct gql_directive_definition *ast; /* NULL for built-ins */
};

/* A built, validated schema (graphql-js GraphQLSchema). */
struct gql_schema {
    const char *description;                      /* schema description, NULL when none */
    const struct gql_type_def *query_type;        /* never NULL in a valid schema */
    const struct gql_type_def *mutation_type;     /* NULL when the schema has none */
    const struct gql_type_def *subscription_type; /* NULL when the schema has none */

    /* Every named type the schema uses, built-in scalars and introspection types included,
     * in graphql-js typeMap order: the document's types in document order, each followed by
     * the built-in scalars it is the first to reference, then __Schema and the other
     * introspection types. Unreferenced specified scalars (e.g. Float) are not included.
     * Introspection lists the types in this order. */
    const struct gql_type_def *const *types;
    uint32_t type_count;

    /* Every directive: the declared ones in document order, then the built-ins @include,
     * @skip, @deprecated, @specifiedBy and @oneOf that were not redeclared (graphql-js
     * buildASTSchema order). */
    const struct gql_directive_def *const *directives;
    uint32_t directive_count;

    /* Meta fields (§4.1, §4.2): implicitly available on the query root (__schema, __type)
     * and on every composite type (__typename). Their resolvers are built in. */
    const struct gql_field_def *schema_meta_field;
    const struct gql_field_def *type_meta_field;
    const struct gql_field_def *typename_meta_field;

    /* Whether __schema and __type may be queried; true after building. The execution
     * engine refuses them (GQL_CODE_INTROSPECTION_DISABLED) when false, as it does with
     * GQL_EXECUTE_NO_INTROSPECTION. */
    bool introspection_enabled;

    const struct gql_schema_definition *ast; /* schema definition, NULL when absent */
    const struct gql_schema_definition *const *extension_asts; /* `extend schema` nodes */
    uint32_t extension_ast_count;

    struct arena *arena; /* the process arena everything above lives in */
    /* Private. */
    const struct gql_schema_index *type_index;
    const struct gql_schema_index *directive_index;
    struct gql_schema_binding_error *binding_errors; /* failed gql_schema_bind calls */
};

/*-------------------------------------------------------------------------------------------
 * Building.
 *-------------------------------------------------------------------------------------------*/

/*
 * Builds a schema from a type-system document (graphql-js buildASTSchema + validateSchema):
 * parses sdl[0..len) (copied into process_arena, which then owns everything), merges every
 * extension into its definition, adds the built-in scalars, directives and introspection
 * types, coerces default values, then validates the result (§3 rules, worded and located
 * as graphql-js words them). Root types come from the schema definition, or are the types
 * named Query, Mutation and Subscription.
 *
 * Returns 0 with *out set; or -1 with *out NULL and one error per problem appended to errors
 * (errors->source is set to the SDL copy when NULL, so locations refer to it).
 */
int gql_schema_build_from_sdl(struct arena *process_arena,
                              const char *sdl,
                              size_t len,
                              struct gql_schema **out,
                              struct gql_error_list *errors);

/*
 * Like gql_schema_build_from_sdl for an already parsed document; doc (and its source) must
 * have been allocated in process_arena or otherwise outlive the schema.
 */
int gql_schema_build_from_document(struct arena *process_arena,
                                   const struct gql_document *doc,
                                   struct gql_schema **out,
                                   struct gql_error_list *errors);

/*
 * Attaches coercion hooks to the custom scalar named name (a built-in scalar cannot be
 * changed) and re-coerces every default value of that type through them. Returns 0; or -1
 * with an error appended (errors may be NULL) when there is no such custom scalar or a
 * default value is refused. Start-up only.
 */
int gql_schema_set_scalar(struct gql_schema *schema,
                          const char *name,
                          const struct gql_scalar_ops *ops,
                          void *userdata,
                          struct gql_error_list *errors);

/* Enables or disables __schema and __type (start-up only). */
void gql_schema_set_introspection(struct gql_schema *schema, bool enabled);

/*-------------------------------------------------------------------------------------------
 * Resolver bindings. gql_schema_bind() and gql_schema_bind_type() are declared in
 * gql/execute.h and implemented by this module; a failed gql_schema_bind() or
 * gql_schema_bind_type() is also remembered and reported again by gql_schema_check_bindings().
 * Binding an interface field also binds it on the implementing types that have no binding
 * of their own (resolve_inherited).
 *-------------------------------------------------------------------------------------------*/

/* One entry of an application's resolver table. */
struct gql_resolver_binding {
    const char *coordinate; /* "Type.field" */
    gql_resolve_fn fn;
    void *userdata;
};

/* Binds every entry of table[0..n) with gql_schema_bind(); returns 0 or -1 if any failed. */
int
gql_schema_bind_all(struct gql_schema *schema, const struct gql_resolver_binding *table, size_t n);

/*
 * Lets fields be resolved by the default property resolver (the parent OBJECT value's
 * same-named key): pattern is "Type.field", "Type" (every field of Type) or "*" (every
 * field). Returns 0, or -1 when pattern names no object/interface type or field.
 */
int gql_schema_allow_default_resolver(struct gql_schema *schema, const char *pattern);

/*
 * Checks the bindings at start-up: appends one error per object-type field that has neither
 * a resolver (own or inherited from an interface field) nor the default property resolver
 * allowed ("No resolver for field Account.balance."), and one per failed gql_schema_bind()
 * ("Resolver bound to \"Account.nope\", which is not a field of an object or interface
 * type."). Introspection fields are always bound. Returns 0 when all is well, else -1.
 */
int gql_schema_check_bindings(const struct gql_schema *schema, struct gql_error_list *errors);

/*-------------------------------------------------------------------------------------------
 * Lookups: O(1) hash tables built at start-up (read-only afterwards).
 *-------------------------------------------------------------------------------------------*/

/* The named type called name[0..len), or NULL. */
const struct gql_type_def *
gql_schema_type(const struct gql_schema *schema, const char *name, size_t len);

/* The directive called name[0..len) (without '@'), or NULL. */
const struct gql_directive_def *
gql_schema_directive(const struct gql_schema *schema, const char *name, size_t len);

/* The root type of an operation type (query/mutation/subscription), or NULL. */
const struct gql_type_def *gql_schema_root_type(const struct gql_schema *schema,
                                                enum gql_operation_type op);

/* The field name[0..len) declared by an object or interface type, or NULL (no meta fields). */
const struct gql_field_def *
gql_type_def_field(const struct gql_type_def *type, const char *name, size_t len);

/*
 * graphql-js getFieldDef: the field name[0..len) of parent_type (object, interface or
 * union), including the meta fields: __typename on every composite type, __schema and
 * __type on the query root type. NULL when there is none.
 */
const struct gql_field_def *gql_schema_field_def(const struct gql_schema *schema,
                                                 const struct gql_type_def *parent_type,
                                                 const char *name,
                                                 size_t len);

/* The argument name[0..len) of a field, or NULL. */
const struct gql_input_value_def *
gql_field_def_arg(const struct gql_field_def *field, const char *name, size_t len);

/* The argument name[0..len) of a directive, or NULL. */
const struct gql_input_value_def *
gql_directive_def_arg(const struct gql_directive_def *directive, const char *name, size_t len);

/* The field name[0..len) of an input object type, or NULL. */
const struct gql_input_value_def *
gql_type_def_input_field(const struct gql_type_def *type, const char *name, size_t len);

/* The value name[0..len) of an enum type, or NULL. */
const struct gql_enum_value_def *
gql_type_def_enum_value(const struct gql_type_def *type, const char *name, size_t len);

/*-------------------------------------------------------------------------------------------
 * Type helpers (graphql-js definition.ts / typeComparators.ts).
 *-------------------------------------------------------------------------------------------*/

/* Strips every LIST and NON_NULL: `[Int!]!` -> Int (graphql-js getNamedType). */
const struct gql_type_def *gql_type_def_named(const struct gql_type_def *type);

/* Strips one NON_NULL if present (graphql-js getNullableType). */
const struct gql_type_def *gql_type_def_nullable(const struct gql_type_def *type);

bool gql_type_def_is_non_null(const struct gql_type_def *type);
bool gql_type_def_is_list(const struct gql_type_def *type);
bool gql_type_def_is_wrapping(const struct gql_type_def *type);
/* Scalar, enum or input object, possibly wrapped (§3.4.2 IsInputType). */
bool gql_type_def_is_input(const struct gql_type_def *type);
/* Scalar, object, interface, union or enum, possibly wrapped (§3.4.2 IsOutputType). */
bool gql_type_def_is_output(const struct gql_type_def *type);
/* Unwrapped scalar or enum. */
bool gql_type_def_is_leaf(const struct gql_type_def *type);
/* Unwrapped object, interface or union. */
bool gql_type_def_is_composite(const struct gql_type_def *type);
/* Unwrapped interface or union. */
bool gql_type_def_is_abstract(const struct gql_type_def *type);

/* Structural equality: same named type under the same wrappers (isEqualType). */
bool gql_type_def_equal(const struct gql_type_def *a, const struct gql_type_def *b);

/* A LIST / NON_NULL wrapper of type, allocated in arena. non_null_of(NON_NULL) returns it. */
const struct gql_type_def *gql_type_def_list_of(struct arena *arena,
                                                const struct gql_type_def *type);
const struct gql_type_def *gql_type_def_non_null_of(struct arena *arena,
                                                    const struct gql_type_def *type);

/*
 * graphql-js typeFromAST: the schema type for an AST type reference (`[Int!]`), wrappers
 * allocated in arena; NULL when the named type is unknown.
 */
const struct gql_type_def *gql_schema_type_from_ast(const struct gql_schema *schema,
                                                    struct arena *arena,
                                                    const struct gql_type *ast);

/* Appends the type in SDL notation: "[Int!]!" (graphql-js String(type)). */
void gql_type_def_print(const struct gql_type_def *type, struct strbuf *out);

/* The type in SDL notation as an arena string. */
const char *gql_type_def_to_string(struct arena *arena, const struct gql_type_def *type);

/*
 * O(1): whether object type may be the runtime type of abstract type (an interface or
 * union), graphql-js schema.isPossibleType. False for non-object or non-abstract arguments.
 */
bool gql_schema_is_possible_type(const struct gql_schema *schema,
                                 const struct gql_type_def *abstract,
                                 const struct gql_type_def *object);

/*
 * graphql-js schema.isSubType: maybe_sub is a possible object type of abstract, or an
 * interface implementing abstract (directly or transitively, §3.7). O(1).
 */
bool gql_schema_is_subtype(const struct gql_schema *schema,
                           const struct gql_type_def *abstract,
                           const struct gql_type_def *maybe_sub);

/*
 * graphql-js isTypeSubTypeOf: maybe_sub may be used where super_type is expected
 * (covariance: non-null for nullable, list item subtypes, possible types for abstract).
 */
bool gql_type_def_is_subtype_of(const struct gql_schema *schema,
                                const struct gql_type_def *maybe_sub,
                                const struct gql_type_def *super_type);

/*
 * graphql-js doTypesOverlap: two composite types could have an object type in common
 * (used by "fragment spread is possible" and field merging).
 */
bool gql_schema_types_overlap(const struct gql_schema *schema,
                              const struct gql_type_def *a,
                              const struct gql_type_def *b);

/* "SCALAR", "OBJECT", ... "NON_NULL" (__TypeKind names). */
const char *gql_type_kind_name(enum gql_type_kind kind);

/*-------------------------------------------------------------------------------------------
 * Leaf coercion: built-in scalars (Int 32-bit, Float finite, String, Boolean, ID as the
 * spec and graphql-js define them), custom scalars through their hooks, and enums.
 * Each returns 0 with *out set, or -1 with *message set (graphql-js wording, arena string).
 * Enum messages carry no "Did you mean ...?" suggestions: callers that want them (validation
 * outside production mode) append them.
 *-------------------------------------------------------------------------------------------*/

/* Result coercion of a resolver's value for a scalar or enum type (graphql-js serialize). */
int gql_leaf_serialize(const struct gql_type_def *leaf,
                       struct arena *arena,
                       const struct gql_val *in,
                       struct gql_val *out,
                       const char **message);

/* Input coercion of a variable value (graphql-js parseValue); in is not null. */
int gql_leaf_parse_value(const struct gql_type_def *leaf,
                         struct arena *arena,
                         const struct gql_val *in,
                         struct gql_val *out,
                         const char **message);

/*
 * Input coercion of a literal (graphql-js parseLiteral); literal is not a NULL_VALUE nor a
 * VARIABLE. variables (OBJECT of coerced values, may be NULL) are substituted inside list
 * and object literals given to custom scalars.
 */
int gql_leaf_parse_literal(const struct gql_type_def *leaf,
                           struct arena *arena,
                           const struct gql_value *literal,
                           const struct gql_val *variables,
                           struct gql_val *out,
                           const char **message);

/*
 * graphql-js astFromValue + print: appends the internal value v of an input type as
 * GraphQL literal text ("\"INR\"", "ANY", "[1, 2]", "{a: 1}"), as introspection's
 * defaultValue shows it. Returns 0, or -1 when v cannot be represented in type.
 */
int gql_print_input_value(const struct gql_type_def *type,
                          const struct gql_val *v,
                          struct arena *arena,
                          struct strbuf *out);

/*-------------------------------------------------------------------------------------------
 * Printing.
 *-------------------------------------------------------------------------------------------*/

/*
 * Appends the schema as SDL, as graphql-js printSchema does: the declared directives, the
 * schema definition when the roots are not named Query/Mutation/Subscription or a
 * description is present, then every non-built-in type in schema->types order; descriptions
 * as block strings or strings, @deprecated, @specifiedBy and @oneOf where applied.
 */
void gql_schema_print(const struct gql_schema *schema, struct strbuf *out);

#endif
