/*
 * Private interface of the validation phase (src/gql/validation/): the validation context
 * (graphql-js ValidationContext) with its type information (graphql-js TypeInfo), error
 * reporting, fragment and variable-usage lookups and suggestions (through util/).
 *
 * One context exists per gql_validate() call and lives in that call's arena. The rules read
 * the type information through the gql_ctx_* accessors; it is maintained by the first
 * visitor of the parallel traversal, so a rule's enter callback sees the state after the
 * node was entered and its leave callback the state before the node is left, exactly as
 * with graphql-js's visitWithTypeInfo.
 */
#ifndef WALLET_GQL_VALIDATION_CONTEXT_H
#define WALLET_GQL_VALIDATION_CONTEXT_H

#include "core/arena.h"
#include "core/strbuf.h"
#include "gql/ast.h"
#include "gql/error.h"
#include "gql/printer.h"
#include "gql/schema.h"
#include "gql/validate.h"
#include "gql/visitor.h"
#include "util/name_map.h"
#include "util/suggest.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/*--------------------------------------------------------------------------------------------
 * Type information (graphql-js TypeInfo)
 *------------------------------------------------------------------------------------------*/

#define GQL_PTR_STACK(type) ARENA_VEC(type)

struct gql_type_info {
    const struct gql_schema *schema;
    struct arena *arena;                                   /* wrapper types of typeFromAST */
    GQL_PTR_STACK(const struct gql_type_def *) type_stack; /* output types */
    GQL_PTR_STACK(const struct gql_type_def *) parent_type_stack;
    GQL_PTR_STACK(const struct gql_type_def *) input_type_stack;
    GQL_PTR_STACK(const struct gql_field_def *) field_def_stack;
    GQL_PTR_STACK(const struct gql_input_value_def *)
    default_value_stack; /* owner of the default */
    const struct gql_directive_def *directive;
    const struct gql_input_value_def *argument;
    const struct gql_enum_value_def *enum_value;
};

void gql_type_info_init(struct gql_type_info *ti, const struct gql_schema *schema, struct arena *a);
void gql_type_info_enter(struct gql_type_info *ti, const struct gql_node *node);
void gql_type_info_leave(struct gql_type_info *ti, const struct gql_node *node);

/*--------------------------------------------------------------------------------------------
 * Validation context
 *------------------------------------------------------------------------------------------*/

/* A variable used somewhere in an operation or fragment (graphql-js VariableUsage). */
struct gql_variable_usage {
    const struct gql_value *node;                    /* the VARIABLE node */
    const struct gql_type_def *type;                 /* expected input type, NULL when unknown */
    const struct gql_input_value_def *default_owner; /* argument / input field whose default
                                                        applies at the location, or NULL */
    const struct gql_type_def *parent_type;          /* the enclosing input type (oneOf check) */
};

struct gql_usage_list {
    const struct gql_variable_usage *items;
    uint32_t count;
};

struct gql_spread_list {
    const struct gql_fragment_spread *const *items;
    uint32_t count;
};

struct gql_fragment_list {
    const struct gql_fragment_definition *const *items;
    uint32_t count;
};

/* Memoised facts about one top-level definition of the document. */
struct gql_def_info {
    const struct gql_node *def;
    bool spreads_done, usages_done, recursive_done;
    struct gql_spread_list spreads;         /* getFragmentSpreads(def.selectionSet) */
    struct gql_usage_list usages;           /* getVariableUsages(def) */
    struct gql_fragment_list recursive;     /* operations: recursively referenced fragments */
    struct gql_usage_list recursive_usages; /* operations: getRecursiveVariableUsages */
    bool recursive_usages_done;
    bool variables_done;
    struct gql_name_map variables; /* operations: variable name -> definition (last wins) */
};

/*
 * A directive defined in the validated document (graphql-js's directive rules look in the
 * document's definitions before the schema): what KnownDirectives, KnownArgumentNames and
 * ProvidedRequiredArguments need of it, computed once.
 */
struct gql_doc_directive {
    const struct gql_directive_definition *def;
    uint32_t locations;       /* GQL_LOC_BIT of each valid location */
    const char **arg_names;   /* def's argument names, in order (for suggestions) */
    struct gql_name_map args; /* the same names, for lookups */
};

struct gql_validation_context {
    const struct gql_schema *schema;
    const struct gql_document *doc;
    struct arena *arena;
    struct gql_error_list *errors;
    uint32_t max_errors;
    uint32_t reported; /* errors reported by this run */
    bool aborted;      /* error cap reached: the traversal stops */
    bool hide_suggestions;
    struct strbuf msg;       /* scratch for messages (reset by gql_ctx_message) */
    struct gql_type_info ti; /* maintained by the traversal's first visitor */

    struct gql_def_info *defs;         /* one per doc->definitions item */
    struct gql_name_map fragments;     /* name -> struct gql_def_info * (last definition wins) */
    struct gql_name_map directives;    /* name -> struct gql_doc_directive * (last one wins) */
    struct gql_name_map fragment_sets; /* sorted spread names -> struct gql_fragment_set * */
    int64_t fragment_work;             /* graphql-js's budget of fragment work */
};

/* graphql-js's fragment work budget; beyond it validation is aborted ("Validation aborted."). */
#define GQL_VALIDATION_FRAGMENT_WORK 50000

/*
 * Charges cost to the fragment work budget (graphql-js spendFragmentWork). Returns false, after
 * reporting "Validation aborted." and aborting the run, once the budget is exhausted.
 */
bool gql_ctx_spend_fragment_work(struct gql_validation_context *ctx, int64_t cost);

/* Sets up a context (TypeInfo included) for one run. */
void gql_ctx_init(struct gql_validation_context *ctx,
                  const struct gql_schema *schema,
                  const struct gql_document *doc,
                  struct arena *arena,
                  struct gql_error_list *errors,
                  uint32_t max_errors,
                  bool hide_suggestions);

/* Releases the context's malloc'ed scratch (the message buffer). */
void gql_ctx_finish(struct gql_validation_context *ctx);

/* The scratch message buffer, emptied. */
struct strbuf *gql_ctx_message(struct gql_validation_context *ctx);

/*
 * Reports a validation error (code GRAPHQL_VALIDATION_FAILED) with message, located at each
 * of nodes[0..n) in order. After max_errors errors, adds graphql-js's "Too many validation
 * errors" error once and marks the run aborted; later reports are ignored.
 */
void gql_ctx_report(struct gql_validation_context *ctx,
                    const char *message,
                    const struct gql_node *const *nodes,
                    size_t n);

/* gql_ctx_report with one node (NULL: none). */
void gql_ctx_report1(struct gql_validation_context *ctx,
                     const char *message,
                     const struct gql_node *node);

/*
 * The check of the uniqueness rules that report each repeat as it is met (graphql-js keeps
 * a knownNames object): records node under name in seen and returns true; when seen already
 * has name, reports the message `before` name `after` at the first node and at node and
 * returns false.
 */
bool gql_ctx_check_unique(struct gql_validation_context *ctx,
                          struct gql_name_map *seen,
                          const struct gql_name *name,
                          const struct gql_node *node,
                          const char *before,
                          const char *after);

/*
 * The check of the uniqueness rules that group first (graphql-js groupBy): reports the
 * message `before` name `after` once for each name occurring more than once among
 * names[0..n), located at every occurrence, names in first-seen order.
 */
void gql_ctx_report_duplicate_names(struct gql_validation_context *ctx,
                                    const struct gql_name *const *names,
                                    size_t n,
                                    const char *before,
                                    const char *after);

/* Reports graphql-js's "Validation aborted." (a work budget ran out) and aborts the run. */
void gql_ctx_abort(struct gql_validation_context *ctx);

/* The fragment definition named name[0..len) (the last one, as graphql-js), or NULL. */
const struct gql_fragment_definition *
gql_ctx_fragment(struct gql_validation_context *ctx, const char *name, uint32_t len);

/* The directive named name[0..len) defined in the document (the last one), or NULL. */
const struct gql_doc_directive *
gql_ctx_doc_directive(const struct gql_validation_context *ctx, const char *name, uint32_t len);

/* The variable named name[0..len) that operation op defines (the last such), or NULL. */
const struct gql_variable_definition *
gql_ctx_variable_definition(struct gql_validation_context *ctx,
                            const struct gql_operation_definition *op,
                            const char *name,
                            uint32_t len);

/* The memo record of a top-level definition node (operation or fragment), or NULL. */
struct gql_def_info *gql_ctx_def_info(struct gql_validation_context *ctx,
                                      const struct gql_node *def);

/*
 * graphql-js getFragmentSpreads(def.selectionSet): the spreads anywhere in the definition's
 * selection set, in graphql-js's order (each set's own spreads first, nested sets last-first).
 */
struct gql_spread_list gql_ctx_fragment_spreads(struct gql_validation_context *ctx,
                                                const struct gql_node *def);

/*
 * graphql-js getRecursivelyReferencedFragmentsForOperations: the fragments reachable from the
 * spreads of ops[0..n), breadth first, each once. Memoised per set of spread names (operations
 * spreading the same fragments share one computation), and per operation when n is 1.
 */
struct gql_fragment_list gql_ctx_recursive_fragments(struct gql_validation_context *ctx,
                                                     const struct gql_node *const *ops,
                                                     size_t n);

/* graphql-js getVariableUsages(def): variables used in the definition itself; memoised. */
struct gql_usage_list gql_ctx_variable_usages(struct gql_validation_context *ctx,
                                              const struct gql_node *def);

/*
 * graphql-js getRecursiveVariableUsages(operation): the operation's usages followed by those
 * of every recursively referenced fragment (each fragment's list computed once per run).
 */
struct gql_usage_list gql_ctx_recursive_variable_usages(struct gql_validation_context *ctx,
                                                        const struct gql_operation_definition *op);

/* TypeInfo accessors (graphql-js ValidationContext.getType() etc.); NULL when unknown. */
static inline const struct gql_type_def *
gql_ctx_type(const struct gql_validation_context *ctx)
{
    return ctx->ti.type_stack.len ? ctx->ti.type_stack.items[ctx->ti.type_stack.len - 1] : NULL;
}

static inline const struct gql_type_def *
gql_ctx_parent_type(const struct gql_validation_context *ctx)
{
    size_t n = ctx->ti.parent_type_stack.len;
    return n ? ctx->ti.parent_type_stack.items[n - 1] : NULL;
}

static inline const struct gql_type_def *
gql_ctx_input_type(const struct gql_validation_context *ctx)
{
    size_t n = ctx->ti.input_type_stack.len;
    return n ? ctx->ti.input_type_stack.items[n - 1] : NULL;
}

static inline const struct gql_type_def *
gql_ctx_parent_input_type(const struct gql_validation_context *ctx)
{
    size_t n = ctx->ti.input_type_stack.len;
    return n > 1 ? ctx->ti.input_type_stack.items[n - 2] : NULL;
}

static inline const struct gql_field_def *
gql_ctx_field_def(const struct gql_validation_context *ctx)
{
    size_t n = ctx->ti.field_def_stack.len;
    return n ? ctx->ti.field_def_stack.items[n - 1] : NULL;
}

static inline const struct gql_input_value_def *
gql_ctx_default_owner(const struct gql_validation_context *ctx)
{
    size_t n = ctx->ti.default_value_stack.len;
    return n ? ctx->ti.default_value_stack.items[n - 1] : NULL;
}

static inline const struct gql_directive_def *
gql_ctx_directive(const struct gql_validation_context *ctx)
{
    return ctx->ti.directive;
}

static inline const struct gql_input_value_def *
gql_ctx_argument(const struct gql_validation_context *ctx)
{
    return ctx->ti.argument;
}

/* Allocates a rule's zeroed state in the run's arena. */
#define GQL_RULE_STATE(ctx, type) ((type *)arena_calloc((ctx)->arena, 1, sizeof(type)))

/* Appends graphql-js's didYouMean(suggestionList(input, options)) unless suggestions are off. */
void gql_ctx_suggest(struct gql_validation_context *ctx,
                     struct strbuf *sb,
                     const char *sub_message,
                     const char *input,
                     const char *const *options,
                     size_t n);

#endif
