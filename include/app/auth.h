/*
 * Authentication of a request from its Authorization header (contract §2, §4 "Users and
 * sign-in"): `Bearer <accessToken>`, an HS256 JWT checked by crypto/jwt.h, then the user row
 * loaded so that the role and status come from the database, and tokens issued before the
 * user's tokens_valid_after (logout, password change, lock) are refused.
 */
#ifndef WALLET_APP_AUTH_H
#define WALLET_APP_AUTH_H

#include "app/request.h"

/*
 * Authenticates r from the Authorization header value (NULL when absent). Returns 0 with
 * r->authenticated and r->user set when the token is good, 0 with r->authenticated false
 * when there is no header, -WALLET_EUNAUTHENTICATED for anything wrong with the header, the
 * token or the user (unknown, not ACTIVE, token revoked), or -WALLET_ESERVICE_UNAVAILABLE /
 * -WALLET_EINTERNAL_SERVER_ERROR when the user could not be loaded. The token is never
 * logged or copied.
 */
int app_authenticate(struct app_request *r, const char *authorization);

/* Parses a decimal users.id (1 .. INT64_MAX, no sign, no leading zeros). Returns 0 or -1. */
int app_parse_user_id(const char *s, int64_t *out);

#endif
