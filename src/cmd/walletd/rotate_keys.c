/*
 * `walletd rotate-keys [BATCH_SIZE]` (issue 6): re-seals every sealed identity value that is
 * not under WALLET_SEAL_KEY, reading old ones with WALLET_SEAL_KEY_OLD, in small batches while
 * servers keep serving (app/rotate.h). Resumable: run it again after an interruption.
 *
 * Also the sealing-key helpers of `walletd serve`: building the keyring from the
 * configuration, and the start-up check that refuses to serve with a key that cannot open
 * the sealed data already in the database (app/kyc.h app_sealed_check_keys).
 */
#include "app/audit.h"
#include "app/kyc.h"
#include "app/rotate.h"
#include "commands.h"
#include "core/log.h"
#include "crypto/init.h"
#include "crypto/seal.h"
#include "db/db.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int
walletd_seal_keyring(const struct wallet_config *cfg, struct seal_keyring **out)
{
    *out = NULL;
    if (wallet_crypto_init() < 0) {
        walletd_fail("libsodium cannot be initialised");
        return 1;
    }
    if (cfg->seal_key_b64 == NULL) {
        walletd_fail("WALLET_SEAL_KEY is required");
        return 1;
    }
    const char *why = NULL;
    if (seal_keyring_from_base64(
            cfg->seal_key_b64, cfg->has_seal_key_old ? cfg->seal_key_old_b64 : NULL, out, &why) <
        0) {
        walletd_fail("%s", why ? why : "WALLET_SEAL_KEY cannot be used");
        return 1;
    }
    return 0;
}

int
walletd_seal_check(const struct wallet_config *cfg, const struct seal_keyring *kr)
{
    PGconn *pg = NULL;
    struct db_error e;
    if (db_pg_connect(cfg->database_url, 5, "walletd", &pg, &e) < 0) {
        /* The server starts without its database (readiness says 503); checked next start. */
        log_warn("sealing keys not checked: the database does not answer");
        return 0;
    }
    char err[512];
    int db_error = 0;
    int rc = app_sealed_check_keys(pg, kr, err, sizeof(err), &db_error);
    PQfinish(pg);
    if (rc == 0)
        return 0;
    if (db_error) {
        log_warn("sealing keys not checked: the database cannot be read", LOG_STR("error", err));
        return 0;
    }
    walletd_fail("%s", err);
    return 1;
}

/* Appends a system audit entry for a rotation that changed something (best effort). */
static void
audit_rotation(PGconn *pg, const struct seal_keyring *kr, const struct app_rotate_report *rep)
{
    char details[512];
    snprintf(details,
             sizeof(details),
             "{\"keyId\":\"%08" PRIx32 "\",\"aadhaarResealed\":%" PRIu64
             ",\"documentsResealed\":%" PRIu64 ",\"cardsResealed\":%" PRIu64
             ",\"blindIndexes\":%" PRIu64 ",\"remaining\":%" PRIu64 "}",
             seal_current_key_id(kr),
             rep->aadhaar,
             rep->documents,
             rep->cards,
             rep->blind_indexes,
             rep->remaining);
    struct app_audit_entry entry = {
        .action = "SEAL_KEYS_ROTATED",
        .details = details,
    };
    if (app_audit_append_pg(pg, &entry, NULL) < 0)
        log_warn("the rotation could not be written to the audit log");
}

int
cmd_rotate_keys(const struct wallet_config *cfg, int argc, const char **argv)
{
    struct app_rotate_options opt = {0};
    if (argc > 1) {
        walletd_fail("usage: walletd rotate-keys [BATCH_SIZE]");
        return 2;
    }
    if (argc == 1) {
        char *end = NULL;
        long n = strtol(argv[0], &end, 10);
        if (end == argv[0] || *end != '\0' || n < 1 || n > 10000) {
            walletd_fail("rotate-keys: BATCH_SIZE must be a number from 1 to 10000");
            return 2;
        }
        opt.batch_size = (unsigned)n;
    }
    struct seal_keyring *kr = NULL;
    if (walletd_seal_keyring(cfg, &kr) != 0)
        return 1;
    PGconn *pg = walletd_connect(cfg);
    if (pg == NULL) {
        seal_keyring_free(kr);
        return 1;
    }
    if (!seal_has_old_key(kr))
        fprintf(stderr,
                "walletd: note: WALLET_SEAL_KEY_OLD is not set; values under any other key "
                "cannot be re-sealed\n");

    struct app_rotate_report rep;
    char err[512] = "";
    int rc = app_rotate_keys(pg, kr, &opt, &rep, err, sizeof(err));
    if (rc >= 0 && (rep.aadhaar + rep.documents + rep.cards) > 0)
        audit_rotation(pg, kr, &rep);
    PQfinish(pg);
    if (rc < 0) {
        walletd_fail("rotate-keys: %s (batches already committed stay done; run it again)", err);
        seal_keyring_free(kr);
        return 1;
    }
    printf("rotate-keys: current key %08" PRIx32 "; re-sealed %" PRIu64 " Aadhaar numbers (%" PRIu64
           " blind indexes recomputed), %" PRIu64 " document numbers and %" PRIu64
           " card numbers in %" PRIu64 " batches; %" PRIu64 " values left under other keys\n",
           seal_current_key_id(kr),
           rep.aadhaar,
           rep.blind_indexes,
           rep.documents,
           rep.cards,
           rep.batches,
           rep.remaining);
    seal_keyring_free(kr);
    if (rc == APP_ROTATE_UNREADABLE) {
        walletd_fail("rotate-keys: %" PRIu64 " sealed values open under neither WALLET_SEAL_KEY "
                     "nor WALLET_SEAL_KEY_OLD (first: %s); they were left as they are",
                     rep.unreadable,
                     rep.first_unreadable);
        return 1;
    }
    if (rc == APP_ROTATE_UNFINISHED) {
        walletd_fail("rotate-keys: %" PRIu64 " values are still under other keys (rows were "
                     "busy); run rotate-keys again",
                     rep.remaining);
        return 1;
    }
    return 0;
}
