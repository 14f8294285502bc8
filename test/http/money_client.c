/*
 * Shared support of the money tests over HTTP (see money_client.h).
 */
/* cmocka.h needs these headers first. */
/* clang-format off */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
/* clang-format on */

#include "http/money_client.h"

#include "core/arena.h"
#include "core/money.h"
#include "crypto/init.h"
#include "crypto/seal.h"
#include "http/wallet_api.h"
#include "resolvers/ids.h"

static int
start(struct mc_env *e, const char *const *extra_env, bool own_cluster)
{
    memset(e, 0, sizeof(*e));
    if (wallet_crypto_init() < 0)
        return -1;
    if ((own_cluster ? th_pg_create_own(&e->pg) : th_pg_create(&e->pg)) != 0 ||
        th_walletd_migrate(e->pg.url) != 0)
        return -1;
    const char *env[32] = {
        "WALLET_JWT_SECRET=" MC_JWT_SECRET,
        "WALLET_SEAL_KEY=" MC_SEAL_KEY,
        "WALLET_RATE_LIMIT_RPS=0",
        "WALLET_TRANSFER_VELOCITY=0",
    };
    size_t n = 4;
    for (size_t i = 0; extra_env != NULL && extra_env[i] != NULL && n < 31; i++)
        env[n++] = extra_env[i];
    env[n] = NULL;
    return th_walletd_start(&e->w, e->pg.url, env);
}

int
mc_start(struct mc_env *e, const char *const *extra_env)
{
    return start(e, extra_env, false);
}

int
mc_start_own(struct mc_env *e, const char *const *extra_env)
{
    return start(e, extra_env, true);
}

void
mc_stop(struct mc_env *e)
{
    int rc = th_walletd_stop(&e->w, 15000);
    th_pg_destroy(&e->pg);
    if (rc != 0)
        fprintf(stderr, "money tests: walletd exited with %d (log %s)\n", rc, e->w.log_path);
}

void
mc_user(struct mc_env *e, struct mc_user *u, const char *name, const char *role)
{
    memset(u, 0, sizeof(*u));
    snprintf(u->name, sizeof(u->name), "%s", name);
    u->id = th_pg_create_user(&e->pg, name, role);
    if (u->id <= 0)
        fail_msg("cannot create user %s", name);
    th_token(MC_JWT_SECRET, u->id, role, 3600, u->token);
}

static void
gid_of(enum res_id_type type, long id, char gid[64])
{
    struct arena a;
    arena_init(&a, 0);
    snprintf(gid, 64, "%s", res_id_encode(&a, type, id));
    arena_free(&a);
}

void
mc_account_gid(long id, char gid[64])
{
    gid_of(RES_ID_ACCOUNT, id, gid);
}

void
mc_transfer_gid(long id, char gid[64])
{
    gid_of(RES_ID_TRANSFER, id, gid);
}

long
mc_account(struct mc_env *e,
           const struct mc_user *u,
           const char *type,
           long long credit_limit,
           const char *currency,
           char gid[64])
{
    static unsigned counter;
    long id =
        (long)mc_sql_int(e,
                         "INSERT INTO accounts (user_id, type, currency, number, credit_limit) "
                         "VALUES (%ld, '%s', '%s', '8' || lpad('%u', 11, '0'), %lld) "
                         "RETURNING id",
                         u->id,
                         type,
                         currency ? currency : "INR",
                         ++counter,
                         credit_limit);
    if (gid != NULL)
        mc_account_gid(id, gid);
    return id;
}

/* A value sealed for user_id's field as bytea hex text "\x..." (out holds 256 bytes). */
static void
sealed_hex(
    const struct seal_keyring *kr, long user_id, enum seal_field field, const char *pt, char *out)
{
    char uid[24];
    snprintf(uid, sizeof(uid), "%ld", user_id);
    unsigned char blob[96];
    size_t len;
    uint32_t key_id;
    if (seal_encrypt(kr,
                     uid,
                     field,
                     NULL,
                     (const unsigned char *)pt,
                     strlen(pt),
                     blob,
                     sizeof(blob),
                     &len,
                     &key_id) != SEAL_OK)
        fail_msg("cannot seal a test value");
    strcpy(out, "\\x");
    for (size_t i = 0; i < len; i++)
        snprintf(out + 2 + 2 * i, 3, "%02x", blob[i]);
}

void
mc_kyc_verified(struct mc_env *e, long user_id)
{
    /* Sealed under walletd's key, which it checks at start by opening some of them. */
    struct seal_keyring *kr;
    const char *why;
    if (seal_keyring_from_base64(MC_SEAL_KEY, NULL, &kr, &why) < 0)
        fail_msg("test seal key: %s", why);
    unsigned long key_id = seal_current_key_id(kr);
    char aadhaar[256], document[256];
    sealed_hex(kr, user_id, SEAL_FIELD_AADHAAR, "234567890124", aadhaar);
    sealed_hex(kr, user_id, SEAL_FIELD_DOCUMENT, "ABCPE1234F", document);
    seal_keyring_free(kr);
    mc_sql(e,
           "INSERT INTO kyc_profiles (user_id, status, aadhaar_ciphertext, aadhaar_key_id, "
           "aadhaar_last4, aadhaar_blind_index, document_type, document_ciphertext, "
           "document_key_id, document_last4, submitted_at, reviewed_at) VALUES (%ld, 'VERIFIED', "
           "'%s', %lu, '0124', sha256(convert_to('kyc-%ld', 'UTF8')), 'PAN', '%s', %lu, '234F', "
           "now(), now())",
           user_id,
           aadhaar,
           key_id,
           user_id,
           document,
           key_id);
}

json_t *
mc_gql(const struct mc_env *e,
       const char *token,
       const char *headers,
       const char *query,
       const char *variables,
       int *status,
       char **raw)
{
    json_error_t err;
    json_t *vars = json_object();
    if (variables) {
        json_decref(vars);
        vars = json_loads(variables, 0, &err);
        if (vars == NULL)
            fail_msg("bad variables in the test: %s (%s)", variables, err.text);
    }
    return wa_gql_ex(e->w.port, token, headers, query, vars, status, raw);
}

json_t *
mc_data(json_t *resp, const char *path)
{
    return wa_data(resp, path);
}

const char *
mc_str(json_t *resp, const char *path)
{
    return wa_str(resp, path);
}

const char *
mc_code(json_t *resp)
{
    return wa_code(resp);
}

void
mc_ok(json_t *resp)
{
    json_t *errors = json_object_get(resp, "errors");
    if (errors != NULL) {
        char *s = json_dumps(resp, JSON_COMPACT);
        fail_msg("unexpected errors: %s", s);
    }
}

void
mc_expect_code(json_t *resp, const char *code)
{
    const char *got = mc_code(resp);
    if (got == NULL || strcmp(got, code) != 0) {
        char *s = json_dumps(resp, JSON_COMPACT);
        fail_msg("expected %s, got: %s", code, s);
    }
}

long long
mc_minor(const char *money)
{
    int64_t v;
    if (money == NULL || money_parse_signed(money, strlen(money), &v) < 0)
        fail_msg("not a Money value: %s", money ? money : "(null)");
    return (long long)v;
}

void
mc_deposit(struct mc_env *e,
           const struct mc_user *admin,
           const char *gid,
           const char *amount,
           char transfer_gid[64])
{
    static unsigned counter;
    char vars[512];
    snprintf(vars,
             sizeof(vars),
             "{\"a\":\"%s\",\"m\":\"%s\",\"k\":\"mc-deposit-%u\"}",
             gid,
             amount,
             ++counter);
    json_t *r = mc_gql(e,
                       admin->token,
                       NULL,
                       "mutation($a:ID!,$m:Money!,$k:String){deposit(input:{accountId:$a,amount:$m,"
                       "idempotencyKey:$k}){id status}}",
                       vars,
                       NULL,
                       NULL);
    mc_ok(r);
    assert_string_equal(mc_str(r, "deposit.status"), "COMPLETED");
    if (transfer_gid != NULL)
        snprintf(transfer_gid, 64, "%s", mc_str(r, "deposit.id"));
    json_decref(r);
}

void
mc_party(struct mc_env *e,
         const struct mc_user *admin,
         struct mc_party *p,
         const char *name,
         const char *balance)
{
    mc_user(e, &p->u, name, "USER");
    p->account = mc_account(e, &p->u, "CHECKING", 0, NULL, p->gid);
    if (balance != NULL)
        mc_deposit(e, admin, p->gid, balance, NULL);
}

static char *
vformat(const char *fmt, va_list ap)
{
    va_list again;
    va_copy(again, ap);
    int n = vsnprintf(NULL, 0, fmt, ap);
    char *s = n >= 0 ? malloc((size_t)n + 1) : NULL;
    if (s == NULL)
        fail_msg("out of memory");
    vsnprintf(s, (size_t)n + 1, fmt, again);
    va_end(again);
    return s;
}

long long
mc_sql_int(struct mc_env *e, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char *sql = vformat(fmt, ap);
    va_end(ap);
    char out[128];
    if (th_pg_value(&e->pg, sql, out, sizeof(out)) != 0 || out[0] == '\0')
        fail_msg("query failed: %s", sql);
    free(sql);
    return atoll(out);
}

void
mc_sql(struct mc_env *e, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char *sql = vformat(fmt, ap);
    va_end(ap);
    if (th_pg_sql(&e->pg, sql) != 0)
        fail_msg("statement failed: %s", sql);
    free(sql);
}

long long
mc_balance(struct mc_env *e, long account)
{
    return mc_sql_int(e, "SELECT balance FROM accounts WHERE id = %ld", account);
}

long long
mc_transfer_count(struct mc_env *e)
{
    return mc_sql_int(e, "SELECT count(*) FROM transfers");
}

void
mc_check_invariants(struct mc_env *e, const struct mc_user *admin)
{
    assert_int_equal(mc_sql_int(e, "SELECT coalesce(sum(balance), 0) FROM accounts"), 0);
    assert_int_equal(mc_sql_int(e,
                                "SELECT count(*) FROM accounts a WHERE a.balance <> (SELECT "
                                "coalesce(sum(l.amount), 0) FROM ledger_entries l WHERE "
                                "l.account_id = a.id)"),
                     0);
    assert_int_equal(mc_sql_int(e,
                                "SELECT count(*) FROM accounts WHERE balance < -credit_limit AND "
                                "system_role IS DISTINCT FROM 'FUNDING'"),
                     0);
    assert_int_equal(mc_sql_int(e,
                                "SELECT count(*) FROM transfers t WHERE (SELECT "
                                "coalesce(sum(l.amount), 0) FROM ledger_entries l WHERE "
                                "l.transfer_id = t.id) <> 0 OR (SELECT count(*) FROM "
                                "ledger_entries l WHERE l.transfer_id = t.id) NOT IN (2, 4)"),
                     0);
    json_t *r = mc_gql(e, admin->token, NULL, "{verifyAuditLog{ok}}", NULL, NULL, NULL);
    mc_ok(r);
    assert_true(json_is_true(mc_data(r, "verifyAuditLog.ok")));
    json_decref(r);
}
