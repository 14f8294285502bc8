/*
 * Binding tables of the resolver files, collected by registry.c. Each owner file defines its
 * table and count; registry.c lists every table once.
 */
#ifndef WALLET_RESOLVERS_INTERNAL_H
#define WALLET_RESOLVERS_INTERNAL_H

#include "gql/schema.h"

#include <stddef.h>
#include <stdint.h>

/* model.c: Transfer.*, LedgerEntry.* */
extern const struct gql_resolver_binding res_model_bindings[];
extern const size_t res_model_binding_count;
/* users.c: User.*, PublicUser.*, Query.me, Query.users, Query.node */
extern const struct gql_resolver_binding res_users_bindings[];
extern const size_t res_users_binding_count;
/* kyc.c: submitKyc, revealAadhaar, reviewKyc; cards.c: issueCard, setCardStatus */
extern const struct gql_resolver_binding res_kyc_bindings[];
extern const size_t res_kyc_binding_count;
extern const struct gql_resolver_binding res_cards_bindings[];
extern const size_t res_cards_binding_count;
/* accounts.c: Account.* (not entries), Query.account, Mutation.openAccount */
extern const struct gql_resolver_binding res_accounts_bindings[];
extern const size_t res_accounts_binding_count;

/* auth.c: register, login, refreshToken, logout, changePassword */
extern const struct gql_resolver_binding res_auth_bindings[];
extern const size_t res_auth_binding_count;

/* admin.c: adminUsers, setAccountStatus, unlockUser */
extern const struct gql_resolver_binding res_admin_bindings[];
extern const size_t res_admin_binding_count;
/* audit_log.c: auditLog, verifyAuditLog */
extern const struct gql_resolver_binding res_audit_log_bindings[];
extern const size_t res_audit_log_binding_count;

/* transfers.c: Mutation.transfer, Query.transfer; deposits.c: Mutation.deposit; review.c:
 * Mutation.reviewTransfer; history.c: Query.transfers, Query.cashFlow, Account.entries */
extern const struct gql_resolver_binding res_transfers_bindings[];
extern const size_t res_transfers_binding_count;
extern const struct gql_resolver_binding res_deposits_bindings[];
extern const size_t res_deposits_binding_count;
extern const struct gql_resolver_binding res_review_bindings[];
extern const size_t res_review_binding_count;
extern const struct gql_resolver_binding res_history_bindings[];
extern const size_t res_history_binding_count;
/* subscriptions.c: Subscription.ledger */
extern const struct gql_resolver_binding res_subscriptions_bindings[];
extern const size_t res_subscriptions_binding_count;

/* Forward declarations for helpers shared between resolver files. */
struct app_request;
struct res_account;

/*
 * accounts.c: inserts an account for user_id (type, currency, nickname may be NULL, credit
 * limit in minor units) with a fresh random 12-digit number, inside the caller's transaction.
 * Returns 0 with *out (arena) set, or a negative contract error.
 */
int res_account_create(struct app_request *r,
                       int64_t user_id,
                       const char *type,
                       const char *currency,
                       const char *nickname,
                       int64_t credit_limit,
                       const struct res_account **out);

#endif
