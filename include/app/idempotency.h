/*
 * Idempotency keys of the money-moving mutations (contract §4 "Idempotency").
 *
 * A transfer or deposit request carries a key, from its input's idempotencyKey or from the
 * Idempotency-Key HTTP header (one of the two is required; both given must agree), of 1-255
 * printable ASCII characters, scoped to the calling user. The database keeps one row per
 * (user, key) (table idempotency_keys, primary key (user_id, key)) holding the SHA-256 of the
 * request's canonical input and, once the movement is recorded, the transfer's id and the
 * answer given, all written in the same transaction as the movement itself:
 *
 *   1. claim: INSERT the key row first thing in the transaction (ON CONFLICT DO NOTHING).
 *      A concurrent request with the same key blocks on the unique index until the first
 *      one commits or rolls back; then it inserts (the first rolled back: the key is unused)
 *      or finds the committed row.
 *   2. probe: read the key row (the committed one when the claim found a conflict).
 *   3. complete: store the transfer id and the answer, with the movement, before COMMIT.
 *
 * A request refused before a transfer was recorded rolls back, and the claimed row with it,
 * so its key stays unused. The service never deletes key rows, so they are kept at least the
 * 24 hours the contract asks for.
 *
 * The statements are meant to be queued in a libpq pipeline with the rest of the
 * transaction (app/ledger.c); app_idempotency_outcome interprets what the first two returned.
 */
#ifndef WALLET_APP_IDEMPOTENCY_H
#define WALLET_APP_IDEMPOTENCY_H

#include "db/pool.h"

#include <libpq-fe.h>
#include <stddef.h>
#include <stdint.h>

/* Longest key (contract: 1-255 printable ASCII characters). */
#define APP_IDEMPOTENCY_KEY_MAX 255
/* Request hashes travel as 64 lower-case hex characters. */
#define APP_IDEMPOTENCY_HASH_HEX_MAX 65

/* Whether s[0..len) is a valid key: 1-255 characters of ' '..'~'. */
int app_idempotency_key_valid(const char *s, size_t len);

/*
 * Picks a request's key from its input (input/input_len; input NULL when absent) and the
 * Idempotency-Key header (header NULL when absent). Returns 0 with *key set (input's or
 * header's storage, not copied), or -WALLET_EBAD_USER_INPUT with *why set to a client-safe
 * message: neither given, an invalid key, or both given and different.
 */
int app_idempotency_key_pick(
    const char *input, size_t input_len, const char *header, const char **key, const char **why);

/*
 * The hash of a request's canonical input: SHA-256 over the fields in order, each as a
 * 4-byte big-endian length and its bytes (NULL as length 0xFFFFFFFF), so no two different
 * field lists hash alike. The caller lists every input field that decides the outcome
 * (operation name first), never the key itself. out: 64 lower-case hex characters and a NUL.
 */
void app_idempotency_request_hash(const char *const *fields,
                                  size_t n,
                                  char out[APP_IDEMPOTENCY_HASH_HEX_MAX]);

/*
 * claim: $1 user id, $2 key, $3 request hash (hex). One row (claimed = true) when this
 * transaction now holds the key, none when a committed row exists (after waiting for a
 * concurrent holder to finish).
 */
extern const struct db_stmt app_idempotency_stmt_claim;
/* probe: $1 user id, $2 key. Columns request_hash (hex), transfer_id (NULL until complete),
 * response (the answer's text, NULL until complete). */
extern const struct db_stmt app_idempotency_stmt_probe;
/* complete: $1 user id, $2 key, $3 transfer id, $4 the answer (a JSON object text). */
extern const struct db_stmt app_idempotency_stmt_complete;

/* What a request's key means for it. */
enum app_idempotency_outcome {
    APP_IDEMPOTENCY_NEW = 0,     /* claimed: go on, and complete before COMMIT */
    APP_IDEMPOTENCY_REPLAY,      /* same key, same input, recorded: answer the stored response */
    APP_IDEMPOTENCY_REUSED,      /* same key, other input: IDEMPOTENCY_KEY_REUSED */
    APP_IDEMPOTENCY_IN_PROGRESS, /* a row without a result: IDEMPOTENCY_IN_PROGRESS */
};

/*
 * Interprets the results of claim and probe (both PGRES_TUPLES_OK, checked by the caller)
 * for a request whose input hashed to request_hash. On APP_IDEMPOTENCY_REPLAY, *transfer_id
 * and *response (probe's storage) are set. Returns the outcome, or -1 when the rows are not
 * what the statements return (a bug).
 */
int app_idempotency_outcome(const PGresult *claim,
                            const PGresult *probe,
                            const char *request_hash,
                            int64_t *transfer_id,
                            const char **response);

#endif
