/*
 * Runtime values of the GraphQL engine: a tagged union allocated in an arena. They are the
 * values of the specification's algorithms: coerced input (§3.5 scalars, §3.10 input
 * objects, §6.1.2 variables, §6.4.1 arguments), resolved values (§6.4.3) and their
 * serialization (§7.1, JSON).
 *
 * Named `struct gql_val` (functions gql_val_*) because `struct gql_value` is the AST's value
 * literal node (gql/ast.h). gql_val_from_literal() in gql/execute.h turns one into the other.
 *
 * The same representation carries coerced input (variables, arguments, input objects),
 * the values resolvers return, and the root value handed to gql_execute(). Nothing here
 * owns memory: every pointer refers to arena storage (or to storage that outlives the
 * arena, such as string literals), so a value is copied by assignment and never freed.
 *
 * Kinds map onto GraphQL and JSON as follows:
 *   NULL, BOOLEAN, INT (int64), FLOAT (double), STRING (UTF-8 bytes + length, not
 *   necessarily NUL-terminated when built with gql_val_string_ref), ENUM (the enum value's
 *   name), LIST (items + count), OBJECT (ordered key/value pairs; keys unique by convention,
 *   lookup returns the first match), and OPAQUE: application data (a C struct the wallet's
 *   resolvers understand) standing for an object result, optionally naming its concrete
 *   GraphQL type so abstract types resolve without a type resolver.
 */
#ifndef WALLET_GQL_VALUE_H
#define WALLET_GQL_VALUE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct arena;
struct strbuf;

enum gql_val_kind {
    GQL_VAL_NULL = 0, /* zero-initialised memory is a null value */
    GQL_VAL_BOOLEAN,
    GQL_VAL_INT,
    GQL_VAL_FLOAT,
    GQL_VAL_STRING,
    GQL_VAL_ENUM,
    GQL_VAL_LIST,
    GQL_VAL_OBJECT,
    GQL_VAL_OPAQUE,
};

struct gql_val_field;

struct gql_val {
    enum gql_val_kind kind;
    union {
        bool boolean;  /* BOOLEAN */
        int64_t int_;  /* INT */
        double float_; /* FLOAT: always finite */
        struct {       /* STRING, ENUM (the value's name) */
            const char *ptr;
            size_t len;
        } string;
        struct { /* LIST */
            struct gql_val *items;
            size_t count;
        } list;
        struct { /* OBJECT, fields in insertion (document) order */
            struct gql_val_field *fields;
            size_t count;
            size_t cap; /* allocated slots; gql_val_object_set grows it */
        } object;
        struct {                   /* OPAQUE */
            void *ptr;             /* application data; the engine never looks inside */
            const char *type_name; /* concrete object type name, or NULL (then a type
                                      resolver must decide for abstract types) */
        } opaque;
    } u;
};

struct gql_val_field {
    const char *key; /* NUL-terminated */
    size_t key_len;
    struct gql_val value;
};

/*-------------------------------------------------------------------------------------------
 * Constructors. Scalars are returned by value; those taking an arena copy their input into it.
 *-------------------------------------------------------------------------------------------*/

struct gql_val gql_val_null(void);
struct gql_val gql_val_boolean(bool b);
struct gql_val gql_val_int(int64_t i);
/* A FLOAT; a NaN or infinite d becomes null, as JSON cannot represent it. */
struct gql_val gql_val_float(double d);
/* A STRING holding a copy of s[0..len) (NUL-terminated in the arena). */
struct gql_val gql_val_string(struct arena *a, const char *s, size_t len);
/* A STRING copied from a NUL-terminated C string. */
struct gql_val gql_val_cstring(struct arena *a, const char *s);
/* A STRING referring to s[0..len) without copying: s must outlive every use of the value. */
struct gql_val gql_val_string_ref(const char *s, size_t len);
/* An ENUM value named name (copied into the arena). */
struct gql_val gql_val_enum(struct arena *a, const char *name);
/* A LIST of count null items (zeroed), ready to be filled through v.u.list.items[i]. */
struct gql_val gql_val_list(struct arena *a, size_t count);
/* An empty OBJECT with room for capacity fields (0 is fine; it grows on demand). */
struct gql_val gql_val_object(struct arena *a, size_t capacity);
/* OPAQUE application data; type_name (may be NULL) is not copied and must be long-lived. */
struct gql_val gql_val_opaque(void *ptr, const char *type_name);

/*
 * Sets obj[key] = value (obj must be an OBJECT). An existing key is replaced in place;
 * otherwise the pair is appended, so fields keep insertion order. key is copied.
 */
void
gql_val_object_set(struct arena *a, struct gql_val *obj, const char *key, struct gql_val value);
/* Like gql_val_object_set with a key of key_len bytes. */
void gql_val_object_setn(
    struct arena *a, struct gql_val *obj, const char *key, size_t key_len, struct gql_val value);

/*-------------------------------------------------------------------------------------------
 * Accessors.
 *-------------------------------------------------------------------------------------------*/

/*
 * Returns the value stored under key, or NULL when obj is not an OBJECT or has no such key.
 * A present key holding null returns a pointer to a NULL value (the two are distinct, as
 * GraphQL distinguishes an explicit null argument from an omitted one).
 */
const struct gql_val *gql_val_object_get(const struct gql_val *obj, const char *key);
const struct gql_val *
gql_val_object_getn(const struct gql_val *obj, const char *key, size_t key_len);

static inline bool
gql_val_is_null(const struct gql_val *v)
{
    return v == NULL || v->kind == GQL_VAL_NULL;
}

/* A short kind name for messages: "null", "boolean", "int", ... */
const char *gql_val_kind_name(enum gql_val_kind kind);

/* Deep structural equality (OPAQUE values compare by pointer and type name). */
bool gql_val_equal(const struct gql_val *a, const struct gql_val *b);

/*-------------------------------------------------------------------------------------------
 * JSON.
 *-------------------------------------------------------------------------------------------*/

/*
 * Appends v as RFC 8259 JSON: ENUM as its name in a string, FLOAT in the shortest form that
 * reads back to the same double ("1.5", "1e+21", integral values without a fraction, as
 * JavaScript prints them). OPAQUE values are written as null. Nesting deeper than 1000
 * levels is written as null too (bounded recursion).
 */
void gql_val_write_json(const struct gql_val *v, struct strbuf *out);

/* Appends a double exactly as gql_val_write_json writes a FLOAT (finite d only). */
void gql_json_append_double(struct strbuf *out, double d);

/*
 * Appends v in GraphQL literal syntax for error messages, as graphql-js's inspect() does
 * for input values: strings quoted, enums bare, objects as { a: 1, b: "x" }. Unlike
 * graphql-js, text beyond 2048 bytes is cut and ends in "..." (messages stay small whatever
 * the input).
 */
void gql_val_write_graphql(const struct gql_val *v, struct strbuf *out);

/*
 * Appends v (not NULL) in GraphQL literal syntax, as graphql-js print(astFromValue()) writes
 * an untyped value: strings escaped as GraphQL strings, enums bare, objects as {a: 1}.
 */
void gql_val_write_literal(const struct gql_val *v, struct strbuf *out);

#endif
