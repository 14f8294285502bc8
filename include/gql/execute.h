/*
 * Execution of a parsed and validated GraphQL document (spec §6 "Execution").
 *
 * gql_execute() selects the operation, coerces the variables (§6.1.2), collects fields
 * (§6.3.2) and resolves them through the functions bound to the schema, writing the
 * complete response JSON ({"errors":[...],"data":{...}}) straight into a growable buffer as
 * it goes: there is no intermediate result tree. A field error nulls the nearest nullable
 * ancestor (§6.4.4) by truncating the output back to where that ancestor's value began.
 *
 * Resolvers are plain C functions bound to "Type.field" coordinates at start-up. Each gets
 * a struct gql_resolve_info describing the field being resolved and the request it belongs
 * to, and stores the field's value in *out (arena-allocated, see gql/value.h). An object
 * result is either an OBJECT value (its fields are then read by the default property
 * resolver unless bound) or an OPAQUE value carrying the application's own struct.
 *
 * The engine knows nothing of HTTP, JSON parsing or databases: the caller owns the arena,
 * converts JSON variables into a gql_value OBJECT and passes its own context pointer
 * through to every resolver.
 */
#ifndef WALLET_GQL_EXECUTE_H
#define WALLET_GQL_EXECUTE_H

#include "gql/ast.h"
#include "gql/error.h" /* struct gql_path, struct gql_error_list */
#include "gql/value.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct arena;
struct strbuf;
struct gql_schema;    /* gql/schema.h */
struct gql_type_def;  /* gql/schema.h: a named type or a List/NonNull wrapper */
struct gql_field_def; /* gql/schema.h: a field of an object or interface type */
struct gql_resolve_info;

/*-------------------------------------------------------------------------------------------
 * Resolvers.
 *-------------------------------------------------------------------------------------------*/

/*
 * Resolves one field. Stores the value in *out (which starts as null) and returns 0, or
 * returns a negative number after recording the error with gql_resolve_error(); a negative
 * return without a recorded error is reported as "Internal error" with code
 * INTERNAL_SERVER_ERROR. On error *out is ignored and the field becomes null (or its nearest
 * nullable ancestor does). Everything *out points to must live at least as long as
 * info->arena.
 */
typedef int (*gql_resolve_fn)(const struct gql_resolve_info *info, struct gql_val *out);

/*
 * Names the concrete object type of value for the abstract (interface or union) type
 * abstract_type, or returns NULL after recording an error with gql_resolve_error() (or
 * without one: the engine then reports that the type could not be determined). The name
 * must be a possible type of abstract_type and outlive the request.
 *
 * The default, used when no type resolver is bound: an OPAQUE value's type_name, or the
 * STRING under an OBJECT value's "__typename" key.
 */
typedef const char *(*gql_resolve_type_fn)(const struct gql_val *value,
                                           const struct gql_resolve_info *info,
                                           const struct gql_type_def *abstract_type,
                                           void *userdata);

struct gql_exec; /* private execution state */

/* What a resolver sees. Everything is read-only and valid only during the call. */
struct gql_resolve_info {
    const struct gql_val *source;           /* parent object value (root value at the root) */
    const struct gql_val *args;             /* coerced arguments: an OBJECT with one key per
                                                 argument given or defaulted; never NULL */
    const char *field_name;                 /* schema field name (not the alias) */
    const char *response_key;               /* alias if given, else field_name */
    const struct gql_field_def *field;      /* schema definition of the field */
    const struct gql_type_def *parent_type; /* object type owning the field */
    const struct gql_type_def *return_type; /* the field's declared type (with wrappers) */
    const struct gql_path *path;            /* path to this field, ending in response_key */
    const struct gql_resolve_info *parent;  /* info of the field whose value (or list item)
                                               is source; NULL for root fields */
    const struct gql_val *parent_result;    /* the complete value parent's resolver returned
                                                 (e.g. the whole list when source is one of its
                                                 items); NULL for root fields */
    void **batch;                           /* a slot shared by the invocations of this field
                                               for all items of the same parent list (NULL
                                               initially): a resolver may load data for every
                                               item of parent_result at once and keep it here
                                               (arena memory). Never NULL. */
    struct arena *arena;                    /* the request arena */
    void *context;                          /* the application's request context */
    void *userdata;                         /* userdata given when the resolver was bound */
    const struct gql_val *root_value;       /* root value of the operation */
    const struct gql_val *variables;        /* coerced variable values (OBJECT) */
    const struct gql_operation_definition *operation; /* the operation being executed */
    const struct gql_document *document;
    const struct gql_schema *schema;
    struct gql_exec *exec; /* private: where gql_resolve_error records errors */
    const void *internal;  /* private: the field's AST nodes, for error locations */
};

/*
 * Returns the coerced argument name, or NULL when it was neither given nor defaulted
 * (a given null argument returns a NULL value, not NULL).
 */
const struct gql_val *gql_resolve_arg(const struct gql_resolve_info *info, const char *name);

/*
 * Records a field error at info's path and locations with message fmt (printf) and, when
 * code is not NULL, "extensions":{"code":code}. Returns GQL_RESOLVE_ERROR so a resolver can
 * write `return gql_resolve_error(info, "NOT_FOUND", "Account %s not found", id);`.
 * Messages are shown to clients: never put secrets, SQL or file paths in them.
 */
int gql_resolve_error(const struct gql_resolve_info *info, const char *code, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

#define GQL_RESOLVE_ERROR (-1)

/*
 * The default property resolver: when info->source is an OBJECT, stores its value under
 * info->field_name (null when absent); otherwise stores null. Always returns 0.
 */
int gql_default_resolve(const struct gql_resolve_info *info, struct gql_val *out);

/*-------------------------------------------------------------------------------------------
 * Binding resolvers to the schema (at start-up, before the schema is shared by threads).
 * The schema module stores the bindings on its field and type definitions.
 *-------------------------------------------------------------------------------------------*/

/*
 * Binds fn (with userdata) to the field named by coordinate "Type.field" of an object or
 * interface type. A resolver bound on an interface field applies to every implementing
 * object type that has no binding of its own. Returns 0, or -1 when the coordinate names no
 * such field (the caller should stop start-up with that message).
 */
int gql_schema_bind(struct gql_schema *schema,
                    const char *coordinate,
                    gql_resolve_fn fn,
                    void *userdata);

/* Binds a type resolver to the interface or union type_name. Returns 0, or -1 if unknown. */
int gql_schema_bind_type(struct gql_schema *schema,
                         const char *type_name,
                         gql_resolve_type_fn fn,
                         void *userdata);

/*-------------------------------------------------------------------------------------------
 * Executing a request.
 *-------------------------------------------------------------------------------------------*/

enum gql_execute_flags {
    GQL_EXECUTE_NO_INTROSPECTION = 1u << 0, /* __schema and __type are refused as a request
                                               error (production mode); __typename stays */
    GQL_EXECUTE_NO_QUERY = 1u << 1,         /* refuse query operations (unused by default) */
    GQL_EXECUTE_NO_MUTATION = 1u << 2,      /* refuse mutations, e.g. on HTTP GET: the
                                               response is a request error */
};

struct gql_execute_params {
    const struct gql_schema *schema;     /* built and checked at start-up */
    const struct gql_document *document; /* parsed AND validated (gql_validate) */
    const char *operation_name;          /* NULL or "" when the document has one operation */
    const struct gql_val *variables;     /* raw variable values as an OBJECT (from JSON), or
                                              NULL for none; coerced per spec §6.1.2 */
    const struct gql_val *root_value;    /* source of the root fields; NULL = null; for a
                                              subscription, the event being delivered */
    void *context;                       /* passed to resolvers as info->context */
    struct arena *arena;                 /* request arena: values, errors, scratch */
    unsigned flags;                      /* enum gql_execute_flags */
    const char *request_id;              /* when set, errors with code INTERNAL_SERVER_ERROR
                                            carry it as extensions.requestId (contract §3) */
};

/* Counters filled in by gql_execute() when the caller passes a result struct. */
struct gql_execute_result {
    int operation_type;         /* enum gql_operation_type of the selected operation; -1 if none */
    const char *operation_name; /* name of the selected operation, NULL if anonymous */
    size_t error_count;         /* entries written to "errors" */
    size_t resolver_calls;      /* bound resolvers invoked */
    bool data_null;             /* "data" is null (a non-null root field failed) */
};

/*
 * gql_execute() return values. A request error (spec §7.1.1) means execution never started:
 * the response has "errors" and no "data" key, and an HTTP layer speaking
 * application/graphql-response+json answers 400.
 */
#define GQL_EXECUTE_OK 0                /* executed; "data" present (errors possibly too) */
#define GQL_EXECUTE_REQUEST_ERROR (-1)  /* unknown/ambiguous operation, bad variables, ... */
#define GQL_EXECUTE_INVALID_PARAMS (-2) /* NULL schema/document/arena: nothing written */

/*
 * Executes the selected operation of p->document and appends the response object to out:
 * {"errors":[{"message":...,"locations":[{"line":L,"column":C}],"path":[...],
 * "extensions":{"code":...}}],"data":{...}}, the "errors" member present only when there
 * are errors. Queries execute their root fields in document order, mutations serially
 * (each root field completes before the next starts: one database transaction each);
 * a subscription operation executes its selection once with p->root_value as the event.
 * result may be NULL. Thread-safe: nothing but p and out is written.
 */
int gql_execute(const struct gql_execute_params *p,
                struct strbuf *out,
                struct gql_execute_result *result);

/*
 * Finds the operation gql_execute() would run (spec §6.1 GetOperation). Returns 0 with
 * *op set, or -1 with *message set to the request error's text ("Must provide operation
 * name if query contains multiple operations.", "Unknown operation named \"X\".",
 * "Must provide an operation."), allocated in arena. The HTTP layer uses it to refuse a
 * mutation on GET before executing anything.
 */
int gql_get_operation(const struct gql_document *document,
                      const char *operation_name,
                      struct arena *arena,
                      const struct gql_operation_definition **op,
                      const char **message);

/*
 * What a subscription transport needs to set up the event stream of a subscription operation
 * (spec §6.2.3.1 CreateSourceEventStream): the single root field and its coerced arguments.
 * Each event is then delivered with gql_execute() on the same document, operation and
 * variables, with the event as root_value (§6.2.3.2 MapSourceToResponseEvent).
 */
struct gql_subscription_source {
    const char *field_name;            /* schema name of the root field */
    const char *response_key;          /* its alias, else field_name */
    const struct gql_field_def *field; /* Subscription.<field_name> */
    struct gql_val args;               /* coerced arguments (OBJECT) */
    struct gql_val variables;          /* coerced variable values (OBJECT) */
};

/*
 * Resolves the subscription operation of p (p->root_value and p->context are unused) into
 * *out, values allocated in p->arena. Returns GQL_EXECUTE_OK; or GQL_EXECUTE_REQUEST_ERROR
 * with {"errors":[...]} appended to errors_out (not a subscription operation, unknown
 * operation, bad variables or arguments, unknown root field); or GQL_EXECUTE_INVALID_PARAMS.
 */
int gql_subscription_source(const struct gql_execute_params *p,
                            struct gql_subscription_source *out,
                            struct strbuf *errors_out);

/*
 * Appends a request-error response {"errors":[{"message":message}]} (no data), for errors
 * found before execution (e.g. by the HTTP layer).
 */
void gql_write_request_error(struct strbuf *out, const char *message);

#endif
