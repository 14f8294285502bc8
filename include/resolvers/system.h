/*
 * Resolvers of the operations side of the schema (contract §4 "Chaos mode"):
 * Query.systemStatus and Mutation.setChaos, both ADMIN only (FORBIDDEN for a USER,
 * UNAUTHENTICATED without a token). The types they return (SystemStatus, ChaosSettings) are
 * plain OBJECT values read by the default property resolver.
 */
#ifndef WALLET_RESOLVERS_SYSTEM_H
#define WALLET_RESOLVERS_SYSTEM_H

#include <stddef.h>

struct gql_schema;
struct gql_error_list;

/*
 * Binds Query.systemStatus and Mutation.setChaos and allows the default property resolver
 * on SystemStatus and ChaosSettings. Returns 0, or -1 with errors appended.
 */
int res_system_register(struct gql_schema *schema, struct gql_error_list *errors);

#endif
