/*
 * Private interface of the execution phase (src/gql/execution/): the execution state shared
 * by execute.c, collect.c and values.c, and their internal entry points (specification §6
 * Execution: §6.1 executing requests, §6.3 selection sets and field collection, §6.4
 * executing fields).
 */
#ifndef WALLET_GQL_EXECUTION_EXEC_H
#define WALLET_GQL_EXECUTION_EXEC_H

#include "core/arena.h"
#include "core/strbuf.h"
#include "gql/ast.h"
#include "gql/error.h"
#include "gql/execute.h"
#include "gql/schema.h"
#include "gql/value.h"
#include "util/name_map.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Deepest nesting of selection sets execution follows before refusing a field. */
#define GQL_EXEC_MAX_DEPTH 256
/* Deepest input value (list/object nesting) coercion follows. */
#define GQL_VALUE_MAX_DEPTH 256
/* Deepest chain of fragments and inline fragments one field collection follows. */
#define GQL_COLLECT_MAX_DEPTH 512
/* graphql-js getVariableValues maxErrors. */
#define GQL_VARIABLE_MAX_ERRORS 50

struct subfields_memo;
struct field_group;

/*
 * Fields grouped by response key, in document order (§6.3.2 CollectFields). Keys are found
 * by a scan while there are few groups, through index beyond GQL_EXEC_INDEX_AT of them.
 */
struct grouped_fields {
    struct field_group **items;
    uint32_t count;
    uint32_t cap;
    struct gql_name_map *index; /* response key -> struct field_group *, or NULL */
};

/* Sets of names (response keys, expanded fragments) get a hash index from this size on. */
#define GQL_EXEC_INDEX_AT 32

/*
 * The fields of one response key within one collected selection for one object type. Groups
 * are memoised (root collection once; sub-selections once per parent group and runtime
 * type), so per-group caches below are shared by every list item that reuses them.
 */
struct field_group {
    const char *key; /* response key (alias or name), NUL-terminated */
    uint32_t key_len;
    const struct gql_field **nodes; /* the AST fields sharing the key, document order */
    uint32_t count;
    uint32_t cap;
    const struct gql_field_def *def; /* NULL: not a field of the type (left out) */
    bool is_typename;                /* __typename: answered without a resolver */

    /* Coerced arguments: computed at the first execution of the group (variables are fixed
     * for the whole operation, so the result is the same for every invocation). */
    bool args_done;
    int args_rc;                 /* 0, or -1 with args_error/args_error_offset set */
    struct gql_val args;         /* OBJECT */
    const char *args_error;      /* message of the argument error */
    uint32_t args_error_offset;  /* where it points in the document */
    struct subfields_memo *memo; /* sub-selections collected per runtime object type */
    uint32_t prop_hint;          /* default resolver: index of the key in the last parent object */
};

struct subfields_memo {
    const struct gql_type_def *type;
    struct grouped_fields fields;
    struct subfields_memo *next;
};

/* The execution context (graphql-js ExecutionContext). One per gql_execute() call. */
struct gql_exec {
    const struct gql_execute_params *params;
    const struct gql_schema *schema;
    const struct gql_document *doc;
    const struct gql_operation_definition *op;
    struct arena *arena;
    struct strbuf *out;
    struct gql_error_list errors;
    struct gql_val variables;      /* coerced variable values (OBJECT) */
    struct gql_name_map fragments; /* name -> struct gql_fragment_definition (first wins) */
    size_t resolver_calls;
    unsigned depth;        /* current selection-set nesting */
    bool collect_too_deep; /* the fragment-depth error was reported */
    /* Built-in scalars, for the leaf fast paths. */
    const struct gql_type_def *string_type;
    const struct gql_type_def *id_type;
    const struct gql_type_def *int_type;
    const struct gql_type_def *boolean_type;
};

/*-------------------------------------------------------------------------------------------
 * collect.c
 *-------------------------------------------------------------------------------------------*/

/* Indexes the document's fragment definitions by name into ex->fragments. */
void gql_exec_index_fragments(struct gql_exec *ex);

/*
 * CollectFields (§6.3.2) over selection_set for object_type, appending to out. Honours
 * @skip/@include, fragment spreads (each fragment once) and type conditions.
 */
void gql_exec_collect_fields(struct gql_exec *ex,
                             const struct gql_type_def *object_type,
                             const struct gql_selection_set *selection_set,
                             struct grouped_fields *out);

/* The merged sub-selections of a field group for a runtime object type (memoised). */
const struct grouped_fields *gql_exec_collect_subfields(struct gql_exec *ex,
                                                        const struct gql_type_def *object_type,
                                                        struct field_group *group);

/*-------------------------------------------------------------------------------------------
 * values.c
 *-------------------------------------------------------------------------------------------*/

/*
 * CoerceVariableValues (§6.1.2): coerces raw (an OBJECT or NULL) against the operation's
 * variable definitions into *out (OBJECT). Errors go to ex->errors with the variable
 * definition's location; returns 0 or -1.
 */
int gql_exec_coerce_variable_values(struct gql_exec *ex,
                                    const struct gql_val *raw,
                                    struct gql_val *out);

/*
 * CoerceArgumentValues (§6.4.1) for arguments given as nodes against definitions defs.
 * Returns 0 with *out (OBJECT) set, or -1 with *message and *offset describing the first
 * error.
 */
int gql_exec_coerce_argument_values(struct gql_exec *ex,
                                    const struct gql_input_value_def *defs,
                                    uint32_t def_count,
                                    const struct gql_argument_list *nodes,
                                    uint32_t node_offset,
                                    struct gql_val *out,
                                    const char **message,
                                    uint32_t *offset);

#endif
