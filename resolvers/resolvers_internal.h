/*
 * Binding tables of the resolver files, collected by registry.c. Each owner file defines its
 * table and count; registry.c lists every table once.
 */
#ifndef WALLET_RESOLVERS_INTERNAL_H
#define WALLET_RESOLVERS_INTERNAL_H

#include "gql/schema.h"

#include <stddef.h>

/* model.c: Transfer.*, LedgerEntry.* */
extern const struct gql_resolver_binding res_model_bindings[];
extern const size_t res_model_binding_count;
/* users.c: User.*, PublicUser.*, Query.me, Query.users, Query.node */
extern const struct gql_resolver_binding res_users_bindings[];
extern const size_t res_users_binding_count;
/* accounts.c: Account.* (not entries), Query.account, Mutation.openAccount */
extern const struct gql_resolver_binding res_accounts_bindings[];
extern const size_t res_accounts_binding_count;

#endif
