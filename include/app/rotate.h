/*
 * Sealing key rotation (issue 6; `walletd rotate-keys`): re-seals every sealed identity value
 * that is not under the keyring's current key (Aadhaar and document numbers in kyc_profiles,
 * card numbers in cards) and recomputes the Aadhaar blind index with it, while walletd keeps
 * serving.
 *
 * How an operator rotates: start every walletd with WALLET_SEAL_KEY = the new key and
 * WALLET_SEAL_KEY_OLD = the previous one (servers then seal new values under the new key,
 * open values of either key, and look Aadhaar numbers up under both blind-index keys), run
 * `walletd rotate-keys` with the same two keys until it reports nothing left, then drop
 * WALLET_SEAL_KEY_OLD.
 *
 * Work goes in small batches, each its own short transaction: rows are picked in key order
 * after the last one done, `FOR UPDATE SKIP LOCKED` (a row a request is changing right now is
 * skipped and taken on a later pass), opened with the key named by their key id, re-sealed and
 * updated in place (value, key id and blind index in one UPDATE). Progress is the key ids
 * stored per row, so an interrupted run loses at most one uncommitted batch and a rerun simply
 * continues. A value that opens under neither key is left as it is, counted and named in the
 * report (by row, never by value), and makes the run fail.
 */
#ifndef WALLET_APP_ROTATE_H
#define WALLET_APP_ROTATE_H

#include "crypto/seal.h"

#include <libpq-fe.h>
#include <stdint.h>

struct app_rotate_options {
    unsigned batch_size;  /* rows per transaction; 0 = 100 */
    unsigned max_batches; /* stop after this many batches (0 = until done): for tests */
    unsigned passes;      /* passes over rows skipped because they were locked; 0 = 5 */
};

struct app_rotate_report {
    uint64_t aadhaar;          /* Aadhaar values re-sealed */
    uint64_t documents;        /* document numbers re-sealed */
    uint64_t blind_indexes;    /* Aadhaar blind indexes recomputed */
    uint64_t cards;            /* card numbers re-sealed */
    uint64_t batches;          /* transactions committed */
    uint64_t unreadable;       /* values that opened under neither key (last pass) */
    char first_unreadable[96]; /* e.g. "card 17 (number)" or "user 4 (aadhaar)" */
    uint64_t remaining;        /* values not under the current key at the end */
};

/* Results of app_rotate_keys besides 0 (everything is under the current key). */
#define APP_ROTATE_UNFINISHED 1 /* stopped by max_batches, or rows stayed locked */
#define APP_ROTATE_UNREADABLE 2 /* some values open under neither key */

/*
 * Rotates on pg (no transaction open). Returns 0, APP_ROTATE_UNFINISHED or
 * APP_ROTATE_UNREADABLE with *out filled, or -1 on a database error with one line in err
 * (the batch in progress is rolled back; committed batches stay done).
 */
int app_rotate_keys(PGconn *pg,
                    const struct seal_keyring *kr,
                    const struct app_rotate_options *o,
                    struct app_rotate_report *out,
                    char *err,
                    size_t errlen);

#endif
