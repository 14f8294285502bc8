/*
 * Idempotency keys of transfers and deposits (see include/app/idempotency.h; contract §4
 * "Idempotency").
 */
#include "app/idempotency.h"

#include "core/errors.h"
#include "core/strbuf.h"
#include "crypto/tokens.h"

#include <errno.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

_Static_assert(APP_IDEMPOTENCY_HASH_HEX_MAX == TOKEN_HASH_HEX_MAX, "request hash size");

const struct db_stmt app_idempotency_stmt_claim = {
    "app_idempotency_claim",
    "INSERT INTO idempotency_keys (user_id, key, request_hash) "
    "VALUES ($1::bigint, $2, decode($3, 'hex')) "
    "ON CONFLICT (user_id, key) DO NOTHING RETURNING true AS claimed",
    3,
    NULL,
};

const struct db_stmt app_idempotency_stmt_probe = {
    "app_idempotency_probe",
    "SELECT encode(request_hash, 'hex') AS request_hash, transfer_id, response::text AS response "
    "FROM idempotency_keys WHERE user_id = $1::bigint AND key = $2",
    2,
    NULL,
};

const struct db_stmt app_idempotency_stmt_complete = {
    "app_idempotency_complete",
    "UPDATE idempotency_keys SET transfer_id = $3::bigint, response = $4::jsonb, "
    "completed_at = now() WHERE user_id = $1::bigint AND key = $2",
    4,
    NULL,
};

int
app_idempotency_key_valid(const char *s, size_t len)
{
    if (s == NULL || len < 1 || len > APP_IDEMPOTENCY_KEY_MAX)
        return 0;
    for (size_t i = 0; i < len; i++)
        if (s[i] < ' ' || s[i] > '~')
            return 0;
    return 1;
}

int
app_idempotency_key_pick(
    const char *input, size_t input_len, const char *header, const char **key, const char **why)
{
    *key = NULL;
    *why = NULL;
    if (input == NULL && header == NULL) {
        *why = "An idempotency key is required (input.idempotencyKey or the Idempotency-Key "
               "header)";
        return -WALLET_EBAD_USER_INPUT;
    }
    if ((input != NULL && !app_idempotency_key_valid(input, input_len)) ||
        (header != NULL && !app_idempotency_key_valid(header, strlen(header)))) {
        *why = "An idempotency key is 1-255 printable ASCII characters";
        return -WALLET_EBAD_USER_INPUT;
    }
    if (input != NULL && header != NULL &&
        (strlen(header) != input_len || memcmp(header, input, input_len) != 0)) {
        *why = "input.idempotencyKey and the Idempotency-Key header differ";
        return -WALLET_EBAD_USER_INPUT;
    }
    *key = input != NULL ? input : header;
    return 0;
}

void
app_idempotency_request_hash(const char *const *fields,
                             size_t n,
                             char out[APP_IDEMPOTENCY_HASH_HEX_MAX])
{
    struct strbuf sb = STRBUF_INIT;
    for (size_t i = 0; i < n; i++) {
        size_t len = fields[i] != NULL ? strlen(fields[i]) : 0;
        uint32_t len32 = fields[i] != NULL ? (uint32_t)len : UINT32_MAX;
        unsigned char be[4] = {(unsigned char)(len32 >> 24),
                               (unsigned char)(len32 >> 16),
                               (unsigned char)(len32 >> 8),
                               (unsigned char)len32};
        strbuf_append(&sb, be, sizeof(be));
        if (fields[i] != NULL)
            strbuf_append(&sb, fields[i], len);
    }
    token_hash_hex(sb.data != NULL ? sb.data : "", sb.len, out);
    strbuf_free(&sb);
}

int
app_idempotency_outcome(const PGresult *claim,
                        const PGresult *probe,
                        const char *request_hash,
                        int64_t *transfer_id,
                        const char **response)
{
    *transfer_id = 0;
    *response = NULL;
    if (PQntuples(claim) == 1)
        return APP_IDEMPOTENCY_NEW;
    if (PQntuples(claim) != 0 || PQntuples(probe) > 1)
        return -1;
    /* No row although the claim met one: it went away meanwhile; the caller may retry. */
    if (PQntuples(probe) == 0)
        return APP_IDEMPOTENCY_IN_PROGRESS;
    int c_hash = PQfnumber(probe, "request_hash");
    int c_id = PQfnumber(probe, "transfer_id");
    int c_resp = PQfnumber(probe, "response");
    if (c_hash < 0 || c_id < 0 || c_resp < 0)
        return -1;
    const char *stored = PQgetvalue(probe, 0, c_hash);
    if (strlen(stored) != strlen(request_hash) ||
        !token_equal(stored, request_hash, strlen(request_hash)))
        return APP_IDEMPOTENCY_REUSED;
    if (PQgetisnull(probe, 0, c_id) || PQgetisnull(probe, 0, c_resp))
        return APP_IDEMPOTENCY_IN_PROGRESS;
    char *end;
    errno = 0;
    long long id = strtoll(PQgetvalue(probe, 0, c_id), &end, 10);
    if (*end != '\0' || errno != 0 || id <= 0)
        return -1;
    *transfer_id = (int64_t)id;
    *response = PQgetvalue(probe, 0, c_resp);
    return APP_IDEMPOTENCY_REPLAY;
}
