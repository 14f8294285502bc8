/*
 * AST traversal with enter/leave callbacks per node kind (libgraphqlparser's C visitor
 * contract, graphql-js visit/visitInParallel).
 *
 * Contract:
 * - enter[kind] is called in pre-order. It returns 1 (or any positive value) to descend into
 *   the node's children, 0 to skip them, or a negative value to stop the whole traversal
 *   (gql_visit then returns that value). A NULL enter acts as if it returned 1.
 * - leave[kind] is called in post-order for every node whose enter did not stop the walk,
 *   including nodes whose children were skipped. A negative return stops the traversal.
 * - Children are visited in source order (graphql-js QueryDocumentKeys), e.g. Field: alias,
 *   name, arguments, directives, selection set; InputValueDefinition: description, name,
 *   type, default value, directives; FieldDefinition: description, name, arguments, type,
 *   directives. Enum values have no Name child (as in graphql-js).
 * - Name nodes (GQL_KIND_NAME, embedded names) are visited only when the visitor has a
 *   callback for GQL_KIND_NAME; absent optional names (value NULL) are never visited.
 * - Callbacks receive the ancestors of the node: ancestors->items[0] is the traversal root,
 *   ancestors->items[ancestors->count - 1] the parent (count is 0 for the root itself). The
 *   array is valid only during the callback.
 * - The traversal recurses on the C stack, bounded by GQL_VISIT_MAX_DEPTH ancestors; a
 *   deeper tree (impossible from the parser with its depth cap) makes gql_visit return
 *   GQL_VISIT_TOO_DEEP without visiting the part beyond the bound.
 * - The AST is read-only during the walk.
 */
#ifndef WALLET_GQL_VISITOR_H
#define WALLET_GQL_VISITOR_H

#include "gql/ast.h"

#include <stddef.h>
#include <stdint.h>

/*
 * Deepest ancestor chain a traversal supports. Each parser nesting level adds at most two
 * AST levels, so GQL_PARSE_MAX_DEPTH_LIMIT (1000) gives at most ~2010.
 */
#define GQL_VISIT_MAX_DEPTH 2048
/* gql_visit's result when the tree is deeper than GQL_VISIT_MAX_DEPTH. */
#define GQL_VISIT_TOO_DEEP (-1000)

/* The chain of nodes above the visited node, root first. */
struct gql_ancestors {
    const struct gql_node *const *items;
    uint32_t count;
};

/* A callback: node is the visited node, user the visitor's user pointer. */
typedef int (*gql_visit_fn)(const struct gql_node *node,
                            const struct gql_ancestors *ancestors,
                            void *user);

struct gql_visitor {
    gql_visit_fn enter[GQL_KIND_COUNT]; /* indexed by enum gql_kind; NULL = descend */
    gql_visit_fn leave[GQL_KIND_COUNT]; /* indexed by enum gql_kind; NULL = nothing */
    void *user;                         /* passed to every callback */
};

/*
 * Walks the tree under root (any node kind, usually a struct gql_document). Returns 0 when the
 * walk completed, the negative value a callback returned to stop it, or GQL_VISIT_TOO_DEEP.
 */
int gql_visit(const struct gql_node *root, const struct gql_visitor *visitor);

/*
 * Runs n visitors in one traversal (graphql-js visitInParallel). Each visitor keeps its own
 * skip state: when visitors[i]'s enter returns 0 for a node, only visitors[i] stops seeing
 * that node's subtree (its leave for that node is still called); the others go on.
 * On enter, visitors are called in index order; on leave, in reverse index order, so
 * visitors[0] can maintain state (such as type information) that every other visitor sees
 * consistently on both enter and leave. A negative return from any callback stops the
 * whole traversal and is returned. The traversal skips a subtree entirely when every
 * visitor skips it. n may be at most GQL_VISIT_MAX_PARALLEL (else -1, nothing visited).
 */
#define GQL_VISIT_MAX_PARALLEL 64
int gql_visit_parallel(const struct gql_node *root,
                       const struct gql_visitor *const *visitors,
                       size_t n);

#endif
