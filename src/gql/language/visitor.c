/* AST traversal (include/gql/visitor.h): placeholder until the implementation lands. */
#include "gql/visitor.h"

int
gql_visit(const struct gql_node *root, const struct gql_visitor *visitor)
{
    (void)root, (void)visitor;
    return -1;
}

int
gql_visit_parallel(const struct gql_node *root, const struct gql_visitor *const *visitors, size_t n)
{
    (void)root, (void)visitors, (void)n;
    return -1;
}
