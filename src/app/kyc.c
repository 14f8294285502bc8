/*
 * Sealed identity values in the database: sealing to and opening from bytea text, blind
 * indexes, and the start-up key check (include/app/kyc.h).
 */
#include "app/kyc.h"

#include "db/db.h"

#include <inttypes.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Writes bin[0..len) as bytea text "\x<hex>" into out (cap >= 2 + 2 * len + 1). */
static int
bytea_hex(const unsigned char *bin, size_t len, char *out, size_t cap)
{
    if (cap < 2 + 2 * len + 1)
        return -1;
    out[0] = '\\';
    out[1] = 'x';
    sodium_bin2hex(out + 2, cap - 2, bin, len);
    return 0;
}

/* Decodes bytea text "\x<hex>" into out; 0 with *len set, or -1. */
static int
bytea_unhex(const char *hex, unsigned char *out, size_t cap, size_t *len)
{
    *len = 0;
    if (hex == NULL || hex[0] != '\\' || hex[1] != 'x')
        return -1;
    const char *end = NULL;
    size_t n = strlen(hex + 2);
    if (n % 2 != 0 || n / 2 > cap)
        return -1;
    if (sodium_hex2bin(out, cap, hex + 2, n, NULL, len, &end) != 0 || end != hex + 2 + n)
        return -1;
    return 0;
}

static void
id_text(int64_t id, char out[APP_ID_TEXT_MAX])
{
    snprintf(out, APP_ID_TEXT_MAX, "%" PRId64, id);
}

int
app_sealed_seal(const struct seal_keyring *kr,
                int64_t user_id,
                enum seal_field field,
                int64_t record_id,
                const char *pt,
                size_t len,
                char hex_out[APP_SEALED_HEX_MAX],
                char key_id_out[APP_ID_TEXT_MAX])
{
    if (kr == NULL || pt == NULL || len == 0 || len > APP_SEALED_PLAINTEXT_MAX || user_id <= 0)
        return SEAL_EARG;
    char uid[APP_ID_TEXT_MAX], rid[APP_ID_TEXT_MAX] = "";
    id_text(user_id, uid);
    if (record_id > 0)
        id_text(record_id, rid);
    unsigned char blob[APP_SEALED_BLOB_MAX];
    size_t blob_len = 0;
    uint32_t key_id = 0;
    int rc = seal_encrypt(kr,
                          uid,
                          field,
                          record_id > 0 ? rid : NULL,
                          (const unsigned char *)pt,
                          len,
                          blob,
                          sizeof(blob),
                          &blob_len,
                          &key_id);
    if (rc != SEAL_OK)
        return rc;
    if (bytea_hex(blob, blob_len, hex_out, APP_SEALED_HEX_MAX) < 0)
        return SEAL_ESPACE;
    snprintf(key_id_out, APP_ID_TEXT_MAX, "%" PRIu32, key_id);
    return SEAL_OK;
}

int
app_sealed_open(const struct seal_keyring *kr,
                int64_t user_id,
                enum seal_field field,
                int64_t record_id,
                int64_t key_id,
                const char *hex,
                char *pt,
                size_t cap,
                size_t *len)
{
    *len = 0;
    if (cap > 0)
        pt[0] = '\0';
    if (kr == NULL || user_id <= 0 || cap < 1)
        return SEAL_EARG;
    if (key_id < 0 || key_id > (int64_t)UINT32_MAX)
        return SEAL_EUNKNOWN_KEY;
    unsigned char blob[APP_SEALED_BLOB_MAX];
    size_t blob_len;
    if (bytea_unhex(hex, blob, sizeof(blob), &blob_len) < 0 || blob_len <= SEAL_OVERHEAD)
        return SEAL_EOPEN;
    char uid[APP_ID_TEXT_MAX], rid[APP_ID_TEXT_MAX] = "";
    id_text(user_id, uid);
    if (record_id > 0)
        id_text(record_id, rid);
    size_t n = 0;
    int rc = seal_decrypt(kr,
                          uid,
                          field,
                          record_id > 0 ? rid : NULL,
                          (uint32_t)key_id,
                          blob,
                          blob_len,
                          (unsigned char *)pt,
                          cap - 1,
                          &n);
    if (rc != SEAL_OK) {
        sodium_memzero(pt, cap);
        return rc;
    }
    pt[n] = '\0';
    *len = n;
    return SEAL_OK;
}

int
app_blind_index_hex(const struct seal_keyring *kr,
                    enum seal_field field,
                    const char *value,
                    size_t len,
                    int old,
                    char out[APP_BLIND_HEX_MAX])
{
    unsigned char idx[SEAL_BLIND_INDEX_BYTES];
    int rc = old ? seal_blind_index_old(kr, field, value, len, idx)
                 : seal_blind_index(kr, field, value, len, idx);
    if (rc != SEAL_OK)
        return rc;
    bytea_hex(idx, sizeof(idx), out, APP_BLIND_HEX_MAX);
    sodium_memzero(idx, sizeof(idx));
    return SEAL_OK;
}

/*---------------------------------------------------------------------------------------------
 * Start-up check
 *-------------------------------------------------------------------------------------------*/

/* Every key id in use, per kind of sealed value, with how many values it seals. */
static const char sql_key_ids[] =
    "SELECT kind, key_id, n FROM ("
    " SELECT 'aadhaar' AS kind, aadhaar_key_id AS key_id, count(*) AS n FROM kyc_profiles"
    " WHERE aadhaar_key_id IS NOT NULL GROUP BY aadhaar_key_id"
    " UNION ALL SELECT 'document', document_key_id, count(*) FROM kyc_profiles"
    " WHERE document_key_id IS NOT NULL GROUP BY document_key_id"
    " UNION ALL SELECT 'card', key_id, count(*) FROM cards GROUP BY key_id"
    ") s ORDER BY kind, key_id";

/* A few values of one kind under one key id: owner, record (0: none), blob. */
static const char sql_sample_aadhaar[] =
    "SELECT user_id, 0, aadhaar_ciphertext FROM kyc_profiles WHERE aadhaar_key_id = $1::bigint "
    "ORDER BY user_id LIMIT 3";
static const char sql_sample_document[] =
    "SELECT user_id, 0, document_ciphertext FROM kyc_profiles "
    "WHERE document_key_id = $1::bigint ORDER BY user_id LIMIT 3";
static const char sql_sample_card[] =
    "SELECT a.user_id, c.id, c.number_ciphertext FROM cards c JOIN accounts a ON "
    "a.id = c.account_id WHERE c.key_id = $1::bigint ORDER BY c.id LIMIT 3";

static void
key_names(const struct seal_keyring *kr, char *out, size_t cap)
{
    if (seal_has_old_key(kr))
        snprintf(out,
                 cap,
                 "neither WALLET_SEAL_KEY's (%08" PRIx32 ") nor WALLET_SEAL_KEY_OLD's (%08" PRIx32
                 ")",
                 seal_current_key_id(kr),
                 seal_old_key_id(kr));
    else
        snprintf(out,
                 cap,
                 "not WALLET_SEAL_KEY's (%08" PRIx32 "), and WALLET_SEAL_KEY_OLD is not set",
                 seal_current_key_id(kr));
}

/* 1 when one of up to three values of kind under key_id opens, 0 when none does, -1 on error. */
static int
sample_opens(PGconn *pg,
             const struct seal_keyring *kr,
             const char *kind,
             const char *key_id_text,
             int64_t key_id,
             struct db_error *e)
{
    enum seal_field field = SEAL_FIELD_AADHAAR;
    const char *sql = sql_sample_aadhaar;
    if (strcmp(kind, "document") == 0) {
        field = SEAL_FIELD_DOCUMENT;
        sql = sql_sample_document;
    } else if (strcmp(kind, "card") == 0) {
        field = SEAL_FIELD_CARD_NUMBER;
        sql = sql_sample_card;
    }
    const char *params[] = {key_id_text};
    PGresult *res = db_pg_query(pg, sql, 1, params, PGRES_TUPLES_OK, e);
    if (res == NULL)
        return -1;
    int opened = 0;
    for (int i = 0; i < PQntuples(res) && !opened; i++) {
        char pt[APP_SEALED_PLAINTEXT_MAX + 1];
        size_t len;
        int64_t owner = strtoll(PQgetvalue(res, i, 0), NULL, 10);
        int64_t record = strtoll(PQgetvalue(res, i, 1), NULL, 10);
        if (app_sealed_open(
                kr, owner, field, record, key_id, PQgetvalue(res, i, 2), pt, sizeof(pt), &len) ==
            SEAL_OK)
            opened = 1;
        sodium_memzero(pt, sizeof(pt));
    }
    PQclear(res);
    return opened;
}

int
app_sealed_check_keys(
    PGconn *pg, const struct seal_keyring *kr, char *err, size_t errlen, int *db_error)
{
    struct db_error e;
    int dummy;
    if (db_error == NULL)
        db_error = &dummy;
    *db_error = 0;
    PGresult *res = db_pg_query(pg, sql_key_ids, 0, NULL, PGRES_TUPLES_OK, &e);
    if (res == NULL) {
        *db_error = 1;
        snprintf(err, errlen, "cannot read the sealed values' key ids: %s", e.message);
        return -1;
    }
    int rc = 0;
    for (int i = 0; i < PQntuples(res) && rc == 0; i++) {
        const char *kind = PQgetvalue(res, i, 0);
        const char *key_id_text = PQgetvalue(res, i, 1);
        const char *count = PQgetvalue(res, i, 2);
        int64_t key_id = strtoll(key_id_text, NULL, 10);
        char keys[160];
        key_names(kr, keys, sizeof(keys));
        int known = key_id >= 0 && key_id <= (int64_t)UINT32_MAX &&
                    ((uint32_t)key_id == seal_current_key_id(kr) ||
                     (seal_has_old_key(kr) && (uint32_t)key_id == seal_old_key_id(kr)));
        if (!known) {
            snprintf(err,
                     errlen,
                     "WALLET_SEAL_KEY does not match the database: %s sealed %s value(s) are "
                     "under key id %08" PRIx32 ", which is %s",
                     count,
                     kind,
                     (uint32_t)key_id,
                     keys);
            rc = -1;
            break;
        }
        int opens = sample_opens(pg, kr, kind, key_id_text, key_id, &e);
        if (opens < 0) {
            *db_error = 1;
            snprintf(err, errlen, "cannot read the sealed values: %s", e.message);
            rc = -1;
        } else if (opens == 0) {
            snprintf(err,
                     errlen,
                     "the sealing key with id %08" PRIx32 " cannot open the sealed %s values "
                     "stored under that id: the key is wrong or the data was tampered with",
                     (uint32_t)key_id,
                     kind);
            rc = -1;
        }
    }
    PQclear(res);
    return rc;
}
