/*
 * Helpers shared by the money-movement resolvers (transfers.c, deposits.c, review.c), all
 * defined in transfers.c. Each records a field error (BAD_USER_INPUT and the like) and
 * returns GQL_RESOLVE_ERROR, or returns 0.
 */
#ifndef WALLET_RESOLVERS_LEDGER_INTERNAL_H
#define WALLET_RESOLVERS_LEDGER_INTERNAL_H

#include "app/ledger.h"
#include "app/request.h"
#include "gql/execute.h"

#include <stdint.h>

/*
 * The input's `amount` (a Money value, minor units): above 0.00 and at most
 * 10,000,000,000.00. The Money scalar already refused floats, signs, exponents, more than two
 * fraction digits and values beyond int64.
 */
int res_amount_arg(const struct gql_resolve_info *info, const struct gql_val *input, int64_t *out);

/*
 * An optional human text member `key` of input (memo, note): NULL when absent, null or empty
 * after trimming; else 1-500 printable characters.
 */
int res_text_arg(const struct gql_resolve_info *info,
                 const struct gql_val *input,
                 const char *key,
                 const char **out);

/* The request's idempotency key: input.idempotencyKey or the Idempotency-Key header. */
int res_idempotency_key_arg(const struct gql_resolve_info *info,
                            const struct gql_val *input,
                            const char **out);

/*
 * Records a failed ledger call (rc a negative contract error, why its message or NULL for
 * the code's default) and counts it in the metrics as FAILED when a rule refused it.
 */
int res_ledger_error(const struct gql_resolve_info *info, int rc, const char *why);

/*
 * The Transfer value of a recorded transfer. Forgets the cached rows of its accounts (their
 * balances just changed) and counts a new transfer's status in the metrics.
 */
struct gql_val res_ledger_transfer_val(struct app_request *r, const struct app_ledger_transfer *t);

/*
 * Moves money as m says on the request's database connection and sets *out to the Transfer
 * (res_ledger_transfer_val), or records the failure (res_ledger_error). Returns what the
 * resolver returns.
 */
int res_ledger_move(const struct gql_resolve_info *info,
                    const struct app_ledger_move *m,
                    struct gql_val *out);

#endif
