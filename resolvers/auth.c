/*
 * Sign-in (contract §4 "Users and sign-in"): register, login, refreshToken, logout and
 * changePassword.
 *
 * - Passwords: Argon2id (crypto/password.h), hashed and verified outside any transaction (each
 *   costs ~70 ms); the policy is pw_policy_check. A login for an unknown name spends one dummy
 *   verification so timing does not tell which names exist, and every failure says
 *   "Invalid username or password".
 * - Lockout: 5 failures in a row (logins, and wrong current passwords in changePassword) lock
 *   the user for 15 minutes (ACCOUNT_LOCKED); a login after the lock expired unlocks; an ADMIN
 *   may unlockUser. Login attempts per client IP are counted by the HTTP layer before
 *   execution (one per root `login` field, aliases included), not here.
 * - Access tokens: HS256 JWTs for 15 minutes (crypto/jwt.h) with sub, role, iat, exp, iss, aud,
 *   jti. Revocation (logout, password change, lock) moves users.tokens_valid_after to the next
 *   whole second (and at least one second past its previous value), and app_authenticate
 *   refuses tokens whose iat is before it; tokens issued afterwards get
 *   iat = max(now, tokens_valid_after), so a sign-in right after a logout works while every
 *   earlier token (iat in whole seconds) is refused.
 * - Refresh tokens: 256 random bits (crypto/tokens.h), stored only as SHA-256, 30 days, one
 *   family per sign-in; each use marks the token used and issues the next one of the family;
 *   presenting a used token again revokes the whole family.
 * - Every sign-in event is audited in the transaction that records it.
 */
#include "app/audit.h"
#include "core/arena.h"
#include "core/errors.h"
#include "crypto/jwt.h"
#include "crypto/password.h"
#include "crypto/tokens.h"
#include "model.h"
#include "resolvers_internal.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define ACCESS_TTL_S 900
#define MAX_FAILED_LOGINS 5
#define INVALID_CREDENTIALS "Invalid username or password"
#define INVALID_REFRESH "Invalid refresh token"

/* The user columns returned by statements that write users rows (RES_USER_COLUMNS names). */
/*
 * The next tokens_valid_after of a revocation: the next whole second, and always at least one
 * second past the previous value, so a token issued between two revocations in the same
 * second (its iat is the previous value) is refused by the second one too.
 */
#define TVA_NEXT                                                                                   \
    "greatest(date_trunc('second', now()) + interval '1 second', "                                 \
    "coalesce(tokens_valid_after, '-infinity'::timestamptz) + interval '1 second')"

#define USER_RETURNING                                                                             \
    "id, username, email, display_name, role, status, " RES_MS("created_at") " AS created_at_ms"

/*---------------------------------------------------------------------------------------------
 * Statements
 *-------------------------------------------------------------------------------------------*/

static const struct db_stmt stmt_register_taken = {
    "res_auth_register_taken",
    "SELECT EXISTS (SELECT 1 FROM users WHERE lower(username) = lower($1)), "
    "EXISTS (SELECT 1 FROM users WHERE lower(email) = lower($2))",
    2,
    NULL,
};

static const struct db_stmt stmt_register_insert = {
    "res_auth_register_insert",
    "INSERT INTO users (username, email, display_name, password_hash) VALUES ($1, $2, $3, $4) "
    "ON CONFLICT DO NOTHING RETURNING " USER_RETURNING,
    4,
    NULL,
};

/* A sign-in candidate by username or email, with what login needs to decide. */
#define LOGIN_SELECT                                                                               \
    "SELECT " RES_USER_COLUMNS ", u.password_hash, "                                               \
    "(u.status = 'LOCKED' AND (u.locked_until IS NULL OR u.locked_until > now())) AS locked, "     \
    "coalesce(ceil(extract(epoch FROM u.tokens_valid_after))::bigint, 0) AS tva FROM users u "

static const struct db_stmt stmt_login_by_username = {
    "res_auth_login_by_username",
    LOGIN_SELECT "WHERE lower(u.username) = lower($1)",
    1,
    NULL,
};

static const struct db_stmt stmt_login_by_email = {
    "res_auth_login_by_email",
    LOGIN_SELECT "WHERE lower(u.email) = lower($1)",
    1,
    NULL,
};

static const struct db_stmt stmt_login_by_id = {
    "res_auth_login_by_id",
    LOGIN_SELECT "WHERE u.id = $1::bigint",
    1,
    NULL,
};

/*
 * A failed password for an ACTIVE user (or one whose lock expired, which starts counting
 * again): counts it, and the 5th in a row locks for 15 minutes and revokes access tokens.
 */
static const struct db_stmt stmt_login_failed = {
    "res_auth_login_failed",
    "WITH cur AS (SELECT id, CASE WHEN status = 'LOCKED' THEN 0 ELSE failed_logins END AS f "
    "             FROM users WHERE id = $1::bigint AND (status = 'ACTIVE' OR "
    "             (status = 'LOCKED' AND locked_until IS NOT NULL AND locked_until <= now())) "
    "             FOR UPDATE) "
    "UPDATE users u SET failed_logins = cur.f + 1, "
    "  status = CASE WHEN cur.f + 1 >= $2::int THEN 'LOCKED' ELSE 'ACTIVE' END, "
    "  locked_until = CASE WHEN cur.f + 1 >= $2::int THEN now() + interval '15 minutes' END, "
    "  tokens_valid_after = CASE WHEN cur.f + 1 >= $2::int "
    "    THEN " TVA_NEXT " ELSE u.tokens_valid_after END, "
    "  updated_at = now() "
    "FROM cur WHERE u.id = cur.id RETURNING u.failed_logins, u.status",
    2,
    NULL,
};

/* A successful login: the failure count restarts and an expired lock is lifted. */
static const struct db_stmt stmt_login_ok = {
    "res_auth_login_ok",
    "UPDATE users SET failed_logins = 0, status = 'ACTIVE', locked_until = NULL, "
    "updated_at = now() WHERE id = $1::bigint AND (status = 'ACTIVE' OR (status = 'LOCKED' "
    "AND locked_until IS NOT NULL AND locked_until <= now())) "
    "RETURNING coalesce(ceil(extract(epoch FROM tokens_valid_after))::bigint, 0)",
    1,
    NULL,
};

static const struct db_stmt stmt_refresh_insert = {
    "res_auth_refresh_insert",
    "INSERT INTO refresh_tokens (user_id, family_id, token_hash, expires_at) "
    "VALUES ($1::bigint, $2, $3::bytea, now() + interval '30 days')",
    3,
    NULL,
};

static const struct db_stmt stmt_refresh_find = {
    "res_auth_refresh_find",
    "SELECT rt.id, rt.user_id, rt.family_id, rt.used_at IS NOT NULL AS used, "
    "rt.revoked_at IS NOT NULL AS revoked, rt.expires_at <= now() AS expired "
    "FROM refresh_tokens rt WHERE rt.token_hash = $1::bytea FOR UPDATE",
    1,
    NULL,
};

static const struct db_stmt stmt_refresh_use = {
    "res_auth_refresh_use",
    "UPDATE refresh_tokens SET used_at = now() WHERE id = $1::bigint",
    1,
    NULL,
};

static const struct db_stmt stmt_family_revoke = {
    "res_auth_family_revoke",
    "UPDATE refresh_tokens SET revoked_at = now() WHERE family_id = $1 AND revoked_at IS NULL",
    1,
    NULL,
};

static const struct db_stmt stmt_user_tokens_revoke = {
    "res_auth_user_tokens_revoke",
    "UPDATE refresh_tokens SET revoked_at = now() WHERE user_id = $1::bigint "
    "AND revoked_at IS NULL",
    1,
    NULL,
};

/* Access tokens issued before the next whole second stop working. */
static const struct db_stmt stmt_revoke_access = {
    "res_auth_revoke_access",
    "UPDATE users SET tokens_valid_after = " TVA_NEXT ", "
    "updated_at = now() WHERE id = $1::bigint",
    1,
    NULL,
};

static const struct db_stmt stmt_password_user = {
    "res_auth_password_user",
    "SELECT username, password_hash FROM users WHERE id = $1::bigint",
    1,
    NULL,
};

static const struct db_stmt stmt_password_set = {
    "res_auth_password_set",
    "UPDATE users SET password_hash = $2, failed_logins = 0, "
    "tokens_valid_after = " TVA_NEXT ", updated_at = now() "
    "WHERE id = $1::bigint",
    2,
    NULL,
};

/*---------------------------------------------------------------------------------------------
 * Helpers
 *-------------------------------------------------------------------------------------------*/

/* A STRING argument as (pointer, length); NULL when absent. */
static const struct gql_val *
string_arg(const struct gql_resolve_info *info, const char *name)
{
    const struct gql_val *v = gql_resolve_arg(info, name);
    return v != NULL && v->kind == GQL_VAL_STRING ? v : NULL;
}

/* "\x<hex>" bytea text of SHA-256(token). */
static const char *
token_hash_param(struct arena *a, const char *token, size_t len)
{
    char hex[TOKEN_HASH_HEX_MAX];
    token_hash_hex(token, len, hex);
    return arena_sprintf(a, "\\x%s", hex);
}

/* Audit details with one string member (or "{}"). */
static const char *
details1(struct arena *a, const char *key, const char *value)
{
    struct app_audit_details d;
    app_audit_details_init(&d);
    if (key != NULL)
        app_audit_details_str(&d, key, value);
    return app_audit_details_finish(&d, a);
}

/* Appends an audit entry of the request on its connection, in its open transaction. */
static int
audit(struct app_request *r,
      int64_t actor,
      const char *chain,
      const char *action,
      int64_t target_user,
      const char *details)
{
    struct db_conn *db;
    int rc = app_request_db(r, &db);
    if (rc < 0)
        return rc;
    struct app_audit_entry e = {
        .actor_id = actor,
        .chain = chain,
        .action = action,
        .target_type = target_user > 0 ? "user" : NULL,
        .target_id = target_user > 0 ? res_i64(r->arena, target_user) : NULL,
        .request_id = r->request_id,
        .ip = r->client_ip,
        .details = details,
    };
    rc = app_audit_append(db, &e, NULL);
    if (rc == -WALLET_ESERVICE_UNAVAILABLE)
        app_request_set_db_failed(r);
    return rc;
}

/* The chain of events about a user that no signed-in actor caused (failed logins). */
static const char *
user_chain(struct arena *a, int64_t user_id)
{
    return arena_sprintf(a, "user:%" PRId64, user_id);
}

/*
 * Starts a refresh-token family for user_id (or continues family) inside the open
 * transaction; writes the new token into out.
 */
static int
refresh_issue(struct app_request *r,
              int64_t user_id,
              const char *family,
              char out[TOKEN_REFRESH_MAX],
              const char **family_out)
{
    char fam[TOKEN_ID_MAX];
    if (family == NULL) {
        token_id_new(fam);
        family = arena_strdup(r->arena, fam);
    }
    token_refresh_new(out);
    const char *params[] = {
        res_i64(r->arena, user_id),
        family,
        token_hash_param(r->arena, out, TOKEN_REFRESH_LEN),
    };
    PGresult *res;
    int rc = res_exec(r, &stmt_refresh_insert, params, PGRES_COMMAND_OK, &res, NULL);
    if (rc == 0 && family_out != NULL)
        *family_out = family;
    return rc;
}

/*
 * Signs an access token for u. tva: users.tokens_valid_after in whole epoch seconds (0 when
 * none): the token's iat is never before it.
 */
static int
access_issue(struct app_request *r, const struct res_user *u, int64_t tva, char **out)
{
    struct jwt_claims c;
    memset(&c, 0, sizeof(c));
    snprintf(c.sub, sizeof(c.sub), "%" PRId64, u->id);
    snprintf(c.role, sizeof(c.role), "%s", u->role == APP_ROLE_ADMIN ? "ADMIN" : "USER");
    char jti[TOKEN_ID_MAX];
    token_id_new(jti);
    snprintf(c.jti, sizeof(c.jti), "%s", jti);
    int64_t now = (int64_t)time(NULL);
    c.iat = now > tva ? now : tva;
    c.exp = now + ACCESS_TTL_S;
    char *tok = arena_alloc(r->arena, JWT_MAX_TOKEN);
    if (r->svc == NULL || r->svc->jwt_key == NULL ||
        jwt_sign(r->svc->jwt_key, r->svc->jwt_key_len, &c, tok, JWT_MAX_TOKEN, NULL) < 0)
        return -WALLET_EINTERNAL_SERVER_ERROR;
    *out = tok;
    return 0;
}

/* The AuthPayload object. */
static struct gql_val
auth_payload(struct app_request *r,
             const struct res_user *u,
             const char *access,
             const char *refresh)
{
    struct arena *a = r->arena;
    struct gql_val v = gql_val_object(a, 4);
    gql_val_object_set(a, &v, "accessToken", gql_val_cstring(a, access));
    gql_val_object_set(a, &v, "refreshToken", gql_val_cstring(a, refresh));
    gql_val_object_set(a, &v, "expiresIn", gql_val_int(ACCESS_TTL_S));
    res_set_viewer(r, u->id);
    gql_val_object_set(a, &v, "user", res_user_val(r, u));
    return v;
}

/*
 * The end of every mutation that signs a user in (register, login, refreshToken), inside the
 * transaction the caller opened: issues a refresh token (a new family, or the given one
 * continued), appends the audit entry action/details, commits, signs an access token not
 * issued before tva and sets *out to the AuthPayload. On failure the transaction is rolled
 * back and the contract error recorded; returns what the resolver returns.
 */
static int
auth_finish(const struct gql_resolve_info *info,
            struct app_request *r,
            const struct res_user *u,
            const char *family,
            int64_t tva,
            const char *action,
            const char *details,
            struct gql_val *out)
{
    int rc;
    char refresh[TOKEN_REFRESH_MAX];
    if ((rc = refresh_issue(r, u->id, family, refresh, NULL)) < 0)
        goto out_fail;
    if ((rc = audit(r, u->id, NULL, action, u->id, details)) < 0)
        goto out_fail;
    if ((rc = res_commit(r)) < 0)
        goto out_fail;
    char *access;
    if ((rc = access_issue(r, u, tva, &access)) < 0)
        return app_fail(info, rc);
    *out = auth_payload(r, u, access, refresh);
    return 0;

out_fail:
    res_rollback(r);
    return app_fail(info, rc);
}

/*---------------------------------------------------------------------------------------------
 * register
 *-------------------------------------------------------------------------------------------*/

/* Username rules after lower-casing: 3-32 of [a-z0-9_.], starting with a letter. */
static bool
username_valid(const char *s, size_t len)
{
    if (len < 3 || len > 32 || s[0] < 'a' || s[0] > 'z')
        return false;
    for (size_t i = 0; i < len; i++) {
        char c = s[i];
        if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '.'))
            return false;
    }
    return true;
}

/* One '@' with text on both sides, a dot in the domain, no spaces or controls, <= 254. */
static bool
email_valid(const char *s, size_t len)
{
    if (len < 3 || len > 254)
        return false;
    const char *at = memchr(s, '@', len);
    if (at == NULL || at == s || at == s + len - 1 ||
        memchr(at + 1, '@', len - (size_t)(at - s) - 1))
        return false;
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c <= 0x20 || c == 0x7F)
            return false;
    }
    const char *domain = at + 1;
    size_t dlen = len - (size_t)(domain - s);
    const char *dot = memchr(domain, '.', dlen);
    return dot != NULL && dot != domain && dot != domain + dlen - 1;
}

/* Lower-cases ASCII letters of s[0..len) into a new arena string. */
static char *
ascii_lower(struct arena *a, const char *s, size_t len)
{
    char *out = arena_strndup(a, s, len);
    for (size_t i = 0; i < len; i++)
        if (out[i] >= 'A' && out[i] <= 'Z')
            out[i] = (char)(out[i] - 'A' + 'a');
    return out;
}

static int
mutation_register(const struct gql_resolve_info *info, struct gql_val *out)
{
    struct app_request *r = app_request_of(info);
    struct arena *a = info->arena;
    const struct gql_val *input = gql_resolve_arg(info, "input");
    const struct gql_val *uv = res_input_string(input, "username");
    const struct gql_val *ev = res_input_string(input, "email");
    const struct gql_val *pv = res_input_string(input, "password");
    const struct gql_val *dv = res_input_string(input, "displayName");
    if (uv == NULL || ev == NULL || pv == NULL)
        return gql_resolve_error(
            info, "BAD_USER_INPUT", "username, email and password are required");

    const char *username = NULL;
    if (res_text_check(a, uv->u.string.ptr, uv->u.string.len, 1, 64, &username) == 0)
        username = ascii_lower(a, username, strlen(username));
    if (username == NULL || !username_valid(username, strlen(username)))
        return gql_resolve_error(info,
                                 "BAD_USER_INPUT",
                                 "Username must be 3-32 characters of a-z, 0-9, '_' and '.', "
                                 "starting with a letter");
    const char *email;
    if (res_text_check(a, ev->u.string.ptr, ev->u.string.len, 3, 254, &email) < 0 ||
        !email_valid(email, strlen(email)))
        return gql_resolve_error(info, "BAD_USER_INPUT", "Email address is not valid");
    const char *display = username;
    if (dv != NULL && res_text_check(a, dv->u.string.ptr, dv->u.string.len, 1, 64, &display) < 0)
        return gql_resolve_error(
            info, "BAD_USER_INPUT", "Display name must be 1-64 printable characters");
    const char *reason = NULL;
    if (pw_policy_check(username, pv->u.string.ptr, pv->u.string.len, &reason) < 0)
        return gql_resolve_error(
            info, "BAD_USER_INPUT", "%s", reason ? reason : "Password is too weak");

    /* A clear message for a taken name before paying for the hash. */
    const char *taken_params[] = {username, email};
    PGresult *res;
    int rc = res_exec(r, &stmt_register_taken, taken_params, PGRES_TUPLES_OK, &res, NULL);
    if (rc < 0)
        return app_fail(info, rc);
    if (strcmp(PQgetvalue(res, 0, 0), "t") == 0)
        return gql_resolve_error(info, "BAD_USER_INPUT", "Username is already taken");
    if (strcmp(PQgetvalue(res, 0, 1), "t") == 0)
        return gql_resolve_error(info, "BAD_USER_INPUT", "Email is already registered");

    char hash[PW_HASH_MAX];
    if (pw_hash(pv->u.string.ptr, pv->u.string.len, hash) < 0)
        return app_fail(info, WALLET_EINTERNAL_SERVER_ERROR);

    if ((rc = res_begin(r)) < 0)
        return app_fail(info, rc);
    const char *params[] = {username, email, display, hash};
    if ((rc = res_exec(r, &stmt_register_insert, params, PGRES_TUPLES_OK, &res, NULL)) < 0)
        goto out_fail;
    if (PQntuples(res) != 1) {
        /* Taken meanwhile by a concurrent registration. */
        res_rollback(r);
        return gql_resolve_error(info, "BAD_USER_INPUT", "Username or email is already taken");
    }
    struct res_user *u = arena_calloc(a, 1, sizeof(*u));
    if (res_user_from_row(a, res, 0, u) < 0) {
        rc = -WALLET_EINTERNAL_SERVER_ERROR;
        goto out_fail;
    }
    const struct res_account *acc;
    if ((rc = res_account_create(r, u->id, "CHECKING", "INR", NULL, 0, &acc)) < 0)
        goto out_fail;
    return auth_finish(info, r, u, NULL, 0, "REGISTER", details1(a, "username", username), out);

out_fail:
    res_rollback(r);
    return app_fail(info, rc);
}

/*---------------------------------------------------------------------------------------------
 * login
 *-------------------------------------------------------------------------------------------*/

/*
 * Records a failed password for user_id (count, maybe lock, audit) in its own transaction.
 * Returns 0 or a negative contract error.
 */
static int
record_failure(struct app_request *r, int64_t user_id, const char *action)
{
    struct arena *a = r->arena;
    int rc = res_begin(r);
    if (rc < 0)
        return rc;
    char max[8];
    snprintf(max, sizeof(max), "%d", MAX_FAILED_LOGINS);
    const char *params[] = {res_i64(a, user_id), max};
    PGresult *res;
    if ((rc = res_exec(r, &stmt_login_failed, params, PGRES_TUPLES_OK, &res, NULL)) < 0)
        goto out_fail;
    bool locked = PQntuples(res) == 1 && strcmp(PQgetvalue(res, 0, 1), "LOCKED") == 0;
    const char *chain = user_chain(a, user_id);
    if ((rc = audit(r, 0, chain, action, user_id, details1(a, "reason", "bad_password"))) < 0)
        goto out_fail;
    if (locked && (rc = audit(r,
                              0,
                              chain,
                              "USER_LOCKED",
                              user_id,
                              details1(a, "reason", "too_many_failed_logins"))) < 0)
        goto out_fail;
    return res_commit(r);

out_fail:
    res_rollback(r);
    return rc;
}

static int
mutation_login(const struct gql_resolve_info *info, struct gql_val *out)
{
    struct app_request *r = app_request_of(info);
    struct arena *a = info->arena;
    const struct gql_val *uv = string_arg(info, "username");
    const struct gql_val *pv = string_arg(info, "password");
    if (uv == NULL || pv == NULL)
        return gql_resolve_error(info, "UNAUTHENTICATED", INVALID_CREDENTIALS);
    const char *name;
    if (res_text_check(a, uv->u.string.ptr, uv->u.string.len, 1, 254, &name) < 0)
        name = NULL;

    PGresult *res = NULL;
    int rc = 0;
    if (name != NULL) {
        const char *params[] = {name};
        rc = res_exec(r,
                      strchr(name, '@') ? &stmt_login_by_email : &stmt_login_by_username,
                      params,
                      PGRES_TUPLES_OK,
                      &res,
                      NULL);
        if (rc < 0)
            return app_fail(info, rc);
    }
    if (res == NULL || PQntuples(res) != 1) {
        /* Unknown name: the same work, the same answer, one audit entry without the name
         * (it may be a password typed into the wrong box). */
        pw_verify_dummy(pv->u.string.ptr, pv->u.string.len);
        if ((rc = res_begin(r)) < 0 ||
            (rc = audit(r, 0, NULL, "LOGIN_FAILED", 0, details1(a, "reason", "unknown_user"))) <
                0 ||
            (rc = res_commit(r)) < 0) {
            res_rollback(r);
            return app_fail(info, rc);
        }
        return gql_resolve_error(info, "UNAUTHENTICATED", INVALID_CREDENTIALS);
    }
    struct res_user *u = arena_calloc(a, 1, sizeof(*u));
    if (res_user_from_row(a, res, 0, u) < 0)
        return app_fail(info, WALLET_EINTERNAL_SERVER_ERROR);
    const char *hash = res_get_text(a, res, 0, "password_hash");
    bool locked = strcmp(PQgetvalue(res, 0, PQfnumber(res, "locked")), "t") == 0;

    if (locked) {
        pw_verify_dummy(pv->u.string.ptr, pv->u.string.len);
        if ((rc = res_begin(r)) < 0 ||
            (rc = audit(r,
                        0,
                        user_chain(a, u->id),
                        "LOGIN_FAILED",
                        u->id,
                        details1(a, "reason", "locked"))) < 0 ||
            (rc = res_commit(r)) < 0) {
            res_rollback(r);
            return app_fail(info, rc);
        }
        return app_fail(info, WALLET_EACCOUNT_LOCKED);
    }
    bool ok = hash != NULL && pw_verify(hash, pv->u.string.ptr, pv->u.string.len) == 0;
    if (!ok || u->status == APP_USER_DISABLED) {
        if (u->status == APP_USER_DISABLED) {
            if ((rc = res_begin(r)) < 0 ||
                (rc = audit(r,
                            0,
                            user_chain(a, u->id),
                            "LOGIN_FAILED",
                            u->id,
                            details1(a, "reason", "disabled"))) < 0 ||
                (rc = res_commit(r)) < 0) {
                res_rollback(r);
                return app_fail(info, rc);
            }
        } else if ((rc = record_failure(r, u->id, "LOGIN_FAILED")) < 0) {
            return app_fail(info, rc);
        }
        return gql_resolve_error(info, "UNAUTHENTICATED", INVALID_CREDENTIALS);
    }

    if ((rc = res_begin(r)) < 0)
        return app_fail(info, rc);
    const char *id_params[] = {res_i64(a, u->id)};
    PGresult *upd;
    if ((rc = res_exec(r, &stmt_login_ok, id_params, PGRES_TUPLES_OK, &upd, NULL)) < 0)
        goto out_fail;
    if (PQntuples(upd) != 1) {
        /* Locked or disabled between the read and now. */
        res_rollback(r);
        return gql_resolve_error(info, "UNAUTHENTICATED", INVALID_CREDENTIALS);
    }
    int64_t tva = atoll(PQgetvalue(upd, 0, 0));
    u->status = APP_USER_ACTIVE;
    return auth_finish(info, r, u, NULL, tva, "LOGIN_SUCCESS", "{}", out);

out_fail:
    res_rollback(r);
    return app_fail(info, rc);
}

/*---------------------------------------------------------------------------------------------
 * refreshToken and logout
 *-------------------------------------------------------------------------------------------*/

struct refresh_row {
    int64_t id;
    int64_t user_id;
    const char *family;
    bool used, revoked, expired;
};

/*
 * Finds and locks the refresh token given as argument `refreshToken` inside the open
 * transaction. Returns 1 when found, 0 when not (malformed or unknown), or a negative error.
 */
static int
refresh_find(struct app_request *r, const struct gql_resolve_info *info, struct refresh_row *out)
{
    const struct gql_val *tv = string_arg(info, "refreshToken");
    if (tv == NULL || !token_refresh_well_formed(tv->u.string.ptr, tv->u.string.len))
        return 0;
    const char *params[] = {token_hash_param(r->arena, tv->u.string.ptr, tv->u.string.len)};
    PGresult *res;
    int rc = res_exec(r, &stmt_refresh_find, params, PGRES_TUPLES_OK, &res, NULL);
    if (rc < 0)
        return rc;
    if (PQntuples(res) != 1)
        return 0;
    out->id = atoll(PQgetvalue(res, 0, 0));
    out->user_id = atoll(PQgetvalue(res, 0, 1));
    out->family = res_get_text(r->arena, res, 0, "family_id");
    out->used = strcmp(PQgetvalue(res, 0, 3), "t") == 0;
    out->revoked = strcmp(PQgetvalue(res, 0, 4), "t") == 0;
    out->expired = strcmp(PQgetvalue(res, 0, 5), "t") == 0;
    return 1;
}

static int
mutation_refresh_token(const struct gql_resolve_info *info, struct gql_val *out)
{
    struct app_request *r = app_request_of(info);
    struct arena *a = info->arena;
    int rc = res_begin(r);
    if (rc < 0)
        return app_fail(info, rc);
    struct refresh_row rt;
    int found = refresh_find(r, info, &rt);
    if (found < 0) {
        rc = found;
        goto out_fail;
    }
    if (found == 0 || rt.revoked || rt.expired) {
        res_rollback(r);
        return gql_resolve_error(info, "UNAUTHENTICATED", INVALID_REFRESH);
    }
    if (rt.used) {
        /* Reuse of a rotated token: someone else may hold the family. End all of it. */
        const char *params[] = {rt.family};
        PGresult *res;
        if ((rc = res_exec(r, &stmt_family_revoke, params, PGRES_COMMAND_OK, &res, NULL)) < 0 ||
            (rc = audit(r, 0, user_chain(a, rt.user_id), "REFRESH_TOKEN_REUSE", rt.user_id, "{}")) <
                0 ||
            (rc = res_commit(r)) < 0)
            goto out_fail;
        return gql_resolve_error(info, "UNAUTHENTICATED", INVALID_REFRESH);
    }
    const char *id_params[] = {res_i64(a, rt.user_id)};
    PGresult *res;
    if ((rc = res_exec(r, &stmt_login_by_id, id_params, PGRES_TUPLES_OK, &res, NULL)) < 0)
        goto out_fail;
    struct res_user *u = arena_calloc(a, 1, sizeof(*u));
    if (PQntuples(res) != 1 || res_user_from_row(a, res, 0, u) < 0 ||
        u->status != APP_USER_ACTIVE) {
        res_rollback(r);
        return gql_resolve_error(info, "UNAUTHENTICATED", INVALID_REFRESH);
    }
    int64_t tva = atoll(PQgetvalue(res, 0, PQfnumber(res, "tva")));
    const char *use_params[] = {res_i64(a, rt.id)};
    if ((rc = res_exec(r, &stmt_refresh_use, use_params, PGRES_COMMAND_OK, &res, NULL)) < 0)
        goto out_fail;
    return auth_finish(info, r, u, rt.family, tva, "TOKEN_REFRESH", "{}", out);

out_fail:
    res_rollback(r);
    return app_fail(info, rc);
}

/*
 * logout: ends the refresh token's family and every access token of its user issued so far.
 * Works with or without an access token (it may have expired); with one, the refresh token
 * must be the same user's.
 */
static int
mutation_logout(const struct gql_resolve_info *info, struct gql_val *out)
{
    struct app_request *r = app_request_of(info);
    struct arena *a = info->arena;
    int rc = res_begin(r);
    if (rc < 0)
        return app_fail(info, rc);
    struct refresh_row rt;
    int found = refresh_find(r, info, &rt);
    if (found < 0) {
        rc = found;
        goto out_fail;
    }
    if (found == 0 || (r->authenticated && r->user.id != rt.user_id)) {
        res_rollback(r);
        return gql_resolve_error(info, "UNAUTHENTICATED", INVALID_REFRESH);
    }
    const char *fam_params[] = {rt.family};
    const char *user_params[] = {res_i64(a, rt.user_id)};
    PGresult *res;
    if ((rc = res_exec(r, &stmt_family_revoke, fam_params, PGRES_COMMAND_OK, &res, NULL)) < 0 ||
        (rc = res_exec(r, &stmt_revoke_access, user_params, PGRES_COMMAND_OK, &res, NULL)) < 0 ||
        (rc = audit(r, rt.user_id, NULL, "LOGOUT", rt.user_id, "{}")) < 0 ||
        (rc = res_commit(r)) < 0)
        goto out_fail;
    *out = gql_val_boolean(true);
    return 0;

out_fail:
    res_rollback(r);
    return app_fail(info, rc);
}

/*---------------------------------------------------------------------------------------------
 * changePassword
 *-------------------------------------------------------------------------------------------*/

static int
mutation_change_password(const struct gql_resolve_info *info, struct gql_val *out)
{
    int rc = app_require_user(info);
    if (rc < 0)
        return rc;
    struct app_request *r = app_request_of(info);
    struct arena *a = info->arena;
    const struct gql_val *cur = string_arg(info, "currentPassword");
    const struct gql_val *nxt = string_arg(info, "newPassword");
    if (cur == NULL || nxt == NULL)
        return gql_resolve_error(info, "BAD_USER_INPUT", "Both passwords are required");
    const char *id = res_i64(a, r->user.id);
    const char *params[] = {id};
    PGresult *res;
    if ((rc = res_exec(r, &stmt_password_user, params, PGRES_TUPLES_OK, &res, NULL)) < 0)
        return app_fail(info, rc);
    if (PQntuples(res) != 1)
        return app_fail(info, WALLET_EUNAUTHENTICATED);
    const char *username = res_get_text(a, res, 0, "username");
    const char *hash = res_get_text(a, res, 0, "password_hash");
    if (pw_verify(hash, cur->u.string.ptr, cur->u.string.len) != 0) {
        /* A wrong current password counts towards the lockout like a failed login. */
        if ((rc = record_failure(r, r->user.id, "PASSWORD_CHANGE_FAILED")) < 0)
            return app_fail(info, rc);
        return gql_resolve_error(info, "UNAUTHENTICATED", "Current password is wrong");
    }
    const char *reason = NULL;
    if (pw_policy_check(username, nxt->u.string.ptr, nxt->u.string.len, &reason) < 0)
        return gql_resolve_error(
            info, "BAD_USER_INPUT", "%s", reason ? reason : "Password is too weak");
    if (cur->u.string.len == nxt->u.string.len &&
        memcmp(cur->u.string.ptr, nxt->u.string.ptr, cur->u.string.len) == 0)
        return gql_resolve_error(
            info, "BAD_USER_INPUT", "The new password must differ from the current one");
    char new_hash[PW_HASH_MAX];
    if (pw_hash(nxt->u.string.ptr, nxt->u.string.len, new_hash) < 0)
        return app_fail(info, WALLET_EINTERNAL_SERVER_ERROR);

    if ((rc = res_begin(r)) < 0)
        return app_fail(info, rc);
    const char *set_params[] = {id, new_hash};
    if ((rc = res_exec(r, &stmt_password_set, set_params, PGRES_COMMAND_OK, &res, NULL)) < 0 ||
        (rc = res_exec(r, &stmt_user_tokens_revoke, params, PGRES_COMMAND_OK, &res, NULL)) < 0 ||
        (rc = audit(r, r->user.id, NULL, "PASSWORD_CHANGE", r->user.id, "{}")) < 0 ||
        (rc = res_commit(r)) < 0) {
        res_rollback(r);
        return app_fail(info, rc);
    }
    *out = gql_val_boolean(true);
    return 0;
}

const struct gql_resolver_binding res_auth_bindings[] = {
    {"Mutation.register", mutation_register, NULL},
    {"Mutation.login", mutation_login, NULL},
    {"Mutation.refreshToken", mutation_refresh_token, NULL},
    {"Mutation.logout", mutation_logout, NULL},
    {"Mutation.changePassword", mutation_change_password, NULL},
};
const size_t res_auth_binding_count = sizeof(res_auth_bindings) / sizeof(res_auth_bindings[0]);
