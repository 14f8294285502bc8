/*
 * AST traversal (include/gql/visitor.h): one walk serving one or many visitors, each with
 * its own skip state (graphql-js visitInParallel), with libgraphqlparser's enter/leave
 * contract. Children are visited in source order (graphql-js QueryDocumentKeys).
 *
 * The walk recurses once per AST level; the ancestor chain is a fixed array of
 * GQL_VISIT_MAX_DEPTH entries on the caller's stack, which also bounds the recursion.
 */
#include "gql/visitor.h"

#include <string.h>

struct walk {
    const struct gql_visitor *const *visitors;
    size_t n;
    int want_names; /* some visitor handles GQL_KIND_NAME */
    const struct gql_node
        *skipping[GQL_VISIT_MAX_PARALLEL]; /* node whose subtree visitor i skips */
    uint32_t depth;                        /* number of ancestors of the current node */
    const struct gql_node *ancestors[GQL_VISIT_MAX_DEPTH];
};

static int visit(struct walk *w, const struct gql_node *node);

/* Visits an embedded name when some visitor asked for names and the name is present. */
static int
visit_name(struct walk *w, const struct gql_name *name)
{
    if (!w->want_names || name->value == NULL)
        return 0;
    return visit(w, &name->node);
}

#define CHILD(expr)                                                                                \
    do {                                                                                           \
        const struct gql_node *c_ = (const struct gql_node *)(expr);                               \
        if (c_ != NULL && (rc = visit(w, c_)) < 0)                                                 \
            return rc;                                                                             \
    } while (0)

#define NAME(name_expr)                                                                            \
    do {                                                                                           \
        if ((rc = visit_name(w, &(name_expr))) < 0)                                                \
            return rc;                                                                             \
    } while (0)

/* A list of pointers to nodes of a concrete type (items[i]->node). */
#define LIST(list_expr)                                                                            \
    do {                                                                                           \
        for (uint32_t i_ = 0; i_ < (list_expr).count; i_++)                                        \
            if ((rc = visit(w, &(list_expr).items[i_]->node)) < 0)                                 \
                return rc;                                                                         \
    } while (0)

/* A list of struct gql_node pointers (definitions, selections). */
#define NODE_LIST(list_expr)                                                                       \
    do {                                                                                           \
        for (uint32_t i_ = 0; i_ < (list_expr).count; i_++)                                        \
            if ((rc = visit(w, (list_expr).items[i_])) < 0)                                        \
                return rc;                                                                         \
    } while (0)

/* Visits the children of node in source order. */
static int
visit_children(struct walk *w, const struct gql_node *node)
{
    int rc;
    switch (node->kind) {
    case GQL_KIND_NAME:
        break;
    case GQL_KIND_DOCUMENT:
        NODE_LIST(((const struct gql_document *)node)->definitions);
        break;
    case GQL_KIND_OPERATION_DEFINITION: {
        const struct gql_operation_definition *n = (const void *)node;
        NAME(n->name);
        LIST(n->variable_definitions);
        LIST(n->directives);
        CHILD(n->selection_set);
        break;
    }
    case GQL_KIND_VARIABLE_DEFINITION: {
        const struct gql_variable_definition *n = (const void *)node;
        CHILD(n->variable);
        CHILD(n->type);
        CHILD(n->default_value);
        LIST(n->directives);
        break;
    }
    case GQL_KIND_SELECTION_SET:
        NODE_LIST(((const struct gql_selection_set *)node)->selections);
        break;
    case GQL_KIND_FIELD: {
        const struct gql_field *n = (const void *)node;
        NAME(n->alias);
        NAME(n->name);
        LIST(n->arguments);
        LIST(n->directives);
        CHILD(n->selection_set);
        break;
    }
    case GQL_KIND_ARGUMENT: {
        const struct gql_argument *n = (const void *)node;
        NAME(n->name);
        CHILD(n->value);
        break;
    }
    case GQL_KIND_FRAGMENT_SPREAD: {
        const struct gql_fragment_spread *n = (const void *)node;
        NAME(n->name);
        LIST(n->directives);
        break;
    }
    case GQL_KIND_INLINE_FRAGMENT: {
        const struct gql_inline_fragment *n = (const void *)node;
        CHILD(n->type_condition);
        LIST(n->directives);
        CHILD(n->selection_set);
        break;
    }
    case GQL_KIND_FRAGMENT_DEFINITION: {
        const struct gql_fragment_definition *n = (const void *)node;
        NAME(n->name);
        CHILD(n->type_condition);
        LIST(n->directives);
        CHILD(n->selection_set);
        break;
    }
    case GQL_KIND_VARIABLE:
        NAME(((const struct gql_value *)node)->name);
        break;
    case GQL_KIND_INT_VALUE:
    case GQL_KIND_FLOAT_VALUE:
    case GQL_KIND_STRING_VALUE:
    case GQL_KIND_BOOLEAN_VALUE:
    case GQL_KIND_NULL_VALUE:
    case GQL_KIND_ENUM_VALUE:
        break;
    case GQL_KIND_LIST_VALUE:
        LIST(((const struct gql_value *)node)->list);
        break;
    case GQL_KIND_OBJECT_VALUE:
        LIST(((const struct gql_value *)node)->object);
        break;
    case GQL_KIND_OBJECT_FIELD: {
        const struct gql_object_field *n = (const void *)node;
        NAME(n->name);
        CHILD(n->value);
        break;
    }
    case GQL_KIND_DIRECTIVE: {
        const struct gql_directive *n = (const void *)node;
        NAME(n->name);
        LIST(n->arguments);
        break;
    }
    case GQL_KIND_NAMED_TYPE:
        NAME(((const struct gql_type *)node)->name);
        break;
    case GQL_KIND_LIST_TYPE:
    case GQL_KIND_NON_NULL_TYPE:
        CHILD(((const struct gql_type *)node)->of_type);
        break;
    case GQL_KIND_SCHEMA_DEFINITION:
    case GQL_KIND_SCHEMA_EXTENSION: {
        const struct gql_schema_definition *n = (const void *)node;
        CHILD(n->description);
        LIST(n->directives);
        LIST(n->operation_types);
        break;
    }
    case GQL_KIND_OPERATION_TYPE_DEFINITION:
        CHILD(((const struct gql_operation_type_definition *)node)->type);
        break;
    case GQL_KIND_SCALAR_TYPE_DEFINITION:
    case GQL_KIND_SCALAR_TYPE_EXTENSION: {
        const struct gql_scalar_type_definition *n = (const void *)node;
        CHILD(n->description);
        NAME(n->name);
        LIST(n->directives);
        break;
    }
    case GQL_KIND_OBJECT_TYPE_DEFINITION:
    case GQL_KIND_OBJECT_TYPE_EXTENSION: {
        const struct gql_object_type_definition *n = (const void *)node;
        CHILD(n->description);
        NAME(n->name);
        LIST(n->interfaces);
        LIST(n->directives);
        LIST(n->fields);
        break;
    }
    case GQL_KIND_FIELD_DEFINITION: {
        const struct gql_field_definition *n = (const void *)node;
        CHILD(n->description);
        NAME(n->name);
        LIST(n->arguments);
        CHILD(n->type);
        LIST(n->directives);
        break;
    }
    case GQL_KIND_INPUT_VALUE_DEFINITION: {
        const struct gql_input_value_definition *n = (const void *)node;
        CHILD(n->description);
        NAME(n->name);
        CHILD(n->type);
        CHILD(n->default_value);
        LIST(n->directives);
        break;
    }
    case GQL_KIND_INTERFACE_TYPE_DEFINITION:
    case GQL_KIND_INTERFACE_TYPE_EXTENSION: {
        const struct gql_interface_type_definition *n = (const void *)node;
        CHILD(n->description);
        NAME(n->name);
        LIST(n->interfaces);
        LIST(n->directives);
        LIST(n->fields);
        break;
    }
    case GQL_KIND_UNION_TYPE_DEFINITION:
    case GQL_KIND_UNION_TYPE_EXTENSION: {
        const struct gql_union_type_definition *n = (const void *)node;
        CHILD(n->description);
        NAME(n->name);
        LIST(n->directives);
        LIST(n->types);
        break;
    }
    case GQL_KIND_ENUM_TYPE_DEFINITION:
    case GQL_KIND_ENUM_TYPE_EXTENSION: {
        const struct gql_enum_type_definition *n = (const void *)node;
        CHILD(n->description);
        NAME(n->name);
        LIST(n->directives);
        LIST(n->values);
        break;
    }
    case GQL_KIND_ENUM_VALUE_DEFINITION: {
        const struct gql_enum_value_definition *n = (const void *)node;
        CHILD(n->description);
        NAME(n->name);
        LIST(n->directives);
        break;
    }
    case GQL_KIND_INPUT_OBJECT_TYPE_DEFINITION:
    case GQL_KIND_INPUT_OBJECT_TYPE_EXTENSION: {
        const struct gql_input_object_type_definition *n = (const void *)node;
        CHILD(n->description);
        NAME(n->name);
        LIST(n->directives);
        LIST(n->fields);
        break;
    }
    case GQL_KIND_DIRECTIVE_DEFINITION: {
        const struct gql_directive_definition *n = (const void *)node;
        CHILD(n->description);
        NAME(n->name);
        LIST(n->arguments);
        for (uint32_t i = 0; i < n->locations.count; i++)
            NAME(n->locations.items[i]);
        break;
    }
    case GQL_KIND_COUNT:
        break;
    }
    return 0;
}

/* Enter callbacks, children, leave callbacks for one node. */
static int
visit(struct walk *w, const struct gql_node *node)
{
    if ((unsigned)node->kind >= GQL_KIND_COUNT)
        return 0;
    if (w->depth >= GQL_VISIT_MAX_DEPTH)
        return GQL_VISIT_TOO_DEEP;
    struct gql_ancestors anc = {w->ancestors, w->depth};
    int descend = 0;
    for (size_t i = 0; i < w->n; i++) {
        if (w->skipping[i] != NULL)
            continue;
        gql_visit_fn fn = w->visitors[i]->enter[node->kind];
        int r = fn ? fn(node, &anc, w->visitors[i]->user) : 1;
        if (r < 0)
            return r;
        if (r == 0)
            w->skipping[i] = node;
        else
            descend = 1;
    }
    if (descend) {
        w->ancestors[w->depth++] = node;
        int rc = visit_children(w, node);
        w->depth--;
        if (rc < 0)
            return rc;
    }
    for (size_t i = w->n; i-- > 0;) {
        if (w->skipping[i] != NULL) {
            if (w->skipping[i] != node)
                continue; /* inside a subtree this visitor skips */
            w->skipping[i] = NULL;
        }
        gql_visit_fn fn = w->visitors[i]->leave[node->kind];
        if (fn != NULL) {
            int r = fn(node, &anc, w->visitors[i]->user);
            if (r < 0)
                return r;
        }
    }
    return 0;
}

int
gql_visit_parallel(const struct gql_node *root, const struct gql_visitor *const *visitors, size_t n)
{
    if (root == NULL || n == 0)
        return 0;
    if (n > GQL_VISIT_MAX_PARALLEL)
        return -1;
    struct walk w;
    w.visitors = visitors;
    w.n = n;
    w.depth = 0;
    w.want_names = 0;
    for (size_t i = 0; i < n; i++) {
        w.skipping[i] = NULL;
        if (visitors[i]->enter[GQL_KIND_NAME] || visitors[i]->leave[GQL_KIND_NAME])
            w.want_names = 1;
    }
    return visit(&w, root);
}

int
gql_visit(const struct gql_node *root, const struct gql_visitor *visitor)
{
    return gql_visit_parallel(root, &visitor, 1);
}
