/*
 * Identity (CONTRACT.md §4 "Identity data"; issue 6): Mutation.submitKyc, revealAadhaar and
 * reviewKyc. User.kyc (the masked profile) is read by the model layer (resolvers/model.c).
 *
 * The Aadhaar and document numbers are validated and put into canonical form
 * (app/identity.h), sealed for their owner and field (app/kyc.h, crypto/seal.h) and stored
 * with their last four characters in plain for the masked forms. One Aadhaar number belongs
 * to one user: its keyed blind index is UNIQUE in kyc_profiles, and during a key rotation a
 * submission is also checked against the index under the old key, so a profile not yet
 * re-sealed still counts. No message, log line or audit entry carries a number; the only way
 * back to a full number is revealAadhaar, for the caller's own, audited on every call.
 */
#include "app/kyc.h"

#include "app/audit.h"
#include "app/identity.h"
#include "core/arena.h"
#include "core/errors.h"
#include "core/log.h"
#include "model.h"
#include "resolvers_internal.h"

#include <sodium.h>
#include <string.h>

/* Longest review note (the database allows 500 characters). */
#define REVIEW_NOTE_MAX 500

#define KYC_COLUMNS                                                                                \
    "k.user_id, k.status, k.aadhaar_last4, k.document_type, k.document_last4, " RES_MS(            \
        "k.submitted_at") " AS submitted_at_ms, " RES_MS("k.reviewed_at") " AS reviewed_at_ms, "   \
                                                                          "k.review_note"

/* Whether another user's profile holds this Aadhaar: $1 blind indexes (current, old), $2 me. */
static const struct db_stmt stmt_aadhaar_taken = {
    "res_kyc_aadhaar_taken",
    "SELECT 1 FROM kyc_profiles WHERE aadhaar_blind_index = ANY($1::bytea[]) "
    "AND user_id <> $2::bigint LIMIT 1",
    2,
    NULL,
};

/* The caller's profile, locked (none before the first submission). */
static const struct db_stmt stmt_kyc_lock = {
    "res_kyc_lock",
    "SELECT status FROM kyc_profiles WHERE user_id = $1::bigint FOR UPDATE",
    1,
    NULL,
};

static const struct db_stmt stmt_kyc_submit = {
    "res_kyc_submit",
    "INSERT INTO kyc_profiles AS k (user_id, status, aadhaar_ciphertext, aadhaar_key_id, "
    "aadhaar_last4, aadhaar_blind_index, document_type, document_ciphertext, document_key_id, "
    "document_last4, submitted_at) VALUES ($1::bigint, 'PENDING', $2::bytea, $3::bigint, $4, "
    "$5::bytea, $6, $7::bytea, $8::bigint, $9, now()) "
    "ON CONFLICT (user_id) DO UPDATE SET status = 'PENDING', "
    "aadhaar_ciphertext = EXCLUDED.aadhaar_ciphertext, aadhaar_key_id = EXCLUDED.aadhaar_key_id, "
    "aadhaar_last4 = EXCLUDED.aadhaar_last4, aadhaar_blind_index = EXCLUDED.aadhaar_blind_index, "
    "document_type = EXCLUDED.document_type, document_ciphertext = EXCLUDED.document_ciphertext, "
    "document_key_id = EXCLUDED.document_key_id, document_last4 = EXCLUDED.document_last4, "
    "submitted_at = now(), reviewed_at = NULL, reviewed_by = NULL, review_note = NULL, "
    "updated_at = now() RETURNING " KYC_COLUMNS,
    9,
    NULL,
};

static const struct db_stmt stmt_kyc_sealed_aadhaar = {
    "res_kyc_sealed_aadhaar",
    "SELECT aadhaar_ciphertext, aadhaar_key_id FROM kyc_profiles WHERE user_id = $1::bigint "
    "AND aadhaar_ciphertext IS NOT NULL",
    1,
    NULL,
};

/* The reviewed user's profile status: $1 user id. No row: the user does not exist. (The
 * UPDATE below only changes a profile that is still PENDING, so two reviews cannot both win.) */
static const struct db_stmt stmt_kyc_review_lock = {
    "res_kyc_review_lock",
    "SELECT u.id, k.status FROM users u LEFT JOIN kyc_profiles k ON k.user_id = u.id "
    "WHERE u.id = $1::bigint",
    1,
    NULL,
};

static const struct db_stmt stmt_kyc_review = {
    "res_kyc_review",
    "UPDATE kyc_profiles AS k SET status = $2, reviewed_at = now(), reviewed_by = $3::bigint, "
    "review_note = $4, updated_at = now() WHERE k.user_id = $1::bigint AND k.status = "
    "'PENDING' RETURNING " KYC_COLUMNS,
    4,
    NULL,
};

static const struct seal_keyring *
keyring_of(struct app_request *r)
{
    return r->svc != NULL ? r->svc->seal : NULL;
}

/* The text of a STRING/ENUM value as an arena string, or NULL. */
static const char *
val_text(struct arena *a, const struct gql_val *v)
{
    if (v == NULL || (v->kind != GQL_VAL_STRING && v->kind != GQL_VAL_ENUM))
        return NULL;
    return arena_strndup(a, v->u.string.ptr, v->u.string.len);
}

/* The last four characters of a canonical value. */
static void
last4_of(const char *canonical, char out[5])
{
    size_t n = strlen(canonical);
    memcpy(out, canonical + (n >= 4 ? n - 4 : 0), 4);
    out[4] = '\0';
}

/*---------------------------------------------------------------------------------------------
 * submitKyc
 *-------------------------------------------------------------------------------------------*/

/* What a submission stores, sealed; the plaintexts live in the caller's wiped buffers. */
struct sealed_kyc {
    char aadhaar_hex[APP_SEALED_HEX_MAX];
    char aadhaar_key[APP_ID_TEXT_MAX];
    char aadhaar_last4[5];
    char blind_cur[APP_BLIND_HEX_MAX];
    char blind_old[APP_BLIND_HEX_MAX]; /* "" when no rotation is under way */
    char document_hex[APP_SEALED_HEX_MAX];
    char document_key[APP_ID_TEXT_MAX];
    char document_last4[5];
};

static int
seal_submission(const struct seal_keyring *kr,
                int64_t user_id,
                const char *aadhaar,
                const char *document,
                struct sealed_kyc *out)
{
    memset(out, 0, sizeof(*out));
    size_t alen = strlen(aadhaar), dlen = strlen(document);
    if (app_sealed_seal(kr,
                        user_id,
                        SEAL_FIELD_AADHAAR,
                        0,
                        aadhaar,
                        alen,
                        out->aadhaar_hex,
                        out->aadhaar_key) != SEAL_OK ||
        app_sealed_seal(kr,
                        user_id,
                        SEAL_FIELD_DOCUMENT,
                        0,
                        document,
                        dlen,
                        out->document_hex,
                        out->document_key) != SEAL_OK ||
        app_blind_index_hex(kr, SEAL_FIELD_AADHAAR, aadhaar, alen, 0, out->blind_cur) != SEAL_OK)
        return -1;
    if (seal_has_old_key(kr) &&
        app_blind_index_hex(kr, SEAL_FIELD_AADHAAR, aadhaar, alen, 1, out->blind_old) != SEAL_OK)
        return -1;
    last4_of(aadhaar, out->aadhaar_last4);
    last4_of(document, out->document_last4);
    return 0;
}

static const char msg_aadhaar_taken[] = "This Aadhaar number is already registered to another user";

static int
mutation_submit_kyc(const struct gql_resolve_info *info, struct gql_val *out)
{
    int rc = app_require_user(info);
    if (rc < 0)
        return rc;
    struct app_request *r = app_request_of(info);
    const struct seal_keyring *kr = keyring_of(r);
    if (kr == NULL)
        return app_fail(info, WALLET_EINTERNAL_SERVER_ERROR);

    const struct gql_val *input = gql_resolve_arg(info, "input");
    const struct gql_val *av = res_input_string(input, "aadhaar");
    const struct gql_val *dv = res_input_string(input, "documentNumber");
    const char *type_name = val_text(info->arena, gql_val_object_get(input, "documentType"));
    enum identity_doc_type type;
    if (av == NULL || dv == NULL || type_name == NULL ||
        identity_doc_type_from_name(type_name, &type) < 0)
        return gql_resolve_error(
            info, "BAD_USER_INPUT", "aadhaar, documentType and documentNumber are required");

    /* Canonical plaintexts: wiped on every path below. */
    char aadhaar[IDENTITY_AADHAAR_MAX], document[IDENTITY_DOC_MAX];
    const char *reason = NULL;
    struct sealed_kyc sealed;
    if (identity_aadhaar_normalise(av->u.string.ptr, av->u.string.len, aadhaar, &reason) < 0) {
        rc = gql_resolve_error(info, "BAD_USER_INPUT", "%s", reason);
        goto out_wipe;
    }
    if (identity_document_normalise(type, dv->u.string.ptr, dv->u.string.len, document, &reason) <
        0) {
        rc = gql_resolve_error(info, "BAD_USER_INPUT", "%s", reason);
        goto out_wipe;
    }
    int64_t uid = r->user.id;
    if (seal_submission(kr, uid, aadhaar, document, &sealed) < 0) {
        rc = app_fail(info, WALLET_EINTERNAL_SERVER_ERROR);
        goto out_wipe;
    }
    sodium_memzero(aadhaar, sizeof(aadhaar));
    sodium_memzero(document, sizeof(document));

    const char *uid_s = res_i64(info->arena, uid);
    if ((rc = res_begin(r)) < 0) {
        rc = app_fail(info, rc);
        goto out_wipe;
    }
    PGresult *res;
    const char *sqlstate = NULL;
    const char *lock_params[] = {uid_s};
    if ((rc = res_exec(r, &stmt_kyc_lock, lock_params, PGRES_TUPLES_OK, &res, NULL)) < 0)
        goto out_fail;
    if (PQntuples(res) == 1) {
        const char *status = PQgetvalue(res, 0, 0);
        if (strcmp(status, "PENDING") == 0 || strcmp(status, "VERIFIED") == 0) {
            res_rollback(r);
            rc = gql_resolve_error(info,
                                   "BAD_USER_INPUT",
                                   strcmp(status, "PENDING") == 0
                                       ? "KYC was already submitted and is waiting for review"
                                       : "KYC is already verified");
            goto out_wipe;
        }
    }
    /* Another user's profile under either blind-index key (old: a rotation under way). */
    const char *indexes =
        sealed.blind_old[0]
            ? arena_sprintf(info->arena, "{\"\\%s\",\"\\%s\"}", sealed.blind_cur, sealed.blind_old)
            : arena_sprintf(info->arena, "{\"\\%s\"}", sealed.blind_cur);
    const char *taken_params[] = {indexes, uid_s};
    if ((rc = res_exec(r, &stmt_aadhaar_taken, taken_params, PGRES_TUPLES_OK, &res, NULL)) < 0)
        goto out_fail;
    if (PQntuples(res) > 0) {
        res_rollback(r);
        rc = gql_resolve_error(info, "BAD_USER_INPUT", "%s", msg_aadhaar_taken);
        goto out_wipe;
    }
    const char *params[] = {
        uid_s,
        sealed.aadhaar_hex,
        sealed.aadhaar_key,
        sealed.aadhaar_last4,
        sealed.blind_cur,
        identity_doc_type_name(type),
        sealed.document_hex,
        sealed.document_key,
        sealed.document_last4,
    };
    rc = res_exec(r, &stmt_kyc_submit, params, PGRES_TUPLES_OK, &res, &sqlstate);
    if (rc < 0 && sqlstate != NULL && strcmp(sqlstate, "23505") == 0) {
        /* A concurrent submission of the same number won the unique blind index. */
        res_rollback(r);
        rc = gql_resolve_error(info, "BAD_USER_INPUT", "%s", msg_aadhaar_taken);
        goto out_wipe;
    }
    if (rc < 0)
        goto out_fail;
    if (PQntuples(res) != 1) {
        rc = -WALLET_EINTERNAL_SERVER_ERROR;
        goto out_fail;
    }
    struct app_audit_details d;
    app_audit_details_init(&d);
    app_audit_details_str(&d, "documentType", identity_doc_type_name(type));
    app_audit_details_str(&d, "status", "PENDING");
    if ((rc = res_audit_commit(r, &d, "KYC_SUBMIT", "user", uid_s)) < 0)
        goto out_fail;
    *out = res_kyc_val(info->arena, res, 0);
    rc = 0;
    goto out_wipe;

out_fail:
    res_rollback(r);
    rc = app_fail(info, rc);
out_wipe:
    sodium_memzero(aadhaar, sizeof(aadhaar));
    sodium_memzero(document, sizeof(document));
    sodium_memzero(&sealed, sizeof(sealed));
    return rc;
}

/*---------------------------------------------------------------------------------------------
 * revealAadhaar
 *-------------------------------------------------------------------------------------------*/

static int
mutation_reveal_aadhaar(const struct gql_resolve_info *info, struct gql_val *out)
{
    int rc = app_require_user(info);
    if (rc < 0)
        return rc;
    struct app_request *r = app_request_of(info);
    const struct seal_keyring *kr = keyring_of(r);
    if (kr == NULL)
        return app_fail(info, WALLET_EINTERNAL_SERVER_ERROR);
    int64_t uid = r->user.id;
    const char *uid_s = res_i64(info->arena, uid);
    const char *params[] = {uid_s};
    PGresult *res;
    if ((rc = res_exec(r, &stmt_kyc_sealed_aadhaar, params, PGRES_TUPLES_OK, &res, NULL)) < 0)
        return app_fail(info, rc);
    if (PQntuples(res) != 1)
        return gql_resolve_error(info, "NOT_FOUND", "No Aadhaar number has been submitted");
    int64_t key_id;
    if (res_get_i64(res, 0, "aadhaar_key_id", &key_id) < 0)
        return app_fail(info, WALLET_EINTERNAL_SERVER_ERROR);

    char pt[APP_SEALED_PLAINTEXT_MAX + 1];
    size_t len;
    int src = app_sealed_open(
        kr, uid, SEAL_FIELD_AADHAAR, 0, key_id, PQgetvalue(res, 0, 0), pt, sizeof(pt), &len);
    if (src != SEAL_OK) {
        /* Wrong key, or a value that is not this user's: never show anything of it. */
        log_error("sealed value does not open",
                  LOG_STR("field", "aadhaar"),
                  LOG_INT("userId", uid),
                  LOG_INT("sealError", src));
        return app_fail(info, WALLET_EINTERNAL_SERVER_ERROR);
    }
    /* Audited before the number leaves: no audit entry, no number. */
    struct app_audit_details d;
    app_audit_details_init(&d);
    app_audit_details_str(&d, "field", "aadhaar");
    const char *details = app_audit_details_finish(&d, info->arena);
    if (details == NULL ||
        (rc = app_audit_request(r, NULL, 0, "KYC_REVEAL", "user", uid_s, details)) < 0) {
        sodium_memzero(pt, sizeof(pt));
        return app_fail(info, details == NULL ? -WALLET_EINTERNAL_SERVER_ERROR : rc);
    }
    *out = gql_val_string(info->arena, pt, len);
    sodium_memzero(pt, sizeof(pt));
    return 0;
}

/*---------------------------------------------------------------------------------------------
 * reviewKyc (ADMIN)
 *-------------------------------------------------------------------------------------------*/

static int
mutation_review_kyc(const struct gql_resolve_info *info, struct gql_val *out)
{
    int rc = app_require_admin(info);
    if (rc < 0)
        return rc;
    struct app_request *r = app_request_of(info);
    int64_t user_id;
    if ((rc = res_id_expect(
             info, gql_resolve_arg(info, "userId"), "userId", RES_ID_USER, &user_id)) < 0)
        return rc;
    const char *decision = val_text(info->arena, gql_resolve_arg(info, "decision"));
    const char *status = NULL;
    if (decision != NULL && strcmp(decision, "APPROVE") == 0)
        status = "VERIFIED";
    else if (decision != NULL && strcmp(decision, "REJECT") == 0)
        status = "REJECTED";
    else
        return gql_resolve_error(info, "BAD_USER_INPUT", "decision must be APPROVE or REJECT");
    const char *note = NULL;
    const struct gql_val *nv = gql_resolve_arg(info, "note");
    if (nv != NULL && nv->kind == GQL_VAL_STRING && nv->u.string.len > 0 &&
        res_text_check(info->arena, nv->u.string.ptr, nv->u.string.len, 0, REVIEW_NOTE_MAX, &note) <
            0)
        return gql_resolve_error(info,
                                 "BAD_USER_INPUT",
                                 "note must be at most %d printable characters",
                                 REVIEW_NOTE_MAX);
    if (note != NULL && note[0] == '\0')
        note = NULL;

    if (user_id == r->user.id)
        return gql_resolve_error(
            info, "FORBIDDEN", "An administrator cannot review their own KYC submission");

    const char *uid_s = res_i64(info->arena, user_id);
    if ((rc = res_begin(r)) < 0)
        return app_fail(info, rc);
    PGresult *res;
    const char *lock_params[] = {uid_s};
    if ((rc = res_exec(r, &stmt_kyc_review_lock, lock_params, PGRES_TUPLES_OK, &res, NULL)) < 0)
        goto out_fail;
    if (PQntuples(res) != 1) {
        res_rollback(r);
        return gql_resolve_error(info, "NOT_FOUND", "User not found");
    }
    if (PQgetisnull(res, 0, 1) || strcmp(PQgetvalue(res, 0, 1), "PENDING") != 0) {
        res_rollback(r);
        return gql_resolve_error(
            info, "BAD_USER_INPUT", "Only a pending KYC submission can be reviewed");
    }
    const char *params[] = {uid_s, status, res_i64(info->arena, r->user.id), note};
    if ((rc = res_exec(r, &stmt_kyc_review, params, PGRES_TUPLES_OK, &res, NULL)) < 0)
        goto out_fail;
    if (PQntuples(res) != 1) { /* reviewed by someone else meanwhile */
        res_rollback(r);
        return gql_resolve_error(
            info, "BAD_USER_INPUT", "Only a pending KYC submission can be reviewed");
    }
    struct app_audit_details d;
    app_audit_details_init(&d);
    app_audit_details_str(&d, "decision", decision);
    app_audit_details_str(&d, "status", status);
    app_audit_details_bool(&d, "withNote", note != NULL);
    if ((rc = res_audit_commit(r, &d, "KYC_REVIEW", "user", uid_s)) < 0)
        goto out_fail;
    *out = res_kyc_val(info->arena, res, 0);
    return 0;

out_fail:
    res_rollback(r);
    return app_fail(info, rc);
}

const struct gql_resolver_binding res_kyc_bindings[] = {
    {"Mutation.submitKyc", mutation_submit_kyc, NULL},
    {"Mutation.revealAadhaar", mutation_reveal_aadhaar, NULL},
    {"Mutation.reviewKyc", mutation_review_kyc, NULL},
};
const size_t res_kyc_binding_count = sizeof(res_kyc_bindings) / sizeof(res_kyc_bindings[0]);
