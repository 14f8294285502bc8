/*
 * Bearer-token authentication (see include/app/auth.h).
 */
#include "app/auth.h"

#include "core/errors.h"
#include "crypto/jwt.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <time.h>

/*
 * The user row behind a token: role and status from the database, and whether the token was
 * issued before tokens_valid_after (compared with its fraction, so a token issued in the
 * same second as a logout but before it is refused).
 */
static const struct db_stmt stmt_auth_user = {
    "app_auth_user",
    "SELECT role, status, "
    "(tokens_valid_after IS NOT NULL AND $2::float8 < extract(epoch FROM tokens_valid_after)) "
    "FROM users WHERE id = $1::bigint",
    2,
    NULL,
};

int
app_parse_user_id(const char *s, int64_t *out)
{
    if (s == NULL || s[0] < '1' || s[0] > '9')
        return -1;
    int64_t v = 0;
    for (const char *p = s; *p; p++) {
        if (*p < '0' || *p > '9')
            return -1;
        int d = *p - '0';
        if (v > (INT64_MAX - d) / 10)
            return -1;
        v = v * 10 + d;
    }
    *out = v;
    return 0;
}

int
app_authenticate(struct app_request *r, const char *authorization)
{
    r->authenticated = false;
    if (authorization == NULL)
        return 0;
    if (strncasecmp(authorization, "Bearer ", 7) != 0)
        return -WALLET_EUNAUTHENTICATED;
    const char *token = authorization + 7;
    while (*token == ' ')
        token++;
    size_t len = strlen(token);
    while (len > 0 && token[len - 1] == ' ')
        len--;
    if (len == 0 || r->svc == NULL || r->svc->jwt_key == NULL)
        return -WALLET_EUNAUTHENTICATED;

    struct jwt_claims claims;
    if (jwt_verify(
            r->svc->jwt_key, r->svc->jwt_key_len, token, len, (int64_t)time(NULL), &claims, NULL) !=
        0)
        return -WALLET_EUNAUTHENTICATED;
    int64_t id;
    if (app_parse_user_id(claims.sub, &id) < 0)
        return -WALLET_EUNAUTHENTICATED;

    struct db_conn *db;
    int rc = app_request_db(r, &db);
    if (rc < 0)
        return rc;
    char iat[32];
    snprintf(iat, sizeof(iat), "%lld", (long long)claims.iat);
    const char *params[] = {claims.sub, iat};
    PGresult *res = db_exec(db, &stmt_auth_user, params);
    rc = app_db_check(r, res, PGRES_TUPLES_OK);
    if (rc < 0) {
        PQclear(res);
        return rc;
    }
    if (PQntuples(res) != 1) {
        PQclear(res);
        return -WALLET_EUNAUTHENTICATED;
    }
    const char *role = PQgetvalue(res, 0, 0);
    const char *status = PQgetvalue(res, 0, 1);
    bool revoked = strcmp(PQgetvalue(res, 0, 2), "t") == 0;
    bool admin = strcmp(role, "ADMIN") == 0;
    bool active = strcmp(status, "ACTIVE") == 0;
    PQclear(res);
    if (revoked || !active)
        return -WALLET_EUNAUTHENTICATED;

    r->authenticated = true;
    r->user.id = id;
    r->user.role = admin ? APP_ROLE_ADMIN : APP_ROLE_USER;
    r->user.status = APP_USER_ACTIVE;
    r->user.token_iat = claims.iat;
    snprintf(r->user.jti, sizeof(r->user.jti), "%s", claims.jti);
    return 0;
}
