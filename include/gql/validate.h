/*
 * Validation of executable documents against a schema (GraphQL specification, October 2021,
 * §5 "Validation"), and the complexity limits checked before anything executes (contract §3).
 *
 * Mirrors graphql-js v16 (validation/validate.ts, specifiedRules.ts, rules/): one rule per
 * unit of the specification, all run together in a single traversal of the document, with
 * messages and locations worded as graphql-js words them, so that tools and people reading
 * GraphiQL see the same text. Every validation error carries extensions.code
 * GRAPHQL_VALIDATION_FAILED; limit errors carry QUERY_TOO_COMPLEX.
 *
 * Everything a run allocates (its state and the errors) lives in the caller's arena. The
 * schema and the document are only read: several threads may validate against one schema at
 * once, each with its own arena and error list.
 */
#ifndef WALLET_GQL_VALIDATE_H
#define WALLET_GQL_VALIDATE_H

#include "core/arena.h"
#include "gql/ast.h"
#include "gql/error.h"
#include "gql/visitor.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct gql_schema;
struct gql_validation_context;

/* extensions.code of the complexity-limit errors (contract §3). */
#define GQL_CODE_QUERY_TOO_COMPLEX "QUERY_TOO_COMPLEX"

/* graphql-js's default maxErrors; one more error says validation was aborted. */
#define GQL_VALIDATE_DEFAULT_MAX_ERRORS 100

/*--------------------------------------------------------------------------------------------
 * Complexity limits (contract §3): checked before validation rules and before any resolver
 *------------------------------------------------------------------------------------------*/

/*
 * Limits on one operation after fragment expansion; 0 disables a limit.
 *   max_depth    the longest chain of nested fields: `{ a { b } }` has depth 2. The subtrees
 *                of `__schema` and `__type` do not count towards depth (GraphiQL's
 *                introspection query nests `ofType` nine levels; MaxIntrospectionDepthRule
 *                bounds those), but their fields do count towards max_fields.
 *   max_fields   field selections, each fragment spread counting its fragment's fields again.
 *   max_aliases  aliased field selections, counted the same way.
 *   max_bytes    query text size (gql_check_text_limit; the HTTP layer checks it first).
 */
struct gql_limits {
    uint32_t max_depth;
    uint32_t max_fields;
    uint32_t max_aliases;
    size_t max_bytes;
};

/* The limits of contract §3: depth 12, 1,000 fields, 100 aliases, 100 KiB of text. */
#define GQL_LIMITS_CONTRACT                                                                        \
    {                                                                                              \
        12, 1000, 100, 100 * 1024                                                                  \
    }

/*
 * Refuses a query text of len bytes when it exceeds limits->max_bytes: appends one
 * QUERY_TOO_COMPLEX error (no location) and returns 1; returns 0 otherwise.
 */
int
gql_check_text_limit(size_t len, const struct gql_limits *limits, struct gql_error_list *errors);

/*
 * Checks depth, field count and alias count of the operation named operation_name (NULL:
 * every operation of the document) after fragment expansion, and the document's text size.
 * Each fragment's expansion is computed once (memoised), so a document whose fragments
 * double at every level (2^40 fields from 3 KB) costs time linear in its size. Fragment
 * cycles and unknown fragments count as empty here (validation reports them).
 *
 * Appends one QUERY_TOO_COMPLEX error per exceeded limit (located at the operation) and
 * returns the number of errors appended (0 when within limits). Uses arena for scratch; does
 * not recurse on the C stack.
 */
int gql_check_limits(const struct gql_document *doc,
                     const char *operation_name,
                     const struct gql_limits *limits,
                     struct arena *arena,
                     struct gql_error_list *errors);

/*--------------------------------------------------------------------------------------------
 * Rules
 *------------------------------------------------------------------------------------------*/

/*
 * A validation rule: create() fills a zeroed visitor with the rule's callbacks and points
 * visitor->user at the rule's state (allocated in the run's arena). The callbacks read type
 * information and report errors through the context (src/gql/validation/context.h).
 *
 * All rules of a run share one traversal with graphql-js's visitInParallel semantics: on
 * enter, type information is updated first and the rules are called in list order; on leave,
 * the rules are called in list order and type information is updated last. An enter callback
 * returning 0 hides that node's subtree, and the node's own leave, from its rule only.
 */
struct gql_rule {
    const char *name; /* graphql-js name, e.g. "UniqueOperationNamesRule" */
    void (*create)(struct gql_validation_context *ctx, struct gql_visitor *visitor);
};

/* Every rule, one per file in src/gql/validation/rules/. */
extern const struct gql_rule gql_rule_executable_definitions;
extern const struct gql_rule gql_rule_unique_operation_names;
extern const struct gql_rule gql_rule_lone_anonymous_operation;
extern const struct gql_rule gql_rule_single_field_subscriptions;
extern const struct gql_rule gql_rule_known_type_names;
extern const struct gql_rule gql_rule_fragments_on_composite_types;
extern const struct gql_rule gql_rule_variables_are_input_types;
extern const struct gql_rule gql_rule_scalar_leafs;
extern const struct gql_rule gql_rule_fields_on_correct_type;
extern const struct gql_rule gql_rule_unique_fragment_names;
extern const struct gql_rule gql_rule_known_fragment_names;
extern const struct gql_rule gql_rule_no_unused_fragments;
extern const struct gql_rule gql_rule_possible_fragment_spreads;
extern const struct gql_rule gql_rule_no_fragment_cycles;
extern const struct gql_rule gql_rule_unique_variable_names;
extern const struct gql_rule gql_rule_no_undefined_variables;
extern const struct gql_rule gql_rule_no_unused_variables;
extern const struct gql_rule gql_rule_known_directives;
extern const struct gql_rule gql_rule_unique_directives_per_location;
extern const struct gql_rule gql_rule_known_argument_names;
extern const struct gql_rule gql_rule_unique_argument_names;
extern const struct gql_rule gql_rule_values_of_correct_type;
extern const struct gql_rule gql_rule_provided_required_arguments;
extern const struct gql_rule gql_rule_variables_in_allowed_position;
extern const struct gql_rule gql_rule_overlapping_fields_can_be_merged;
extern const struct gql_rule gql_rule_unique_input_field_names;
extern const struct gql_rule gql_rule_max_introspection_depth;

/*
 * The rules of the specification in graphql-js's specifiedRules order (chosen there for the
 * clearest output when a document has several errors), followed by the recommended
 * MaxIntrospectionDepthRule as in graphql-js 16.9+.
 */
extern const struct gql_rule *const gql_specified_rules[];
extern const size_t gql_specified_rules_count;

/*--------------------------------------------------------------------------------------------
 * Validation
 *------------------------------------------------------------------------------------------*/

struct gql_validate_options {
    uint32_t max_errors;                 /* 0 = GQL_VALIDATE_DEFAULT_MAX_ERRORS */
    bool hide_suggestions;               /* no "Did you mean" in any message (production,
                                            contract §3), ScalarLeafs' hint included */
    const struct gql_limits *limits;     /* when set, gql_check_limits runs first and its errors
                                            end validation before any rule runs */
    const char *operation_name;          /* limits: only this operation (NULL = all) */
    const struct gql_rule *const *rules; /* NULL = gql_specified_rules */
    size_t rule_count;
};

/*
 * Validates doc against schema (graphql-js validate()); schema must be a built schema. opts may be
 * NULL (specified rules, 100 errors, suggestions on, no limits). Errors are appended to errors
 * (allocated in its arena; if errors->source is NULL it is set to doc->source first); arena holds
 * the run's scratch state. After max_errors errors, one more error "Too many validation errors,
 * error limit reached. Validation aborted." is added and validation stops. Like graphql-js,
 * the work spent on fragments (50,000 steps) and on comparing fields for merging (500,000
 * steps) is bounded; a document that exceeds either gets the error "Validation aborted.".
 *
 * Returns the number of errors appended: 0 means the document is valid.
 */
int gql_validate(const struct gql_schema *schema,
                 const struct gql_document *doc,
                 const struct gql_validate_options *opts,
                 struct arena *arena,
                 struct gql_error_list *errors);

#endif
